/**
 * Orders (issue 5): isomorphic zod schemas. Money and quantities travel as decimal strings (never
 * JSON numbers), instants as ISO-8601 with an offset. Messages are i18n keys.
 */
import { z } from "zod";
import { requiredText, ZId, ZInstant, ZInstantText, ZListInput } from "../shared.schemas.ts";
import { FUTURE_TOLERANCE_MS } from "./orders.rules.ts";

/** Money in: up to 16 digits and two places (Decimal(18, 2)), never negative, never a float. */
const MONEY = /^\d{1,16}(\.\d{1,2})?$/;
/** A quantity in: up to 14 digits and four places (Decimal(18, 4)). */
const QUANTITY = /^\d{1,14}(\.\d{1,4})?$/;

export const MAX_ORDER_ITEMS = 500;

/** Codes Intl knows (ISO 4217), read once; empty where the runtime cannot list them (then any 3 letters). */
const KNOWN_CURRENCIES: ReadonlySet<string> = (() => {
  try {
    return new Set((Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.("currency") ?? []);
  } catch {
    return new Set<string>();
  }
})();

export const ZMoneyText = z.string({ message: "orders.errors.money" }).trim().regex(MONEY, { message: "orders.errors.money" });

const ZQuantityText = z
  .string({ message: "orders.errors.quantity" })
  .trim()
  .regex(QUANTITY, { message: "orders.errors.quantity" })
  // A decimal string is above zero when it has a non-zero digit.
  .refine((v) => /[1-9]/.test(v), { message: "orders.errors.quantityPositive" });

export const ZCurrency = z
  .string({ message: "errors.field.required" })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, { message: "orders.errors.currency" })
  .refine((v) => KNOWN_CURRENCIES.size === 0 || KNOWN_CURRENCIES.has(v), { message: "orders.errors.currency" });

export const ZOrderItemInput = z.object({
  sku: requiredText(100),
  /** What commission rates key on: kept as sent (trimmed). */
  category: requiredText(100),
  quantity: ZQuantityText,
  unitPrice: ZMoneyText,
});
export type TOrderItemInput = z.infer<typeof ZOrderItemInput>;

const orderFields = <T extends z.ZodType>(instant: T) =>
  z.object({
    /** The sender's order number: the same externalId again is the same order (idempotent). */
    externalId: requiredText(200),
    customerId: ZId,
    orderedAt: instant,
    currency: ZCurrency,
    items: z
      .array(ZOrderItemInput, { message: "orders.errors.itemsRequired" })
      .min(1, { message: "orders.errors.itemsRequired" })
      .max(MAX_ORDER_ITEMS, { message: "orders.errors.tooManyItems" }),
  });

/** The REST/tRPC body: `orderedAt` as ISO-8601 with an offset. */
export const ZOrderFields = orderFields(ZInstant);

const MAX_TOTAL_CENTS = 10n ** 18n - 1n;

function cents(money: string): bigint {
  const [whole, fraction = ""] = money.split(".");
  return BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, "0"));
}
/** quantity × unitPrice in 1/10⁶ of the currency unit (exact, for the size check only). */
function lineMicros(quantity: string, unitPrice: string): bigint {
  const [whole, fraction = ""] = quantity.split(".");
  return (BigInt(whole!) * 10_000n + BigInt(fraction.padEnd(4, "0"))) * cents(unitPrice);
}

/**
 * Not dated more than a day ahead, and a total Decimal(18, 2) can hold. zod runs this even when a
 * field failed, so each check looks only at what parsed.
 */
export function checkOrder(value: { orderedAt?: unknown; items?: unknown }, ctx: z.RefinementCtx): void {
  if (value.orderedAt instanceof Date && value.orderedAt.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
    ctx.addIssue({ code: "custom", path: ["orderedAt"], message: "orders.errors.inFuture" });
  }
  if (!Array.isArray(value.items)) return;
  let total = 0n;
  for (const item of value.items as Array<{ quantity?: unknown; unitPrice?: unknown }>) {
    if (typeof item?.quantity !== "string" || typeof item.unitPrice !== "string" || !QUANTITY.test(item.quantity) || !MONEY.test(item.unitPrice)) return;
    total += lineMicros(item.quantity, item.unitPrice);
  }
  // Cents, truncated, plus at most one cent of rounding per line.
  if (total / 10_000n + BigInt(value.items.length) > MAX_TOTAL_CENTS) ctx.addIssue({ code: "custom", path: ["items"], message: "orders.errors.totalTooLarge" });
}

export const ZOrderBody = ZOrderFields.superRefine(checkOrder);

/** What the service takes: the body as sent, or as the router already parsed it (`orderedAt` a Date). */
export const ZOrderInput = orderFields(z.union([z.date({ message: "errors.field.invalid" }), ZInstant])).superRefine(checkOrder);
export type TOrderInput = z.input<typeof ZOrderInput>;

