import { describe, expect, it } from "vitest";
import {
  reconcile,
  simulationAmounts,
  simulationDifference,
  simulationTotals,
  type CheckResult,
  type IssueGroup,
  type ReconciliationFacts,
  type TReconciliationCheck,
} from "./reconciliation.rules.ts";

const bounds = { start: new Date("2016-02-29T16:00:00.000Z"), end: new Date("2016-03-31T16:00:00.000Z") };

function facts(over: Partial<ReconciliationFacts> = {}): ReconciliationFacts {
  return {
    orders: { all: { count: 0, amount: "0" }, attributed: { count: 0, amount: "0" } },
    refunds: { all: { count: 0, amount: "0" }, attributed: { count: 0, amount: "0" } },
    attributedItems: { count: 0, amount: "0", exact: "0" },
    lines: {},
    statements: [],
    payouts: { count: 0, amount: "0" },
    issues: {},
    ...over,
  };
}

const group = (reason: string, count: number, sums: Partial<Omit<IssueGroup, "reason" | "count">> = {}): IssueGroup => ({
  reason,
  count,
  amount: "0",
  base: "0",
  expected: "0",
  difference: "0",
  ...sums,
});

function check(result: ReturnType<typeof reconcile>, code: TReconciliationCheck): CheckResult {
  return result.checks.find((c) => c.code === code)!;
}

/** A period that reconciles: two attributed orders, one unattributed, earn lines for every item, one approved statement half paid. */
const consistent = facts({
  orders: { all: { count: 3, amount: "1350.50" }, attributed: { count: 2, amount: "1100.50" } },
  refunds: { all: { count: 1, amount: "100.00" }, attributed: { count: 1, amount: "100.00" } },
  // 0.5 × 99.99 = 49.995 is 50.00 on the order: −0.005 of rounding.
  attributedItems: { count: 3, amount: "1100.50", exact: "1100.495" },
  lines: { earn: { count: 3, amount: "55.02", base: "1100.495" }, clawback: { count: 1, amount: "-5.00", base: "100.00" } },
  statements: [
    { status: "approved", count: 1, total: "40.02", paid: "20.00" },
    { status: "issued", count: 1, total: "10.00", paid: "0" },
  ],
  payouts: { count: 1, amount: "20.00" },
});

describe("reconcile: figures", () => {
  const result = reconcile("2016-03", bounds, consistent);

  it.each([
    ["orders.all", result.orders.all, 3, "1350.50"],
    ["orders.attributed", result.orders.attributed, 2, "1100.50"],
    ["orders.unattributed", result.orders.unattributed, 1, "250.00"],
    ["refunds.all", result.refunds.all, 1, "100.00"],
    ["refunds.unattributed", result.refunds.unattributed, 0, "0.00"],
    ["lines.earn", result.lines.earn, 3, "55.02"],
    ["lines.clawback", result.lines.clawback, 1, "-5.00"],
    ["lines.bonus", result.lines.bonus, 0, "0.00"],
    ["lines.total", result.lines.total, 4, "50.02"],
    ["statements.total", result.statements.total, 2, "50.02"],
    ["payouts.approved", result.payouts.approved, 1, "40.02"],
    ["payouts.paid", result.payouts.paid, 1, "20.00"],
  ])("%s: %i, %s", (_name, figure, count, amount) => {
    expect(figure.count).toBe(count);
    expect(figure.amount).toBe(amount);
  });

  it("outstanding is approved − paid out; the earn base stays exact", () => {
    expect(result.payouts.outstanding).toBe("20.02");
    expect(result.earnBase).toBe("1100.495");
  });

  it("lists every status, zero when none", () => {
    expect(result.statements.byStatus.map((s) => [s.status, s.count, s.amount])).toEqual([
      ["draft", 0, "0.00"],
      ["issued", 1, "10.00"],
      ["confirmed", 0, "0.00"],
      ["disputed", 0, "0.00"],
      ["approved", 1, "40.02"],
      ["paid", 0, "0.00"],
    ]);
  });

  it.each([
    ["orders.all", result.orders.all.drill, { list: "orders", query: { from: "2016-02-29T16:00:00.000Z", to: "2016-03-31T16:00:00.000Z" } }],
    ["orders.unattributed", result.orders.unattributed.drill, { list: "orders", query: { from: "2016-02-29T16:00:00.000Z", to: "2016-03-31T16:00:00.000Z", attribution: "unattributed" } }],
    ["refunds.attributed", result.refunds.attributed.drill, { list: "lines", query: { list: "refunds", attribution: "attributed" } }],
    ["lines.cap", result.lines.cap.drill, { list: "lines", query: { kind: "cap" } }],
    ["lines.total", result.lines.total.drill, { list: "lines", query: {} }],
    ["statements issued", result.statements.byStatus[1]!.drill, { list: "lines", query: { list: "statements", status: "issued" } }],
    ["payouts.approved", result.payouts.approved.drill, { list: "lines", query: { list: "statements", status: "locked" } }],
    ["payouts.paid", result.payouts.paid.drill, { list: "lines", query: { list: "payouts" } }],
  ])("%s drills down to its rows", (_name, drill, expected) => {
    expect(drill).toEqual(expected);
  });

  it("every check passes, the base check explaining its rounding", () => {
    expect(result.findings).toBe(0);
    expect(result.checks.map((c) => [c.code, c.ok, c.difference])).toEqual([
      ["linesMatchStatements", true, "0.00"],
      ["earnLinesForItems", true, "0.00"],
      ["earnLinesStillAttributed", true, "0.00"],
      ["clawbacksForRefunds", true, "0.00"],
      ["earnBaseMatchesItems", true, "-0.005"],
      ["payoutsMatchStatements", true, "0.00"],
    ]);
    expect(check(result, "earnBaseMatchesItems").message).toEqual({ key: "reconciliation.checks.earnBaseMatchesItems.okRounding", params: { difference: "-0.005", rounding: "-0.005", beyondRounding: "0.00" } });
    expect(check(result, "linesMatchStatements").message.key).toBe("reconciliation.checks.linesMatchStatements.ok");
  });
});

