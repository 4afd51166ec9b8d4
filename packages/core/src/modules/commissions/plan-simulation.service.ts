/**
 * Plan simulation (issue 5 item 8, ADR 023): before activating a version, finance runs it over a
 * past (or the current) period and compares, per partner with activity in that period, what the
 * versions in force pay with what the simulated version would pay had it been in force for the whole
 * period. A CommissionRun of kind "simulate" on the statements queue (the worker's
 * executeStatementRun hands it here); results go to the run's summary, nothing else is written:
 * each partner is computed in a READ ONLY transaction, so no statement or line can change.
 */
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db, runAsSystem, systemTransaction, Prisma, type CommissionRun } from "../../db/index.ts";
import { env } from "../../env/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { translator, type Locale } from "../../i18n/index.ts";
import { enqueueStatementRun } from "../../jobs/statement.job.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { ZId } from "../shared.schemas.ts";
import type { PlanVersion } from "./commission.rules.ts";
import { ZCommissionRules } from "./commission.schemas.ts";
import { periodBounds } from "./periods.rules.ts";
import { simulationAmounts, simulationDifference, simulationTotals } from "./reconciliation.rules.ts";
import { partnersActiveIn } from "./reconciliation.repository.ts";
import { ZPlanSimulation, ZSimulationInput, ZSimulationPartner, type TPlanSimulation, type TSimulationInput, type TSimulationPartner } from "./reconciliation.schemas.ts";
import { computePartnerLines, currentPeriod, generationContext, loadPlanVersions } from "./statement-generation.service.ts";
import { computePluginLines, isPluginRuleFailure, pluginRulesNeedAllPartners, pluginRulesWindowStart } from "./plugin-rules.service.ts";
import type { PluginRuleFailureRow } from "./statement-run.service.ts";
import type { TJobAccepted } from "./statements.schemas.ts";

type SimulationSummary = {
  planVersion?: number;
  planUpdatedAt?: string;
  partners?: TSimulationPartner[];
  totals?: TPlanSimulation["totals"];
  pluginFailures?: Array<PluginRuleFailureRow & { partnerName: string }>;
};

function toSimulation(run: CommissionRun, locale: Locale): TPlanSimulation {
  const summary = (run.summary ?? {}) as SimulationSummary;
  const t = translator(locale);
  const partners = ZSimulationPartner.array().safeParse(summary.partners ?? []);
  return ZPlanSimulation.parse({
    id: run.id,
    planId: run.planId,
    period: run.period,
    status: run.status,
    progress: {
      done: run.processedPartners,
      total: run.totalPartners,
      percent: run.totalPartners === 0 ? (run.status === "completed" ? 100 : 0) : Math.floor((run.processedPartners * 100) / run.totalPartners),
    },
    failure: run.failure ? String(translator(locale)(run.failure)) : null,
    planVersion: summary.planVersion ?? null,
    planUpdatedAt: summary.planUpdatedAt ? new Date(summary.planUpdatedAt) : null,
    partners: partners.success ? partners.data : [],
    totals: summary.totals ?? null,
    pluginFailures: (summary.pluginFailures ?? []).map((row) => ({ partnerId: row.partnerId, partnerName: row.partnerName, message: String(t(row.messageKey, row.params)) })),
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  });
}

/**
 * POST /commission-plans/{id}/simulate: queue a simulation of this version (a draft, or any other)
 * over `period`, which must not be in the future. The same plan and period still queued or running
 * is answered instead of a second run.
 */
export async function startPlanSimulation(actor: Actor, planId: string, rawInput: TSimulationInput, now = new Date()): Promise<TJobAccepted> {
  requirePermission(actor, "commissionPlan:write");
  const { period } = ZSimulationInput.parse(rawInput);
  const plan = ZId.safeParse(planId).success ? await db.commissionPlan.findUnique({ where: { id: planId }, select: { id: true, version: true } }) : null;
  if (!plan) throw notFound("CommissionPlan");
  if (period > currentPeriod(now)) throw new DomainError("VALIDATION_FAILED", { details: [{ path: "period", message: "reconciliation.errors.simulationPeriodInFuture" }] });
  const pending = await db.commissionRun.findFirst({ where: { kind: "simulate", planId: plan.id, period, status: { in: ["queued", "running"] } }, orderBy: { createdAt: "desc" } });
  if (pending) return { jobId: pending.id, status: pending.status, period };
  const run = await db.$transaction(async (tx) => {
    const created = await tx.commissionRun.create({ data: { period, kind: "simulate", planId: plan.id, requestedById: actor.kind === "platform" ? actor.userId : null } });
    await recordAudit(tx, actor, { action: "plan_simulation.requested", entityType: "CommissionRun", entityId: created.id, after: { period, planId: plan.id, version: plan.version } });
    return created;
  });
  await enqueueStatementRun({ runId: run.id });
  return { jobId: run.id, status: run.status, period };
}

async function simulationRun(planId: string, runId: string): Promise<CommissionRun> {
  const run = ZId.safeParse(planId).success && ZId.safeParse(runId).success ? await db.commissionRun.findUnique({ where: { id: runId } }) : null;
  if (!run || run.kind !== "simulate" || run.planId !== planId) throw notFound("PlanSimulation");
  return run;
}

/** GET /commission-plans/{id}/simulations/{runId}: progress, then the comparison per partner. */
export async function getPlanSimulation(actor: Actor, planId: string, runId: string, locale: Locale): Promise<TPlanSimulation> {
  requirePermission(actor, "commissionPlan:read");
  return toSimulation(await simulationRun(planId, runId), locale);
}

