/**
 * SQL of a period's reconciliation (ADR 023): set-based aggregates only — a period can hold a
 * million lines, so nothing here loads rows into the process except one page of a drill-down list.
 * Each finding list is one SELECT (`sourceSql`); the summary counts and sums exactly those rows,
 * so a figure and the list behind it never disagree.
 */
import { Prisma, type SqlTx } from "../../db/index.ts";
import type { TCommissionLineKind, TStatementStatus } from "./commission.schemas.ts";
import type { IssueGroup, ReconciliationFacts, TReconciliationIssue, TReconciliationList, TStatementStatusFilter } from "./reconciliation.rules.ts";

export type PeriodRange = { period: string; start: Date; end: Date };

/** The columns of every drill-down list, with their SQL types (a list leaves the ones it lacks NULL). */
const COLUMNS = {
  id: "uuid",
  subject: "text",
  kind: "text",
  partnerId: "uuid",
  partnerName: "text",
  statementId: "uuid",
  statementStatus: "text",
  orderId: "uuid",
  orderExternalId: "text",
  refundId: "uuid",
  refundExternalId: "text",
  at: "timestamptz",
  label: "text",
  base: "numeric",
  amount: "numeric",
  expected: "numeric",
  difference: "numeric",
  paid: "numeric",
  reason: "text",
} as const;
type Column = keyof typeof COLUMNS;

export type RowRecord = {
  id: string;
  subject: "line" | "orderItem" | "refund" | "statement" | "payout";
  kind: TCommissionLineKind | null;
  partnerId: string | null;
  partnerName: string | null;
  statementId: string | null;
  statementStatus: TStatementStatus | null;
  orderId: string | null;
  orderExternalId: string | null;
  refundId: string | null;
  refundExternalId: string | null;
  at: Date | null;
  label: string | null;
  base: string | null;
  amount: string | null;
  expected: string | null;
  difference: string | null;
  paid: string | null;
  reason: string | null;
};

/** `values` are SQL expressions written in this file (never input): the rest are typed NULLs. */
function select(values: Partial<Record<Column, string>>): Prisma.Sql {
  return Prisma.raw(
    (Object.entries(COLUMNS) as Array<[Column, string]>).map(([name, type]) => `${values[name] ?? `NULL::${type}`} AS "${name}"`).join(", "),
  );
}

/** A line kept at zero only because it is disputed (statement-lines.repository writeLines). */
const REMOVED = `coalesce((l.detail->>'removed')::boolean, false)`;
const LOCKED = `('approved', 'paid')`;

const lineColumns = {
  id: "l.id",
  subject: "'line'",
  kind: "l.kind::text",
  partnerId: `l."partnerId"`,
  partnerName: "p.name",
  statementId: `l."statementId"`,
  statementStatus: "s.status::text",
  orderId: `l."orderId"`,
  orderExternalId: `o."externalId"`,
  refundId: `l."refundId"`,
  refundExternalId: `r."externalId"`,
  at: `coalesce(r."refundedAt", o."orderedAt")`,
  label: "l.key",
  base: "l.base",
  amount: "l.amount",
} satisfies Partial<Record<Column, string>>;

const lineJoins = Prisma.raw(`
  FROM "CommissionLine" l
  JOIN "CommissionStatement" s ON s.id = l."statementId"
  JOIN "Partner" p ON p.id = l."partnerId"
  LEFT JOIN "Order" o ON o.id = l."orderId"
  LEFT JOIN "OrderRefund" r ON r.id = l."refundId"`);

const statementColumns = {
  id: "s.id",
  subject: "'statement'",
  partnerId: `s."partnerId"`,
  partnerName: "p.name",
  statementId: "s.id",
  statementStatus: "s.status::text",
  at: `s."generatedAt"`,
} satisfies Partial<Record<Column, string>>;

/** Σ of a statement's own lines, per kind (one index range per statement). */
const statementSums = Prisma.raw(`
  LEFT JOIN LATERAL (
    SELECT coalesce(sum(amount), 0) AS total,
           coalesce(sum(amount) FILTER (WHERE kind = 'earn'), 0) AS earn,
           coalesce(sum(amount) FILTER (WHERE kind = 'clawback'), 0) AS clawback,
           coalesce(sum(amount) FILTER (WHERE kind = 'bonus'), 0) AS bonus,
           coalesce(sum(amount) FILTER (WHERE kind = 'cap'), 0) AS cap,
           coalesce(sum(amount) FILTER (WHERE kind = 'adjustment'), 0) AS adjustment,
           count(*)::int AS lines
    FROM "CommissionLine" WHERE "statementId" = s.id
  ) x ON true`);

