import { describe, expect, it } from "vitest";
import {
  instantToLocalDateTime,
  isReminderDue,
  localDateTimeToInstant,
  myDayBounds,
  myDayBucket,
  startOfLocalDay,
  statusChange,
  timingProblems,
} from "./tasks.rules.ts";

const SHANGHAI = "Asia/Shanghai";
const at = (iso: string) => new Date(iso);

describe("calendar days in a time zone", () => {
  it.each([
    // 2026-11-24 10:00 in Shanghai is 02:00Z; its day began at 2026-11-23T16:00Z.
    ["Shanghai mid-morning", SHANGHAI, "2026-11-24T02:00:00Z", 0, "2026-11-23T16:00:00.000Z"],
    ["Shanghai just after midnight (still the previous UTC day)", SHANGHAI, "2026-11-23T16:00:00Z", 0, "2026-11-23T16:00:00.000Z"],
    ["Shanghai one minute before midnight", SHANGHAI, "2026-11-24T15:59:00Z", 0, "2026-11-23T16:00:00.000Z"],
    ["Shanghai tomorrow", SHANGHAI, "2026-11-24T02:00:00Z", 1, "2026-11-24T16:00:00.000Z"],
    ["Shanghai across a month end", SHANGHAI, "2026-11-30T10:00:00Z", 1, "2026-11-30T16:00:00.000Z"],
    ["UTC", "UTC", "2026-11-24T02:00:00Z", 0, "2026-11-24T00:00:00.000Z"],
    // New York switches to daylight time on 2026-03-08: that day has 23 hours.
    ["New York, the day daylight time starts", "America/New_York", "2026-03-08T12:00:00Z", 0, "2026-03-08T05:00:00.000Z"],
    ["New York, the day after", "America/New_York", "2026-03-08T12:00:00Z", 1, "2026-03-09T04:00:00.000Z"],
  ] as const)("%s", (_name, zone, now, days, expected) => {
    expect(startOfLocalDay(zone, at(now), days).toISOString()).toBe(expected);
  });

  it.each([
    ["2026-11-25T18:00", SHANGHAI, "2026-11-25T10:00:00.000Z"],
    ["2026-11-25T00:30", SHANGHAI, "2026-11-24T16:30:00.000Z"],
    ["2026-07-01T09:00", "America/New_York", "2026-07-01T13:00:00.000Z"],
    ["2026-12-01T09:00", "America/New_York", "2026-12-01T14:00:00.000Z"],
  ] as const)("the form value %s in %s is %s, and back", (local, zone, iso) => {
    expect(localDateTimeToInstant(local, zone)?.toISOString()).toBe(iso);
    expect(instantToLocalDateTime(at(iso), zone)).toBe(local);
  });

  it.each(["", "2026-11-25", "2026-11-25 18:00", "2026-02-30T10:00", "2026-13-01T10:00", "2026-11-25T24:00", "tomorrow"])("%j is not a form date-time", (value) => {
    expect(localDateTimeToInstant(value, SHANGHAI)).toBeNull();
  });
});

