/** Commissions (issue 5): the pure engine. Services and repositories join here as they are written. */
export * from "./commission.schemas.ts";
export * from "./commission.rules.ts";
export * from "./periods.rules.ts";
export * from "./statement-status.rules.ts";
export * from "./commission-plans.schemas.ts";
export { listCommissionPlans, getCommissionPlan, createCommissionPlan, updateCommissionPlan, activateCommissionPlan, withdrawCommissionPlan, previewCommissionRules } from "./commission-plans.service.ts";
