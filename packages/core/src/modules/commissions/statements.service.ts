/**
 * Statements as people use them: finance lists, issues and approves; a partner's admins and managers
 * read their own, and the admin confirms. Every transition follows statement-status.rules.ts, is
 * audited and emits an event; approval locks the statement for good.
 */
import { lockPartnerStatements } from "./statement-lines.repository.ts";
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db, Prisma, runAsSystem, systemTransaction, type CommissionLine, type CommissionStatement } from "../../db/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { page, ZId } from "../shared.schemas.ts";
import type { TCommissionLineKind as CommissionLineKind, TStatementStatus } from "./commission.schemas.ts";
import { isLocked, planTransition } from "./statement-status.rules.ts";
import { currentPeriod } from "./statement-generation.service.ts";
import { settlePartnerStatements } from "./payouts.service.ts";
import { apiLineKind, ZStatementLinesInput, ZStatementListInput, type TApiLineKind, type TStatement, type TStatementLine, type TStatementLinesInput, type TStatementListInput, type TStatementSummary } from "./statements.schemas.ts";

type StatementWithPartner = CommissionStatement & { partner: { name: string } };

async function openDisputeCounts(statementIds: readonly string[]): Promise<Map<string, number>> {
  if (statementIds.length === 0) return new Map();
  const rows = await db.commissionDispute.groupBy({ by: ["statementId"], where: { statementId: { in: [...statementIds] }, status: "open" }, _count: { _all: true } });
  return new Map(rows.map((row) => [row.statementId, row._count._all]));
}

function toSummary(row: StatementWithPartner, openDisputes: number): TStatementSummary {
  return {
    id: row.id,
    partnerId: row.partnerId,
    partnerName: row.partner.name,
    period: row.period,
    status: row.status,
    currency: row.currency,
    earnTotal: row.earnTotal.toFixed(2),
    clawbackTotal: row.clawbackTotal.toFixed(2),
    bonusTotal: row.bonusTotal.toFixed(2),
    capTotal: row.capTotal.toFixed(2),
    adjustmentTotal: row.adjustmentTotal.toFixed(2),
    total: row.total.toFixed(2),
    paidAmount: row.paidAmount.toFixed(2),
    lineCount: row.lineCount,
    openDisputes,
    generatedAt: row.generatedAt,
    issuedAt: row.issuedAt,
    confirmedAt: row.confirmedAt,
    approvedAt: row.approvedAt,
    paidAt: row.paidAt,
    locked: isLocked(row.status),
  };
}

/** A statement the actor may see (another partner's is 404, like every record). */
async function statement(id: string): Promise<StatementWithPartner> {
  // The partner's name comes from the platform's side: a partner may not follow `partner` itself.
  const row = ZId.safeParse(id).success ? await db.commissionStatement.findUnique({ where: { id } }) : null;
  if (!row) throw notFound("CommissionStatement");
  const partner = await db.partner.findUnique({ where: { id: row.partnerId }, select: { name: true } });
  return { ...row, partner: { name: partner?.name ?? "" } };
}

export async function listStatements(actor: Actor, rawInput: TStatementListInput): Promise<{ items: TStatementSummary[]; nextCursor: string | null }> {
  requirePermission(actor, "statement:read");
  const input = ZStatementListInput.parse(rawInput);
  const where: Prisma.CommissionStatementWhereInput = {
    ...(input.period ? { period: input.period } : {}),
    ...(input.status ? { status: input.status } : {}),
    ...(input.partnerId && actor.kind !== "partner" && ZId.safeParse(input.partnerId).success ? { partnerId: input.partnerId } : {}),
    ...(input.cursor && ZId.safeParse(input.cursor).success ? { id: { lt: input.cursor } } : {}),
  };
  if (input.partnerId && actor.kind !== "partner" && !ZId.safeParse(input.partnerId).success) return { items: [], nextCursor: null };
  const rows = await db.commissionStatement.findMany({ where, orderBy: [{ id: "desc" }], take: input.limit + 1 });
  const names = new Map((await db.partner.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.partnerId))] } }, select: { id: true, name: true } })).map((p) => [p.id, p.name]));
  const disputes = await openDisputeCounts(rows.map((r) => r.id));
  const items = rows.map((row) => toSummary({ ...row, partner: { name: names.get(row.partnerId) ?? "" } }, disputes.get(row.id) ?? 0));
  return page(items, input.limit);
}

