/** Builds the Actor for an authenticated user id (system queries: the actor does not exist yet). */
import type { Actor, ActorChannel, DeveloperActor, MembershipRole, PlatformRoleName, UserActor } from "../actor/actor.ts";
import { baseDb, Prisma } from "../db/index.ts";

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

/** The actor for a user, or null when the account cannot act (deactivated, no role, partner not active). */
export async function actorForUser(user: LoadedUser, via: ActorChannel): Promise<UserActor | DeveloperActor | null> {
  const needsSubtree = user.kind === "partner" && user.membership && user.membership.role !== "rep";
  return actorFromUser(user, via, needsSubtree ? await partnerSubtree(user.membership!.partnerId) : []);
}

type ActorSource = Pick<LoadedUser, "id" | "email" | "name" | "kind" | "deactivatedAt" | "membership" | "platformRoles">;

/** Pure: the actor for a user, given the partner's subtree (ignored for reps). */
export function actorFromUser(user: ActorSource, via: ActorChannel, subtree: string[]): UserActor | DeveloperActor | null {
  if (user.deactivatedAt) return null;
  if (user.kind === "developer") return { kind: "developer", userId: user.id, email: user.email, name: user.name, via };
  if (user.kind === "platform") {
    const roles = user.platformRoles.map((r) => r.role);
    if (roles.length === 0) return null;
    return { kind: "platform", userId: user.id, email: user.email, name: user.name, roles, via };
  }
  if (user.kind === "partner" && user.membership) {
    if (user.membership.partner.status !== "active") return null;
    const { partnerId, role } = user.membership;
    const visiblePartnerIds = role === "rep" ? [partnerId] : [partnerId, ...subtree.filter((id) => id !== partnerId)];
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

/** Everything a request needs to know about its caller, from one SQL round trip. */
export type ActorRow = {
  sessionId: string | null;
  expiresAt: Date | null;
  apiKeyId: string | null;
  apiKeyLastUsedAt: Date | null;
  userId: string;
  email: string;
  name: string;
  kind: "platform" | "partner" | "developer";
  locale: string;
  deactivatedAt: Date | null;
  partnerId: string | null;
  role: MembershipRole | null;
  partnerStatus: string | null;
  roles: PlatformRoleName[] | null;
  subtree: string[] | null;
};

/**
 * The caller behind a session id or an API key hash: session/key, user, membership, partner status,
 * platform roles and (for partner admins and managers) every sub-dealer below — in one query, since
 * it runs before every API request (see `npm run bench`).
 */
export async function loadActorRow(source: { sessionId: string } | { apiKeyHash: string }): Promise<ActorRow | null> {
  const origin =
    "sessionId" in source
      ? Prisma.sql`SELECT s.id AS "sessionId", s."expiresAt", NULL::uuid AS "apiKeyId", NULL::timestamptz AS "apiKeyLastUsedAt", s."userId"
                   FROM "Session" s WHERE s.id = ${source.sessionId}`
      : Prisma.sql`SELECT NULL::text AS "sessionId", NULL::timestamptz AS "expiresAt", k.id AS "apiKeyId", k."lastUsedAt" AS "apiKeyLastUsedAt", k."userId"
                   FROM "ApiKey" k WHERE k.hash = ${source.apiKeyHash} AND k."revokedAt" IS NULL`;
  const rows = await baseDb().$queryRaw<ActorRow[]>`
    WITH RECURSIVE origin AS (${origin}),
    member AS (
      SELECT m."partnerId", m.role::text AS role, p.status::text AS "partnerStatus"
      FROM "Membership" m JOIN origin o ON m."userId" = o."userId" JOIN "Partner" p ON p.id = m."partnerId"
    ),
    tree AS (
      SELECT "partnerId" AS id FROM member WHERE role <> 'rep'
      UNION
      SELECT p.id FROM "Partner" p JOIN tree t ON p."parentPartnerId" = t.id
    )
    SELECT o."sessionId", o."expiresAt", o."apiKeyId"::text AS "apiKeyId", o."apiKeyLastUsedAt",
           u.id::text AS "userId", u.email, u.name, u.kind::text AS kind, u.locale, u."deactivatedAt",
           m."partnerId"::text AS "partnerId", m.role, m."partnerStatus",
           (SELECT array_agg(r.role::text) FROM "PlatformRole" r WHERE r."userId" = u.id) AS roles,
           (SELECT array_agg(t.id::text) FROM tree t) AS subtree
    FROM origin o JOIN "User" u ON u.id = o."userId" LEFT JOIN member m ON true`;
  return rows[0] ?? null;
}

/** Pure: the actor an ActorRow stands for, or null when that account cannot act. */
export function actorFromRow(row: ActorRow, via: ActorChannel): UserActor | DeveloperActor | null {
  return actorFromUser(
    {
      id: row.userId,
      email: row.email,
      name: row.name,
      kind: row.kind,
      deactivatedAt: row.deactivatedAt,
      membership:
        row.partnerId && row.role ? { partnerId: row.partnerId, role: row.role, partner: { status: row.partnerStatus ?? "" } } : null,
      platformRoles: (row.roles ?? []).map((role) => ({ role })),
    },
    via,
    row.subtree ?? [],
  );
}
