/**
 * One file row → the input the forms submit, checked by the forms' own schemas (ZLeadCreateInput,
 * ZRegistrationInput plus the identity rules a registration applies), with per-field issues as
 * i18n keys. Also the mapping's own checks and the text of a row's reason (every entity). Pure.
 */
import type { TFunction } from "../../i18n/index.ts";
import { validationError } from "../../errors/index.ts";
import { identityKeys } from "../identity/index.ts";
import { normaliseHeader } from "./import-headers.rules.ts";
import { ZLeadCreateInput } from "../leads/leads.schemas.ts";
import { ZRegistrationInput } from "../registrations/registrations.schemas.ts";
import { importFields, type TImportEntity, type TImportMapping, type TPartnerImportEntity } from "./imports.schemas.ts";

export type RowIssue = { field: string; messageKey: string; params?: Record<string, unknown> };
export type LeadRowInput = ReturnType<typeof ZLeadCreateInput.parse>;
export type CustomerRowInput = ReturnType<typeof ZRegistrationInput.parse>;
export type RowCheck<T> = { ok: true; input: T } | { ok: false; issues: RowIssue[] };

/** The row's raw text per mapped field ("" when the field has no column or the row is short). */
export function mappedValues(entity: TImportEntity, mapping: TImportMapping, values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { field } of importFields(entity)) {
    const column = mapping[field];
    out[field] = column === null || column === undefined ? "" : (values[column] ?? "");
  }
  return out;
}

/** zod details ("customer.phone", "note") → the import field they belong to. */
function issuesFrom(error: Parameters<typeof validationError>[0]): RowIssue[] {
  return validationError(error).details.map((d) => ({
    field: d.path.replace(/^customer\.?/, ""),
    messageKey: d.message,
    ...(d.params && Object.keys(d.params).length > 0 ? { params: d.params } : {}),
  }));
}

export function checkLeadRow(values: Record<string, string>): RowCheck<LeadRowInput> {
  const parsed = ZLeadCreateInput.safeParse({
    name: values.name,
    company: values.company,
    phone: values.phone,
    email: values.email,
    source: values.source,
    notes: values.notes,
  });
  return parsed.success ? { ok: true, input: parsed.data } : { ok: false, issues: issuesFrom(parsed.error) };
}

const COMPANY_WORDS = new Set(["企业", "公司", "单位", "机构", "法人", "企业客户", "公司客户", "company", "business", "organization", "organisation", "enterprise", "corporate"]);
const PERSON_WORDS = new Set(["个人", "自然人", "个人客户", "个体", "person", "individual", "personal", "private"]);

/** 企业 / 公司 / company → company, 个人 / 自然人 / person → person (Traditional too); blank means company. */
export function customerKind(raw: string): "company" | "person" | null {
  const word = normaliseHeader(raw);
  if (word === "" || COMPANY_WORDS.has(word)) return "company";
  if (PERSON_WORDS.has(word)) return "person";
  return null;
}

export function checkCustomerRow(values: Record<string, string>): RowCheck<CustomerRowInput> {
  const issues: RowIssue[] = [];
  const kind = customerKind(values.kind ?? "");
  if (!kind) issues.push({ field: "kind", messageKey: "imports.errors.invalidKind" });
  const parsed = ZRegistrationInput.safeParse({
    customer: { kind: kind ?? "company", name: values.name, phone: values.phone, email: values.email, uscc: values.uscc, city: values.city },
    note: values.note,
  });
  if (!parsed.success) return { ok: false, issues: [...issues, ...issuesFrom(parsed.error)] };
  // What registerCustomer refuses before deciding: an identity with nothing to match on.
  const identity = identityKeys(parsed.data.customer);
  for (const error of identity.errors) issues.push({ field: error.path.replace(/^customer\.?/, ""), messageKey: error.message });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, input: parsed.data };
}

/** A partner import's row (leads, customers); orders and refunds are checked in import-orders.rules.ts. */
export function checkRow(entity: TPartnerImportEntity, values: Record<string, string>): RowCheck<LeadRowInput | CustomerRowInput> {
  return entity === "leads" ? checkLeadRow(values) : checkCustomerRow(values);
}

export type MappingIssue = { messageKey: string; params: Record<string, unknown>; fieldKeys: string[] };

/**
 * What is wrong with a mapping for a file with `columnCount` columns: a required field without a
 * column, a column that does not exist, one column for two fields, a field the entity does not have.
 */
export function mappingIssues(entity: TImportEntity, mapping: TImportMapping, columnCount: number): MappingIssue[] {
  const issues: MappingIssue[] = [];
  const fields = importFields(entity);
  const label = (field: string) => `imports.fields.${entity}.${field}`;
  for (const key of Object.keys(mapping)) {
    if (!fields.some((f) => f.field === key)) issues.push({ messageKey: "errors.field.unknownField", params: {}, fieldKeys: [] });
  }
  const byColumn = new Map<number, string>();
  for (const { field, required } of fields) {
    const column = mapping[field];
    if (column === null || column === undefined) {
      if (required) issues.push({ messageKey: "imports.errors.requiredFieldUnmapped", params: {}, fieldKeys: [label(field)] });
      continue;
    }
    if (column >= columnCount) {
      issues.push({ messageKey: "imports.errors.columnOutOfRange", params: {}, fieldKeys: [] });
      continue;
    }
    const other = byColumn.get(column);
    if (other) issues.push({ messageKey: "imports.errors.duplicateColumn", params: {}, fieldKeys: [label(other), label(field)] });
    else byColumn.set(column, field);
  }
  return issues;
}

/** A mapping issue's message parameters, with the field labels translated. */
export function mappingIssueParams(issue: MappingIssue, t: TFunction): Record<string, unknown> {
  const labels = issue.fieldKeys.map((key) => String(t(key)));
  return { ...issue.params, ...(labels.length === 1 ? { field: labels[0] } : {}), ...(labels.length === 2 ? { first: labels[0], second: labels[1] } : {}) };
}

/** A mapping issue as text in the user's language. */
export function mappingIssueText(issue: MappingIssue, t: TFunction): string {
  return String(t(issue.messageKey, mappingIssueParams(issue, t)));
}

/** "电话：请输入有效的手机或座机号码。；邮箱：请输入有效的邮箱地址。" — a row's issues in one cell. */
export function rowReason(entity: TImportEntity, issues: readonly RowIssue[], t: TFunction): string {
  return issues.map((issue) => issueText(entity, issue, t)).join(String(t("imports.errorFile.separator")));
}

export function issueText(entity: TImportEntity, issue: RowIssue, t: TFunction): string {
  const message = String(t(issue.messageKey, issue.params ?? {}));
  const known = importFields(entity).some((f) => f.field === issue.field);
  return known ? String(t("imports.errorFile.fieldError", { field: t(`imports.fields.${entity}.${issue.field}`), message })) : message;
}
