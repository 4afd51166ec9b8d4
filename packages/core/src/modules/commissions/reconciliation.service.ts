/**
 * Reconciliation (issue 5 item 7, ADR 023): finance checks a period end to end — orders ingested,
 * attributed or not, refunds, the lines of the period's statements by kind, statements by status,
 * payouts and what is outstanding — and six consistency checks, each difference explained in the
 * reader's language. Every figure drills down to a paginated list (GET /orders, or the period's
 * lines, refunds, statements, payouts and finding lists here), and the summary with its findings
 * exports as CSV or XLSX through the app's export route (`/exports/reconciliation?period=`).
 *
 * Read-only, platform finance only (reconciliation:read): the SQL runs as the system in one
 * REPEATABLE READ, READ ONLY transaction, so all figures come from the same snapshot.
 */
import { requirePermission, type Actor } from "../../actor/index.ts";
import { Prisma, runAsSystem, systemTransaction, type SqlTx } from "../../db/index.ts";
import { env } from "../../env/index.ts";
import { translator, type Locale, type TFunction } from "../../i18n/index.ts";
import { exportDefinition, registerExport, type ExportCell, type ExportDefinition } from "../exports/index.ts";
import { formatExact } from "../money.rules.ts";
import { periodBounds, type TPeriod } from "./periods.rules.ts";
import { reconcile, type Figure } from "./reconciliation.rules.ts";
import { listRows, reconciliationFacts, type PeriodRange, type RowRecord } from "./reconciliation.repository.ts";
import {
  ZReconciliationInput,
  ZReconciliationLinesInput,
  type TReconciliation,
  type TReconciliationLinesInput,
  type TReconciliationRow,
} from "./reconciliation.schemas.ts";

/** A period's figures can take a while on a million lines; the default 5 s is for requests that touch a few rows. */
const STATEMENT_TIMEOUT_MS = 120_000;

function rangeOf(period: TPeriod): PeriodRange {
  const { start, end } = periodBounds(period, env().PLATFORM_TIMEZONE);
  return { period, start, end };
}

