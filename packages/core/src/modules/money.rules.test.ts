import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { formatExact, formatMoney, formatRate, roundHalfEven, sumDecimals, toDecimal } from "./money.rules.ts";

describe("roundHalfEven (the one rounding of commission lines)", () => {
  it.each([
    ["0.125", "0.12", "a tie goes to the even cent: down"],
    ["0.135", "0.14", "a tie goes to the even cent: up"],
    ["0.005", "0.00", "a tie at zero stays zero"],
    ["0.015", "0.02", "a tie from an odd cent goes up"],
    ["2.675", "2.68", "exact in decimal (a float would give 2.67)"],
    ["1.0051", "1.01", "above the tie goes up"],
    ["1.0049", "1.00", "below the tie goes down"],
    ["-0.125", "-0.12", "a negative tie goes to the even cent: towards zero"],
    ["-0.135", "-0.14", "a negative tie goes to the even cent: away from zero"],
    ["-0.005", "0.00", "a negative amount rounding to nothing is zero, not -0.00"],
    ["-0.0049", "0.00", "a tiny negative amount is zero"],
    ["1234.5", "1234.50", "two places always"],
  ])("%s → %s (%s)", (value, expected) => {
    expect(formatMoney(value)).toBe(expected);
    expect(roundHalfEven(value).toFixed(2)).toBe(expected);
  });

  it("rounds to other places when asked", () => {
    expect(roundHalfEven("0.0000125", 6).toFixed()).toBe("0.000012");
  });

  it("accepts a Decimal from anywhere", () => {
    expect(formatMoney(new Decimal("10.005"))).toBe("10.00");
  });
});

describe("toDecimal", () => {
  it.each(["", " 1", "1e5", "12,3", "1.", ".5", "¥1", "NaN", "Infinity"])("refuses %j (amounts are validated at the edge)", (text) => {
    expect(() => toDecimal(text)).toThrow(TypeError);
  });

  it("keeps products exact beyond decimal.js's default 20 digits", () => {
    const product = toDecimal("9999999999999999.99").mul("1000").mul("0.123457");
    expect(product.toFixed()).toBe("1234569999999999998.76543");
    // The default precision would have rounded the product before the cent rounding.
    expect(new Decimal("9999999999999999.99").mul("1000").mul("0.123457").toFixed()).not.toBe(product.toFixed());
  });

  it("is still a decimal.js Decimal to callers", () => {
    expect(toDecimal("1.5")).toBeInstanceOf(Decimal);
  });
});

describe("formatting", () => {
  it.each([
    ["25.025", "25.025"],
    ["100", "100.00"],
    ["100.5", "100.50"],
    ["0", "0.00"],
    ["-0", "0.00"],
    ["-12.3456", "-12.3456"],
  ])("formatExact(%s) = %s (bases are shown unrounded)", (value, expected) => {
    expect(formatExact(value)).toBe(expected);
  });

  it.each([
    ["0.050", "0.05"],
    ["0.000001", "0.000001"],
    ["1", "1"],
  ])("formatRate(%s) = %s (never in exponent form)", (value, expected) => {
    expect(formatRate(value)).toBe(expected);
  });

  it("sums exactly where floats drift", () => {
    expect(sumDecimals(["0.1", "0.2"]).toFixed()).toBe("0.3");
    expect(sumDecimals([]).toFixed(2)).toBe("0.00");
  });
});
