import { describe, expect, it } from "vitest";
import { asciiFileName, contentDisposition, csvField, csvLine, formatDateTime, neutraliseFormula, spreadsheetDate } from "./spreadsheet.rules.ts";

describe("neutraliseFormula", () => {
  it.each([
    ["=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["\t=1", "'\t=1"],
    ["+86 139 1234 5678", "+86 139 1234 5678"],
    ["+8613912345678", "+8613912345678"],
    ["-12.5", "-12.5"],
    ["(021) 1234-5678", "(021) 1234-5678"],
    ["张伟", "张伟"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });
});

describe("csvField / csvLine", () => {
  it.each([
    ["plain", "plain"],
    ["杭州云帆科技有限公司", "杭州云帆科技有限公司"],
    ["a,b", '"a,b"'],
    ['他说"好"', '"他说""好"""'],
    ["两行\n文本", '"两行\n文本"'],
    [" leading", '" leading"'],
    ["=1+1", "'=1+1"],
    ["=1,2", "\"'=1,2\""],
  ])("%j → %j", (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it("joins with commas and ends with CRLF", () => {
    expect(csvLine(["姓名", "a,b", ""])).toBe('姓名,"a,b",\r\n');
  });
});

describe("dates", () => {
  const at = new Date("2026-11-24T07:30:00Z");
  it("formats in the platform's time zone", () => {
    expect(formatDateTime(at, "Asia/Shanghai")).toBe("2026-11-24 15:30");
    expect(formatDateTime(new Date("2026-11-24T16:05:00Z"), "Asia/Shanghai")).toBe("2026-11-25 00:05");
  });
  it("gives spreadsheets the wall-clock time", () => {
    expect(spreadsheetDate(at, "Asia/Shanghai").toISOString()).toBe("2026-11-24T15:30:00.000Z");
  });
});

describe("file names", () => {
  it.each([
    ["leads-2026-11-24.csv", "leads-2026-11-24.csv"],
    ["线索-2026-11-24.csv", "2026-11-24.csv"],
    ['a"b\r\n.csv', "a-b-.csv"],
    ["线索", "download"],
  ])("asciiFileName(%j) = %j", (name, expected) => {
    expect(asciiFileName(name)).toBe(expected);
  });

  it("gives the real name in filename* and an ASCII one in filename", () => {
    expect(contentDisposition("线索-2026-11-24.csv", "leads-2026-11-24.csv")).toBe(
      "attachment; filename=\"leads-2026-11-24.csv\"; filename*=UTF-8''%E7%BA%BF%E7%B4%A2-2026-11-24.csv",
    );
  });
});
