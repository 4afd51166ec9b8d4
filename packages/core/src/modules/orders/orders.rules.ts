/**
 * Pure order rules: money (line amounts, totals, refund headroom), the canonical form of a push
 * (idempotent replays) and attribution from the append-only ownership history. No I/O; table-tested
 * in orders.rules.test.ts.
 *
 * Money is decimal.js, never JS numbers, rounded only as money.rules.ts says: a line is
 * round-half-even(quantity × unitPrice) to the cent, and an order's total is the sum of its lines.
 */
import Decimal from "decimal.js";
import { canonicalJson } from "../canonical-json.ts";
import { formatMoney, roundHalfEven, sumDecimals, toDecimal } from "../money.rules.ts";
import { ownerAtTime, type OwnershipRow } from "../ownership/ownership.rules.ts";

// ── money ───────────────────────────────────────────────────────────────────────────────────────

/** A line's amount: round-half-even(quantity × unitPrice, 2) (money.rules.ts states the rounding). */
export function lineAmount(quantity: Decimal.Value, unitPrice: Decimal.Value): Decimal {
  return roundHalfEven(toDecimal(String(quantity)).mul(toDecimal(String(unitPrice))));
}

/** An order's total: the sum of its rounded lines (so the lines always add up to it). */
export function orderTotal(items: ReadonlyArray<{ quantity: Decimal.Value; unitPrice: Decimal.Value }>): Decimal {
  return sumDecimals(items.map((item) => lineAmount(item.quantity, item.unitPrice)));
}

/** A quantity out: the plain decimal, without trailing zeros ("2", "0.5", "1.125"). */
export function formatQuantity(value: Decimal.Value): string {
  return new Decimal(value).toFixed();
}

/** The largest amount Decimal(18, 2) holds. */
export const MAX_MONEY = new Decimal("9999999999999999.99");

export type RefundCheck = { ok: true; refundedTotal: Decimal } | { ok: false; remaining: Decimal };

/** Whether `amount` may still be refunded on an order: refunds never add up to more than its total. */
export function checkRefund(total: Decimal.Value, refundedSoFar: Decimal.Value, amount: Decimal.Value): RefundCheck {
  const after = new Decimal(refundedSoFar).add(amount);
  if (after.gt(total)) return { ok: false, remaining: Decimal.max(new Decimal(total).sub(refundedSoFar), 0) };
  return { ok: true, refundedTotal: after };
}

// ── canonical form (idempotent replays) ─────────────────────────────────────────────────────────


export type OrderBodyFacts = {
  customerId: string;
  orderedAt: Date;
  currency: string;
  items: ReadonlyArray<{ sku: string; category: string; quantity: Decimal.Value; unitPrice: Decimal.Value }>;
};

/**
 * What an order push says, independent of how it was written: "2" and "2.00" are the same quantity,
 * "+08:00" and "Z" the same instant when they name the same moment. Items keep their order.
 */
export function orderFingerprint(order: OrderBodyFacts): string {
  return canonicalJson({
    customerId: order.customerId,
    orderedAt: order.orderedAt.toISOString(),
    currency: order.currency.toUpperCase(),
    items: order.items.map((item) => ({
      sku: item.sku,
      category: item.category,
      quantity: formatQuantity(item.quantity),
      unitPrice: formatMoney(String(item.unitPrice)),
    })),
  });
}

export type RefundBodyFacts = { orderId: string; amount: Decimal.Value; refundedAt: Date };

/** What a refund push says: which order, how much, when. */
export function refundFingerprint(refund: RefundBodyFacts): string {
  return canonicalJson({ orderId: refund.orderId, amount: formatMoney(String(refund.amount)), refundedAt: refund.refundedAt.toISOString() });
}

// ── attribution ─────────────────────────────────────────────────────────────────────────────────

/** Why an order has no partner. Messages: `orders.attribution.<code>`. */
export const ATTRIBUTION_REASONS = ["NO_OWNER_AT_ORDER_TIME", "NOT_YET_OWNED_AT_ORDER_TIME"] as const;
export type TAttributionReason = (typeof ATTRIBUTION_REASONS)[number];

/** A row of a customer's ownership history, as attribution needs it. */
export type AttributionRecord = OwnershipRow & {
  id: string;
  event: string;
  /** On a duplicate's `merged` row: the survivor it was merged into (null on every other row). */
  mergedInto: string | null;
};

export type Attribution = {
  partnerId: string | null;
  /** The history row that decided (null: the customer had no history yet at that instant). */
  ownershipId: string | null;
  reason: TAttributionReason | null;
  /** Whose history decided: the customer sent, or the survivor it had been merged into by then. */
  decidedOnCustomerId: string;
};

/** A merged-away duplicate's survivor may itself have been merged: followed this many times at most. */
export const MAX_MERGE_HOPS = 5;

/**
 * The history row in force at `time`: the latest row at or before it, the later row on a tie — the
 * same row `ownerAtTime` (ownership.rules.ts) reads the owner from.
 */
export function recordInForce<T extends OwnershipRow>(history: readonly T[], time: Date): T | null {
  let found: T | null = null;
  let latest = -Infinity;
  for (const row of history) {
    const at = row.at.getTime();
    if (at <= time.getTime() && at >= latest) {
      latest = at;
      found = row;
    }
  }
  return found;
}

/**
 * Who earns an order placed at `orderedAt` by `customerId` (ADR 016): the owner at that instant from
 * the append-only history. A duplicate merged away before `orderedAt` is nobody's from its merge on,
 * so its survivor's history at the same instant decides; before the merge its own history does.
 * `histories` holds the history (oldest first) of the customer and of every survivor it was merged into.
 */
export function decideAttribution(histories: ReadonlyMap<string, readonly AttributionRecord[]>, customerId: string, orderedAt: Date): Attribution {
  const seen = new Set<string>();
  let current = customerId;
  let last: AttributionRecord | null = null;
  for (let hop = 0; hop <= MAX_MERGE_HOPS && !seen.has(current); hop++) {
    seen.add(current);
    const history = histories.get(current) ?? [];
    const record = recordInForce(history, orderedAt);
    if (!record) {
      return last
        ? { partnerId: null, ownershipId: last.id, reason: "NO_OWNER_AT_ORDER_TIME", decidedOnCustomerId: current }
        : { partnerId: null, ownershipId: null, reason: "NOT_YET_OWNED_AT_ORDER_TIME", decidedOnCustomerId: current };
    }
    const owner = ownerAtTime([...history], orderedAt);
    if (owner) return { partnerId: owner, ownershipId: record.id, reason: null, decidedOnCustomerId: current };
    last = record;
    if (!record.mergedInto) break;
    current = record.mergedInto;
  }
  return { partnerId: null, ownershipId: last?.id ?? null, reason: "NO_OWNER_AT_ORDER_TIME", decidedOnCustomerId: current };
}

// ── time ────────────────────────────────────────────────────────────────────────────────────────

/** Orders and refunds may be dated at most this far ahead (clock skew, time zones). */
export const FUTURE_TOLERANCE_MS = 86_400_000;

export function isTooFarAhead(time: Date, now: Date = new Date()): boolean {
  return time.getTime() > now.getTime() + FUTURE_TOLERANCE_MS;
}
