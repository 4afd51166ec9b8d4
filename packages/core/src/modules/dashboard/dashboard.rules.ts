/** Pure date arithmetic for the portal home, in the platform's time zone. */

const DAY_MS = 86_400_000;

/** The offset of `timeZone` from UTC at `at`, in minutes (e.g. +480 for Asia/Shanghai). */
export function zoneOffsetMinutes(at: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === "-" ? -minutes : minutes;
}

/** The first instant of the day after `now`'s calendar day in `timeZone` ("due today" ends there). */
export function startOfNextDay(now: Date, timeZone: string): Date {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(y, m - 1, d + 1);
  // The zone's offset at that midnight (a DST change during the day is taken into account).
  const guess = new Date(midnightUtc - zoneOffsetMinutes(new Date(midnightUtc), timeZone) * 60_000);
  return new Date(midnightUtc - zoneOffsetMinutes(guess, timeZone) * 60_000);
}

/** Whole days until `until` (0 when less than a day is left). */
export function daysLeft(now: Date, until: Date): number {
  return Math.max(0, Math.floor((until.getTime() - now.getTime()) / DAY_MS));
}
