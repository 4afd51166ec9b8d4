/** Builds the Actor for an authenticated user id (system queries: the actor does not exist yet). */
import type { Actor, ActorChannel, MembershipRole, PlatformRoleName, UserActor } from "../actor/actor.ts";
import { baseDb } from "../db/index.ts";

export type LoadedUser = {
  id: string;
  email: string;
  name: string;
  kind: "platform" | "partner" | "developer";
  locale: string;
  deactivatedAt: Date | null;
  membership: { partnerId: string; role: MembershipRole; partner: { status: string } } | null;
  platformRoles: Array<{ role: PlatformRoleName }>;
};

export async function loadUser(where: { id: string } | { email: string }): Promise<(LoadedUser & { passwordHash: string }) | null> {
  return baseDb().user.findUnique({
    where,
    select: {
      id: true,
      email: true,
      name: true,
      kind: true,
      locale: true,
      deactivatedAt: true,
      passwordHash: true,
      membership: { select: { partnerId: true, role: true, partner: { select: { status: true } } } },
      platformRoles: { select: { role: true } },
    },
  });
}

/** The partner and every sub-dealer below it, at any depth. */
export async function partnerSubtree(partnerId: string): Promise<string[]> {
  const rows = await baseDb().$queryRaw<Array<{ id: string }>>`
    WITH RECURSIVE tree AS (
      SELECT id FROM "Partner" WHERE id = ${partnerId}::uuid
      UNION
      SELECT p.id FROM "Partner" p JOIN tree t ON p."parentPartnerId" = t.id
    )
    SELECT id::text AS id FROM tree`;
  return rows.map((r) => r.id);
}

/**
 * The actor for a user, or null when the account cannot act (deactivated, no role, partner not
 * active). Developers get their own actor kind with the plugin issue.
 */
export async function actorForUser(user: LoadedUser, via: ActorChannel): Promise<UserActor | null> {
  if (user.deactivatedAt) return null;
  if (user.kind === "platform") {
    const roles = user.platformRoles.map((r) => r.role);
    if (roles.length === 0) return null;
    return { kind: "platform", userId: user.id, email: user.email, name: user.name, roles, via };
  }
  if (user.kind === "partner" && user.membership) {
    if (user.membership.partner.status !== "active") return null;
    const { partnerId, role } = user.membership;
    const visiblePartnerIds = role === "rep" ? [partnerId] : await partnerSubtree(partnerId);
    return { kind: "partner", userId: user.id, email: user.email, name: user.name, partnerId, role, visiblePartnerIds, via };
  }
  return null;
}

export async function actorForUserId(userId: string, via: ActorChannel): Promise<{ actor: Actor; locale: string } | null> {
  const user = await loadUser({ id: userId });
  if (!user) return null;
  const actor = await actorForUser(user, via);
  return actor ? { actor, locale: user.locale } : null;
}
