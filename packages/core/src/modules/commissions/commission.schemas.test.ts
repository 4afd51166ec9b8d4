import { describe, expect, it } from "vitest";
import { ZCommissionRules, ZPeriod } from "./commission.schemas.ts";

const DEFAULT = { rate: "0.05" };

describe("ZCommissionRules: valid rules", () => {
  it("the smallest plan: one default rate", () => {
    expect(ZCommissionRules.parse({ rates: [DEFAULT] })).toEqual({ rates: [{ category: null, partnerTier: null, rate: "0.05" }] });
  });

  it("every rule at once", () => {
    const rules = {
      rates: [DEFAULT, { category: "software", rate: "0.08" }, { partnerTier: "gold", rate: "0.06" }, { category: "software", partnerTier: "gold", rate: "0.1" }],
      newCustomerBonus: "0.02",
      volumeTiers: [
        { minBase: "10000", bonusRate: "0.01" },
        { minBase: "50000.50", bonusRate: "0.02" },
      ],
      capPerPeriod: "20000.00",
    };
    expect(ZCommissionRules.parse(rules)).toMatchObject({ ...rules, rates: [{ category: null, partnerTier: null }, { partnerTier: null }, { category: null }, {}] });
  });

  it.each([
    ["null category and tier mean any", { category: null, partnerTier: null, rate: "0.05" }],
    ["a blank category means any", { category: "  ", rate: "0.05" }],
  ])("%s", (_name, entry) => {
    expect(ZCommissionRules.parse({ rates: [entry] }).rates[0]).toEqual({ category: null, partnerTier: null, rate: "0.05" });
  });

  it.each(["0", "1", "1.000000", "0.000001", "0.5"])("rate %j is valid (0 ≤ rate ≤ 1, up to six places)", (rate) => {
    expect(ZCommissionRules.safeParse({ rates: [{ rate }] }).success).toBe(true);
  });

  it("a category is trimmed", () => {
    expect(ZCommissionRules.parse({ rates: [DEFAULT, { category: " software ", rate: "0.1" }] }).rates[1]?.category).toBe("software");
  });
});

