export {
  listRules,
  getRule,
  createRule,
  updateRule,
  setRuleEnabled,
  deleteRule,
  listRuns,
  automationCatalog,
} from "./automation.service.ts";
export { runEventRules, runScheduledRules } from "./rule-engine.service.ts";
export { automationConsumersFor } from "./automation-event.consumer.ts";
export { DORMANT_CUSTOMER_RETURNS_RULE_ID } from "./automation.rules.ts";
export * from "./automation.schemas.ts";
