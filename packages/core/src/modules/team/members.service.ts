/**
 * Members: deactivate (handing open work to a successor), reactivate, change role. A partner admin
 * manages their own partner's members; platform admins and channel managers any partner's. A partner
 * always keeps an active admin, and nobody deactivates themselves.
 */
import { requirePermission, type Actor } from "../../actor/index.ts";
import { invalidateUserSessions } from "../../auth/index.ts";
import { db, type Tx } from "../../db/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import type { TPartnerUser } from "../users/users.schemas.ts";
import {
  countActiveAdmins,
  findMember,
  lockPartnerTeam,
  moveOpenWork,
  revokeApiKeysOf,
  setDeactivatedAt,
  setMemberRole,
  toMember,
  type MemberRow,
} from "./team.repository.ts";
import { deactivationRefusal, roleChangeRefusal } from "./team.rules.ts";
import {
  ZMemberDeactivateInput,
  ZMemberIdInput,
  ZMemberRoleInput,
  type TDeactivation,
  type TMemberDeactivateInput,
  type TMemberRoleInput,
} from "./team.schemas.ts";

function actorUserId(actor: Actor): string | null {
  return actor.kind === "platform" || actor.kind === "partner" ? actor.userId : null;
}

/**
 * The member the actor may manage, under the partner's team lock. A partner admin manages only their
 * own partner: a sub-dealer's or another partner's member answers like a missing one.
 */
async function lockedMember(tx: Tx, actor: Actor, userId: string): Promise<MemberRow> {
  const seen = await findMember(tx, userId);
  if (!seen || (actor.kind === "partner" && seen.partnerId !== actor.partnerId)) throw notFound("User");
  await lockPartnerTeam(tx, seen.partnerId);
  // Read again under the lock: a concurrent change of this partner's team has committed by now.
  const member = await findMember(tx, userId);
  if (!member) throw notFound("User");
  return member;
}

function refuse(key: string, field?: string): DomainError {
  return new DomainError("RULE_VIOLATION", { i18nKey: key, ...(field ? { details: [{ path: field, message: key }] } : {}) });
}

export async function deactivateMember(actor: Actor, rawInput: TMemberDeactivateInput, now = new Date()): Promise<TDeactivation> {
  requirePermission(actor, "team:manage");
  const parsed = ZMemberIdInput.safeParse(rawInput);
  if (!parsed.success) throw notFound("User");
  const input = ZMemberDeactivateInput.parse(rawInput);
  const result = await db.$transaction(async (tx) => {
    const target = await lockedMember(tx, actor, input.userId);
    const successor = input.successorId === input.userId ? target : await findMember(tx, input.successorId);
    const refusal = deactivationRefusal({
      actorUserId: actorUserId(actor),
      target: { userId: target.user.id, role: target.role, active: target.user.deactivatedAt === null },
      otherActiveAdmins: await countActiveAdmins(tx, target.partnerId, target.user.id),
      successor: successor
        ? { userId: successor.user.id, role: successor.role, active: successor.user.deactivatedAt === null, samePartner: successor.partnerId === target.partnerId }
        : null,
    });
    if (refusal) throw refuse(refusal.key, refusal.field);

    const before = toMember(target);
    const moved = await moveOpenWork(tx, target.partnerId, target.user.id, input.successorId);
    const apiKeysRevoked = await revokeApiKeysOf(tx, target.user.id, now);
    const member = toMember(await setDeactivatedAt(tx, target.user.id, now));
    const handOver = {
      successorId: input.successorId,
      leads: moved.leads.length,
      opportunities: moved.opportunities.length,
      tasks: moved.tasks.length,
      registrations: moved.registrations.length,
    };
    // The ids that moved, so "who held this before" stays answerable after the hand-over.
    await recordAudit(tx, actor, {
      action: "user.deactivated",
      entityType: "User",
      entityId: member.id,
      partnerId: member.partnerId,
      before: { active: before.active },
      after: { active: false, deactivatedAt: now, successorId: input.successorId, moved, apiKeysRevoked },
    });
    await emitEvent(tx, "user.deactivated", { type: "User", id: member.id, partnerId: member.partnerId }, {
      userId: member.id,
      partnerId: member.partnerId,
      reassignedToId: input.successorId,
    });
    return { member, handOver };
  });
  // The account can no longer act from the commit on (the actor is rebuilt per request); this also drops its sessions.
  await invalidateUserSessions(result.member.id);
  return result;
}

export async function reactivateMember(actor: Actor, rawInput: { userId: string }): Promise<TPartnerUser> {
  requirePermission(actor, "team:manage");
  const parsed = ZMemberIdInput.safeParse(rawInput);
  if (!parsed.success) throw notFound("User");
  const { userId } = parsed.data;
  return db.$transaction(async (tx) => {
    const target = await lockedMember(tx, actor, userId);
    if (target.user.deactivatedAt === null) return toMember(target);
    const member = toMember(await setDeactivatedAt(tx, userId, null));
    await recordAudit(tx, actor, {
      action: "user.reactivated",
      entityType: "User",
      entityId: userId,
      partnerId: member.partnerId,
      before: { active: false, deactivatedAt: target.user.deactivatedAt },
      after: { active: true },
    });
    return member;
  });
}

export async function changeMemberRole(actor: Actor, rawInput: TMemberRoleInput): Promise<TPartnerUser> {
  requirePermission(actor, "team:manage");
  const parsed = ZMemberIdInput.safeParse(rawInput);
  if (!parsed.success) throw notFound("User");
  const input = ZMemberRoleInput.parse(rawInput);
  return db.$transaction(async (tx) => {
    const target = await lockedMember(tx, actor, input.userId);
    if (target.role === input.role) return toMember(target);
    const refusal = roleChangeRefusal({
      target: { userId: target.user.id, role: target.role, active: target.user.deactivatedAt === null },
      next: input.role,
      otherActiveAdmins: await countActiveAdmins(tx, target.partnerId, target.user.id),
    });
    if (refusal) throw refuse(refusal, "role");
    const member = toMember(await setMemberRole(tx, input.userId, input.role));
    await recordAudit(tx, actor, {
      action: "membership.role_changed",
      entityType: "User",
      entityId: input.userId,
      partnerId: member.partnerId,
      before: { role: target.role },
      after: { role: member.role },
    });
    return member;
  });
}
