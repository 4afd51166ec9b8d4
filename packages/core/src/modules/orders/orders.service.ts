/**
 * Order use cases (issue 5): ingest an order, refund it, list and read orders. The platform's systems
 * push (admins, finance and their API keys); partners' admins and managers read the orders
 * attributed to their own partner. Every write is one transaction with its audit row and outbox
 * event; a push is idempotent by its externalId (ADR 016).
 */
import type { z } from "zod";
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db, Prisma, runAsSystem, type Order, type OrderRefund, type Tx, isUniqueViolation } from "../../db/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { translator, type Locale } from "../../i18n/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { orderHookRecord, recordToCreate } from "../plugins/hook-records.rules.ts";
import { beforeSaveHooksInstalled, hasBeforeSaveHooks, pluginFieldsBeforeSave } from "../plugins/plugin-host.ts";
import { page, ZId } from "../shared.schemas.ts";
import {
  attributionHistories,
  cursorPosition,
  findOrder,
  findOrderByExternalId,
  findOrders,
  findRefundByExternalId,
  insertOrder,
  insertRefund,
  lockOrder,
  moveLastOrderAt,
  resolveCustomer,
  withLines,
  type NewOrder,
  type OrderWithLines,
} from "./orders.repository.ts";
import { formatMoney } from "../money.rules.ts";
import { checkRefund, decideAttribution, formatQuantity, lineAmount, orderFingerprint, orderTotal, refundFingerprint } from "./orders.rules.ts";
import {
  ZOrderInput,
  ZOrderListInput,
  ZRefundInput,
  type TIngestedOrder,
  type TOrder,
  type TOrderInput,
  type TOrderListInput,
  type TOrderRefund,
  type TOrderListItem,
  type TOrderSummary,
  type TRecordedRefund,
  type TRefundInput,
} from "./orders.schemas.ts";

const money = (value: Prisma.Decimal) => formatMoney(value.toString());

function toSummary(row: Order, locale: Locale): TOrderSummary {
  return {
    id: row.id,
    externalId: row.externalId,
    customerId: row.customerId,
    sentCustomerId: row.sentCustomerId,
    orderedAt: row.orderedAt,
    currency: row.currency,
    total: money(row.total),
    refundedTotal: money(row.refundedTotal),
    netTotal: formatMoney(row.total.sub(row.refundedTotal).toString()),
    attributedPartnerId: row.attributedPartnerId,
    attributionReason: row.attributionReason
      ? { code: row.attributionReason, message: String(translator(locale)(`orders.attribution.${row.attributionReason}`)) }
      : null,
    attributionOwnershipId: row.attributionOwnershipId,
    createdAt: row.createdAt,
  };
}

function toRefund(row: OrderWithLines["refunds"][number]): TOrderRefund {
  return { id: row.id, externalId: row.externalId, amount: money(row.amount), refundedAt: row.refundedAt, createdAt: row.createdAt };
}

function toOrder(row: OrderWithLines, locale: Locale): TOrder {
  return {
    ...toSummary(row, locale),
    items: row.items.map((item) => ({
      id: item.id,
      position: item.position,
      sku: item.sku,
      category: item.category,
      quantity: formatQuantity(item.quantity.toString()),
      unitPrice: money(item.unitPrice),
      amount: money(item.amount),
    })),
    refunds: row.refunds.map(toRefund),
  };
}


/** The same externalId again: the first order when the push says the same things, else a conflict. */
async function replayOrder(existing: Order, fingerprint: string, locale: Locale, client: Tx | typeof db = db): Promise<TIngestedOrder> {
  const recorded = await withLines(client, existing);
  const same = orderFingerprint({
    customerId: recorded.sentCustomerId,
    orderedAt: recorded.orderedAt,
    currency: recorded.currency,
    items: recorded.items.map((i) => ({ sku: i.sku, category: i.category, quantity: i.quantity.toString(), unitPrice: i.unitPrice.toString() })),
  });
  if (same !== fingerprint) throw new DomainError("CONFLICT", { i18nKey: "orders.errors.externalIdReused" });
  return { ...toOrder(recorded, locale), replayed: true };
}

/**
 * The plugin fields of a new order: the compute and validate hooks of the plugins installed for the
 * partner it is attributed to (an unattributed order: the platform-wide installs). `pluginsCheck`
 * was read before the transaction (`beforeSaveHooksInstalled`): without such plugins, no work and
 * no query here. A refusal is VALIDATION_FAILED (an import reports it as the rows' error).
 */
