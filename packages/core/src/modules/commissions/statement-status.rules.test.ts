import { describe, expect, it } from "vitest";
import { computePartnerPeriod } from "./commission.rules.ts";
import { STATEMENT_STATUSES, ZCommissionRules, type TStatementStatus } from "./commission.schemas.ts";
import { canTransition, isLocked, lateChangeAmount, nextOpenPeriod, placeLateChange, planTransition, type StatementRef } from "./statement-status.rules.ts";

/** Every move the product allows; everything else is refused. */
const ALLOWED: Array<[TStatementStatus, TStatementStatus]> = [
  ["draft", "issued"],
  ["issued", "confirmed"],
  ["issued", "disputed"],
  ["disputed", "confirmed"],
  ["disputed", "issued"],
  ["confirmed", "approved"],
  ["confirmed", "issued"],
  ["approved", "paid"],
];

describe("statement status machine", () => {
  const pairs = STATEMENT_STATUSES.flatMap((from) => STATEMENT_STATUSES.filter((to) => to !== from).map((to) => [from, to] as const));
  it.each(pairs)("%s → %s", (from, to) => {
    const allowed = ALLOWED.some(([f, t]) => f === from && t === to);
    expect(canTransition(from, to, { openDisputes: 0 })).toBe(allowed);
  });

  it.each<[string, TStatementStatus, TStatementStatus, number | undefined, ReturnType<typeof planTransition>]>([
    ["issuing a draft", "draft", "issued", undefined, { type: "transition", status: "issued", locks: false }],
    ["approving a confirmed statement locks it", "confirmed", "approved", undefined, { type: "transition", status: "approved", locks: true }],
    ["paying an approved one keeps it locked", "approved", "paid", undefined, { type: "transition", status: "paid", locks: true }],
    ["the same status again is nothing to do", "issued", "issued", undefined, { type: "noop" }],
    ["approving without the partner's confirmation", "issued", "approved", undefined, { type: "refused", message: "commissions.errors.statementTransitionNotAllowed" }],
    ["approving a draft", "draft", "approved", undefined, { type: "refused", message: "commissions.errors.statementTransitionNotAllowed" }],
    ["disputing after confirming", "confirmed", "disputed", undefined, { type: "refused", message: "commissions.errors.statementTransitionNotAllowed" }],
    ["reopening an approved statement", "approved", "issued", undefined, { type: "refused", message: "commissions.errors.statementLocked" }],
    ["disputing an approved statement", "approved", "disputed", undefined, { type: "refused", message: "commissions.errors.statementLocked" }],
    ["un-paying", "paid", "approved", undefined, { type: "refused", message: "commissions.errors.statementLocked" }],
    ["confirming with two disputes open", "disputed", "confirmed", 2, { type: "refused", message: "commissions.errors.disputesOpen" }],
    ["re-issuing with one dispute open", "disputed", "issued", 1, { type: "refused", message: "commissions.errors.disputesOpen" }],
    ["leaving a dispute without saying how many are open", "disputed", "confirmed", undefined, { type: "refused", message: "commissions.errors.disputesOpen" }],
    ["confirming once every dispute is resolved", "disputed", "confirmed", 0, { type: "transition", status: "confirmed", locks: false }],
    ["re-issuing corrected figures once every dispute is resolved", "disputed", "issued", 0, { type: "transition", status: "issued", locks: false }],
  ])("%s", (_name, from, to, openDisputes, expected) => {
    expect(planTransition(from, to, openDisputes === undefined ? {} : { openDisputes })).toEqual(expected);
  });

  it.each(STATEMENT_STATUSES.map((s) => [s, s === "approved" || s === "paid"] as const))("%s locked: %s", (status, locked) => {
    expect(isLocked(status)).toBe(locked);
  });
});

