import { describe, expect, it } from "vitest";
import { cellFits, checkReportOutput, mayRunReport, moneyText, percentPoints, type ReportColumnRule } from "./reports.rules.ts";

const UUID = "0192f0c4-6f1e-7a3b-9c2d-4e5f6a7b8c9d";

describe("a cell fits its column", () => {
  it.each<[ReportColumnRule["type"], unknown, boolean]>([
    ["text", "北京协和医院", true],
    ["text", 12, false],
    ["integer", 12, true],
    ["integer", -3, true],
    ["integer", 1.5, false],
    ["integer", "12", false],
    ["integer", 2 ** 60, false],
    ["decimal", "12.345", true],
    ["decimal", "-0.5", true],
    ["decimal", 12.5, false],
    ["decimal", "1e3", false],
    ["decimal", "12.", false],
    ["money", "1234.50", true],
    ["money", "1234.5", true],
    ["money", "1234", true],
    ["money", "-80.00", true],
    ["money", "1234.567", false],
    ["money", 1234.5, false],
    ["money", "¥1234", false],
    ["percent", "0.875", true],
    ["percent", 0.875, true],
    ["percent", 1, true],
    ["percent", "87.5%", false],
    ["percent", Number.NaN, false],
    ["date", "2026-12-07", true],
    ["date", "2026-13-07", false],
    ["date", "2026-12-07T10:00:00Z", false],
    ["datetime", "2026-12-07T10:00:00.000Z", true],
    ["datetime", "2026-12-07T10:00:00+08:00", true],
    ["datetime", "2026-12-07", false],
    ["boolean", true, true],
    ["boolean", "true", false],
  ])("%s ← %j: %s", (type, value, fits) => {
    expect(cellFits({ key: "x", type }, value)).toBe(fits);
  });

  it("null fits every column", () => {
    for (const type of ["text", "integer", "decimal", "money", "percent", "date", "datetime", "boolean"] as const) expect(cellFits({ key: "x", type }, null)).toBe(true);
  });

  it.each([
    [UUID, true],
    ["not-an-id", false],
    [42, false],
  ])("a linked cell holds a record id: %j → %s", (value, fits) => {
    expect(cellFits({ key: "hospital", type: "text", link: "acme_pharma__hospital" }, value)).toBe(fits);
  });
});

const COLUMNS: ReportColumnRule[] = [
  { key: "hospital", type: "text", link: "acme_pharma__hospital" },
  { key: "issued", type: "integer" },
  { key: "value", type: "money" },
];

describe("a report's output against its columns", () => {
  it("fills keys the hook left out with null and keeps column order", () => {
    const checked = checkReportOutput(COLUMNS, { rows: [{ value: "10.5", hospital: UUID }, {}], totals: { value: "10.5" } });
    expect(checked).toEqual({
      ok: true,
      rows: [
        { hospital: UUID, issued: null, value: "10.5" },
        { hospital: null, issued: null, value: null },
      ],
      totals: { hospital: null, issued: null, value: "10.5" },
    });
  });

  it("has no totals row when the hook gives none", () => {
    expect(checkReportOutput(COLUMNS, { rows: [] })).toEqual({ ok: true, rows: [], totals: null });
  });

  it.each([
    ["an undeclared key in a row", { rows: [{ issued: 1 }, { issued: 2, secret: "x" }] }, { place: "row", index: 1, key: "secret", problem: "unknown_column" }],
    ["money as a JS number", { rows: [{ value: 10.5 }] }, { place: "row", index: 0, key: "value", problem: "cell_type" }],
    ["a fractional count", { rows: [{ issued: 1.5 }] }, { place: "row", index: 0, key: "issued", problem: "cell_type" }],
    ["a bad total", { rows: [], totals: { value: "1.234" } }, { place: "totals", index: 0, key: "value", problem: "cell_type" }],
    ["an undeclared total", { rows: [], totals: { grand: "1" } }, { place: "totals", index: 0, key: "grand", problem: "unknown_column" }],
  ])("refuses the whole result for %s", (_case, output, problem) => {
    expect(checkReportOutput(COLUMNS, output as never)).toEqual({ ok: false, problem });
  });
});

describe("who may run a report", () => {
  const report = { surfaces: ["portal", "platform"], roles: ["admin", "manager"] };
  it.each([
    [report, "portal", "admin", true],
    [report, "portal", "manager", true],
    [report, "portal", "rep", false],
    [report, "platform", null, true],
    [{ surfaces: ["portal"], roles: ["rep"] }, "platform", null, false],
    [{ surfaces: ["platform"], roles: ["admin", "manager", "rep"] }, "portal", "admin", false],
  ] as const)("%j on %s as %s → %s", (r, surface, role, may) => {
    expect(mayRunReport(r, { surface, role })).toBe(may);
  });
});

describe("formatting exact values", () => {
  it.each([
    ["1234.5", "1234.50"],
    ["1234", "1234.00"],
    ["-80", "-80.00"],
    ["0.07", "0.07"],
  ])("money %s → %s", (value, text) => {
    expect(moneyText(value)).toBe(text);
  });

  it.each<[string | number, string]>([
    ["0.875", "87.5"],
    [0.875, "87.5"],
    ["1", "100"],
    [1, "100"],
    ["0", "0"],
    ["0.5", "50"],
    ["1.25", "125"],
    ["0.123456", "12.35"],
    ["0.1234449", "12.34"],
    ["0.99999", "100"],
    ["-0.25", "-25"],
    ["-0.00001", "0"],
    ["12", "1200"],
  ])("percent of %j → %s", (value, text) => {
    expect(percentPoints(value)).toBe(text);
  });
});
