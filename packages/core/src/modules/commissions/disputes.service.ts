/**
 * Disputes of statement lines (issue 5 item 5, docs/decisions/022-disputes-and-payouts.md).
 *
 * A partner's admin or manager questions one line of an issued (or already disputed) statement of
 * its own; the first open dispute moves the statement to `disputed`. Finance accepts — the
 * correction is booked as an adjustment line in that statement (bookAdjustment, cause
 * {type: "dispute", id}) — or rejects with a reason the partner reads; the partner may withdraw its
 * own. When the last open dispute is closed the statement goes back to `issued` if this round of
 * disputes changed its lines, else to `confirmed` (disputes.rules.ts). Every change is audited and
 * announced in the same transaction.
 *
 * Reads go through the scoped data layer (another partner's statement, line or dispute is a 404).
 * The writes run as the system on a raw transaction, after those scoped checks: moving the
 * statement is not a partner's write, and booking the adjustment shares the generation's locks.
 */
import { lockPartnerStatements } from "./statement-lines.repository.ts";
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db, Prisma, runAsSystem, systemTransaction, type SqlTx, isUniqueViolation } from "../../db/index.ts";
import { uuidv7 } from "../../db/uuidv7.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { auditInsert, type AuditEntry } from "../audit/audit.repository.ts";
import { domainEvent, outboxInsert, type PendingEvent } from "../outbox/outbox.repository.ts";
import { formatMoney, toDecimal } from "../money.rules.ts";
import { ZId } from "../shared.schemas.ts";
import type { TStatementStatus } from "./commission.schemas.ts";
import { attachmentContentProblem, disputeAgeHours, disputeRefusal, isOverSla, statusAfterDisputes } from "./disputes.rules.ts";
import {
  ATTACHMENT_TYPES,
  attachmentExtension,
  base64Body,
  ZDisputeListInput,
  ZRaiseDisputeInput,
  ZResolveDisputeInput,
  ZWithdrawDisputeInput,
  type TDispute,
  type TDisputeAttachment,
  type TDisputeListInput,
  type TRaiseDisputeInput,
  type TResolveDisputeInput,
  type TWithdrawDisputeInput,
} from "./disputes.schemas.ts";
import { readDisputePolicy } from "./settlement-policy.service.ts";
import { bookAdjustment, generationContext, loadPlanVersions, type GenerationContext } from "./statement-generation.service.ts";
import { planTransition } from "./statement-status.rules.ts";
import { apiLineKind } from "./statements.schemas.ts";

const DISPUTE_SELECT = {
  id: true,
  statementId: true,
  lineId: true,
  partnerId: true,
  raisedById: true,
  reason: true,
  expectedAmount: true,
  attachmentName: true,
  attachmentType: true,
  status: true,
  resolutionNote: true,
  adjustmentAmount: true,
  adjustmentLineKey: true,
  resolvedById: true,
  resolvedAt: true,
  createdAt: true,
} satisfies Prisma.CommissionDisputeSelect;
type DisputeRow = Prisma.CommissionDisputeGetPayload<{ select: typeof DISPUTE_SELECT }>;

const byId = <T extends { id: string }>(rows: readonly T[]) => new Map(rows.map((row) => [row.id, row]));

/** Plan version numbers for lines: partners see which version paid them, not the plan itself (as statements do). */
async function planVersionNumbers(ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await runAsSystem("commissions:plan-numbers", () => db.commissionPlan.findMany({ where: { id: { in: [...ids] } }, select: { id: true, version: true } }));
  return new Map(rows.map((row) => [row.id, row.version]));
}