async function orderPluginFields(actor: Actor, order: Omit<NewOrder, "items">, items: NewOrder["items"], pluginsCheck: boolean, given: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  if (!pluginsCheck || !(await hasBeforeSaveHooks(order.attributedPartnerId, "order", "create"))) return given;
  const record = recordToCreate(orderHookRecord({ ...order, id: "", refundedTotal: new Prisma.Decimal(0), createdAt: new Date() }, items));
  const computed = await pluginFieldsBeforeSave(actor, { partnerId: order.attributedPartnerId, object: "order", operation: "create", record: { ...record, customFields: given }, previous: null });
  return { ...given, ...computed };
}

/**
 * Where an order placed by a plugin (`createOrder` intent, ADR 026) comes from: kept in its audit row
 * and its `order.ingested` event (`source: "plugin"`), so reconciliation can tell it from a push.
 */
export type PluginOrderSource = {
  pluginId: string;
  /** The order's id in the plugin (the core externalId is `pluginOrderExternalId(…)`). */
  externalId: string;
  /** The installing partner whose tenant placed it; null: the platform. */
  tenantPartnerId: string | null;
  sourceRef?: { object: string; id: string };
  /** The plugin's own order fields, already checked against its manifest. */
  customFields: Record<string, unknown>;
};

/**
 * The core externalId of a plugin's order: unique per plugin, tenant and the plugin's id, readable in
 * the orders list and reconciliation (`plugin:qudao.manufacturing:<partner id>:Q-0001`). A plugin
 * finds its order with `records.query("order", { externalId })` or from `order.ingested`
 * (`pluginExternalId`).
 */
export function pluginOrderExternalId(pluginId: string, tenantPartnerId: string | null, externalId: string): string {
  return `plugin:${pluginId}:${tenantPartnerId ?? "platform"}:${externalId}`;
}

/**
 * A new order in `tx`: the customer (followed through merges), the attribution at `orderedAt`, the
 * plugins' before-save hooks, the order and its items, the customer's last order, the audit row and
 * `order.ingested`. Runs as the system.
 */
async function recordNewOrder(tx: Tx, actor: Actor, input: z.output<typeof ZOrderInput>, pluginsCheck: boolean, source?: PluginOrderSource): Promise<OrderWithLines> {
  const customer = await resolveCustomer(tx, input.customerId);
  if (!customer) throw new DomainError("VALIDATION_FAILED", { details: [{ path: "customerId", message: "orders.errors.customerNotFound" }] });
  const attribution = decideAttribution(await attributionHistories(tx, input.customerId), input.customerId, input.orderedAt);
  const items = input.items.map((item) => ({
    sku: item.sku,
    category: item.category,
    quantity: new Prisma.Decimal(item.quantity),
    unitPrice: new Prisma.Decimal(item.unitPrice),
    amount: new Prisma.Decimal(lineAmount(item.quantity, item.unitPrice).toFixed(2)),
  }));
  const order = {
    externalId: input.externalId,
    customerId: customer.liveCustomerId,
    sentCustomerId: input.customerId,
    orderedAt: input.orderedAt,
    currency: input.currency,
    total: new Prisma.Decimal(orderTotal(input.items).toFixed(2)),
    attributedPartnerId: attribution.partnerId,
    attributionOwnershipId: attribution.ownershipId,
    attributionReason: attribution.reason,
  };
  const customFields = await orderPluginFields(actor, order, items, pluginsCheck, source?.customFields);
  const created = await insertOrder(tx, { ...order, customFields: customFields as Prisma.InputJsonValue, items });
  await moveLastOrderAt(tx, customer.liveCustomerId, input.orderedAt);
  const facts = {
    externalId: created.externalId,
    customerId: created.customerId,
    sentCustomerId: created.sentCustomerId,
    orderedAt: created.orderedAt.toISOString(),
    currency: created.currency,
    total: money(created.total),
    attributedPartnerId: created.attributedPartnerId,
    attributionOwnershipId: created.attributionOwnershipId,
    attributionReason: created.attributionReason,
  };
  await recordAudit(tx, actor, {
    action: "order.ingested",
    entityType: "Order",
    entityId: created.id,
    partnerId: created.attributedPartnerId,
    after: { ...facts, decidedOnCustomerId: attribution.decidedOnCustomerId, items: created.items.length, ...(source ? pluginSourceFacts(source) : {}) },
  });
  await emitEvent(tx, "order.ingested", { type: "Order", id: created.id, partnerId: created.attributedPartnerId }, { orderId: created.id, ...facts, ...(source ? pluginSourceFacts(source) : {}) });
  return created;
}

