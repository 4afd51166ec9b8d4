/** Who is acting. Every request, job and script runs with exactly one actor. */
export const PLATFORM_ROLES = ["admin", "channel_manager", "finance", "reviewer"] as const;
export type PlatformRoleName = (typeof PLATFORM_ROLES)[number];
export const MEMBERSHIP_ROLES = ["admin", "manager", "rep"] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

/** How the actor authenticated: a browser session, an API bearer session token, or an API key. */
export type ActorChannel = "session" | "token" | "apiKey" | "job" | "script";

export type PlatformActor = {
  kind: "platform";
  userId: string;
  email: string;
  name: string;
  roles: PlatformRoleName[];
  via: ActorChannel;
};

export type PartnerActor = {
  kind: "partner";
  userId: string;
  email: string;
  name: string;
  partnerId: string;
  role: MembershipRole;
  /** The actor's partner plus, for admins and managers, every sub-dealer below it. */
  visiblePartnerIds: string[];
  via: ActorChannel;
};

/** A third-party plugin developer: sees only their own plugins, versions, reviews and usage. */
export type DeveloperActor = {
  kind: "developer";
  userId: string;
  email: string;
  name: string;
  via: ActorChannel;
};

/** Background jobs and scripts: sees everything, and says why in audit rows. */
export type SystemActor = { kind: "system"; reason: string };

export type AnonymousActor = { kind: "anonymous" };

export type Actor = PlatformActor | PartnerActor | DeveloperActor | SystemActor | AnonymousActor;
export type UserActor = PlatformActor | PartnerActor;
/** Anyone who signs in: staff, partner users and plugin developers. */
export type SignedInActor = UserActor | DeveloperActor;

export function systemActor(reason: string): SystemActor {
  return { kind: "system", reason };
}

export const anonymousActor: AnonymousActor = { kind: "anonymous" };

export function isUserActor(actor: Actor): actor is UserActor {
  return actor.kind === "platform" || actor.kind === "partner";
}

/** What the API and the apps show as "me". */
export function describeActor(actor: SignedInActor): {
  id: string;
  email: string;
  name: string;
  kind: "platform" | "partner" | "developer";
  partnerId?: string;
  roles: string[];
} {
  if (actor.kind === "developer") return { id: actor.userId, email: actor.email, name: actor.name, kind: "developer", roles: [] };
  return actor.kind === "platform"
    ? { id: actor.userId, email: actor.email, name: actor.name, kind: "platform", roles: [...actor.roles] }
    : {
        id: actor.userId,
        email: actor.email,
        name: actor.name,
        kind: "partner",
        partnerId: actor.partnerId,
        roles: [actor.role],
      };
}

/** Label for audit rows, never a secret. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case "platform":
    case "partner":
    case "developer":
      return actor.email;
    case "system":
      return `system:${actor.reason}`;
    case "anonymous":
      return "anonymous";
  }
}