/** GET /commission-plans/{id}/simulations: the plan's latest simulations, newest first. */
export async function listPlanSimulations(actor: Actor, planId: string, locale: Locale): Promise<TPlanSimulation[]> {
  requirePermission(actor, "commissionPlan:read");
  if (!ZId.safeParse(planId).success) throw notFound("CommissionPlan");
  const rows = await db.commissionRun.findMany({ where: { kind: "simulate", planId }, orderBy: { createdAt: "desc" }, take: 10 });
  return rows.map((row) => toSimulation(row, locale));
}

export type SimulationOptions = {
  /** Called after each partner (tests look at the run halfway through with it). */
  afterPartner?: (done: number, total: number) => Promise<void> | void;
};

/**
 * What the worker runs for a "simulate" run: per partner, the plan-driven lines under the versions
 * in force and under the simulated version (in force from the period's first instant; earlier
 * versions stay for refunds of earlier orders), both read-only; the comparison into the run's summary.
 */
export async function executePlanSimulation(runId: string, options: SimulationOptions = {}): Promise<CommissionRun> {
  return runAsSystem("commissions:simulate", async () => {
    const run = await db.commissionRun.findUnique({ where: { id: runId } });
    if (!run) throw new Error(`simulation run ${runId} not found`);
    if (run.status === "completed") return run;
    if (run.kind !== "simulate") throw new Error(`run ${runId} is a ${run.kind} run, not a simulation`);
    try {
      const plan = run.planId ? await db.commissionPlan.findUnique({ where: { id: run.planId } }) : null;
      if (!plan) throw new DomainError("NOT_FOUND", { params: { entity: "CommissionPlan" } });
      const timeZone = env().PLATFORM_TIMEZONE;
      const range = { period: run.period, ...periodBounds(run.period, timeZone) };
      const versions = await loadPlanVersions();
      const simulated: PlanVersion = { id: plan.id, effectiveFrom: range.start, rules: ZCommissionRules.parse(plan.rules) };
      const current = generationContext(versions);
      const draft = generationContext([...versions.filter((v) => v.id !== plan.id && v.effectiveFrom < range.start), simulated]);
      // A plugin rule running for every active partner (under either plan) makes them all part of the comparison.
      const everyActive = (await pluginRulesNeedAllPartners(current.versions, run.period, timeZone)) || (await pluginRulesNeedAllPartners(draft.versions, run.period, timeZone));
      // A quarterly plugin rule settling in the period counts the quarter's orders: so do its partners.
      const windowStarts = [range.start, pluginRulesWindowStart(current.versions, run.period, timeZone), pluginRulesWindowStart(draft.versions, run.period, timeZone)].filter((d): d is Date => d !== null);
      const activeFrom = new Date(Math.min(...windowStarts.map((d) => d.getTime())));
      const partners = await systemTransaction((tx) => partnersActiveIn(tx, { ...range, start: activeFrom }, everyActive));
      await db.commissionRun.update({
        where: { id: runId },
        data: { status: "running", attempts: { increment: 1 }, startedAt: run.startedAt ?? new Date(), totalPartners: partners.length, processedPartners: 0, failure: null },
      });
      const rows: TSimulationPartner[] = [];
      const pluginFailures: NonNullable<SimulationSummary["pluginFailures"]> = [];
      for (const [index, partner] of partners.entries()) {
        // The plugin rules' hooks first, outside the read-only transaction (they read through their own connections).
        let plugin: { now: Awaited<ReturnType<typeof computePluginLines>>; then: Awaited<ReturnType<typeof computePluginLines>> };
        try {
          plugin = { now: await computePluginLines(partner, run.period, current.versions, timeZone), then: await computePluginLines(partner, run.period, draft.versions, timeZone) };
        } catch (error) {
          if (!isPluginRuleFailure(error)) throw error;
          pluginFailures.push({ partnerId: partner.id, partnerName: partner.name, messageKey: error.i18nKey, params: error.params as Record<string, string | number> });
          await db.commissionRun.update({ where: { id: runId }, data: { processedPartners: index + 1 } });
          continue;
        }
        const outcome = await systemTransaction(async (tx) => {
          await tx.execute(Prisma.sql`SET TRANSACTION READ ONLY`);
          await tx.execute(Prisma.sql`SET LOCAL statement_timeout = 60000`);
          const now = await computePartnerLines(tx, partner, run.period, current, [], plugin.now);
          const then = await computePartnerLines(tx, partner, run.period, draft, [], plugin.then);
          return { now, then };
        });
        const currentAmounts = simulationAmounts(outcome.now.lines);
        const simulatedAmounts = simulationAmounts(outcome.then.lines);
        rows.push({
          partnerId: partner.id,
          partnerName: partner.name,
          tier: partner.tier,
          current: currentAmounts,
          simulated: simulatedAmounts,
          difference: simulationDifference(currentAmounts, simulatedAmounts),
          skippedCurrent: outcome.now.skipped,
          skippedSimulated: outcome.then.skipped,
        });
        await db.commissionRun.update({ where: { id: runId }, data: { processedPartners: index + 1 } });
        await options.afterPartner?.(index + 1, partners.length);
      }
      const summary: SimulationSummary = { planVersion: plan.version, planUpdatedAt: plan.updatedAt.toISOString(), partners: rows, totals: simulationTotals(rows), pluginFailures };
      const failed = pluginFailures.length > 0;
      return await db.commissionRun.update({
        where: { id: runId },
        data: { status: failed ? "failed" : "completed", failure: failed ? "commissionPluginRules.errors.simulationPartnersFailed" : null, finishedAt: new Date(), summary: summary as Prisma.InputJsonValue },
      });
    } catch (error) {
      await db.commissionRun.update({ where: { id: runId }, data: { status: "failed", finishedAt: new Date(), failure: "reconciliation.errors.simulationFailed" } }).catch(() => undefined);
      throw error;
    }
  });
}
