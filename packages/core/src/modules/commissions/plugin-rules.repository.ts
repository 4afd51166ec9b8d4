/**
 * SQL of plugin commission rules (ADR 025): what a commission hook is given (the partner's orders
 * and refunds of a window, its territory), whether its statement is locked, and the plugin lines a
 * statement already holds (kept as they are by writers that do not run the hooks).
 */
import { Prisma, type SqlTx } from "../../db/index.ts";
import { formatExact, formatMoney, formatRate, toDecimal } from "../money.rules.ts";
import type { PluginLine } from "./commission.rules.ts";
import type { TPeriod } from "./periods.rules.ts";

export type RuleOrderRow = {
  id: string;
  externalId: string;
  customerId: string;
  orderedAt: Date;
  currency: string;
  total: string;
  customFields: Record<string, unknown> | null;
  items: Array<{ id: string; sku: string; category: string; quantity: string; unitPrice: string; amount: string }>;
};

export type RuleRefundRow = { id: string; orderId: string; refundedAt: Date; amount: string };

/** The partner's orders placed in [start, end), items in their order, oldest first. */
export async function ordersForRule(tx: SqlTx, partnerId: string, start: Date, end: Date): Promise<RuleOrderRow[]> {
  const rows = await tx.query<RuleOrderRow>(Prisma.sql`
    SELECT o.id, o."externalId", o."customerId", o."orderedAt", o.currency, o.total::text AS total, o."customFields",
           coalesce((SELECT json_agg(json_build_object('id', i.id, 'sku', i.sku, 'category', i.category, 'quantity', i.quantity::text,
                                                       'unitPrice', i."unitPrice"::text, 'amount', i.amount::text) ORDER BY i.position)
                     FROM "OrderItem" i WHERE i."orderId" = o.id), '[]'::json) AS items
    FROM "Order" o
    WHERE o."attributedPartnerId" = ${partnerId}::uuid AND o."orderedAt" >= ${start} AND o."orderedAt" < ${end}
    ORDER BY o."orderedAt", o.id`);
  // Quantities are stored with four places: give them as written ("2", "0.5").
  return rows.map((row) => ({ ...row, items: row.items.map((item) => ({ ...item, quantity: toDecimal(item.quantity).toFixed() })) }));
}

/** Refunds made in [start, end) on the partner's orders (of any period), oldest first. */
export function refundsForRule(tx: SqlTx, partnerId: string, start: Date, end: Date): Promise<RuleRefundRow[]> {
  return tx.query<RuleRefundRow>(Prisma.sql`
    SELECT r.id, r."orderId", r."refundedAt", r.amount::text AS amount
    FROM "OrderRefund" r JOIN "Order" o ON o.id = r."orderId"
    WHERE o."attributedPartnerId" = ${partnerId}::uuid AND r."refundedAt" >= ${start} AND r."refundedAt" < ${end}
    ORDER BY r."refundedAt", r.id`);
}

/** The partner's territory (its region), or null. */
export async function partnerTerritory(tx: SqlTx, partnerId: string): Promise<string | null> {
  const [row] = await tx.query<{ region: string | null }>(Prisma.sql`SELECT region FROM "Partner" WHERE id = ${partnerId}::uuid`);
  return row?.region ?? null;
}

/** Whether the partner's statement of the period is approved or paid (nothing is computed for it then). */
export async function statementLocked(tx: SqlTx, partnerId: string, period: TPeriod): Promise<boolean> {
  const [row] = await tx.query<{ locked: boolean }>(Prisma.sql`
    SELECT status IN ('approved', 'paid') AS locked FROM "CommissionStatement" WHERE "partnerId" = ${partnerId}::uuid AND period = ${period}`);
  return row?.locked ?? false;
}

type StoredPluginRow = { key: string; kind: PluginLine["kind"]; period: TPeriod; orderId: string | null; planVersionId: string; base: string; rate: string | null; amount: string; detail: Record<string, unknown> };

/**
 * The plugin lines a statement holds, rebuilt as the engine made them (their digest is of canonical
 * JSON, so a rebuilt line is "unchanged" to writeLines). Lines kept at zero because they were
 * disputed and then no longer produced stay as they are and are not fed back.
 */
export async function storedPluginLines(tx: SqlTx, statementId: string): Promise<PluginLine[]> {
  const rows = await tx.query<StoredPluginRow>(Prisma.sql`
    SELECT key, kind::text AS kind, period, "orderId", "planVersionId", base::text AS base, rate::text AS rate, amount::text AS amount, detail
    FROM "CommissionLine" WHERE "statementId" = ${statementId}::uuid AND key LIKE 'plugin:%' AND digest <> 'removed'`);
  return rows.map((row) => {
    const detail = row.detail as Omit<PluginLine, "kind" | "key" | "period" | "base" | "amount" | "orderId" | "planVersionId" | "rate">;
    return {
      kind: row.kind,
      key: row.key,
      period: row.period,
      base: formatExact(row.base),
      amount: formatMoney(row.amount),
      orderId: row.orderId,
      planVersionId: row.planVersionId,
      rate: row.rate === null ? null : formatRate(row.rate),
      plugin: detail.plugin,
      ruleType: detail.ruleType,
      ruleLabel: detail.ruleLabel,
      ruleIndex: detail.ruleIndex,
      window: detail.window,
      sourceRef: detail.sourceRef,
      description: detail.description,
    };
  });
}
