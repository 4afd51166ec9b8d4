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
 * - orders and refunds (platform finance, ADR 021): rows grouped into orders (import-orders.rules.ts),
 *   each order through the order API's own ingest (`ingestOrder`, `refundOrder`): the same checks,
 *   attribution, audit and events; a replay is "already recorded", a 409 or 422 the rows' error.
 *   "All or nothing" records every order in one transaction and rolls it all back if one is refused.
 * - plugin records (issue 7): each row through `createCustomRecord`, the object's form create (hooks,
 *   audit, `<object>.created`); relations looked up by title or id in the importer's scope.
 * It ends with the result, the error file, an audit row and `import.finished` (→ notification).
 */
import { can, systemActor, type PartnerActor, type PlatformActor, type UserActor } from "../../actor/index.ts";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { db, runAsActor, runAsSystem, systemTransaction, type Tx } from "../../db/index.ts";
import { scopeFor } from "../../db/scope.rules.ts";
import { writeTogether, type AnyTx, type Write } from "../../db/sql-writes.ts";
import { uuidv7 } from "../../db/uuidv7.ts";
import { env } from "../../env/index.ts";
import { DomainError, isDomainError } from "../../errors/index.ts";
import { hasMessage, translator, type Locale, type TFunction } from "../../i18n/index.ts";
import { auditInsert } from "../audit/audit.repository.ts";
import { ingestOrder, ingestOrderInTransaction, refundOrder, refundOrderInTransaction } from "../orders/index.ts";
import { domainEvent, outboxInsert } from "../outbox/outbox.repository.ts";
import { hasBeforeSaveHooks, pluginFieldsBeforeSave } from "../plugins/plugin-host.ts";
import { registerCustomer } from "../registrations/index.ts";
import { createCustomRecord } from "../plugins/custom-objects.service.ts";
import { initialStages, objectPipelines } from "../plugins/custom-objects.service.ts";
import { runBeforeSave } from "../plugins/plugin-host.ts";
import { pluginRowReason } from "./plugin-record-import.rules.ts";
import { lookupResolver, pluginImportTarget, preparePluginRow, type PluginImportTarget, type PreparedPluginRow } from "./plugin-record-import.service.ts";
import { errorFileCsv, type FailedRow } from "./import-error-file.rules.ts";
import { openImportFile, type ImportFormat, type ImportRow } from "./import-file.parser.ts";
import { checkRefundRow, planOrders } from "./import-orders.rules.ts";
import { checkCustomerRow, checkLeadRow, mappedValues, rowReason, type LeadRowInput, type RowIssue } from "./import-rows.rules.ts";
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
import { isPlatformImportEntity, PLUGIN_RECORDS_ENTITY, type TImportEntity, type TImportMapping } from "./imports.schemas.ts";

/** Rows per INSERT (and per progress step) for leads. */
export const LEAD_BATCH = 2_000;
/** Registrations, orders and refunds are decided one by one: report progress every this many rows, or this often. */
const ONE_BY_ONE_PROGRESS_ROWS = 25;
const ONE_BY_ONE_PROGRESS_MS = 500;
/** An "all or nothing" orders or refunds run holds one transaction for the whole file. */
const ALL_OR_NOTHING_TIMEOUT_MS = 30 * 60_000;

export type RunOptions = { batchSize?: number; onProgress?: (counters: Counters) => void };
export type RunResult = { status: "completed" | "failed" | "skipped"; importedRows: number; errorRows: number; alreadyRecordedRows: number };

type Run = {
  job: ImportJobWithFile;
  /** The importing user; null when they can no longer act (the run is then recorded by the system). */
  actor: UserActor | null;
  t: TFunction;
  locale: Locale;
  mapping: TImportMapping;
  batchSize: number;
  onProgress: (counters: Counters) => void;
  /** Data rows before this one were handled by an earlier attempt that a crash interrupted. */
  resumeAfter: number;
  processed: number;
  imported: number;
  /** Rows whose order or refund was already recorded with the same content (a replay by externalId). */
  alreadyRecorded: number;
  failed: FailedRow[];
  headers: string[];
};

function importer(run: Run): PartnerActor {
  if (run.actor?.kind !== "partner") throw new Error(`import ${run.job.id}: no importing partner user`);
  return run.actor;
}

function platformImporter(run: Run): PlatformActor {
  if (run.actor?.kind !== "platform") throw new Error(`import ${run.job.id}: no importing staff member`);
  return run.actor;
}

