/**
 * Statement generation runs (POST /statements/generate → GET /jobs/{id}): a run row is the job's
 * record (status, progress per partner, counts), the BullMQ job carries only its id. Executing a run
 * visits every partner with orders or statements, one transaction each, and records progress after
 * each, so a run killed halfway shows how far it got and, when taken up again, finishes with the same
 * lines (statement-generation.service.ts writes by key).
 */
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db, runAsSystem, type CommissionRun } from "../../db/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { translator, type Locale } from "../../i18n/index.ts";
import { enqueueStatementRun } from "../../jobs/statement.job.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { ZId } from "../shared.schemas.ts";
import { generatePartnerStatement, generationContext, loadPlanVersions, partnersToGenerate, currentPeriod } from "./statement-generation.service.ts";
import { executePlanSimulation } from "./plan-simulation.service.ts";
import { isPluginRuleFailure } from "./plugin-rules.service.ts";
import { ZGenerateInput, type TGenerateInput, type TJob, type TJobAccepted } from "./statements.schemas.ts";

/** A partner whose statement a plugin rule kept from being generated, as the run's summary keeps it. */
export type PluginRuleFailureRow = { partnerId: string; messageKey: string; params: Record<string, string | number> };

/** The summary as the caller reads it: each plugin rule failure also said in the caller's language. */
function summaryIn(summary: unknown, locale: Locale): Record<string, unknown> {
  const out = { ...((summary ?? {}) as Record<string, unknown>) };
  if (Array.isArray(out.pluginFailures)) {
    const t = translator(locale);
    out.pluginFailures = (out.pluginFailures as PluginRuleFailureRow[]).map((row) => ({ ...row, message: String(t(row.messageKey, row.params)) }));
  }
  return out;
}