/** Disputes as the API shows them, with their statement, line, people and SLA age (read in the actor's scope). */
async function toDisputes(rows: readonly DisputeRow[], now: Date): Promise<TDispute[]> {
  if (rows.length === 0) return [];
  const ids = (pick: (row: DisputeRow) => string | null) => [...new Set(rows.map(pick).filter((id): id is string => id !== null))];
  const [statements, lines, partners, users, policy] = await Promise.all([
    db.commissionStatement.findMany({ where: { id: { in: ids((r) => r.statementId) } }, select: { id: true, period: true, status: true } }),
    db.commissionLine.findMany({
      where: { id: { in: ids((r) => r.lineId) } },
      select: { id: true, key: true, kind: true, amount: true, base: true, rate: true, orderId: true, orderItemId: true, refundId: true, planVersionId: true, detail: true },
    }),
    db.partner.findMany({ where: { id: { in: ids((r) => r.partnerId) } }, select: { id: true, name: true } }),
    // A partner reads its own people's names only: finance's names stay on the platform's side.
    db.user.findMany({ where: { id: { in: [...ids((r) => r.raisedById), ...ids((r) => r.resolvedById)] } }, select: { id: true, name: true } }),
    readDisputePolicy(),
  ]);
  const orderIds = [...new Set(lines.flatMap((line) => (line.orderId ? [line.orderId] : [])))];
  const planIds = [...new Set(lines.flatMap((line) => (line.planVersionId ? [line.planVersionId] : [])))];
  const [orders, versions, open] = await Promise.all([
    orderIds.length ? db.order.findMany({ where: { id: { in: orderIds } }, select: { id: true, externalId: true } }).then(byId) : new Map<string, { externalId: string }>(),
    planVersionNumbers(planIds),
    db.commissionDispute.findMany({ where: { lineId: { in: lines.map((l) => l.id) }, status: "open" }, select: { id: true, lineId: true } }),
  ]);
  const openByLine = new Map(open.map((d) => [d.lineId, d.id]));
  const statementById = byId(statements);
  const lineById = byId(lines);
  const partnerById = byId(partners);
  const userById = byId(users);
  return rows.flatMap((row) => {
    const statement = statementById.get(row.statementId);
    const line = lineById.get(row.lineId);
    if (!statement || !line) return [];
    return [
      {
        id: row.id,
        statementId: row.statementId,
        period: statement.period,
        statementStatus: statement.status,
        partnerId: row.partnerId,
        partnerName: partnerById.get(row.partnerId)?.name ?? null,
        line: {
          id: line.id,
          key: line.key,
          ...apiLineKind(line.kind, (line.detail as { cause?: { type?: unknown } } | null)?.cause),
          amount: line.amount.toFixed(2),
          base: line.base.toFixed(),
          rate: line.rate ? line.rate.toFixed() : null,
          orderId: line.orderId,
          orderExternalId: line.orderId ? (orders.get(line.orderId)?.externalId ?? null) : null,
          orderItemId: line.orderItemId,
          refundId: line.refundId,
          planVersionId: line.planVersionId,
          planVersion: line.planVersionId ? (versions.get(line.planVersionId) ?? null) : null,
          detail: line.detail as Record<string, unknown>,
          openDisputeId: openByLine.get(line.id) ?? null,
        },
        raisedById: row.raisedById,
        raisedByName: userById.get(row.raisedById)?.name ?? null,
        reason: row.reason,
        expectedAmount: row.expectedAmount ? row.expectedAmount.toFixed(2) : null,
        attachment: row.attachmentName ? { fileName: row.attachmentName, contentType: row.attachmentType ?? "application/octet-stream" } : null,
        status: row.status,
        resolutionNote: row.resolutionNote,
        adjustmentAmount: row.adjustmentAmount ? row.adjustmentAmount.toFixed(2) : null,
        adjustmentLineKey: row.adjustmentLineKey,
        resolvedById: row.resolvedById,
        resolvedByName: row.resolvedById ? (userById.get(row.resolvedById)?.name ?? null) : null,
        resolvedAt: row.resolvedAt,
        createdAt: row.createdAt,
        ageHours: disputeAgeHours(row.createdAt, row.resolvedAt, now),
        slaHours: policy.slaHours,
        overSla: isOverSla(row.createdAt, row.resolvedAt, now, policy.slaHours),
      },
    ];
  });
}

/** A dispute the actor may see (another partner's is 404, like every record). */
async function visibleDispute(id: string): Promise<DisputeRow> {
  const row = ZId.safeParse(id).success ? await db.commissionDispute.findUnique({ where: { id }, select: DISPUTE_SELECT }) : null;
  if (!row) throw notFound("CommissionDispute");
  return row;
}

