/** Commissions (issue 5): the pure engine. Services and repositories join here as they are written. */
export * from "./commission.schemas.ts";
export * from "./commission.rules.ts";
export * from "./periods.rules.ts";
export * from "./statement-status.rules.ts";
export * from "./commission-plans.schemas.ts";
export { listCommissionPlans, getCommissionPlan, createCommissionPlan, updateCommissionPlan, activateCommissionPlan, withdrawCommissionPlan, previewCommissionRules } from "./commission-plans.service.ts";
export * from "./statements.schemas.ts";
export { listStatements, getStatement, listStatementLines, issueStatement, confirmStatement, approveStatement } from "./statements.service.ts";
export { startStatementRun, getJob, listRuns, executeStatementRun, toJob } from "./statement-run.service.ts";
export { generatePartnerStatement, computePartnerLines, bookAdjustment, loadPlanVersions, generationContext, partnersToGenerate, currentPeriod } from "./statement-generation.service.ts";
export { notifyStatementIssued, notifyStatementApproved } from "./statement-issued.consumer.ts";
