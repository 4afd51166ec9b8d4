import { describe, expect, it } from "vitest";
import { ZCommissionRules, type TCommissionRulesInput } from "./commission.schemas.ts";
import {
  capExcess,
  clawbackAmount,
  computePartnerPeriod,
  earnAmount,
  firstOrderId,
  itemRate,
  matchRate,
  planInForce,
  statementTotals,
  volumeBonusAmount,
  volumeTierReached,
  type PartnerPeriodInput,
  type PlanVersion,
  ratePreview,
} from "./commission.rules.ts";

const at = (iso: string) => new Date(iso);
const rules = (input: TCommissionRulesInput) => ZCommissionRules.parse(input);

const SPECIFIC = rules({
  rates: [
    { rate: "0.05" },
    { category: "software", rate: "0.08" },
    { partnerTier: "gold", rate: "0.06" },
    { category: "software", partnerTier: "gold", rate: "0.10" },
  ],
  newCustomerBonus: "0.02",
});

describe("planInForce", () => {
  const v1 = { id: "v1", effectiveFrom: at("2025-12-31T16:00:00Z") }; // 2026-01-01 00:00 Shanghai
  const v2 = { id: "v2", effectiveFrom: at("2026-05-31T16:00:00Z") }; // 2026-06-01 00:00 Shanghai
  const v3 = { id: "v3", effectiveFrom: at("2027-01-01T00:00:00Z") }; // not yet in force
  it.each([
    ["before the first version: none", "2025-12-31T15:59:59.999Z", null],
    ["at the first version's exact instant", "2025-12-31T16:00:00.000Z", "v1"],
    ["the last millisecond of v1", "2026-05-31T15:59:59.999Z", "v1"],
    ["at v2's exact instant: v2", "2026-05-31T16:00:00.000Z", "v2"],
    ["long after v2, before v3", "2026-11-20T00:00:00Z", "v2"],
    ["after v3", "2027-03-01T00:00:00Z", "v3"],
  ])("%s", (_name, iso, expected) => {
    expect(planInForce([v3, v1, v2], at(iso))?.id ?? null).toBe(expected);
    expect(planInForce([v1, v2, v3], at(iso))?.id ?? null).toBe(expected);
  });

  it("two versions from the same instant: the larger id, whatever the reading order", () => {
    const twin = { id: "v2b", effectiveFrom: v2.effectiveFrom };
    expect(planInForce([twin, v2], at("2026-07-01T00:00:00Z"))?.id).toBe("v2b");
    expect(planInForce([v2, twin], at("2026-07-01T00:00:00Z"))?.id).toBe("v2b");
  });
});

describe("matchRate: the most specific entry wins", () => {
  it.each([
    ["category + tier", "software", "gold", "categoryAndTier", "0.10"],
    ["category, no entry for this tier", "software", "silver", "category", "0.08"],
    ["tier, no entry for this category", "hardware", "gold", "tier", "0.06"],
    ["default, neither matches", "hardware", "silver", "default", "0.05"],
    ["an item without category: tier", null, "gold", "tier", "0.06"],
    ["a partner without tier: category", "software", null, "category", "0.08"],
    ["neither known: default", null, null, "default", "0.05"],
    ["the category is trimmed", "  software ", "gold", "categoryAndTier", "0.10"],
    ["categories are case-sensitive codes", "Software", "gold", "tier", "0.06"],
  ] as const)("%s", (_name, category, partnerTier, matchedBy, rate) => {
    const match = matchRate(SPECIFIC.rates, { category, partnerTier });
    expect(match.matchedBy).toBe(matchedBy);
    expect(match.entry.rate).toBe(rate);
  });

  it("the list order does not matter", () => {
    const reversed = [...SPECIFIC.rates].reverse();
    expect(matchRate(reversed, { category: "software", partnerTier: "gold" }).matchedBy).toBe("categoryAndTier");
    expect(matchRate(reversed, { category: "software", partnerTier: "bronze" }).matchedBy).toBe("category");
  });

  it("rules that skipped validation and have no default throw", () => {
    expect(() => matchRate([{ category: "x", partnerTier: null, rate: "0.1" }], { category: "y", partnerTier: null })).toThrow();
  });
});

