import { DomainError } from "../errors/index.ts";
import type { Actor, DeveloperActor, PartnerActor, PlatformActor, SignedInActor, UserActor } from "./actor.ts";
import { can, type Permission } from "./permissions.rules.ts";

export function requireUserActor(actor: Actor): UserActor {
  if (actor.kind !== "platform" && actor.kind !== "partner") throw new DomainError("UNAUTHENTICATED");
  return actor;
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (actor.kind === "anonymous") throw new DomainError("UNAUTHENTICATED");
  if (!can(actor, permission)) throw new DomainError("FORBIDDEN");
}

export function requirePartnerActor(actor: Actor): PartnerActor {
  const user = requireUserActor(actor);
  if (user.kind !== "partner") throw new DomainError("FORBIDDEN");
  return user;
}

export function requirePlatformActor(actor: Actor): PlatformActor {
  const user = requireUserActor(actor);
  if (user.kind !== "platform") throw new DomainError("FORBIDDEN");
  return user;
}

export function requireSignedInActor(actor: Actor): SignedInActor {
  if (actor.kind !== "platform" && actor.kind !== "partner" && actor.kind !== "developer") throw new DomainError("UNAUTHENTICATED");
  return actor;
}

export function requireDeveloperActor(actor: Actor): DeveloperActor {
  const user = requireSignedInActor(actor);
  if (user.kind !== "developer") throw new DomainError("FORBIDDEN");
  return user;
}
