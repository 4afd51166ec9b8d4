/** Isomorphic zod schemas and constants, safe for browser bundles. */
export { LEAD_STATUSES, ZLeadCreateInput, ZLeadUpdateInput, type TLead, type TLeadStatus } from "./modules/leads/leads.schemas.ts";
export { PARTNER_TIERS, PARTNER_STATUSES, type TPartner, type TPartnerOption } from "./modules/partners/partners.schemas.ts";
export { LIFECYCLE_STAGES, isBuiltInLifecycleStage, lifecycleStageKey, type TLifecycleStage } from "./modules/customers/customers.schemas.ts";
export { type TPartnerUser } from "./modules/users/users.schemas.ts";
export { MEMBERSHIP_ROLES, PLATFORM_ROLES } from "./actor/actor.ts";
export { REGISTRATION_STATUSES } from "./modules/registrations/registrations.schemas.ts";
export { IMPORT_FIELDS, IMPORT_MODES, IMPORT_ENTITIES, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, PREVIEW_ROWS, type TImportEntity, type TImportJob, type TImportMode, type TImportPreview } from "./modules/imports/imports.schemas.ts";
export { COMPUTED_LIFECYCLE_STAGES, type TComputedLifecycleStage } from "./modules/lifecycle/lifecycle.rules.ts";
export { RFM_SEGMENTS, type TRfmSegment } from "./modules/lifecycle/rfm.rules.ts";
export { KNOWN_CUSTOMER_EVENT_TYPES, customerEventTypeKey } from "./modules/lifecycle/lifecycle.schemas.ts";
export { TAG_NAME_MAX, type TTag, type TTagChip } from "./modules/tags/tags.schemas.ts";
export { SAVED_FILTER_ENTITIES, savedFilterSearch, type TSavedFilter, type TSavedFilterEntity } from "./modules/saved-filters/saved-filters.schemas.ts";
export { ACTIVITY_KINDS, type TActivity, type TActivityKind } from "./modules/activities/activities.schemas.ts";
export { TASK_STATUSES, type TMyDay, type TTask, type TTaskStatus } from "./modules/tasks/tasks.schemas.ts";
export { instantToLocalDateTime, localDateTimeToInstant, timingProblems } from "./modules/tasks/tasks.rules.ts";
export { DISQUALIFY_REASONS, type TDisqualifyReason, type TLeadConversion, type TLeadDuplicates } from "./modules/leads/leads.schemas.ts";
export { MAX_ORDER_ITEMS, ORDER_ATTRIBUTION_FILTERS, type TOrder, type TOrderSummary } from "./modules/orders/orders.schemas.ts";
export { ATTRIBUTION_REASONS, type TAttributionReason } from "./modules/orders/orders.rules.ts";
