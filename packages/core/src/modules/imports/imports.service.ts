/**
 * Import use cases: upload (the file is checked and its columns recognised), preview with the forms'
 * own validation, start (queued for the worker: import-run.service.ts), progress and result, the
 * error file. Partner users import leads and customers (import:run); platform finance imports orders
 * and refunds (order:write, ADR 021); both sides an importable plugin object's records (customObject:write,
 * issue 7). Scope: a rep sees their own imports, admins and managers their
 * partner's, staff the platform's; anyone else's answer 404.
 */
import { can, requirePermission, type Actor } from "../../actor/index.ts";
import { runAsActor } from "../../db/index.ts";
import { env } from "../../env/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { translator, type Locale, type TFunction } from "../../i18n/index.ts";
import { page, ZId } from "../shared.schemas.ts";
import { enqueueImportRun } from "../../jobs/import.job.ts";
import { errorFileName } from "./import-error-file.rules.ts";
import { checkFileSize, detectFormat, fileError, inspectImportFile, openImportFile, type ImportFormat } from "./import-file.parser.ts";
import { suggestMapping } from "./import-headers.rules.ts";
import { localizedText, pluginIssueText, pluginMappedValues, pluginMappingIssueParams, pluginMappingIssues, suggestPluginMapping } from "./plugin-record-import.rules.ts";
import { lookupResolver, pluginImportTarget, preparePluginRow, type PluginImportTarget } from "./plugin-record-import.service.ts";
import { checkRefundRow, orderRowIssues, planOrders } from "./import-orders.rules.ts";
import { checkRow, issueText, mappedValues, mappingIssueParams, mappingIssues, type RowIssue } from "./import-rows.rules.ts";
import {
  findImportErrorFile,
  findImportJob,
  findImportJobs,
  findImportJobWithFile,
  insertImportJob,
  markQueued,
  storedHeaders,
  storedMapping,
  unmarkQueued,
  type ImportJobRow,
} from "./imports.repository.ts";
import {
  IMPORT_ENTITIES,
  importFields,
  isPlatformImportEntity,
  PLUGIN_RECORDS_ENTITY,
  PREVIEW_ROWS,
  ZImportCreateInput,
  ZImportListInput,
  ZImportPreviewInput,
  ZImportStartInput,
  type TImportCreateInput,
  type TImportEntity,
  type TImportFieldInfo,
  type TImportJob,
  type TImportListInput,
  type TImportMapping,
  type TImportPreview,
  type TImportStartInput,
  type TImportUpload,
  type TPartnerImportEntity,
} from "./imports.schemas.ts";

