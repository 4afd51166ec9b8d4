/**
 * Payouts (issue 5 item 6, docs/decisions/022-disputes-and-payouts.md). Finance records money paid
 * to a partner against one of its approved statements; the partner's balance (approved and paid
 * statements − payouts, negative when clawbacks exceeded earnings: carried forward) bounds what may
 * be paid, and the payouts settle statements in period order (payouts.rules.ts), which are then
 * marked paid. A reference is unique per partner: the same payout sent again is answered with the
 * first one (200), another payout under the same reference is a 409. Every payout and every
 * statement it settles is audited and announced in the same transaction.
 */
import { lockPartnerStatements } from "./statement-lines.repository.ts";
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db, Prisma, runAsSystem, systemTransaction, type SqlTx, isUniqueViolation } from "../../db/index.ts";
import { uuidv7 } from "../../db/uuidv7.ts";
import { env } from "../../env/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { auditInsert, type AuditEntry } from "../audit/audit.repository.ts";
import { domainEvent, outboxInsert, type PendingEvent } from "../outbox/outbox.repository.ts";
import { formatMoney, toDecimal } from "../money.rules.ts";
import { ZId } from "../shared.schemas.ts";
import { isCarriedForward, partnerLedger, payoutRefusal, type LedgerStatement } from "./payouts.rules.ts";
import {
  ZBalanceListInput,
  ZPayoutListInput,
  ZRecordPayoutInput,
  type TBalanceListInput,
  type TPartnerBalance,
  type TPartnerBalanceSummary,
  type TPayout,
  type TPayoutListInput,
  type TRecordedPayout,
  type TRecordPayoutInput,
} from "./payouts.schemas.ts";
import { readPayoutPolicy } from "./settlement-policy.service.ts";
import { planTransition } from "./statement-status.rules.ts";

const SETTLING = ["approved", "paid"] as const;

const dateText = (date: Date) => date.toISOString().slice(0, 10);

