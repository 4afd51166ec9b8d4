import type { RecordData, RecordReader } from "@qudao/plugins/sdk";

/** Every name this plugin contributes is `qudao_pharma__<name>`. */
export const NS = "qudao_pharma";
export const obj = (name: string): string => `${NS}__${name}`;

export const HOSPITAL = obj("hospital");
export const DEPARTMENT = obj("department");
export const HCP = obj("hcp");
export const AFFILIATION = obj("affiliation");
export const PRODUCT = obj("product");
export const SAMPLE_LOT = obj("sampleLot");
export const HOSPITAL_ALIAS = obj("hospitalAlias");
export const CHANGE_REQUEST = obj("dataChangeRequest");
export const VISIT = obj("visit");
export const SAMPLE_ISSUE = obj("sampleIssue");
export const CYCLE_PLAN = obj("cyclePlan");
export const SPEND = obj("spend");
export const FLOW_ROW = obj("flowRow");
export const HOSPITAL_ACCESS = obj("hospitalAccess");
/** Pipelines: a record's stage is stored in its values under the pipeline's name. */
export const REVIEW_PIPELINE = obj("review");
export const ACCESS_PIPELINE = obj("access");

/** A trimmed string, or "" for anything else. */
export function text(value: unknown): string {
  return typeof value === "string" ? value.trim() : "";
}

/** A record id (relation value), or null. */
export function ref(value: unknown): string | null {
  return typeof value === "string" && /^[0-9a-f-]{36}$/i.test(value) ? value.toLowerCase() : null;
}

export function int(value: unknown): number {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (typeof value === "string" && /^-?\d{1,15}$/.test(value.trim())) return Number(value.trim());
  return 0;
}

/** A positive integer setting, or the fallback. */
export function intSetting(settings: Record<string, unknown>, key: string, fallback: number): number {
  const value = settings[key];
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : fallback;
}

/** A decimal-string setting, or the fallback. */
export function decimalSetting(settings: Record<string, unknown>, key: string, fallback: string): string {
  const value = settings[key];
  if (typeof value === "string" && /^\d{1,16}(\.\d{1,6})?$/.test(value.trim())) return value.trim();
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value);
  return fallback;
}

export function isDate(value: unknown): value is string {
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
}

/** Today's date in China (UTC+8, no daylight saving): what a rep's "today" is. */
export function chinaToday(nowIso: string): string {
  return new Date(Date.parse(nowIso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

export const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const QUARTER = /^(\d{4})-Q([1-4])$/;

export function quarterOfMonth(month: string): string {
  const m = Number(month.slice(5, 7));
  return `${month.slice(0, 4)}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/** The months of a period "2026-03" or "2026-Q1" (or a year "2026"), or [] when it is neither. */
export function monthsOfPeriod(period: string): string[] {
  if (MONTH.test(period)) return [period];
  const quarter = QUARTER.exec(period);
  if (quarter) {
    const first = (Number(quarter[2]) - 1) * 3 + 1;
    return [first, first + 1, first + 2].map((m) => `${quarter[1]}-${String(m).padStart(2, "0")}`);
  }
  if (/^\d{4}$/.test(period)) return Array.from({ length: 12 }, (_, i) => `${period}-${String(i + 1).padStart(2, "0")}`);
  return [];
}

export type LimitPeriod = "month" | "quarter" | "year";

/** The limit period (month / quarter / year) containing a date. */
export function limitPeriodOf(date: string, kind: LimitPeriod): string {
  const month = date.slice(0, 7);
  if (kind === "month") return month;
  if (kind === "quarter") return quarterOfMonth(month);
  return date.slice(0, 4);
}

/** Months from `from` to `to` inclusive ("2026-01" … "2026-03"), at most `max`. */
export function monthRange(from: string, to: string, max = 36): string[] {
  const out: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const end = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7));
  while (year * 12 + month <= end && out.length < max) {
    out.push(`${year}-${String(month).padStart(2, "0")}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return out;
}

export function addMonths(month: string, delta: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

export const PAGE = 200;

/**
 * Every record of `object` matching `where`, up to `maxRows`. Reads are answered by replay, so the
 * pages of one batch are asked for together (one round), and the next batch only when the last page
 * of this one came back full.
 */
export function queryAll(records: RecordReader, object: string, where: Record<string, string | number | boolean | null>, options: { maxRows?: number; batch?: number } = {}): RecordData[] {
  const maxRows = options.maxRows ?? 2000;
  const batch = options.batch ?? 5;
  const out: RecordData[] = [];
  for (let start = 0; start < maxRows; start += batch * PAGE) {
    const pages: RecordData[][] = [];
    for (let i = 0; i < batch && start + i * PAGE < maxRows; i += 1) pages.push(records.query(object, where, PAGE, start + i * PAGE));
    for (const page of pages) {
      out.push(...page);
      if (page.length < PAGE) return out;
    }
  }
  return out;
}

/** Province / city / territory names compared without their administrative suffix ("上海市" ≈ "上海"). */
export function normalizeRegion(value: unknown): string {
  return halfWidth(text(value))
    .replace(/\s+/g, "")
    .replace(/(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|地区|省|市|区|县)$/u, "")
    .toLowerCase();
}

/** Full-width ASCII (Ａ１（）) to half-width, the ideographic space to a space. */
export function halfWidth(value: string): string {
  let out = "";
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (code === 0x3000) out += " ";
    else if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else out += ch;
  }
  return out;
}
