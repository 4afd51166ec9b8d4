/**
 * Reads an uploaded file as a header row and data rows, streaming: CSV through iconv-lite (the
 * detected encoding) into csv-parse, XLSX through exceljs' streaming reader (first worksheet). Row
 * numbers are the ones a spreadsheet shows (the header is row 1); blank rows are skipped but keep
 * their numbers. Anything unreadable becomes a translated VALIDATION_FAILED.
 */
import { Readable } from "node:stream";
import { parse as parseCsv } from "csv-parse";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { DomainError } from "../../errors/index.ts";
import { detectDelimiter, detectEncoding, type TextEncoding } from "./import-encoding.rules.ts";
import { MAX_IMPORT_BYTES, MAX_IMPORT_COLUMNS, MAX_IMPORT_ROWS } from "./imports.schemas.ts";

export type ImportFormat = "csv" | "xlsx";
export type ImportRow = { rowNumber: number; values: string[] };
export type ImportFile = { headers: string[]; rows: AsyncIterable<ImportRow>; encoding: TextEncoding | null };

/** A refusal of the file itself, as the user reads it (also as the upload field's detail). */
export function fileError(key: string, params: Record<string, unknown> = {}): DomainError {
  return new DomainError("VALIDATION_FAILED", { i18nKey: `imports.errors.${key}`, params, details: [{ path: "content", message: `imports.errors.${key}`, params }] });
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** The old binary .xls (OLE compound file): Excel can save it as .xlsx. */
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** XLSX by its zip signature, CSV for text; old .xls, other zips and binaries are refused. */
export function detectFormat(fileName: string, bytes: Uint8Array): ImportFormat {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? "";
  if (startsWith(bytes, ZIP_MAGIC)) {
    if (extension !== "" && extension !== "xlsx" && extension !== "xlsm") throw fileError("unsupportedFormat");
    return "xlsx";
  }
  if (startsWith(bytes, OLE_MAGIC) || ["xls", "xlsx", "xlsm", "numbers", "ods", "pdf", "doc", "docx", "zip"].includes(extension)) {
    throw fileError(extension === "xlsx" ? "unreadable" : "unsupportedFormat");
  }
  return "csv";
}

export function checkFileSize(bytes: Uint8Array): void {
  if (bytes.length === 0) throw fileError("fileEmpty");
  if (bytes.length > MAX_IMPORT_BYTES) throw fileError("fileTooLarge", { maxMb: MAX_IMPORT_BYTES / 1024 / 1024 });
}

const CHUNK = 64 * 1024;

function* chunks(bytes: Uint8Array): Generator<Buffer> {
  for (let i = 0; i < bytes.length; i += CHUNK) yield Buffer.from(bytes.buffer, bytes.byteOffset + i, Math.min(CHUNK, bytes.length - i));
}

function firstLine(bytes: Uint8Array, encoding: TextEncoding): string {
  const head = iconv.decode(Buffer.from(bytes.subarray(0, 8192)), encoding);
  return head.split(/\r?\n/, 1)[0] ?? "";
}

const isBlank = (values: readonly string[]) => values.every((v) => v.trim() === "");

async function* csvRecords(bytes: Uint8Array, encoding: TextEncoding): AsyncGenerator<string[]> {
  const parser = Readable.from(chunks(bytes))
    .pipe(iconv.decodeStream(encoding, { stripBOM: true }))
    .pipe(
      parseCsv({
        delimiter: detectDelimiter(firstLine(bytes, encoding)),
        bom: true,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: false,
        max_record_size: 1024 * 1024,
      }),
    );
  try {
    for await (const record of parser) yield record as string[];
  } catch (error) {
    throw error instanceof DomainError ? error : fileErrorFrom(error);
  } finally {
    parser.destroy();
  }
}

function fileErrorFrom(cause: unknown): DomainError {
  const error = fileError("unreadable");
  return new DomainError(error.code, { i18nKey: error.i18nKey, details: error.details, cause });
}

/**
 * A cell as text: rich text joined, formulas by their result, numbers without exponent, dates as
 * YYYY-MM-DD and date-times as YYYY-MM-DD HH:mm:ss. Excel stores wall-clock time without a zone
 * (exceljs hands it over as that reading in UTC), so the text is what the sheet shows.
 */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return "";
    // Excel's serial times carry sub-millisecond noise: rounded to the second.
    const at = new Date(Math.round(value.getTime() / 1000) * 1000).toISOString();
    return at.endsWith("T00:00:00.000Z") ? at.slice(0, 10) : `${at.slice(0, 10)} ${at.slice(11, 19)}`;
  }
  if ("richText" in value && Array.isArray(value.richText)) return value.richText.map((part) => part.text).join("");
  if ("formula" in value || "sharedFormula" in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ("hyperlink" in value) return cellText((value as ExcelJS.CellHyperlinkValue).text as ExcelJS.CellValue);
  if ("error" in value) return "";
  return "";
}

