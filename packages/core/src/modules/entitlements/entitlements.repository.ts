/**
 * The only Prisma of the entitlements module. Reads go through the scoped client (a rep sees the
 * requests they made, a partner's admins and managers all of their partner's, the platform all).
 * The customer lock, the limit count across partners and the requester's notification are system
 * work inside the caller's transaction: none of it hands another partner's rows to the caller.
 */
import { db, Prisma, runAsSystem, type Entitlement, type EntitlementStatus, type Tx } from "../../db/index.ts";

type Client = Tx | typeof db;

export function findEntitlement(client: Client, id: string): Promise<Entitlement | null> {
  return client.entitlement.findUnique({ where: { id } });
}

/** A page in the caller's scope: by id (UUID v7, so by request time), newest or oldest first. */
export function findEntitlements(where: Prisma.EntitlementWhereInput, order: "newest" | "oldest", take: number): Promise<Entitlement[]> {
  return db.entitlement.findMany({ where, orderBy: { id: order === "newest" ? "desc" : "asc" }, take });
}

/** The customer's entitlements the caller may see, oldest first (its timeline). */
export function findCustomerEntitlements(customerId: string, take: number): Promise<Entitlement[]> {
  return db.entitlement.findMany({ where: { customerId }, orderBy: { id: "asc" }, take });
}

/** The customer as the caller sees it (a partner: only while it owns it or has a live registration). */
export function findVisibleCustomer(customerId: string): Promise<{ id: string; name: string; ownerPartnerId: string | null } | null> {
  return db.customer.findUnique({ where: { id: customerId }, select: { id: true, name: true, ownerPartnerId: true } });
}

/**
 * Lock the customer's row until the transaction ends and read its owner: every request and approval
 * for one customer is checked against its limits one after the other, so two at once cannot both
 * take the last of an allowance. Null when the customer is gone or merged away.
 */
export async function lockCustomer(tx: Tx, customerId: string): Promise<{ ownerPartnerId: string | null } | null> {
  const rows = await runAsSystem("entitlement.lock-customer", () =>
    tx.$queryRaw<Array<{ ownerPartnerId: string | null; mergedIntoId: string | null }>>`
      SELECT "ownerPartnerId"::text AS "ownerPartnerId", "mergedIntoId"::text AS "mergedIntoId" FROM "Customer" WHERE id = ${customerId}::uuid FOR UPDATE`,
  );
  const row = rows[0];
  return row && !row.mergedIntoId ? { ownerPartnerId: row.ownerPartnerId } : null;
}

/**
 * The values of the customer's entitlements of a type in a period that count against its limits,
 * whoever asked for them (a customer's allowance is the customer's, across partners and reps).
 */
export async function countedValues(tx: Tx, where: { customerId: string; type: string; period: string; statuses: readonly EntitlementStatus[]; exceptId?: string }): Promise<string[]> {
  const rows = await runAsSystem("entitlement.limits", () =>
    tx.entitlement.findMany({
      where: { customerId: where.customerId, type: where.type, period: where.period, status: { in: [...where.statuses] }, ...(where.exceptId ? { id: { not: where.exceptId } } : {}) },
      select: { value: true },
    }),
  );
  return rows.map((r) => r.value.toString());
}

export function insertEntitlement(tx: Tx, row: { partnerId: string; customerId: string; type: string; value: Prisma.Decimal; reason: string; period: string; requestedById: string }): Promise<Entitlement> {
  return tx.entitlement.create({ data: row });
}

/**
 * Move an entitlement out of `from` (only if it is still there: a concurrent move wins) and read it
 * back; null when it was no longer in `from`.
 */
export async function moveEntitlement(tx: Tx, id: string, from: EntitlementStatus, data: Prisma.EntitlementUncheckedUpdateManyInput): Promise<Entitlement | null> {
  const { count } = await tx.entitlement.updateMany({ where: { id, status: from }, data });
  return count === 0 ? null : tx.entitlement.findUniqueOrThrow({ where: { id } });
}

/** The in-app notice to the partner user who asked (notifications are written by the system). */
export async function notifyRequester(tx: Tx, notice: { userId: string; type: string; messageKey: string; params: Record<string, string>; link: string; sourceEventId: string }): Promise<void> {
  await runAsSystem("entitlement.notify", () => tx.notification.createMany({ data: [{ ...notice, params: notice.params }], skipDuplicates: true }));
}

/** Names for a list, each read in the caller's scope (what it may not see stays unnamed). */
export async function namesFor(rows: readonly Entitlement[]): Promise<{ customers: Map<string, string>; partners: Map<string, string>; users: Map<string, string> }> {
  const userIds = new Set<string>();
  for (const r of rows) for (const id of [r.requestedById, r.decidedById, r.issuedById]) if (id) userIds.add(id);
  const [customers, partners, users] = await Promise.all([
    db.customer.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.customerId))] } }, select: { id: true, name: true } }),
    db.partner.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.partnerId))] } }, select: { id: true, name: true } }),
    db.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, name: true } }),
  ]);
  return {
    customers: new Map(customers.map((c) => [c.id, c.name])),
    partners: new Map(partners.map((p) => [p.id, p.name])),
    users: new Map(users.map((u) => [u.id, u.name])),
  };
}