async function toLines(rows: readonly CommissionLine[]): Promise<TStatementLine[]> {
  const orderIds = [...new Set(rows.flatMap((row) => (row.orderId ? [row.orderId] : [])))];
  const planIds = [...new Set(rows.flatMap((row) => (row.planVersionId ? [row.planVersionId] : [])))];
  const lineIds = rows.map((row) => row.id);
  const [orders, disputes] = await Promise.all([
    orderIds.length ? db.order.findMany({ where: { id: { in: orderIds } }, select: { id: true, externalId: true } }) : [],
    lineIds.length ? db.commissionDispute.findMany({ where: { lineId: { in: lineIds }, status: "open" }, select: { id: true, lineId: true } }) : [],
  ]);
  const externalIds = new Map(orders.map((o) => [o.id, o.externalId]));
  const openDispute = new Map(disputes.map((d) => [d.lineId, d.id]));
  const versions = await planVersionNumbers(planIds);
  return rows.map((row) => ({
    id: row.id,
    key: row.key,
    ...apiLineKind(row.kind, (row.detail as { cause?: { type?: unknown } } | null)?.cause),
    orderId: row.orderId,
    orderExternalId: row.orderId ? (externalIds.get(row.orderId) ?? null) : null,
    orderItemId: row.orderItemId,
    refundId: row.refundId,
    planVersionId: row.planVersionId,
    planVersion: row.planVersionId ? (versions.get(row.planVersionId) ?? null) : null,
    base: row.base.toFixed(),
    rate: row.rate ? row.rate.toFixed() : null,
    amount: row.amount.toFixed(2),
    detail: row.detail as Record<string, unknown>,
    openDisputeId: openDispute.get(row.id) ?? null,
  }));
}

/** Plan version numbers for lines: partners see which version paid them, not the plan itself. */
async function planVersionNumbers(ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await runAsSystem("commissions:plan-numbers", () => db.commissionPlan.findMany({ where: { id: { in: [...ids] } }, select: { id: true, version: true } }));
  return new Map(rows.map((row) => [row.id, row.version]));
}

/** API kind → the stored kinds it covers. */
const STORED_KINDS = { earn: ["earn"], clawback: ["clawback"], adjustment: ["adjustment", "bonus", "cap"] } as const satisfies Record<TApiLineKind, readonly CommissionLineKind[]>;

const KIND_ORDER: Record<string, number> = { earn: 0, clawback: 1, adjustment: 2, bonus: 3, cap: 4 };

/** A statement with all its lines (API.md): earn, clawback, adjustment, bonus, cap, each in key order. */
export async function getStatement(actor: Actor, id: string): Promise<TStatement> {
  requirePermission(actor, "statement:read");
  const row = await statement(id);
  const lines = await db.commissionLine.findMany({ where: { statementId: row.id }, orderBy: { key: "asc" } });
  lines.sort((a, b) => KIND_ORDER[a.kind]! - KIND_ORDER[b.kind]!);
  const disputes = await openDisputeCounts([row.id]);
  return { ...toSummary(row, disputes.get(row.id) ?? 0), lines: await toLines(lines) };
}

/** A page of a statement's lines (a large partner has thousands), optionally of one kind. */
export async function listStatementLines(actor: Actor, rawInput: TStatementLinesInput): Promise<{ items: TStatementLine[]; nextCursor: string | null }> {
  requirePermission(actor, "statement:read");
  const input = ZStatementLinesInput.parse(rawInput);
  const row = await statement(input.id);
  // Lines read in key order; the cursor is the last line's id (as in every list), its key the position.
  const after = input.cursor ? await db.commissionLine.findFirst({ where: { id: input.cursor, statementId: row.id }, select: { key: true } }) : null;
  if (input.cursor && !after) throw new DomainError("VALIDATION_FAILED", { details: [{ path: "cursor", message: "errors.field.invalidCursor" }] });
  const rows = await db.commissionLine.findMany({
    where: { statementId: row.id, ...(input.kind ? { kind: { in: [...STORED_KINDS[input.kind]] } } : {}), ...(after ? { key: { gt: after.key } } : {}) },
    orderBy: { key: "asc" },
    take: input.limit + 1,
  });
  const more = rows.length > input.limit;
  const items = await toLines(rows.slice(0, input.limit));
  return { items, nextCursor: more ? (items.at(-1)?.id ?? null) : null };
}

