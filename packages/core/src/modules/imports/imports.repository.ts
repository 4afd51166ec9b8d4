/**
 * The only database access for imports. Reads and the user's own writes go through the scoped
 * client (a rep sees their own imports, admins and managers their partner's, staff the platform's);
 * the run's writes — leads in bulk, counters, the result — are one-statement SQL for the system
 * actor (ADR 008, 011).
 */
import { db, Prisma, runAsSystem, systemTransaction, type SqlTx } from "../../db/index.ts";
import type { Write } from "../../db/sql-writes.ts";
import type { TImportEntity, TImportMapping, TImportMode, TImportStatus } from "./imports.schemas.ts";

const jobSelect = {
  id: true,
  partnerId: true,
  userId: true,
  entity: true,
  object: true,
  fileName: true,
  format: true,
  mapping: true,
  mode: true,
  status: true,
  totalRows: true,
  processedRows: true,
  importedRows: true,
  errorRows: true,
  alreadyRecordedRows: true,
  failure: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} satisfies Prisma.ImportJobSelect;

export type ImportJobRow = Prisma.ImportJobGetPayload<{ select: typeof jobSelect }>;
export type ImportJobWithFile = ImportJobRow & { file: Uint8Array };

export async function insertImportJob(data: {
  entity: TImportEntity;
  /** The plugin object of a `plugin_records` import. */
  object?: string | null;
  fileName: string;
  format: string;
  file: Uint8Array;
  headers: string[];
  mapping: TImportMapping;
  totalRows: number;
}): Promise<ImportJobRow> {
  const { headers, mapping, file, ...rest } = data;
  // partnerId and userId are stamped by the scoped client (scope.rules.ts: ImportJob): the partner's, or none for staff.
  return db.importJob.create({
    data: { ...rest, file: Uint8Array.from(file), mapping: { fields: mapping, headers } } as unknown as Prisma.ImportJobUncheckedCreateInput,
    select: jobSelect,
  });
}

export async function findImportJob(id: string): Promise<ImportJobRow | null> {
  return db.importJob.findUnique({ where: { id }, select: jobSelect });
}

/**
 * A job's stored bytes, read with pg itself: Prisma's adapter turns a bytea into an array of numbers
 * and back (seconds and ~8× the memory for a 20 MB file). Only for a job the caller has just read
 * through the scoped client: raw SQL is the system's.
 */
async function storedBytes(id: string, column: "file" | "errorFile"): Promise<Buffer | null> {
  const rows = await runAsSystem("import-file", () =>
    systemTransaction((tx) => tx.query<{ bytes: Buffer | null }>(Prisma.sql`SELECT ${Prisma.raw(column === "file" ? `"file"` : `"errorFile"`)} AS bytes FROM "ImportJob" WHERE id = ${id}::uuid`)),
  );
  return rows[0]?.bytes ?? null;
}

export async function findImportJobWithFile(id: string): Promise<ImportJobWithFile | null> {
  // Visibility through the scoped client first; then the bytes.
  const job = await findImportJob(id);
  if (!job) return null;
  const file = await storedBytes(id, "file");
  return file ? { ...job, file } : null;
}

export async function findImportErrorFile(id: string): Promise<{ fileName: string; errorFile: Uint8Array | null } | null> {
  const job = await db.importJob.findUnique({ where: { id }, select: { fileName: true } });
  return job ? { fileName: job.fileName, errorFile: await storedBytes(id, "errorFile") } : null;
}

export async function findImportJobs(filter: { entities: readonly TImportEntity[]; object?: string; beforeId?: string }, take: number): Promise<ImportJobRow[]> {
  const and: Prisma.ImportJobWhereInput[] = [{ entity: { in: [...filter.entities] } }];
  if (filter.object) and.push({ object: filter.object });
  if (filter.beforeId) and.push({ id: { lt: filter.beforeId } });
  return db.importJob.findMany({ where: { AND: and }, orderBy: { id: "desc" }, take, select: jobSelect });
}

/** uploaded → queued, once: false when it was no longer waiting (started twice, or by someone else). */
export async function markQueued(id: string, mode: TImportMode, mapping: TImportMapping, headers: string[]): Promise<boolean> {
  const result = await db.importJob.updateMany({ where: { id, status: "uploaded" }, data: { status: "queued", mode, mapping: { fields: mapping, headers } } });
  return result.count === 1;
}

/** The queue refused the job: back to waiting, so the user can try again. */
export async function unmarkQueued(id: string): Promise<void> {
  await db.importJob.updateMany({ where: { id, status: "queued" }, data: { status: "uploaded" } });
}

