/**
 * Running an import (the `imports` queue's job, see jobs/import.job.ts and ADR 011).
 *
 * It acts for the user who uploaded the file, rebuilt from the database now (a deactivated user's
 * import does not run), and writes what that user's own forms would:
 * - leads: each row checked by ZLeadCreateInput, valid rows inserted in batches with one multi-row
 *   INSERT each, stamped as the scope rules stamp that user's creates (partner; a rep's rows are
 *   the rep's). "Valid rows": every batch commits together with the job's counters, so the progress
 *   bar moves and a run taken over after a crash resumes behind the last committed batch. "All or
 *   nothing": every row is checked first; only if none is invalid are they inserted, all in one
 *   transaction together with the result.
 * - customers: each row goes through `registerCustomer`, the real 报备 decision, so ownership rules
 *   apply; a rejection is the row's error with the decision's reason (never the owner). "All or
 *   nothing" checks every row first and registers nothing if one is invalid; registrations already
 *   decided cannot be rolled back.
 * It ends with the result, the error file, an audit row and `import.finished` (→ notification).
 */
import { can, systemActor, type PartnerActor } from "../../actor/index.ts";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { runAsActor, runAsSystem, systemTransaction, type SqlTx } from "../../db/index.ts";
import { scopeFor } from "../../db/scope.rules.ts";
import { writeTogether, type Write } from "../../db/sql-writes.ts";
import { uuidv7 } from "../../db/uuidv7.ts";
import { DomainError, isDomainError } from "../../errors/index.ts";
import { hasMessage, translator, type Locale, type TFunction } from "../../i18n/index.ts";
import { auditInsert } from "../audit/audit.repository.ts";
import { domainEvent, outboxInsert } from "../outbox/outbox.repository.ts";
import { registerCustomer } from "../registrations/index.ts";
import { errorFileCsv, type FailedRow } from "./import-error-file.rules.ts";
import { openImportFile, type ImportFormat, type ImportRow } from "./import-file.parser.ts";
import { checkCustomerRow, checkLeadRow, mappedValues, rowReason, type RowIssue } from "./import-rows.rules.ts";
import {
  claimForRun,
  finishWrite,
  leadsInsert,
  progressWrite,
  storedMapping,
  updateProgress,
  type Counters,
  type ImportJobWithFile,
  type LeadRow,
  type LeadStamp,
  type Outcome,
} from "./imports.repository.ts";
import type { TImportMapping } from "./imports.schemas.ts";

/** Rows per INSERT (and per progress step) for leads. */
export const LEAD_BATCH = 2_000;
/** Registrations are decided one by one: report progress every this many rows, or this often. */
const CUSTOMER_PROGRESS_ROWS = 25;
const CUSTOMER_PROGRESS_MS = 500;

export type RunOptions = { batchSize?: number; onProgress?: (counters: Counters) => void };
export type RunResult = { status: "completed" | "failed" | "skipped"; importedRows: number; errorRows: number };

type Run = {
  job: ImportJobWithFile;
  /** The importing user; null when they can no longer act (the run is then recorded by the system). */
  actor: PartnerActor | null;
  t: TFunction;
  locale: Locale;
  mapping: TImportMapping;
  batchSize: number;
  onProgress: (counters: Counters) => void;
  /** Data rows before this one were handled by an earlier attempt that a crash interrupted. */
  resumeAfter: number;
  processed: number;
  imported: number;
  failed: FailedRow[];
  headers: string[];
};

function importer(run: Run): PartnerActor {
  if (!run.actor) throw new Error(`import ${run.job.id}: no importing user`);
  return run.actor;
}

const counters = (run: Run): Counters => ({ processedRows: run.processed, importedRows: run.imported, errorRows: run.failed.length });

/** What the scoped client stamps on this user's new leads; unstamped fields default as in the lead form (assigned to the creator). */
function leadStamp(run: Run): LeadStamp {
  const actor = importer(run);
  const scope = scopeFor(actor, "Lead", "create");
  if (scope.type === "deny") throw new DomainError("FORBIDDEN", { params: { reason: scope.reason } });
  const stamp = scope.type === "filter" ? (scope.stamp ?? {}) : {};
  return {
    partnerId: (stamp.partnerId as string | undefined) ?? actor.partnerId,
    assigneeId: (stamp.assigneeId as string | undefined) ?? actor.userId,
    createdById: actor.userId,
  };
}

function failRow(run: Run, row: ImportRow, code: string, reason: string): void {
  run.failed.push({ rowNumber: row.rowNumber, values: row.values, code, reason });
}

function invalidRow(run: Run, row: ImportRow, issues: readonly RowIssue[]): void {
  failRow(run, row, "VALIDATION_FAILED", rowReason(run.job.entity, issues, run.t));
}

