/**
 * What can be exported: entity → its list's filter schema, one keyset page of the list in the
 * actor's scope (the list use case itself, so scoping and per-role fields stay the list's), and the
 * columns with their translated headers. Another list becomes exportable with one entry in
 * EXPORTS (opportunities, activities, tasks…) — the export route, formats, streaming and audit
 * come with it.
 */
import type { z } from "zod";
import type { Actor } from "../../actor/index.ts";
import type { Locale, TFunction } from "../../i18n/index.ts";
import { lifecycleStageKey, listCustomers, ZCustomerListInput, type TCustomerForPlatform, type TCustomerListItem } from "../customers/index.ts";
import { listLeads, ZLeadListInput, type TLead } from "../leads/index.ts";
import { listRegistrations, ZRegistrationListInput, type TRegistrationForPlatform, type TRegistrationListItem } from "../registrations/index.ts";

export type ExportCell = string | number | Date | null;

export type ExportColumn<Row> = {
  key: string;
  /** i18n key of the header. */
  header: string;
  value: (row: Row, t: TFunction) => ExportCell;
};

export type ExportPage<Row> = { items: Row[]; nextCursor: string | null };

export type ExportDefinition<Row = never> = {
  /** i18n key of the file's base name ("线索" → 线索-2026-11-24.csv). */
  fileNameKey: string;
  /** The list's filters, parsed from the list page's query string (its list input without limit and cursor). */
  filter: z.ZodType<Record<string, unknown>>;
  /** One page of the list as the actor sees it, after `cursor` (null: the first page). */
  page: (actor: Actor, filter: Record<string, unknown>, cursor: string | null, limit: number, locale: Locale) => Promise<ExportPage<Row>>;
  /** The columns this actor gets (platform staff may see more than partners). */
  columns: (actor: Actor) => ReadonlyArray<ExportColumn<Row>>;
};

const when = (date: Date | null | undefined): Date | null => date ?? null;

const leadsExport: ExportDefinition<TLead> = {
  fileNameKey: "imports.export.fileName.leads",
  filter: ZLeadListInput.omit({ limit: true, cursor: true }),
  page: (actor, filter, cursor, limit) => listLeads(actor, { ...filter, limit, ...(cursor ? { cursor } : {}) }),
  columns: () => {
    const h = (key: string) => `imports.export.columns.leads.${key}`;
    return [
      { key: "name", header: h("name"), value: (r) => r.name },
      { key: "company", header: h("company"), value: (r) => r.company },
      { key: "phone", header: h("phone"), value: (r) => r.phone },
      { key: "email", header: h("email"), value: (r) => r.email },
      { key: "source", header: h("source"), value: (r) => r.source },
      { key: "notes", header: h("notes"), value: (r) => r.notes },
      { key: "status", header: h("status"), value: (r, t) => String(t(`common.leadStatus.${r.status}`)) },
      { key: "statusReason", header: h("statusReason"), value: (r) => r.statusReason },
      { key: "assignee", header: h("assignee"), value: (r) => r.assigneeName },
      { key: "partner", header: h("partner"), value: (r) => r.partnerName },
      { key: "createdAt", header: h("createdAt"), value: (r) => r.createdAt },
      { key: "updatedAt", header: h("updatedAt"), value: (r) => r.updatedAt },
    ];
  },
};

type CustomerRow = TCustomerListItem | TCustomerForPlatform;