export async function listDisputes(actor: Actor, rawInput: TDisputeListInput, now = new Date()): Promise<{ items: TDispute[]; nextCursor: string | null }> {
  requirePermission(actor, "statement:read");
  const input = ZDisputeListInput.parse(rawInput);
  const none = { items: [], nextCursor: null };
  if (input.statementId !== undefined && !ZId.safeParse(input.statementId).success) return none;
  const partnerFilter = input.partnerId !== undefined && actor.kind !== "partner";
  if (partnerFilter && !ZId.safeParse(input.partnerId).success) return none;
  const oldest = input.order === "oldest";
  const where: Prisma.CommissionDisputeWhereInput = {
    ...(input.status === "resolved" ? { status: { not: "open" } } : input.status ? { status: input.status } : {}),
    ...(input.statementId ? { statementId: input.statementId } : {}),
    ...(partnerFilter ? { partnerId: input.partnerId } : {}),
    ...(input.cursor ? { id: oldest ? { gt: input.cursor } : { lt: input.cursor } } : {}),
  };
  const rows = await db.commissionDispute.findMany({ where, orderBy: { id: oldest ? "asc" : "desc" }, take: input.limit + 1, select: DISPUTE_SELECT });
  const more = rows.length > input.limit;
  const items = await toDisputes(rows.slice(0, input.limit), now);
  return { items, nextCursor: more ? (rows[input.limit - 1]?.id ?? null) : null };
}

export async function getDispute(actor: Actor, id: string, now = new Date()): Promise<TDispute> {
  requirePermission(actor, "statement:read");
  const [dispute] = await toDisputes([await visibleDispute(id)], now);
  if (!dispute) throw notFound("CommissionDispute");
  return dispute;
}

/** The file attached to a dispute (GET /disputes/{id}/attachment). */
export async function getDisputeAttachment(actor: Actor, id: string): Promise<TDisputeAttachment> {
  requirePermission(actor, "statement:read");
  const row = ZId.safeParse(id).success ? await db.commissionDispute.findUnique({ where: { id }, select: { attachment: true, attachmentName: true, attachmentType: true } }) : null;
  if (!row) throw notFound("CommissionDispute");
  if (!row.attachment || !row.attachmentName) throw new DomainError("NOT_FOUND", { i18nKey: "settlement.errors.noAttachment" });
  const bytes = Buffer.from(row.attachment);
  return { fileName: row.attachmentName, contentType: row.attachmentType ?? "application/octet-stream", size: bytes.length, contentBase64: bytes.toString("base64") };
}

type StatementLock = { id: string; partnerId: string; period: string; status: TStatementStatus; total: string };

async function lockForDisputes(tx: SqlTx, partnerId: string, statementId: string): Promise<StatementLock> {
  // The generation's per-partner lock first (same order as generation and bookAdjustment), then the row.
  await lockPartnerStatements(tx, partnerId);
  const [statement] = await tx.query<StatementLock>(Prisma.sql`
    SELECT id, "partnerId", period, status::text AS status, total::text AS total
    FROM "CommissionStatement" WHERE id = ${statementId}::uuid FOR UPDATE`);
  if (!statement) throw notFound("CommissionStatement");
  return statement;
}


function decodeAttachment(input: NonNullable<TRaiseDisputeInput["attachment"]>): { fileName: string; contentType: string; bytes: Buffer } {
  const fileName = input.fileName.trim();
  const extension = attachmentExtension(fileName);
  const bytes = Buffer.from(base64Body(input.contentBase64), "base64");
  const problem = extension ? attachmentContentProblem(extension, bytes) : "settlement.errors.attachmentType";
  if (problem) throw new DomainError("VALIDATION_FAILED", { details: [{ path: extension ? "attachment.contentBase64" : "attachment.fileName", message: problem }] });
  return { fileName, contentType: ATTACHMENT_TYPES[extension!], bytes };
}

