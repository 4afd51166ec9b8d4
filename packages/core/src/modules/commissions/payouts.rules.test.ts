import { describe, expect, it } from "vitest";
import { isCarriedForward, partnerLedger, payoutRefusal, type LedgerStatement } from "./payouts.rules.ts";

const s = (period: string, total: string, status: "approved" | "paid" = "approved"): LedgerStatement => ({ id: `s-${period}`, period, total, status });

describe("partner ledger: balance and FIFO settlement", () => {
  it.each<[string, LedgerStatement[], string[], { balance: string; settled: string[]; newly: string[]; next: string | null }]>([
    ["nothing approved, nothing paid", [], [], { balance: "0.00", settled: [], newly: [], next: null }],
    ["one statement, unpaid", [s("2017-01", "500.00")], [], { balance: "500.00", settled: [], newly: [], next: "s-2017-01" }],
    ["one statement, partly paid: still open", [s("2017-01", "500.00")], ["200.00"], { balance: "300.00", settled: [], newly: [], next: "s-2017-01" }],
    ["one statement, paid in two payouts", [s("2017-01", "500.00")], ["200.00", "300.00"], { balance: "0.00", settled: ["s-2017-01"], newly: ["s-2017-01"], next: null }],
    [
      "a payout covering the first of two settles only the first (period order, whatever the input order)",
      [s("2017-02", "300.00"), s("2017-01", "500.00")],
      ["500.00"],
      { balance: "300.00", settled: ["s-2017-01"], newly: ["s-2017-01"], next: "s-2017-02" },
    ],
    [
      "a clawback statement after an unpaid one: the net is payable and settles both",
      [s("2017-01", "500.00"), s("2017-02", "-200.00")],
      ["300.00"],
      { balance: "0.00", settled: ["s-2017-01", "s-2017-02"], newly: ["s-2017-01", "s-2017-02"], next: null },
    ],
    [
      "a negative first statement is a debt: carried forward, not settled",
      [s("2017-01", "-200.00")],
      [],
      { balance: "-200.00", settled: [], newly: [], next: "s-2017-01" },
    ],
    [
      "the debt is absorbed by the next statement's earnings once they are paid",
      [s("2017-01", "-200.00"), s("2017-02", "500.00")],
      ["300.00"],
      { balance: "0.00", settled: ["s-2017-01", "s-2017-02"], newly: ["s-2017-01", "s-2017-02"], next: null },
    ],
    [
      "earnings smaller than the debt: nothing settles, the rest of the debt carries on",
      [s("2017-01", "-200.00"), s("2017-02", "150.00")],
      [],
      { balance: "-50.00", settled: [], newly: [], next: "s-2017-01" },
    ],
    [
      "a paid statement then a bigger clawback: the debt stays open",
      [s("2017-01", "500.00", "paid"), s("2017-02", "-600.00")],
      ["500.00"],
      { balance: "-600.00", settled: ["s-2017-01"], newly: [], next: "s-2017-02" },
    ],
    [
      "…until later earnings cover it and the rest is paid",
      [s("2017-01", "500.00", "paid"), s("2017-02", "-600.00"), s("2017-03", "1000.00")],
      ["500.00", "400.00"],
      { balance: "0.00", settled: ["s-2017-01", "s-2017-02", "s-2017-03"], newly: ["s-2017-02", "s-2017-03"], next: null },
    ],
    [
      "a paid statement then a clawback of exactly what was paid: the partner owes it all back, the clawback stays open",
      [s("2017-01", "500.00", "paid"), s("2017-02", "-500.00")],
      ["500.00"],
      { balance: "-500.00", settled: ["s-2017-01"], newly: [], next: "s-2017-02" },
    ],
    [
      "a clawback only partly absorbed by later earnings: the clawback and the earnings after it stay open",
      [s("2017-01", "500.00", "paid"), s("2017-02", "-100.00"), s("2017-03", "50.00")],
      ["500.00"],
      { balance: "-50.00", settled: ["s-2017-01"], newly: [], next: "s-2017-02" },
    ],
    [
      "…and settle once later earnings cover the debt, before anything more is paid",
      [s("2017-01", "500.00", "paid"), s("2017-02", "-100.00"), s("2017-03", "50.00"), s("2017-04", "300.00")],
      ["500.00"],
      { balance: "250.00", settled: ["s-2017-01", "s-2017-02", "s-2017-03"], newly: ["s-2017-02", "s-2017-03"], next: "s-2017-04" },
    ],
    [
      "a debt followed by larger earnings is covered by the running balance even before the payout",
      [s("2017-01", "-200.00"), s("2017-02", "500.00")],
      [],
      { balance: "300.00", settled: ["s-2017-01"], newly: ["s-2017-01"], next: "s-2017-02" },
    ],
    [
      "a zero statement is settled with nothing paid",
      [s("2017-01", "0.00")],
      [],
      { balance: "0.00", settled: ["s-2017-01"], newly: ["s-2017-01"], next: null },
    ],
    [
      "exact decimals: three payouts of 33.33 and one cent settle 100.00",
      [s("2017-01", "100.00")],
      ["33.33", "33.33", "33.33", "0.01"],
      { balance: "0.00", settled: ["s-2017-01"], newly: ["s-2017-01"], next: null },
    ],
    [
      "one cent short settles nothing",
      [s("2017-01", "100.00")],
      ["33.33", "33.33", "33.33"],
      { balance: "0.01", settled: [], newly: [], next: "s-2017-01" },
    ],
    [
      "a statement marked paid stays settled even when an earlier one is approved later (never undone)",
      [s("2017-01", "100.00"), s("2017-02", "300.00", "paid")],
      ["300.00"],
      { balance: "100.00", settled: ["s-2017-02"], newly: [], next: "s-2017-01" },
    ],
  ])("%s", (_name, statements, payouts, expected) => {
    const ledger = partnerLedger(statements, payouts);
    expect(ledger.balance).toBe(expected.balance);
    expect([...ledger.settled].sort()).toEqual([...expected.settled].sort());
    expect(ledger.newlySettled).toEqual(expected.newly);
    expect(ledger.next).toBe(expected.next);
  });

  it("totals are exact sums", () => {
    const ledger = partnerLedger([s("2017-01", "1234.56"), s("2017-02", "-0.57"), s("2017-03", "0.01")], ["1000.00", "0.10"]);
    expect(ledger).toMatchObject({ approvedTotal: "1234.00", paidTotal: "1000.10", balance: "233.90" });
  });
});