async function* xlsxRecords(bytes: Uint8Array): AsyncGenerator<{ rowNumber: number; values: string[] }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(chunks(bytes)), {
    worksheets: "emit",
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "cache",
    entries: "ignore",
  });
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet as unknown as AsyncIterable<ExcelJS.Row>) {
        const cells = Array.isArray(row.values) ? row.values.slice(1) : [];
        yield { rowNumber: row.number, values: Array.from(cells, (cell) => cellText(cell as ExcelJS.CellValue)) };
      }
      // The first worksheet only: that is the one a person sees when opening the file.
      return;
    }
  } catch (error) {
    throw error instanceof DomainError ? error : fileErrorFrom(error);
  }
}

async function* numbered(bytes: Uint8Array, format: ImportFormat, encoding: TextEncoding | null): AsyncGenerator<ImportRow> {
  if (format === "xlsx") {
    yield* xlsxRecords(bytes);
    return;
  }
  let rowNumber = 0;
  for await (const values of csvRecords(bytes, encoding!)) yield { rowNumber: ++rowNumber, values };
}

/**
 * Open a file: the first non-blank row is the header; `rows` yields the data rows after it, blank
 * ones skipped, trimmed of trailing empty cells. `rows` can be iterated once.
 */
export async function openImportFile(bytes: Uint8Array, format: ImportFormat): Promise<ImportFile> {
  const encoding = format === "csv" ? detectEncoding(bytes) : null;
  const iterator = numbered(bytes, format, encoding)[Symbol.asyncIterator]();
  let headers: string[] | null = null;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    if (!isBlank(next.value.values)) {
      headers = next.value.values.map((h) => h.trim());
      break;
    }
  }
  if (!headers) throw fileError("noData");
  while (headers.length > 0 && headers[headers.length - 1] === "") headers.pop();
  if (headers.length > MAX_IMPORT_COLUMNS) throw fileError("tooManyColumns", { max: MAX_IMPORT_COLUMNS });
  const width = headers.length;
  async function* rows(): AsyncGenerator<ImportRow> {
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        const { rowNumber, values } = next.value;
        if (isBlank(values)) continue;
        // Cells beyond the header's last column are ignored (they have no name to map).
        yield { rowNumber, values: values.length > width ? values.slice(0, width) : values };
      }
    } finally {
      // Stopped early (a preview, a limit): release the parser.
      await iterator.return?.(undefined);
    }
  }
  return { headers, rows: rows(), encoding };
}

/** Headers and the number of data rows; refuses files with no data or over the row limit. */
export async function inspectImportFile(bytes: Uint8Array, format: ImportFormat): Promise<{ headers: string[]; totalRows: number }> {
  const file = await openImportFile(bytes, format);
  let totalRows = 0;
  for await (const _row of file.rows) {
    totalRows++;
    if (totalRows > MAX_IMPORT_ROWS) throw fileError("tooManyRows", { max: MAX_IMPORT_ROWS });
  }
  if (totalRows === 0) throw fileError("noData");
  return { headers: file.headers, totalRows };
}
