import { z } from "zod";
import {
  getPlanSimulation,
  getReconciliation,
  listPlanSimulations,
  listReconciliationRows,
  startPlanSimulation,
  ZJobAccepted,
  ZPeriod,
  ZPlanSimulation,
  ZReconciliation,
  ZReconciliationLinesInput,
  ZReconciliationRow,
} from "../../modules/commissions/index.ts";
import { platformProcedure, router } from "../init.ts";

/** A period's reconciliation (finance): figures, checks, and the lists behind every figure. */
export const reconciliationRouter = router({
  get: platformProcedure("admin", "finance")
    .meta({ openapi: { method: "GET", path: "/reconciliation/{period}", tags: ["reconciliation"], protect: true, summary: "A period's orders, lines, statements and payouts, with every difference explained" } })
    .input(z.object({ period: ZPeriod }))
    .output(ZReconciliation)
    .query(({ ctx, input }) => getReconciliation(ctx.actor, input.period, ctx.locale)),
  lines: platformProcedure("admin", "finance")
    .meta({ openapi: { method: "GET", path: "/reconciliation/{period}/lines", tags: ["reconciliation"], protect: true, summary: "The rows behind a figure or a finding: lines, refunds, statements, payouts, or an issue's list" } })
    .input(ZReconciliationLinesInput)
    .output(z.object({ items: z.array(ZReconciliationRow), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listReconciliationRows(ctx.actor, input, ctx.locale)),
});

/** Simulating a plan version over a past period before activating it. */
export const planSimulationsRouter = router({
  start: platformProcedure("admin", "finance")
    .meta({
      openapi: { method: "POST", path: "/commission-plans/{id}/simulate", tags: ["commissions"], protect: true, summary: "Simulate this version over a past or the current period, per partner, in the background; 202 with the job id" },
      successStatus: 202,
    })
    .input(z.object({ id: z.string(), period: ZPeriod }))
    .output(ZJobAccepted)
    .mutation(({ ctx, input }) => startPlanSimulation(ctx.actor, input.id, { period: input.period })),
  get: platformProcedure("admin", "finance")
    .meta({ openapi: { method: "GET", path: "/commission-plans/{id}/simulations/{runId}", tags: ["commissions"], protect: true, summary: "A simulation's progress, then current vs simulated commission per partner" } })
    .input(z.object({ id: z.string(), runId: z.string() }))
    .output(ZPlanSimulation)
    .query(({ ctx, input }) => getPlanSimulation(ctx.actor, input.id, input.runId, ctx.locale)),
  list: platformProcedure("admin", "finance")
    .meta({ openapi: { method: "GET", path: "/commission-plans/{id}/simulations", tags: ["commissions"], protect: true, summary: "The version's latest simulations, newest first" } })
    .input(z.object({ id: z.string() }))
    .output(z.array(ZPlanSimulation))
    .query(({ ctx, input }) => listPlanSimulations(ctx.actor, input.id, ctx.locale)),
});