/** POST /statements/{id}/disputes: a partner's admin or manager questions one line of its statement. */
export async function raiseDispute(actor: Actor, rawInput: TRaiseDisputeInput, now = new Date()): Promise<TDispute> {
  requirePermission(actor, "dispute:create");
  if (actor.kind !== "partner") throw new DomainError("FORBIDDEN");
  const input = ZRaiseDisputeInput.parse(rawInput);
  const attachment = input.attachment ? decodeAttachment(input.attachment) : null;
  const statement = ZId.safeParse(input.id).success ? await db.commissionStatement.findUnique({ where: { id: input.id }, select: { id: true, partnerId: true, status: true } }) : null;
  if (!statement) throw notFound("CommissionStatement");
  const line = ZId.safeParse(input.lineId).success
    ? await db.commissionLine.findFirst({ where: { id: input.lineId, statementId: statement.id }, select: { id: true, key: true, amount: true } })
    : null;
  if (!line) throw new DomainError("NOT_FOUND", { details: [{ path: "lineId", message: "settlement.errors.lineNotInStatement" }] });
  const refusal = disputeRefusal(statement.status);
  if (refusal) throw new DomainError("RULE_VIOLATION", { i18nKey: refusal });

  const id = uuidv7(now);
  try {
    await runAsSystem("commissions:dispute-raised", () =>
      systemTransaction(async (tx) => {
        const locked = await lockForDisputes(tx, statement.partnerId, statement.id);
        const lockedRefusal = disputeRefusal(locked.status);
        if (lockedRefusal) throw new DomainError("RULE_VIOLATION", { i18nKey: lockedRefusal });
        // A regeneration may have removed the line since it was read.
        const [still] = await tx.query<{ amount: string }>(Prisma.sql`SELECT amount::text AS amount FROM "CommissionLine" WHERE id = ${line.id}::uuid AND "statementId" = ${statement.id}::uuid`);
        if (!still) throw new DomainError("NOT_FOUND", { details: [{ path: "lineId", message: "settlement.errors.lineNotInStatement" }] });
        const [open] = await tx.query<{ id: string }>(Prisma.sql`SELECT id FROM "CommissionDispute" WHERE "lineId" = ${line.id}::uuid AND status = 'open'`);
        if (open) throw new DomainError("CONFLICT", { i18nKey: "settlement.errors.disputeAlreadyOpen" });
        await tx.execute(Prisma.sql`
          INSERT INTO "CommissionDispute" (id, "statementId", "lineId", "partnerId", "raisedById", reason, "expectedAmount", "attachmentName", "attachmentType", attachment, status, "createdAt")
          VALUES (${id}::uuid, ${statement.id}::uuid, ${line.id}::uuid, ${statement.partnerId}::uuid, ${actor.userId}::uuid, ${input.reason}, ${input.expectedAmount}::numeric,
                  ${attachment?.fileName ?? null}, ${attachment?.contentType ?? null}, ${attachment?.bytes ?? null}::bytea, 'open', ${now})`);
        const audit: AuditEntry[] = [
          {
            action: "dispute.raised",
            entityType: "CommissionDispute",
            entityId: id,
            partnerId: statement.partnerId,
            after: { statementId: statement.id, period: locked.period, lineId: line.id, lineKey: line.key, lineAmount: still.amount, reason: input.reason, expectedAmount: input.expectedAmount, attachment: attachment?.fileName ?? null },
          },
        ];
        const events: PendingEvent[] = [
          domainEvent(
            "dispute.raised",
            { type: "CommissionDispute", id, partnerId: statement.partnerId },
            { disputeId: id, statementId: statement.id, partnerId: statement.partnerId, period: locked.period, lineId: line.id, lineKey: line.key, lineAmount: formatMoney(still.amount), expectedAmount: input.expectedAmount, raisedById: actor.userId },
          ),
        ];
        const plan = planTransition(locked.status, "disputed");
        if (plan.type === "transition") {
          await tx.execute(Prisma.sql`UPDATE "CommissionStatement" SET status = 'disputed', "updatedAt" = now() WHERE id = ${statement.id}::uuid`);
          audit.push({ action: "statement.disputed", entityType: "CommissionStatement", entityId: statement.id, partnerId: statement.partnerId, before: { status: locked.status, total: locked.total }, after: { status: "disputed", total: locked.total, disputeId: id } });
        }
        await tx.execute(auditInsert(actor, audit));
        await tx.execute(outboxInsert(events));
      }),
    );
  } catch (error) {
    // Two people raising the same line at once: the partial unique index lets one through.
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", { i18nKey: "settlement.errors.disputeAlreadyOpen" });
    throw error;
  }
  return getDispute(actor, id, now);
}

