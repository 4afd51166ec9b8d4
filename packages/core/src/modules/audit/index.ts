export { recordAudit, type AuditEntry } from "./audit.repository.ts";
export { listAuditLog, ZAuditListInput, ZAuditEntry, type TAuditEntry } from "./audit.service.ts";