/** One consistent, read-only snapshot of the period (the system reads; the caller's permission was checked). */
export function readOnlySnapshot<T>(reason: string, fn: (tx: SqlTx) => Promise<T>): Promise<T> {
  return runAsSystem(reason, () =>
    systemTransaction(async (tx) => {
      await tx.execute(Prisma.sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`);
      await tx.execute(Prisma.sql`SET LOCAL statement_timeout = ${Prisma.raw(String(STATEMENT_TIMEOUT_MS))}`);
      return fn(tx);
    }),
  );
}

/** GET /reconciliation/{period}: the figures, the checks and their explanations. */
export async function getReconciliation(actor: Actor, period: string, locale: Locale): Promise<TReconciliation> {
  requirePermission(actor, "reconciliation:read");
  const input = ZReconciliationInput.parse({ period });
  const range = rangeOf(input.period);
  const facts = await readOnlySnapshot("reconciliation:summary", (tx) => reconciliationFacts(tx, range));
  const result = reconcile(input.period, range, facts);
  const t = translator(locale);
  return {
    period: result.period,
    timeZone: env().PLATFORM_TIMEZONE,
    from: result.from,
    to: result.to,
    currency: facts.currencies.length === 1 ? facts.currencies[0]! : "CNY",
    orders: result.orders,
    refunds: result.refunds,
    lines: result.lines,
    earnBase: result.earnBase,
    statements: result.statements,
    payouts: result.payouts,
    findings: result.findings,
    checks: result.checks.map((check) => ({
      code: check.code,
      title: String(t(`reconciliation.checks.${check.code}.title`)),
      ok: check.ok,
      expected: check.expected,
      actual: check.actual,
      difference: check.difference,
      count: check.count,
      explanation: String(t(check.message.key, check.message.params)),
      reasons: check.reasons.map((reason) => ({ ...reason, message: String(t(`reconciliation.reasons.${reason.drill.query.issue}.${reason.code}`)) })),
      parts: check.parts.map((part) => ({ ...part, label: String(t(`reconciliation.parts.${part.code}`)) })),
      drill: check.drill,
    })),
  };
}

function money(value: string | null): string | null {
  return value === null ? null : formatExact(value);
}

function toRow(row: RowRecord, issue: string | undefined, t: TFunction): TReconciliationRow {
  return {
    id: row.id,
    subject: row.subject,
    kind: row.kind,
    partnerId: row.partnerId,
    partnerName: row.partnerName,
    statementId: row.statementId,
    statementStatus: row.statementStatus,
    orderId: row.orderId,
    orderExternalId: row.orderExternalId,
    refundId: row.refundId,
    refundExternalId: row.refundExternalId,
    at: row.at,
    label: row.label,
    base: money(row.base),
    amount: money(row.amount),
    expected: money(row.expected),
    difference: money(row.difference),
    paid: money(row.paid),
    reason: row.reason && issue ? { code: row.reason, message: String(t(`reconciliation.reasons.${issue}.${row.reason}`)) } : null,
  };
}

/** GET /reconciliation/{period}/lines: one page of the list behind a figure or a finding. */
export async function listReconciliationRows(actor: Actor, rawInput: TReconciliationLinesInput, locale: Locale): Promise<{ items: TReconciliationRow[]; nextCursor: string | null }> {
  requirePermission(actor, "reconciliation:read");
  const input = ZReconciliationLinesInput.parse(rawInput);
  const source = input.issue ?? input.list ?? "lines";
  const rows = await readOnlySnapshot("reconciliation:rows", (tx) =>
    listRows(tx, source, rangeOf(input.period), { kind: input.kind, status: input.status, partnerId: input.partnerId, reason: input.reason, cursor: input.cursor, attribution: input.attribution }, input.limit + 1),
  );
  const t = translator(locale);
  const items = rows.slice(0, input.limit).map((row) => toRow(row, input.issue, t));
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

// ── export ───────────────────────────────────────────────────────────────────────────────────

/** One row of the exported summary: a figure, or a check (with a row per reason under it). */
export type ReconciliationExportRow = {
  section: string;
  item: string;
  count: number | null;
  amount: string | null;
  expected: string | null;
  difference: string | null;
  result: string | null;
  explanation: string | null;
};

/** The summary and its findings as rows for a spreadsheet, in the reader's language. */
export function reconciliationExportRows(summary: TReconciliation, t: TFunction): ReconciliationExportRow[] {
  const label = (key: string) => String(t(`reconciliation.${key}`));
  const row = (section: string, item: string, fig: Pick<Figure, "count" | "amount">): ReconciliationExportRow => ({
    section: label(`sections.${section}`),
    item,
    count: fig.count,
    amount: fig.amount,
    expected: null,
    difference: null,
    result: null,
    explanation: null,
  });
  const rows: ReconciliationExportRow[] = [];
  for (const key of ["all", "attributed", "unattributed"] as const) rows.push(row("orders", label(`figures.orders.${key}`), summary.orders[key]));
  for (const key of ["all", "attributed", "unattributed"] as const) rows.push(row("refunds", label(`figures.refunds.${key}`), summary.refunds[key]));
  for (const key of ["earn", "clawback", "bonus", "cap", "adjustment", "total"] as const) rows.push(row("lines", label(`figures.lines.${key}`), summary.lines[key]));
  rows.push({ ...row("lines", label("figures.earnBase"), { count: summary.lines.earn.count, amount: summary.earnBase }) });
  for (const status of summary.statements.byStatus) rows.push(row("statements", String(t(`reconciliation.status.${status.status}`)), status));
  rows.push(row("statements", label("figures.statements.total"), summary.statements.total));
  rows.push(row("payouts", label("figures.payouts.approved"), summary.payouts.approved));
  rows.push(row("payouts", label("figures.payouts.paid"), summary.payouts.paid));
  rows.push({ ...row("payouts", label("figures.payouts.outstanding"), { count: 0, amount: summary.payouts.outstanding }), count: null });
  for (const check of summary.checks) {
    rows.push({
      section: label("sections.checks"),
      item: check.title,
      count: check.count,
      amount: check.actual,
      expected: check.expected,
      difference: check.difference,
      result: label(check.ok ? "result.ok" : "result.finding"),
      explanation: check.explanation,
    });
    for (const reason of check.reasons) {
      rows.push({ section: label("sections.checks"), item: `${check.title} · ${reason.message}`, count: reason.count, amount: reason.amount, expected: null, difference: null, result: null, explanation: null });
    }
    for (const part of check.parts) {
      if (part.amount === "0.00") continue;
      rows.push({ section: label("sections.checks"), item: `${check.title} · ${part.label}`, count: null, amount: part.amount, expected: null, difference: null, result: null, explanation: null });
    }
  }
  return rows;
}

const column = (key: keyof ReconciliationExportRow) => ({
  key,
  header: `reconciliation.export.columns.${key}`,
  value: (row: ReconciliationExportRow): ExportCell => row[key],
});

/** `/exports/reconciliation?period=YYYY-MM&format=csv|xlsx` (the app's export route): the summary, one file. */
const reconciliationExport: ExportDefinition<ReconciliationExportRow> = {
  fileNameKey: "reconciliation.export.fileName",
  filter: ZReconciliationInput,
  page: async (actor, filter, _cursor, _limit, locale) => {
    const summary = await getReconciliation(actor, String(filter.period), locale);
    return { items: reconciliationExportRows(summary, translator(locale)), nextCursor: null };
  },
  columns: () => [column("section"), column("item"), column("count"), column("amount"), column("expected"), column("difference"), column("result"), column("explanation")],
};

// Registered once per process (a dev reload re-evaluates this module, not the registry).
if (!exportDefinition("reconciliation")) registerExport("reconciliation", reconciliationExport);