const counters = (run: Run): Counters => ({ processedRows: run.processed, importedRows: run.imported, errorRows: run.failed.length, alreadyRecordedRows: run.alreadyRecorded });

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
async function finish(run: Run, status: Outcome["status"], failure: string | null, tx?: AnyTx): Promise<RunResult> {
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
        after: {
          entity: job.entity,
          fileName: job.fileName,
          mode: job.mode,
          totalRows: job.totalRows,
          importedRows: outcome.importedRows,
          errorRows: outcome.errorRows,
          alreadyRecordedRows: outcome.alreadyRecordedRows,
          failure,
        },
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
  return { status, importedRows: outcome.importedRows, errorRows: outcome.errorRows, alreadyRecordedRows: outcome.alreadyRecordedRows };
}

// ── leads ───────────────────────────────────────────────────────────────────────────────────────

function leadRow(input: ReturnType<typeof checkLeadRow> & { ok: true }, customFields: Record<string, unknown> = {}): LeadRow {
  const { name, company, phone, email, source, notes } = input.input;
  return { id: uuidv7(), customFields, name, company, phone, email, source, notes };
}

/**
 * Each imported lead is checked by the installed plugins' before-save hooks as a lead created in the
 * form would be (none installed for the partner: no work at all). Answers the plugin fields to store,
 * or null after recording the plugins' refusal as the row's error.
 */
async function leadPluginCheck(run: Run, stamp: LeadStamp): Promise<((row: ImportRow, input: LeadRowInput) => Promise<Record<string, unknown> | null>) | null> {
  if (!(await hasBeforeSaveHooks(stamp.partnerId, "lead", "create"))) return null;
  const actor = importer(run);
  return async (row, input) => {
    try {
      return await runAsActor(actor, () => pluginFieldsBeforeSave(actor, { partnerId: stamp.partnerId, object: "lead", operation: "create", record: { ...input, assigneeId: stamp.assigneeId }, previous: null }));
    } catch (error) {
      if (!isDomainError(error) || error.httpStatus >= 500) throw error;
      const { code, reason } = refusal(error, "leads", run.t);
      failRow(run, row, code, reason);
      return null;
    }
  };
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
  const pluginCheck = await leadPluginCheck(run, stamp);
  let index = 0;
  for await (const row of fileRows(run)) {
    index++;
    const check = checkLeadRow(mappedValues("leads", run.mapping, row.values));
    if (!check.ok) invalidRow(run, row, check.issues);
    // Rows up to resumeAfter were written by the interrupted attempt: only their errors are collected again.
    if (index <= run.resumeAfter) continue;
    run.processed = index;
    if (check.ok) {
      const customFields = pluginCheck ? await pluginCheck(row, check.input) : {};
      if (customFields) batch.push(leadRow(check, customFields));
    }
    if (batch.length >= run.batchSize || run.processed - reported >= run.batchSize) await flush();
  }
  run.processed = Math.max(run.processed, index);
  if (batch.length > 0 || run.processed > reported) await flush();
  return finish(run, "completed", null);
}

async function importLeadsAllOrNothing(run: Run): Promise<RunResult> {
  const stamp = leadStamp(run);
  const pluginCheck = await leadPluginCheck(run, stamp);
  // The plugins' computed fields per row, from the checking pass (hooks are pure: the same row gives the same fields).
  const pluginFields = new Map<number, Record<string, unknown>>();
  let total = 0;
  for await (const row of fileRows(run)) {
    total++;
    const check = checkLeadRow(mappedValues("leads", run.mapping, row.values));
    if (!check.ok) invalidRow(run, row, check.issues);
    else if (pluginCheck) {
      const customFields = await pluginCheck(row, check.input);
      if (customFields) pluginFields.set(row.rowNumber, customFields);
    }
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
        batch.push(leadRow(check, pluginFields.get(row.rowNumber)));
        if (batch.length >= run.batchSize) await flush();
      }
      if (batch.length > 0) await flush();
      return finish(run, "completed", null, tx);
    }),
  );
}

// ── customers (bulk 报备) ───────────────────────────────────────────────────────────────────────

/**
 * A refusal thrown by the service a row went through (a registration, an order ingest), as the row's
 * code and reason: its details per field, else its own message.
 */