describe("itemRate and earnAmount", () => {
  it.each([
    ["a first order adds the new-customer bonus", true, "0.12", "0.02"],
    ["a repeat order does not", false, "0.1", null],
  ])("%s", (_name, first, rate, bonus) => {
    const priced = itemRate(SPECIFIC, { category: "software", partnerTier: "gold" }, first);
    expect(priced.rate.toFixed()).toBe(rate);
    expect(priced.newCustomerBonus?.toFixed() ?? null).toBe(bonus);
  });

  it("a plan without a new-customer bonus adds nothing to a first order", () => {
    expect(itemRate(rules({ rates: [{ rate: "0.05" }] }), { category: null, partnerTier: null }, true).rate.toFixed()).toBe("0.05");
  });

  it.each([
    ["100.50 × 0.05 = 5.025: a tie, to the even cent (down)", "1", "100.50", "0.05", "5.02"],
    ["100.30 × 0.05 = 5.015: a tie, to the even cent (up)", "1", "100.30", "0.05", "5.02"],
    ["3 × 333.35 × 0.04 = 40.002", "3", "333.35", "0.04", "40.00"],
    ["a fractional quantity: 2.5 × 10.01 × 0.1 = 2.5025", "2.5", "10.01", "0.1", "2.50"],
    ["2.5 × 10.03 × 0.1 = 2.5075", "2.5", "10.03", "0.1", "2.51"],
    ["a rate of 0 earns 0", "4", "99.99", "0", "0.00"],
    ["six-place rate", "1", "1000000.00", "0.000001", "1.00"],
    ["the largest order line, beyond 20 digits", "1000", "9999999999999999.99", "0.123457", "1234569999999999998.77"],
  ])("%s", (_name, quantity, unitPrice, rate, expected) => {
    expect(earnAmount(quantity, unitPrice, rate).toFixed(2)).toBe(expected);
  });
});

describe("firstOrderId", () => {
  it.each([
    ["the earliest orderedAt", [{ id: "b", orderedAt: at("2026-02-01T00:00:00Z") }, { id: "a", orderedAt: at("2026-03-01T00:00:00Z") }], "b"],
    ["on the same instant, the smaller id", [{ id: "b", orderedAt: at("2026-02-01T00:00:00Z") }, { id: "a", orderedAt: at("2026-02-01T00:00:00Z") }], "a"],
    ["no orders", [], null],
  ])("%s", (_name, orders, expected) => {
    expect(firstOrderId(orders)).toBe(expected);
  });
});

describe("clawbackAmount: −roundHalfEven(R / T × earned, 2)", () => {
  it.each([
    ["the whole order gives back exactly what it earned", "300.00", "300.00", "15.01", "-15.01"],
    ["the whole of an order whose ratio does not divide evenly", "1000.00", "1000.00", "33.33", "-33.33"],
    ["a third", "100.00", "300.00", "15.01", "-5.00"],
    ["R/T × earned = 0.025: a negative tie rounds to the even cent (−0.02)", "50.00", "100.00", "0.05", "-0.02"],
    ["R/T × earned = 0.015: a negative tie rounds to the even cent (−0.02)", "50.00", "100.00", "0.03", "-0.02"],
    ["R/T × earned = 5.005: −5.00", "100.00", "400.00", "20.02", "-5.00"],
    ["1/6 × 0.15 = 0.025 exactly: multiplied before dividing, so the tie is seen (−0.02, not −0.03)", "1.00", "6.00", "0.15", "-0.02"],
    ["1/6 × 0.03 = 0.005 exactly: a tie to the even cent, 0.00", "1.00", "6.00", "0.03", "0.00"],
    ["an order that earned nothing", "100.00", "300.00", "0.00", "0.00"],
    ["a free order has nothing to claw back", "0.00", "0.00", "10.00", "0.00"],
    ["a tiny refund rounds to zero, never −0.00", "0.01", "300.00", "1.00", "0.00"],
  ])("%s", (_name, refund, total, earned, expected) => {
    expect(clawbackAmount(refund, total, earned).toFixed(2)).toBe(expected);
  });

  it.each([
    ["100 + 200 of 300 on 15.00 earned: −5.00 and −10.00, exactly −earned", ["100.00", "200.00"], "300.00", "15.00", ["-5.00", "-10.00"], "-15.00"],
    ["three thirds on 10.00 earned: each rounded on its own, −9.99 in all (issue 5's formula)", ["100.00", "100.00", "100.00"], "300.00", "10.00", ["-3.33", "-3.33", "-3.33"], "-9.99"],
    ["two halves on an odd cent: −0.02 and −0.02 (ties to even)", ["50.00", "50.00"], "100.00", "0.05", ["-0.02", "-0.02"], "-0.04"],
  ])("multiple partial refunds: %s", (_name, refunds, total, earned, each, sum) => {
    const lines = refunds.map((r) => clawbackAmount(r, total, earned).toFixed(2));
    expect(lines).toEqual(each);
    expect(statementTotals(lines.map((amount) => ({ kind: "clawback" as const, amount }))).clawback).toBe(sum);
  });
});

