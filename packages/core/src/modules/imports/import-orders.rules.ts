/**
 * Platform imports of orders and refunds (ADR 021): file rows → the bodies POST /orders and
 * POST /orders/{externalId}/refunds take, checked by the order API's own schemas (ZOrderInput,
 * ZRefundInput). An orders file has one row per order item; rows with the same externalId are one
 * order, so an order is checked as a whole: one bad row, or rows that disagree on the customer, the
 * time or the currency, and no row of that order goes in (never half an order). Times are ISO 8601
 * with an offset, or a wall-clock "YYYY-MM-DD HH:mm[:ss]" read in the platform's time zone. Pure.
 */
import { z } from "zod";
import { validationError } from "../../errors/index.ts";
import { ZCurrency, ZOrderInput, ZOrderItemInput, ZRefundInput, type TOrderItemInput } from "../orders/orders.schemas.ts";
import { requiredText, ZId, ZInstantText } from "../shared.schemas.ts";
import { localParts, zonedInstant } from "../tasks/tasks.rules.ts";
import type { RowCheck, RowIssue } from "./import-rows.rules.ts";

/** An orders row without a currency is in this one. */
export const DEFAULT_ORDER_CURRENCY = "CNY";

// ── cells ───────────────────────────────────────────────────────────────────────────────────────

/** 2026-01-05 14:30, 2026-01-05T14:30:05, 2026/1/5 9:05 — a wall-clock time without an offset. */
const WALL_CLOCK = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A time cell: ISO 8601 with an offset as the API takes it, or a wall-clock time read in
 * `timeZone` (how spreadsheets hold times). Null when it is neither, or names no real date.
 */
export function readImportTime(text: string, timeZone: string): Date | null {
  const value = text.trim();
  if (ZInstantText.safeParse(value).success) return new Date(value);
  const match = WALL_CLOCK.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second = "0"] = match.slice(1).map((part) => part ?? "0") as [string, string, string, string, string, string?];
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const instant = new Date(zonedInstant(timeZone, y, mo, d, h, mi).getTime() + s * 1000);
  // 2026-02-30 would roll over into March: not a date anyone meant.
  const back = localParts(timeZone, instant);
  return back.year === y && back.month === mo && back.day === d ? instant : null;
}

/** "12,345.60" as spreadsheets format numbers → "12345.60"; anything else is left for the schema to judge. */
export function plainNumber(text: string): string {
  const value = text.trim();
  return /^\d{1,3}([,，]\d{3})+(\.\d+)?$/.test(value) ? value.replace(/[,，]/g, "") : value;
}

/** zod issues as row issues, the first per field (a quantity "abc" is not a number: that it is not above zero goes without saying). */
function issuesOf(error: z.ZodError): RowIssue[] {
  const seen = new Set<string>();
  const issues: RowIssue[] = [];
  for (const d of validationError(error).details) {
    const field = d.path === "(body)" ? "" : d.path;
    if (seen.has(field)) continue;
    seen.add(field);
    issues.push({ field, messageKey: d.message, ...(d.params && Object.keys(d.params).length > 0 ? { params: d.params } : {}) });
  }
  return issues;
}

const blank = (value: string | undefined) => (value ?? "").trim() === "";

/** A required cell left empty: "required", whatever the field's own format message would say. */
function requiredIssues(values: Record<string, string>, fields: readonly string[]): RowIssue[] {
  return fields.filter((field) => blank(values[field])).map((field) => ({ field, messageKey: "errors.field.required" }));
}

function timeIssue(field: string, timeZone: string): RowIssue {
  return { field, messageKey: "imports.errors.dateTime", params: { timeZone } };
}

/** Issues for fields that are not already reported as missing, in the file's field order. */
function merge(required: RowIssue[], others: RowIssue[]): RowIssue[] {
  const missing = new Set(required.map((issue) => issue.field));
  return [...required, ...others.filter((issue) => !missing.has(issue.field))];
}

