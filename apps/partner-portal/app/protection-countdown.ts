/** Where a protection period stands, counted in calendar days of the platform's time zone. */
export type ProtectionState =
  | { kind: "none" }
  | { kind: "ended" }
  | { kind: "today" }
  | { kind: "active"; days: number };

const DAY_MS = 86_400_000;

function calendarDay(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(part("year"), part("month") - 1, part("day")) / DAY_MS;
}

/**
 * `now` comes from the loader (the server's clock), so the server render and hydration agree and a
 * phone with a wrong clock still shows the right count. Protected means `until > now`, as in core.
 */
export function protectionState(until: string | Date | null | undefined, now: string | Date, timeZone: string): ProtectionState {
  if (!until) return { kind: "none" };
  const end = new Date(until);
  const current = new Date(now);
  if (end.getTime() <= current.getTime()) return { kind: "ended" };
  const days = calendarDay(end, timeZone) - calendarDay(current, timeZone);
  return days <= 0 ? { kind: "today" } : { kind: "active", days };
}
