/** The plugin rules form of a plan version (ADR 025): a submitted rule as the API takes it, and core's errors placed under its controls. */
import { pluginSettingsSubmission } from "@qudao/ui/plugin-settings.server";
import { paramControl, type PluginRuleError, type PluginRuleView, type RuleTypeView } from "~/components/plugin-rules-editor";

/** The plan's plugin rules as stored (rules JSON is the API's; anything else is left out). */
export function pluginRulesOf(rules: unknown): PluginRuleView[] {
  const list = rules && typeof rules === "object" && Array.isArray((rules as { pluginRules?: unknown }).pluginRules) ? ((rules as { pluginRules: unknown[] }).pluginRules) : [];
  return list.flatMap((entry) => {
    if (!entry || typeof entry !== "object") return [];
    const rule = entry as Record<string, unknown>;
    return typeof rule.type === "string" ? [{ type: rule.type, window: rule.window === "quarter" ? "quarter" : "month", params: (rule.params ?? {}) as Record<string, unknown> }] : [];
  });
}

/** The add form of one rule type: the rule to append, and what was typed (to show it again after an error). */
export function pluginRuleSubmission(form: FormData, ruleType: RuleTypeView): { rule: { type: string; window: "month" | "quarter"; params: Record<string, unknown> }; typed: Record<string, string>; window: string } {
  const controls = ruleType.params.map(paramControl);
  const { settings, typed } = pluginSettingsSubmission(form, controls);
  const window = String(form.get("window") ?? "month");
  return { rule: { type: ruleType.type, window: window === "quarter" ? "quarter" : "month", params: settings }, typed, window };
}

/**
 * Core's answer to saving the rules with the new one at `index`, as the add form shows it: its
 * params' problems under their controls, anything else about it (or the rest of the rules) as the
 * form's message.
 */
export function pluginRuleError(type: string, index: number, feedback: { message: string; fields: Record<string, string> }, typed: Record<string, string>, window: string): PluginRuleError {
  const prefix = `rules.pluginRules.${index}.params.`;
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const [path, message] of Object.entries(feedback.fields)) {
    if (path.startsWith(prefix)) fields[`settings.${path.slice(prefix.length)}`] = message;
    else other.push(message);
  }
  const message = other.length > 0 ? other.join(" ") : Object.keys(fields).length > 0 ? "" : feedback.message;
  return { type, message, fields, typed, window };
}
