/**
 * Draws a record document (record-documents.rules.ts) as an A4 PDF with pdfkit, in a CJK font that
 * covers Simplified and Traditional Chinese (WenQuanYi Micro Hei from Debian's fonts-wqy-microhei,
 * which scripts/lib.sh `ensure_cjk_font` installs; `CJK_FONT_PATH` points elsewhere). The font is
 * embedded as a subset, so the file reads the same on any machine. A missing font is the server's
 * fault, said once in the log with the fix, and a translated 500 to the reader.
 */
import { existsSync } from "node:fs";
import PDFDocument from "pdfkit";
import { env } from "../../env/index.ts";
import { DomainError } from "../../errors/index.ts";
import type { TFunction } from "../../i18n/index.ts";
import type { DocumentCell, DocumentModel } from "./record-documents.rules.ts";

export const DEFAULT_CJK_FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
/** The face inside the default TrueType collection (the .ttc also holds the monospaced one). */
const DEFAULT_CJK_FONT_FAMILY = "WenQuanYiMicroHei";

/** Where the font is: `CJK_FONT_PATH` (a .ttf/.otf, or a .ttc with `CJK_FONT_FAMILY`), else Debian's WenQuanYi Micro Hei. */
export function cjkFont(): { path: string; family: string | undefined } {
  const { CJK_FONT_PATH, CJK_FONT_FAMILY } = env();
  const path = CJK_FONT_PATH || DEFAULT_CJK_FONT_PATH;
  const family = CJK_FONT_PATH ? CJK_FONT_FAMILY || undefined : DEFAULT_CJK_FONT_FAMILY;
  if (!existsSync(path)) {
    console.error(`[record-documents] no CJK font at ${path}: run scripts/start.sh (ensure_cjk_font installs fonts-wqy-microhei) or apt-get install -y fonts-wqy-microhei, or set CJK_FONT_PATH`);
    throw new DomainError("INTERNAL", { i18nKey: "recordDocuments.errors.fontMissing" });
  }
  return { path, family };
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const CONTENT_WIDTH = A4.width - MARGIN * 2;
/** Room kept free at the bottom of every page for the generated date and the page number. */
const FOOTER_SPACE = 36;
const FONT = "cjk";
const SIZE = { title: 18, subtitle: 11, body: 10, small: 8 };
const CELL_PAD = 4;

export type RenderOptions = {
  /** Uncompressed content streams (tests read the drawn text back); production compresses. */
  compress?: boolean;
  t: TFunction;
};

function bottom(doc: PDFKit.PDFDocument): number {
  return A4.height - MARGIN - FOOTER_SPACE;
}

function ensureRoom(doc: PDFKit.PDFDocument, height: number, onNewPage?: () => void): void {
  if (doc.y + height <= bottom(doc)) return;
  doc.addPage();
  onNewPage?.();
}

/**
 * Column widths: every column as wide as its widest text (numbers never wrap); when that is more than
 * the page has, only the text columns give way, in proportion to their width; when less, the text
 * columns share what is left.
 */
function columnWidths(table: NonNullable<DocumentModel["lines"]>, doc: PDFKit.PDFDocument): number[] {
  const natural = table.columns.map((column, i) => {
    const texts = [column.text, ...table.rows.map((row) => row[i]?.text ?? ""), table.totals?.[i]?.text ?? ""];
    return Math.min(CONTENT_WIDTH * 0.45, Math.max(...texts.map((text) => doc.widthOfString(text)))) + CELL_PAD * 2 + 1;
  });
  const flexible = table.columns.map((column, i) => i > 0 && column.align === "left");
  const fixed = natural.reduce((sum, width, i) => sum + (flexible[i] ? 0 : width), 0);
  const flexNatural = natural.reduce((sum, width, i) => sum + (flexible[i] ? width : 0), 0);
  if (flexNatural === 0) return natural.map((width) => (width * CONTENT_WIDTH) / (fixed || 1));
  const room = Math.max(CONTENT_WIDTH - fixed, 0);
  const widths = natural.map((width, i) => (flexible[i] ? Math.max(36, (width * room) / flexNatural) : width));
  // Too many wide number columns for A4: everything shrinks alike (numbers then wrap rather than run off the page).
  const total = widths.reduce((sum, width) => sum + width, 0);
  return total > CONTENT_WIDTH ? widths.map((width) => (width * CONTENT_WIDTH) / total) : widths;
}

function rowHeight(doc: PDFKit.PDFDocument, cells: readonly DocumentCell[], widths: readonly number[]): number {
  return Math.max(...cells.map((cell, i) => doc.heightOfString(cell.text || " ", { width: widths[i]! - CELL_PAD * 2 }))) + CELL_PAD * 2;
}

function drawRow(doc: PDFKit.PDFDocument, cells: readonly DocumentCell[], widths: readonly number[], style: { fill?: string; bold?: boolean }): void {
  const height = rowHeight(doc, cells, widths);
  const top = doc.y;
  if (style.fill) doc.save().rect(MARGIN, top, CONTENT_WIDTH, height).fill(style.fill).restore();
  let x = MARGIN;
  cells.forEach((cell, i) => {
    const width = widths[i]!;
    doc.fillColor("#111111").text(cell.text, x + CELL_PAD, top + CELL_PAD, { width: width - CELL_PAD * 2, align: cell.align, lineBreak: true });
    x += width;
  });
  doc.save().moveTo(MARGIN, top + height).lineTo(MARGIN + CONTENT_WIDTH, top + height).lineWidth(style.bold ? 1 : 0.5).strokeColor(style.bold ? "#333333" : "#cccccc").stroke().restore();
  doc.x = MARGIN;
  doc.y = top + height;
}

/** The document as PDF bytes. */
export async function renderDocumentPdf(model: DocumentModel, options: RenderOptions): Promise<Buffer> {
  const font = cjkFont();
  const doc = new PDFDocument({ size: "A4", margin: MARGIN, compress: options.compress ?? true, bufferPages: true, info: { Title: `${model.title} ${model.subtitle}`, Creator: "Qudao" } });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });
  if (font.family) doc.registerFont(FONT, font.path, font.family);
  else doc.registerFont(FONT, font.path);
  doc.font(FONT);

  doc.fontSize(SIZE.title).fillColor("#111111").text(model.title, { align: "center" });
  doc.moveDown(0.2);
  doc.fontSize(SIZE.subtitle).fillColor("#555555").text(model.subtitle, { align: "center" });
  doc.moveDown(1);

  // Header block: label / value pairs, labels in a fixed column.
  doc.fontSize(SIZE.body);
  const labelWidth = Math.min(160, Math.max(60, ...model.header.map((h) => doc.widthOfString(h.label) + 12)));
  for (const { label, value } of model.header) {
    const height = Math.max(doc.heightOfString(label, { width: labelWidth - 8 }), doc.heightOfString(value || " ", { width: CONTENT_WIDTH - labelWidth })) + 4;
    ensureRoom(doc, height);
    const top = doc.y;
    doc.fillColor("#555555").text(label, MARGIN, top, { width: labelWidth - 8 });
    doc.fillColor("#111111").text(value || "—", MARGIN + labelWidth, top, { width: CONTENT_WIDTH - labelWidth });
    doc.x = MARGIN;
    doc.y = top + height;
  }

  if (model.lines) {
    const table = model.lines;
    doc.moveDown(1);
    doc.fontSize(SIZE.body);
    const widths = columnWidths(table, doc);
    const head = () => drawRow(doc, table.columns, widths, { fill: "#eeeeee" });
    ensureRoom(doc, rowHeight(doc, table.columns, widths) * 2);
    head();
    if (table.rows.length === 0) {
      doc.fillColor("#555555").text(table.empty, MARGIN + CELL_PAD, doc.y + CELL_PAD);
      doc.moveDown(0.5);
    }
    for (const row of table.rows) {
      // A row that does not fit starts a new page, under the column headers again.
      ensureRoom(doc, rowHeight(doc, row, widths), head);
      drawRow(doc, row, widths, {});
    }
    if (table.totals) {
      ensureRoom(doc, rowHeight(doc, table.totals, widths), head);
      drawRow(doc, table.totals, widths, { fill: "#f6f6f6", bold: true });
    }
  }

  if (model.footer) {
    doc.moveDown(1.5);
    doc.fontSize(SIZE.body);
    ensureRoom(doc, doc.heightOfString(model.footer, { width: CONTENT_WIDTH }));
    doc.fillColor("#333333").text(model.footer, MARGIN, doc.y, { width: CONTENT_WIDTH });
  }

  // Generated date and page numbers on every page, once the page count is known.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Below the body's bottom margin: without this pdfkit would start a new page for it.
    doc.page.margins.bottom = 0;
    const y = A4.height - MARGIN - SIZE.small - 2;
    doc.fontSize(SIZE.small).fillColor("#777777");
    doc.text(model.generatedAt, MARGIN, y, { width: CONTENT_WIDTH / 2, align: "left", lineBreak: false });
    doc.text(String(options.t("recordDocuments.page", { page: i - range.start + 1, pages: range.count })), MARGIN + CONTENT_WIDTH / 2, y, { width: CONTENT_WIDTH / 2, align: "right", lineBreak: false });
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
