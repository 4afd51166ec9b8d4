/**
 * Import use cases a partner user drives: upload (the file is checked and its columns recognised),
 * preview with the forms' own validation, start (queued for the worker: import-run.service.ts),
 * progress and result, the error file. Scope: a rep sees their own imports, admins and managers
 * their partner's; anyone else's answer 404.
 */
import { requirePartnerActor, requirePermission, type Actor } from "../../actor/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { translator, type Locale, type TFunction } from "../../i18n/index.ts";
import { page, ZId } from "../shared.schemas.ts";
import { enqueueImportRun } from "../../jobs/import.job.ts";
import { errorFileName } from "./import-error-file.rules.ts";
import { checkFileSize, detectFormat, fileError, inspectImportFile, openImportFile, type ImportFormat } from "./import-file.parser.ts";
import { suggestMapping } from "./import-headers.rules.ts";
import { checkRow, issueText, mappedValues, mappingIssueParams, mappingIssues, mappingIssueText } from "./import-rows.rules.ts";
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

function requireImporter(actor: Actor) {
  requirePermission(actor, "import:run");
  return requirePartnerActor(actor);
}

export async function createImport(actor: Actor, rawInput: TImportCreateInput, locale: Locale = "zh-CN"): Promise<TImportUpload> {
  requireImporter(actor);
  const input = ZImportCreateInput.parse(rawInput);
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

async function requireJob(id: string): Promise<ImportJobRow> {
  if (!ZId.safeParse(id).success) throw notFound("ImportJob");
  const row = await findImportJob(id);
  if (!row) throw notFound("ImportJob");
  return row;
}

export async function getImport(actor: Actor, id: string, locale: Locale = "zh-CN"): Promise<TImportJob> {
  requireImporter(actor);
  return presentImportJob(await requireJob(id), locale);
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
  const t = translator(locale);
  const file = await openImportFile(job.file, job.format as ImportFormat);
  const mapping = completeMapping(job.entity, input.mapping ?? storedMapping(job.mapping));
  const rows: TImportPreview["rows"] = [];
  const summary = { total: 0, valid: 0, invalid: 0 };
  // Every row is checked, so the user knows before choosing "all or nothing"; only the first few are shown.
  for await (const row of file.rows) {
    const values = mappedValues(job.entity, mapping, row.values);
    const check = checkRow(job.entity, values);
    summary.total++;
    if (check.ok) summary.valid++;
    else summary.invalid++;
    if (rows.length < PREVIEW_ROWS) {
      rows.push({
        rowNumber: row.rowNumber,
        values,
        issues: check.ok ? [] : check.issues.map((issue) => ({ field: issue.field, message: issueText(job.entity, issue, t) })),
      });
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
  const job = await requireJob(id);
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
  return presentImportJob(await requireJob(id), locale);
}

/** The CSV of the rows that were not imported (with row number and reason). */
export async function importErrorFile(actor: Actor, id: string): Promise<{ fileName: string; contentType: string; bytes: Uint8Array }> {
  requireImporter(actor);
  if (!ZId.safeParse(id).success) throw notFound("ImportJob");
  const row = await findImportErrorFile(id);
  if (!row) throw notFound("ImportJob");
  if (!row.errorFile) throw new DomainError("NOT_FOUND", { i18nKey: "imports.errors.noErrorFile" });
  return { fileName: errorFileName(row.fileName, "errors"), contentType: "text/csv; charset=utf-8", bytes: row.errorFile };
}
