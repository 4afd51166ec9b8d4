/**
 * The only Prisma of the orders module. Reads go through the scoped client (a partner sees orders
 * attributed to it, nothing else); writes run in the service's system transaction.
 */
import { db, Prisma, type Order, type OrderItem, type OrderRefund, type Tx } from "../../db/index.ts";
import { ownershipHistory } from "../ownership/ownership.repository.ts";
import { MAX_MERGE_HOPS, type AttributionRecord } from "./orders.rules.ts";

export type OrderWithLines = Order & { items: OrderItem[]; refunds: OrderRefund[] };

/** An order's items (in the order sent) and refunds (oldest first), each read in the caller's scope. */
export async function withLines(client: Tx | typeof db, order: Order): Promise<OrderWithLines> {
  const [items, refunds] = await Promise.all([
    client.orderItem.findMany({ where: { orderId: order.id }, orderBy: { position: "asc" } }),
    client.orderRefund.findMany({ where: { orderId: order.id }, orderBy: [{ refundedAt: "asc" }, { id: "asc" }] }),
  ]);
  return { ...order, items, refunds };
}

export function findOrderByExternalId(client: Tx | typeof db, externalId: string): Promise<Order | null> {
  return client.order.findUnique({ where: { externalId } });
}

export function findOrder(id: string, client: Tx | typeof db = db): Promise<Order | null> {
  return client.order.findUnique({ where: { id } });
}

export function findRefundByExternalId(externalId: string, client: Tx | typeof db = db): Promise<OrderRefund | null> {
  return client.orderRefund.findUnique({ where: { externalId } });
}

/** The customer as sent: whether it exists, and the live customer it counts for now (following merges). */
export async function resolveCustomer(tx: Tx, customerId: string): Promise<{ liveCustomerId: string } | null> {
  let current = await tx.customer.findUnique({ where: { id: customerId }, select: { id: true, mergedIntoId: true } });
  if (!current) return null;
  for (let hop = 0; current.mergedIntoId && hop < MAX_MERGE_HOPS; hop++) {
    const next: { id: string; mergedIntoId: string | null } | null = await tx.customer.findUnique({ where: { id: current.mergedIntoId }, select: { id: true, mergedIntoId: true } });
    if (!next) break;
    current = next;
  }
  return { liveCustomerId: current.id };
}

/**
 * The ownership history (oldest first) of the customer and of every survivor it was merged into,
 * as attribution reads it: a duplicate's `merged` row names its survivor (`mergedInto`).
 */
export async function attributionHistories(tx: Tx, customerId: string): Promise<Map<string, AttributionRecord[]>> {
  const histories = new Map<string, AttributionRecord[]>();
  let pending = [customerId];
  for (let depth = 0; depth <= MAX_MERGE_HOPS && pending.length > 0; depth++) {
    const next: string[] = [];
    for (const id of pending) {
      if (histories.has(id)) continue;
      const rows = await ownershipHistory(tx, id);
      const mergeIds = [...new Set(rows.filter((r) => r.event === "merged" && r.mergeId).map((r) => r.mergeId!))];
      const merges = mergeIds.length > 0 ? await tx.customerMerge.findMany({ where: { id: { in: mergeIds } }, select: { id: true, mergedId: true, survivorId: true } }) : [];
      const byId = new Map(merges.map((m) => [m.id, m]));
      const records = rows.map((row): AttributionRecord => {
        const merge = row.event === "merged" && row.mergeId ? byId.get(row.mergeId) : undefined;
        return { id: row.id, partnerId: row.partnerId, at: row.at, event: row.event, mergedInto: merge && merge.mergedId === row.customerId ? merge.survivorId : null };
      });
      histories.set(id, records);
      next.push(...records.flatMap((r) => (r.mergedInto ? [r.mergedInto] : [])));
    }
    pending = next;
  }
  return histories;
}

export type NewOrder = {
  externalId: string;
  customerId: string;
  sentCustomerId: string;
  orderedAt: Date;
  currency: string;
  total: Prisma.Decimal;
  attributedPartnerId: string | null;
  attributionOwnershipId: string | null;
  attributionReason: string | null;
  /** Plugin fields computed before the save (plugin-host.ts); absent: none. */
  customFields?: Prisma.InputJsonValue;
  items: Array<{ sku: string; category: string; quantity: Prisma.Decimal; unitPrice: Prisma.Decimal; amount: Prisma.Decimal }>;
};

export async function insertOrder(tx: Tx, order: NewOrder): Promise<OrderWithLines> {
  const { items, ...row } = order;
  const created = await tx.order.create({ data: row });
  await tx.orderItem.createMany({ data: items.map((item, index) => ({ ...item, orderId: created.id, position: index + 1 })) });
  return withLines(tx, created);
}

/** The customer's last order moves forward, never back. */
export async function moveLastOrderAt(tx: Tx, customerId: string, orderedAt: Date): Promise<void> {
  await tx.customer.updateMany({
    where: { id: customerId, OR: [{ lastOrderAt: null }, { lastOrderAt: { lt: orderedAt } }] },
    data: { lastOrderAt: orderedAt },
  });
}

/** Lock the order row and read it again: refunds of one order are decided one after the other. */
export async function lockOrder(tx: Tx, orderId: string): Promise<Order> {
  await tx.$executeRaw`SELECT id FROM "Order" WHERE id = ${orderId}::uuid FOR UPDATE`;
  return tx.order.findUniqueOrThrow({ where: { id: orderId } });
}

export async function insertRefund(tx: Tx, refund: { orderId: string; externalId: string; amount: Prisma.Decimal; refundedAt: Date }, refundedTotal: Prisma.Decimal): Promise<OrderRefund> {
  const row = await tx.orderRefund.create({ data: refund });
  await tx.order.update({ where: { id: refund.orderId }, data: { refundedTotal } });
  return row;
}

/** A page of orders in the caller's scope, latest orderedAt first (ties by id). */
export function findOrders(where: Prisma.OrderWhereInput, take: number): Promise<Order[]> {
  return db.order.findMany({ where, orderBy: [{ orderedAt: "desc" }, { id: "desc" }], take });
}

/** The cursor row's orderedAt, when the row is visible to the caller. */
export async function cursorPosition(id: string): Promise<Date | null> {
  const row = await db.order.findFirst({ where: { id }, select: { orderedAt: true } });
  return row?.orderedAt ?? null;
}