// ── orders ──────────────────────────────────────────────────────────────────────────────────────

/** What one orders row says: its order's facts and one item. */
export type OrderRowFacts = { externalId: string; customerId: string; orderedAt: Date; currency: string; item: TOrderItemInput };

const ZOrderRow = z.object({ externalId: requiredText(200), customerId: ZId, currency: ZCurrency }).extend(ZOrderItemInput.shape);

const ORDER_REQUIRED = ["externalId", "customerId", "orderedAt", "sku", "category", "quantity", "unitPrice"] as const;

/** One row on its own: every cell as POST /orders would check it (the order as a whole comes in `planOrders`). */
export function checkOrderRow(values: Record<string, string>, timeZone: string): RowCheck<OrderRowFacts> {
  const required = requiredIssues(values, ORDER_REQUIRED);
  const others: RowIssue[] = [];
  const parsed = ZOrderRow.safeParse({
    externalId: values.externalId ?? "",
    customerId: (values.customerId ?? "").trim(),
    currency: blank(values.currency) ? DEFAULT_ORDER_CURRENCY : values.currency,
    sku: values.sku ?? "",
    category: values.category ?? "",
    quantity: plainNumber(values.quantity ?? ""),
    unitPrice: plainNumber(values.unitPrice ?? ""),
  });
  if (!parsed.success) others.push(...issuesOf(parsed.error));
  const orderedAt = blank(values.orderedAt) ? null : readImportTime(values.orderedAt!, timeZone);
  if (!blank(values.orderedAt) && !orderedAt) others.push(timeIssue("orderedAt", timeZone));
  const issues = merge(required, others);
  if (issues.length > 0 || !parsed.success || !orderedAt) return { ok: false, issues };
  const { externalId, customerId, currency, sku, category, quantity, unitPrice } = parsed.data;
  return { ok: true, input: { externalId, customerId, orderedAt, currency, item: { sku, category, quantity, unitPrice } } };
}

export type ImportRowValues = { rowNumber: number; values: Record<string, string> };

/** The body of POST /orders, already parsed (`orderedAt` a Date). */
export type PlannedOrderInput = z.output<typeof ZOrderInput>;

/** An order ready for the ingest, with the rows it came from; or rows that cannot go in, each with why. */
export type OrderPlanUnit =
  | { kind: "order"; rowNumbers: number[]; input: PlannedOrderInput }
  | { kind: "invalid"; rows: Array<{ rowNumber: number; issues: RowIssue[] }> };

const ORDER_FACTS = ["customerId", "orderedAt", "currency"] as const;

function sameFact(field: (typeof ORDER_FACTS)[number], a: OrderRowFacts, b: OrderRowFacts): boolean {
  return field === "orderedAt" ? a.orderedAt.getTime() === b.orderedAt.getTime() : a[field] === b[field];
}

function planOrder(rows: ImportRowValues[], timeZone: string): OrderPlanUnit {
  const rowNumbers = rows.map((row) => row.rowNumber);
  const checks = rows.map((row) => ({ rowNumber: row.rowNumber, check: checkOrderRow(row.values, timeZone) }));
  const bad = checks.filter((c) => !c.check.ok).map((c) => c.rowNumber);
  if (bad.length > 0) {
    // One bad item and the order would be recorded without it: no row of the order goes in.
    const others: RowIssue = { field: "", messageKey: "imports.errors.orderHasInvalidRows", params: { rows: bad.join(", ") } };
    return { kind: "invalid", rows: checks.map(({ rowNumber, check }) => ({ rowNumber, issues: check.ok ? [others] : check.issues })) };
  }
  const facts = checks.map((c) => (c.check as { ok: true; input: OrderRowFacts }).input);
  const first = facts[0]!;
  const disagree = ORDER_FACTS.filter((field) => facts.some((fact) => !sameFact(field, fact, first)));
  if (disagree.length > 0) {
    const issues = disagree.map((field): RowIssue => ({ field, messageKey: "imports.errors.orderRowsDisagree", params: { rows: rowNumbers.join(", ") } }));
    return { kind: "invalid", rows: rowNumbers.map((rowNumber) => ({ rowNumber, issues })) };
  }
  // The order as a whole, as POST /orders checks it: items per order, total size, not dated ahead.
  const parsed = ZOrderInput.safeParse({ externalId: first.externalId, customerId: first.customerId, orderedAt: first.orderedAt, currency: first.currency, items: facts.map((f) => f.item) });
  if (!parsed.success) {
    const issues = issuesOf(parsed.error).map((issue) => (issue.field.startsWith("items") ? { ...issue, field: "" } : issue));
    return { kind: "invalid", rows: rowNumbers.map((rowNumber) => ({ rowNumber, issues })) };
  }
  return { kind: "order", rowNumbers, input: parsed.data };
}

