/** The only Prisma access for activities. Runs through the scoped client, so rows are already filtered. */
import { db, runAsSystem, type Prisma, type Tx } from "../../db/index.ts";
import type { TActivity } from "./activities.schemas.ts";

const activitySelect = {
  id: true,
  partnerId: true,
  kind: true,
  subject: true,
  body: true,
  occurredAt: true,
  durationMinutes: true,
  leadId: true,
  customerId: true,
  opportunityId: true,
  authorId: true,
  createdAt: true,
  author: { select: { name: true } },
} satisfies Prisma.ActivitySelect;

type ActivityRow = Prisma.ActivityGetPayload<{ select: typeof activitySelect }>;

function toActivity(row: ActivityRow): TActivity {
  const { author, ...rest } = row;
  return { ...rest, authorName: author.name };
}

export type ActivityFilter = {
  leadId?: string;
  customerId?: string;
  opportunityId?: string;
  authorId?: string;
  /** Keyset: rows after this one in (occurredAt desc, id desc) order. */
  after?: { id: string; occurredAt: Date };
};

/** Newest happening first (a visit logged late sorts where it happened), cursor by (occurredAt, id). */
export async function findActivities(filter: ActivityFilter, take: number): Promise<TActivity[]> {
  const and: Prisma.ActivityWhereInput[] = [];
  if (filter.leadId) and.push({ leadId: filter.leadId });
  if (filter.customerId) and.push({ customerId: filter.customerId });
  if (filter.opportunityId) and.push({ opportunityId: filter.opportunityId });
  if (filter.authorId) and.push({ authorId: filter.authorId });
  if (filter.after) {
    const { id, occurredAt } = filter.after;
    and.push({ OR: [{ occurredAt: { lt: occurredAt } }, { occurredAt, id: { lt: id } }] });
  }
  const rows = await db.activity.findMany({
    where: and.length ? { AND: and } : {},
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take,
    select: activitySelect,
  });
  return rows.map(toActivity);
}

export async function findActivity(id: string, tx?: Tx): Promise<TActivity | null> {
  const row = await (tx ?? db).activity.findUnique({ where: { id }, select: activitySelect });
  return row ? toActivity(row) : null;
}

export async function insertActivity(tx: Tx, data: Prisma.ActivityUncheckedCreateInput): Promise<TActivity> {
  return toActivity(await tx.activity.create({ data, select: activitySelect }));
}

export async function updateActivityRow(tx: Tx, id: string, data: Prisma.ActivityUncheckedUpdateInput): Promise<TActivity> {
  return toActivity(await tx.activity.update({ where: { id }, data, select: activitySelect }));
}

/** The records an activity may be logged against, read in the actor's scope (null: missing or not visible). */
export function findLeadTarget(id: string, tx?: Tx) {
  return (tx ?? db).lead.findUnique({ where: { id }, select: { id: true, partnerId: true, status: true } });
}

export function findCustomerTarget(id: string, tx?: Tx) {
  return (tx ?? db).customer.findUnique({ where: { id }, select: { id: true, ownerPartnerId: true, lastActivityAt: true } });
}

export function findOpportunityTarget(id: string, tx?: Tx) {
  return (tx ?? db).opportunity.findUnique({ where: { id }, select: { id: true, customerId: true } });
}

/**
 * Move the owner's follow-up clock and clear a pending inactivity warning. Customer rows are the
 * platform's (partners may not write them), so this runs as the system, guarded by the owner and by
 * "only forward" in the WHERE, inside the caller's transaction.
 */
export async function moveFollowUpClock(tx: Tx, customerId: string, ownerPartnerId: string, at: Date): Promise<boolean> {
  const result = await runAsSystem("activity.follow-up", () =>
    tx.customer.updateMany({
      where: { id: customerId, ownerPartnerId, OR: [{ lastActivityAt: null }, { lastActivityAt: { lt: at } }] },
      data: { lastActivityAt: at, inactivityWarnedAt: null },
    }),
  );
  return result.count > 0;
}

export function markLeadContacted(tx: Tx, id: string) {
  return tx.lead.updateMany({ where: { id, status: "new" }, data: { status: "contacted" } });
}
