/** Reading files in memory: CSV quoting, line ends, encodings, blank rows, XLSX cells, and the limits. */
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../errors/index.ts";
import { cellText, checkFileSize, detectFormat, inspectImportFile, openImportFile } from "./import-file.parser.ts";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "./imports.schemas.ts";

async function read(bytes: Uint8Array, format: "csv" | "xlsx" = "csv") {
  const file = await openImportFile(bytes, format);
  const rows = [];
  for await (const row of file.rows) rows.push(row);
  return { headers: file.headers, rows, encoding: file.encoding };
}

async function i18nKeyOf(promise: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    if (error instanceof DomainError) return error.i18nKey;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("CSV", () => {
  it("reads quoted fields with commas, doubled quotes, line breaks and CRLF; keeps spreadsheet row numbers", async () => {
    const csv = '姓名,公司,备注\r\n张伟,"杭州云帆科技有限公司,滨江分部","他说""尽快""\r\n第二行"\r\n\r\n李静,苏州恒通,\r\n';
    const { headers, rows } = await read(Buffer.from(csv));
    expect(headers).toEqual(["姓名", "公司", "备注"]);
    expect(rows).toEqual([
      { rowNumber: 2, values: ["张伟", "杭州云帆科技有限公司,滨江分部", '他说"尽快"\r\n第二行'] },
      // Row 3 is blank: skipped, but the next one is still row 4, as Excel numbers it.
      { rowNumber: 4, values: ["李静", "苏州恒通", ""] },
    ]);
  });

  it.each([
    ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("姓名,手机\n王芳,13900000000\n")]), "utf-8"],
    ["GBK", iconv.encode("姓名,手机\r\n王芳,13900000000\r\n", "gbk"), "gb18030"],
    ["Big5", iconv.encode("姓名,電話\r\n陳美玲,0912345678\r\n", "big5"), "big5"],
    ["UTF-16LE tab-separated", Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode("姓名\t手机\r\n王芳\t13900000000\r\n", "utf-16le")]), "utf-16le"],
  ])("decodes %s (the BOM is not part of the first header)", async (_label, bytes, encoding) => {
    const { headers, rows, encoding: detected } = await read(bytes);
    expect(detected).toBe(encoding);
    expect(headers[0]).toBe("姓名");
    expect(rows[0]!.values[1]).toMatch(/^0912345678$|^13900000000$/);
  });

  it("reads semicolon-separated files and ignores cells beyond the header", async () => {
    const { rows } = await read(Buffer.from("姓名;手机\n王芳;139;extra;more\n"));
    expect(rows).toEqual([{ rowNumber: 2, values: ["王芳", "139"] }]);
  });

  it("skips blank lines before the header", async () => {
    const { headers, rows } = await read(Buffer.from("\n,,\n姓名,手机\n王芳,139\n"));
    expect(headers).toEqual(["姓名", "手机"]);
    expect(rows[0]!.rowNumber).toBe(4);
  });

  it("tolerates a stray quote inside an unquoted field", async () => {
    const { rows } = await read(Buffer.from('姓名,备注\n王芳,屏幕 27" 显示器\n'));
    expect(rows[0]!.values[1]).toBe('屏幕 27" 显示器');
  });

  it("refuses an unterminated quoted field as unreadable", async () => {
    expect(await i18nKeyOf(read(Buffer.from('姓名,备注\n王芳,"没有结束\n')))).toBe("imports.errors.unreadable");
  });
});

