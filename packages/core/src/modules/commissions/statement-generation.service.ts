/**
 * Statement generation (docs/decisions/019-statements-runs-and-lines.md): for one partner and one
 * period, gather the items, refunds, plan versions and first orders, compute the lines with the pure
 * engine (commission.rules.ts) and make the stored lines exactly those, by key. Idempotent: a rerun
 * that computes the same lines writes nothing. A locked (approved, paid) statement is never touched;
 * what changed under it since approval becomes one `adjustment` line in the partner's next open
 * period, pointing at the locked statement and listing the lines that moved.
 */
import { runAsSystem, systemTransaction, Prisma, type SqlTx } from "../../db/index.ts";
import { env } from "../../env/index.ts";
import { auditInsert } from "../audit/audit.repository.ts";
import { systemActor } from "../../actor/actor.ts";
import { ZCommissionRules } from "./commission.schemas.ts";
import { computePartnerPeriod, earnAmount, itemRate, planInForce, type AdjustmentChange, type CommissionLine, type PeriodAdjustment, type PlanVersion, type PluginLine } from "./commission.rules.ts";
import { pluginLinesForStatement, pluginRulesNeedAllPartners } from "./plugin-rules.service.ts";
import { storedPluginLines } from "./plugin-rules.repository.ts";
import { formatMoney, sumDecimals, toDecimal } from "../money.rules.ts";
import { periodBounds, periodOf, type TPeriod } from "./periods.rules.ts";
import { isLocked, nextOpenPeriod } from "./statement-status.rules.ts";
import {
  bookedEarnings,
  firstOrders,
  itemsOfOrders,
  itemsOrderedIn,
  lateAdjustmentsFor,
  lockPartnerStatements,
  lockStatement,
  refreshTotals,
  refundsMadeIn,
  statementsOf,
  storedLines,
  toLineRecord,
  writeLines,
  type LineRecord,
  type StatementRow,
  type StoredLine,
  type WriteResult,
} from "./statement-lines.repository.ts";

type PartnerTier = "bronze" | "silver" | "gold" | "platinum";
export type GenerationPartner = { id: string; tier: PartnerTier };

export type GenerationContext = {
  versions: readonly PlanVersion[];
  timeZone: string;
  runId: string | null;
};

export type PartnerOutcome = WriteResult & {
  /** The period's own statement was locked: nothing written to it. */
  locked: boolean;
  skippedItems: number;
  /** Late-change adjustment lines written or changed (in this or another open period). */
  lateAdjustments: number;
};

/** The active plan versions (withdrawn ones never applied), rules parsed by the engine's schema. */
export async function loadPlanVersions(): Promise<PlanVersion[]> {
  const rows = await runAsSystem("commissions:plans", () =>
    systemTransaction((tx) => tx.query<{ id: string; effectiveFrom: Date; rules: unknown }>(Prisma.sql`SELECT id, "effectiveFrom", rules FROM "CommissionPlan" WHERE status = 'active'`)),
  );
  return rows.map((row) => ({ id: row.id, effectiveFrom: row.effectiveFrom, rules: ZCommissionRules.parse(row.rules) }));
}

export function generationContext(versions: readonly PlanVersion[], runId: string | null = null): GenerationContext {
  return { versions, timeZone: env().PLATFORM_TIMEZONE, runId };
}

/**
 * The lines a partner's period has now: earn and clawback lines from the orders, `adjustments` kept
 * as given, `pluginLines` (computed by the plugins' hooks beforehand, or kept from the statement)
 * as given. A refund of an order from another period claws back from what that order earned as
 * booked, or (never booked yet) as it would earn now.
 */