/**
 * The orders of a file, in the order their first rows appear: rows with the same externalId (as
 * trimmed) form one order, its items in row order. A row without a usable externalId is a unit of
 * its own (it cannot be told which order it belongs to).
 */
export function planOrders(rows: readonly ImportRowValues[], timeZone: string): OrderPlanUnit[] {
  const groups = new Map<string, ImportRowValues[]>();
  for (const row of rows) {
    const externalId = (row.values.externalId ?? "").trim();
    const key = externalId === "" || externalId.length > 200 ? `#${row.rowNumber}` : `=${externalId}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()].map((group) => planOrder(group, timeZone));
}

/** Every row's issues under `planOrders` (empty for rows of orders that can go in): what the preview shows. */
export function orderRowIssues(units: readonly OrderPlanUnit[]): Map<number, RowIssue[]> {
  const issues = new Map<number, RowIssue[]>();
  for (const unit of units) {
    if (unit.kind === "order") for (const rowNumber of unit.rowNumbers) issues.set(rowNumber, []);
    else for (const row of unit.rows) issues.set(row.rowNumber, row.issues);
  }
  return issues;
}

// ── refunds ─────────────────────────────────────────────────────────────────────────────────────

/** A refunds row: the order it refunds (by the order's externalId) and the body of POST /orders/{externalId}/refunds. */
export type PlannedRefund = { orderExternalId: string; input: z.output<typeof ZRefundInput> };

const REFUND_REQUIRED = ["orderExternalId", "externalId", "amount", "refundedAt"] as const;

export function checkRefundRow(values: Record<string, string>, timeZone: string): RowCheck<PlannedRefund> {
  const required = requiredIssues(values, REFUND_REQUIRED);
  const others: RowIssue[] = [];
  const orderExternalId = requiredText(200).safeParse(values.orderExternalId ?? "");
  if (!orderExternalId.success) others.push(...issuesOf(orderExternalId.error).map((issue) => ({ ...issue, field: "orderExternalId" })));
  const refundedAt = blank(values.refundedAt) ? null : readImportTime(values.refundedAt!, timeZone);
  if (!blank(values.refundedAt) && !refundedAt) others.push(timeIssue("refundedAt", timeZone));
  // The refund as POST …/refunds checks it (amount above zero, not dated ahead); a time that did not read is reported once, above.
  const parsed = ZRefundInput.safeParse({ externalId: values.externalId ?? "", amount: plainNumber(values.amount ?? ""), refundedAt: refundedAt ?? new Date(0) });
  if (!parsed.success) others.push(...issuesOf(parsed.error).filter((issue) => issue.field !== "refundedAt" || refundedAt));
  const issues = merge(required, others);
  if (issues.length > 0 || !parsed.success || !orderExternalId.success || !refundedAt) return { ok: false, issues };
  return { ok: true, input: { orderExternalId: orderExternalId.data, input: parsed.data } };
}