function pluginSourceFacts(source: PluginOrderSource) {
  return { source: "plugin", pluginId: source.pluginId, pluginExternalId: source.externalId, pluginTenantPartnerId: source.tenantPartnerId, ...(source.sourceRef ? { sourceRef: source.sourceRef } : {}) };
}

/**
 * A plugin's `createOrder` intent (ADR 026): the same ingest as POST /orders — before-save `order`
 * hooks, attribution by ownership at `orderedAt`, audit as `actor` (the user who caused the event),
 * `order.ingested` — under the externalId `pluginOrderExternalId(…)`. The permission is the install's
 * `orders:create` grant, checked by the caller, not the actor's `order:write`. Idempotent: an order
 * already recorded under that externalId is returned as it is (`created: false`), whatever the
 * intent says now. Throws like ingestOrder (ZodError for a malformed order, VALIDATION_FAILED or
 * RULE_VIOLATION for a refusal by a plugin's hook or an unknown customer).
 */
export async function ingestPluginOrder(actor: Actor, rawInput: TOrderInput, source: PluginOrderSource, locale: Locale = "zh-CN"): Promise<{ order: TIngestedOrder; created: boolean }> {
  const input = ZOrderInput.parse(rawInput);
  const earlier = await runAsSystem("plugin order", () => findOrderByExternalId(db, input.externalId));
  if (earlier) return { order: { ...toOrder(await runAsSystem("plugin order", () => withLines(db, earlier)), locale), replayed: true }, created: false };
  const pluginsCheck = await beforeSaveHooksInstalled("order", "create");
  try {
    const order = await runAsSystem("plugin order", () => db.$transaction((tx) => recordNewOrder(tx, actor, input, pluginsCheck, source)));
    return { order: { ...toOrder(order, locale), replayed: false }, created: true };
  } catch (error) {
    if (isUniqueViolation(error)) {
      const winner = await runAsSystem("plugin order", () => findOrderByExternalId(db, input.externalId));
      if (winner) return { order: { ...toOrder(await runAsSystem("plugin order", () => withLines(db, winner)), locale), replayed: true }, created: false };
    }
    throw error;
  }
}

/**
 * POST /orders: record an order once per externalId, attributed to the partner that owned the
 * customer at `orderedAt` (or kept unattributed, with the reason). Moves the customer's last order.
 */
export async function ingestOrder(actor: Actor, rawInput: TOrderInput, locale: Locale = "zh-CN"): Promise<TIngestedOrder> {
  requirePermission(actor, "order:write");
  const input = ZOrderInput.parse(rawInput);
  const fingerprint = orderFingerprint(input);
  const earlier = await findOrderByExternalId(db, input.externalId);
  if (earlier) return replayOrder(earlier, fingerprint, locale);

  const pluginsCheck = await beforeSaveHooksInstalled("order", "create");
  try {
    // Ownership history spans partners: read and written as the system, audited as the caller.
    const order = await runAsSystem("order-ingest", () => db.$transaction((tx) => recordNewOrder(tx, actor, input, pluginsCheck)));
    return { ...toOrder(order, locale), replayed: false };
  } catch (error) {
    // Two pushes of the same externalId at once: the loser answers with the winner's order.
    if (isUniqueViolation(error)) {
      const winner = await findOrderByExternalId(db, input.externalId);
      if (winner) return replayOrder(winner, fingerprint, locale);
    }
    throw error;
  }
}

/**
 * The same ingest as POST /orders as one step of the caller's transaction `tx` (a platform import run
 * "all or nothing", ADR 021): the same checks, replay (200) or conflict (409), attribution, audit and
 * event. The caller runs as the system and commits or rolls back everything it recorded.
 */
export async function ingestOrderInTransaction(tx: Tx, actor: Actor, rawInput: TOrderInput, locale: Locale = "zh-CN"): Promise<TIngestedOrder> {
  requirePermission(actor, "order:write");
  const input = ZOrderInput.parse(rawInput);
  const earlier = await findOrderByExternalId(tx, input.externalId);
  if (earlier) return replayOrder(earlier, orderFingerprint(input), locale, tx);
  return { ...toOrder(await recordNewOrder(tx, actor, input, await beforeSaveHooksInstalled("order", "create")), locale), replayed: false };
}

