/**
 * Values of plugin fields (on core records' `customFields`, and in plugin object records) checked
 * against the installed manifest's field definitions. Pure: the same rules in forms, the API and
 * intents. Money-like decimals stay strings; dates are ISO strings.
 */
import type { TCustomObject, TFieldDefinition } from "@qudao/plugins/manifest";

export type ValueIssue = { path: string; message: string; params?: Record<string, string | number> };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^-?\d{1,16}(\.\d{1,6})?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_PATTERN = /^https?:\/\/[^\s]+$/;
const PHONE = /^[+\d\s\-().]{5,40}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0);
}

/** One value: the normalised value, or an issue (i18n key in `plugins.values.*`). */
export function checkValue(field: TFieldDefinition, raw: unknown): { value: unknown } | { issue: Omit<ValueIssue, "path"> } {
  if (isBlank(raw)) return field.required ? { issue: { message: "errors.field.required" } } : { value: null };
  const text = typeof raw === "string" ? raw.trim() : raw;
  switch (field.type) {
    case "text":
    case "longText": {
      if (typeof text !== "string") return { issue: { message: "plugins.values.text" } };
      const max = field.maxLength ?? (field.type === "text" ? 500 : 10000);
      return text.length > max ? { issue: { message: "errors.field.tooLong" } } : { value: text };
    }
    case "integer": {
      const n = typeof text === "number" ? text : typeof text === "string" && /^-?\d{1,15}$/.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(n)) return { issue: { message: "plugins.values.integer" } };
      return rangeIssue(field, n) ?? { value: n };
    }
    case "decimal": {
      const s = typeof text === "number" ? String(text) : text;
      if (typeof s !== "string" || !DECIMAL.test(s)) return { issue: { message: "plugins.values.decimal" } };
      return rangeIssue(field, Number(s)) ?? { value: s };
    }
    case "boolean":
      if (typeof text === "boolean") return { value: text };
      if (text === "true" || text === "on") return { value: true };
      if (text === "false" || text === "off") return { value: false };
      return { issue: { message: "plugins.values.boolean" } };
    case "date":
      return typeof text === "string" && DATE.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) ? { value: text } : { issue: { message: "plugins.values.date" } };
    case "datetime": {
      if (typeof text !== "string" || Number.isNaN(Date.parse(text))) return { issue: { message: "plugins.values.datetime" } };
      return { value: new Date(text).toISOString() };
    }
    case "select": {
      const allowed = new Set((field.options ?? []).map((o) => o.value));
      return typeof text === "string" && allowed.has(text) ? { value: text } : { issue: { message: "plugins.values.option", params: { value: String(text) } } };
    }
    case "multiSelect": {
      const list = Array.isArray(text) ? text : typeof text === "string" ? text.split(",").map((v) => v.trim()).filter(Boolean) : null;
      // A manyToMany relation (objectFields): a list of record ids, not options.
      if (field.reference !== undefined && field.options === undefined) {
        if (!list || list.length > 500 || list.some((v) => typeof v !== "string" || !UUID.test(v))) return { issue: { message: "plugins.values.reference" } };
        return { value: [...new Set((list as string[]).map((v) => v.toLowerCase()))] };
      }
      const allowed = new Set((field.options ?? []).map((o) => o.value));
      if (!list || list.some((v) => typeof v !== "string" || !allowed.has(v))) return { issue: { message: "plugins.values.option", params: { value: String(text) } } };
      return { value: [...new Set(list as string[])] };
    }
    case "email":
      return typeof text === "string" && text.length <= 254 && EMAIL.test(text) ? { value: text.toLowerCase() } : { issue: { message: "errors.field.email" } };
    case "phone":
      return typeof text === "string" && PHONE.test(text) && text.replace(/\D/g, "").length >= 5 ? { value: text } : { issue: { message: "errors.field.phone" } };
    case "url":
      return typeof text === "string" && text.length <= 2000 && URL_PATTERN.test(text) ? { value: text } : { issue: { message: "plugins.values.url" } };
    case "reference":
      return typeof text === "string" && UUID.test(text) ? { value: text.toLowerCase() } : { issue: { message: "plugins.values.reference" } };
  }
}

function rangeIssue(field: TFieldDefinition, n: number): { issue: Omit<ValueIssue, "path"> } | null {
  if (field.min !== undefined && n < field.min) return { issue: { message: "plugins.values.min", params: { min: field.min } } };
  if (field.max !== undefined && n > field.max) return { issue: { message: "plugins.values.max", params: { max: field.max } } };
  return null;
}

export type CheckedValues = { values: Record<string, unknown>; issues: ValueIssue[] };

/**
 * Values for a set of fields. `partial` (an update) checks only the keys given; a create checks every
 * field (required ones must be there). Unknown keys and computed fields written by users are issues,
 * so nothing is silently dropped.
 */
export function checkValues(
  fields: readonly TFieldDefinition[],
  input: Record<string, unknown>,
  options: { partial: boolean; allowComputed?: boolean; pathPrefix?: string },
): CheckedValues {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const values: Record<string, unknown> = {};
  const issues: ValueIssue[] = [];
  const path = (name: string) => (options.pathPrefix ? `${options.pathPrefix}.${name}` : name);
  for (const key of Object.keys(input)) {
    const field = byName.get(key);
    if (!field) issues.push({ path: path(key), message: "plugins.values.unknownField" });
    else if (field.computed && !options.allowComputed) issues.push({ path: path(key), message: "plugins.values.computed" });
  }
  for (const field of fields) {
    if (field.computed && !options.allowComputed) continue;
    if (options.partial && !(field.name in input)) continue;
    const result = checkValue(field, input[field.name]);
    if ("issue" in result) issues.push({ path: path(field.name), ...result.issue });
    else values[field.name] = result.value;
  }
  return { values, issues };
}

/** The text a record is listed under: its title field, else its id. */
export function recordTitle(titleField: string, values: Record<string, unknown>, fallback: string): string {
  const raw = values[titleField];
  const text = raw === null || raw === undefined ? "" : Array.isArray(raw) ? raw.join(", ") : String(raw);
  return text.trim().slice(0, 300) || fallback;
}

/** A plugin object's writable shape: its fields plus its relations (an id, or a list of ids). */
export function objectFields(object: TCustomObject): TFieldDefinition[] {
  const relations: TFieldDefinition[] = object.relations.map((r) => ({
    name: r.name,
    type: r.kind === "manyToOne" ? "reference" : "multiSelect",
    label: r.label,
    required: r.required,
    computed: false,
    personal: false,
    unique: false,
    reference: r.to,
  }));
  return [...object.fields, ...relations];
}
