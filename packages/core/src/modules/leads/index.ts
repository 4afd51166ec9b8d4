export { listLeads, getLead, createLead, updateLead } from "./leads.service.ts";
export * from "./leads.schemas.ts";