describe("reconcile: findings", () => {
  type Case = [name: string, over: Partial<ReconciliationFacts>, code: TReconciliationCheck, expected: Partial<CheckResult>];
  const cases: Case[] = [
    [
      "a line altered in the database: Σ lines ≠ Σ statement totals",
      { lines: { earn: { count: 3, amount: "53.02", base: "1100.495" }, clawback: { count: 1, amount: "-5.00", base: "100.00" } }, issues: { statementMismatch: [group("totalDiffers", 1, { difference: "-2.00" })] } },
      "linesMatchStatements",
      { ok: false, expected: "50.02", actual: "48.02", difference: "-2.00", count: 1 },
    ],
    [
      "a statement disagrees with its lines though the period's sums happen to match",
      { issues: { statementMismatch: [group("lineCountDiffers", 1)] } },
      "linesMatchStatements",
      { ok: false, difference: "0.00", count: 1 },
    ],
    [
      "items without earn lines (two reasons)",
      { issues: { missingEarn: [group("notGenerated", 2, { amount: "300.00", base: "300" }), group("noPlanInForce", 1, { amount: "50.00", base: "49.995" })] } },
      "earnLinesForItems",
      { ok: false, expected: "1100.50", actual: "750.50", difference: "-350.00", count: 3 },
    ],
    [
      "an earn line whose order went to another partner",
      { issues: { orphanEarn: [group("otherPartner", 1, { amount: "12.34", base: "246.8" })] } },
      "earnLinesStillAttributed",
      { ok: false, expected: "0.00", actual: "12.34", difference: "12.34", count: 1 },
    ],
    [
      "a refund without its clawback",
      { issues: { missingClawback: [group("notGenerated", 1, { amount: "100.00" })] } },
      "clawbacksForRefunds",
      { ok: false, expected: "100.00", actual: "0.00", difference: "-100.00", count: 1 },
    ],
    [
      "payouts recorded that the statement's paid amount does not show",
      { payouts: { count: 2, amount: "30.00" }, issues: { payoutMismatch: [group("paidAmountDiffers", 1, { difference: "10.00" })] } },
      "payoutsMatchStatements",
      { ok: false, expected: "10.02", actual: "20.02", difference: "10.00", count: 1 },
    ],
  ];

  it.each(cases)("%s", (_name, over, code, expected) => {
    const result = reconcile("2016-03", bounds, { ...consistent, ...over });
    const found = check(result, code);
    expect(found).toMatchObject(expected);
    expect(found.message.key).toBe(`reconciliation.checks.${code}.finding`);
    expect(result.findings).toBeGreaterThanOrEqual(1);
    expect(found.drill.query.issue).toBeDefined();
  });

  it("reasons come in their fixed order, each with its own drill-down", () => {
    const result = reconcile("2016-03", bounds, {
      ...consistent,
      issues: { missingEarn: [group("notGenerated", 2, { amount: "300.00" }), group("statementLocked", 0), group("noPlanInForce", 1, { amount: "50.00" })] },
    });
    expect(check(result, "earnLinesForItems").reasons).toEqual([
      { code: "noPlanInForce", count: 1, amount: "50.00", drill: { list: "lines", query: { issue: "missingEarn", reason: "noPlanInForce" } } },
      { code: "notGenerated", count: 2, amount: "300.00", drill: { list: "lines", query: { issue: "missingEarn", reason: "notGenerated" } } },
    ]);
  });

  it.each([
    // [name, earn base, missing items' exact base, orphan lines' base, changed bases' difference, ok, beyond rounding, unexplained]
    ["rounding only", "1100.495", "0", "0", "0", true, "0.00", "0.00"],
    ["an item without its line", "1000.495", "100", "0", "0", false, "-100.00", "0.00"],
    ["a line no longer attributed", "1112.835", "0", "12.34", "0", false, "12.34", "0.00"],
    ["a base that differs from its item", "1101.495", "0", "0", "1", false, "1.00", "0.00"],
    ["a difference nothing explains", "1105.495", "0", "0", "0", false, "5.00", "5.00"],
  ] as const)("earn base vs items: %s", (_name, base, missingBase, orphanBase, changed, ok, beyond, unexplained) => {
    const result = reconcile("2016-03", bounds, {
      ...consistent,
      lines: { ...consistent.lines, earn: { count: 3, amount: "55.02", base } },
      issues: {
        missingEarn: missingBase === "0" ? [] : [group("notGenerated", 1, { amount: "100.00", base: missingBase })],
        orphanEarn: orphanBase === "0" ? [] : [group("otherPartner", 1, { amount: "0.62", base: orphanBase })],
        baseMismatch: changed === "0" ? [] : [group("itemChanged", 1, { difference: changed })],
      },
    });
    const found = check(result, "earnBaseMatchesItems");
    expect(found.ok).toBe(ok);
    expect(found.message.params.beyondRounding).toBe(beyond);
    expect(found.parts.find((p) => p.code === "rounding")!.amount).toBe("-0.005");
    expect(found.parts.find((p) => p.code === "unexplained")!.amount).toBe(unexplained);
  });

  it("an empty period reconciles with zeros", () => {
    const result = reconcile("2016-03", bounds, facts());
    expect(result.findings).toBe(0);
    expect(result.lines.total).toMatchObject({ count: 0, amount: "0.00" });
    expect(check(result, "earnBaseMatchesItems").message.key).toBe("reconciliation.checks.earnBaseMatchesItems.ok");
  });
});