const refundFields = <T extends z.ZodType>(instant: T) =>
  z.object({
    /** The sender's refund number: the same externalId again is the same refund (idempotent). */
    externalId: requiredText(200),
    amount: ZMoneyText.refine((v) => /[1-9]/.test(v), { message: "orders.errors.amountPositive" }),
    refundedAt: instant,
  });

export function checkRefundTime(value: { refundedAt?: unknown }, ctx: z.RefinementCtx): void {
  if (value.refundedAt instanceof Date && value.refundedAt.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
    ctx.addIssue({ code: "custom", path: ["refundedAt"], message: "orders.errors.inFuture" });
  }
}

export const ZRefundFields = refundFields(ZInstant);
export const ZRefundBody = ZRefundFields.superRefine(checkRefundTime);
export const ZRefundInput = refundFields(z.union([z.date({ message: "errors.field.invalid" }), ZInstant])).superRefine(checkRefundTime);
export type TRefundInput = z.input<typeof ZRefundInput>;

export const ORDER_ATTRIBUTION_FILTERS = ["attributed", "unattributed"] as const;

/** GET /orders: latest orderedAt first; `from` inclusive, `to` exclusive (on orderedAt). */
export const ZOrderListInput = ZListInput.extend({
  attribution: z.enum(ORDER_ATTRIBUTION_FILTERS, { message: "errors.field.invalidOption" }).optional(),
  /** The attributed partner (platform staff; a partner only ever sees its own). */
  partnerId: ZId.optional(),
  /** The customer the order counts for, or the id the integrator sent. */
  customerId: ZId.optional(),
  externalId: z.string().trim().min(1, { message: "errors.field.required" }).max(200, { message: "errors.field.tooLong" }).optional(),
  from: ZInstantText.optional(),
  to: ZInstantText.optional(),
});
export type TOrderListInput = z.input<typeof ZOrderListInput>;

// ── output ──────────────────────────────────────────────────────────────────────────────────────

export const ZOrderItem = z.object({
  id: z.string(),
  position: z.number().int(),
  sku: z.string(),
  category: z.string(),
  /** Decimal string, no trailing zeros ("2", "0.5"). */
  quantity: z.string(),
  unitPrice: z.string(),
  /** round-half-even(quantity × unitPrice, 2). */
  amount: z.string(),
});
export type TOrderItem = z.infer<typeof ZOrderItem>;

export const ZOrderRefund = z.object({
  id: z.string(),
  externalId: z.string(),
  amount: z.string(),
  refundedAt: z.date(),
  createdAt: z.date(),
});
export type TOrderRefund = z.infer<typeof ZOrderRefund>;

export const ZAttributionReason = z.object({ code: z.string(), message: z.string() });

export const ZOrderSummary = z.object({
  id: z.string(),
  externalId: z.string(),
  /** The live customer the order counts for (the survivor when the sent id had been merged away). */
  customerId: z.string(),
  /** The customer id as sent. */
  sentCustomerId: z.string(),
  orderedAt: z.date(),
  currency: z.string(),
  total: z.string(),
  refundedTotal: z.string(),
  /** total − refunds. */
  netTotal: z.string(),
  /** The owner at orderedAt, or null (then attributionReason says why). */
  attributedPartnerId: z.string().nullable(),
  attributionReason: ZAttributionReason.nullable(),
  /** The ownership history row that decided the attribution. */
  attributionOwnershipId: z.string().nullable(),
  createdAt: z.date(),
});
export type TOrderSummary = z.infer<typeof ZOrderSummary>;

/** A row of GET /orders: the summary with the names a list shows (null where the caller may not see them). */
export const ZOrderListItem = ZOrderSummary.extend({ customerName: z.string().nullable(), attributedPartnerName: z.string().nullable() });
export type TOrderListItem = z.infer<typeof ZOrderListItem>;

export const ZOrder = ZOrderSummary.extend({ items: z.array(ZOrderItem), refunds: z.array(ZOrderRefund) });
export type TOrder = z.infer<typeof ZOrder>;

/** The answer to POST /orders: the order, and whether it had been recorded before (same externalId). */
export const ZIngestedOrder = ZOrder.extend({ replayed: z.boolean() });
export type TIngestedOrder = z.infer<typeof ZIngestedOrder>;

/** The answer to POST /orders/{externalId}/refunds: the refund, the order after it, and whether it was a replay. */
export const ZRecordedRefund = ZOrderRefund.extend({ orderId: z.string(), orderExternalId: z.string(), order: ZOrder, replayed: z.boolean() });
export type TRecordedRefund = z.infer<typeof ZRecordedRefund>;
