import { z } from "zod";
import {
  approveStatement,
  confirmStatement,
  getJob,
  getStatement,
  issueStatement,
  listRuns,
  listStatementLines,
  listStatements,
  startStatementRun,
  ZGenerateInput,
  ZJob,
  ZJobAccepted,
  ZPeriod,
  ZStatement,
  ZStatementLine,
  ZStatementLinesInput,
  ZStatementListInput,
  ZStatementSummary,
} from "../../modules/commissions/index.ts";
import { authedProcedure, partnerProcedure, platformProcedure, router } from "../init.ts";

/**
 * Commission statements: finance generates (a background job), issues and approves; a partner's
 * admins and managers read their own, and its admin confirms.
 */
export const statementsRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/statements", tags: ["statements"], protect: true, summary: "Statements visible to the caller (a partner: its own), newest first" } })
    .input(ZStatementListInput)
    .output(z.object({ items: z.array(ZStatementSummary), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listStatements(ctx.actor, input)),
  get: authedProcedure
    .meta({ openapi: { method: "GET", path: "/statements/{id}", tags: ["statements"], protect: true, summary: "A statement with every line and what explains it" } })
    .input(z.object({ id: z.string() }))
    .output(ZStatement)
    .query(({ ctx, input }) => getStatement(ctx.actor, input.id)),
  lines: authedProcedure
    .meta({ openapi: { method: "GET", path: "/statements/{id}/lines", tags: ["statements"], protect: true, summary: "A page of a statement's lines, optionally of one kind" } })
    .input(ZStatementLinesInput)
    .output(z.object({ items: z.array(ZStatementLine), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listStatementLines(ctx.actor, input)),
  generate: platformProcedure("admin", "finance")
    .meta({
      openapi: { method: "POST", path: "/statements/generate", tags: ["statements"], protect: true, summary: "Generate (or regenerate) every partner's statement for a period in the background; 202 with the job id" },
      successStatus: 202,
    })
    .input(ZGenerateInput)
    .output(ZJobAccepted)
    .mutation(({ ctx, input }) => startStatementRun(ctx.actor, input)),
  runs: platformProcedure("admin", "finance")
    .meta({ openapi: { method: "GET", path: "/statement-runs", tags: ["statements"], protect: true, summary: "Recent generation runs (of a period)" } })
    .input(z.object({ period: ZPeriod.optional() }))
    .output(z.array(ZJob))
    .query(({ ctx, input }) => listRuns(ctx.actor, input.period, ctx.locale)),
  issue: platformProcedure("admin", "finance")
    .meta({ openapi: { method: "POST", path: "/statements/{id}/issue", tags: ["statements"], protect: true, summary: "Send a draft statement to the partner" } })
    .input(z.object({ id: z.string() }))
    .output(ZStatementSummary)
    .mutation(({ ctx, input }) => issueStatement(ctx.actor, input.id)),
  confirm: partnerProcedure("admin")
    .meta({ openapi: { method: "POST", path: "/statements/{id}/confirm", tags: ["statements"], protect: true, summary: "The partner's admin agrees to an issued statement" } })
    .input(z.object({ id: z.string() }))
    .output(ZStatementSummary)
    .mutation(({ ctx, input }) => confirmStatement(ctx.actor, input.id)),
  approve: platformProcedure("admin", "finance")
    .meta({ openapi: { method: "POST", path: "/statements/{id}/approve", tags: ["statements"], protect: true, summary: "Approve a confirmed statement; it is locked from then on" } })
    .input(z.object({ id: z.string() }))
    .output(ZStatementSummary)
    .mutation(({ ctx, input }) => approveStatement(ctx.actor, input.id)),
});

export const jobsRouter = router({
  get: platformProcedure("admin", "finance")
    .meta({ openapi: { method: "GET", path: "/jobs/{id}", tags: ["statements"], protect: true, summary: "A background job's status and progress" } })
    .input(z.object({ id: z.string() }))
    .output(ZJob)
    .query(({ ctx, input }) => getJob(ctx.actor, input.id, ctx.locale)),
});