describe("volume bonus (retroactive) and cap", () => {
  const tiers = [
    { minBase: "10000", bonusRate: "0.01" },
    { minBase: "50000", bonusRate: "0.02" },
  ];
  it.each([
    ["a cent below the first tier", "9999.99", null],
    ["exactly at the first tier's minimum", "10000.00", "10000"],
    ["between tiers", "49999.99", "10000"],
    ["exactly at the second tier's minimum", "50000", "50000"],
    ["far above", "1000000", "50000"],
    ["nothing sold", "0", null],
  ])("%s", (_name, base, minBase) => {
    expect(volumeTierReached(tiers, base)?.minBase ?? null).toBe(minBase);
  });

  it("no tiers, no bonus", () => {
    expect(volumeTierReached(undefined, "1000000")).toBeNull();
    expect(volumeTierReached([], "1000000")).toBeNull();
  });

  it.each([
    ["the whole base, not only what is above the minimum", "50000.00", "0.02", "1000.00"],
    ["10001.50 × 0.01 = 100.015: tie to even (up)", "10001.50", "0.01", "100.02"],
    ["10002.50 × 0.01 = 100.025: tie to even (down)", "10002.50", "0.01", "100.02"],
  ])("bonus: %s", (_name, base, rate, expected) => {
    expect(volumeBonusAmount({ minBase: "0", bonusRate: rate }, base).toFixed(2)).toBe(expected);
  });

  it.each([
    ["no cap", undefined, "1000000.00", null],
    ["below the cap", "150.00", "149.99", null],
    ["exactly the cap: no line", "150.00", "150.00", null],
    ["a cent over: −0.01", "150.00", "150.01", "-0.01"],
    ["well over", "150.00", "259.50", "-109.50"],
    ["a zero cap takes everything back", "0", "12.34", "-12.34"],
  ])("cap: %s", (_name, cap, total, expected) => {
    expect(capExcess(cap, total)?.toFixed(2) ?? null).toBe(expected);
  });
});

describe("statementTotals", () => {
  it("sums by kind and in total, exactly", () => {
    expect(
      statementTotals([
        { kind: "earn", amount: "0.10" },
        { kind: "earn", amount: "0.20" },
        { kind: "clawback", amount: "-0.05" },
        { kind: "bonus", amount: "1.00" },
        { kind: "cap", amount: "-0.25" },
        { kind: "adjustment", amount: "-3.50" },
        { kind: "adjustment", amount: "2.00" },
      ]),
    ).toEqual({ earn: "0.30", clawback: "-0.05", bonus: "1.00", cap: "-0.25", adjustment: "-1.50", total: "-0.50" });
  });

  it("an empty statement is all zeros", () => {
    expect(statementTotals([])).toEqual({ earn: "0.00", clawback: "0.00", bonus: "0.00", cap: "0.00", adjustment: "0.00", total: "0.00" });
  });
});