function refusal(error: DomainError, entity: TImportEntity, t: TFunction): { code: string; reason: string } {
  // A registration's details are under `customer.`; an order's name its own fields.
  const field = (path: string) => (entity === "customers" ? path.replace(/^customer\.?/, "") : path);
  const issues = error.details.map((d) => ({ field: field(d.path), messageKey: d.messageKey ?? d.message, ...(d.params ? { params: d.params } : {}) }));
  const fallback = entity === "customers" ? "imports.errors.registrationRejected" : `errors.${error.code}`;
  const headline = hasMessage(error.i18nKey) ? String(t(error.i18nKey, error.params)) : String(t(fallback));
  return { code: error.code, reason: issues.length > 0 ? rowReason(entity, issues, t) : headline };
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
        const { code, reason } = refusal(error, "customers", run.t);
        failRow(run, row, code, reason);
      }
    }
    if (run.processed - reported >= ONE_BY_ONE_PROGRESS_ROWS || Date.now() - lastReport >= ONE_BY_ONE_PROGRESS_MS) {
      await reportProgress(run);
      reported = run.processed;
      lastReport = Date.now();
    }
  }
  run.processed = Math.max(run.processed, index);
  await reportProgress(run);
  return finish(run, "completed", null);
}

// ── orders and refunds (platform imports, ADR 021) ─────────────────────────────────────────────

/**
 * What a platform import records, in file order: an order (its rows) or a refund (one row), or rows
 * that cannot go in with their issues. `record` goes through the order API's own service: in its own
 * transaction (tx null, "valid rows"), or in the run's one transaction ("all or nothing").
 */
type RecordUnit =
  | { kind: "invalid"; rows: Array<{ row: ImportRow; issues: RowIssue[] }> }
  | { kind: "record"; rows: ImportRow[]; record: (tx: Tx | null) => Promise<{ replayed: boolean }> };

async function allFileRows(run: Run): Promise<ImportRow[]> {
  const rows: ImportRow[] = [];
  for await (const row of fileRows(run)) rows.push(row);
  return rows;
}

/** Orders: rows grouped by externalId and checked as whole orders, each recorded by the order ingest. */
async function orderUnits(run: Run): Promise<RecordUnit[]> {
  const rows = await allFileRows(run);
  const byNumber = new Map(rows.map((row) => [row.rowNumber, row]));
  const plan = planOrders(
    rows.map((row) => ({ rowNumber: row.rowNumber, values: mappedValues("orders", run.mapping, row.values) })),
    env().PLATFORM_TIMEZONE,
  );
  return plan.map((unit): RecordUnit => {
    if (unit.kind === "invalid") return { kind: "invalid", rows: unit.rows.map(({ rowNumber, issues }) => ({ row: byNumber.get(rowNumber)!, issues })) };
    return {
      kind: "record",
      rows: unit.rowNumbers.map((rowNumber) => byNumber.get(rowNumber)!),
      record: async (tx) => {
        const actor = platformImporter(run);
        const order = tx ? await ingestOrderInTransaction(tx, actor, unit.input, run.locale) : await runAsActor(actor, () => ingestOrder(actor, unit.input, run.locale));
        return { replayed: order.replayed };
      },
    };
  });
}

/** Refunds: one per row, each recorded by the refund service; an unknown order is the row's error. */
async function refundUnits(run: Run): Promise<RecordUnit[]> {
  const timeZone = env().PLATFORM_TIMEZONE;
  return (await allFileRows(run)).map((row): RecordUnit => {
    const check = checkRefundRow(mappedValues("order_refunds", run.mapping, row.values), timeZone);
    if (!check.ok) return { kind: "invalid", rows: [{ row, issues: check.issues }] };
    const { orderExternalId, input } = check.input;
    return {
      kind: "record",
      rows: [row],
      record: async (tx) => {
        const actor = platformImporter(run);
        try {
          const refund = tx ? await refundOrderInTransaction(tx, actor, orderExternalId, input, run.locale) : await runAsActor(actor, () => refundOrder(actor, orderExternalId, input, run.locale));
          return { replayed: refund.replayed };
        } catch (error) {
          // The API's 404 names no order; the row says which one was not found.
          if (isDomainError(error) && error.code === "NOT_FOUND") throw new DomainError("NOT_FOUND", { i18nKey: "imports.errors.orderNotFound", params: { externalId: orderExternalId } });
          throw error;
        }
      },
    };
  });
}

function invalidUnit(run: Run, unit: Extract<RecordUnit, { kind: "invalid" }>): void {
  for (const { row, issues } of unit.rows) invalidRow(run, row, issues);
}

/** Record one unit; a refusal the API would answer with 4xx (409, 422, unknown customer…) is every one of its rows' error. */
async function recordUnit(run: Run, unit: Extract<RecordUnit, { kind: "record" }>, tx: Tx | null): Promise<void> {
  try {
    const { replayed } = await unit.record(tx);
    if (replayed) run.alreadyRecorded += unit.rows.length;
    else run.imported += unit.rows.length;
  } catch (error) {
    if (!isDomainError(error) || error.httpStatus >= 500) throw error;
    const { code, reason } = refusal(error, run.job.entity, run.t);
    for (const row of unit.rows) failRow(run, row, code, reason);
  }
}

