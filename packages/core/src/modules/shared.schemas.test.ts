/** Amounts as people type them: one rule for every money field a person fills in (deal, conversion). */
import { describe, expect, it } from "vitest";
import { ZLeadConvertInput } from "./leads/leads.schemas.ts";
import { ZMoneyInput } from "./opportunities/opportunities.schemas.ts";
import { moneyText } from "./shared.schemas.ts";

const amount = moneyText("test.amount");

describe("moneyText", () => {
  it.each([
    ["86,400.50", "86400.50"],
    ["86，400.5", "86400.5"],
    [" 1 234 ", "1234"],
    ["0", "0"],
    ["9999999999999999.99", "9999999999999999.99"],
  ])("%j is the amount %j", (typed, stored) => {
    expect(amount.parse(typed)).toBe(stored);
  });

  it.each([
    ["", "errors.field.required"],
    ["   ", "errors.field.required"],
    ["-5", "test.amount"],
    ["12.345", "test.amount"],
    ["1e5", "test.amount"],
    ["12.", "test.amount"],
    ["¥100", "test.amount"],
    ["99999999999999999", "test.amount"],
  ])("%j is refused with %s", (typed, message) => {
    const result = amount.safeParse(typed);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });

  it("a number is refused (money is never a float)", () => {
    expect(amount.safeParse(12.5).success).toBe(false);
  });

  it("the deal form and the lead conversion read the same typed amount the same way", () => {
    expect(ZMoneyInput.parse("128,000.5")).toBe("128000.5");
    expect(ZLeadConvertInput.parse({ opportunity: { amount: "128,000.5" } }).opportunity?.amount).toBe("128000.5");
  });
});
