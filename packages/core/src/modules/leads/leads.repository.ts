/** The only Prisma access for leads. Runs through the scoped client, so rows are already filtered. */
import { db, type Prisma, type Tx } from "../../db/index.ts";
import type { TLead, TLeadStatus } from "./leads.schemas.ts";

const leadSelect = {
  id: true,
  partnerId: true,
  name: true,
  company: true,
  phone: true,
  email: true,
  source: true,
  notes: true,
  status: true,
  statusReason: true,
  assigneeId: true,
  createdAt: true,
  updatedAt: true,
  partner: { select: { name: true } },
  assignee: { select: { name: true } },
} satisfies Prisma.LeadSelect;

type LeadRow = Prisma.LeadGetPayload<{ select: typeof leadSelect }>;

function toLead(row: LeadRow): TLead {
  const { partner, assignee, ...rest } = row;
  return { ...rest, partnerName: partner.name, assigneeName: assignee?.name ?? null };
}

export type LeadFilter = {
  status?: TLeadStatus;
  q?: string;
  partnerId?: string;
  assigneeId?: string;
  beforeId?: string;
};

export async function findLeads(filter: LeadFilter, take: number): Promise<TLead[]> {
  const and: Prisma.LeadWhereInput[] = [];
  if (filter.status) and.push({ status: filter.status });
  if (filter.partnerId) and.push({ partnerId: filter.partnerId });
  if (filter.assigneeId) and.push({ assigneeId: filter.assigneeId });
  if (filter.beforeId) and.push({ id: { lt: filter.beforeId } });
  if (filter.q) {
    const contains = { contains: filter.q, mode: "insensitive" as const };
    and.push({ OR: [{ name: contains }, { company: contains }, { phone: contains }, { email: contains }] });
  }
  const rows = await db.lead.findMany({
    where: and.length ? { AND: and } : {},
    orderBy: { id: "desc" },
    take,
    select: leadSelect,
  });
  return rows.map(toLead);
}

export async function findLead(id: string, tx?: Tx): Promise<TLead | null> {
  const row = await (tx ?? db).lead.findUnique({ where: { id }, select: leadSelect });
  return row ? toLead(row) : null;
}

export async function insertLead(tx: Tx, data: Prisma.LeadUncheckedCreateInput): Promise<TLead> {
  const row = await tx.lead.create({ data, select: leadSelect });
  return toLead(row);
}

export async function updateLeadRow(tx: Tx, id: string, data: Prisma.LeadUncheckedUpdateInput): Promise<TLead> {
  const row = await tx.lead.update({ where: { id }, data, select: leadSelect });
  return toLead(row);
}

/** Is `userId` an active member of `partnerId`? (Assignees must be.) */
export async function isActiveMember(tx: Tx, userId: string, partnerId: string): Promise<boolean> {
  const membership = await tx.membership.findFirst({
    where: { userId, partnerId, user: { deactivatedAt: null } },
    select: { id: true },
  });
  return membership !== null;
}
