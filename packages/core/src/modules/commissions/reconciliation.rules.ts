/**
 * Reconciliation of a commission period, pure (docs/decisions/023-reconciliation-and-simulation.md):
 * from the period's aggregates (orders, refunds, items, lines, statements, payouts, and the rows
 * each consistency check found) to the figures finance reads and the checks it must clear. Every
 * figure and every finding carries a `drill` descriptor: the list of orders or lines behind it.
 * Also the arithmetic of a plan simulation (current vs simulated totals per partner).
 *
 * No I/O: reconciliation.service.ts gathers the aggregates with set-based SQL and translates.
 */
import type Decimal from "decimal.js";
import { COMMISSION_LINE_KINDS, STATEMENT_STATUSES, type TCommissionLineKind, type TStatementStatus } from "./commission.schemas.ts";
import { formatExact, formatMoney, sumDecimals, toDecimal } from "../money.rules.ts";
import { statementTotals } from "./commission.rules.ts";
import { isLocked } from "./statement-status.rules.ts";

/** Drill-down lists other than the period's lines: refunds, statements, payouts. */
export const RECONCILIATION_LISTS = ["lines", "refunds", "statements", "payouts"] as const;
export type TReconciliationList = (typeof RECONCILIATION_LISTS)[number];

/** What a consistency check lists when it finds something (GET /reconciliation/{period}/lines?issue=). */
export const RECONCILIATION_ISSUES = ["statementMismatch", "missingEarn", "orphanEarn", "missingClawback", "baseMismatch", "payoutMismatch"] as const;
export type TReconciliationIssue = (typeof RECONCILIATION_ISSUES)[number];

/** Why a row is in an issue's list, per issue (the service's SQL decides, the page explains). */
export const ISSUE_REASONS = {
  statementMismatch: ["totalDiffers", "kindTotalsDiffer", "lineCountDiffers"],
  missingEarn: ["noPlanInForce", "statementLocked", "notGenerated"],
  orphanEarn: ["orderMissing", "nowUnattributed", "otherPartner", "otherPeriod"],
  missingClawback: ["statementLocked", "notGenerated"],
  baseMismatch: ["itemChanged"],
  payoutMismatch: ["paidAmountDiffers", "paidBeforeApproval", "overpaid"],
} as const satisfies Record<TReconciliationIssue, readonly string[]>;

export const RECONCILIATION_CHECKS = ["linesMatchStatements", "earnLinesForItems", "earnLinesStillAttributed", "clawbacksForRefunds", "earnBaseMatchesItems", "payoutsMatchStatements"] as const;
export type TReconciliationCheck = (typeof RECONCILIATION_CHECKS)[number];

/** Statement status filter of the drill-down lists: a status, or "locked" (approved or paid). */
export const STATEMENT_STATUS_FILTERS = [...STATEMENT_STATUSES, "locked"] as const;
export type TStatementStatusFilter = (typeof STATEMENT_STATUS_FILTERS)[number];

// ── input: the period's aggregates ────────────────────────────────────────────────────────────

/** Money as the database sums it: a decimal string, possibly with more than two places. */
type Money = string;
export type CountSum = { count: number; amount: Money };

/** One reason's rows of an issue: how many, and the sums of their amount, base, expected and difference columns. */
export type IssueGroup = { reason: string; count: number; amount: Money; base: Money; expected: Money; difference: Money };

export type ReconciliationFacts = {
  orders: { all: CountSum; attributed: CountSum };
  refunds: { all: CountSum; attributed: CountSum };
  /** Items of the period's attributed orders: Σ amount (rounded to the cent per item) and Σ quantity × unitPrice (exact). */
  attributedItems: { count: number; amount: Money; exact: Money };
  /** The period's lines per kind; `base` leaves out lines kept at zero only because they are disputed (detail.removed). */
  lines: Partial<Record<TCommissionLineKind, CountSum & { base: Money }>>;
  statements: ReadonlyArray<{ status: TStatementStatus; count: number; total: Money; paid: Money }>;
  /** Payouts recorded against the period's statements. */
  payouts: CountSum;
  issues: Partial<Record<TReconciliationIssue, readonly IssueGroup[]>>;
};

// ── output ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Where a figure comes from: `orders` → GET /orders with `query` (from, to, attribution), `lines` →
 * GET /reconciliation/{period}/lines with `query` (list, kind, status, issue, reason, attribution).
 */
export type Drill = { list: "orders" | "lines"; query: Record<string, string> };
export type Figure = { count: number; amount: string; drill: Drill };
export type Message = { key: string; params: Record<string, string | number> };

export type CheckReason = { code: string; count: number; amount: string; drill: Drill };
/** A named part of a difference (rounding, items without lines…), with the rows behind it when there are any. */
export type CheckPart = { code: string; amount: string; drill: Drill | null };