const payoutSums = Prisma.raw(`
  LEFT JOIN LATERAL (SELECT coalesce(sum(amount), 0) AS paid FROM "Payout" WHERE "statementId" = s.id) y ON true`);

export type Source = TReconciliationList | TReconciliationIssue;

/** The rows of one list or finding of the period, in the shape of COLUMNS. */
export function sourceSql(source: Source, range: PeriodRange, attribution?: "attributed" | "unattributed"): Prisma.Sql {
  const { period, start, end } = range;
  switch (source) {
    case "lines":
      return Prisma.sql`SELECT ${select(lineColumns)} ${lineJoins} WHERE l.period = ${period}`;

    case "refunds": {
      const which =
        attribution === "attributed" ? Prisma.sql`AND o."attributedPartnerId" IS NOT NULL` : attribution === "unattributed" ? Prisma.sql`AND o."attributedPartnerId" IS NULL` : Prisma.empty;
      return Prisma.sql`
        SELECT ${select({
          id: "r.id",
          subject: "'refund'",
          partnerId: `o."attributedPartnerId"`,
          partnerName: "p.name",
          orderId: "o.id",
          orderExternalId: `o."externalId"`,
          refundId: "r.id",
          refundExternalId: `r."externalId"`,
          at: `r."refundedAt"`,
          amount: "r.amount",
        })}
        FROM "OrderRefund" r JOIN "Order" o ON o.id = r."orderId" LEFT JOIN "Partner" p ON p.id = o."attributedPartnerId"
        WHERE r."refundedAt" >= ${start} AND r."refundedAt" < ${end} ${which}`;
    }

    case "statements":
      return Prisma.sql`
        SELECT ${select({ ...statementColumns, amount: "s.total", paid: `s."paidAmount"` })}
        FROM "CommissionStatement" s JOIN "Partner" p ON p.id = s."partnerId"
        WHERE s.period = ${period}`;

    case "payouts":
      return Prisma.sql`
        SELECT ${select({
          id: "y.id",
          subject: "'payout'",
          partnerId: `s."partnerId"`,
          partnerName: "p.name",
          statementId: "s.id",
          statementStatus: "s.status::text",
          at: `y."paidOn"::timestamptz`,
          label: "y.reference",
          amount: "y.amount",
        })}
        FROM "Payout" y JOIN "CommissionStatement" s ON s.id = y."statementId" JOIN "Partner" p ON p.id = s."partnerId"
        WHERE s.period = ${period}`;

    // Statements whose stored totals are not the sums of their lines.
    case "statementMismatch":
      return Prisma.sql`
        SELECT ${select({
          ...statementColumns,
          amount: "x.total",
          expected: "s.total",
          difference: "x.total - s.total",
          reason: `CASE WHEN x.total <> s.total THEN 'totalDiffers'
                        WHEN (x.earn, x.clawback, x.bonus, x.cap, x.adjustment) <> (s."earnTotal", s."clawbackTotal", s."bonusTotal", s."capTotal", s."adjustmentTotal") THEN 'kindTotalsDiffer'
                        ELSE 'lineCountDiffers' END`,
        })}
        FROM "CommissionStatement" s JOIN "Partner" p ON p.id = s."partnerId" ${statementSums}
        WHERE s.period = ${period}
          AND (x.total <> s.total OR x.lines <> s."lineCount"
               OR (x.earn, x.clawback, x.bonus, x.cap, x.adjustment) <> (s."earnTotal", s."clawbackTotal", s."bonusTotal", s."capTotal", s."adjustmentTotal"))`;

    // Items of the period's attributed orders with no earn line for their partner.
    case "missingEarn":
      return Prisma.sql`
        SELECT ${select({
          id: "i.id",
          subject: "'orderItem'",
          kind: "'earn'",
          partnerId: `o."attributedPartnerId"`,
          partnerName: "p.name",
          statementId: "s.id",
          statementStatus: "s.status::text",
          orderId: "o.id",
          orderExternalId: `o."externalId"`,
          at: `o."orderedAt"`,
          label: "i.sku",
          base: `i.quantity * i."unitPrice"`,
          amount: "i.amount",
          reason: `CASE WHEN NOT EXISTS (SELECT 1 FROM "CommissionPlan" v WHERE v.status = 'active' AND v."effectiveFrom" <= o."orderedAt") THEN 'noPlanInForce'
                        WHEN s.status::text IN ${LOCKED} THEN 'statementLocked'
                        ELSE 'notGenerated' END`,
        })}
        FROM "Order" o
        JOIN "OrderItem" i ON i."orderId" = o.id
        JOIN "Partner" p ON p.id = o."attributedPartnerId"
        LEFT JOIN "CommissionStatement" s ON s."partnerId" = o."attributedPartnerId" AND s.period = ${period}
        WHERE o."orderedAt" >= ${start} AND o."orderedAt" < ${end} AND o."attributedPartnerId" IS NOT NULL
          AND NOT EXISTS (
            SELECT 1 FROM "CommissionLine" l
            WHERE l."partnerId" = o."attributedPartnerId" AND l.key = 'earn:' || i.id::text AND l.kind = 'earn' AND NOT ${Prisma.raw(REMOVED)})`;

    // Earn lines of items whose order is no longer this partner's order of this period (plugin lines are not items' lines).
    case "orphanEarn":
      return Prisma.sql`
        SELECT ${select({
          ...lineColumns,
          reason: `CASE WHEN o.id IS NULL THEN 'orderMissing'
                        WHEN o."attributedPartnerId" IS NULL THEN 'nowUnattributed'
                        WHEN o."attributedPartnerId" <> l."partnerId" THEN 'otherPartner'
                        ELSE 'otherPeriod' END`,
        })}
        ${lineJoins}
        WHERE l.period = ${period} AND l.kind = 'earn' AND l.key LIKE 'earn:%' AND NOT ${Prisma.raw(REMOVED)}
          AND (o.id IS NULL OR o."attributedPartnerId" IS DISTINCT FROM l."partnerId" OR o."orderedAt" < ${start} OR o."orderedAt" >= ${end})`;

    // Refunds of the period, on attributed orders, with no clawback line for the order's partner.
    case "missingClawback":
      return Prisma.sql`
        SELECT ${select({
          id: "r.id",
          subject: "'refund'",
          kind: "'clawback'",
          partnerId: `o."attributedPartnerId"`,
          partnerName: "p.name",
          statementId: "s.id",
          statementStatus: "s.status::text",
          orderId: "o.id",
          orderExternalId: `o."externalId"`,
          refundId: "r.id",
          refundExternalId: `r."externalId"`,
          at: `r."refundedAt"`,
          amount: "r.amount",
          reason: `CASE WHEN s.status::text IN ${LOCKED} THEN 'statementLocked' ELSE 'notGenerated' END`,
        })}
        FROM "OrderRefund" r
        JOIN "Order" o ON o.id = r."orderId"
        JOIN "Partner" p ON p.id = o."attributedPartnerId"
        LEFT JOIN "CommissionStatement" s ON s."partnerId" = o."attributedPartnerId" AND s.period = ${period}
        WHERE r."refundedAt" >= ${start} AND r."refundedAt" < ${end}
          AND NOT EXISTS (
            SELECT 1 FROM "CommissionLine" l
            WHERE l."partnerId" = o."attributedPartnerId" AND l.key = 'clawback:' || r.id::text AND NOT ${Prisma.raw(REMOVED)})`;

    // Earn lines of the partner's own orders whose base is not their item's quantity × unitPrice.
    case "baseMismatch":
      return Prisma.sql`
        SELECT ${select({ ...lineColumns, expected: `i.quantity * i."unitPrice"`, difference: `l.base - i.quantity * i."unitPrice"`, reason: "'itemChanged'" })}
        ${lineJoins}
        JOIN "OrderItem" i ON i.id = l."orderItemId"
        WHERE l.period = ${period} AND l.kind = 'earn' AND NOT ${Prisma.raw(REMOVED)}
          AND o."attributedPartnerId" = l."partnerId" AND o."orderedAt" >= ${start} AND o."orderedAt" < ${end}
          AND l.base <> i.quantity * i."unitPrice"`;

    // Statements whose paid amount is not Σ their payouts, paid before approval, or paid more than their total.
    case "payoutMismatch":
      return Prisma.sql`
        SELECT ${select({
          ...statementColumns,
          amount: "y.paid",
          expected: `s."paidAmount"`,
          difference: `y.paid - s."paidAmount"`,
          paid: `s."paidAmount"`,
          reason: `CASE WHEN y.paid <> s."paidAmount" THEN 'paidAmountDiffers'
                        WHEN s.status::text NOT IN ${LOCKED} THEN 'paidBeforeApproval'
                        ELSE 'overpaid' END`,
        })}
        FROM "CommissionStatement" s JOIN "Partner" p ON p.id = s."partnerId" ${payoutSums}
        WHERE s.period = ${period}
          AND (y.paid <> s."paidAmount" OR (y.paid > 0 AND s.status::text NOT IN ${Prisma.raw(LOCKED)}) OR (y.paid > 0 AND y.paid > s.total))`;
  }
}