type Transition = { to: TStatementStatus; action: string; event: "statement.issued" | "statement.confirmed" | "statement.approved"; stamp: (actor: Actor, now: Date) => Prisma.CommissionStatementUpdateManyMutationInput };

const TRANSITIONS = {
  issue: { to: "issued", action: "statement.issued", event: "statement.issued", stamp: (_actor, now) => ({ issuedAt: now }) },
  confirm: { to: "confirmed", action: "statement.confirmed", event: "statement.confirmed", stamp: (actor, now) => ({ confirmedAt: now, confirmedById: actor.kind === "partner" ? actor.userId : null }) },
  approve: { to: "approved", action: "statement.approved", event: "statement.approved", stamp: (actor, now) => ({ approvedAt: now, approvedById: actor.kind === "platform" ? actor.userId : null }) },
} as const satisfies Record<string, Transition>;

async function transition(actor: Actor, id: string, name: keyof typeof TRANSITIONS, now: Date): Promise<TStatementSummary> {
  const spec: Transition = TRANSITIONS[name];
  const before = await statement(id);
  const openDisputes = (await openDisputeCounts([before.id])).get(before.id) ?? 0;
  const plan = planTransition(before.status, spec.to, { openDisputes });
  if (plan.type === "refused") throw new DomainError("RULE_VIOLATION", { i18nKey: plan.message });
  if (plan.type === "noop") return toSummary(before, openDisputes);
  if (name === "issue" && before.lineCount === 0 && before.total.isZero()) throw new DomainError("RULE_VIOLATION", { i18nKey: "commissions.errors.statementEmpty" });
  // A month still running would change under the partner's eyes: statements go out once it has ended.
  if (name === "issue" && before.period >= currentPeriod(now)) throw new DomainError("RULE_VIOLATION", { i18nKey: "commissions.errors.periodNotOver" });
  await db.$transaction(async (tx) => {
    // Only from the status we read (a concurrent transition or regeneration wins).
    const { count } = await tx.commissionStatement.updateMany({ where: { id: before.id, status: before.status }, data: { status: spec.to, ...spec.stamp(actor, now) } });
    if (count === 0) throw new DomainError("CONFLICT", { i18nKey: "commissions.errors.statementChanged" });
    await recordAudit(tx, actor, {
      action: spec.action,
      entityType: "CommissionStatement",
      entityId: before.id,
      partnerId: before.partnerId,
      before: { status: before.status, total: before.total.toFixed(2) },
      after: { status: spec.to, total: before.total.toFixed(2) },
    });
    await emitEvent(tx, spec.event, { type: "CommissionStatement", id: before.id, partnerId: before.partnerId }, { statementId: before.id, partnerId: before.partnerId, period: before.period, total: before.total.toFixed(2), status: spec.to });
  });
  // An approved statement that needs no payout (zero, or a debt already covered) is settled at once (ADR 022).
  if (name === "approve") {
    await runAsSystem("commissions:settle", () =>
      systemTransaction(async (tx) => {
        await lockPartnerStatements(tx, before.partnerId);
        await settlePartnerStatements(tx, actor, before.partnerId, now);
      }),
    );
  }
  const after = await statement(id);
  return toSummary(after, openDisputes);
}

/** Finance sends a draft to the partner. */
export function issueStatement(actor: Actor, id: string, now = new Date()): Promise<TStatementSummary> {
  requirePermission(actor, "statement:manage");
  return transition(actor, id, "issue", now);
}

/** The partner's admin agrees to an issued statement (or to a disputed one once every dispute is resolved). */
export function confirmStatement(actor: Actor, id: string, now = new Date()): Promise<TStatementSummary> {
  requirePermission(actor, "statement:confirm");
  return transition(actor, id, "confirm", now);
}

/** Finance approves a confirmed statement: from now on it is locked. */
export function approveStatement(actor: Actor, id: string, now = new Date()): Promise<TStatementSummary> {
  requirePermission(actor, "statement:manage");
  return transition(actor, id, "approve", now);
}