async function replayRefund(
  existing: { id: string; orderId: string; amount: Prisma.Decimal; refundedAt: Date },
  fingerprint: string,
  locale: Locale,
  client: Tx | typeof db = db,
): Promise<TRecordedRefund> {
  const same = refundFingerprint({ orderId: existing.orderId, amount: existing.amount.toString(), refundedAt: existing.refundedAt });
  if (same !== fingerprint) throw new DomainError("CONFLICT", { i18nKey: "orders.errors.refundExternalIdReused" });
  const order = await withLines(client, (await findOrder(existing.orderId, client))!);
  const refund = order.refunds.find((r) => r.id === existing.id)!;
  return { ...toRefund(refund), orderId: order.id, orderExternalId: order.externalId, order: toOrder(order, locale), replayed: true };
}

/**
 * A new refund of order `orderId` in `tx`: the order row locked, refunds never above its total nor
 * dated before it (422), `refundedTotal` kept, the audit row and `order.refunded`. Runs as the system.
 */
async function recordNewRefund(tx: Tx, actor: Actor, orderId: string, input: z.output<typeof ZRefundInput>): Promise<{ refund: OrderRefund; order: OrderWithLines }> {
  const order = await lockOrder(tx, orderId);
  if (input.refundedAt < order.orderedAt) throw new DomainError("RULE_VIOLATION", { i18nKey: "orders.errors.refundBeforeOrder" });
  const check = checkRefund(order.total.toString(), order.refundedTotal.toString(), input.amount);
  if (!check.ok) {
    throw new DomainError("RULE_VIOLATION", { i18nKey: "orders.errors.refundExceedsTotal", params: { remaining: formatMoney(check.remaining), currency: order.currency } });
  }
  const refundedTotal = new Prisma.Decimal(check.refundedTotal.toFixed(2));
  const refund = await insertRefund(tx, { orderId: order.id, externalId: input.externalId, amount: new Prisma.Decimal(input.amount), refundedAt: input.refundedAt }, refundedTotal);
  await recordAudit(tx, actor, {
    action: "order.refunded",
    entityType: "Order",
    entityId: order.id,
    partnerId: order.attributedPartnerId,
    before: { refundedTotal: money(order.refundedTotal) },
    after: { refundId: refund.id, externalId: refund.externalId, amount: money(refund.amount), refundedAt: refund.refundedAt.toISOString(), refundedTotal: money(refundedTotal) },
  });
  await emitEvent(tx, "order.refunded", { type: "Order", id: order.id, partnerId: order.attributedPartnerId }, {
    orderId: order.id,
    orderExternalId: order.externalId,
    refundId: refund.id,
    externalId: refund.externalId,
    amount: money(refund.amount),
    refundedAt: refund.refundedAt.toISOString(),
    refundedTotal: money(refundedTotal),
    currency: order.currency,
    customerId: order.customerId,
    attributedPartnerId: order.attributedPartnerId,
  });
  return { refund, order: await withLines(tx, { ...order, refundedTotal }) };
}

/**
 * POST /orders/{externalId}/refunds: record a refund once per refund externalId. Refunds of an order
 * never add up to more than its total (422), and are not dated before the order (422).
 */
export async function refundOrder(actor: Actor, orderExternalId: string, rawInput: TRefundInput, locale: Locale = "zh-CN"): Promise<TRecordedRefund> {
  requirePermission(actor, "order:write");
  const input = ZRefundInput.parse(rawInput);
  const target = await findOrderByExternalId(db, orderExternalId);
  // The refund's externalId may already be recorded (a retry): the same refund of the same order, or a conflict.
  const earlier = await findRefundByExternalId(input.externalId);
  if (earlier) {
    return replayRefund(earlier, refundFingerprint({ orderId: target?.id ?? "", amount: input.amount, refundedAt: input.refundedAt }), locale);
  }
  if (!target) throw notFound("Order");
  const fingerprint = refundFingerprint({ orderId: target.id, amount: input.amount, refundedAt: input.refundedAt });

  try {
    const result = await runAsSystem("order-refund", () => db.$transaction((tx) => recordNewRefund(tx, actor, target.id, input)));
    return { ...toRefund(result.refund), orderId: result.order.id, orderExternalId: result.order.externalId, order: toOrder(result.order, locale), replayed: false };
  } catch (error) {
    // Two pushes of the same refund at once: the loser answers with the winner's refund.
    if (isUniqueViolation(error)) {
      const winner = await findRefundByExternalId(input.externalId);
      if (winner) return replayRefund(winner, fingerprint, locale);
    }
    throw error;
  }
}