export type CheckResult = {
  code: TReconciliationCheck;
  ok: boolean;
  expected: string;
  actual: string;
  /** actual − expected. */
  difference: string;
  /** Rows in the check's finding list (items, lines, refunds or statements). */
  count: number;
  reasons: CheckReason[];
  parts: CheckPart[];
  drill: Drill;
  message: Message;
};

export type ReconciliationResult = {
  period: string;
  from: Date;
  to: Date;
  orders: { all: Figure; attributed: Figure; unattributed: Figure };
  refunds: { all: Figure; attributed: Figure; unattributed: Figure };
  lines: Record<TCommissionLineKind | "total", Figure>;
  /** Σ base of the earn lines (exact). */
  earnBase: string;
  statements: { byStatus: Array<Figure & { status: TStatementStatus }>; total: Figure };
  payouts: {
    /** Approved and paid statements: how many, Σ total. */
    approved: Figure;
    /** Payouts recorded against the period's statements. */
    paid: Figure;
    /** approved − paid. */
    outstanding: string;
  };
  checks: CheckResult[];
  /** Checks that found something. */
  findings: number;
};

const ZERO = "0";

function sum(values: Iterable<Money>): Decimal {
  return sumDecimals(values);
}

const linesDrill = (query: Record<string, string> = {}): Drill => ({ list: "lines", query });

function figure(count: number, amount: Decimal | Money, drill: Drill): Figure {
  return { count, amount: formatMoney(amount), drill };
}

function groupsOf(facts: ReconciliationFacts, issue: TReconciliationIssue): readonly IssueGroup[] {
  return facts.issues[issue] ?? [];
}

function issueCount(groups: readonly IssueGroup[]): number {
  return groups.reduce((n, g) => n + g.count, 0);
}

/** The groups as reasons (in ISSUE_REASONS order), with the column that is the issue's amount. */
function reasonsOf(issue: TReconciliationIssue, groups: readonly IssueGroup[], column: "amount" | "difference"): CheckReason[] {
  const order: readonly string[] = ISSUE_REASONS[issue];
  return [...groups]
    .filter((g) => g.count > 0)
    .sort((a, b) => order.indexOf(a.reason) - order.indexOf(b.reason))
    .map((g) => ({ code: g.reason, count: g.count, amount: formatMoney(g[column]), drill: linesDrill({ issue, reason: g.reason }) }));
}

function message(code: TReconciliationCheck, variant: string, params: Record<string, string | number>): Message {
  return { key: `reconciliation.checks.${code}.${variant}`, params };
}

