/** The only Prisma access for leads. Runs through the scoped client, so rows are already filtered. */
import { db, type Prisma, type Tx } from "../../db/index.ts";
import { parseStatusReason, phoneCandidateDigits, type DuplicateProbe } from "./leads.rules.ts";
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
  customerId: true,
  createdAt: true,
  updatedAt: true,
  partner: { select: { name: true } },
  assignee: { select: { name: true } },
} satisfies Prisma.LeadSelect;

type LeadRow = Prisma.LeadGetPayload<{ select: typeof leadSelect }>;

function toLead(row: LeadRow): TLead {
  const { partner, assignee, statusReason, ...rest } = row;
  const reason = parseStatusReason(statusReason);
  return { ...rest, disqualifyReason: reason.code, statusReason: reason.text, partnerName: partner.name, assigneeName: assignee?.name ?? null };
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

/** The stored statusReason (code and words together), for a change that keeps one of them. */
export async function findStoredStatusReason(tx: Tx, id: string): Promise<string | null> {
  return (await tx.lead.findUnique({ where: { id }, select: { statusReason: true } }))?.statusReason ?? null;
}

/** Convert only a lead still open for it; false when another conversion (or a status change) got there first. */
export async function markLeadConverted(tx: Tx, id: string, customerId: string): Promise<boolean> {
  const result = await tx.lead.updateMany({ where: { id, status: { in: ["new", "contacted", "qualified"] } }, data: { status: "converted", customerId } });
  return result.count > 0;
}

/** The platform's default pipeline and its first open stage (shared reference data, readable by every partner). */
export function findDefaultFirstStage(tx: Tx) {
  return tx.pipelineStage.findFirst({
    where: { kind: "open", archivedAt: null, pipeline: { partnerId: null, isDefault: true, archivedAt: null } },
    orderBy: [{ position: "asc" }, { id: "asc" }],
    select: { id: true, pipelineId: true },
  });
}

export type NewOpportunity = {
  partnerId: string;
  pipelineId: string;
  stageId: string;
  customerId: string;
  leadId: string;
  name: string;
  amount: Prisma.Decimal;
  expectedCloseDate: Date | null;
  ownerId: string;
  createdById: string;
  at: Date;
  /** Plugin fields the installed plugins' compute hooks filled. */
  customFields?: Record<string, unknown>;
};

/** The opportunity a conversion opens, with its first stage-history row (from nowhere into the first stage). */
export async function insertOpportunity(tx: Tx, o: NewOpportunity): Promise<{ id: string }> {
  const opportunity = await tx.opportunity.create({
    data: {
      partnerId: o.partnerId,
      pipelineId: o.pipelineId,
      stageId: o.stageId,
      customerId: o.customerId,
      leadId: o.leadId,
      name: o.name,
      amount: o.amount,
      currency: "CNY",
      expectedCloseDate: o.expectedCloseDate,
      ownerId: o.ownerId,
      createdById: o.createdById,
      stageEnteredAt: o.at,
      ...(o.customFields && Object.keys(o.customFields).length > 0 ? { customFields: o.customFields as Prisma.InputJsonValue } : {}),
    },
    select: { id: true },
  });
  await tx.opportunityStageChange.create({
    data: { opportunityId: opportunity.id, partnerId: o.partnerId, fromStageId: null, toStageId: o.stageId, changedById: o.createdById, secondsInPrevious: null, at: o.at },
  });
  return opportunity;
}

const CANDIDATES = 50;

/** Leads the actor can see that may match what was typed (narrowed by the database, decided by leadMatches). */
export function findDuplicateLeadCandidates(probe: DuplicateProbe, excludeLeadId: string | undefined) {
  const or: Prisma.LeadWhereInput[] = [];
  if (probe.email) or.push({ email: { equals: probe.email, mode: "insensitive" } });
  if (probe.phone) or.push({ phone: { contains: phoneCandidateDigits(probe.phone) } });
  if (probe.name) or.push({ name: { contains: probe.name, mode: "insensitive" } });
  if (probe.company) or.push({ company: { contains: probe.company, mode: "insensitive" } });
  return db.lead.findMany({
    where: { AND: [{ OR: or }, excludeLeadId ? { id: { not: excludeLeadId } } : {}] },
    orderBy: { id: "desc" },
    take: CANDIDATES,
    select: { id: true, name: true, company: true, phone: true, email: true, status: true, assignee: { select: { name: true } } },
  });
}

/** Customers the actor can see (owned, or registered) that may match what was typed; phones and e-mails are stored normalised. */
export function findDuplicateCustomerCandidates(probe: DuplicateProbe) {
  const or: Prisma.CustomerWhereInput[] = [];
  if (probe.email) or.push({ email: probe.email });
  if (probe.phone) or.push({ phone: probe.phone });
  if (probe.name) or.push({ name: { contains: probe.name, mode: "insensitive" } });
  if (probe.company) or.push({ name: { contains: probe.company, mode: "insensitive" } });
  return db.customer.findMany({
    where: { OR: or },
    orderBy: { id: "desc" },
    take: CANDIDATES,
    select: { id: true, kind: true, name: true, city: true, phone: true, email: true },
  });
}
