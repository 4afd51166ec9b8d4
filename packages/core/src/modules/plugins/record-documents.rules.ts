/**
 * What a plugin record's PDF document says (ADR 026), before any drawing: the title, the
 * header block as label/value pairs, the lines table with its column totals, the footer — every text
 * in the reader's language, decimals with at least two places (money), sums exact (decimal.js).
 * Pure: the service reads the records, record-documents.pdf.ts draws this.
 */
import Decimal from "decimal.js";
import type { TCustomObject, TFieldDefinition, TObjectDocumentView } from "@qudao/plugins/manifest";
import type { Locale, TFunction } from "../../i18n/index.ts";
import { localizedText } from "../imports/plugin-record-import.rules.ts";

export type DocumentCell = { text: string; align: "left" | "right" };
export type DocumentModel = {
  title: string;
  /** The record's own title under the document's. */
  subtitle: string;
  header: Array<{ label: string; value: string }>;
  lines: { columns: DocumentCell[]; rows: DocumentCell[][]; totals: DocumentCell[] | null; empty: string } | null;
  footer: string | null;
  generatedAt: string;
};

/** `{ id → title }` of the records (and partners, customers…) reference values point at, as the reader may see them. */
export type ReferenceTitles = Record<string, string>;

/** "1234567.5" → "1,234,567.50": grouped, at least two places (more only when the value has them). */
export function formatDecimal(value: string | number): string {
  const number = new Decimal(value);
  const text = number.toFixed(Math.max(2, number.decimalPlaces()));
  const [whole = "0", fraction] = text.split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const digits = sign ? whole.slice(1) : whole;
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${fraction ? `.${fraction}` : ""}`;
}

function isNumeric(field: TFieldDefinition | undefined): boolean {
  return field?.type === "integer" || field?.type === "decimal";
}

/** A stored value as the reader reads it: option labels, 是/否, dates as written, references by title. */
export function formatValue(field: TFieldDefinition, value: unknown, locale: Locale, t: TFunction, titles: ReferenceTitles, timeZone: string): string {
  if (value === null || value === undefined || value === "") return "";
  const option = (v: unknown) => {
    const found = (field.options ?? []).find((o) => o.value === v);
    return found ? localizedText(found.label, locale) : String(v);
  };
  switch (field.type) {
    case "integer":
      return typeof value === "number" || typeof value === "string" ? new Decimal(value).toFixed(0).replace(/\B(?=(\d{3})+(?!\d))/g, ",") : String(value);
    case "decimal":
      return typeof value === "number" || typeof value === "string" ? formatDecimal(value) : String(value);
    case "boolean":
      return String(t(value === true ? "recordDocuments.yes" : "recordDocuments.no"));
    case "select":
      return option(value);
    case "multiSelect":
      return (Array.isArray(value) ? value : [value]).map(option).join(locale === "en" ? ", " : "、");
    case "datetime": {
      const at = new Date(String(value));
      if (Number.isNaN(at.getTime())) return String(value);
      return new Intl.DateTimeFormat(locale, { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false }).format(at);
    }
    case "reference":
      return (Array.isArray(value) ? value : [value]).map((id) => titles[String(id)] ?? String(id)).join(", ");
    default:
      return Array.isArray(value) ? value.join(", ") : String(value);
  }
}

/** The object's fields and relations by name, relations as reference fields (as forms show them). */
export function fieldsByName(object: TCustomObject): Map<string, TFieldDefinition> {
  const map = new Map<string, TFieldDefinition>(object.fields.map((f) => [f.name, f]));
  for (const relation of object.relations) {
    map.set(relation.name, { name: relation.name, type: "reference", label: relation.label, required: relation.required, computed: false, personal: false, unique: false, reference: relation.to });
  }
  return map;
}

/** Every id a set of records' reference values (among `names`) point at, per target object. */
export function referencedIds(fields: Map<string, TFieldDefinition>, names: readonly string[], records: ReadonlyArray<Record<string, unknown>>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const name of names) {
    const field = fields.get(name);
    if (field?.type !== "reference" || !field.reference) continue;
    for (const values of records) {
      const raw = values[name];
      for (const id of Array.isArray(raw) ? raw : raw === null || raw === undefined ? [] : [raw]) {
        const set = out.get(field.reference) ?? new Set<string>();
        set.add(String(id));
        out.set(field.reference, set);
      }
    }
  }
  return out;
}

export function documentModel(input: {
  view: TObjectDocumentView;
  object: TCustomObject;
  record: { title: string; values: Record<string, unknown> };
  lineObject: TCustomObject | null;
  lines: ReadonlyArray<Record<string, unknown>>;
  titles: ReferenceTitles;
  locale: Locale;
  t: TFunction;
  timeZone: string;
  now: Date;
}): DocumentModel {
  const { view, object, record, lineObject, lines, titles, locale, t, timeZone, now } = input;
  const fields = fieldsByName(object);
  const header = view.fields.flatMap((name) => {
    const field = fields.get(name);
    return field ? [{ label: localizedText(field.label, locale), value: formatValue(field, record.values[name], locale, t, titles, timeZone) }] : [];
  });
  let table: DocumentModel["lines"] = null;
  if (view.lines && lineObject) {
    const lineFields = fieldsByName(lineObject);
    const columns = view.lines.columns.flatMap((name) => {
      const field = lineFields.get(name);
      return field ? [{ name, field }] : [];
    });
    const align = (field: TFieldDefinition): "left" | "right" => (isNumeric(field) ? "right" : "left");
    const rows = lines.map((values, index) => [
      { text: String(index + 1), align: "right" as const },
      ...columns.map(({ name, field }) => ({ text: formatValue(field, values[name], locale, t, titles, timeZone), align: align(field) })),
    ]);
    const summed = new Set(view.lines.totals.filter((name) => isNumeric(lineFields.get(name))));
    const totals =
      summed.size > 0
        ? [
            { text: String(t("recordDocuments.total")), align: "left" as const },
            ...columns.map(({ name, field }) => {
              if (!summed.has(name)) return { text: "", align: "left" as const };
              const sum = lines.reduce((acc, values) => {
                const raw = values[name];
                return typeof raw === "number" || (typeof raw === "string" && raw.trim() !== "") ? acc.plus(new Decimal(raw)) : acc;
              }, new Decimal(0));
              return { text: field.type === "integer" ? formatValue(field, sum.toFixed(0), locale, t, titles, timeZone) : formatDecimal(sum.toFixed()), align: "right" as const };
            }),
          ]
        : null;
    table = {
      columns: [{ text: String(t("recordDocuments.lineNumber")), align: "right" }, ...columns.map(({ field }) => ({ text: localizedText(field.label, locale), align: align(field) }))],
      rows,
      totals,
      empty: String(t("recordDocuments.noLines")),
    };
  }
  const generated = new Intl.DateTimeFormat(locale, { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false }).format(now);
  return {
    title: localizedText(view.title, locale),
    subtitle: record.title,
    header,
    lines: table,
    footer: view.footer ? localizedText(view.footer, locale) : null,
    generatedAt: String(t("recordDocuments.generatedAt", { date: generated })),
  };
}
