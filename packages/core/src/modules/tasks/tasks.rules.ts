/**
 * Pure task rules: calendar days in the platform's time zone ("My day"), reminder timing, status
 * changes. No I/O; the browser may use the time-zone helpers too (forms speak local wall-clock time).
 */

export type LocalParts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock reading of `at` in `timeZone`. */
export function localParts(timeZone: string, at: Date): LocalParts {
  let format = partsFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormatters.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute"), second: get("second") };
}

/** How far `timeZone`'s wall clock is ahead of UTC at `at`, in ms. */
function offsetMs(timeZone: string, at: Date): number {
  const p = localParts(timeZone, at);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a wall-clock time in `timeZone` names (month 1–12; days past the month's end roll over). */
export function zonedInstant(timeZone: string, year: number, month: number, day: number, hour = 0, minute = 0): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Twice: the offset at the first guess may differ from the offset at the answer (DST changes).
  let instant = wall - offsetMs(timeZone, new Date(wall));
  instant = wall - offsetMs(timeZone, new Date(instant));
  return new Date(instant);
}

/** Midnight (local) of the calendar day `days` after the one `at` falls on, in `timeZone`. */
export function startOfLocalDay(timeZone: string, at: Date, days = 0): Date {
  const p = localParts(timeZone, at);
  return zonedInstant(timeZone, p.year, p.month, p.day + days);
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** A form's `datetime-local` value ("2026-11-25T18:00"), read in `timeZone`; null when it is not one. */
export function localDateTimeToInstant(value: string, timeZone: string): Date | null {
  const match = LOCAL_DATE_TIME.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const instant = zonedInstant(timeZone, year, month, day, hour, minute);
  // 2026-02-30 rolls over to March: not a date anyone meant.
  const back = localParts(timeZone, instant);
  return back.day === day && back.month === month ? instant : null;
}

/** The `datetime-local` value showing `at` in `timeZone`. */
export function instantToLocalDateTime(at: Date, timeZone: string): string {
  const p = localParts(timeZone, at);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/** "My day" looks this many days past today. */
export const UPCOMING_DAYS = 7;

export type MyDayBucket = "overdue" | "today" | "upcoming" | "later" | "undated";

export type MyDayBounds = { tomorrowStart: Date; horizon: Date };

export function myDayBounds(now: Date, timeZone: string): MyDayBounds {
  return { tomorrowStart: startOfLocalDay(timeZone, now, 1), horizon: startOfLocalDay(timeZone, now, 1 + UPCOMING_DAYS) };
}

/**
 * Where an open task goes in "My day": past its due time → overdue; due later today (the platform's
 * calendar day) → today; due in the next 7 days → upcoming; further out → later (not shown); no due
 * time → undated.
 */
export function myDayBucket(dueAt: Date | null, now: Date, timeZone: string, bounds: MyDayBounds = myDayBounds(now, timeZone)): MyDayBucket {
  if (!dueAt) return "undated";
  if (dueAt.getTime() < now.getTime()) return "overdue";
  if (dueAt.getTime() < bounds.tomorrowStart.getTime()) return "today";
  if (dueAt.getTime() < bounds.horizon.getTime()) return "upcoming";
  return "later";
}

/** A reminder is due once: an open task with a reminder time reached, not yet reminded, and someone to remind. */
export function isReminderDue(
  task: { status: string; remindAt: Date | null; remindedAt: Date | null; assigneeId: string | null },
  now: Date,
): boolean {
  return task.status === "open" && task.remindAt !== null && task.remindAt.getTime() <= now.getTime() && task.remindedAt === null && task.assigneeId !== null;
}

/** Reminding after the due time is a typing mistake, not a plan. */
export function timingProblems(timing: { remindAt: Date | null; dueAt: Date | null }): Array<{ path: string; message: string }> {
  if (timing.remindAt && timing.dueAt && timing.remindAt.getTime() > timing.dueAt.getTime()) {
    return [{ path: "remindAt", message: "work.task.errors.remindAfterDue" }];
  }
  return [];
}

export type TaskStatus = "open" | "done" | "cancelled";

/** Complete, cancel or reopen: the columns that change, or null when the task is already there. */
export function statusChange(from: TaskStatus, to: TaskStatus, now: Date): { status: TaskStatus; completedAt: Date | null } | null {
  if (from === to) return null;
  return { status: to, completedAt: to === "done" ? now : null };
}
