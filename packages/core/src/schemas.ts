/** Isomorphic zod schemas and constants, safe for browser bundles. */
export { LEAD_STATUSES, ZLeadCreateInput, ZLeadUpdateInput, type TLead, type TLeadStatus } from "./modules/leads/leads.schemas.ts";
export { PARTNER_TIERS, PARTNER_STATUSES, type TPartner, type TPartnerOption } from "./modules/partners/partners.schemas.ts";
export { LIFECYCLE_STAGES, isBuiltInLifecycleStage, lifecycleStageKey, type TLifecycleStage } from "./modules/customers/customers.schemas.ts";
export { type TPartnerUser } from "./modules/users/users.schemas.ts";
export { MEMBERSHIP_ROLES, PLATFORM_ROLES } from "./actor/actor.ts";
export { REGISTRATION_STATUSES } from "./modules/registrations/registrations.schemas.ts";
