/**
 * Imports: isomorphic zod schemas, the importable fields per entity, and the limits (issue 4 item 7).
 * Partners import leads and customers (ADR 011); platform finance imports orders and refunds (ADR 021).
 */
import { z } from "zod";
import { ZListInput } from "../shared.schemas.ts";

/** What a partner's users import (permission import:run), into their own partner. */
export const PARTNER_IMPORT_ENTITIES = ["leads", "customers"] as const;
/** What platform finance imports (permission order:write): platform imports belong to no partner. */
export const PLATFORM_IMPORT_ENTITIES = ["orders", "order_refunds"] as const;
/**
 * Records of a plugin object whose manifest says `importable` (issue 7): partners and staff, where the
 * object is navigable; the job names the object, its columns are the object's form fields.
 */
export const PLUGIN_RECORDS_ENTITY = "plugin_records" as const;
export const IMPORT_ENTITIES = [...PARTNER_IMPORT_ENTITIES, ...PLATFORM_IMPORT_ENTITIES, PLUGIN_RECORDS_ENTITY] as const;
export const ZImportEntity = z.enum(IMPORT_ENTITIES, { message: "errors.field.invalidOption" });
export type TImportEntity = z.infer<typeof ZImportEntity>;
export type TPartnerImportEntity = (typeof PARTNER_IMPORT_ENTITIES)[number];
export type TPlatformImportEntity = (typeof PLATFORM_IMPORT_ENTITIES)[number];

export function isPlatformImportEntity(entity: TImportEntity): entity is TPlatformImportEntity {
  return (PLATFORM_IMPORT_ENTITIES as readonly string[]).includes(entity);
}

export const IMPORT_MODES = ["valid_rows", "all_or_nothing"] as const;
export const ZImportMode = z.enum(IMPORT_MODES, { message: "errors.field.invalidOption" });
export type TImportMode = z.infer<typeof ZImportMode>;

export const IMPORT_STATUSES = ["uploaded", "queued", "running", "completed", "failed"] as const;
export type TImportStatus = (typeof IMPORT_STATUSES)[number];

/** A file larger than this is refused at upload (base64 in JSON makes the request about 4/3 of it). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** Data rows, not counting the header. */
export const MAX_IMPORT_ROWS = 200_000;
export const MAX_IMPORT_COLUMNS = 100;
/** Rows shown (and checked one by one) in the preview. */
export const PREVIEW_ROWS = 20;

/**
 * The fields a file's columns can fill, per entity, in form order; `required` fields must be mapped.
 * Labels are `imports.fields.<entity>.<field>`; values are checked by the forms' own schemas
 * (ZLeadCreateInput, ZRegistrationInput) or the order API's (ZOrderInput, ZRefundInput). An orders
 * file has one row per order item: rows with the same externalId are one order.
 */
export const IMPORT_FIELDS = {
  leads: [
    { field: "name", required: true },
    { field: "company", required: false },
    { field: "phone", required: false },
    { field: "email", required: false },
    { field: "source", required: false },
    { field: "notes", required: false },
  ],
  customers: [
    { field: "kind", required: false },
    { field: "name", required: true },
    { field: "phone", required: false },
    { field: "email", required: false },
    { field: "uscc", required: false },
    { field: "city", required: false },
    { field: "note", required: false },
  ],
  orders: [
    { field: "externalId", required: true },
    { field: "customerId", required: true },
    { field: "orderedAt", required: true },
    { field: "currency", required: false },
    { field: "sku", required: true },
    { field: "category", required: true },
    { field: "quantity", required: true },
    { field: "unitPrice", required: true },
  ],
  order_refunds: [
    { field: "orderExternalId", required: true },
    { field: "externalId", required: true },
    { field: "amount", required: true },
    { field: "refundedAt", required: true },
  ],
  // A plugin object's columns come from its manifest (plugin-record-import.rules.ts), per job: none are fixed.
  plugin_records: [],
} as const satisfies Record<TImportEntity, ReadonlyArray<{ field: string; required: boolean }>>;