describe("where a late change goes", () => {
  const statements: StatementRef[] = [
    { period: "2026-08", status: "paid" },
    { period: "2026-09", status: "approved" },
    { period: "2026-10", status: "paid" },
    { period: "2026-11", status: "confirmed" },
    { period: "2026-12", status: "draft" },
  ];

  it.each<[string, StatementRef[], string, string | undefined, string]>([
    ["after a paid period, the next one is open", statements, "2026-10", undefined, "2026-11"],
    ["locked periods are skipped", statements, "2026-08", undefined, "2026-11"],
    ["a period without a statement yet is open", [{ period: "2026-12", status: "approved" }], "2026-12", undefined, "2027-01"],
    ["across the year", [{ period: "2027-01", status: "paid" }], "2026-12", undefined, "2027-02"],
    ["not before the current period", statements, "2026-09", "2027-02", "2027-02"],
    ["the current period itself is skipped when locked", [{ period: "2027-02", status: "approved" }], "2026-09", "2027-02", "2027-03"],
  ])("nextOpenPeriod: %s", (_name, list, after, notBefore, expected) => {
    expect(nextOpenPeriod(list, after, notBefore)).toBe(expected);
  });

  const change = { cause: { type: "orderRevision", id: "rev7" }, amount: "-12.30" };
  it.each<[string, string, ReturnType<typeof placeLateChange>]>([
    [
      "a paid period is never touched: an adjustment in the next open period, pointing at its cause",
      "2026-10",
      { type: "adjustment", period: "2026-11", adjustment: { cause: { type: "orderRevision", id: "rev7", period: "2026-10" }, amount: "-12.30", note: null }, reissue: true },
    ],
    [
      "an approved period too",
      "2026-09",
      { type: "adjustment", period: "2026-11", adjustment: { cause: { type: "orderRevision", id: "rev7", period: "2026-09" }, amount: "-12.30", note: null }, reissue: true },
    ],
    ["a draft period is regenerated", "2026-12", { type: "regenerate", period: "2026-12", reissue: false }],
    ["a confirmed period is regenerated and goes back to issued", "2026-11", { type: "regenerate", period: "2026-11", reissue: true }],
    ["a period without a statement is simply computed", "2027-01", { type: "regenerate", period: "2027-01", reissue: false }],
  ])("placeLateChange: %s", (_name, period, expected) => {
    expect(placeLateChange({ ...change, period }, statements)).toEqual(expected);
  });

  it("an adjustment into a draft period needs no re-issue", () => {
    const placement = placeLateChange({ ...change, period: "2026-11" }, [
      { period: "2026-11", status: "approved" },
      { period: "2026-12", status: "draft" },
    ]);
    expect(placement).toMatchObject({ type: "adjustment", period: "2026-12", reissue: false });
  });

  it.each([
    ["an order revised upwards", [{ amount: "120.00" }, { amount: "20.00" }], [{ amount: "150.00" }, { amount: "20.00" }], "30.00"],
    ["an order moved to another partner", [{ amount: "140.00" }], [], "-140.00"],
    ["no change", [{ amount: "5.00" }], [{ amount: "5.00" }], "0.00"],
  ])("lateChangeAmount: %s", (_name, booked, recomputed, expected) => {
    expect(lateChangeAmount(booked, recomputed)).toBe(expected);
  });

  it("the placed adjustment becomes a line of the next period's statement", () => {
    const placement = placeLateChange({ ...change, period: "2026-10" }, statements);
    if (placement.type !== "adjustment") throw new Error("expected an adjustment");
    const { lines } = computePartnerPeriod({
      period: placement.period,
      partnerTier: null,
      versions: [{ id: "v1", effectiveFrom: new Date("2026-01-01T00:00:00Z"), rules: ZCommissionRules.parse({ rates: [{ rate: "0.05" }] }) }],
      firstOrderIds: [],
      items: [],
      refunds: [],
      adjustments: [placement.adjustment],
    });
    expect(lines).toEqual([
      { kind: "adjustment", key: "adjustment:orderRevision:rev7", period: "2026-11", cause: { type: "orderRevision", id: "rev7", period: "2026-10" }, note: null, base: "-12.30", amount: "-12.30" },
    ]);
  });
});
