/**
 * Imports of plugin object records (ADR 026): which columns a file of an `importable` object
 * can fill (the object's form fields and manyToOne relations), which header names which field (its
 * name, or its label in any locale), and a row's cells as the values the object's form would submit
 * (numbers as spreadsheets write them, 是/否 for booleans, option labels for options). Relations and
 * reference fields are left as lookups (a title or an id) for the service to resolve in the
 * importer's scope. The values themselves are checked by the host's own `checkValue`. Pure.
 */
import { Converter } from "opencc-js";
import type { TCustomObject, TFieldDefinition, TLocalizedText } from "@qudao/plugins/manifest";
import type { Locale, TFunction } from "../../i18n/index.ts";
import { checkValue } from "../plugins/custom-values.rules.ts";
import { normaliseHeader } from "./import-headers.rules.ts";
import { plainNumber, readImportTime } from "./import-orders.rules.ts";
import type { RowIssue } from "./import-rows.rules.ts";
import type { TImportMapping } from "./imports.schemas.ts";

/** One column a plugin object's file can fill. `lookup` names the object a cell's title or id is looked up in. */
export type PluginImportField = {
  field: string;
  required: boolean;
  label: TLocalizedText;
  definition: TFieldDefinition;
  lookup: string | null;
};

let toTraditional: ((text: string) => string) | undefined;

/** A manifest text in `locale` (zh-TW converted from zh-CN when the plugin gave none). */
export function localizedText(text: TLocalizedText, locale: Locale): string {
  if (locale === "zh-TW") {
    if (text["zh-TW"]) return text["zh-TW"];
    toTraditional ??= Converter({ from: "cn", to: "tw" });
    return toTraditional(text["zh-CN"]);
  }
  return text[locale];
}

/**
 * The importable columns, in form order: the form's fields that users write (not computed) and its
 * manyToOne relations. A reference field, like a relation, is filled by the title or id of its target.
 */
export function pluginImportFields(object: TCustomObject): PluginImportField[] {
  const out: PluginImportField[] = [];
  for (const name of object.views.form.fields) {
    const field = object.fields.find((f) => f.name === name);
    if (field) {
      if (field.computed) continue;
      out.push({ field: field.name, required: field.required, label: field.label, definition: field, lookup: field.type === "reference" ? (field.reference ?? null) : null });
      continue;
    }
    const relation = object.relations.find((r) => r.name === name);
    if (!relation || relation.kind !== "manyToOne") continue;
    out.push({
      field: relation.name,
      required: relation.required,
      label: relation.label,
      definition: { name: relation.name, type: "reference", label: relation.label, required: relation.required, computed: false, personal: false, unique: false, reference: relation.to },
      lookup: relation.to,
    });
  }
  return out;
}

function headerWords(field: PluginImportField): string[] {
  const texts = [field.field, field.label["zh-CN"], field.label["zh-TW"] ?? "", field.label.en];
  return [...new Set(texts.map(normaliseHeader).filter((w) => w.length > 0))];
}

/** 3: the header is the field's name or one of its labels; 2: it contains a label (两个字以上); 0: neither. */
export function pluginHeaderScore(field: PluginImportField, header: string): number {
  const normalised = normaliseHeader(header);
  if (!normalised) return 0;
  const words = headerWords(field);
  if (words.includes(normalised)) return 3;
  if (words.some((word) => word.length >= 2 && normalised.includes(word))) return 2;
  return 0;
}

/** Each field gets the best-scoring column not taken by a better match (exact before partial, leftmost on a tie). */
export function suggestPluginMapping(fields: readonly PluginImportField[], headers: readonly string[]): TImportMapping {
  const candidates: Array<{ field: string; column: number; score: number; order: number }> = [];
  fields.forEach((field, order) => {
    headers.forEach((header, column) => {
      const score = pluginHeaderScore(field, header);
      if (score > 0) candidates.push({ field: field.field, column, score, order });
    });
  });
  candidates.sort((a, b) => b.score - a.score || a.column - b.column || a.order - b.order);
  const mapping: TImportMapping = Object.fromEntries(fields.map(({ field }) => [field, null]));
  const taken = new Set<number>();
  for (const candidate of candidates) {
    if (mapping[candidate.field] !== null || taken.has(candidate.column)) continue;
    mapping[candidate.field] = candidate.column;
    taken.add(candidate.column);
  }
  return mapping;
}

/** The row's raw text per importable field ("" when unmapped or the row is short). */
export function pluginMappedValues(fields: readonly PluginImportField[], mapping: TImportMapping, values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { field } of fields) {
    const column = mapping[field];
    out[field] = column === null || column === undefined ? "" : (values[column] ?? "");
  }
  return out;
}

export type PluginMappingIssue = { messageKey: string; fields: string[] };

