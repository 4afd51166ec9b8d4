export * from "./actor.ts";
export { can, visiblePartnerIdsFor, PERMISSIONS, type Permission } from "./permissions.rules.ts";
export { requirePermission, requireUserActor, requirePartnerActor, requirePlatformActor, requireSignedInActor, requireDeveloperActor } from "./guards.ts";
