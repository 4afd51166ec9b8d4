/** The rule the editor posted (JSON in `rule`); core validates it. Unreadable JSON is a translated 400. */
import { DomainError } from "@qudao/core/server";

export function submittedRule<T>(form: FormData): T {
  const raw = form.get("rule");
  try {
    if (typeof raw !== "string") throw new Error("missing");
    return JSON.parse(raw) as T;
  } catch {
    throw new DomainError("VALIDATION_FAILED", { i18nKey: "automation.errors.badSubmission" });
  }
}
