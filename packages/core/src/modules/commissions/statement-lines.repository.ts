/**
 * SQL of statement generation (docs/decisions/019-statements-runs-and-lines.md): what one partner's
 * period is computed from, and writing its lines by key. Raw SQL on a system transaction because a
 * run touches a million rows: arrays go in as bound parameters (unnest), never as text.
 */
import { createHash } from "node:crypto";
import { Prisma, type SqlTx } from "../../db/index.ts";
import { uuidv7 } from "../../db/uuidv7.ts";
import type { TStatementStatus } from "./commission.schemas.ts";
import { canonicalJson } from "@qudao/plugins/package-format";
import { isPluginLineKey, type CommissionLine } from "./commission.rules.ts";

export type StatementRow = {
  id: string;
  partnerId: string;
  period: string;
  status: TStatementStatus;
  total: string;
  approvedAt: Date | null;
};

export type ItemRow = { orderItemId: string; orderId: string; orderedAt: Date; category: string; quantity: string; unitPrice: string };
export type RefundRow = { refundId: string; orderId: string; refundedAt: Date; amount: string; orderTotal: string };
export type StoredLine = { id: string; key: string; kind: CommissionLine["kind"]; amount: string; digest: string; detail: Record<string, unknown>; disputes: number };

/**
 * One writer of a partner's statements at a time (a run, a dispute resolution, a payout, a
 * settlement), until the transaction ends. Every such writer takes this lock first.
 */
export async function lockPartnerStatements(tx: SqlTx, partnerId: string): Promise<void> {
  await tx.execute(Prisma.sql`SELECT pg_advisory_xact_lock(hashtext(${`statements:${partnerId}`}))`);
}

export function statementsOf(tx: SqlTx, partnerId: string): Promise<StatementRow[]> {
  return tx.query<StatementRow>(Prisma.sql`
    SELECT id, "partnerId", period, status::text AS status, total::text AS total, "approvedAt"
    FROM "CommissionStatement" WHERE "partnerId" = ${partnerId}::uuid ORDER BY period`);
}

/** The statement of (partner, period), created as a draft when missing; locked with FOR UPDATE. */
export async function lockStatement(tx: SqlTx, partnerId: string, period: string): Promise<StatementRow> {
  await tx.execute(Prisma.sql`
    INSERT INTO "CommissionStatement" (id, "partnerId", period, "updatedAt")
    VALUES (${uuidv7()}::uuid, ${partnerId}::uuid, ${period}, now())
    ON CONFLICT ("partnerId", period) DO NOTHING`);
  const [row] = await tx.query<StatementRow>(Prisma.sql`
    SELECT id, "partnerId", period, status::text AS status, total::text AS total, "approvedAt"
    FROM "CommissionStatement" WHERE "partnerId" = ${partnerId}::uuid AND period = ${period} FOR UPDATE`);
  return row!;
}

export function itemsOrderedIn(tx: SqlTx, partnerId: string, start: Date, end: Date): Promise<ItemRow[]> {
  return tx.query<ItemRow>(Prisma.sql`
    SELECT i.id AS "orderItemId", i."orderId", o."orderedAt", i.category, i.quantity::text AS quantity, i."unitPrice"::text AS "unitPrice"
    FROM "Order" o JOIN "OrderItem" i ON i."orderId" = o.id
    WHERE o."attributedPartnerId" = ${partnerId}::uuid AND o."orderedAt" >= ${start} AND o."orderedAt" < ${end}`);
}

export function itemsOfOrders(tx: SqlTx, orderIds: readonly string[]): Promise<ItemRow[]> {
  if (orderIds.length === 0) return Promise.resolve([]);
  return tx.query<ItemRow>(Prisma.sql`
    SELECT i.id AS "orderItemId", i."orderId", o."orderedAt", i.category, i.quantity::text AS quantity, i."unitPrice"::text AS "unitPrice"
    FROM "Order" o JOIN "OrderItem" i ON i."orderId" = o.id WHERE o.id = ANY(${[...orderIds]}::uuid[])`);
}

