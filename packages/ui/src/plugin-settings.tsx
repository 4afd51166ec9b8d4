/**
 * A plugin's settings (`manifest.settings`) as form controls, on the consent screen and on the
 * installed plugin's page. Controls are named `setting.<key>`; core checks the values and answers per
 * `settings.<key>`, shown under that control.
 */
import { useTranslation } from "react-i18next";
import type { FormClassNames } from "./automation-rule-editor.tsx";
import { usePluginText, type LocalizedText } from "./plugin-texts.ts";

export type PluginSetting = {
  key: string;
  type: "text" | "integer" | "decimal" | "boolean" | "select";
  label: LocalizedText;
  help?: LocalizedText | undefined;
  default?: string | number | boolean | undefined;
  options?: ReadonlyArray<{ value: string; label: LocalizedText }> | undefined;
  required?: boolean | undefined;
};

/** What each setting's control shows: the saved value, else the plugin's default. */
export function settingsFormValues(settings: ReadonlyArray<PluginSetting>, saved: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    settings.map((s) => {
      const value = s.key in saved ? saved[s.key] : s.default;
      if (s.type === "boolean") return [s.key, value === true ? "true" : ""];
      return [s.key, value === null || value === undefined ? "" : String(value)];
    }),
  );
}

export function PluginSettingsFields({
  settings,
  values,
  errors,
  classNames,
  readOnly = false,
}: {
  settings: ReadonlyArray<PluginSetting>;
  /** By key, as `settingsFormValues` (or the failed submission) gives them. */
  values: Record<string, string>;
  /** By core's path (`settings.<key>`). */
  errors: Record<string, string>;
  classNames: FormClassNames;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const text = usePluginText();
  return (
    <>
      {settings.map((setting) => {
        const id = `plugin-setting-${setting.key}`;
        const name = `setting.${setting.key}`;
        const error = errors[`settings.${setting.key}`];
        const help = setting.help ? text(setting.help) : "";
        const describedBy = [error ? `${id}-error` : null, help ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
        const wiring = { id, name, disabled: readOnly, "aria-invalid": error ? (true as const) : undefined, "aria-describedby": describedBy };
        const value = values[setting.key] ?? "";
        const label = (
          <>
            {text(setting.label)}
            {setting.required ? (
              <abbr className="plugin-required" title={t("pluginRecords.form.required")}>
                *
              </abbr>
            ) : null}
          </>
        );
        return (
          <div key={setting.key} className={`${error ? classNames.fieldWithError : classNames.field} plugin-field`} data-setting={setting.key}>
            {setting.type === "boolean" ? (
              <span className="plugin-check">
                <input {...wiring} type="checkbox" value="true" defaultChecked={value === "true"} />
                <label htmlFor={id}>{label}</label>
              </span>
            ) : (
              <>
                <label htmlFor={id}>{label}</label>
                {setting.type === "select" ? (
                  <select {...wiring} defaultValue={value}>
                    <option value="">{t("pluginRecords.form.choose")}</option>
                    {(setting.options ?? []).map((o) => (
                      <option key={o.value} value={o.value}>
                        {text(o.label)}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input {...wiring} type="text" inputMode={setting.type === "integer" ? "numeric" : setting.type === "decimal" ? "decimal" : undefined} autoComplete="off" defaultValue={value} />
                )}
              </>
            )}
            {error ? (
              <p id={`${id}-error`} className="field-error">
                {error}
              </p>
            ) : null}
            {help ? (
              <p id={`${id}-hint`} className={classNames.hint}>
                {help}
              </p>
            ) : null}
          </div>
        );
      })}
    </>
  );
}