export type RowFilter = {
  kind?: TCommissionLineKind | undefined;
  status?: TStatementStatusFilter | undefined;
  partnerId?: string | undefined;
  reason?: string | undefined;
  cursor?: string | undefined;
};

/** One page of a list (keyset on id), filtered. */
export function listRows(tx: SqlTx, source: Source, range: PeriodRange, filter: RowFilter & { attribution?: "attributed" | "unattributed" | undefined }, limit: number): Promise<RowRecord[]> {
  const where: Prisma.Sql[] = [];
  if (filter.kind) where.push(Prisma.sql`x.kind = ${filter.kind}`);
  if (filter.status === "locked") where.push(Prisma.sql`x."statementStatus" IN ('approved', 'paid')`);
  else if (filter.status) where.push(Prisma.sql`x."statementStatus" = ${filter.status}`);
  if (filter.partnerId) where.push(Prisma.sql`x."partnerId" = ${filter.partnerId}::uuid`);
  if (filter.reason) where.push(Prisma.sql`x.reason = ${filter.reason}`);
  if (filter.cursor) where.push(Prisma.sql`x.id > ${filter.cursor}::uuid`);
  return tx.query<RowRecord>(Prisma.sql`
    SELECT x.id, x.subject, x.kind, x."partnerId", x."partnerName", x."statementId", x."statementStatus", x."orderId", x."orderExternalId",
           x."refundId", x."refundExternalId", x.at, x.label, x.base::text AS base, x.amount::text AS amount, x.expected::text AS expected,
           x.difference::text AS difference, x.paid::text AS paid, x.reason
    FROM (${sourceSql(source, range, filter.attribution)}) x
    ${where.length > 0 ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty}
    ORDER BY x.id
    LIMIT ${limit}`);
}

