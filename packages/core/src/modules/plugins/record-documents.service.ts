/**
 * A plugin record's printable document (ADR 026): the record as its object's
 * `views.document` describes it, with its line records (the line object's records whose named
 * manyToOne relation points at it), as an A4 PDF in the reader's language. Everything is read in the
 * reader's scope: a record they cannot see is 404, lines and referenced records they cannot see are
 * left out (a reference then shows its id).
 */
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db } from "../../db/index.ts";
import { env } from "../../env/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { translator, type Locale } from "../../i18n/index.ts";
import { ZId } from "../shared.schemas.ts";
import { getCustomRecord, objectDefinition } from "./custom-objects.service.ts";
import { renderDocumentPdf } from "./record-documents.pdf.ts";
import { documentModel, fieldsByName, referencedIds, type ReferenceTitles } from "./record-documents.rules.ts";

/** Most lines one document lists (a quote, an order confirmation). */
export const MAX_DOCUMENT_LINES = 1_000;

const CORE_TITLES: Record<string, (ids: string[]) => Promise<Array<{ id: string; title: string | null }>>> = {
  customer: (ids) => db.customer.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }).then((rows) => rows.map((r) => ({ id: r.id, title: r.name }))),
  lead: (ids) => db.lead.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }).then((rows) => rows.map((r) => ({ id: r.id, title: r.name }))),
  opportunity: (ids) => db.opportunity.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }).then((rows) => rows.map((r) => ({ id: r.id, title: r.name }))),
  order: (ids) => db.order.findMany({ where: { id: { in: ids } }, select: { id: true, externalId: true } }).then((rows) => rows.map((r) => ({ id: r.id, title: r.externalId }))),
  task: (ids) => db.task.findMany({ where: { id: { in: ids } }, select: { id: true, title: true } }).then((rows) => rows.map((r) => ({ id: r.id, title: r.title }))),
  partner: (ids) => db.partner.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }).then((rows) => rows.map((r) => ({ id: r.id, title: r.name }))),
};

/** Titles of the referenced records the reader may see (through the scoped client). */
async function referenceTitles(targets: Map<string, Set<string>>): Promise<ReferenceTitles> {
  const titles: ReferenceTitles = {};
  for (const [target, idSet] of targets) {
    const ids = [...idSet].filter((id) => ZId.safeParse(id).success);
    if (ids.length === 0) continue;
    const rows = CORE_TITLES[target]
      ? await CORE_TITLES[target](ids)
      : await db.customObjectRecord.findMany({ where: { id: { in: ids }, object: target }, select: { id: true, title: true } });
    for (const row of rows) if (row.title) titles[row.id] = row.title;
  }
  return titles;
}

export type RecordDocument = { fileName: string; contentType: "application/pdf"; bytes: Buffer };

/** The PDF of record `id` of `objectName`, for `actor`, in `locale`. */
export async function renderRecordDocument(actor: Actor, objectName: string, id: string, locale: Locale, options: { now?: Date; compress?: boolean } = {}): Promise<RecordDocument> {
  requirePermission(actor, "customObject:read");
  const record = await getCustomRecord(actor, id);
  if (record.object !== objectName) throw notFound("CustomObjectRecord");
  const { install, object } = await objectDefinition(actor, record.object);
  const view = object.views.document;
  if (!view) throw new DomainError("NOT_FOUND", { i18nKey: "recordDocuments.errors.noDocument" });
  const lineObject = view.lines ? (install.manifest.contributes.objects.find((o) => o.name === view.lines!.object) ?? null) : null;
  const lineRows =
    view.lines && lineObject
      ? await db.customObjectRecord.findMany({
          where: { object: lineObject.name, values: { path: [view.lines.relation], equals: record.id } },
          orderBy: { id: "asc" },
          take: MAX_DOCUMENT_LINES,
          select: { values: true },
        })
      : [];
  const lines = lineRows.map((row) => (row.values ?? {}) as Record<string, unknown>);
  const targets = referencedIds(fieldsByName(object), view.fields, [record.values]);
  if (view.lines && lineObject) {
    for (const [target, ids] of referencedIds(fieldsByName(lineObject), view.lines.columns, lines)) {
      const set = targets.get(target) ?? new Set<string>();
      for (const one of ids) set.add(one);
      targets.set(target, set);
    }
  }
  const t = translator(locale);
  const model = documentModel({
    view,
    object,
    record,
    lineObject,
    lines,
    titles: await referenceTitles(targets),
    locale,
    t,
    timeZone: env().PLATFORM_TIMEZONE,
    now: options.now ?? new Date(),
  });
  const bytes = await renderDocumentPdf(model, { t, ...(options.compress === undefined ? {} : { compress: options.compress }) });
  const safeTitle = `${model.title}-${record.title}`.replace(/[\\/:*?"<>|\r\n]+/g, " ").trim().slice(0, 120);
  return { fileName: `${safeTitle || "document"}.pdf`, contentType: "application/pdf", bytes };
}