describe("computePartnerPeriod", () => {
  // v1 from 2026-01-01 and v2 from 2026-11-15 (Shanghai): November is computed under both.
  const v1: PlanVersion = {
    id: "v1",
    effectiveFrom: at("2025-12-31T16:00:00Z"),
    rules: rules({
      rates: [{ rate: "0.05" }, { category: "software", rate: "0.08" }, { partnerTier: "gold", rate: "0.06" }, { category: "software", partnerTier: "gold", rate: "0.10" }],
      newCustomerBonus: "0.02",
      volumeTiers: [{ minBase: "1000", bonusRate: "0.01" }],
    }),
  };
  const v2: PlanVersion = {
    id: "v2",
    effectiveFrom: at("2026-11-14T16:00:00Z"),
    rules: rules({ rates: [{ rate: "0.04" }, { category: "software", rate: "0.09" }], volumeTiers: [{ minBase: "2000", bonusRate: "0.03" }], capPerPeriod: "150.00" }),
  };

  const input: PartnerPeriodInput = {
    period: "2026-11",
    timeZone: "Asia/Shanghai",
    partnerTier: "gold",
    versions: [v2, v1],
    firstOrderIds: ["o1"],
    items: [
      // o2 under v2 (20 Nov): "services" falls to the default 0.04, "software" to the category 0.09.
      { orderId: "o2", orderItemId: "i4", orderedAt: at("2026-11-20T02:00:00Z"), category: "software", quantity: "1", unitPrice: "100.00" },
      { orderId: "o2", orderItemId: "i3", orderedAt: at("2026-11-20T02:00:00Z"), category: "services", quantity: "3", unitPrice: "333.35" },
      // o1 at 04:00 on 1 Nov in Shanghai (still 31 Oct in UTC), a first order under v1.
      { orderId: "o1", orderItemId: "i1", orderedAt: at("2026-10-31T20:00:00Z"), category: "software", quantity: "2", unitPrice: "500.00" },
      { orderId: "o1", orderItemId: "i2", orderedAt: at("2026-10-31T20:00:00Z"), category: "hardware", quantity: "1", unitPrice: "250.00" },
    ],
    refunds: [
      // On o1 of this period: earned is taken from this call's earn lines (120 + 20).
      { refundId: "r1", orderId: "o1", refundedAt: at("2026-11-25T03:00:00Z"), amount: "500.00", orderTotal: "1250.00" },
      // On a September order: 100 / 400 × 20.02 = 5.005 → −5.00.
      { refundId: "r2", orderId: "o0", refundedAt: at("2026-11-02T00:00:00Z"), amount: "100.00", orderTotal: "400.00", orderEarned: "20.02", planVersionId: "v1" },
    ],
    adjustments: [{ cause: { type: "orderRevision", id: "rev9", period: "2026-09" }, amount: "-3.50" }],
  };

  it("produces every line with what explains it, in a fixed order", () => {
    const { lines, skipped } = computePartnerPeriod(input);
    expect(skipped).toEqual([]);
    expect(lines).toEqual([
      {
        kind: "earn",
        key: "earn:i1",
        period: "2026-11",
        orderId: "o1",
        orderItemId: "i1",
        planVersionId: "v1",
        rateEntry: { category: "software", partnerTier: "gold", rate: "0.10" },
        matchedBy: "categoryAndTier",
        newCustomerBonus: "0.02",
        rate: "0.12",
        quantity: "2",
        unitPrice: "500.00",
        base: "1000.00",
        amount: "120.00",
      },
      expect.objectContaining({ key: "earn:i2", planVersionId: "v1", matchedBy: "tier", rate: "0.08", base: "250.00", amount: "20.00" }),
      expect.objectContaining({ key: "earn:i3", planVersionId: "v2", matchedBy: "default", newCustomerBonus: null, rate: "0.04", base: "1000.05", amount: "40.00" }),
      expect.objectContaining({ key: "earn:i4", planVersionId: "v2", matchedBy: "category", rate: "0.09", base: "100.00", amount: "9.00" }),
      {
        kind: "clawback",
        key: "clawback:r2",
        period: "2026-11",
        orderId: "o0",
        refundId: "r2",
        planVersionId: "v1",
        base: "100.00",
        orderTotal: "400.00",
        orderEarned: "20.02",
        amount: "-5.00",
      },
      expect.objectContaining({ kind: "clawback", key: "clawback:r1", orderId: "o1", planVersionId: "v1", base: "500.00", orderTotal: "1250.00", orderEarned: "140.00", amount: "-56.00" }),
      {
        kind: "adjustment",
        key: "adjustment:orderRevision:rev9",
        period: "2026-11",
        cause: { type: "orderRevision", id: "rev9", period: "2026-09" },
        note: null,
        base: "-3.50",
        amount: "-3.50",
      },
      // The rules in force when the period closed (v2): 2350.05 ≥ 2000 → 2350.05 × 0.03 = 70.5015.
      { kind: "bonus", key: "bonus:2026-11", period: "2026-11", planVersionId: "v2", tier: { minBase: "2000", bonusRate: "0.03" }, rate: "0.03", base: "2350.05", amount: "70.50" },
      // earn 189.00 + bonus 70.50 = 259.50, capped at 150.00.
      { kind: "cap", key: "cap:2026-11", period: "2026-11", planVersionId: "v2", capPerPeriod: "150.00", base: "259.50", amount: "-109.50" },
    ]);
    expect(statementTotals(lines)).toEqual({ earn: "189.00", clawback: "-61.00", adjustment: "-3.50", bonus: "70.50", cap: "-109.50", total: "85.50" });
  });

  it("regenerating gives identical lines, whatever order the rows were read in", () => {
    const shuffled: PartnerPeriodInput = {
      ...input,
      items: [...input.items].reverse(),
      refunds: [...input.refunds].reverse(),
      versions: [...input.versions].reverse(),
      firstOrderIds: new Set(["o1"]),
    };
    expect(computePartnerPeriod(shuffled)).toEqual(computePartnerPeriod(input));
    expect(new Set(computePartnerPeriod(input).lines.map((l) => l.key)).size).toBe(9);
  });

  it("a whole refund of an order of this period gives back exactly what it earned", () => {
    const { lines } = computePartnerPeriod({
      ...input,
      refunds: [{ refundId: "r9", orderId: "o1", refundedAt: at("2026-11-26T00:00:00Z"), amount: "1250.00", orderTotal: "1250.00" }],
      adjustments: [],
    });
    const o1 = lines.filter((l) => "orderId" in l && l.orderId === "o1");
    expect(statementTotals(o1)).toMatchObject({ earn: "140.00", clawback: "-140.00" });
  });

  it.each([
    ["exactly at the cap: no cap line", "259.50", null],
    ["a cent under earn + bonus: −0.01", "259.49", "-0.01"],
  ])("%s", (_name, cap, capLine) => {
    const capped = { ...v2, rules: { ...v2.rules, capPerPeriod: cap } };
    const { lines } = computePartnerPeriod({ ...input, versions: [v1, capped] });
    expect(lines.find((l) => l.kind === "cap")?.amount ?? null).toBe(capLine);
  });

  it.each([
    ["a period base exactly at the tier's minimum earns the bonus", "2350.05", "70.50"],
    ["a cent more than the period base: no bonus", "2350.06", null],
  ])("%s", (_name, minBase, bonus) => {
    const tiered = { ...v2, rules: { ...v2.rules, capPerPeriod: undefined, volumeTiers: [{ minBase, bonusRate: "0.03" }] } };
    const { lines } = computePartnerPeriod({ ...input, versions: [v1, tiered] });
    expect(lines.find((l) => l.kind === "bonus")?.amount ?? null).toBe(bonus);
    expect(lines.some((l) => l.kind === "cap")).toBe(false);
  });

  it("an order placed before any plan version earns nothing and is reported", () => {
    const { lines, skipped } = computePartnerPeriod({
      period: "2025-12",
      partnerTier: null,
      versions: [v1],
      firstOrderIds: [],
      items: [{ orderId: "old", orderItemId: "x1", orderedAt: at("2025-12-31T15:00:00Z"), category: null, quantity: "1", unitPrice: "10.00" }],
      refunds: [],
    });
    expect(lines).toEqual([]);
    expect(skipped).toEqual([{ orderId: "old", orderItemId: "x1", reason: "commissions.errors.noPlanInForce" }]);
  });

  it("a refund of an order placed before any plan version claws back nothing (the order earned nothing)", () => {
    const { lines, skipped } = computePartnerPeriod({
      period: "2025-12",
      partnerTier: null,
      versions: [v1],
      firstOrderIds: [],
      items: [{ orderId: "old", orderItemId: "x1", orderedAt: at("2025-12-31T15:00:00Z"), category: null, quantity: "1", unitPrice: "10.00" }],
      refunds: [{ refundId: "r-old", orderId: "old", refundedAt: at("2025-12-31T15:30:00Z"), amount: "5.00", orderTotal: "10.00" }],
    });
    expect(skipped).toHaveLength(1);
    expect(lines).toMatchObject([{ kind: "clawback", key: "clawback:r-old", amount: "0.00", orderEarned: "0.00", planVersionId: null }]);
  });

  it("a period with no sales has no bonus and no cap line", () => {
    expect(computePartnerPeriod({ ...input, items: [], refunds: [input.refunds[1]!], adjustments: [] }).lines.map((l) => l.kind)).toEqual(["clawback"]);
  });

  it.each<[string, Partial<PartnerPeriodInput>, RegExp]>([
    ["an item ordered in another period (31 Oct 23:59 Shanghai)", { items: [{ ...input.items[0]!, orderedAt: at("2026-10-31T15:59:00Z") }] }, /outside 2026-11/],
    ["a refund made in another period", { refunds: [{ ...input.refunds[1]!, refundedAt: at("2026-11-30T16:00:00Z") }] }, /outside 2026-11/],
    ["a refund of an order from another period without its earned amount", { refunds: [{ ...input.refunds[1]!, orderEarned: undefined }] }, /needs orderEarned/],
    ["the same item twice", { items: [input.items[0]!, input.items[0]!] }, /duplicate order item/],
    ["the same refund twice", { refunds: [input.refunds[1]!, input.refunds[1]!] }, /duplicate refund/],
  ])("refuses %s (a caller bug)", (_name, change, message) => {
    expect(() => computePartnerPeriod({ ...input, ...change })).toThrow(message);
  });
});