/** A required field without a column, a column that is not there, one column for two fields, a field the object does not import. */
export function pluginMappingIssues(fields: readonly PluginImportField[], mapping: TImportMapping, columnCount: number): PluginMappingIssue[] {
  const issues: PluginMappingIssue[] = [];
  for (const key of Object.keys(mapping)) {
    if (!fields.some((f) => f.field === key)) issues.push({ messageKey: "errors.field.unknownField", fields: [] });
  }
  const byColumn = new Map<number, string>();
  for (const { field, required } of fields) {
    const column = mapping[field];
    if (column === null || column === undefined) {
      if (required) issues.push({ messageKey: "imports.errors.requiredFieldUnmapped", fields: [field] });
      continue;
    }
    if (column >= columnCount) {
      issues.push({ messageKey: "imports.errors.columnOutOfRange", fields: [] });
      continue;
    }
    const other = byColumn.get(column);
    if (other) issues.push({ messageKey: "imports.errors.duplicateColumn", fields: [other, field] });
    else byColumn.set(column, field);
  }
  return issues;
}

/** The message parameters of a mapping issue, with the fields' labels in `locale`. */
export function pluginMappingIssueParams(issue: PluginMappingIssue, fields: readonly PluginImportField[], locale: Locale): Record<string, string> {
  const labels = issue.fields.map((name) => {
    const field = fields.find((f) => f.field === name);
    return field ? localizedText(field.label, locale) : name;
  });
  if (labels.length === 1) return { field: labels[0]! };
  if (labels.length === 2) return { first: labels[0]!, second: labels[1]! };
  return {};
}

const TRUE_WORDS = new Set(["true", "yes", "y", "1", "是", "对", "有", "√", "✓", "x"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0", "否", "不", "不是", "无", "没有", "×"]);
const DAY = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;

function optionValue(definition: TFieldDefinition, text: string): string {
  const wanted = normaliseHeader(text);
  const option = (definition.options ?? []).find(
    (o) => o.value === text || [o.value, o.label["zh-CN"], o.label["zh-TW"] ?? "", o.label.en].some((word) => word !== "" && normaliseHeader(word) === wanted),
  );
  return option ? option.value : text;
}

/** A cell's text as the form would submit it for this field (checkValue then judges it). */
export function cellInput(definition: TFieldDefinition, raw: string, timeZone: string): unknown {
  const text = raw.trim();
  if (text === "") return null;
  switch (definition.type) {
    case "integer":
    case "decimal":
      return plainNumber(text.replace(/\s+/g, ""));
    case "boolean": {
      const word = normaliseHeader(text);
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      return text;
    }
    case "select":
      return optionValue(definition, text);
    case "multiSelect":
      return text
        .split(/[,，;；、]/)
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => optionValue(definition, part));
    case "date": {
      const day = DAY.exec(text) ?? DAY.exec(text.replace(/[ T]00:00(:00)?$/, ""));
      return day ? `${day[1]}-${day[2]!.padStart(2, "0")}-${day[3]!.padStart(2, "0")}` : text;
    }
    case "datetime":
      return readImportTime(text, timeZone)?.toISOString() ?? text;
    default:
      return text;
  }
}

/** A cell of a relation or reference field: the target's title or id, looked up by the service. */
export type PluginLookup = { field: string; target: string; text: string };

export type PluginRowCheck = { values: Record<string, unknown>; lookups: PluginLookup[]; issues: RowIssue[] };

/**
 * One row: each mapped field's cell as a checked value (blank ones are left out, so the form's
 * defaults and required checks apply), lookups for relation cells, and the problems found.
 */
export function checkPluginRow(fields: readonly PluginImportField[], mapping: TImportMapping, cells: Record<string, string>, timeZone: string): PluginRowCheck {
  const values: Record<string, unknown> = {};
  const lookups: PluginLookup[] = [];
  const issues: RowIssue[] = [];
  for (const field of fields) {
    const mapped = mapping[field.field] !== null && mapping[field.field] !== undefined;
    const text = (cells[field.field] ?? "").trim();
    if (text === "") {
      if (field.required) issues.push({ field: field.field, messageKey: "errors.field.required" });
      continue;
    }
    if (!mapped) continue;
    if (field.lookup) {
      lookups.push({ field: field.field, target: field.lookup, text });
      continue;
    }
    const result = checkValue(field.definition, cellInput(field.definition, text, timeZone));
    if ("issue" in result) issues.push({ field: field.field, messageKey: result.issue.message, ...(result.issue.params ? { params: result.issue.params } : {}) });
    else values[field.field] = result.value;
  }
  return { values, lookups, issues };
}

/** An issue as text: "规格：请输入数字。" for a field of the object, the bare message otherwise. */
export function pluginIssueText(fields: readonly PluginImportField[], issue: RowIssue, t: TFunction, locale: Locale): string {
  const message = String(t(issue.messageKey, issue.params ?? {}));
  const field = fields.find((f) => f.field === issue.field);
  return field ? String(t("imports.errorFile.fieldError", { field: localizedText(field.label, locale), message })) : message;
}

export function pluginRowReason(fields: readonly PluginImportField[], issues: readonly RowIssue[], t: TFunction, locale: Locale): string {
  return issues.map((issue) => pluginIssueText(fields, issue, t, locale)).join(String(t("imports.errorFile.separator")));
}