/**
 * The same refund as POST /orders/{externalId}/refunds as one step of the caller's transaction `tx`
 * (a platform import run "all or nothing", ADR 021): replay or conflict by the refund's externalId,
 * 404 for an unknown order, 422 over the total. The caller runs as the system.
 */
export async function refundOrderInTransaction(tx: Tx, actor: Actor, orderExternalId: string, rawInput: TRefundInput, locale: Locale = "zh-CN"): Promise<TRecordedRefund> {
  requirePermission(actor, "order:write");
  const input = ZRefundInput.parse(rawInput);
  const target = await findOrderByExternalId(tx, orderExternalId);
  const earlier = await findRefundByExternalId(input.externalId, tx);
  if (earlier) {
    return replayRefund(earlier, refundFingerprint({ orderId: target?.id ?? "", amount: input.amount, refundedAt: input.refundedAt }), locale, tx);
  }
  if (!target) throw notFound("Order");
  const result = await recordNewRefund(tx, actor, target.id, input);
  return { ...toRefund(result.refund), orderId: result.order.id, orderExternalId: result.order.externalId, order: toOrder(result.order, locale), replayed: false };
}

/** GET /orders: in the caller's scope (a partner sees only orders attributed to it), latest orderedAt first. */
export async function listOrders(actor: Actor, rawInput: TOrderListInput, locale: Locale = "zh-CN"): Promise<{ items: TOrderListItem[]; nextCursor: string | null }> {
  requirePermission(actor, "order:read");
  const input = ZOrderListInput.parse(rawInput);
  const and: Prisma.OrderWhereInput[] = [];
  if (input.attribution === "unattributed") and.push({ attributedPartnerId: null });
  if (input.attribution === "attributed") and.push({ attributedPartnerId: { not: null } });
  if (input.partnerId) and.push({ attributedPartnerId: input.partnerId });
  if (input.customerId) and.push({ OR: [{ customerId: input.customerId }, { sentCustomerId: input.customerId }] });
  if (input.externalId) and.push({ externalId: input.externalId });
  if (input.from) and.push({ orderedAt: { gte: new Date(input.from) } });
  if (input.to) and.push({ orderedAt: { lt: new Date(input.to) } });
  if (input.cursor) {
    // Ordered by orderedAt, paged by id (ADR 009): the cursor row's time is read back, in scope.
    const at = await cursorPosition(input.cursor);
    if (!at) throw new DomainError("VALIDATION_FAILED", { details: [{ path: "cursor", message: "errors.field.invalidCursor" }] });
    and.push({ OR: [{ orderedAt: { lt: at } }, { orderedAt: at, id: { lt: input.cursor } }] });
  }
  const rows = await findOrders({ AND: and }, input.limit + 1);
  // The names a list shows, in two queries through the caller's scope (a customer the partner no
  // longer sees has no name here).
  const [customers, partners] = await Promise.all([
    db.customer.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.customerId))] } }, select: { id: true, name: true } }),
    db.partner.findMany({ where: { id: { in: [...new Set(rows.flatMap((r) => (r.attributedPartnerId ? [r.attributedPartnerId] : [])))] } }, select: { id: true, name: true } }),
  ]);
  const customerName = new Map(customers.map((c) => [c.id, c.name]));
  const partnerName = new Map(partners.map((p) => [p.id, p.name]));
  return page(
    rows.map((row) => ({
      ...toSummary(row, locale),
      customerName: customerName.get(row.customerId) ?? null,
      attributedPartnerName: row.attributedPartnerId ? (partnerName.get(row.attributedPartnerId) ?? null) : null,
    })),
    input.limit,
  );
}

/** GET /orders/{id}: the order with its items and refunds; another partner's order is "not found". */
export async function getOrder(actor: Actor, id: string, locale: Locale = "zh-CN"): Promise<TOrder> {
  requirePermission(actor, "order:read");
  if (!ZId.safeParse(id).success) throw notFound("Order");
  const row = await findOrder(id);
  if (!row) throw notFound("Order");
  return toOrder(await withLines(db, row), locale);
}
