export { listPartners, listPartnerOptions, getPartner, createPartner, updatePartner } from "./partners.service.ts";
export { createsHierarchyCycle } from "./partners.rules.ts";
export * from "./partners.schemas.ts";