/** The mapping stored on a job (`{ fields, headers }`: field → column, and the file's header row). */
export function storedMapping(mapping: Prisma.JsonValue): TImportMapping {
  const fields = (mapping as { fields?: unknown } | null)?.fields;
  return fields && typeof fields === "object" ? (fields as TImportMapping) : {};
}

/** The header row stored at upload, or null for a job stored without it. */
export function storedHeaders(mapping: Prisma.JsonValue): string[] | null {
  const headers = (mapping as { headers?: unknown } | null)?.headers;
  return Array.isArray(headers) && headers.every((h) => typeof h === "string") ? (headers as string[]) : null;
}

// ── the run (system actor) ─────────────────────────────────────────────────────────────────────

/**
 * Claim a queued job for running (or take back one a crashed worker left running: BullMQ re-runs a
 * stalled job). Null when it is not there, or already finished.
 */
export async function claimForRun(id: string, now: Date): Promise<ImportJobWithFile | null> {
  const claimed = await db.importJob.updateMany({ where: { id, status: { in: ["queued", "running"] } }, data: { status: "running" } });
  if (claimed.count === 0) return null;
  await db.importJob.updateMany({ where: { id, startedAt: null }, data: { startedAt: now } });
  return findImportJobWithFile(id);
}

export type Counters = { processedRows: number; importedRows: number; errorRows: number; alreadyRecordedRows: number };

/** Progress the UI polls; on its own connection, so it is visible while an all-or-nothing transaction is open. */
export async function updateProgress(id: string, counters: Counters): Promise<void> {
  await db.importJob.update({ where: { id }, data: counters, select: { id: true } });
}

/** The same as a write for `writeTogether`, in the statement that inserts the batch it counts. */
export function progressWrite(id: string, counters: Counters): Prisma.Sql {
  return Prisma.sql`UPDATE "ImportJob" SET "processedRows" = ${counters.processedRows}::integer, "importedRows" = ${counters.importedRows}::integer, "errorRows" = ${counters.errorRows}::integer,
    "alreadyRecordedRows" = ${counters.alreadyRecordedRows}::integer WHERE id = ${id}::uuid`;
}

export type LeadRow = {
  id: string;
  /** Plugin fields the installed plugins' compute hooks filled (empty when none is installed). */
  customFields: Record<string, unknown>;
  name: string;
  company: string | null;
  phone: string | null;
  email: string | null;
  source: string | null;
  notes: string | null;
};

export type LeadStamp = { partnerId: string; assigneeId: string | null; createdById: string };

/**
 * Leads in one multi-row INSERT: each column travels as one array parameter and `unnest` turns them
 * into rows (a few parameters whatever the batch size, one plan). The partner, assignee and
 * creator are the stamp the scope rules give the importing user.
 */
export function leadsInsert(rows: readonly LeadRow[], stamp: LeadStamp, now: Date): Write {
  if (rows.length === 0) return null;
  const column = <K extends keyof LeadRow>(key: K) => rows.map((r) => r[key]);
  const customFields = rows.map((r) => JSON.stringify(r.customFields));
  return Prisma.sql`INSERT INTO "Lead" (id, "partnerId", name, company, phone, email, source, notes, "customFields", "assigneeId", "createdById", "createdAt", "updatedAt")
    SELECT u.id, ${stamp.partnerId}::uuid, u.name, u.company, u.phone, u.email, u.source, u.notes, u."customFields", ${stamp.assigneeId}::uuid, ${stamp.createdById}::uuid, ${now}::timestamptz, ${now}::timestamptz
    FROM unnest(${column("id")}::uuid[], ${column("name")}::text[], ${column("company")}::text[], ${column("phone")}::text[], ${column("email")}::text[], ${column("source")}::text[], ${column("notes")}::text[], ${customFields}::jsonb[])
      AS u(id, name, company, phone, email, source, notes, "customFields")`;
}

export type Outcome = Counters & { status: Extract<TImportStatus, "completed" | "failed">; errorFile: Uint8Array | null; failure: string | null; finishedAt: Date };

/** The job's result, written with the audit row and the import.finished event. */
export function finishWrite(id: string, outcome: Outcome): Prisma.Sql {
  return Prisma.sql`UPDATE "ImportJob" SET status = ${outcome.status}::"ImportStatus", "processedRows" = ${outcome.processedRows}::integer,
    "importedRows" = ${outcome.importedRows}::integer, "errorRows" = ${outcome.errorRows}::integer, "alreadyRecordedRows" = ${outcome.alreadyRecordedRows}::integer,
    "errorFile" = ${outcome.errorFile ? Buffer.from(outcome.errorFile) : null}::bytea, failure = ${outcome.failure}::text, "finishedAt" = ${outcome.finishedAt}::timestamptz
    WHERE id = ${id}::uuid`;
}

export type { SqlTx };