describe("ratePreview (the plan editor's table)", () => {
  const tiers = ["bronze", "gold"] as const;
  it("gives every named category and 'any other' a rate per tier, with the entry that decided it", () => {
    const rules = ZCommissionRules.parse({
      rates: [{ rate: "0.05" }, { category: "software", rate: "0.08" }, { category: "software", partnerTier: "gold", rate: "0.1" }, { partnerTier: "gold", rate: "0.06" }],
      newCustomerBonus: "0.02",
    });
    expect(ratePreview(rules, tiers)).toEqual({
      tiers,
      rows: [
        {
          category: "software",
          cells: [
            { partnerTier: "bronze", rate: "0.08", firstOrderRate: "0.1", matchedBy: "category" },
            { partnerTier: "gold", rate: "0.1", firstOrderRate: "0.12", matchedBy: "categoryAndTier" },
          ],
        },
        {
          category: null,
          cells: [
            { partnerTier: "bronze", rate: "0.05", firstOrderRate: "0.07", matchedBy: "default" },
            { partnerTier: "gold", rate: "0.06", firstOrderRate: "0.08", matchedBy: "tier" },
          ],
        },
      ],
    });
  });

  it("without a new-customer bonus there is no first-order rate", () => {
    const rules = ZCommissionRules.parse({ rates: [{ rate: "0.05" }] });
    expect(ratePreview(rules, ["silver"]).rows).toEqual([{ category: null, cells: [{ partnerTier: "silver", rate: "0.05", firstOrderRate: null, matchedBy: "default" }] }]);
  });
});
