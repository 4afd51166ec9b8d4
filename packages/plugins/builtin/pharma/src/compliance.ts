import type { ValidationIssue } from "@qudao/plugins/sdk";
import { halfWidth, text } from "./common.ts";

/**
 * Compliance of what reps write. Two rules of the industry's codes of conduct:
 *
 * - 统方: a representative may not collect or record prescription volumes per doctor. Reports that
 *   mention prescription volumes ("处方量", "开药量", "张主任每月开 200 盒") are refused.
 * - No payment collection: reps promote, they do not collect money ("收款", "回款", "代收货款").
 *
 * Installers may add their own terms (setting `forbiddenTerms`, comma-separated).
 */
const PRESCRIPTION_TERMS = [
  "统方",
  "处方量",
  "处方数",
  "处方张数",
  "开方量",
  "开药量",
  "用药量",
  "月用量",
  "处方金额",
  "prescription volume",
  "prescriptions per",
  "number of prescriptions",
  "scripts per",
  "rx volume",
];
/** "开了 200 盒", "处方 30 支", "每月开200盒", "200盒/月". */
const PRESCRIPTION_PATTERNS = [
  /(开|处方|用了)[^，。,.;；\n]{0,6}?\d+\s*(盒|支|瓶|袋|粒|片|张|boxes|packs)/i,
  /\d+\s*(盒|支|瓶|袋)\s*\/\s*(月|周|天)/,
];
const PAYMENT_TERMS = ["收款", "回款", "代收", "收取货款", "收货款", "收现", "现金", "收钱", "付款码", "收据", "payment collected", "collected payment", "collect payment", "cash payment"];

export type TextFinding = { kind: "prescription" | "payment" | "forbidden"; term: string };

function extraTerms(setting: unknown): string[] {
  return text(setting)
    .split(/[,，、;；\n]/)
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0);
}

/** The first prescription-volume, payment or installer-forbidden term in a text, or null. */
export function scanText(value: unknown, forbiddenSetting: unknown): TextFinding | null {
  const raw = text(value);
  if (raw === "") return null;
  const content = halfWidth(raw).toLowerCase();
  for (const term of PRESCRIPTION_TERMS) if (content.includes(term)) return { kind: "prescription", term };
  for (const pattern of PRESCRIPTION_PATTERNS) {
    const match = pattern.exec(content);
    if (match) return { kind: "prescription", term: match[0] };
  }
  for (const term of PAYMENT_TERMS) if (content.includes(term)) return { kind: "payment", term };
  for (const term of extraTerms(forbiddenSetting)) if (content.includes(term)) return { kind: "forbidden", term };
  return null;
}

const MESSAGE: Record<TextFinding["kind"], string> = {
  prescription: "compliance.prescriptionVolume",
  payment: "compliance.paymentCollection",
  forbidden: "compliance.forbiddenTerm",
};

/** One issue per field that contains a forbidden term. */
export function complianceIssues(record: Record<string, unknown>, fields: readonly string[], forbiddenSetting: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const field of fields) {
    const finding = scanText(record[field], forbiddenSetting);
    if (finding) issues.push({ field, messageKey: MESSAGE[finding.kind], params: { term: finding.term } });
  }
  return issues;
}

/**
 * Fields a record may not carry at all: a record of one of this plugin's objects never has them, but
 * a visit written through the API with extra keys is refused by the host; this covers the values of
 * core records' plugin fields written by other means.
 */
export const FORBIDDEN_FIELD_PATTERN = /(prescri|rxvolume|scripts|处方|统方|payment|collected|收款|回款)/i;