describe("XLSX", () => {
  it("reads the first worksheet: text, numbers (phone numbers without exponent), dates, rich text, formulas, hyperlinks", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("线索");
    sheet.addRow(["姓名", "手机", "日期", "公司", "合计", "网站"]);
    sheet.addRow(["王芳", 13912345678, new Date("2026-03-05T00:00:00Z"), { richText: [{ text: "杭州" }, { text: "云帆" }] }, { formula: "1+2", result: 3 }, { text: "官网", hyperlink: "https://example.com" }]);
    sheet.addRow([]);
    sheet.addRow(["李静", "021-12345678"]);
    workbook.addWorksheet("其他").addRow(["不读"]);
    const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    const { headers, rows } = await read(bytes, "xlsx");
    expect(headers).toEqual(["姓名", "手机", "日期", "公司", "合计", "网站"]);
    expect(rows).toEqual([
      { rowNumber: 2, values: ["王芳", "13912345678", "2026-03-05", "杭州云帆", "3", "官网"] },
      { rowNumber: 4, values: ["李静", "021-12345678"] },
    ]);
  });

  it.each([
    [null, ""],
    [12.5, "12.5"],
    [true, "TRUE"],
    [{ error: "#N/A" }, ""],
    [new Date("2026-03-05T00:00:00Z"), "2026-03-05"],
    // A date-time cell: the wall clock the sheet shows (exceljs reads it as UTC), to the second.
    [new Date("2026-03-05T14:30:00Z"), "2026-03-05 14:30:00"],
    [new Date("2026-03-05T09:05:06.999Z"), "2026-03-05 09:05:07"],
  ] as const)("cellText(%j) = %j", (value, expected) => {
    expect(cellText(value as ExcelJS.CellValue)).toBe(expected);
  });

  it("refuses a damaged file as unreadable", async () => {
    const bytes = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
    expect(await i18nKeyOf(read(bytes, "xlsx"))).toBe("imports.errors.unreadable");
  });
});

describe("format and limits", () => {
  it.each([
    ["leads.csv", Buffer.from("a,b\n"), "csv"],
    ["leads.txt", Buffer.from("a\tb\n"), "csv"],
    ["线索", Buffer.from("a,b\n"), "csv"],
    ["leads.xlsx", Buffer.from([0x50, 0x4b, 0x03, 0x04, 1]), "xlsx"],
  ] as const)("%s is %s", (name, bytes, format) => {
    expect(detectFormat(name, bytes)).toBe(format);
  });

  it.each([
    ["old.xls", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), "imports.errors.unsupportedFormat"],
    ["archive.zip", Buffer.from([0x50, 0x4b, 0x03, 0x04, 1]), "imports.errors.unsupportedFormat"],
    ["report.pdf", Buffer.from("%PDF-1.7"), "imports.errors.unsupportedFormat"],
    ["renamed.xlsx", Buffer.from("姓名,手机\n"), "imports.errors.unreadable"],
  ] as const)("%s is refused", async (name, bytes, key) => {
    expect(await i18nKeyOf(() => detectFormat(name, bytes))).toBe(key);
  });

  it("refuses empty and oversized files", async () => {
    expect(await i18nKeyOf(() => checkFileSize(new Uint8Array(0)))).toBe("imports.errors.fileEmpty");
    expect(await i18nKeyOf(() => checkFileSize(new Uint8Array(MAX_IMPORT_BYTES + 1)))).toBe("imports.errors.fileTooLarge");
    expect(() => checkFileSize(new Uint8Array(MAX_IMPORT_BYTES))).not.toThrow();
  });

  it("counts data rows, and refuses a header without data or more rows than the limit", async () => {
    expect(await inspectImportFile(Buffer.from("姓名\n王芳\n\n李静\n"), "csv")).toEqual({ headers: ["姓名"], totalRows: 2 });
    expect(await i18nKeyOf(inspectImportFile(Buffer.from("姓名,手机\n\n"), "csv"))).toBe("imports.errors.noData");
    expect(await i18nKeyOf(inspectImportFile(Buffer.from("\n\n"), "csv"))).toBe("imports.errors.noData");
    const tooMany = Buffer.from(`姓名\n${"王芳\n".repeat(MAX_IMPORT_ROWS + 1)}`);
    expect(await i18nKeyOf(inspectImportFile(tooMany, "csv"))).toBe("imports.errors.tooManyRows");
  });

  it("refuses more columns than the limit", async () => {
    const header = Array.from({ length: 101 }, (_, i) => `列${i}`).join(",");
    expect(await i18nKeyOf(inspectImportFile(Buffer.from(`${header}\n1\n`), "csv"))).toBe("imports.errors.tooManyColumns");
  });
});