export async function computePartnerLines(
  tx: SqlTx,
  partner: GenerationPartner,
  period: TPeriod,
  context: GenerationContext,
  adjustments: readonly PeriodAdjustment[],
  pluginLines: readonly PluginLine[] = [],
): Promise<{ lines: CommissionLine[]; skipped: number }> {
  const { start, end } = periodBounds(period, context.timeZone);
  const [items, refunds] = await Promise.all([itemsOrderedIn(tx, partner.id, start, end), refundsMadeIn(tx, partner.id, start, end)]);
  const orderIds = [...new Set(items.map((item) => item.orderId))];
  const here = new Set(orderIds);
  const elsewhere = [...new Set(refunds.map((refund) => refund.orderId).filter((id) => !here.has(id)))];
  const booked = await bookedEarnings(tx, partner.id, elsewhere);
  const unbooked = elsewhere.filter((id) => !booked.has(id));
  const unbookedItems = await itemsOfOrders(tx, unbooked);
  const first = await firstOrders(tx, [...orderIds, ...unbooked]);
  for (const orderId of unbooked) {
    const orderItems = unbookedItems.filter((item) => item.orderId === orderId);
    const version = orderItems[0] ? planInForce(context.versions, orderItems[0].orderedAt) : null;
    const earned = version
      ? sumDecimals(orderItems.map((item) => earnAmount(item.quantity, item.unitPrice, itemRate(version.rules, { category: item.category, partnerTier: partner.tier }, first.has(orderId)).rate)))
      : toDecimal("0");
    booked.set(orderId, { earned: formatMoney(earned), planVersionId: version?.id ?? null });
  }
  const result = computePartnerPeriod({
    period,
    timeZone: context.timeZone,
    items: items.map((item) => ({ ...item })),
    refunds: refunds.map((refund) => ({
      refundId: refund.refundId,
      orderId: refund.orderId,
      refundedAt: refund.refundedAt,
      amount: refund.amount,
      orderTotal: refund.orderTotal,
      ...(here.has(refund.orderId) ? {} : { orderEarned: booked.get(refund.orderId)!.earned, planVersionId: booked.get(refund.orderId)!.planVersionId }),
    })),
    versions: context.versions,
    partnerTier: partner.tier,
    firstOrderIds: first,
    adjustments,
    pluginLines,
  });
  return { lines: result.lines, skipped: result.skipped.length };
}

/** Adjustment lines already on a statement, as the engine's input (so a regeneration keeps them verbatim). */
function keptAdjustments(stored: readonly StoredLine[]): PeriodAdjustment[] {
  return stored
    .filter((line) => line.kind === "adjustment" && line.detail.removed !== true)
    .map((line) => ({
      cause: line.detail.cause as PeriodAdjustment["cause"],
      amount: line.amount,
      note: (line.detail.note as string | null | undefined) ?? null,
      ...(Array.isArray(line.detail.changes) ? { changes: line.detail.changes as AdjustmentChange[] } : {}),
    }));
}

/** What the lines of a locked statement would be now, against what it booked: the late change. */
type LateChange = { statement: StatementRow; amount: string; changes: AdjustmentChange[] };

async function lateChangeOf(tx: SqlTx, partner: GenerationPartner, locked: StatementRow, context: GenerationContext): Promise<LateChange | null> {
  const stored = await storedLines(tx, locked.id);
  const ownAdjustments = keptAdjustments(stored);
  // A locked statement's plugin lines are facts like its adjustments: late changes are the orders' and the plan's (ADR 025).
  const { lines } = await computePartnerLines(tx, partner, locked.period, context, ownAdjustments, await storedPluginLines(tx, locked.id));
  const now = new Map(lines.filter((l) => l.kind !== "adjustment").map((l) => [l.key, l.amount]));
  const then = new Map(stored.filter((l) => l.kind !== "adjustment").map((l) => [l.key, l.amount]));
  const changes: LateChange["changes"] = [];
  for (const [key, after] of now) if (then.get(key) !== after) changes.push({ key, before: then.get(key) ?? null, after });
  for (const [key, before] of then) if (!now.has(key) && before !== "0.00") changes.push({ key, before, after: null });
  const delta = sumDecimals([...now.values()]).sub(sumDecimals([...then.values()]));
  changes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { statement: locked, amount: formatMoney(delta), changes };
}

/**
 * Late changes of the partner's locked statements: orders or refunds recorded for their period after
 * approval, or a plan version activated after it. Each becomes (or updates) one adjustment line per
 * (locked statement, target period): the delta not yet booked by earlier late adjustments.
 */
