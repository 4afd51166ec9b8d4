/**
 * Commission periods: calendar months on the platform's wall clock (PLATFORM_TIMEZONE, by default
 * Asia/Shanghai), named "YYYY-MM". An order placed at 2026-10-31T20:00Z is 2026-11-01 04:00 in
 * Shanghai, so it belongs to "2026-11" — partners read their statements in local months.
 */
import { localParts, zonedInstant } from "../tasks/tasks.rules.ts";

export const DEFAULT_PLATFORM_TIME_ZONE = "Asia/Shanghai";

/** "YYYY-MM", month 01–12. */
export type TPeriod = string;

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPeriod(value: string): boolean {
  return PERIOD.test(value);
}

function parsePeriod(period: TPeriod): { year: number; month: number } {
  const match = PERIOD.exec(period);
  if (!match) throw new RangeError(`commissions: not a period (YYYY-MM): ${JSON.stringify(period)}`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

function formatPeriod(year: number, month: number): TPeriod {
  if (year < 0 || year > 9999) throw new RangeError(`commissions: period year out of range: ${year}`);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
}

/** The period an instant falls in, on `timeZone`'s calendar. */
export function periodOf(instant: Date, timeZone: string = DEFAULT_PLATFORM_TIME_ZONE): TPeriod {
  const local = localParts(timeZone, instant);
  return formatPeriod(local.year, local.month);
}

/** "2026-12" → "2027-01". */
export function nextPeriod(period: TPeriod): TPeriod {
  const { year, month } = parsePeriod(period);
  return month === 12 ? formatPeriod(year + 1, 1) : formatPeriod(year, month + 1);
}

/** "2027-01" → "2026-12". */
export function previousPeriod(period: TPeriod): TPeriod {
  const { year, month } = parsePeriod(period);
  return month === 1 ? formatPeriod(year - 1, 12) : formatPeriod(year, month - 1);
}

/**
 * The first instant of a period: local midnight of its first day. Where a zone skips midnight on
 * the 1st (a DST change at 00:00), the month starts at the first instant that exists locally, so
 * the answer is checked and, if needed, found by bisection on `periodOf` (months only move forward).
 */
function periodStart(period: TPeriod, timeZone: string): Date {
  const { year, month } = parsePeriod(period);
  const guess = zonedInstant(timeZone, year, month, 1).getTime();
  if (periodOf(new Date(guess), timeZone) === period && periodOf(new Date(guess - 1), timeZone) < period) return new Date(guess);
  // Offsets stay within ±26 h of UTC, so the start lies in this window.
  let before = Date.UTC(year, month - 1, 1) - 27 * 3_600_000; // still in an earlier period
  let at = Date.UTC(year, month - 1, 1) + 27 * 3_600_000; // already in this period (or later)
  while (at - before > 1) {
    const middle = Math.floor((before + at) / 2);
    if (periodOf(new Date(middle), timeZone) >= period) at = middle;
    else before = middle;
  }
  return new Date(at);
}

/** A period as the half-open range of instants [start, end): start is in the period, end is the next period's start. */
export function periodBounds(period: TPeriod, timeZone: string = DEFAULT_PLATFORM_TIME_ZONE): { start: Date; end: Date } {
  return { start: periodStart(period, timeZone), end: periodStart(nextPeriod(period), timeZone) };
}

/** Whether an instant lies in a period; the same answer as `periodOf(at) === period`. */
export function isInPeriod(at: Date, period: TPeriod, timeZone: string = DEFAULT_PLATFORM_TIME_ZONE): boolean {
  return periodOf(at, timeZone) === period;
}