/** The figures and the six checks of a period. */
export function reconcile(period: string, bounds: { start: Date; end: Date }, facts: ReconciliationFacts): ReconciliationResult {
  const ordersDrill = (attribution?: "attributed" | "unattributed"): Drill => ({
    list: "orders",
    query: { from: bounds.start.toISOString(), to: bounds.end.toISOString(), ...(attribution ? { attribution } : {}) },
  });
  const refundsDrill = (attribution?: "attributed" | "unattributed"): Drill => linesDrill({ list: "refunds", ...(attribution ? { attribution } : {}) });

  const { orders, refunds } = facts;
  const lineFacts = Object.fromEntries(COMMISSION_LINE_KINDS.map((kind) => [kind, facts.lines[kind] ?? { count: 0, amount: ZERO, base: ZERO }])) as Record<TCommissionLineKind, CountSum & { base: Money }>;
  const lineTotal = sum(COMMISSION_LINE_KINDS.map((kind) => lineFacts[kind].amount));
  const lineCount = COMMISSION_LINE_KINDS.reduce((n, kind) => n + lineFacts[kind].count, 0);

  const byStatus = STATEMENT_STATUSES.map((status) => {
    const rows = facts.statements.filter((s) => s.status === status);
    return { status, ...figure(rows.reduce((n, s) => n + s.count, 0), sum(rows.map((s) => s.total)), linesDrill({ list: "statements", status })) };
  });
  const statementTotal = sum(facts.statements.map((s) => s.total));
  const statementCount = facts.statements.reduce((n, s) => n + s.count, 0);
  const locked = facts.statements.filter((s) => isLocked(s.status));
  const approvedTotal = sum(locked.map((s) => s.total));
  const approvedPaid = sum(locked.map((s) => s.paid));
  const payoutTotal = toDecimal(facts.payouts.amount);
  const outstanding = approvedTotal.sub(payoutTotal);

  const checks: CheckResult[] = [];

  // 1. The lines add up to the statements' stored totals (per statement and overall).
  {
    const groups = groupsOf(facts, "statementMismatch");
    const count = issueCount(groups);
    const difference = lineTotal.sub(statementTotal);
    const ok = difference.isZero() && count === 0;
    checks.push({
      code: "linesMatchStatements",
      ok,
      expected: formatMoney(statementTotal),
      actual: formatMoney(lineTotal),
      difference: formatMoney(difference),
      count,
      reasons: reasonsOf("statementMismatch", groups, "difference"),
      parts: [],
      drill: linesDrill({ issue: "statementMismatch" }),
      message: message("linesMatchStatements", ok ? "ok" : "finding", { difference: formatMoney(difference), count }),
    });
  }

  // 2. Every item of an attributed order has its earn line.
  {
    const groups = groupsOf(facts, "missingEarn");
    const count = issueCount(groups);
    const missing = sum(groups.map((g) => g.amount));
    const expected = toDecimal(facts.attributedItems.amount);
    checks.push({
      code: "earnLinesForItems",
      ok: count === 0,
      expected: formatMoney(expected),
      actual: formatMoney(expected.sub(missing)),
      difference: formatMoney(missing.neg()),
      count,
      reasons: reasonsOf("missingEarn", groups, "amount"),
      parts: [],
      drill: linesDrill({ issue: "missingEarn" }),
      message: message("earnLinesForItems", count === 0 ? "ok" : "finding", { count, amount: formatMoney(missing), items: facts.attributedItems.count }),
    });
  }

  // 3. Every earn line's order is still attributed to that partner, in this period.
  {
    const groups = groupsOf(facts, "orphanEarn");
    const count = issueCount(groups);
    const amount = sum(groups.map((g) => g.amount));
    checks.push({
      code: "earnLinesStillAttributed",
      ok: count === 0,
      expected: formatMoney(ZERO),
      actual: formatMoney(amount),
      difference: formatMoney(amount),
      count,
      reasons: reasonsOf("orphanEarn", groups, "amount"),
      parts: [],
      drill: linesDrill({ issue: "orphanEarn" }),
      message: message("earnLinesStillAttributed", count === 0 ? "ok" : "finding", { count, amount: formatMoney(amount) }),
    });
  }

  // 4. Every refund of the period (on an attributed order) has its clawback line.
  {
    const groups = groupsOf(facts, "missingClawback");
    const count = issueCount(groups);
    const missing = sum(groups.map((g) => g.amount));
    const expected = toDecimal(refunds.attributed.amount);
    checks.push({
      code: "clawbacksForRefunds",
      ok: count === 0,
      expected: formatMoney(expected),
      actual: formatMoney(expected.sub(missing)),
      difference: formatMoney(missing.neg()),
      count,
      reasons: reasonsOf("missingClawback", groups, "amount"),
      parts: [],
      drill: linesDrill({ issue: "missingClawback" }),
      message: message("clawbacksForRefunds", count === 0 ? "ok" : "finding", { count, amount: formatMoney(missing), refunds: refunds.attributed.count }),
    });
  }

  // 5. Σ earn base = Σ attributed item amounts, up to the rounding of each item to the cent.
  {
    const expected = toDecimal(facts.attributedItems.amount);
    const actual = toDecimal(lineFacts.earn.base);
    const difference = actual.sub(expected);
    const rounding = toDecimal(facts.attributedItems.exact).sub(expected);
    const missingItems = sum(groupsOf(facts, "missingEarn").map((g) => g.base)).neg();
    const orphanLines = sum(groupsOf(facts, "orphanEarn").map((g) => g.base));
    const changed = groupsOf(facts, "baseMismatch");
    const changedBases = sum(changed.map((g) => g.difference));
    const unexplained = difference.sub(rounding).sub(missingItems).sub(orphanLines).sub(changedBases);
    const beyondRounding = difference.sub(rounding);
    const ok = beyondRounding.isZero();
    checks.push({
      code: "earnBaseMatchesItems",
      ok,
      expected: formatExact(expected),
      actual: formatExact(actual),
      difference: formatExact(difference),
      count: issueCount(changed),
      reasons: reasonsOf("baseMismatch", changed, "difference"),
      parts: [
        { code: "rounding", amount: formatExact(rounding), drill: null },
        { code: "missingItems", amount: formatExact(missingItems), drill: linesDrill({ issue: "missingEarn" }) },
        { code: "orphanLines", amount: formatExact(orphanLines), drill: linesDrill({ issue: "orphanEarn" }) },
        { code: "changedBases", amount: formatExact(changedBases), drill: linesDrill({ issue: "baseMismatch" }) },
        { code: "unexplained", amount: formatExact(unexplained), drill: null },
      ],
      drill: linesDrill({ issue: "baseMismatch" }),
      message: message("earnBaseMatchesItems", ok ? (rounding.isZero() ? "ok" : "okRounding") : "finding", {
        difference: formatExact(difference),
        rounding: formatExact(rounding),
        beyondRounding: formatExact(beyondRounding),
      }),
    });
  }

  // 6. Approved total − payouts = outstanding, and each statement's paid amount is its payouts.
  {
    const groups = groupsOf(facts, "payoutMismatch");
    const count = issueCount(groups);
    const actual = approvedTotal.sub(approvedPaid);
    const difference = actual.sub(outstanding);
    const ok = difference.isZero() && count === 0;
    checks.push({
      code: "payoutsMatchStatements",
      ok,
      expected: formatMoney(outstanding),
      actual: formatMoney(actual),
      difference: formatMoney(difference),
      count,
      reasons: reasonsOf("payoutMismatch", groups, "difference"),
      parts: [],
      drill: linesDrill({ issue: "payoutMismatch" }),
      message: message("payoutsMatchStatements", ok ? "ok" : "finding", { difference: formatMoney(difference), count, outstanding: formatMoney(outstanding) }),
    });
  }

  const unattributedOrders = { count: orders.all.count - orders.attributed.count, amount: toDecimal(orders.all.amount).sub(toDecimal(orders.attributed.amount)) };
  const unattributedRefunds = { count: refunds.all.count - refunds.attributed.count, amount: toDecimal(refunds.all.amount).sub(toDecimal(refunds.attributed.amount)) };
  return {
    period,
    from: bounds.start,
    to: bounds.end,
    orders: {
      all: figure(orders.all.count, orders.all.amount, ordersDrill()),
      attributed: figure(orders.attributed.count, orders.attributed.amount, ordersDrill("attributed")),
      unattributed: figure(unattributedOrders.count, unattributedOrders.amount, ordersDrill("unattributed")),
    },
    refunds: {
      all: figure(refunds.all.count, refunds.all.amount, refundsDrill()),
      attributed: figure(refunds.attributed.count, refunds.attributed.amount, refundsDrill("attributed")),
      unattributed: figure(unattributedRefunds.count, unattributedRefunds.amount, refundsDrill("unattributed")),
    },
    lines: {
      ...(Object.fromEntries(COMMISSION_LINE_KINDS.map((kind) => [kind, figure(lineFacts[kind].count, lineFacts[kind].amount, linesDrill({ kind }))])) as Record<TCommissionLineKind, Figure>),
      total: figure(lineCount, lineTotal, linesDrill()),
    },
    earnBase: formatExact(lineFacts.earn.base),
    statements: { byStatus, total: figure(statementCount, statementTotal, linesDrill({ list: "statements" })) },
    payouts: {
      approved: figure(locked.reduce((n, s) => n + s.count, 0), approvedTotal, linesDrill({ list: "statements", status: "locked" })),
      paid: figure(facts.payouts.count, payoutTotal, linesDrill({ list: "payouts" })),
      outstanding: formatMoney(outstanding),
    },
    checks,
    findings: checks.filter((c) => !c.ok).length,
  };
}