/** Thrown inside the all-or-nothing transaction to roll it back after a refusal. */
class RefusedRows extends Error {}

async function importRecords(run: Run, units: RecordUnit[], allOrNothing: boolean): Promise<RunResult> {
  const total = units.reduce((sum, unit) => sum + unit.rows.length, 0);
  if (allOrNothing) {
    // Every row is checked first: one that cannot be read stops the file before anything is recorded.
    for (const unit of units) if (unit.kind === "invalid") invalidUnit(run, unit);
    if (run.failed.length > 0) {
      run.processed = total;
      return finish(run, "failed", "imports.failure.invalidRows");
    }
    // Then every order in one transaction, with the result: a refusal is its rows' error and rolls everything back.
    try {
      return await runAsSystem("import", () =>
        db.$transaction(
          async (tx) => {
            let lastReport = Date.now();
            for (const unit of units) {
              run.processed += unit.rows.length;
              if (unit.kind === "record") await recordUnit(run, unit, tx);
              if (Date.now() - lastReport >= ONE_BY_ONE_PROGRESS_MS) {
                // On another connection: the bar moves while this transaction is open.
                await reportProgress(run);
                lastReport = Date.now();
              }
            }
            if (run.failed.length > 0) throw new RefusedRows();
            return finish(run, "completed", null, tx);
          },
          { timeout: ALL_OR_NOTHING_TIMEOUT_MS, maxWait: 10_000 },
        ),
      );
    } catch (error) {
      if (!(error instanceof RefusedRows)) throw error;
      run.imported = 0;
      run.alreadyRecorded = 0;
      return finish(run, "failed", "imports.failure.invalidRows");
    }
  }
  let lastReport = Date.now();
  let reported = run.processed;
  let position = 0;
  for (const unit of units) {
    position += unit.rows.length;
    // Units up to resumeAfter were recorded by the interrupted attempt: only their validation errors are collected again.
    if (position <= run.resumeAfter) {
      if (unit.kind === "invalid") invalidUnit(run, unit);
      continue;
    }
    run.processed = position;
    if (unit.kind === "invalid") invalidUnit(run, unit);
    else await recordUnit(run, unit, null);
    if (run.processed - reported >= ONE_BY_ONE_PROGRESS_ROWS || Date.now() - lastReport >= ONE_BY_ONE_PROGRESS_MS) {
      await reportProgress(run);
      reported = run.processed;
      lastReport = Date.now();
    }
  }
  run.processed = Math.max(run.processed, position);
  await reportProgress(run);
  return finish(run, "completed", null);
}

// ── plugin object records (issue 7) ─────────────────────────────────────────────────────────────

/** A refusal by the record's create (its checks or the plugin's hooks) as the row's code and reason, fields named by their labels. */
function pluginRefusal(run: Run, target: PluginImportTarget, error: DomainError): { code: string; reason: string } {
  const issues = error.details.map((d) => ({ field: d.path, messageKey: d.messageKey ?? d.message, ...(d.params ? { params: d.params } : {}) }));
  const headline = hasMessage(error.i18nKey) ? String(run.t(error.i18nKey, error.params)) : String(run.t(`errors.${error.code}`));
  return { code: error.code, reason: issues.length > 0 ? pluginRowReason(target.fields, issues, run.t, run.locale) : headline };
}

/**
 * Each row becomes a record through `createCustomRecord`, the form's own path: the object's checks,
 * the plugins' compute and validate hooks, the audit row and the `<object>.created` event; a refusal
 * is the row's error and writes nothing. "All or nothing" first checks every row — cells, relations
 * and the plugins' hooks, as the create will run them — and writes none if one fails; a row refused
 * while writing (something changed since the check) is then that row's error, and the rows written
 * before it stay, as with registrations (ADR 011).
 */
