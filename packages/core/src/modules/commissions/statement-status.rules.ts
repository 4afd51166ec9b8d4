/**
 * The statement's life and its lock.
 *
 *   draft ──issue──▶ issued ──confirm──▶ confirmed ──approve──▶ approved ──pay──▶ paid
 *                      │  ▲                ▲   │
 *               dispute│  │re-issue        │   │re-issue (its lines changed)
 *                      ▼  │                │   ▼
 *                    disputed ──resolve────┘  issued
 *
 * - Only a confirmed statement is approved: finance pays what the partner agreed to. A partner who
 *   never answers is handled by a job that confirms on their behalf after a deadline, not by a
 *   shortcut from issued to approved.
 * - disputed → confirmed once every dispute is resolved with no change to the lines (rejected or
 *   withdrawn): the partner has seen each resolution, and asking them to confirm again would only
 *   delay payment. disputed → issued when a resolution changed the lines: the partner must see
 *   and confirm the new figures. Both need zero open disputes.
 * - A confirmed statement whose lines change (a late change placed in its period) goes back to
 *   issued: the partner confirmed other figures.
 * - approved and paid are locked forever (ARCHITECTURE invariant 3); a change that would touch them
 *   becomes an adjustment line in the partner's next open period, pointing at its cause.
 */
import type { TStatementStatus } from "./commission.schemas.ts";
import type { AdjustmentCause, PeriodAdjustment } from "./commission.rules.ts";
import { formatMoney, sumDecimals, type DecimalInput } from "../money.rules.ts";
import { nextPeriod, type TPeriod } from "./periods.rules.ts";

const TRANSITIONS: Record<TStatementStatus, readonly TStatementStatus[]> = {
  draft: ["issued"],
  issued: ["confirmed", "disputed"],
  disputed: ["confirmed", "issued"],
  confirmed: ["approved", "issued"],
  approved: ["paid"],
  paid: [],
};

export function isLocked(status: TStatementStatus): boolean {
  return status === "approved" || status === "paid";
}

export type TransitionContext = { openDisputes?: number };

export type TransitionPlan = { type: "noop" } | { type: "refused"; message: string } | { type: "transition"; status: TStatementStatus; locks: boolean };

/**
 * Whether `from` may become `to`. The same status again is a no-op (a repeated click, a retried
 * job). Leaving a dispute needs the caller to pass the number of open disputes, and it must be 0:
 * an unknown count is refused rather than assumed to be zero.
 */
export function planTransition(from: TStatementStatus, to: TStatementStatus, context: TransitionContext = {}): TransitionPlan {
  if (from === to) return { type: "noop" };
  if (!TRANSITIONS[from].includes(to)) {
    return { type: "refused", message: isLocked(from) ? "commissions.errors.statementLocked" : "commissions.errors.statementTransitionNotAllowed" };
  }
  if (from === "disputed" && (context.openDisputes === undefined || context.openDisputes > 0)) return { type: "refused", message: "commissions.errors.disputesOpen" };
  return { type: "transition", status: to, locks: isLocked(to) };
}

export function canTransition(from: TStatementStatus, to: TStatementStatus, context: TransitionContext = {}): boolean {
  return planTransition(from, to, context).type === "transition";
}

// ── late changes ───────────────────────────────────────────────────────────────────────────────

export type StatementRef = { period: TPeriod; status: TStatementStatus };

/**
 * The partner's first period after `after` (and not before `notBefore`, usually the current
 * period) whose statement is not locked. A period with no statement yet is open: the next run
 * creates its statement.
 */
export function nextOpenPeriod(statements: readonly StatementRef[], after: TPeriod, notBefore?: TPeriod): TPeriod {
  const locked = new Set(statements.filter((s) => isLocked(s.status)).map((s) => s.period));
  let period = nextPeriod(after);
  if (notBefore !== undefined && notBefore > period) period = notBefore;
  while (locked.has(period)) period = nextPeriod(period);
  return period;
}

export type LateChange = {
  /** The period the change belongs to (the order's, the refund's). */
  period: TPeriod;
  cause: Omit<AdjustmentCause, "period">;
  /** What the change is worth: recomputed minus booked (see lateChangeAmount). */
  amount: DecimalInput;
  note?: string | null;
};

export type LateChangePlacement =
  /** The period is still open: regenerate its lines; `reissue` when its statement was confirmed. */
  | { type: "regenerate"; period: TPeriod; reissue: boolean }
  /** The period is locked: book `adjustment` in `period`, the next open one. */
  | { type: "adjustment"; period: TPeriod; adjustment: PeriodAdjustment; reissue: boolean };

/**
 * Where a change that arrives after its period was computed goes. An open period (draft, issued,
 * disputed, confirmed, or no statement yet) is simply regenerated. A locked one (approved, paid) is
 * never touched: the change is an adjustment line in the next open period, its cause naming the
 * locked period so the partner can follow it back.
 */
export function placeLateChange(change: LateChange, statements: readonly StatementRef[], currentPeriod?: TPeriod): LateChangePlacement {
  const own = statements.find((s) => s.period === change.period);
  if (!own || !isLocked(own.status)) return { type: "regenerate", period: change.period, reissue: own?.status === "confirmed" };
  const period = nextOpenPeriod(statements, change.period, currentPeriod);
  const target = statements.find((s) => s.period === period);
  return {
    type: "adjustment",
    period,
    adjustment: { cause: { ...change.cause, period: change.period }, amount: change.amount, note: change.note ?? null },
    reissue: target?.status === "confirmed",
  };
}

/** What a late change is worth: the lines as they would be now minus the lines as booked. */
export function lateChangeAmount(booked: ReadonlyArray<{ amount: DecimalInput }>, recomputed: ReadonlyArray<{ amount: DecimalInput }>): string {
  return formatMoney(sumDecimals(recomputed.map((l) => l.amount)).sub(sumDecimals(booked.map((l) => l.amount))));
}
