/**
 * Names and small value helpers shared by the hooks and the tests (tests may import this module; they
 * must never import hooks.ts, which the sandbox loads on its own). Everything here runs in the sandbox:
 * no Node, no clock (use ctx.now), money as decimal strings through the SDK's `decimal`.
 */
import { decimal, type HookActor } from "@qudao/plugins/sdk";

export const PLUGIN_ID = "qudao.manufacturing";
export const NS = "qudao_manufacturing";

export const OBJ = {
  productLine: `${NS}__productLine`,
  product: `${NS}__product`,
  productOption: `${NS}__productOption`,
  priceList: `${NS}__priceList`,
  priceBreak: `${NS}__priceBreak`,
  creditAccount: `${NS}__creditAccount`,
  quote: `${NS}__quote`,
  quoteLine: `${NS}__quoteLine`,
  equipment: `${NS}__equipment`,
  serviceTicket: `${NS}__serviceTicket`,
  warrantyClaim: `${NS}__warrantyClaim`,
  partUsage: `${NS}__partUsage`,
  dealerStock: `${NS}__dealerStock`,
  stockReceipt: `${NS}__stockReceipt`,
} as const;

/** Pipelines: a record's stage is stored in its values under the pipeline's name. */
export const QUOTE_STATUS = `${NS}__quoteStatus`;
export const TICKET_STATUS = `${NS}__ticketStatus`;
export const CLAIM_STATUS = `${NS}__claimStatus`;

/** Plugin fields on core orders. */
export const ORDER_QUOTE_NUMBER = `${NS}__quoteNumber`;
export const ORDER_PAID_ON = `${NS}__paidOn`;

export const TICKET_OVERDUE_EVENT = `${PLUGIN_ID}.ticketOverdue`;

/** The externalId of the order a quote turns into: the quote's record id, so it is unique on the platform. */
export const ORDER_EXTERNAL_PREFIX = "QDM-Q-";
export function orderExternalId(quoteId: string): string {
  return `${ORDER_EXTERNAL_PREFIX}${quoteId}`;
}
/** The quote id inside an order's externalId (the host may keep the plugin's externalId behind a prefix of its own). */
export function quoteIdOfExternalId(externalId: unknown): string | null {
  if (typeof externalId !== "string") return null;
  const match = /QDM-Q-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(externalId);
  return match ? match[1]!.toLowerCase() : null;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** Calendar dates (valid until, install date, warranty end) are China's: UTC+8, no daylight saving. */
const CHINA_OFFSET_MS = 8 * HOUR_MS;

export function text(value: unknown): string {
  return typeof value === "string" ? value.trim() : "";
}

export function idOf(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

export function int(value: unknown): number | null {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (typeof value === "string" && /^-?\d{1,15}$/.test(value.trim())) return Number(value.trim());
  return null;
}

/** A decimal string as stored ("12.5"), or a safe integer; anything else is null. */
export function dec(value: unknown): string | null {
  if (typeof value === "string" && decimal.isDecimalText(value.trim())) return value.trim();
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  return null;
}

/** Money as shown and stored: exactly two places, half-up. */
export function money(value: decimal.Decimal | string): string {
  return decimal.toString(value, 2);
}

/** The China calendar date of an instant, YYYY-MM-DD. */
export function chinaDate(iso: string): string {
  return new Date(Date.parse(iso) + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** YYYY-MM-DD plus whole days (negative allowed). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** YYYY-MM-DD plus whole months, the day clamped to the target month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: string, months: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 + months;
  const day = Number(date.slice(8, 10));
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return new Date(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

export function isDate(value: unknown): value is string {
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** Platform staff (the manufacturer): a signed-in user who belongs to no partner. */
export function isPlatformStaff(actor: HookActor): boolean {
  return actor.partnerId === null && actor.userId !== null;
}

/** Who may approve quotes and warranty claims: a partner's admin or manager, or platform staff. */
export function isApprover(actor: HookActor): boolean {
  return isPlatformStaff(actor) || (actor.partnerId !== null && (actor.role === "admin" || actor.role === "manager"));
}

/**
 * Whether a serial number has a product line's format: `#` one digit, `A` one upper-case letter,
 * any other character itself; same length.
 */
export function matchesSerialFormat(serial: string, format: string): boolean {
  if (serial.length !== format.length) return false;
  for (let i = 0; i < format.length; i++) {
    const want = format[i]!;
    const got = serial[i]!;
    if (want === "#") {
      if (got < "0" || got > "9") return false;
    } else if (want === "A") {
      if (got < "A" || got > "Z") return false;
    } else if (got !== want) return false;
  }
  return true;
}

/** A usable serial format: 3–40 visible ASCII characters with at least one `#` or `A`. */
export function isSerialFormat(format: string): boolean {
  return /^[\x21-\x7e]{3,40}$/.test(format) && /[#A]/.test(format);
}

/** Approval thresholds from the install's settings (decimal strings; defaults as in the manifest). */
export function approvalThresholds(settings: Record<string, unknown>): { discount: string; amount: string } {
  return { discount: dec(settings.approvalDiscountPercent) ?? "10", amount: dec(settings.approvalAmount) ?? "500000" };
}

/** A quote needs a manager's approval when any line's discount or its total is above the thresholds. */
export function needsApproval(total: string, maxDiscountPercent: string, settings: Record<string, unknown>): boolean {
  const t = approvalThresholds(settings);
  return decimal.compare(maxDiscountPercent, t.discount) > 0 || decimal.compare(total, t.amount) > 0;
}

export const SLA_PRIORITIES = ["urgent", "high", "normal", "low"] as const;
const SLA_DEFAULT_HOURS: Record<string, number> = { urgent: 4, high: 8, normal: 24, low: 72 };
const SLA_SETTING: Record<string, string> = { urgent: "slaHoursUrgent", high: "slaHoursHigh", normal: "slaHoursNormal", low: "slaHoursLow" };

/** Hours a ticket of this priority has until its SLA is due (the install's settings, else the defaults). */
export function slaHours(priority: string, settings: Record<string, unknown>): number {
  const key = SLA_SETTING[priority] ?? "slaHoursNormal";
  const configured = int(settings[key]);
  return configured !== null && configured > 0 ? configured : (SLA_DEFAULT_HOURS[priority] ?? 24);
}