type Closing =
  | { status: "accepted"; note: string | null; amount: string; context: GenerationContext }
  | { status: "rejected" | "withdrawn"; note: string | null; amount: null };

/**
 * Close an open dispute inside the caller's transaction: the dispute row, the adjustment when
 * accepted, and — when it was the statement's last open one — the statement's next status.
 */
async function closeDispute(tx: SqlTx, actor: Actor, dispute: DisputeRow, closing: Closing, now: Date): Promise<void> {
  const statement = await lockForDisputes(tx, dispute.partnerId, dispute.statementId);
  const [current] = await tx.query<{ status: string }>(Prisma.sql`SELECT status::text AS status FROM "CommissionDispute" WHERE id = ${dispute.id}::uuid FOR UPDATE`);
  if (current?.status !== "open") throw new DomainError("ALREADY_DECIDED", { i18nKey: "settlement.errors.disputeNotOpen" });

  let adjustmentLineKey: string | null = null;
  if (closing.status === "accepted") {
    // Recomputing a large partner's period takes longer than the default statement timeout.
    await tx.execute(Prisma.sql`SET LOCAL statement_timeout = 60000`);
    const [partner] = await tx.query<{ id: string; tier: "bronze" | "silver" | "gold" | "platinum" }>(Prisma.sql`SELECT id, tier::text AS tier FROM "Partner" WHERE id = ${dispute.partnerId}::uuid`);
    const booked = await bookAdjustment(tx, partner!, { cause: { type: "dispute", id: dispute.id, period: statement.period }, amount: closing.amount, note: closing.note }, statement.period, closing.context);
    adjustmentLineKey = booked.key;
  }
  await tx.execute(Prisma.sql`
    UPDATE "CommissionDispute" SET status = ${closing.status}::"DisputeStatus", "resolutionNote" = ${closing.note}, "adjustmentAmount" = ${closing.amount}::numeric,
      "adjustmentLineKey" = ${adjustmentLineKey}, "resolvedById" = ${actor.kind === "system" || actor.kind === "anonymous" ? null : actor.userId}::uuid, "resolvedAt" = ${now}
    WHERE id = ${dispute.id}::uuid`);

  const spans = await tx.query<{ createdAt: Date; resolvedAt: Date | null; status: TDispute["status"] }>(Prisma.sql`
    SELECT "createdAt", "resolvedAt", status::text AS status FROM "CommissionDispute" WHERE "statementId" = ${statement.id}::uuid`);
  const next = statement.status === "disputed" ? statusAfterDisputes(spans) : null;
  const [after] = await tx.query<{ total: string }>(Prisma.sql`SELECT total::text AS total FROM "CommissionStatement" WHERE id = ${statement.id}::uuid`);
  const total = after!.total;
  let statementStatus: TStatementStatus = statement.status;
  const audit: AuditEntry[] = [
    {
      action: `dispute.${closing.status}`,
      entityType: "CommissionDispute",
      entityId: dispute.id,
      partnerId: dispute.partnerId,
      before: { status: "open", statementTotal: statement.total },
      after: { status: closing.status, note: closing.note, adjustmentAmount: closing.amount, adjustmentLineKey, statementId: statement.id, statementTotal: total },
    },
  ];
  const events: PendingEvent[] = [];
  if (next) {
    const plan = planTransition(statement.status, next, { openDisputes: 0 });
    if (plan.type === "transition") {
      statementStatus = plan.status;
      if (plan.status === "confirmed") {
        await tx.execute(Prisma.sql`UPDATE "CommissionStatement" SET status = 'confirmed', "confirmedAt" = ${now}, "confirmedById" = NULL, "updatedAt" = now() WHERE id = ${statement.id}::uuid`);
      } else {
        await tx.execute(Prisma.sql`UPDATE "CommissionStatement" SET status = 'issued', "confirmedAt" = NULL, "confirmedById" = NULL, "updatedAt" = now() WHERE id = ${statement.id}::uuid`);
      }
      audit.push({
        action: plan.status === "confirmed" ? "statement.confirmed" : "statement.reissued",
        entityType: "CommissionStatement",
        entityId: statement.id,
        partnerId: statement.partnerId,
        before: { status: statement.status, total: statement.total },
        after: { status: plan.status, total, reason: plan.status === "confirmed" ? "settlement.statementAfterDisputes.unchanged" : "settlement.statementAfterDisputes.changed" },
      });
      const payload = { statementId: statement.id, partnerId: statement.partnerId, period: statement.period, total, status: plan.status };
      events.push(domainEvent(plan.status === "confirmed" ? "statement.confirmed" : "statement.issued", { type: "CommissionStatement", id: statement.id, partnerId: statement.partnerId }, payload));
    }
  }
  const aggregate = { type: "CommissionDispute", id: dispute.id, partnerId: dispute.partnerId };
  if (closing.status === "withdrawn") {
    events.unshift(domainEvent("dispute.withdrawn", aggregate, { disputeId: dispute.id, statementId: statement.id, partnerId: dispute.partnerId, period: statement.period, withdrawnById: actor.kind === "partner" ? actor.userId : "", statementStatus }));
  } else {
    events.unshift(
      domainEvent("dispute.resolved", aggregate, {
        disputeId: dispute.id,
        statementId: statement.id,
        partnerId: dispute.partnerId,
        period: statement.period,
        raisedById: dispute.raisedById,
        status: closing.status,
        adjustmentAmount: closing.amount,
        resolutionNote: closing.note,
        statementStatus,
      }),
    );
  }
  await tx.execute(auditInsert(actor, audit));
  await tx.execute(outboxInsert(events));
}