export type TImportField<E extends TImportEntity = TImportEntity> = (typeof IMPORT_FIELDS)[E][number]["field"];

export function importFields(entity: TImportEntity): ReadonlyArray<{ field: string; required: boolean }> {
  return IMPORT_FIELDS[entity];
}

/** field → 0-based column index in the file, or null for "not imported". */
export const ZImportMapping = z.record(z.string().max(64), z.number().int().min(0).max(MAX_IMPORT_COLUMNS - 1).nullable());
export type TImportMapping = z.infer<typeof ZImportMapping>;

/** Upload: the file travels base64-encoded in JSON (the REST adapter speaks JSON only). */
export const ZImportCreateInput = z.object({
  entity: ZImportEntity,
  fileName: z.string({ message: "errors.field.required" }).trim().min(1, { message: "errors.field.required" }).max(255, { message: "errors.field.tooLong" }),
  /** The file's bytes, base64. */
  content: z.string({ message: "errors.field.required" }).max(Math.ceil(MAX_IMPORT_BYTES / 3) * 4 + 4, { message: "imports.errors.fileTooLarge" }),
  /** For `plugin_records`: the plugin object (`<ns>__name`) the file's rows become records of. */
  object: z.string().max(100).optional(),
});
export type TImportCreateInput = z.input<typeof ZImportCreateInput>;

export const ZImportPreviewInput = z.object({ mapping: ZImportMapping.optional() });
export const ZImportStartInput = z.object({ mode: ZImportMode, mapping: ZImportMapping.optional() });
export type TImportStartInput = z.input<typeof ZImportStartInput>;

export const ZImportListInput = ZListInput.extend({ entity: ZImportEntity.optional(), object: z.string().max(100).optional() });
export type TImportListInput = z.input<typeof ZImportListInput>;

export const ZImportJob = z.object({
  id: z.string(),
  entity: ZImportEntity,
  /** The plugin object of a `plugin_records` import; null otherwise. */
  object: z.string().nullable(),
  fileName: z.string(),
  format: z.string(),
  mode: ZImportMode.nullable(),
  status: z.enum(IMPORT_STATUSES),
  mapping: ZImportMapping,
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  importedRows: z.number().int(),
  errorRows: z.number().int(),
  /** Rows already recorded with the same content (an order or refund sent again): neither imported nor an error. */
  alreadyRecordedRows: z.number().int(),
  hasErrorFile: z.boolean(),
  /** Why it failed, in the caller's language. */
  failure: z.string().nullable(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});
export type TImportJob = z.infer<typeof ZImportJob>;

/** What the upload answers: the job, the file's header row and the mapping suggested from it. */
export const ZImportUpload = ZImportJob.extend({ headers: z.array(z.string()) });
export type TImportUpload = z.infer<typeof ZImportUpload>;

export const ZImportRowIssue = z.object({ field: z.string(), message: z.string() });

/** A column a file can fill: the field, whether it must be mapped, and its label in the caller's language. */
export const ZImportFieldInfo = z.object({ field: z.string(), required: z.boolean(), label: z.string() });
export type TImportFieldInfo = z.infer<typeof ZImportFieldInfo>;

export const ZImportPreview = z.object({
  /** The fields the file's columns can fill, in form order (a plugin object's come from its manifest). */
  fields: z.array(ZImportFieldInfo),
  headers: z.array(z.string()),
  mapping: ZImportMapping,
  /** The suggestion from the header row, so a UI can mark which choices were recognised. */
  suggested: ZImportMapping,
  /** Problems with the mapping itself (a required field without a column…), translated. */
  mappingIssues: z.array(z.string()),
  rows: z.array(
    z.object({
      rowNumber: z.number().int(),
      values: z.record(z.string(), z.string()),
      issues: z.array(ZImportRowIssue),
    }),
  ),
  summary: z.object({ total: z.number().int(), valid: z.number().int(), invalid: z.number().int() }),
});
export type TImportPreview = z.infer<typeof ZImportPreview>;

export const ZImportErrorFile = z.object({ fileName: z.string(), contentType: z.string(), content: z.string() });

export const ZImportId = z.object({ id: z.string() });