describe("My day", () => {
  // Tuesday 2026-11-24, 15:00 in Shanghai.
  const now = at("2026-11-24T07:00:00Z");
  it.each([
    ["no due time", null, "undated"],
    ["due last week", "2026-11-17T02:00:00Z", "overdue"],
    ["due this morning (09:00 Shanghai), not done", "2026-11-24T01:00:00Z", "overdue"],
    ["due one minute ago", "2026-11-24T06:59:00Z", "overdue"],
    ["due now", "2026-11-24T07:00:00Z", "today"],
    ["due tonight 23:59 Shanghai (15:59Z, still the 24th there)", "2026-11-24T15:59:00Z", "today"],
    ["due at midnight Shanghai (the 25th starts)", "2026-11-24T16:00:00Z", "upcoming"],
    ["due tomorrow 09:00 Shanghai", "2026-11-25T01:00:00Z", "upcoming"],
    ["due in 7 days, last minute (2026-12-01 23:59 Shanghai)", "2026-12-01T15:59:00Z", "upcoming"],
    ["due in 8 days (2026-12-02 00:00 Shanghai)", "2026-12-01T16:00:00Z", "later"],
    ["due next month", "2026-12-24T02:00:00Z", "later"],
  ] as const)("%s → %s", (_name, due, bucket) => {
    expect(myDayBucket(due ? at(due) : null, now, SHANGHAI)).toBe(bucket);
  });

  it("follows the zone's calendar, not UTC's: at 01:00 in Shanghai (17:00Z) the 25th has begun there but not in UTC", () => {
    const earlyMorning = at("2026-11-24T17:00:00Z"); // 2026-11-25 01:00 in Shanghai
    expect(myDayBucket(at("2026-11-25T10:00:00Z"), earlyMorning, SHANGHAI)).toBe("today"); // 18:00 on the 25th
    expect(myDayBucket(at("2026-11-25T10:00:00Z"), earlyMorning, "UTC")).toBe("upcoming"); // the 25th is tomorrow in UTC
    expect(myDayBucket(at("2026-11-25T17:00:00Z"), earlyMorning, SHANGHAI)).toBe("upcoming"); // 01:00 on the 26th in Shanghai
    expect(myDayBucket(at("2026-11-25T17:00:00Z"), earlyMorning, "UTC")).toBe("upcoming");
    expect(myDayBucket(at("2026-11-24T23:00:00Z"), earlyMorning, SHANGHAI)).toBe("today"); // 07:00 on the 25th in Shanghai
    expect(myDayBucket(at("2026-11-24T23:00:00Z"), earlyMorning, "UTC")).toBe("today"); // still the 24th in UTC
  });

  it("looks 7 days past today", () => {
    const bounds = myDayBounds(now, SHANGHAI);
    expect(bounds.tomorrowStart.toISOString()).toBe("2026-11-24T16:00:00.000Z");
    expect(bounds.horizon.toISOString()).toBe("2026-12-01T16:00:00.000Z");
  });
});

describe("which reminders are due", () => {
  const now = at("2026-11-24T07:00:00Z");
  const base = { status: "open", remindAt: at("2026-11-24T06:00:00Z"), remindedAt: null, assigneeId: "u1" } as const;
  it.each([
    ["open, reminder time passed, not reminded", {}, true],
    ["reminder time exactly now", { remindAt: now }, true],
    ["reminder time in a minute", { remindAt: at("2026-11-24T07:01:00Z") }, false],
    ["no reminder time", { remindAt: null }, false],
    ["already reminded", { remindedAt: at("2026-11-24T06:00:30Z") }, false],
    ["done", { status: "done" }, false],
    ["cancelled", { status: "cancelled" }, false],
    ["nobody to remind", { assigneeId: null }, false],
  ] as const)("%s → %s", (_name, change, expected) => {
    expect(isReminderDue({ ...base, ...change }, now)).toBe(expected);
  });
});

describe("reminder and due time", () => {
  it.each([
    ["both empty", null, null, []],
    ["only a due time", null, "2026-11-25T10:00:00Z", []],
    ["only a reminder", "2026-11-25T10:00:00Z", null, []],
    ["reminder before due", "2026-11-25T09:00:00Z", "2026-11-25T10:00:00Z", []],
    ["reminder at the due time", "2026-11-25T10:00:00Z", "2026-11-25T10:00:00Z", []],
    ["reminder after due", "2026-11-25T11:00:00Z", "2026-11-25T10:00:00Z", [{ path: "remindAt", message: "work.task.errors.remindAfterDue" }]],
  ] as const)("%s", (_name, remindAt, dueAt, expected) => {
    expect(timingProblems({ remindAt: remindAt ? at(remindAt) : null, dueAt: dueAt ? at(dueAt) : null })).toEqual(expected);
  });
});

describe("status changes", () => {
  const now = at("2026-11-24T07:00:00Z");
  it.each([
    ["open", "done", { status: "done", completedAt: now }],
    ["open", "cancelled", { status: "cancelled", completedAt: null }],
    ["done", "open", { status: "open", completedAt: null }],
    ["cancelled", "open", { status: "open", completedAt: null }],
    ["done", "done", null],
    ["open", "open", null],
  ] as const)("%s → %s", (from, to, expected) => {
    expect(statusChange(from, to, now)).toEqual(expected);
  });
});