/**
 * POST /disputes/{id}/resolve: finance accepts (the correction is booked as an adjustment line in
 * the disputed statement) or rejects (with the reason the partner reads).
 */
export async function resolveDispute(actor: Actor, rawInput: TResolveDisputeInput, now = new Date()): Promise<TDispute> {
  requirePermission(actor, "dispute:resolve");
  const input = ZResolveDisputeInput.parse(rawInput);
  const dispute = await visibleDispute(input.id);
  if (dispute.status !== "open") throw new DomainError("ALREADY_DECIDED", { i18nKey: "settlement.errors.disputeNotOpen" });
  const closing: Closing =
    input.decision === "accept"
      ? // The plan versions are read before the transaction (their own read), as a generation run does.
        { status: "accepted", note: input.note ?? null, amount: formatMoney(toDecimal(input.amount!)), context: generationContext(await loadPlanVersions()) }
      : { status: "rejected", note: input.note ?? null, amount: null };
  await runAsSystem("commissions:dispute-resolved", () => systemTransaction((tx) => closeDispute(tx, actor, dispute, closing, now)));
  return getDispute(actor, dispute.id, now);
}

/** POST /disputes/{id}/withdraw: the partner takes its question back (whoever raised it, or the partner's admin). */
export async function withdrawDispute(actor: Actor, rawInput: TWithdrawDisputeInput, now = new Date()): Promise<TDispute> {
  requirePermission(actor, "dispute:create");
  if (actor.kind !== "partner") throw new DomainError("FORBIDDEN");
  const input = ZWithdrawDisputeInput.parse(rawInput);
  const dispute = await visibleDispute(input.id);
  if (dispute.raisedById !== actor.userId && actor.role !== "admin") throw new DomainError("FORBIDDEN", { i18nKey: "settlement.errors.withdrawOwnOnly" });
  if (dispute.status !== "open") throw new DomainError("ALREADY_DECIDED", { i18nKey: "settlement.errors.disputeNotOpen" });
  await runAsSystem("commissions:dispute-withdrawn", () => systemTransaction((tx) => closeDispute(tx, actor, dispute, { status: "withdrawn", note: input.note ?? null, amount: null }, now)));
  return getDispute(actor, dispute.id, now);
}
