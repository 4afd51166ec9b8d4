/**
 * Cells for files people open in Excel: CSV quoting (RFC 4180, CRLF), the UTF-8 byte-order mark
 * that makes Excel read Chinese correctly, formula neutralising, and dates in the platform's time
 * zone. Pure.
 */

/** Excel opens a UTF-8 CSV as UTF-8 only when it starts with this mark (otherwise as the system's ANSI code page: GBK in China). */
export const UTF8_BOM = "\uFEFF";

/**
 * A cell that starts like a formula (`=`, `@`, a tab or CR, or `+`/`-` followed by something that is
 * not a number) gets a leading apostrophe, so a spreadsheet shows it as text instead of running it
 * (CSV injection). Phone numbers such as `+86 139 1234 5678` and negative numbers stay as they are.
 */
export function neutraliseFormula(text: string): string {
  if (text === "") return text;
  const first = text[0]!;
  if (first === "=" || first === "@" || first === "\t" || first === "\r") return `'${text}`;
  if ((first === "+" || first === "-") && !/^[+-][\d\s().\-]*$/.test(text)) return `'${text}`;
  return text;
}

/** One CSV field: quoted when it holds a delimiter, a quote, a line break or edge spaces. */
export function csvField(value: string): string {
  const safe = neutraliseFormula(value);
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV record with its CRLF line end (what Excel writes and expects). */
export function csvLine(values: readonly string[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** "2026-11-24 15:30" in `timeZone`: how a date reads in an exported file. */
export function formatDateTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/**
 * The wall-clock time in `timeZone` as a Date whose UTC fields carry it: spreadsheet dates have no
 * time zone, and exceljs writes a Date's UTC fields, so the cell shows the local time.
 */
export function spreadsheetDate(at: Date, timeZone: string): Date {
  const text = formatDateTime(at, timeZone);
  return new Date(`${text.replace(" ", "T")}:00.000Z`);
}

/** A file name safe in a Content-Disposition header's plain `filename=`: ASCII letters, digits, dot, dash, underscore. */
export function asciiFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/-{2,}/g, "-").replace(/^[-.]+|-+$/g, "") || "download";
}

/** `attachment; filename="…"; filename*=UTF-8''…`: an ASCII name for old clients, the real (e.g. Chinese) one for the rest. */
export function contentDisposition(fileName: string, asciiName: string): string {
  return `attachment; filename="${asciiFileName(asciiName)}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
