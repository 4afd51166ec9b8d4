/**
 * Why a rule's run failed, as an i18n key (+ params) stored on the AutomationRun, so each reader sees
 * it in their language. Thrown inside a run's transaction, which then rolls back.
 */
export class RuleRunError extends Error {
  readonly key: string;
  readonly params: Record<string, string>;

  constructor(key: string, params: Record<string, string> = {}) {
    super(key);
    this.name = "RuleRunError";
    this.key = key;
    this.params = params;
  }
}