// ── plan simulation ────────────────────────────────────────────────────────────────────────────

export const SIMULATED_KINDS = ["earn", "clawback", "bonus", "cap"] as const;
export type SimulationAmounts = Record<(typeof SIMULATED_KINDS)[number] | "total", string>;

/**
 * A partner's plan-driven lines (earn, clawback, bonus, cap) as totals. Adjustments are not the
 * plan's doing (late changes, accepted disputes): a simulation leaves them out on both sides.
 */
export function simulationAmounts(lines: ReadonlyArray<{ kind: TCommissionLineKind; amount: string }>): SimulationAmounts {
  const totals = statementTotals(lines.filter((line) => line.kind !== "adjustment"));
  return { earn: totals.earn, clawback: totals.clawback, bonus: totals.bonus, cap: totals.cap, total: totals.total };
}

/** simulated − current, per kind and in total. */
export function simulationDifference(current: SimulationAmounts, simulated: SimulationAmounts): SimulationAmounts {
  const keys = [...SIMULATED_KINDS, "total"] as const;
  return Object.fromEntries(keys.map((key) => [key, formatMoney(toDecimal(simulated[key]).sub(toDecimal(current[key])))])) as SimulationAmounts;
}

/** Column sums over the partners. */
export function simulationTotals(rows: ReadonlyArray<{ current: SimulationAmounts; simulated: SimulationAmounts }>): { current: SimulationAmounts; simulated: SimulationAmounts; difference: SimulationAmounts } {
  const keys = [...SIMULATED_KINDS, "total"] as const;
  const column = (side: "current" | "simulated") => Object.fromEntries(keys.map((key) => [key, formatMoney(sum(rows.map((row) => row[side][key])))])) as SimulationAmounts;
  const current = column("current");
  const simulated = column("simulated");
  return { current, simulated, difference: simulationDifference(current, simulated) };
}