export function refundsMadeIn(tx: SqlTx, partnerId: string, start: Date, end: Date): Promise<RefundRow[]> {
  return tx.query<RefundRow>(Prisma.sql`
    SELECT r.id AS "refundId", r."orderId", r."refundedAt", r.amount::text AS amount, o.total::text AS "orderTotal"
    FROM "OrderRefund" r JOIN "Order" o ON o.id = r."orderId"
    WHERE o."attributedPartnerId" = ${partnerId}::uuid AND r."refundedAt" >= ${start} AND r."refundedAt" < ${end}`);
}

/** Of these orders, the ones that are their customer's first-ever order (earliest orderedAt across all partners, then id). */
export async function firstOrders(tx: SqlTx, orderIds: readonly string[]): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set();
  const rows = await tx.query<{ id: string }>(Prisma.sql`
    SELECT o.id FROM "Order" o
    WHERE o.id = ANY(${[...orderIds]}::uuid[])
      AND NOT EXISTS (
        SELECT 1 FROM "Order" p
        WHERE p."customerId" = o."customerId" AND (p."orderedAt" < o."orderedAt" OR (p."orderedAt" = o."orderedAt" AND p.id < o.id)))`);
  return new Set(rows.map((row) => row.id));
}

/**
 * Σ earn lines per order as booked (the `earned` a later refund claws back from), with the version
 * they used. The items' own earn lines only: a plugin's earn line on an order is the plugin's to claw
 * back (ADR 025).
 */
export async function bookedEarnings(tx: SqlTx, partnerId: string, orderIds: readonly string[]): Promise<Map<string, { earned: string; planVersionId: string | null }>> {
  if (orderIds.length === 0) return new Map();
  const rows = await tx.query<{ orderId: string; earned: string; planVersionId: string | null }>(Prisma.sql`
    SELECT "orderId", sum(amount)::text AS earned, min("planVersionId"::text) AS "planVersionId"
    FROM "CommissionLine" WHERE "partnerId" = ${partnerId}::uuid AND kind = 'earn' AND key LIKE 'earn:%' AND "orderId" = ANY(${[...orderIds]}::uuid[])
    GROUP BY "orderId"`);
  return new Map(rows.map((row) => [row.orderId, { earned: row.earned, planVersionId: row.planVersionId }]));
}

export function storedLines(tx: SqlTx, statementId: string): Promise<StoredLine[]> {
  return tx.query<StoredLine>(Prisma.sql`
    SELECT l.id, l.key, l.kind::text AS kind, l.amount::text AS amount, l.digest,
           -- Only adjustments are fed back to the engine (and a removed line's flag is in its digest).
           CASE WHEN l.kind = 'adjustment' OR l.digest = 'removed' THEN l.detail ELSE '{}'::jsonb END AS detail,
           coalesce(d.disputes, 0) AS disputes
    FROM "CommissionLine" l
    LEFT JOIN (SELECT "lineId", count(*)::int AS disputes FROM "CommissionDispute" WHERE "statementId" = ${statementId}::uuid GROUP BY "lineId") d ON d."lineId" = l.id
    WHERE l."statementId" = ${statementId}::uuid`);
}

/** Late-change adjustment lines that point at a locked statement, wherever they were booked. */
export function lateAdjustmentsFor(tx: SqlTx, partnerId: string, lockedStatementId: string): Promise<Array<{ key: string; period: string; amount: string }>> {
  return tx.query(Prisma.sql`
    SELECT key, period, amount::text AS amount FROM "CommissionLine"
    WHERE "partnerId" = ${partnerId}::uuid AND kind = 'adjustment' AND key LIKE ${`adjustment:lateChange:${lockedStatementId}:%`}`);
}

/** The line as stored: the columns, the explanation (detail) and the digest that makes a rerun write nothing. */
export type LineRecord = {
  key: string;
  kind: CommissionLine["kind"];
  orderId: string | null;
  orderItemId: string | null;
  refundId: string | null;
  planVersionId: string | null;
  base: string;
  rate: string | null;
  amount: string;
  detail: Record<string, unknown>;
  digest: string;
};

