export { listLeads, getLead, createLead, updateLead, assignLead } from "./leads.service.ts";
export { convertLead } from "./convert-lead.service.ts";
export { findLeadDuplicates } from "./lead-duplicates.service.ts";
export { companyCore, customerFromLead, duplicateProbe, parseStatusReason, formatStatusReason, statusChangeProblems } from "./leads.rules.ts";
export * from "./leads.schemas.ts";