describe("simulation arithmetic", () => {
  const lines = [
    { kind: "earn" as const, amount: "100.00" },
    { kind: "earn" as const, amount: "0.01" },
    { kind: "clawback" as const, amount: "-20.00" },
    { kind: "adjustment" as const, amount: "999.00" },
    { kind: "bonus" as const, amount: "5.00" },
  ];

  it("totals the plan-driven kinds and leaves adjustments out", () => {
    expect(simulationAmounts(lines)).toEqual({ earn: "100.01", clawback: "-20.00", bonus: "5.00", cap: "0.00", total: "85.01" });
  });

  it.each([
    [{ earn: "10.00", clawback: "0.00", bonus: "0.00", cap: "0.00", total: "10.00" }, { earn: "12.00", clawback: "0.00", bonus: "0.00", cap: "0.00", total: "12.00" }, "2.00"],
    [{ earn: "10.00", clawback: "-1.00", bonus: "0.00", cap: "0.00", total: "9.00" }, { earn: "8.00", clawback: "-0.80", bonus: "0.00", cap: "0.00", total: "7.20" }, "-1.80"],
  ])("difference is simulated − current", (current, simulated, total) => {
    expect(simulationDifference(current, simulated).total).toBe(total);
  });

  it("sums the partners' columns", () => {
    const a = { current: simulationAmounts([{ kind: "earn", amount: "10.00" }]), simulated: simulationAmounts([{ kind: "earn", amount: "12.50" }]) };
    const b = { current: simulationAmounts([{ kind: "earn", amount: "1.00" }, { kind: "cap", amount: "-0.50" }]), simulated: simulationAmounts([{ kind: "earn", amount: "1.20" }]) };
    expect(simulationTotals([a, b])).toEqual({
      current: { earn: "11.00", clawback: "0.00", bonus: "0.00", cap: "-0.50", total: "10.50" },
      simulated: { earn: "13.70", clawback: "0.00", bonus: "0.00", cap: "0.00", total: "13.70" },
      difference: { earn: "2.70", clawback: "0.00", bonus: "0.00", cap: "0.50", total: "3.20" },
    });
  });
});