export function toLineRecord(line: CommissionLine): LineRecord {
  const { key, kind, base, amount, period: _period, ...rest } = line;
  const explained = rest as Record<string, unknown>;
  const pick = (name: string) => (typeof explained[name] === "string" ? (explained[name] as string) : null);
  const detail: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(explained)) {
    if (!["orderId", "orderItemId", "refundId", "planVersionId", "rate"].includes(name)) detail[name] = value;
  }
  const record = { key, kind, orderId: pick("orderId"), orderItemId: pick("orderItemId"), refundId: pick("refundId"), planVersionId: pick("planVersionId"), base, rate: pick("rate"), amount, detail };
  // The engine builds every line with its keys in a fixed order, so plain JSON is already canonical.
  // A plugin line carries the plugin's own JSON (description params) and is also rebuilt from the
  // stored row (jsonb reorders keys): its digest is of canonical JSON, so both give the same one.
  const json = isPluginLineKey(key) ? canonicalJson(record) : JSON.stringify(record);
  return { ...record, digest: createHash("md5").update(json).digest("hex") };
}

export type WriteResult = { created: number; updated: number; removed: number };

/**
 * Make the statement's lines exactly `lines`: insert new keys, update keys whose digest changed,
 * remove keys no longer produced (a line someone disputed is kept at zero with `removed` in its
 * detail, so the dispute still points at something). Unchanged lines are not written at all.
 */
export async function writeLines(tx: SqlTx, statement: { id: string; partnerId: string; period: string }, lines: readonly LineRecord[], stored: readonly StoredLine[]): Promise<WriteResult> {
  const byKey = new Map(stored.map((line) => [line.key, line]));
  const fresh: LineRecord[] = [];
  const changed: Array<LineRecord & { id: string }> = [];
  const wanted = new Set<string>();
  for (const line of lines) {
    wanted.add(line.key);
    const existing = byKey.get(line.key);
    if (!existing) fresh.push(line);
    else if (existing.digest !== line.digest) changed.push({ ...line, id: existing.id });
  }
  const gone = stored.filter((line) => !wanted.has(line.key));
  const disputedGone = gone.filter((line) => line.disputes > 0 && !(line.detail.removed === true && line.amount === "0.00"));
  const deletable = gone.filter((line) => line.disputes === 0);

  if (fresh.length > 0) await insertLines(tx, statement, fresh);
  if (changed.length > 0) await updateLines(tx, changed);
  if (deletable.length > 0) await tx.execute(Prisma.sql`DELETE FROM "CommissionLine" WHERE id = ANY(${deletable.map((line) => line.id)}::uuid[])`);
  for (const line of disputedGone) {
    await tx.execute(Prisma.sql`
      UPDATE "CommissionLine" SET amount = 0, detail = detail || '{"removed": true}'::jsonb, digest = 'removed', "updatedAt" = now()
      WHERE id = ${line.id}::uuid`);
  }
  return { created: fresh.length, updated: changed.length + disputedGone.length, removed: deletable.length };
}

const CHUNK = 5_000;