async function* fileRows(run: Run): AsyncGenerator<ImportRow> {
  const file = await openImportFile(run.job.file, run.job.format as ImportFormat);
  run.headers = file.headers;
  yield* file.rows;
}

async function reportProgress(run: Run): Promise<void> {
  await runAsSystem("import", () => updateProgress(run.job.id, counters(run)));
  run.onProgress(counters(run));
}

/** The result with the error file, the audit row and `import.finished`, in one statement (in `tx` when given). */
async function finish(run: Run, status: Outcome["status"], failure: string | null, tx?: SqlTx): Promise<RunResult> {
  const outcome: Outcome = {
    ...counters(run),
    status,
    failure,
    errorFile: run.failed.length > 0 ? errorFileCsv(run.headers, run.failed, run.t) : null,
    finishedAt: new Date(),
  };
  const { job } = run;
  const writes: Write[] = [
    finishWrite(job.id, outcome),
    auditInsert(run.actor ?? systemActor("import"), [
      {
        action: `import.${status}`,
        entityType: "ImportJob",
        entityId: job.id,
        partnerId: job.partnerId,
        after: { entity: job.entity, fileName: job.fileName, mode: job.mode, totalRows: job.totalRows, importedRows: outcome.importedRows, errorRows: outcome.errorRows, failure },
      },
    ]),
    outboxInsert([
      domainEvent("import.finished", { type: "ImportJob", id: job.id, partnerId: job.partnerId }, {
        importJobId: job.id,
        partnerId: job.partnerId,
        userId: job.userId,
        status,
        importedRows: outcome.importedRows,
        errorRows: outcome.errorRows,
      }),
    ]),
  ];
  if (tx) await writeTogether(tx, writes);
  else await runAsSystem("import", () => systemTransaction((own) => writeTogether(own, writes)));
  return { status, importedRows: outcome.importedRows, errorRows: outcome.errorRows };
}

// ── leads ───────────────────────────────────────────────────────────────────────────────────────

function leadRow(input: ReturnType<typeof checkLeadRow> & { ok: true }): LeadRow {
  const { name, company, phone, email, source, notes } = input.input;
  return { id: uuidv7(), name, company, phone, email, source, notes };
}

async function importLeadsValidRows(run: Run): Promise<RunResult> {
  const stamp = leadStamp(run);
  let batch: LeadRow[] = [];
  let reported = run.processed;
  const flush = async () => {
    const rows = batch;
    batch = [];
    const progress = { ...counters(run), importedRows: run.imported + rows.length };
    // The batch and the counters that include it commit together: a resumed run starts after them.
    await runAsSystem("import", () => systemTransaction((tx) => writeTogether(tx, [leadsInsert(rows, stamp, new Date()), progressWrite(run.job.id, progress)])));
    run.imported = progress.importedRows;
    reported = run.processed;
    run.onProgress(progress);
  };
  let index = 0;
  for await (const row of fileRows(run)) {
    index++;
    const check = checkLeadRow(mappedValues("leads", run.mapping, row.values));
    if (!check.ok) invalidRow(run, row, check.issues);
    // Rows up to resumeAfter were written by the interrupted attempt: only their errors are collected again.
    if (index <= run.resumeAfter) continue;
    run.processed = index;
    if (check.ok) batch.push(leadRow(check));
    if (batch.length >= run.batchSize || run.processed - reported >= run.batchSize) await flush();
  }
  run.processed = Math.max(run.processed, index);
  if (batch.length > 0 || run.processed > reported) await flush();
  return finish(run, "completed", null);
}

async function importLeadsAllOrNothing(run: Run): Promise<RunResult> {
  const stamp = leadStamp(run);
  let total = 0;
  for await (const row of fileRows(run)) {
    total++;
    const check = checkLeadRow(mappedValues("leads", run.mapping, row.values));
    if (!check.ok) invalidRow(run, row, check.issues);
  }
  if (run.failed.length > 0) {
    run.processed = total;
    return finish(run, "failed", "imports.failure.invalidRows");
  }
  // Everything is valid: every row and the result in one transaction. Progress goes out on another connection meanwhile.
  return runAsSystem("import", () =>
    systemTransaction(async (tx) => {
      let batch: LeadRow[] = [];
      const flush = async () => {
        await writeTogether(tx, [leadsInsert(batch, stamp, new Date())]);
        run.imported += batch.length;
        batch = [];
        await reportProgress(run);
      };
      for await (const row of fileRows(run)) {
        const check = checkLeadRow(mappedValues("leads", run.mapping, row.values));
        run.processed++;
        // The file has not changed since it was checked; a row failing now would be a defect, not bad input.
        if (!check.ok) throw new Error(`import ${run.job.id}: row ${row.rowNumber} changed between the check and the insert`);
        batch.push(leadRow(check));
        if (batch.length >= run.batchSize) await flush();
      }
      if (batch.length > 0) await flush();
      return finish(run, "completed", null, tx);
    }),
  );
}