async function importPluginRecords(run: Run, allOrNothing: boolean): Promise<RunResult> {
  const actor = run.actor!;
  const target = await runAsActor(actor, () => pluginImportTarget(actor, run.job.object));
  const timeZone = env().PLATFORM_TIMEZONE;
  const resolve = lookupResolver();
  const prepare = (row: ImportRow): Promise<PreparedPluginRow> => runAsActor(actor, () => preparePluginRow(target, run.mapping, row.values, resolve, timeZone));
  const refused = (row: ImportRow, error: unknown) => {
    if (!isDomainError(error) || error.httpStatus >= 500) throw error;
    const { code, reason } = pluginRefusal(run, target, error);
    failRow(run, row, code, reason);
  };
  const invalid = (row: ImportRow, prepared: Extract<PreparedPluginRow, { ok: false }>) => failRow(run, row, "VALIDATION_FAILED", pluginRowReason(target.fields, prepared.issues, run.t, run.locale));
  if (allOrNothing) {
    const stages = initialStages(objectPipelines(target.install.manifest, target.object.name));
    const partnerId = actor.kind === "partner" ? actor.partnerId : null;
    let total = 0;
    for await (const row of fileRows(run)) {
      total++;
      const prepared = await prepare(row);
      if (!prepared.ok) {
        invalid(row, prepared);
        continue;
      }
      // The hooks the create will run, on the record it will save (hooks are pure functions of it).
      try {
        await runAsActor(actor, () => runBeforeSave(actor, { partnerId, object: target.object.name, operation: "create", record: { ...prepared.values, ...stages }, previous: null }));
      } catch (error) {
        refused(row, error);
      }
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
    // Rows up to resumeAfter were handled by an interrupted attempt: only their cell errors are collected again.
    if (index <= run.resumeAfter) {
      const prepared = await prepare(row);
      if (!prepared.ok) invalid(row, prepared);
      continue;
    }
    run.processed = index;
    const prepared = await prepare(row);
    if (!prepared.ok) invalid(row, prepared);
    else {
      try {
        await runAsActor(actor, () => createCustomRecord(actor, { object: target.object.name, values: prepared.values }));
        run.imported++;
      } catch (error) {
        refused(row, error);
      }
    }
    if (run.processed - reported >= ONE_BY_ONE_PROGRESS_ROWS || Date.now() - lastReport >= ONE_BY_ONE_PROGRESS_MS) {
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
async function importingActor(job: ImportJobWithFile): Promise<UserActor | null> {
  const loaded = await actorForUserId(job.userId, "job");
  const actor = loaded?.actor;
  if (!actor) return null;
  if (isPlatformImportEntity(job.entity)) return actor.kind === "platform" && job.partnerId === null && can(actor, "order:write") ? actor : null;
  if (job.entity === PLUGIN_RECORDS_ENTITY) {
    // A plugin records import is the uploader's own form work: staff for the platform, a partner user for their partner.
    if (actor.kind === "platform") return job.partnerId === null && can(actor, "customObject:write") ? actor : null;
    return actor.kind === "partner" && actor.partnerId === job.partnerId && can(actor, "import:run") && can(actor, "customObject:write") ? actor : null;
  }
  if (actor.kind !== "partner" || actor.partnerId !== job.partnerId) return null;
  if (!can(actor, "import:run") || !can(actor, job.entity === "leads" ? "lead:create" : "registration:create")) return null;
  return actor;
}

async function importEntity(run: Run, allOrNothing: boolean): Promise<RunResult> {
  switch (run.job.entity) {
    case "leads":
      return allOrNothing ? importLeadsAllOrNothing(run) : importLeadsValidRows(run);
    case "customers":
      return importCustomers(run, allOrNothing);
    case "orders":
      return importRecords(run, await orderUnits(run), allOrNothing);
    case "order_refunds":
      return importRecords(run, await refundUnits(run), allOrNothing);
    case "plugin_records":
      return importPluginRecords(run, allOrNothing);
  }
}

export async function runImport(importJobId: string, locale: Locale, options: RunOptions = {}): Promise<RunResult> {
  // Read before the claim: a job left running by a crashed attempt resumes after what it committed.
  const job = await runAsSystem("import", () => claimForRun(importJobId, new Date()));
  if (!job) return { status: "skipped", importedRows: 0, errorRows: 0, alreadyRecordedRows: 0 };
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
    alreadyRecorded: allOrNothing ? 0 : job.alreadyRecordedRows,
    failed: [],
    headers: [],
  };
  if (!actor) return finish(run, "failed", "imports.failure.actorInactive");
  try {
    return await importEntity(run, allOrNothing);
  } catch (error) {
    console.error(`[imports] import ${importJobId} stopped:`, error);
    // What an all-or-nothing transaction wrote was rolled back with it (customers' registrations stay: ADR 011).
    if (allOrNothing && job.entity !== "customers" && job.entity !== PLUGIN_RECORDS_ENTITY) {
      run.imported = 0;
      run.alreadyRecorded = 0;
    }
    return finish(run, "failed", "imports.failure.unexpected");
  }
}