/** Today's date where the platform keeps its books. */
function today(now: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: env().PLATFORM_TIMEZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

// ── reads ───────────────────────────────────────────────────────────────────────────────────────

type PayoutRow = { id: string; partnerId: string; statementId: string; amount: Prisma.Decimal; paidOn: Date; reference: string; note: string | null; recordedById: string | null; createdAt: Date };

async function toPayouts(rows: readonly PayoutRow[]): Promise<TPayout[]> {
  if (rows.length === 0) return [];
  const unique = (values: Array<string | null>) => [...new Set(values.filter((v): v is string => v !== null))];
  const [statements, partners, users] = await Promise.all([
    db.commissionStatement.findMany({ where: { id: { in: unique(rows.map((r) => r.statementId)) } }, select: { id: true, period: true } }),
    db.partner.findMany({ where: { id: { in: unique(rows.map((r) => r.partnerId)) } }, select: { id: true, name: true } }),
    // Finance's names stay on the platform's side: a partner reads its own people only.
    db.user.findMany({ where: { id: { in: unique(rows.map((r) => r.recordedById)) } }, select: { id: true, name: true } }),
  ]);
  const periods = new Map(statements.map((s) => [s.id, s.period]));
  const names = new Map(partners.map((p) => [p.id, p.name]));
  const people = new Map(users.map((u) => [u.id, u.name]));
  return rows.map((row) => ({
    id: row.id,
    partnerId: row.partnerId,
    partnerName: names.get(row.partnerId) ?? null,
    statementId: row.statementId,
    period: periods.get(row.statementId) ?? "",
    amount: row.amount.toFixed(2),
    paidOn: dateText(row.paidOn),
    reference: row.reference,
    note: row.note,
    recordedById: row.recordedById,
    recordedByName: row.recordedById ? (people.get(row.recordedById) ?? null) : null,
    createdAt: row.createdAt,
  }));
}

export async function listPayouts(actor: Actor, rawInput: TPayoutListInput): Promise<{ items: TPayout[]; nextCursor: string | null }> {
  requirePermission(actor, "payout:read");
  const input = ZPayoutListInput.parse(rawInput);
  const none = { items: [], nextCursor: null };
  const partnerFilter = input.partnerId !== undefined && actor.kind !== "partner";
  if ((partnerFilter && !ZId.safeParse(input.partnerId).success) || (input.statementId !== undefined && !ZId.safeParse(input.statementId).success)) return none;
  const rows = await db.payout.findMany({
    where: {
      ...(partnerFilter ? { partnerId: input.partnerId } : {}),
      ...(input.statementId ? { statementId: input.statementId } : {}),
      ...(input.cursor ? { id: { lt: input.cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  const items = await toPayouts(rows.slice(0, input.limit));
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

type PartnerInfo = { id: string; name: string | null; status: string | null };
type BalanceStatement = LedgerStatement & { period: string; total: string; paidAmount: string };

function summary(partner: PartnerInfo, statements: readonly BalanceStatement[], payouts: readonly string[], lastPaidOn: Date | null, minimumPayout: string): TPartnerBalance {
  const ledger = partnerLedger(statements, payouts);
  const ordered = [...statements].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  const next = ordered.find((s) => s.id === ledger.next);
  return {
    partnerId: partner.id,
    partnerName: partner.name,
    partnerStatus: partner.status,
    currency: "CNY",
    approvedTotal: ledger.approvedTotal,
    paidTotal: ledger.paidTotal,
    balance: ledger.balance,
    minimumPayout,
    carriedForward: isCarriedForward(ledger.balance, minimumPayout),
    nextStatement: next ? { id: next.id, period: next.period, total: formatMoney(next.total) } : null,
    lastPaidOn: lastPaidOn ? dateText(lastPaidOn) : null,
    statements: ordered.map((s) => ({
      id: s.id,
      period: s.period,
      status: s.status as TPartnerBalance["statements"][number]["status"],
      total: formatMoney(s.total),
      paidAmount: s.paidAmount,
      settled: ledger.settled.has(s.id),
    })),
  };
}

/** GET /partners/{id}/balance: what is payable to the partner now, statement by statement (a partner: its own). */
export async function partnerBalance(actor: Actor, partnerId: string): Promise<TPartnerBalance> {
  requirePermission(actor, "payout:read");
  if (!ZId.safeParse(partnerId).success || (actor.kind === "partner" && actor.partnerId !== partnerId)) throw notFound("Partner");
  const partner = await db.partner.findUnique({ where: { id: partnerId }, select: { id: true, name: true, status: true } });
  if (!partner) throw notFound("Partner");
  const [statements, payouts, policy] = await Promise.all([
    db.commissionStatement.findMany({ where: { partnerId, status: { in: [...SETTLING] } }, select: { id: true, period: true, status: true, total: true, paidAmount: true } }),
    db.payout.aggregate({ where: { partnerId }, _sum: { amount: true }, _max: { paidOn: true } }),
    readPayoutPolicy(),
  ]);
  const ledger = statements.map((s) => ({ id: s.id, period: s.period, status: s.status, total: s.total.toFixed(2), paidAmount: s.paidAmount.toFixed(2) }));
  return summary(partner, ledger, [payouts._sum.amount?.toFixed(2) ?? "0"], payouts._max.paidOn ?? null, policy.minimumPayout);
}

/**
 * GET /payout-balances: every partner with approved statements and its balance, by partner id
 * (a partner: only its own). `payable` keeps those with at least the minimum payout to pay now.
 */
export async function listBalances(actor: Actor, rawInput: TBalanceListInput): Promise<{ items: TPartnerBalanceSummary[]; nextCursor: string | null }> {
  requirePermission(actor, "payout:read");
  const input = ZBalanceListInput.parse(rawInput);
  const policy = await readPayoutPolicy();
  const strip = ({ statements: _statements, ...rest }: TPartnerBalance): TPartnerBalanceSummary => rest;
  const keep = (balance: TPartnerBalanceSummary) => !input.payable || (!balance.carriedForward && !balance.balance.startsWith("-") && balance.balance !== "0.00");
  if (actor.kind === "partner") {
    if (input.cursor) return { items: [], nextCursor: null };
    const own = strip(await partnerBalance(actor, actor.partnerId));
    return { items: own.approvedTotal === "0.00" && own.paidTotal === "0.00" && !own.nextStatement ? [] : [own].filter(keep), nextCursor: null };
  }
  const groups = await db.commissionStatement.groupBy({
    by: ["partnerId"],
    where: { status: { in: [...SETTLING] }, ...(input.cursor ? { partnerId: { gt: input.cursor } } : {}) },
    orderBy: { partnerId: "asc" },
    take: input.limit + 1,
  });
  const partnerIds = groups.slice(0, input.limit).map((g) => g.partnerId);
  if (partnerIds.length === 0) return { items: [], nextCursor: null };
  const [statements, payouts, partners] = await Promise.all([
    db.commissionStatement.findMany({ where: { partnerId: { in: partnerIds }, status: { in: [...SETTLING] } }, select: { id: true, partnerId: true, period: true, status: true, total: true, paidAmount: true } }),
    db.payout.groupBy({ by: ["partnerId"], where: { partnerId: { in: partnerIds } }, _sum: { amount: true }, _max: { paidOn: true } }),
    db.partner.findMany({ where: { id: { in: partnerIds } }, select: { id: true, name: true, status: true } }),
  ]);
  const paid = new Map(payouts.map((p) => [p.partnerId, p]));
  const partnerById = new Map(partners.map((p) => [p.id, p]));
  const items = partnerIds.map((partnerId) => {
    const own = statements.filter((s) => s.partnerId === partnerId).map((s) => ({ id: s.id, period: s.period, status: s.status, total: s.total.toFixed(2), paidAmount: s.paidAmount.toFixed(2) }));
    const payout = paid.get(partnerId);
    const partner = partnerById.get(partnerId);
    return strip(summary({ id: partnerId, name: partner?.name ?? null, status: partner?.status ?? null }, own, [payout?._sum.amount?.toFixed(2) ?? "0"], payout?._max.paidOn ?? null, policy.minimumPayout));
  });
  return { items: items.filter(keep), nextCursor: groups.length > input.limit ? (partnerIds.at(-1) ?? null) : null };
}

// ── settlement ──────────────────────────────────────────────────────────────────────────────────

type LedgerRow = { id: string; partnerId: string; period: string; status: string; total: string };

/**
 * Mark paid the partner's approved statements its payouts now settle (FIFO, payouts.rules.ts), in
 * the caller's system transaction, with an audit row and a `statement.paid` event each. Recording a
 * payout calls it; approving a statement may too (a zero or fully offset statement is settled by
 * what was already paid). Returns the statements it marked paid.
 */
export async function settlePartnerStatements(tx: SqlTx, actor: Actor, partnerId: string, now: Date): Promise<string[]> {
  const statements = await tx.query<LedgerRow>(Prisma.sql`
    SELECT id, "partnerId", period, status::text AS status, total::text AS total FROM "CommissionStatement"
    WHERE "partnerId" = ${partnerId}::uuid AND status IN ('approved', 'paid') ORDER BY period FOR UPDATE`);
  const [paid] = await tx.query<{ total: string }>(Prisma.sql`SELECT coalesce(sum(amount), 0)::text AS total FROM "Payout" WHERE "partnerId" = ${partnerId}::uuid`);
  const ledger = partnerLedger(statements, [paid!.total]);
  const settled: string[] = [];
  const audit: AuditEntry[] = [];
  const events: PendingEvent[] = [];
  for (const id of ledger.newlySettled) {
    const statement = statements.find((s) => s.id === id)!;
    const plan = planTransition("approved", "paid");
    if (plan.type !== "transition") continue;
    await tx.execute(Prisma.sql`UPDATE "CommissionStatement" SET status = 'paid', "paidAt" = ${now}, "updatedAt" = now() WHERE id = ${id}::uuid AND status = 'approved'`);
    settled.push(id);
    audit.push({ action: "statement.paid", entityType: "CommissionStatement", entityId: id, partnerId, before: { status: "approved", total: statement.total }, after: { status: "paid", total: statement.total, paidTotal: ledger.paidTotal, balance: ledger.balance } });
    events.push(domainEvent("statement.paid", { type: "CommissionStatement", id, partnerId }, { statementId: id, partnerId, period: statement.period, total: formatMoney(statement.total), status: "paid" }));
  }
  if (audit.length > 0) {
    await tx.execute(auditInsert(actor, audit));
    await tx.execute(outboxInsert(events));
  }
  return settled;
}

// ── recording ───────────────────────────────────────────────────────────────────────────────────

type StoredPayout = { id: string; statementId: string; amount: string; paidOn: Date; note: string | null };


/** POST /payouts: finance records a payout against an approved statement of the partner. */
export async function recordPayout(actor: Actor, rawInput: TRecordPayoutInput, now = new Date()): Promise<TRecordedPayout> {
  requirePermission(actor, "payout:write");
  const input = ZRecordPayoutInput.parse(rawInput);
  if (input.paidOn > today(now)) throw new DomainError("VALIDATION_FAILED", { details: [{ path: "paidOn", message: "settlement.errors.paidOnFuture" }] });
  const statement = ZId.safeParse(input.statementId).success ? await db.commissionStatement.findUnique({ where: { id: input.statementId }, select: { id: true, partnerId: true } }) : null;
  if (!statement) throw new DomainError("NOT_FOUND", { details: [{ path: "statementId", message: "settlement.errors.statementNotFound" }] });
  const amount = formatMoney(input.amount);
  const note = input.note ?? null;
  const policy = await readPayoutPolicy();
  const partnerId = statement.partnerId;

  const write = () =>
    runAsSystem("commissions:payout", () =>
      systemTransaction(async (tx): Promise<{ id: string; replayed: boolean }> => {
        await lockPartnerStatements(tx, partnerId);
        const [existing] = await tx.query<StoredPayout>(Prisma.sql`
          SELECT id, "statementId", amount::text AS amount, "paidOn", note FROM "Payout" WHERE "partnerId" = ${partnerId}::uuid AND reference = ${input.reference}`);
        if (existing) {
          const same = existing.statementId === statement.id && formatMoney(existing.amount) === amount && dateText(existing.paidOn) === input.paidOn && (existing.note ?? null) === note;
          if (!same) throw new DomainError("CONFLICT", { i18nKey: "settlement.errors.referenceUsed", params: { reference: input.reference } });
          return { id: existing.id, replayed: true };
        }
        const [target] = await tx.query<LedgerRow>(Prisma.sql`
          SELECT id, "partnerId", period, status::text AS status, total::text AS total FROM "CommissionStatement" WHERE id = ${statement.id}::uuid FOR UPDATE`);
        if (target!.status === "paid") throw new DomainError("RULE_VIOLATION", { i18nKey: "settlement.errors.statementAlreadyPaid" });
        if (target!.status !== "approved") throw new DomainError("RULE_VIOLATION", { i18nKey: "settlement.errors.statementNotApproved" });
        const statements = await tx.query<LedgerRow>(Prisma.sql`
          SELECT id, "partnerId", period, status::text AS status, total::text AS total FROM "CommissionStatement"
          WHERE "partnerId" = ${partnerId}::uuid AND status IN ('approved', 'paid')`);
        const [paid] = await tx.query<{ total: string }>(Prisma.sql`SELECT coalesce(sum(amount), 0)::text AS total FROM "Payout" WHERE "partnerId" = ${partnerId}::uuid`);
        const [partner] = await tx.query<{ status: string }>(Prisma.sql`SELECT status::text AS status FROM "Partner" WHERE id = ${partnerId}::uuid`);
        const before = partnerLedger(statements, [paid!.total]);
        const refusal = payoutRefusal({ amount, balance: before.balance, minimumPayout: policy.minimumPayout, finalSettlement: partner?.status === "terminated" });
        if (refusal) throw new DomainError("RULE_VIOLATION", { i18nKey: refusal, params: { balance: before.balance, minimum: policy.minimumPayout, amount } });

        const id = uuidv7(now);
        await tx.execute(Prisma.sql`
          INSERT INTO "Payout" (id, "partnerId", "statementId", amount, "paidOn", reference, note, "recordedById", "createdAt")
          VALUES (${id}::uuid, ${partnerId}::uuid, ${statement.id}::uuid, ${amount}::numeric, ${input.paidOn}::date, ${input.reference}, ${note},
                  ${actor.kind === "platform" ? actor.userId : null}::uuid, ${now})`);
        await tx.execute(Prisma.sql`UPDATE "CommissionStatement" SET "paidAmount" = "paidAmount" + ${amount}::numeric, "updatedAt" = now() WHERE id = ${statement.id}::uuid`);
        const balanceAfter = formatMoney(toDecimal(before.balance).sub(toDecimal(amount)));
        await tx.execute(
          auditInsert(actor, [
            {
              action: "payout.recorded",
              entityType: "Payout",
              entityId: id,
              partnerId,
              after: { statementId: statement.id, period: target!.period, amount, paidOn: input.paidOn, reference: input.reference, note, balanceBefore: before.balance, balanceAfter },
            },
          ]),
        );
        const settled = await settlePartnerStatements(tx, actor, partnerId, now);
        await tx.execute(
          outboxInsert([
            domainEvent(
              "payout.recorded",
              { type: "Payout", id, partnerId },
              { payoutId: id, partnerId, statementId: statement.id, amount, paidOn: input.paidOn, reference: input.reference, balance: balanceAfter, settledStatementIds: settled },
            ),
          ]),
        );
        return { id, replayed: false };
      }),
    );

  let outcome: { id: string; replayed: boolean };
  try {
    outcome = await write();
  } catch (error) {
    // The unique (partner, reference) caught a twin the lock did not (it cannot, but the index is the last word).
    if (isUniqueViolation(error)) outcome = await write();
    else throw error;
  }
  const row = await db.payout.findUniqueOrThrow({ where: { id: outcome.id } });
  const [payout] = await toPayouts([row]);
  return { ...payout!, replayed: outcome.replayed, balance: await partnerBalance(actor, partnerId) };
}
