/** The plan form's fields → the API's input: the start as an instant in the platform's zone, the rules as JSON. */
import { DEFAULT_PLATFORM_TIME_ZONE, instantToLocalDateTime, localDateTimeToInstant } from "@qudao/core/schemas";
import { i18nFor } from "~/i18n";
import type { Locale } from "@qudao/core/i18n";

export const PLAN_TIME_ZONE = DEFAULT_PLATFORM_TIME_ZONE;

export type PlanFormValues = { name: string; note: string; effectiveFrom: string; rules: string };

export function planFormValues(form: FormData): PlanFormValues {
  const text = (name: string) => String(form.get(name) ?? "");
  return { name: text("name"), note: text("note"), effectiveFrom: text("effectiveFrom"), rules: text("rules") };
}

/** Parsed input, or the field error for rules that are not JSON (nothing is sent then). */
export function planInput(values: PlanFormValues, locale: Locale): { ok: true; input: { name: string; note: string | null; effectiveFrom: string; rules: unknown } } | { ok: false; fields: Record<string, string> } {
  let rules: unknown;
  try {
    rules = JSON.parse(values.rules);
  } catch (error) {
    const t = i18nFor(locale).t;
    return { ok: false, fields: { rules: t("commissions.plans.form.rulesInvalidJson", { problem: (error as Error).message }) } };
  }
  const instant = values.effectiveFrom.trim() ? localDateTimeToInstant(values.effectiveFrom, PLAN_TIME_ZONE) : null;
  return { ok: true, input: { name: values.name, note: values.note.trim() || null, effectiveFrom: instant?.toISOString() ?? values.effectiveFrom, rules } };
}

/** A saved version as form values. */
export function planValues(plan: { name: string; note: string | null; effectiveFrom: string | Date; rules: unknown }): PlanFormValues {
  return { name: plan.name, note: plan.note ?? "", effectiveFrom: instantToLocalDateTime(new Date(plan.effectiveFrom), PLAN_TIME_ZONE), rules: JSON.stringify(plan.rules, null, 2) };
}
