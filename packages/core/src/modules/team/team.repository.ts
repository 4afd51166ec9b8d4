/**
 * The only Prisma access for team management. Reads and writes run through the scoped client as the
 * acting user; the few steps that are system-only by design (the token lookup of a public link, the
 * partner-wide lock, revoking another user's API keys) say so and run as the system actor.
 */
import { db, Prisma, runAsSystem, type Tx } from "../../db/index.ts";
import type { MembershipRole } from "../../actor/actor.ts";
import type { TPartnerUser } from "../users/users.schemas.ts";

// ── invites ─────────────────────────────────────────────────────────────────────────────────────

export const inviteSelect = {
  id: true,
  partnerId: true,
  email: true,
  name: true,
  role: true,
  invitedById: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  userId: true,
  createdAt: true,
} satisfies Prisma.InviteSelect;
export type InviteRow = Prisma.InviteGetPayload<{ select: typeof inviteSelect }>;

export function findInvite(tx: Tx, id: string): Promise<InviteRow | null> {
  return tx.invite.findUnique({ where: { id }, select: inviteSelect });
}

export function findInvites(filter: Prisma.InviteWhereInput[], take: number): Promise<InviteRow[]> {
  return db.invite.findMany({ where: filter.length ? { AND: filter } : {}, orderBy: { id: "desc" }, take, select: inviteSelect });
}

/** A still-usable invite to `email` from the actor's partner (scoped), if any. */
export function findLiveInviteFor(tx: Tx, email: string, now: Date): Promise<{ id: string } | null> {
  return tx.invite.findFirst({ where: { email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } }, select: { id: true } });
}

export function insertInvite(tx: Tx, data: Prisma.InviteUncheckedCreateInput): Promise<InviteRow> {
  return tx.invite.create({ data, select: inviteSelect });
}

export function updateInvite(tx: Tx, id: string, data: Prisma.InviteUncheckedUpdateInput): Promise<InviteRow> {
  return tx.invite.update({ where: { id }, data, select: inviteSelect });
}

/** The invite behind a public link, with its partner: system-only, since the visitor is nobody yet. */
export function findInviteByTokenHash(tx: Tx, tokenHash: string) {
  return tx.invite.findUnique({
    where: { tokenHash },
    select: { ...inviteSelect, partner: { select: { name: true, status: true } } },
  });
}

/** Takes the link for acceptance: only one of two simultaneous submissions can win it. */
export async function claimInvite(tx: Tx, id: string, now: Date, userId: string): Promise<boolean> {
  const { count } = await tx.invite.updateMany({
    where: { id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { acceptedAt: now, userId },
  });
  return count === 1;
}

/** Whether any account (of any partner, or the platform) already uses the e-mail: system-only. */
export function emailInUse(email: string): Promise<boolean> {
  return runAsSystem("team.email-check", async () => (await db.user.findUnique({ where: { email }, select: { id: true } })) !== null);
}

// ── members ─────────────────────────────────────────────────────────────────────────────────────

export const memberSelect = {
  role: true,
  partnerId: true,
  user: { select: { id: true, email: true, name: true, deactivatedAt: true, lastLoginAt: true, createdAt: true } },
} satisfies Prisma.MembershipSelect;
export type MemberRow = Prisma.MembershipGetPayload<{ select: typeof memberSelect }>;

export function toMember(row: MemberRow): TPartnerUser {
  const { user } = row;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: row.role,
    partnerId: row.partnerId,
    active: user.deactivatedAt === null,
    lastLoginAt: user.lastLoginAt,
    createdAt: user.createdAt,
  };
}

/** A partner user's membership as the actor sees it (null when missing or out of scope). */
export function findMember(tx: Tx, userId: string): Promise<MemberRow | null> {
  return tx.membership.findUnique({ where: { userId }, select: memberSelect });
}

export function countActiveAdmins(tx: Tx, partnerId: string, exceptUserId: string): Promise<number> {
  return tx.membership.count({ where: { partnerId, role: "admin", userId: { not: exceptUserId }, user: { deactivatedAt: null } } });
}

/**
 * Serialises team changes of one partner (deactivations, role changes) until the transaction ends,
 * so two admins removing each other at the same moment cannot leave the partner without an admin.
 */