describe("ZCommissionRules: each refusal names its field and its i18n key", () => {
  it.each<[string, unknown, Array<[string, string]>]>([
    ["not an object", "rates", [["", "commissions.errors.rulesFormat"]]],
    ["an array instead of an object", [DEFAULT], [["", "commissions.errors.rulesFormat"]]],
    ["a misspelt rule is refused, not ignored", { rates: [DEFAULT], capPerPeriode: "100" }, [["", "commissions.errors.unknownRule"]]],
    ["no rates", {}, [["rates", "commissions.errors.ratesRequired"]]],
    ["rates not a list", { rates: DEFAULT }, [["rates", "commissions.errors.ratesRequired"]]],
    ["an empty list has no default", { rates: [] }, [["rates", "commissions.errors.defaultRateMissing"]]],
    ["no default entry", { rates: [{ category: "software", rate: "0.1" }, { partnerTier: "gold", rate: "0.1" }] }, [["rates", "commissions.errors.defaultRateMissing"]]],
    ["two default entries", { rates: [DEFAULT, { rate: "0.06" }] }, [["rates.1", "commissions.errors.rateDuplicate"]]],
    ["a blank category is a second default", { rates: [DEFAULT, { category: "", rate: "0.06" }] }, [["rates.1", "commissions.errors.rateDuplicate"]]],
    [
      "the same category and tier twice",
      { rates: [DEFAULT, { category: "software", partnerTier: "gold", rate: "0.1" }, { category: "software", partnerTier: "gold", rate: "0.2" }] },
      [["rates.2", "commissions.errors.rateDuplicate"]],
    ],
    ["an entry that is not an object", { rates: [DEFAULT, "0.1"] }, [["rates.1", "commissions.errors.rateEntryFormat"]]],
    ["an unknown key in an entry", { rates: [{ rate: "0.05", region: "华东" }] }, [["rates.0", "commissions.errors.unknownRule"]]],
    ["a rate that is not a number", { rates: [{ rate: "abc" }] }, [["rates.0.rate", "commissions.errors.rateFormat"]]],
    ["a rate as a JSON number", { rates: [{ rate: 0.05 }] }, [["rates.0.rate", "commissions.errors.rateFormat"]]],
    ["a rate in exponent form", { rates: [{ rate: "5e-2" }] }, [["rates.0.rate", "commissions.errors.rateFormat"]]],
    ["a rate as a percentage", { rates: [{ rate: "5%" }] }, [["rates.0.rate", "commissions.errors.rateFormat"]]],
    ["a rate without a leading zero", { rates: [{ rate: ".05" }] }, [["rates.0.rate", "commissions.errors.rateFormat"]]],
    ["no rate", { rates: [{ category: null }] }, [["rates.0.rate", "errors.field.required"]]],
    ["a negative rate", { rates: [{ rate: "-0.01" }] }, [["rates.0.rate", "commissions.errors.rateRange"]]],
    ["a rate above 1", { rates: [{ rate: "1.000001" }] }, [["rates.0.rate", "commissions.errors.rateRange"]]],
    ["seven places", { rates: [{ rate: "0.1234567" }] }, [["rates.0.rate", "commissions.errors.ratePrecision"]]],
    ["seven places even when they are zeros", { rates: [{ rate: "0.1000000" }] }, [["rates.0.rate", "commissions.errors.ratePrecision"]]],
    ["an unknown partner tier", { rates: [DEFAULT, { partnerTier: "diamond", rate: "0.1" }] }, [["rates.1.partnerTier", "errors.field.invalidOption"]]],
    ["a category that is not text", { rates: [DEFAULT, { category: 12, rate: "0.1" }] }, [["rates.1.category", "commissions.errors.categoryFormat"]]],
    ["a category over 100 characters", { rates: [DEFAULT, { category: "x".repeat(101), rate: "0.1" }] }, [["rates.1.category", "errors.field.tooLong"]]],
    ["a bonus that is not a rate", { rates: [DEFAULT], newCustomerBonus: "2%" }, [["newCustomerBonus", "commissions.errors.rateFormat"]]],
    ["a bonus above 1", { rates: [DEFAULT], newCustomerBonus: "1.5" }, [["newCustomerBonus", "commissions.errors.rateRange"]]],
    [
      "a rate plus the new-customer bonus above 1",
      { rates: [DEFAULT, { category: "software", rate: "0.6" }], newCustomerBonus: "0.5" },
      [["rates.1.rate", "commissions.errors.rateWithBonusAboveOne"]],
    ],
    ["volume tiers not a list", { rates: [DEFAULT], volumeTiers: { minBase: "1", bonusRate: "0.1" } }, [["volumeTiers", "commissions.errors.volumeTiersFormat"]]],
    ["a volume tier that is not an object", { rates: [DEFAULT], volumeTiers: ["1000"] }, [["volumeTiers.0", "commissions.errors.volumeTierFormat"]]],
    ["an unknown key in a volume tier", { rates: [DEFAULT], volumeTiers: [{ minBase: "1", bonusRate: "0.1", maxBase: "2" }] }, [["volumeTiers.0", "commissions.errors.unknownRule"]]],
    ["a tier minimum as a JSON number", { rates: [DEFAULT], volumeTiers: [{ minBase: 1000, bonusRate: "0.01" }] }, [["volumeTiers.0.minBase", "commissions.errors.amountFormat"]]],
    ["a negative tier minimum", { rates: [DEFAULT], volumeTiers: [{ minBase: "-1", bonusRate: "0.01" }] }, [["volumeTiers.0.minBase", "commissions.errors.amountFormat"]]],
    ["a tier minimum with three places", { rates: [DEFAULT], volumeTiers: [{ minBase: "1000.001", bonusRate: "0.01" }] }, [["volumeTiers.0.minBase", "commissions.errors.amountFormat"]]],
    ["a tier without its minimum", { rates: [DEFAULT], volumeTiers: [{ bonusRate: "0.01" }] }, [["volumeTiers.0.minBase", "errors.field.required"]]],
    ["a tier bonus above 1", { rates: [DEFAULT], volumeTiers: [{ minBase: "1000", bonusRate: "1.01" }] }, [["volumeTiers.0.bonusRate", "commissions.errors.rateRange"]]],
    [
      "two tiers with the same minimum",
      { rates: [DEFAULT], volumeTiers: [{ minBase: "1000", bonusRate: "0.01" }, { minBase: "1000.00", bonusRate: "0.02" }] },
      [["volumeTiers.1.minBase", "commissions.errors.volumeTiersNotIncreasing"]],
    ],
    [
      "tiers out of order",
      { rates: [DEFAULT], volumeTiers: [{ minBase: "5000", bonusRate: "0.02" }, { minBase: "1000", bonusRate: "0.01" }] },
      [["volumeTiers.1.minBase", "commissions.errors.volumeTiersNotIncreasing"]],
    ],
    ["a cap with three places", { rates: [DEFAULT], capPerPeriod: "100.005" }, [["capPerPeriod", "commissions.errors.amountFormat"]]],
    ["a negative cap", { rates: [DEFAULT], capPerPeriod: "-100" }, [["capPerPeriod", "commissions.errors.amountFormat"]]],
    ["a cap with separators", { rates: [DEFAULT], capPerPeriod: "20,000" }, [["capPerPeriod", "commissions.errors.amountFormat"]]],
  ])("%s", (_name, input, expected) => {
    const result = ZCommissionRules.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual(expected);
  });

  it("reports every problem at once, not just the first", () => {
    const result = ZCommissionRules.safeParse({ rates: [{ category: "a", rate: "2" }], capPerPeriod: "x" });
    expect(result.error?.issues.map((issue) => issue.message).sort()).toEqual(["commissions.errors.amountFormat", "commissions.errors.defaultRateMissing", "commissions.errors.rateRange"]);
  });
});

describe("ZPeriod", () => {
  it.each([
    ["2026-11", true],
    ["2026-13", false],
    ["2026-1", false],
    ["2026/11", false],
  ])("%j valid: %s", (text, valid) => {
    const result = ZPeriod.safeParse(text);
    expect(result.success).toBe(valid);
    if (!valid) expect(result.error?.issues[0]?.message).toBe("commissions.errors.periodFormat");
  });
});
