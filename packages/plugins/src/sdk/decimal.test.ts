import { describe, expect, it } from "vitest";
import * as decimal from "./decimal.ts";

const text = (value: decimal.Decimal) => decimal.toString(value);

describe("decimal.parse / toString", () => {
  it.each([
    ["0", "0"],
    ["-0", "0"],
    ["-0.00", "0"],
    ["007.50", "7.5"],
    ["123.45", "123.45"],
    ["-0.5", "-0.5"],
    ["3.000", "3"],
    ["12345678901234567890.123456789012345678", "12345678901234567890.123456789012345678"],
  ])("%s reads back as %s", (input, shown) => {
    expect(text(decimal.parse(input))).toBe(shown);
  });

  it.each([["1e3"], ["+1"], [".5"], ["1."], ["1,000.00"], [" 1"], ["NaN"], [""], ["--1"], ["0x10"]])("refuses %j", (input) => {
    expect(() => decimal.parse(input)).toThrow(TypeError);
    expect(decimal.isDecimalText(input)).toBe(false);
  });

  it("refuses a JS number that is not a safe integer, accepts bigints and safe integers", () => {
    expect(() => decimal.from(0.1)).toThrow(/binary float/);
    expect(() => decimal.from(2 ** 60)).toThrow(TypeError);
    expect(text(decimal.from(12))).toBe("12");
    expect(text(decimal.from(BigInt("-9007199254740993")))).toBe("-9007199254740993");
  });

  it.each([
    ["2.5", 2, "2.50"],
    ["2.345", 2, "2.35"],
    ["-2.345", 2, "-2.35"],
    ["-0.004", 2, "0.00"],
    ["19.999", 0, "20"],
    ["7", 3, "7.000"],
  ])("toString(%s, %i) = %s (half-up, places always shown, never -0)", (input, places, shown) => {
    expect(decimal.toString(input, places)).toBe(shown);
  });
});

describe("decimal arithmetic is exact", () => {
  it.each([
    ["0.1", "0.2", "0.3", "-0.1", "0.02"],
    ["1.10", "2.205", "3.305", "-1.105", "2.4255"],
    ["-5", "0.75", "-4.25", "-5.75", "-3.75"],
    ["99999999999999999.99", "0.01", "100000000000000000", "99999999999999999.98", "999999999999999.9999"],
    ["100.10", "0.05", "100.15", "100.05", "5.005"],
    ["0", "-3.3", "-3.3", "3.3", "0"],
  ])("%s and %s: sum %s, difference %s, product %s", (a, b, total, difference, product) => {
    expect(text(decimal.add(a, b))).toBe(total);
    expect(text(decimal.sub(a, b))).toBe(difference);
    expect(text(decimal.mul(a, b))).toBe(product);
  });

  it("sums a list, and nothing is 0", () => {
    expect(text(decimal.sum(["0.1", "0.1", "0.1", "-0.3"]))).toBe("0");
    expect(text(decimal.sum(["1200.50", "350.25", "0.005"]))).toBe("1550.755");
    expect(text(decimal.sum([]))).toBe("0");
  });

  it.each([
    ["1.5", "1.50", 0],
    ["1.49", "1.5", -1],
    ["-1", "-1.01", 1],
    ["0", "-0.00", 0],
    ["100000", "99999.999999", 1],
  ] as const)("compare(%s, %s) = %i", (a, b, expected) => {
    expect(decimal.compare(a, b)).toBe(expected);
    expect(decimal.compare(b, a)).toBe(-expected || 0);
  });

  it("neg, abs, sign, isZero", () => {
    expect(text(decimal.neg("2.50"))).toBe("-2.5");
    expect(text(decimal.abs("-2.50"))).toBe("2.5");
    expect([decimal.sign("-0.01"), decimal.sign("0.00"), decimal.sign("3")]).toEqual([-1, 0, 1]);
    expect(decimal.isZero("-0.000")).toBe(true);
  });
});

describe("decimal rounding", () => {
  it.each([
    // value, places, half-up, half-even
    ["5.005", 2, "5.01", "5"],
    ["5.015", 2, "5.02", "5.02"],
    ["-5.005", 2, "-5.01", "-5"],
    ["0.125", 2, "0.13", "0.12"],
    ["0.135", 2, "0.14", "0.14"],
    ["2.4449", 2, "2.44", "2.44"],
    ["2.4451", 2, "2.45", "2.45"],
    ["-0.0049", 2, "0", "0"],
    ["1234.5", 0, "1235", "1234"],
    ["1235.5", 0, "1236", "1236"],
    ["7.1", 3, "7.1", "7.1"],
  ] as const)("%s to %i places: half-up %s, half-even %s", (value, places, up, even) => {
    expect(text(decimal.roundHalfUp(value, places))).toBe(up);
    expect(text(decimal.roundHalfEven(value, places))).toBe(even);
    expect(decimal.round(value, places).scale).toBe(places);
  });

  it.each([
    ["10", "3", 2, "halfUp", "3.33"],
    ["20", "3", 2, "halfUp", "6.67"],
    ["-20", "3", 2, "halfUp", "-6.67"],
    ["1", "8", 2, "halfUp", "0.13"],
    ["1", "8", 2, "halfEven", "0.12"],
    ["1", "-8", 3, "halfUp", "-0.125"],
    ["4.5", "0.15", 0, "halfUp", "30"],
    ["0.01", "3", 4, "halfEven", "0.0033"],
  ] as const)("%s / %s to %i places (%s) = %s", (a, b, places, mode, expected) => {
    expect(decimal.toString(decimal.divide(a, b, places, mode), places)).toBe(expected);
  });

  it("refuses division by zero and impossible places", () => {
    expect(() => decimal.divide("1", "0.00", 2)).toThrow(RangeError);
    expect(() => decimal.round("1", -1)).toThrow(RangeError);
    expect(() => decimal.round("1", 1.5)).toThrow(RangeError);
  });

  it("a rebate worked through: volume × rate to the cent", () => {
    const volume = decimal.sum([decimal.mul("3", "333.33"), "1200.35", "849.65"]);
    expect(text(volume)).toBe("3049.99");
    expect(decimal.toString(decimal.mul(volume, "0.035"), 2)).toBe("106.75");
  });
});
