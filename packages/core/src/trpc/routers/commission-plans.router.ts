import { z } from "zod";
import {
  activateCommissionPlan,
  createCommissionPlan,
  getCommissionPlan,
  listCommissionPlans,
  updateCommissionPlan,
  withdrawCommissionPlan,
  previewCommissionRules,
  listPluginRuleTypes,
  ZPluginRuleType,
  ZRatePreview,
  ZRatePreviewInput,
  ZCommissionPlan,
  ZCommissionPlanFields,
  ZCommissionPlanListInput,
  ZCommissionPlanPatchFields,
} from "../../modules/commissions/index.ts";
import { platformProcedure, router } from "../init.ts";

/** The platform's commission plan versions (finance and admins): drafts, activation, withdrawal. */
export const commissionPlansRouter = router({
  list: platformProcedure("admin", "finance")
    .meta({ openapi: { method: "GET", path: "/commission-plans", tags: ["commissions"], protect: true, summary: "Commission plan versions, newest first" } })
    .input(ZCommissionPlanListInput)
    .output(z.object({ items: z.array(ZCommissionPlan), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listCommissionPlans(ctx.actor, input)),
  preview: platformProcedure("admin", "finance")
    .meta({ openapi: { method: "POST", path: "/commission-plans/preview", tags: ["commissions"], protect: true, summary: "The rate each partner tier gets per category under these rules (nothing is saved)" } })
    .input(ZRatePreviewInput)
    .output(ZRatePreview)
    .mutation(({ ctx, input }) => previewCommissionRules(ctx.actor, input)),
  get: platformProcedure("admin", "finance")
    .meta({ openapi: { method: "GET", path: "/commission-plans/{id}", tags: ["commissions"], protect: true } })
    .input(z.object({ id: z.string() }))
    .output(ZCommissionPlan)
    .query(({ ctx, input }) => getCommissionPlan(ctx.actor, input.id)),
  create: platformProcedure("admin", "finance")
    .meta({ openapi: { method: "POST", path: "/commission-plans", tags: ["commissions"], protect: true, summary: "A new plan version (a draft until activated)" }, successStatus: 201 })
    .input(ZCommissionPlanFields)
    .output(ZCommissionPlan)
    .mutation(({ ctx, input }) => createCommissionPlan(ctx.actor, input)),
  update: platformProcedure("admin", "finance")
    .meta({ openapi: { method: "PATCH", path: "/commission-plans/{id}", tags: ["commissions"], protect: true, summary: "Change a draft version (active ones never change)" } })
    .input(ZCommissionPlanPatchFields.extend({ id: z.string() }))
    .output(ZCommissionPlan)
    .mutation(({ ctx, input: { id, ...patch } }) => updateCommissionPlan(ctx.actor, id, patch)),
  activate: platformProcedure("admin", "finance")
    .meta({ openapi: { method: "POST", path: "/commission-plans/{id}/activate", tags: ["commissions"], protect: true, summary: "Put a draft in force from its effectiveFrom" } })
    .input(z.object({ id: z.string() }))
    .output(ZCommissionPlan)
    .mutation(({ ctx, input }) => activateCommissionPlan(ctx.actor, input.id)),
  pluginRuleTypes: platformProcedure("admin", "finance")
    .meta({ openapi: { method: "GET", path: "/commission-rule-types", tags: ["commissions"], protect: true, summary: "Commission rule types of the plugins installed platform-wide, for a plan's pluginRules" } })
    .input(z.object({}).optional())
    .output(z.array(ZPluginRuleType))
    .query(({ ctx }) => listPluginRuleTypes(ctx.actor)),
  withdraw: platformProcedure("admin", "finance")
    .meta({ openapi: { method: "POST", path: "/commission-plans/{id}/withdraw", tags: ["commissions"], protect: true, summary: "Withdraw an active version that has not started yet" } })
    .input(z.object({ id: z.string() }))
    .output(ZCommissionPlan)
    .mutation(({ ctx, input }) => withdrawCommissionPlan(ctx.actor, input.id)),
});
