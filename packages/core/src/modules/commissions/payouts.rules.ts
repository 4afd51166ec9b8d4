/**
 * A partner's payable balance and what its payouts settle, as pure rules
 * (docs/decisions/022-disputes-and-payouts.md). Exact decimals throughout (money.rules.ts).
 *
 *  - balance = Σ totals of the partner's approved and paid statements − Σ its payouts. A statement
 *    whose clawbacks exceed its earnings has a negative total and simply lowers the balance: the
 *    partner's debt carries forward into what later statements earn.
 *  - Settlement runs in period order (FIFO; statements already marked paid count first, as settlement
 *    is never undone — this matters only when an earlier period is approved late). With C(j) the
 *    cumulative total of the statements up to j and P everything paid, the statements up to the
 *    last j with C(j) ≤ P ≤ max(C(k), k ≥ j) are settled: what they add up to has been paid, and
 *    what was paid beyond it went to later statements rather than being a debt. So a negative
 *    statement is settled once the running balance covers it — later earnings at least as large as
 *    the debt — and a statement followed by a clawback that exceeds what is left stays open
 *    (carried forward) until later earnings cover it.
 *  - A payout is at least the minimum payout. The one exception is the final settlement of a
 *    terminated partner: paying exactly its whole remaining balance, however small.
 */
import type Decimal from "decimal.js";
import { formatMoney, sumDecimals, toDecimal, type DecimalInput } from "../money.rules.ts";

export type LedgerStatement = { id: string; period: string; status: string; total: DecimalInput };

export type Ledger = {
  approvedTotal: string;
  paidTotal: string;
  balance: string;
  /** Statements settled by what was paid (paid ones always are: settlement is never undone). */
  settled: Set<string>;
  /** Approved statements the payouts now settle, in period order: to be marked paid. */
  newlySettled: string[];
  /** The oldest approved statement not settled yet. */
  next: string | null;
};

const byPeriod = (a: LedgerStatement, b: LedgerStatement) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Period order, statements already paid first: settlement is never undone, even when an earlier period is approved late. */
function settlementOrder(statements: readonly LedgerStatement[]): LedgerStatement[] {
  const paid = statements.filter((s) => s.status === "paid").sort(byPeriod);
  return [...paid, ...statements.filter((s) => s.status !== "paid").sort(byPeriod)];
}

export function partnerLedger(statements: readonly LedgerStatement[], payouts: readonly DecimalInput[]): Ledger {
  const ordered = settlementOrder(statements);
  const paid = sumDecimals(payouts);
  const cumulative: Decimal[] = [];
  ordered.forEach((statement, index) => cumulative.push((index === 0 ? toDecimal("0") : cumulative[index - 1]!).add(toDecimal(statement.total))));
  // The highest cumulative total from each statement on: whether later statements absorb what was paid beyond it.
  const laterMax: Decimal[] = [];
  for (let index = ordered.length - 1; index >= 0; index -= 1) {
    const here = cumulative[index]!;
    const after = laterMax[index + 1];
    laterMax[index] = after && after.gt(here) ? after : here;
  }
  let lastCovered = -1;
  ordered.forEach((_statement, index) => {
    if (cumulative[index]!.lte(paid) && paid.lte(laterMax[index]!)) lastCovered = index;
  });
  const total = cumulative.at(-1) ?? toDecimal("0");
  const settled = new Set<string>();
  const newlySettled: string[] = [];
  ordered.forEach((statement, index) => {
    if (index <= lastCovered || statement.status === "paid") settled.add(statement.id);
    if (index <= lastCovered && statement.status === "approved") newlySettled.push(statement.id);
  });
  const next = [...ordered].sort(byPeriod).find((s) => s.status === "approved" && !settled.has(s.id))?.id ?? null;
  return { approvedTotal: formatMoney(total), paidTotal: formatMoney(paid), balance: formatMoney(total.sub(paid)), settled, newlySettled, next };
}

/** Below the minimum payout, or a debt: nothing is paid now, the balance carries forward. A zero balance carries nothing. */
export function isCarriedForward(balance: DecimalInput, minimumPayout: DecimalInput): boolean {
  const value = toDecimal(balance);
  return !value.isZero() && value.lt(toDecimal(minimumPayout));
}

export type PayoutCheck = {
  amount: DecimalInput;
  balance: DecimalInput;
  minimumPayout: DecimalInput;
  /** The partner is terminated: its last balance may be paid whatever its size. */
  finalSettlement: boolean;
};

/** Why a payout may not be recorded (an i18n key), or null when it may. */
export function payoutRefusal(check: PayoutCheck): string | null {
  const amount = toDecimal(check.amount);
  const balance = toDecimal(check.balance);
  if (!amount.isPositive() || amount.isZero()) return "settlement.errors.payoutAmountPositive";
  if (!balance.isPositive() || balance.isZero()) return "settlement.errors.nothingPayable";
  if (amount.gt(balance)) return "settlement.errors.payoutExceedsBalance";
  if (amount.lt(toDecimal(check.minimumPayout)) && !(check.finalSettlement && amount.eq(balance))) return "settlement.errors.payoutBelowMinimum";
  return null;
}
