/** Plugin settings from a listing (loose JSON) and from a submitted form. Core checks the values. */
import { ZSettingDefinition } from "@qudao/plugins/manifest";
import type { PluginSetting } from "./plugin-settings.tsx";

/** The settings a listing declares, read with the manifest's own schema. */
export function pluginSettingDefinitions(raw: unknown): PluginSetting[] {
  return ZSettingDefinition.array().parse(raw ?? []);
}

/**
 * The submitted `setting.<key>` controls: `settings` for core (a box is true or false; a blank text
 * is left out, so the plugin's default applies) and `typed` to refill the form after an error.
 */
export function pluginSettingsSubmission(form: FormData, settings: ReadonlyArray<PluginSetting>): { settings: Record<string, unknown>; typed: Record<string, string> } {
  const out: Record<string, unknown> = {};
  const typed: Record<string, string> = {};
  for (const setting of settings) {
    const name = `setting.${setting.key}`;
    if (setting.type === "boolean") {
      out[setting.key] = form.has(name);
      typed[setting.key] = form.has(name) ? "true" : "";
      continue;
    }
    const value = form.get(name);
    const text = typeof value === "string" ? value : "";
    typed[setting.key] = text;
    if (text.trim() !== "") out[setting.key] = text;
  }
  return { settings: out, typed };
}