// ── customers (bulk 报备) ───────────────────────────────────────────────────────────────────────

/** A refusal thrown by the registration, as the row's code and reason (identity details per field). */
function refusal(error: DomainError, t: TFunction): { code: string; reason: string } {
  const issues = error.details.map((d) => ({ field: d.path.replace(/^customer\.?/, ""), messageKey: d.messageKey ?? d.message, ...(d.params ? { params: d.params } : {}) }));
  const headline = hasMessage(error.i18nKey) ? String(t(error.i18nKey, error.params)) : String(t("imports.errors.registrationRejected"));
  return { code: error.code, reason: issues.length > 0 ? rowReason("customers", issues, t) : headline };
}

async function importCustomers(run: Run, allOrNothing: boolean): Promise<RunResult> {
  if (allOrNothing) {
    let total = 0;
    for await (const row of fileRows(run)) {
      total++;
      const check = checkCustomerRow(mappedValues("customers", run.mapping, row.values));
      if (!check.ok) invalidRow(run, row, check.issues);
    }
    if (run.failed.length > 0) {
      run.processed = total;
      return finish(run, "failed", "imports.failure.invalidRows");
    }
  }
  let lastReport = Date.now();
  let reported = run.processed;
  let index = 0;
  for await (const row of fileRows(run)) {
    index++;
    const check = checkCustomerRow(mappedValues("customers", run.mapping, row.values));
    if (index <= run.resumeAfter) {
      if (!check.ok) invalidRow(run, row, check.issues);
      continue;
    }
    run.processed = index;
    if (!check.ok) {
      invalidRow(run, row, check.issues);
    } else {
      try {
        const actor = importer(run);
        const decision = await runAsActor(actor, () => registerCustomer(actor, check.input, run.locale));
        if (decision.status === "rejected") failRow(run, row, decision.reason?.code ?? "REJECTED", decision.reason?.message ?? String(run.t("imports.errors.registrationRejected")));
        else run.imported++;
      } catch (error) {
        if (!isDomainError(error) || error.httpStatus >= 500) throw error;
        const { code, reason } = refusal(error, run.t);
        failRow(run, row, code, reason);
      }
    }
    if (run.processed - reported >= CUSTOMER_PROGRESS_ROWS || Date.now() - lastReport >= CUSTOMER_PROGRESS_MS) {
      await reportProgress(run);
      reported = run.processed;
      lastReport = Date.now();
    }
  }
  run.processed = Math.max(run.processed, index);
  await reportProgress(run);
  return finish(run, "completed", null);
}

// ── the run ─────────────────────────────────────────────────────────────────────────────────────

/** The importing user as they are now, if they may still do what the import does. */
async function importingActor(job: ImportJobWithFile): Promise<PartnerActor | null> {
  const loaded = await actorForUserId(job.userId, "job");
  const actor = loaded?.actor;
  if (!actor || actor.kind !== "partner" || actor.partnerId !== job.partnerId) return null;
  if (!can(actor, "import:run") || !can(actor, job.entity === "leads" ? "lead:create" : "registration:create")) return null;
  return actor;
}

export async function runImport(importJobId: string, locale: Locale, options: RunOptions = {}): Promise<RunResult> {
  // Read before the claim: a job left running by a crashed attempt resumes after what it committed.
  const job = await runAsSystem("import", () => claimForRun(importJobId, new Date()));
  if (!job) return { status: "skipped", importedRows: 0, errorRows: 0 };
  const actor = await importingActor(job);
  const allOrNothing = job.mode === "all_or_nothing";
  // An all-or-nothing run wrote nothing before its single commit; a valid-rows run resumes behind its counters.
  const resumeAfter = allOrNothing ? 0 : job.processedRows;
  const run: Run = {
    job,
    actor,
    t: translator(locale),
    locale,
    mapping: storedMapping(job.mapping),
    batchSize: Math.max(1, options.batchSize ?? LEAD_BATCH),
    onProgress: options.onProgress ?? (() => undefined),
    resumeAfter,
    processed: resumeAfter,
    imported: allOrNothing ? 0 : job.importedRows,
    failed: [],
    headers: [],
  };
  if (!actor) return finish(run, "failed", "imports.failure.actorInactive");
  try {
    if (job.entity === "leads") return allOrNothing ? await importLeadsAllOrNothing(run) : await importLeadsValidRows(run);
    return await importCustomers(run, allOrNothing);
  } catch (error) {
    console.error(`[imports] import ${importJobId} stopped:`, error);
    if (allOrNothing && job.entity === "leads") run.imported = 0;
    return finish(run, "failed", "imports.failure.unexpected");
  }
}