export function presentImportJob(row: ImportJobRow, locale: Locale): TImportJob {
  const t = translator(locale);
  const finished = row.status === "completed" || row.status === "failed";
  return {
    id: row.id,
    entity: row.entity,
    object: row.object,
    fileName: row.fileName,
    format: row.format,
    mode: row.mode,
    status: row.status,
    mapping: storedMapping(row.mapping),
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    importedRows: row.importedRows,
    errorRows: row.errorRows,
    alreadyRecordedRows: row.alreadyRecordedRows,
    hasErrorFile: finished && row.errorRows > 0,
    failure: row.failure ? String(t(row.failure, { count: row.errorRows })) : null,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeContent(content: string): Buffer {
  const compact = content.replace(/\s+/g, "");
  if (compact.length % 4 === 1 || !BASE64.test(compact)) throw fileError("invalidContent");
  return Buffer.from(compact, "base64");
}

/**
 * Someone who imports anything at all: a partner user (import:run), platform finance (order:write),
 * or staff who write plugin records (customObject:write, for an importable plugin object).
 */
function requireImporter(actor: Actor): void {
  if (actor.kind === "partner") requirePermission(actor, "import:run");
  else if (!(actor.kind === "platform" && can(actor, "customObject:write"))) requirePermission(actor, "order:write");
}

/**
 * Who may import `entity`: partner users their leads and customers, finance the platform's orders and
 * refunds, and anyone who writes plugin records (partners also import:run) an importable object's records.
 */
function requireEntityImporter(actor: Actor, entity: TImportEntity): void {
  if (entity === PLUGIN_RECORDS_ENTITY) {
    if (actor.kind === "partner") requirePermission(actor, "import:run");
    else if (actor.kind !== "platform") throw new DomainError("FORBIDDEN");
    return requirePermission(actor, "customObject:write");
  }
  const platformEntity = isPlatformImportEntity(entity);
  if (actor.kind === "partner" && !platformEntity) return requirePermission(actor, "import:run");
  if (actor.kind === "platform" && platformEntity) return requirePermission(actor, "order:write");
  throw new DomainError("FORBIDDEN");
}

export async function createImport(actor: Actor, rawInput: TImportCreateInput, locale: Locale = "zh-CN"): Promise<TImportUpload> {
  requireImporter(actor);
  const input = ZImportCreateInput.parse(rawInput);
  requireEntityImporter(actor, input.entity);
  // A plugin records import names an importable object installed for the importer's tenant.
  const target = input.entity === PLUGIN_RECORDS_ENTITY ? await pluginImportTarget(actor, input.object) : null;
  const bytes = decodeContent(input.content);
  checkFileSize(bytes);
  const format = detectFormat(input.fileName, bytes);
  const { headers, totalRows } = await inspectImportFile(bytes, format);
  const mapping = target ? suggestPluginMapping(target.fields, headers) : suggestMapping(input.entity, headers);
  const row = await insertImportJob({ entity: input.entity, object: target?.object.name ?? null, fileName: input.fileName, format, file: bytes, headers, mapping, totalRows });
  return { ...presentImportJob(row, locale), headers };
}

export async function listImports(actor: Actor, rawInput: TImportListInput, locale: Locale = "zh-CN"): Promise<{ items: TImportJob[]; nextCursor: string | null }> {
  const input = ZImportListInput.parse(rawInput);
  // One entity's imports for whoever imports it; the general list for partners' importers and finance, as before plugin records.
  if (input.entity) requireEntityImporter(actor, input.entity);
  else if (actor.kind === "partner") requirePermission(actor, "import:run");
  else requirePermission(actor, "order:write");
  // Without an entity: what the actor imports, except plugin records (listed per object, with `entity=plugin_records&object=`).
  const entities = input.entity ? [input.entity] : IMPORT_ENTITIES.filter((entity) => entity !== PLUGIN_RECORDS_ENTITY && mayImport(actor, entity));
  const object = input.entity === PLUGIN_RECORDS_ENTITY && input.object ? input.object : undefined;
  const rows = await findImportJobs({ entities, ...(object ? { object } : {}), ...(input.cursor ? { beforeId: input.cursor } : {}) }, input.limit + 1);
  return page(
    rows.map((r) => presentImportJob(r, locale)),
    input.limit,
  );
}

/** A job the actor sees (else 404, as for one that does not exist) and may work on. */
async function requireJob(actor: Actor, id: string): Promise<ImportJobRow> {
  if (!ZId.safeParse(id).success) throw notFound("ImportJob");
  const row = await findImportJob(id);
  if (!row) throw notFound("ImportJob");
  requireEntityImporter(actor, row.entity);
  return row;
}

export async function getImport(actor: Actor, id: string, locale: Locale = "zh-CN"): Promise<TImportJob> {
  requireImporter(actor);
  return presentImportJob(await requireJob(actor, id), locale);
}

function mayImport(actor: Actor, entity: TImportEntity): boolean {
  try {
    requireEntityImporter(actor, entity);
    return true;
  } catch {
    return false;
  }
}

/** The object of a plugin records job, as the actor's tenant has it now (uninstalled since: 404). */
async function jobTarget(actor: Actor, job: ImportJobRow): Promise<PluginImportTarget | null> {
  return job.entity === PLUGIN_RECORDS_ENTITY ? pluginImportTarget(actor, job.object) : null;
}

/**
 * The columns a job's file can fill and the checks of a mapping: the entity's fixed fields, or a
 * plugin object's form fields (labels from its manifest).
 */
type Columns = {
  fields: TImportFieldInfo[];
  suggest: (headers: readonly string[]) => TImportMapping;
  /** Problems with a mapping, as translated texts and as error details. */
  issues: (mapping: TImportMapping, columnCount: number) => Array<{ messageKey: string; params: Record<string, unknown> }>;
};

function columnsOf(entity: TImportEntity, target: PluginImportTarget | null, t: TFunction, locale: Locale): Columns {
  if (target) {
    return {
      fields: target.fields.map((f) => ({ field: f.field, required: f.required, label: localizedText(f.label, locale) })),
      suggest: (headers) => suggestPluginMapping(target.fields, headers),
      issues: (mapping, columnCount) => pluginMappingIssues(target.fields, mapping, columnCount).map((issue) => ({ messageKey: issue.messageKey, params: pluginMappingIssueParams(issue, target.fields, locale) })),
    };
  }
  return {
    fields: importFields(entity).map(({ field, required }) => ({ field, required, label: String(t(`imports.fields.${entity}.${field}`)) })),
    suggest: (headers) => suggestMapping(entity, headers),
    issues: (mapping, columnCount) => mappingIssues(entity, mapping, columnCount).map((issue) => ({ messageKey: issue.messageKey, params: mappingIssueParams(issue, t) })),
  };
}

/** Every field present: fields the user left out map to "not imported". */
function completeMapping(columns: Columns, mapping: TImportMapping): TImportMapping {
  return { ...Object.fromEntries(columns.fields.map(({ field }) => [field, null])), ...mapping };
}

export async function previewImport(actor: Actor, id: string, rawInput: { mapping?: TImportMapping | undefined }, locale: Locale = "zh-CN"): Promise<TImportPreview> {
  requireImporter(actor);
  if (!ZId.safeParse(id).success) throw notFound("ImportJob");
  const input = ZImportPreviewInput.parse(rawInput);
  const job = await findImportJobWithFile(id);
  if (!job) throw notFound("ImportJob");
  requireEntityImporter(actor, job.entity);
  const t = translator(locale);
  const target = await jobTarget(actor, job);
  const columns = columnsOf(job.entity, target, t, locale);
  const file = await openImportFile(job.file, job.format as ImportFormat);
  const mapping = completeMapping(columns, input.mapping ?? storedMapping(job.mapping));
  const rows: TImportPreview["rows"] = [];
  const summary = { total: 0, valid: 0, invalid: 0 };
  const show = (rowNumber: number, values: Record<string, string>, issues: readonly RowIssue[]) => {
    summary.total++;
    if (issues.length === 0) summary.valid++;
    else summary.invalid++;
    const text = (issue: RowIssue) => (target ? pluginIssueText(target.fields, issue, t, locale) : issueText(job.entity, issue, t));
    if (rows.length < PREVIEW_ROWS) rows.push({ rowNumber, values, issues: issues.map((issue) => ({ field: issue.field, message: text(issue) })) });
  };
  const timeZone = env().PLATFORM_TIMEZONE;
  // Every row is checked, so the user knows before choosing "all or nothing"; only the first few are shown.
  if (target) {
    // Cells by field type, relations looked up in the importer's scope; the plugin's own hooks judge each row when it is saved.
    const resolve = lookupResolver();
    for await (const row of file.rows) {
      const prepared = await runAsActor(actor, () => preparePluginRow(target, mapping, row.values, resolve, timeZone));
      show(row.rowNumber, pluginMappedValues(target.fields, mapping, row.values), prepared.ok ? [] : prepared.issues);
    }
  } else if (job.entity === "orders") {
    // An order spans rows: the whole file is grouped first, and every row of an order that cannot go in says why.
    const mapped: Array<{ rowNumber: number; values: Record<string, string> }> = [];
    for await (const row of file.rows) mapped.push({ rowNumber: row.rowNumber, values: mappedValues(job.entity, mapping, row.values) });
    const issues = orderRowIssues(planOrders(mapped, timeZone));
    for (const row of mapped) show(row.rowNumber, row.values, issues.get(row.rowNumber) ?? []);
  } else {
    for await (const row of file.rows) {
      const values = mappedValues(job.entity, mapping, row.values);
      const check = job.entity === "order_refunds" ? checkRefundRow(values, timeZone) : checkRow(job.entity as TPartnerImportEntity, values);
      show(row.rowNumber, values, check.ok ? [] : check.issues);
    }
  }
  return {
    fields: columns.fields,
    headers: file.headers,
    mapping,
    suggested: columns.suggest(file.headers),
    mappingIssues: columns.issues(mapping, file.headers.length).map((issue) => String(t(issue.messageKey, issue.params))),
    rows,
    summary,
  };
}

export async function startImport(actor: Actor, id: string, rawInput: TImportStartInput, locale: Locale = "zh-CN"): Promise<TImportJob> {
  requireImporter(actor);
  if (!ZId.safeParse(id).success) throw notFound("ImportJob");
  const input = ZImportStartInput.parse(rawInput);
  const job = await requireJob(actor, id);
  if (job.status !== "uploaded") throw new DomainError("CONFLICT", { i18nKey: "imports.errors.notStartable" });
  const t = translator(locale);
  const columns = columnsOf(job.entity, await jobTarget(actor, job), t, locale);
  // The header row was stored at upload; the file is read again only for a job stored without it.
  const headers = storedHeaders(job.mapping) ?? (await openImportFile((await findImportJobWithFile(id))!.file, job.format as ImportFormat)).headers;
  const mapping = completeMapping(columns, input.mapping ?? storedMapping(job.mapping));
  const issues = columns.issues(mapping, headers.length);
  if (issues.length > 0) {
    const first = issues[0]!;
    throw new DomainError("VALIDATION_FAILED", {
      i18nKey: first.messageKey,
      params: first.params,
      details: issues.map((issue) => ({ path: "mapping", message: issue.messageKey, params: issue.params })),
    });
  }
  if (!(await markQueued(id, input.mode, mapping, headers))) throw new DomainError("CONFLICT", { i18nKey: "imports.errors.notStartable" });
  try {
    await enqueueImportRun({ importJobId: id, locale });
  } catch (error) {
    await unmarkQueued(id);
    throw new DomainError("INTERNAL", { cause: error });
  }
  return presentImportJob(await requireJob(actor, id), locale);
}

/** The CSV of the rows that were not imported (with row number and reason). */
export async function importErrorFile(actor: Actor, id: string): Promise<{ fileName: string; contentType: string; bytes: Uint8Array }> {
  requireImporter(actor);
  if (!ZId.safeParse(id).success) throw notFound("ImportJob");
  await requireJob(actor, id);
  const row = await findImportErrorFile(id);
  if (!row) throw notFound("ImportJob");
  if (!row.errorFile) throw new DomainError("NOT_FOUND", { i18nKey: "imports.errors.noErrorFile" });
  return { fileName: errorFileName(row.fileName, "errors"), contentType: "text/csv; charset=utf-8", bytes: row.errorFile };
}
