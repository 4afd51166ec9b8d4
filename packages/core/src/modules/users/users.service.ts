import { requirePermission, requireSignedInActor, requireUserActor, type Actor } from "../../actor/index.ts";
import { hashPassword } from "../../auth/password.ts";
import { db, Prisma } from "../../db/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import type { Locale } from "../../i18n/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { ZId } from "../shared.schemas.ts";
import { ZLocale, ZPartnerUserCreateInput, type TPartnerUser, type TPartnerUserCreateInput } from "./users.schemas.ts";

const memberSelect = {
  role: true,
  partnerId: true,
  user: { select: { id: true, email: true, name: true, deactivatedAt: true, lastLoginAt: true, createdAt: true } },
} satisfies Prisma.MembershipSelect;

function toPartnerUser(row: Prisma.MembershipGetPayload<{ select: typeof memberSelect }>): TPartnerUser {
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

/** Platform staff, or the partner's own admin (another partner's id is a 404, not a 403). */
function assertCanManagePartnerUsers(actor: Actor, partnerId: string, permission: "partnerUser:create" | "partnerUser:list"): void {
  requirePermission(actor, permission);
  if (actor.kind === "partner" && !actor.visiblePartnerIds.includes(partnerId)) throw notFound("Partner");
  if (actor.kind === "partner" && permission === "partnerUser:create" && actor.partnerId !== partnerId) throw notFound("Partner");
}

export async function createPartnerUser(actor: Actor, partnerId: string, rawInput: TPartnerUserCreateInput): Promise<TPartnerUser> {
  if (!ZId.safeParse(partnerId).success) throw notFound("Partner");
  assertCanManagePartnerUsers(actor, partnerId, "partnerUser:create");
  const input = ZPartnerUserCreateInput.parse(rawInput);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const partner = await tx.partner.findUnique({ where: { id: partnerId }, select: { id: true, status: true } });
      if (!partner) throw notFound("Partner");
      if (partner.status !== "active") throw new DomainError("PARTNER_INACTIVE");
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash, kind: "partner" },
        select: { id: true },
      });
      const membership = await tx.membership.create({
        data: { userId: user.id, partnerId, role: input.role },
        select: memberSelect,
      });
      const created = toPartnerUser(membership);
      await recordAudit(tx, actor, { action: "user.created", entityType: "User", entityId: user.id, partnerId, after: created });
      await emitEvent(tx, "user.created", { type: "User", id: user.id, partnerId }, { userId: user.id, partnerId });
      return created;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new DomainError("EMAIL_TAKEN", { details: [{ path: "email", message: "errors.EMAIL_TAKEN" }] });
    }
    throw error;
  }
}

export async function listPartnerUsers(actor: Actor, partnerId: string): Promise<TPartnerUser[]> {
  if (!ZId.safeParse(partnerId).success) throw notFound("Partner");
  assertCanManagePartnerUsers(actor, partnerId, "partnerUser:list");
  const rows = await db.membership.findMany({
    where: { partnerId },
    orderBy: [{ role: "asc" }, { createdAt: "asc" }],
    select: memberSelect,
  });
  return rows.map(toPartnerUser);
}

/** Active members a lead can be assigned to, visible to any member of the partner. */
export async function listAssignableUsers(actor: Actor, partnerId: string): Promise<Array<{ id: string; name: string }>> {
  requirePermission(actor, "lead:read");
  if (!ZId.safeParse(partnerId).success) throw notFound("Partner");
  const rows = await db.membership.findMany({
    where: { partnerId, user: { deactivatedAt: null } },
    orderBy: { createdAt: "asc" },
    select: { user: { select: { id: true, name: true } } },
  });
  return rows.map((r) => r.user);
}

/** Saves the user's language choice; both apps and API errors follow it. */
export async function setLocale(actor: Actor, locale: Locale): Promise<{ locale: Locale }> {
  const user = requireSignedInActor(actor);
  const parsed = ZLocale.parse(locale);
  await db.user.update({ where: { id: user.userId }, data: { locale: parsed } });
  return { locale: parsed };
}

export async function getProfile(actor: Actor): Promise<{ locale: string; partnerName: string | null }> {
  const user = requireSignedInActor(actor);
  const row = await db.user.findUnique({
    where: { id: user.userId },
    select: { locale: true, membership: { select: { partner: { select: { name: true } } } } },
  });
  return { locale: row?.locale ?? "zh-CN", partnerName: row?.membership?.partner.name ?? null };
}
