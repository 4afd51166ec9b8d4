/**
 * Import use cases: upload (the file is checked and its columns recognised), preview with the forms'
 * own validation, start (queued for the worker: import-run.service.ts), progress and result, the
 * error file. Partner users import leads and customers (import:run); platform finance imports orders
 * and refunds (order:write, ADR 021). Scope: a rep sees their own imports, admins and managers their
 * partner's, staff the platform's; anyone else's answer 404.
 */
import { requirePermission, type Actor } from "../../actor/index.ts";
import { env } from "../../env/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { translator, type Locale, type TFunction } from "../../i18n/index.ts";
import { page, ZId } from "../shared.schemas.ts";
import { enqueueImportRun } from "../../jobs/import.job.ts";
import { errorFileName } from "./import-error-file.rules.ts";
import { checkFileSize, detectFormat, fileError, inspectImportFile, openImportFile, type ImportFormat } from "./import-file.parser.ts";
import { suggestMapping } from "./import-headers.rules.ts";
import { checkRefundRow, orderRowIssues, planOrders } from "./import-orders.rules.ts";
import { checkRow, issueText, mappedValues, mappingIssueParams, mappingIssues, mappingIssueText, type RowIssue } from "./import-rows.rules.ts";
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
  importFields,
  isPlatformImportEntity,
  PREVIEW_ROWS,
  ZImportCreateInput,
  ZImportListInput,
  ZImportPreviewInput,
  ZImportStartInput,
  type TImportCreateInput,
  type TImportEntity,
  type TImportJob,
  type TImportListInput,
  type TImportMapping,
  type TImportPreview,
  type TImportStartInput,
  type TImportUpload,
} from "./imports.schemas.ts";

export function presentImportJob(row: ImportJobRow, locale: Locale): TImportJob {
  const t = translator(locale);
  const finished = row.status === "completed" || row.status === "failed";
  return {
    id: row.id,
    entity: row.entity,
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

/** Someone who imports anything at all: a partner user (import:run) or platform finance (order:write). */
function requireImporter(actor: Actor): void {
  if (actor.kind === "partner") requirePermission(actor, "import:run");
  else requirePermission(actor, "order:write");
}

/** Who may import `entity`: partner users their leads and customers, finance the platform's orders and refunds. */
function requireEntityImporter(actor: Actor, entity: TImportEntity): void {
  const platformEntity = isPlatformImportEntity(entity);
  if (actor.kind === "partner" && !platformEntity) return requirePermission(actor, "import:run");
  if (actor.kind === "platform" && platformEntity) return requirePermission(actor, "order:write");
  throw new DomainError("FORBIDDEN");
}

export async function createImport(actor: Actor, rawInput: TImportCreateInput, locale: Locale = "zh-CN"): Promise<TImportUpload> {
  requireImporter(actor);
  const input = ZImportCreateInput.parse(rawInput);
  requireEntityImporter(actor, input.entity);
  const bytes = decodeContent(input.content);
  checkFileSize(bytes);
  const format = detectFormat(input.fileName, bytes);
  const { headers, totalRows } = await inspectImportFile(bytes, format);
  const row = await insertImportJob({ entity: input.entity, fileName: input.fileName, format, file: bytes, headers, mapping: suggestMapping(input.entity, headers), totalRows });
  return { ...presentImportJob(row, locale), headers };
}

export async function listImports(actor: Actor, rawInput: TImportListInput, locale: Locale = "zh-CN"): Promise<{ items: TImportJob[]; nextCursor: string | null }> {
  requireImporter(actor);
  const input = ZImportListInput.parse(rawInput);
  const rows = await findImportJobs({ ...(input.entity ? { entity: input.entity } : {}), ...(input.cursor ? { beforeId: input.cursor } : {}) }, input.limit + 1);
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

/** A mapping the user chose, checked against the file: unknown fields, missing required ones, shared or absent columns. */
function checkedMapping(entity: TImportEntity, mapping: TImportMapping, columnCount: number, t: TFunction): string[] {
  return mappingIssues(entity, mapping, columnCount).map((issue) => mappingIssueText(issue, t));
}

/** Every field present: fields the user left out map to "not imported". */
function completeMapping(entity: TImportEntity, mapping: TImportMapping): TImportMapping {
  return { ...Object.fromEntries(importFields(entity).map(({ field }) => [field, null])), ...mapping };
}

export async function previewImport(actor: Actor, id: string, rawInput: { mapping?: TImportMapping | undefined }, locale: Locale = "zh-CN"): Promise<TImportPreview> {
  requireImporter(actor);
  if (!ZId.safeParse(id).success) throw notFound("ImportJob");
  const input = ZImportPreviewInput.parse(rawInput);
  const job = await findImportJobWithFile(id);
  if (!job) throw notFound("ImportJob");
  requireEntityImporter(actor, job.entity);
  const t = translator(locale);
  const file = await openImportFile(job.file, job.format as ImportFormat);
  const mapping = completeMapping(job.entity, input.mapping ?? storedMapping(job.mapping));
  const rows: TImportPreview["rows"] = [];
  const summary = { total: 0, valid: 0, invalid: 0 };
  const show = (rowNumber: number, values: Record<string, string>, issues: readonly RowIssue[]) => {
    summary.total++;
    if (issues.length === 0) summary.valid++;
    else summary.invalid++;
    if (rows.length < PREVIEW_ROWS) rows.push({ rowNumber, values, issues: issues.map((issue) => ({ field: issue.field, message: issueText(job.entity, issue, t) })) });
  };
  // Every row is checked, so the user knows before choosing "all or nothing"; only the first few are shown.
  if (job.entity === "orders") {
    // An order spans rows: the whole file is grouped first, and every row of an order that cannot go in says why.
    const mapped: Array<{ rowNumber: number; values: Record<string, string> }> = [];
    for await (const row of file.rows) mapped.push({ rowNumber: row.rowNumber, values: mappedValues(job.entity, mapping, row.values) });
    const issues = orderRowIssues(planOrders(mapped, env().PLATFORM_TIMEZONE));
    for (const row of mapped) show(row.rowNumber, row.values, issues.get(row.rowNumber) ?? []);
  } else {
    const timeZone = env().PLATFORM_TIMEZONE;
    for await (const row of file.rows) {
      const values = mappedValues(job.entity, mapping, row.values);
      const check = job.entity === "order_refunds" ? checkRefundRow(values, timeZone) : checkRow(job.entity, values);
      show(row.rowNumber, values, check.ok ? [] : check.issues);
    }
  }
  return {
    headers: file.headers,
    mapping,
    suggested: suggestMapping(job.entity, file.headers),
    mappingIssues: checkedMapping(job.entity, mapping, file.headers.length, t),
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
  // The header row was stored at upload; the file is read again only for a job stored without it.
  const headers = storedHeaders(job.mapping) ?? (await openImportFile((await findImportJobWithFile(id))!.file, job.format as ImportFormat)).headers;
  const mapping = completeMapping(job.entity, input.mapping ?? storedMapping(job.mapping));
  const issues = mappingIssues(job.entity, mapping, headers.length);
  if (issues.length > 0) {
    const first = issues[0]!;
    throw new DomainError("VALIDATION_FAILED", {
      i18nKey: first.messageKey,
      params: mappingIssueParams(first, t),
      details: issues.map((issue) => ({ path: "mapping", message: issue.messageKey, params: mappingIssueParams(issue, t) })),
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