/** A finding's rows counted and summed per reason. */
function issueGroups(tx: SqlTx, issue: TReconciliationIssue, range: PeriodRange): Promise<IssueGroup[]> {
  return tx.query<IssueGroup>(Prisma.sql`
    SELECT x.reason, count(*)::int AS count, coalesce(sum(x.amount), 0)::text AS amount, coalesce(sum(x.base), 0)::text AS base,
           coalesce(sum(x.expected), 0)::text AS expected, coalesce(sum(x.difference), 0)::text AS difference
    FROM (${sourceSql(issue, range)}) x GROUP BY x.reason`);
}

const ISSUES: readonly TReconciliationIssue[] = ["statementMismatch", "missingEarn", "orphanEarn", "missingClawback", "baseMismatch", "payoutMismatch"];

/** Every aggregate the period's figures and checks are made of (call in one snapshot). */
export async function reconciliationFacts(tx: SqlTx, range: PeriodRange): Promise<ReconciliationFacts & { currencies: string[] }> {
  const { period, start, end } = range;
  type Sums = { count: number; amount: string; attributedCount: number; attributedAmount: string };
  const [orders] = await tx.query<Sums>(Prisma.sql`
    SELECT count(*)::int AS count, coalesce(sum(total), 0)::text AS amount,
           count(*) FILTER (WHERE "attributedPartnerId" IS NOT NULL)::int AS "attributedCount",
           coalesce(sum(total) FILTER (WHERE "attributedPartnerId" IS NOT NULL), 0)::text AS "attributedAmount"
    FROM "Order" WHERE "orderedAt" >= ${start} AND "orderedAt" < ${end}`);
  const [refunds] = await tx.query<Sums>(Prisma.sql`
    SELECT count(*)::int AS count, coalesce(sum(r.amount), 0)::text AS amount,
           count(*) FILTER (WHERE o."attributedPartnerId" IS NOT NULL)::int AS "attributedCount",
           coalesce(sum(r.amount) FILTER (WHERE o."attributedPartnerId" IS NOT NULL), 0)::text AS "attributedAmount"
    FROM "OrderRefund" r JOIN "Order" o ON o.id = r."orderId"
    WHERE r."refundedAt" >= ${start} AND r."refundedAt" < ${end}`);
  const [items] = await tx.query<{ count: number; amount: string; exact: string }>(Prisma.sql`
    SELECT count(*)::int AS count, coalesce(sum(i.amount), 0)::text AS amount, coalesce(sum(i.quantity * i."unitPrice"), 0)::text AS exact
    FROM "Order" o JOIN "OrderItem" i ON i."orderId" = o.id
    WHERE o."orderedAt" >= ${start} AND o."orderedAt" < ${end} AND o."attributedPartnerId" IS NOT NULL`);
  const lines = await tx.query<{ kind: TCommissionLineKind; count: number; amount: string; base: string }>(Prisma.sql`
    SELECT l.kind::text AS kind, count(*)::int AS count, coalesce(sum(l.amount), 0)::text AS amount,
           -- The base of item lines only: a plugin line's base (e.g. a distributor's sell-out) is not an item's (ADR 025).
           coalesce(sum(l.base) FILTER (WHERE NOT ${Prisma.raw(REMOVED)} AND l.key NOT LIKE 'plugin:%'), 0)::text AS base
    FROM "CommissionLine" l WHERE l.period = ${period} GROUP BY l.kind`);
  const statements = await tx.query<{ status: TStatementStatus; count: number; total: string; paid: string }>(Prisma.sql`
    SELECT status::text AS status, count(*)::int AS count, coalesce(sum(total), 0)::text AS total, coalesce(sum("paidAmount"), 0)::text AS paid
    FROM "CommissionStatement" WHERE period = ${period} GROUP BY status`);
  const [payouts] = await tx.query<{ count: number; amount: string }>(Prisma.sql`
    SELECT count(*)::int AS count, coalesce(sum(y.amount), 0)::text AS amount
    FROM "Payout" y JOIN "CommissionStatement" s ON s.id = y."statementId" WHERE s.period = ${period}`);
  const currencies = await tx.query<{ currency: string }>(Prisma.sql`
    SELECT DISTINCT currency FROM "Order" WHERE "orderedAt" >= ${start} AND "orderedAt" < ${end}
    UNION SELECT DISTINCT currency FROM "CommissionStatement" WHERE period = ${period}
    ORDER BY 1`);
  const issues: Partial<Record<TReconciliationIssue, IssueGroup[]>> = {};
  for (const issue of ISSUES) issues[issue] = await issueGroups(tx, issue, range);
  return {
    orders: { all: { count: orders!.count, amount: orders!.amount }, attributed: { count: orders!.attributedCount, amount: orders!.attributedAmount } },
    refunds: { all: { count: refunds!.count, amount: refunds!.amount }, attributed: { count: refunds!.attributedCount, amount: refunds!.attributedAmount } },
    attributedItems: items!,
    lines: Object.fromEntries(lines.map((row) => [row.kind, { count: row.count, amount: row.amount, base: row.base }])),
    statements,
    payouts: payouts!,
    issues,
    currencies: currencies.map((row) => row.currency),
  };
}

/**
 * The partners a simulation visits: attributed orders placed, or refunds made on their orders, in the
 * period — and with `everyActive`, every active partner (a plugin rule runs for all of them, ADR 025).
 */
export function partnersActiveIn(tx: SqlTx, range: PeriodRange, everyActive = false): Promise<Array<{ id: string; name: string; tier: "bronze" | "silver" | "gold" | "platinum" }>> {
  const { start, end } = range;
  return tx.query(Prisma.sql`
    SELECT p.id, p.name, p.tier::text AS tier FROM "Partner" p
    WHERE EXISTS (SELECT 1 FROM "Order" o WHERE o."attributedPartnerId" = p.id AND o."orderedAt" >= ${start} AND o."orderedAt" < ${end})
       OR EXISTS (SELECT 1 FROM "OrderRefund" r JOIN "Order" o ON o.id = r."orderId" WHERE o."attributedPartnerId" = p.id AND r."refundedAt" >= ${start} AND r."refundedAt" < ${end})
       OR (${everyActive} AND p.status = 'active')
    ORDER BY p.name, p.id`);
}