async function placeLateChanges(tx: SqlTx, partner: GenerationPartner, statements: StatementRow[], context: GenerationContext): Promise<Map<TPeriod, PeriodAdjustment[]>> {
  const placed = new Map<TPeriod, PeriodAdjustment[]>();
  const locked = statements.filter((s) => isLocked(s.status) && s.approvedAt);
  if (locked.length === 0) return placed;
  for (const statement of locked) {
    const { start, end } = periodBounds(statement.period, context.timeZone);
    const [activity] = await tx.query<{ late: boolean }>(Prisma.sql`
      SELECT EXISTS (SELECT 1 FROM "Order" WHERE "attributedPartnerId" = ${partner.id}::uuid AND "orderedAt" >= ${start} AND "orderedAt" < ${end} AND "createdAt" > ${statement.approvedAt})
          OR EXISTS (SELECT 1 FROM "OrderRefund" r JOIN "Order" o ON o.id = r."orderId" WHERE o."attributedPartnerId" = ${partner.id}::uuid AND r."refundedAt" >= ${start} AND r."refundedAt" < ${end} AND r."createdAt" > ${statement.approvedAt})
          OR EXISTS (SELECT 1 FROM "CommissionPlan" WHERE status = 'active' AND "activatedAt" > ${statement.approvedAt} AND "effectiveFrom" < ${end})
          OR EXISTS (SELECT 1 FROM "CommissionLine" WHERE "partnerId" = ${partner.id}::uuid AND kind = 'adjustment' AND key LIKE ${`adjustment:lateChange:${statement.id}:%`}) AS late`);
    if (!activity?.late) continue;
    const change = await lateChangeOf(tx, partner, statement, context);
    if (!change) continue;
    const target = nextOpenPeriod(statements, statement.period);
    const previous = await lateAdjustmentsFor(tx, partner.id, statement.id);
    const bookedElsewhere = sumDecimals(previous.filter((line) => line.period !== target).map((line) => line.amount));
    const amount = toDecimal(change.amount).sub(bookedElsewhere);
    const existingHere = previous.find((line) => line.period === target);
    if (amount.isZero() && !existingHere) continue;
    const list = placed.get(target) ?? [];
    list.push({
      cause: { type: "lateChange", id: `${statement.id}:${target}`, period: statement.period },
      amount: formatMoney(amount),
      note: null,
      changes: change.changes.slice(0, 200),
    });
    placed.set(target, list);
  }
  return placed;
}

/** Replace adjustments with the same cause key; add new ones. */
function mergeAdjustments(kept: readonly PeriodAdjustment[], added: readonly PeriodAdjustment[]): PeriodAdjustment[] {
  const keyOf = (a: PeriodAdjustment) => `${a.cause.type}:${a.cause.id}`;
  const replaced = new Set(added.map(keyOf));
  return [...kept.filter((a) => !replaced.has(keyOf(a))), ...added];
}

/** Write a statement's lines; a confirmed statement whose lines changed goes back to issued. */
async function writeStatement(tx: SqlTx, statement: StatementRow, records: readonly LineRecord[], stored: readonly StoredLine[], runId: string | null): Promise<WriteResult> {
  const result = await writeLines(tx, statement, records, stored);
  const changed = result.created + result.updated + result.removed > 0;
  if (changed) {
    await refreshTotals(tx, statement.id);
    if (statement.status === "confirmed") {
      await tx.execute(Prisma.sql`UPDATE "CommissionStatement" SET status = 'issued', "confirmedAt" = NULL, "confirmedById" = NULL WHERE id = ${statement.id}::uuid`);
      await recordSystemAudit(tx, "statement.reissued", statement, { status: "confirmed" }, { status: "issued", reason: "commissions.statements.reissuedLinesChanged" });
    }
  }
  if (changed || runId) {
    await tx.execute(Prisma.sql`UPDATE "CommissionStatement" SET "generatedAt" = now(), "lastRunId" = ${runId}::uuid WHERE id = ${statement.id}::uuid`);
  }
  return result;
}

async function recordSystemAudit(tx: SqlTx, action: string, statement: StatementRow, before: unknown, after: unknown): Promise<void> {
  await tx.execute(auditInsert(systemActor("statement generation"), [{ action, entityType: "CommissionStatement", entityId: statement.id, partnerId: statement.partnerId, before, after }]));
}

/**
 * Regenerate an existing open statement with `added` adjustments replacing or joining its own. Its
 * plugin lines are kept as they are: only generating the statement's own period runs the hooks.
 */
async function regenerateWith(tx: SqlTx, partner: GenerationPartner, statement: StatementRow, added: readonly PeriodAdjustment[], context: GenerationContext): Promise<WriteResult> {
  const stored = await storedLines(tx, statement.id);
  const adjustments = mergeAdjustments(keptAdjustments(stored), added);
  const { lines } = await computePartnerLines(tx, partner, statement.period, context, adjustments, await storedPluginLines(tx, statement.id));
  return writeStatement(tx, statement, lines.map(toLineRecord), stored, null);
}

/**
 * Generate one partner's statement for `period` (one transaction): late changes of its locked
 * statements first (their adjustment may land in this period), then this period's lines. The plugin
 * rules' hooks run first, outside the transaction; if one fails (PluginRuleFailure) nothing is written.
 */