async function insertLines(tx: SqlTx, statement: { id: string; partnerId: string; period: string }, lines: readonly LineRecord[]): Promise<void> {
  for (let start = 0; start < lines.length; start += CHUNK) {
    const chunk = lines.slice(start, start + CHUNK);
    const now = new Date();
    await tx.execute(Prisma.sql`
      INSERT INTO "CommissionLine" (id, "statementId", "partnerId", period, key, kind, "orderId", "orderItemId", "refundId", "planVersionId", base, rate, amount, detail, digest, "createdAt", "updatedAt")
      SELECT l.id, ${statement.id}::uuid, ${statement.partnerId}::uuid, ${statement.period}, l.key, l.kind::"CommissionLineKind", l."orderId", l."orderItemId", l."refundId", l."planVersionId", l.base, l.rate, l.amount, l.detail, l.digest, ${now}, ${now}
      FROM unnest(
        ${chunk.map(() => uuidv7(now))}::uuid[], ${chunk.map((l) => l.key)}::text[], ${chunk.map((l) => l.kind)}::text[],
        ${chunk.map((l) => l.orderId)}::uuid[], ${chunk.map((l) => l.orderItemId)}::uuid[], ${chunk.map((l) => l.refundId)}::uuid[], ${chunk.map((l) => l.planVersionId)}::uuid[],
        ${chunk.map((l) => l.base)}::numeric[], ${chunk.map((l) => l.rate)}::numeric[], ${chunk.map((l) => l.amount)}::numeric[],
        ${chunk.map((l) => JSON.stringify(l.detail))}::jsonb[], ${chunk.map((l) => l.digest)}::text[]
      ) AS l(id, key, kind, "orderId", "orderItemId", "refundId", "planVersionId", base, rate, amount, detail, digest)`);
  }
}

async function updateLines(tx: SqlTx, lines: ReadonlyArray<LineRecord & { id: string }>): Promise<void> {
  for (let start = 0; start < lines.length; start += CHUNK) {
    const chunk = lines.slice(start, start + CHUNK);
    await tx.execute(Prisma.sql`
      UPDATE "CommissionLine" c SET kind = l.kind::"CommissionLineKind", "orderId" = l."orderId", "orderItemId" = l."orderItemId", "refundId" = l."refundId",
        "planVersionId" = l."planVersionId", base = l.base, rate = l.rate, amount = l.amount, detail = l.detail, digest = l.digest, "updatedAt" = now()
      FROM unnest(
        ${chunk.map((l) => l.id)}::uuid[], ${chunk.map((l) => l.kind)}::text[],
        ${chunk.map((l) => l.orderId)}::uuid[], ${chunk.map((l) => l.orderItemId)}::uuid[], ${chunk.map((l) => l.refundId)}::uuid[], ${chunk.map((l) => l.planVersionId)}::uuid[],
        ${chunk.map((l) => l.base)}::numeric[], ${chunk.map((l) => l.rate)}::numeric[], ${chunk.map((l) => l.amount)}::numeric[],
        ${chunk.map((l) => JSON.stringify(l.detail))}::jsonb[], ${chunk.map((l) => l.digest)}::text[]
      ) AS l(id, kind, "orderId", "orderItemId", "refundId", "planVersionId", base, rate, amount, detail, digest)
      WHERE c.id = l.id`);
  }
}

/** The statement's kind totals, total and line count, from its lines (one statement). */
export async function refreshTotals(tx: SqlTx, statementId: string): Promise<{ total: string }> {
  const [row] = await tx.query<{ total: string }>(Prisma.sql`
    UPDATE "CommissionStatement" s SET
      "earnTotal" = x.earn, "clawbackTotal" = x.clawback, "bonusTotal" = x.bonus, "capTotal" = x.cap, "adjustmentTotal" = x.adjustment,
      total = x.earn + x.clawback + x.bonus + x.cap + x.adjustment, "lineCount" = x.lines, "updatedAt" = now()
    FROM (
      SELECT coalesce(sum(amount) FILTER (WHERE kind = 'earn'), 0) AS earn,
             coalesce(sum(amount) FILTER (WHERE kind = 'clawback'), 0) AS clawback,
             coalesce(sum(amount) FILTER (WHERE kind = 'bonus'), 0) AS bonus,
             coalesce(sum(amount) FILTER (WHERE kind = 'cap'), 0) AS cap,
             coalesce(sum(amount) FILTER (WHERE kind = 'adjustment'), 0) AS adjustment,
             count(*)::int AS lines
      FROM "CommissionLine" WHERE "statementId" = ${statementId}::uuid
    ) x
    WHERE s.id = ${statementId}::uuid
    RETURNING s.total::text AS total`);
  return row!;
}