describe("carried forward", () => {
  it.each<[string, string, boolean]>([
    ["99.99", "100.00", true],
    ["100.00", "100.00", false],
    ["2500.00", "100.00", false],
    ["0.00", "100.00", false],
    ["-0.01", "100.00", true],
    ["-500.00", "0.00", true],
    ["0.01", "0.00", false],
  ])("balance %s with minimum %s → %s", (balance, minimum, expected) => {
    expect(isCarriedForward(balance, minimum)).toBe(expected);
  });
});

describe("payout refusals", () => {
  const ok = { amount: "100.00", balance: "500.00", minimumPayout: "100.00", finalSettlement: false };
  it.each<[string, Partial<typeof ok>, string | null]>([
    ["at the minimum, within the balance", {}, null],
    ["the whole balance", { amount: "500.00" }, null],
    ["zero", { amount: "0.00" }, "settlement.errors.payoutAmountPositive"],
    ["nothing payable (zero balance)", { balance: "0.00" }, "settlement.errors.nothingPayable"],
    ["nothing payable (a debt)", { balance: "-20.00" }, "settlement.errors.nothingPayable"],
    ["more than the balance, by a cent", { amount: "500.01" }, "settlement.errors.payoutExceedsBalance"],
    ["below the minimum", { amount: "99.99" }, "settlement.errors.payoutBelowMinimum"],
    ["below the minimum even when it is the whole balance of an active partner", { amount: "60.00", balance: "60.00" }, "settlement.errors.payoutBelowMinimum"],
    ["a terminated partner's whole last balance, below the minimum", { amount: "60.00", balance: "60.00", finalSettlement: true }, null],
    ["a terminated partner's part of its balance below the minimum", { amount: "30.00", balance: "60.00", finalSettlement: true }, "settlement.errors.payoutBelowMinimum"],
    ["a minimum of zero allows any positive amount", { amount: "0.01", minimumPayout: "0.00" }, null],
  ])("%s", (_name, over, expected) => {
    expect(payoutRefusal({ ...ok, ...over })).toBe(expected);
  });
});