export function toJob(run: CommissionRun, locale: Locale): TJob {
  const t = translator(locale);
  return {
    id: run.id,
    type: run.kind === "simulate" ? "plan_simulation" : "statement_generation",
    status: run.status,
    period: run.period,
    progress: { done: run.processedPartners, total: run.totalPartners, percent: run.totalPartners === 0 ? (run.status === "completed" ? 100 : 0) : Math.floor((run.processedPartners * 100) / run.totalPartners) },
    result: { linesCreated: run.linesCreated, linesUpdated: run.linesUpdated, linesRemoved: run.linesRemoved, summary: summaryIn(run.summary, locale) },
    failure: run.failure ? String(t(run.failure)) : null,
    attempts: run.attempts,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}

/**
 * Queue a generation run for a period (not a future one). A run for the same period that is still
 * queued or running is answered instead of a second one: regenerating is idempotent anyway, and two
 * at once would only wait on each other's partner locks.
 */
export async function startStatementRun(actor: Actor, rawInput: TGenerateInput, now = new Date()): Promise<TJobAccepted> {
  requirePermission(actor, "statement:manage");
  const { period } = ZGenerateInput.parse(rawInput);
  if (period > currentPeriod(now)) throw new DomainError("VALIDATION_FAILED", { details: [{ path: "period", message: "commissions.errors.periodInFuture" }] });
  const pending = await db.commissionRun.findFirst({ where: { period, kind: "generate", status: { in: ["queued", "running"] } }, orderBy: { createdAt: "desc" } });
  if (pending) return { jobId: pending.id, status: pending.status, period };
  const run = await db.$transaction(async (tx) => {
    const created = await tx.commissionRun.create({ data: { period, kind: "generate", requestedById: actor.kind === "platform" ? actor.userId : null } });
    await recordAudit(tx, actor, { action: "statement_run.requested", entityType: "CommissionRun", entityId: created.id, after: { period } });
    return created;
  });
  await enqueueStatementRun({ runId: run.id });
  return { jobId: run.id, status: run.status, period };
}

export async function getJob(actor: Actor, id: string, locale: Locale): Promise<TJob> {
  requirePermission(actor, "statement:manage");
  const run = ZId.safeParse(id).success ? await db.commissionRun.findUnique({ where: { id } }) : null;
  if (!run) throw notFound("Job");
  return toJob(run, locale);
}

export async function listRuns(actor: Actor, period: string | undefined, locale: Locale): Promise<TJob[]> {
  requirePermission(actor, "statement:manage");
  const rows = await db.commissionRun.findMany({ where: period ? { period } : {}, orderBy: { createdAt: "desc" }, take: 20 });
  return rows.map((row) => toJob(row, locale));
}

/** Partners generated at once within a run (each in its own transaction, on its own connection). */
const RUN_CONCURRENCY = 3;
const PROGRESS_MS = 300;

export type RunOptions = {
  concurrency?: number;
  /** Called after each partner (tests stop a run halfway through with it). */
  afterPartner?: (done: number, total: number) => Promise<void> | void;
};

/** What the worker runs: generate every partner's statement for the run's period. */
export async function executeStatementRun(runId: string, options: RunOptions = {}): Promise<TJob> {
  return runAsSystem("commissions:run", async () => {
    const run = await db.commissionRun.findUnique({ where: { id: runId } });
    if (!run) throw new Error(`statement run ${runId} not found`);
    if (run.status === "completed") return toJob(run, "zh-CN");
    if (run.kind === "simulate") return toJob(await executePlanSimulation(runId, options), "zh-CN");
    if (run.kind !== "generate") throw new Error(`statement run ${runId} is a ${run.kind} run`);
    try {
      const versions = await loadPlanVersions();
      const context = generationContext(versions, run.id);
      const partners = await partnersToGenerate(run.period, context);
      // Counts restart with the attempt: the lines a killed attempt wrote are "unchanged" to this one.
      await db.commissionRun.update({
        where: { id: runId },
        data: { status: "running", attempts: { increment: 1 }, startedAt: run.startedAt ?? new Date(), totalPartners: partners.length, processedPartners: 0, linesCreated: 0, linesUpdated: 0, linesRemoved: 0, failure: null },
      });
      const summary = { skippedItems: 0, lockedStatements: 0, lateAdjustments: 0, partners: partners.length, pluginFailures: [] as PluginRuleFailureRow[] };
      // A few partners at a time: while one partner's lines are computed, another's are written.
      let next = 0;
      let done = 0;
      let reportedAt = 0;
      const counts = { created: 0, updated: 0, removed: 0 };
      let failed = false;
      const lane = async () => {
        while (!failed && next < partners.length) {
          const partner = partners[next++]!;
          try {
            let outcome;
            try {
              outcome = await generatePartnerStatement(partner, run.period, context);
            } catch (error) {
              // A plugin rule that cannot be computed stops this partner's statement only (ADR 025).
              if (!isPluginRuleFailure(error)) throw error;
              summary.pluginFailures.push({ partnerId: partner.id, messageKey: error.i18nKey, params: error.params as Record<string, string | number> });
              outcome = { created: 0, updated: 0, removed: 0, locked: false, skippedItems: 0, lateAdjustments: 0 };
            }
            summary.skippedItems += outcome.skippedItems;
            summary.lockedStatements += outcome.locked ? 1 : 0;
            summary.lateAdjustments += outcome.lateAdjustments;
            done += 1;
            counts.created += outcome.created;
            counts.updated += outcome.updated;
            counts.removed += outcome.removed;
            // Progress at most every PROGRESS_MS (and at the end): a write per partner would cost more than the partner.
            if (done === partners.length || Date.now() - reportedAt >= PROGRESS_MS) {
              reportedAt = Date.now();
              await db.commissionRun.update({
                where: { id: runId },
                data: { processedPartners: done, linesCreated: counts.created, linesUpdated: counts.updated, linesRemoved: counts.removed, summary },
              });
            }
            await options.afterPartner?.(done, partners.length);
          } catch (error) {
            failed = true;
            throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? RUN_CONCURRENCY, partners.length)) }, lane));
      // Partners whose plugin rules failed have no new statement: the run says so (it is not "completed").
      const failedPartners = summary.pluginFailures.length > 0;
      const finished = await db.commissionRun.update({
        where: { id: runId },
        data: {
          status: failedPartners ? "failed" : "completed",
          failure: failedPartners ? "commissionPluginRules.errors.runPartnersFailed" : null,
          finishedAt: new Date(),
          summary,
          processedPartners: done,
          linesCreated: counts.created,
          linesUpdated: counts.updated,
          linesRemoved: counts.removed,
        },
      });
      return toJob(finished, "zh-CN");
    } catch (error) {
      await db.commissionRun.update({ where: { id: runId }, data: { status: "failed", finishedAt: new Date(), failure: "commissions.errors.runFailed" } }).catch(() => undefined);
      throw error;
    }
  });
}