export async function lockPartnerTeam(tx: Tx, partnerId: string): Promise<void> {
  await runAsSystem("team.lock", () => tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`team:${partnerId}`}))`);
}

export async function setDeactivatedAt(tx: Tx, userId: string, at: Date | null): Promise<MemberRow> {
  await tx.user.update({ where: { id: userId }, data: { deactivatedAt: at }, select: { id: true } });
  const row = await findMember(tx, userId);
  if (!row) throw new Error("team.repository: the member vanished inside its own transaction");
  return row;
}

export async function setMemberRole(tx: Tx, userId: string, role: MembershipRole): Promise<MemberRow> {
  return tx.membership.update({ where: { userId }, data: { role }, select: memberSelect });
}

export type MovedWork = { leads: string[]; opportunities: string[]; tasks: string[]; registrations: string[] };

const OPEN_LEAD_STATUSES = ["new", "contacted", "qualified"] as const;
const LIVE_REGISTRATION_STATUSES = ["pending", "accepted"] as const;

/**
 * Hands the leaver's open work to the successor: open leads, open opportunities, open tasks, and live
 * registrations (so a successor who is a rep sees them and receives their expiry warnings). Closed
 * work keeps the leaver as its history. Each is one UPDATE … RETURNING, inside the caller's transaction.
 * A registration names its submitter as a scope stamp that partner actors may not rewrite, so that one
 * step runs as the system, limited to the leaver's partner.
 */
export async function moveOpenWork(tx: Tx, partnerId: string, fromUserId: string, toUserId: string): Promise<MovedWork> {
  const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);
  const leads = await tx.lead.updateManyAndReturn({
    where: { partnerId, assigneeId: fromUserId, status: { in: [...OPEN_LEAD_STATUSES] } },
    data: { assigneeId: toUserId },
    select: { id: true },
  });
  const opportunities = await tx.opportunity.updateManyAndReturn({
    where: { partnerId, ownerId: fromUserId, status: "open" },
    data: { ownerId: toUserId },
    select: { id: true },
  });
  const tasks = await tx.task.updateManyAndReturn({
    where: { partnerId, assigneeId: fromUserId, status: "open" },
    data: { assigneeId: toUserId },
    select: { id: true },
  });
  const registrations = await runAsSystem("team.hand-over", () =>
    tx.registration.updateManyAndReturn({
      where: { partnerId, createdById: fromUserId, status: { in: [...LIVE_REGISTRATION_STATUSES] } },
      data: { createdById: toUserId },
      select: { id: true },
    }),
  );
  return { leads: ids(leads), opportunities: ids(opportunities), tasks: ids(tasks), registrations: ids(registrations) };
}

/** A leaver's API keys stop working with the account: system-only, as keys are otherwise their owner's alone. */
export async function revokeApiKeysOf(tx: Tx, userId: string, at: Date): Promise<number> {
  return runAsSystem("team.deactivate", async () => (await tx.apiKey.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: at } })).count);
}

// ── sub-dealer rollup ───────────────────────────────────────────────────────────────────────────

export function findPartners(ids: string[]) {
  return db.partner.findMany({
    where: { id: { in: ids } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, tier: true, status: true, parentPartnerId: true },
  });
}

export async function countActiveMembers(partnerIds: string[]): Promise<Map<string, number>> {
  const rows = await db.membership.groupBy({
    by: ["partnerId"],
    where: { partnerId: { in: partnerIds }, user: { deactivatedAt: null } },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.partnerId, r._count._all]));
}

export async function countOpenLeads(partnerIds: string[]): Promise<Map<string, number>> {
  const rows = await db.lead.groupBy({
    by: ["partnerId"],
    where: { partnerId: { in: partnerIds }, status: { in: [...OPEN_LEAD_STATUSES] } },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.partnerId, r._count._all]));
}

export type OpportunityTotals = { partnerId: string; currency: string; count: number; amount: Prisma.Decimal };

/** Open opportunities, or those won since `wonSince`, per partner and currency. */
export async function opportunityTotals(partnerIds: string[], which: { status: "open" } | { status: "won"; wonSince: Date }): Promise<OpportunityTotals[]> {
  const rows = await db.opportunity.groupBy({
    by: ["partnerId", "currency"],
    where: {
      partnerId: { in: partnerIds },
      status: which.status,
      ...(which.status === "won" ? { closedAt: { gte: which.wonSince } } : {}),
    },
    _count: { _all: true },
    _sum: { amount: true },
  });
  return rows.map((r) => ({ partnerId: r.partnerId, currency: r.currency, count: r._count._all, amount: r._sum.amount ?? new Prisma.Decimal(0) }));
}
