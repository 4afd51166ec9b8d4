/**
 * Export a list as CSV (UTF-8 with BOM) or XLSX, with the list page's filters, in the actor's scope,
 * page by page (keyset, 200 rows a page): 100 000 rows never sit in memory at once. The first page
 * is read before the response starts, so a bad filter or a missing right is an ordinary error
 * answer; the rest streams as the client reads.
 */
import { once } from "node:events";
import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { requirePermission, requireUserActor, type Actor } from "../../actor/index.ts";
import { db, runAsActor } from "../../db/index.ts";
import { env } from "../../env/index.ts";
import { DomainError } from "../../errors/index.ts";
import { translator, type Locale, type TFunction } from "../../i18n/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { exportDefinition, type ExportCell, type ExportColumn, type ExportDefinition, type ExportPage } from "./exports.registry.ts";
import { contentDisposition, csvLine, formatDateTime, spreadsheetDate, UTF8_BOM } from "./spreadsheet.rules.ts";

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Rows per page read from the list (the lists' maximum page). */
export const EXPORT_PAGE_SIZE = 200;

export type ExportFile = {
  fileName: string;
  contentType: string;
  /** Ready for a Content-Disposition header (ASCII fallback + the real name). */
  disposition: string;
  body: ReadableStream<Uint8Array>;
};

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

type Source = {
  actor: Actor;
  definition: ExportDefinition<unknown>;
  filter: Record<string, unknown>;
  locale: Locale;
  pageSize: number;
};

/** Every page after `first`, each read as the actor (the stream is pulled outside the request's async context). */
async function* pages(source: Source, first: ExportPage<unknown>): AsyncGenerator<unknown[]> {
  let page: ExportPage<unknown> | null = first;
  while (page) {
    yield page.items;
    const cursor: string | null = page.nextCursor;
    page = cursor ? await runAsActor(source.actor, () => source.definition.page(source.actor, source.filter, cursor, source.pageSize, source.locale)) : null;
  }
}

function csvText(cell: ExportCell, timeZone: string): string {
  if (cell === null) return "";
  if (cell instanceof Date) return formatDateTime(cell, timeZone);
  return String(cell);
}

function csvBody(columns: ReadonlyArray<ExportColumn<unknown>>, rows: AsyncGenerator<unknown[]>, t: TFunction, timeZone: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(UTF8_BOM + csvLine(columns.map((c) => String(t(c.header))))));
    },
    async pull(controller) {
      const next = await rows.next();
      if (next.done) {
        controller.close();
        return;
      }
      const text = next.value.map((row) => csvLine(columns.map((c) => csvText(c.value(row, t), timeZone)))).join("");
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}

function xlsxBody(columns: ReadonlyArray<ExportColumn<unknown>>, rows: AsyncGenerator<unknown[]>, t: TFunction, timeZone: string, sheetName: string): ReadableStream<Uint8Array> {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.columns = columns.map((c) => ({ header: String(t(c.header)), key: c.key, width: Math.max(12, String(t(c.header)).length * 2 + 4) }));
  void (async () => {
    try {
      for await (const page of rows) {
        for (const row of page) {
          const cells = columns.map((c) => c.value(row, t));
          const added = sheet.addRow(cells.map((cell) => (cell instanceof Date ? spreadsheetDate(cell, timeZone) : cell)));
          cells.forEach((cell, i) => {
            if (cell instanceof Date) added.getCell(i + 1).numFmt = "yyyy-mm-dd hh:mm";
          });
          added.commit();
        }
        // The client reads slower than the list is read: wait instead of buffering the file.
        if (output.writableNeedDrain) await once(output, "drain");
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      output.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  return Readable.toWeb(output) as unknown as ReadableStream<Uint8Array>;
}

/** "线索-2026-11-24.csv" in the user's language, and an ASCII twin for old clients. */
function fileNames(t: TFunction, definition: ExportDefinition<unknown>, entity: string, format: ExportFormat, timeZone: string): { fileName: string; ascii: string } {
  const date = formatDateTime(new Date(), timeZone).slice(0, 10);
  return { fileName: `${String(t(definition.fileNameKey))}-${date}.${format}`, ascii: `${entity}-${date}.${format}` };
}

/**
 * `query` is the list page's query string: its filters (unknown parameters are ignored) — the
 * same ones the page shows, so what is exported is what the user was looking at, every page of it.
 */
export async function exportList(actor: Actor, entity: string, format: string, query: Record<string, string>, locale: Locale, pageSize = EXPORT_PAGE_SIZE): Promise<ExportFile> {
  const user = requireUserActor(actor);
  requirePermission(user, "export:run");
  const definition = exportDefinition(entity);
  if (!definition) throw new DomainError("NOT_FOUND", { i18nKey: "imports.export.unknownEntity" });
  if (!isExportFormat(format)) {
    throw new DomainError("VALIDATION_FAILED", { i18nKey: "imports.export.unknownFormat", details: [{ path: "format", message: "imports.export.unknownFormat" }] });
  }
  const filter = definition.filter.parse(query);
  const source: Source = { actor: user, definition, filter, locale, pageSize: Math.min(Math.max(1, pageSize), EXPORT_PAGE_SIZE) };
  // The first page now: a list the actor may not read, or a bad filter, fails before anything is sent.
  const first = await runAsActor(user, () => definition.page(user, filter, null, source.pageSize, locale));
  await runAsActor(user, () =>
    db.$transaction((tx) =>
      recordAudit(tx, user, { action: "export.run", entityType: "Export", entityId: entity, after: { entity, format, filter } }),
    ),
  );
  const t = translator(locale);
  const timeZone = env().PLATFORM_TIMEZONE;
  const columns = definition.columns(user);
  const rows = pages(source, first);
  const { fileName, ascii } = fileNames(t, definition, entity, format, timeZone);
  return {
    fileName,
    contentType: CONTENT_TYPES[format],
    disposition: contentDisposition(fileName, ascii),
    body: format === "csv" ? csvBody(columns, rows, t, timeZone) : xlsxBody(columns, rows, t, timeZone, String(t(definition.fileNameKey))),
  };
}
