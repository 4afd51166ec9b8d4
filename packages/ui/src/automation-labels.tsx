/** How a rule and a run read in lists: trigger, actions, outcome — all from i18n keys core returns. */
import type { TFunction } from "i18next";
import { localized, type LocalizedText } from "./plugin-texts.ts";

/** A rule's plugin trigger as core describes it: labels from the plugin's manifest, and whether it can fire now. */
export type RulePluginTrigger = { pluginId: string; pluginName: LocalizedText | null; label: LocalizedText | null; available: boolean };

type RuleSummary = {
  name: string;
  nameKey: string | null;
  trigger: { type: "event"; event: string } | { type: "schedule"; cron: string; subject: string } | null;
  pluginTrigger?: RulePluginTrigger | null;
  conditions: unknown[];
  actions: Array<{ type: string }>;
};
type RunSummary = { error: string | null; errorParams: Record<string, string>; outcomes: Array<{ key: string; params: Record<string, string> }> };

export function ruleName(t: TFunction, rule: { name: string; nameKey: string | null }): string {
  return rule.nameKey ? t(rule.nameKey) : rule.name;
}

export function runRuleName(t: TFunction, run: { ruleName: string; ruleNameKey: string | null }): string {
  return run.ruleNameKey ? t(run.ruleNameKey) : run.ruleName;
}

/** A plugin trigger's label in `locale`, and its plugin's name (the event and the plugin id when no manifest is left to name them). */
export function pluginTriggerNames(trigger: RulePluginTrigger, event: string, locale: string): { label: string; plugin: string } {
  return { label: localized(trigger.label, locale) || event, plugin: localized(trigger.pluginName, locale) || trigger.pluginId };
}

/** `locale` is the page's language: a plugin trigger is named in it from the plugin's manifest. */
export function triggerText(t: TFunction, rule: RuleSummary, locale: string): string {
  if (!rule.trigger) return t("automation.ui.invalidBadge");
  if (rule.trigger.type === "event" && rule.pluginTrigger) return t("automationPlugins.ui.triggerPlugin", pluginTriggerNames(rule.pluginTrigger, rule.trigger.event, locale));
  return rule.trigger.type === "event"
    ? t("automation.ui.triggerEvent", { event: t(`automation.event.${rule.trigger.event}`) })
    : t("automation.ui.triggerSchedule", { cron: rule.trigger.cron, subject: t(`automation.scheduleSubject.${rule.trigger.subject}`) });
}

export function conditionsText(t: TFunction, rule: RuleSummary): string {
  return rule.conditions.length === 0 ? t("automation.ui.noConditions") : t("automation.ui.conditionCount", { count: rule.conditions.length });
}

export function actionsText(t: TFunction, rule: RuleSummary): string {
  return rule.actions.map((a) => t(`automation.actionType.${a.type}`)).join("、");
}

export function runText(t: TFunction, run: RunSummary): string {
  if (run.error) return t(run.error, run.errorParams);
  return run.outcomes.map((o) => t(o.key, o.params)).join("；");
}