export async function generatePartnerStatement(partner: GenerationPartner, period: TPeriod, context: GenerationContext): Promise<PartnerOutcome> {
  const pluginLines = await pluginLinesForStatement(partner, period, context.versions, context.timeZone);
  return runAsSystem("commissions:generate", () =>
    systemTransaction(async (tx) => {
      // Lines are derived data, recomputed idempotently by the next run: a crash may lose the last
      // few milliseconds of commits without losing anything the run cannot write again, so the
      // commit does not wait for the WAL flush (PostgreSQL still never corrupts or half-applies it).
      await tx.execute(Prisma.sql`SET LOCAL statement_timeout = 60000; SET LOCAL synchronous_commit = off`);
      await lockPartnerStatements(tx, partner.id);
      const statements = await statementsOf(tx, partner.id);
      const late = await placeLateChanges(tx, partner, statements, context);
      const outcome: PartnerOutcome = { created: 0, updated: 0, removed: 0, locked: false, skippedItems: 0, lateAdjustments: 0 };

      for (const [target, adjustments] of late) {
        if (target === period) continue;
        const written = await regenerateWith(tx, partner, await lockStatement(tx, partner.id, target), adjustments, context);
        outcome.lateAdjustments += written.created + written.updated;
      }

      // Locked FOR UPDATE: a concurrent approval waits for the lines, or the lines wait for it.
      const own = statements.some((s) => s.period === period) ? await lockStatement(tx, partner.id, period) : undefined;
      if (own && isLocked(own.status)) return { ...outcome, locked: true };
      const added = late.get(period) ?? [];
      // A statement that does not exist yet has no lines or adjustments of its own to keep, and is
      // created only when the period has something to say.
      const stored = own ? await storedLines(tx, own.id) : [];
      const adjustments = mergeAdjustments(keptAdjustments(stored), added);
      const { lines, skipped } = await computePartnerLines(tx, partner, period, context, adjustments, pluginLines);
      if (!own && lines.length === 0) return { ...outcome, skippedItems: skipped };
      const statement = own ?? (await lockStatement(tx, partner.id, period));
      const written = await writeStatement(tx, statement, lines.map(toLineRecord), stored, context.runId);
      return { ...outcome, ...written, skippedItems: skipped, lateAdjustments: outcome.lateAdjustments + (added.length > 0 ? added.length : 0) };
    }),
  );
}

/**
 * Book an adjustment (e.g. an accepted dispute) in the partner's statement for `period` when it is
 * open, else in its next open period; the statement's totals follow in the same transaction. The
 * cause makes it idempotent: booking the same cause twice leaves one line.
 */
export async function bookAdjustment(
  tx: SqlTx,
  partner: GenerationPartner,
  adjustment: PeriodAdjustment,
  period: TPeriod,
  context: GenerationContext,
): Promise<{ statementId: string; period: TPeriod; key: string }> {
  await lockPartnerStatements(tx, partner.id);
  const statements = await statementsOf(tx, partner.id);
  const own = statements.find((s) => s.period === period);
  const target = own && !isLocked(own.status) ? period : nextOpenPeriod(statements, period);
  const statement = await lockStatement(tx, partner.id, target);
  await regenerateWith(tx, partner, statement, [adjustment], context);
  return { statementId: statement.id, period: target, key: `adjustment:${adjustment.cause.type}:${adjustment.cause.id}` };
}

/**
 * The partners a run for `period` visits: anyone with attributed orders, refunds or a statement —
 * and every active partner when a plugin rule settling in the period runs for all of them (credit
 * from data other than orders, ADR 025). Without `period` and `context`, the first set only.
 */
export async function partnersToGenerate(period?: TPeriod, context?: GenerationContext): Promise<GenerationPartner[]> {
  const everyActive = period !== undefined && context !== undefined && (await pluginRulesNeedAllPartners(context.versions, period, context.timeZone));
  return runAsSystem("commissions:partners", () =>
    systemTransaction((tx) =>
      tx.query<GenerationPartner>(Prisma.sql`
        SELECT p.id, p.tier::text AS tier FROM "Partner" p
        WHERE EXISTS (SELECT 1 FROM "Order" o WHERE o."attributedPartnerId" = p.id)
           OR EXISTS (SELECT 1 FROM "CommissionStatement" s WHERE s."partnerId" = p.id)
           OR (${everyActive} AND p.status = 'active')
        ORDER BY p.id`),
    ),
  );
}

export function currentPeriod(now = new Date()): TPeriod {
  return periodOf(now, env().PLATFORM_TIMEZONE);
}
