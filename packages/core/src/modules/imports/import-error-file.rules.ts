/**
 * The downloadable error file: the rows that were not imported, with their original row number,
 * their original cells under the original headers, an error code and the reason in the importing
 * user's language. UTF-8 with BOM, so Excel shows the Chinese; fix the cells, delete the three
 * added columns and the file can be imported again. Pure.
 */
import type { TFunction } from "../../i18n/index.ts";
import { csvLine, UTF8_BOM } from "../exports/index.ts";

export type FailedRow = { rowNumber: number; values: readonly string[]; code: string; reason: string };

export function errorFileCsv(headers: readonly string[], rows: readonly FailedRow[], t: TFunction): Buffer {
  const lines = [csvLine([String(t("imports.errorFile.row")), ...headers, String(t("imports.errorFile.code")), String(t("imports.errorFile.reason"))])];
  const sorted = [...rows].sort((a, b) => a.rowNumber - b.rowNumber);
  for (const row of sorted) {
    const cells = headers.map((_, i) => row.values[i] ?? "");
    lines.push(csvLine([String(row.rowNumber), ...cells, row.code, row.reason]));
  }
  return Buffer.from(UTF8_BOM + lines.join(""), "utf8");
}

/** `客户名单.csv` → `客户名单-错误行.csv`-like: the original name with a suffix, always .csv. */
export function errorFileName(fileName: string, suffix: string): string {
  const base = fileName.replace(/\.[A-Za-z0-9]{1,5}$/, "");
  return `${base}-${suffix}.csv`;
}