const customersExport: ExportDefinition<CustomerRow> = {
  fileNameKey: "imports.export.fileName.customers",
  filter: ZCustomerListInput.omit({ limit: true, cursor: true }),
  page: (actor, filter, cursor, limit) => listCustomers(actor, { ...filter, limit, ...(cursor ? { cursor } : {}) }),
  columns: () => {
    const h = (key: string) => `imports.export.columns.customers.${key}`;
    return [
      { key: "name", header: h("name"), value: (r) => r.name },
      { key: "kind", header: h("kind"), value: (r, t) => String(t(`imports.kind.${r.kind}`)) },
      { key: "city", header: h("city"), value: (r) => r.city },
      { key: "phone", header: h("phone"), value: (r) => r.phone },
      { key: "email", header: h("email"), value: (r) => r.email },
      { key: "uscc", header: h("uscc"), value: (r) => r.uscc },
      { key: "protectedUntil", header: h("protectedUntil"), value: (r) => when(r.protectedUntil) },
      {
        key: "lifecycleStage",
        header: h("lifecycleStage"),
        value: (r, t) => {
          const key = lifecycleStageKey(r.lifecycleStage);
          return key ? String(t(key)) : r.lifecycleStage;
        },
      },
      // A partner's row names only its own partner or sub-dealer (null otherwise); the platform's names the owner.
      { key: "partner", header: h("partner"), value: (r) => ("ownerPartnerName" in r ? r.ownerPartnerName : r.partnerName) },
      { key: "lastActivityAt", header: h("lastActivityAt"), value: (r) => when(r.lastActivityAt) },
      { key: "createdAt", header: h("createdAt"), value: (r) => r.createdAt },
    ];
  },
};

type RegistrationRow = TRegistrationListItem | TRegistrationForPlatform;

const registrationsExport: ExportDefinition<RegistrationRow> = {
  fileNameKey: "imports.export.fileName.registrations",
  filter: ZRegistrationListInput.omit({ limit: true, cursor: true }),
  page: (actor, filter, cursor, limit, locale) => listRegistrations(actor, { ...filter, limit, ...(cursor ? { cursor } : {}) }, locale),
  columns: () => {
    const h = (key: string) => `imports.export.columns.registrations.${key}`;
    return [
      { key: "customerName", header: h("customerName"), value: (r) => r.customerName },
      { key: "kind", header: h("kind"), value: (r, t) => String(t(`imports.kind.${r.submitted.kind}`)) },
      { key: "phone", header: h("phone"), value: (r) => r.submitted.phone },
      { key: "email", header: h("email"), value: (r) => r.submitted.email },
      { key: "uscc", header: h("uscc"), value: (r) => r.submitted.uscc },
      { key: "city", header: h("city"), value: (r) => r.submitted.city },
      { key: "status", header: h("status"), value: (r, t) => String(t(`ownership.status.${r.status}`)) },
      { key: "reason", header: h("reason"), value: (r) => [r.reason?.message, r.reasonNote].filter(Boolean).join(" ") || null },
      { key: "protectedUntil", header: h("protectedUntil"), value: (r) => when(r.protectedUntil) },
      { key: "extensionStatus", header: h("extensionStatus"), value: (r, t) => String(t(`ownership.extensionStatus.${r.extensionStatus}`)) },
      { key: "partner", header: h("partner"), value: (r) => r.partnerName ?? null },
      { key: "createdAt", header: h("createdAt"), value: (r) => r.createdAt },
      { key: "decidedAt", header: h("decidedAt"), value: (r) => when(r.decidedAt) },
    ];
  },
};

/** entity (the `/exports/<entity>` path segment) → its definition. */
const EXPORTS: Record<string, ExportDefinition<never>> = {
  leads: leadsExport as unknown as ExportDefinition<never>,
  customers: customersExport as unknown as ExportDefinition<never>,
  registrations: registrationsExport as unknown as ExportDefinition<never>,
};

export function exportDefinition(entity: string): ExportDefinition<unknown> | undefined {
  return Object.hasOwn(EXPORTS, entity) ? (EXPORTS[entity] as unknown as ExportDefinition<unknown>) : undefined;
}

/** For plugins and modules that cannot edit EXPORTS: add (not replace) an exportable list. */
export function registerExport<Row>(entity: string, definition: ExportDefinition<Row>): void {
  if (Object.hasOwn(EXPORTS, entity)) throw new Error(`export "${entity}" is already registered`);
  EXPORTS[entity] = definition as unknown as ExportDefinition<never>;
}

export function exportEntities(): string[] {
  return Object.keys(EXPORTS);
}
