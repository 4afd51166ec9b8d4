export { createPartnerUser, listPartnerUsers, listAssignableUsers, setLocale, getProfile } from "./users.service.ts";
export * from "./users.schemas.ts";
