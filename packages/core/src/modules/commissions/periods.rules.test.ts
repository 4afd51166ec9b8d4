import { describe, expect, it } from "vitest";
import { isInPeriod, isPeriod, nextPeriod, periodBounds, periodOf, previousPeriod } from "./periods.rules.ts";

const at = (iso: string) => new Date(iso);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("periodOf", () => {
  it.each([
    ["the issue's example: 04:00 on 1 Nov in Shanghai", "2026-10-31T20:00:00Z", "Asia/Shanghai", "2026-11"],
    ["the last millisecond of October in Shanghai", "2026-10-31T15:59:59.999Z", "Asia/Shanghai", "2026-10"],
    ["midnight of 1 Nov in Shanghai", "2026-10-31T16:00:00Z", "Asia/Shanghai", "2026-11"],
    ["New Year in Shanghai is still December in UTC", "2026-12-31T16:00:00Z", "Asia/Shanghai", "2027-01"],
    ["New York, 23:59:59.999 EDT on 31 Oct (DST ends on 1 Nov 2026)", "2026-11-01T03:59:59.999Z", "America/New_York", "2026-10"],
    ["New York, midnight EDT on 1 Nov", "2026-11-01T04:00:00Z", "America/New_York", "2026-11"],
    ["New York, 1 Nov after the clocks went back", "2026-11-01T06:30:00Z", "America/New_York", "2026-11"],
    ["New York, the last instant of February (EST)", "2027-03-01T04:59:59.999Z", "America/New_York", "2027-02"],
    ["New York, midnight EST on 1 Mar", "2027-03-01T05:00:00Z", "America/New_York", "2027-03"],
  ])("%s", (_name, iso, zone, expected) => {
    expect(periodOf(at(iso), zone)).toBe(expected);
  });

  it("uses Asia/Shanghai when no zone is given", () => {
    expect(periodOf(at("2026-10-31T20:00:00Z"))).toBe("2026-11");
    expect(periodOf(at("2026-10-31T20:00:00Z"), "UTC")).toBe("2026-10");
  });
});

describe("periodBounds", () => {
  it.each([
    ["November in Shanghai", "2026-11", "Asia/Shanghai", "2026-10-31T16:00:00.000Z", "2026-11-30T16:00:00.000Z", 30 * DAY],
    ["December in Shanghai (ends at New Year)", "2026-12", "Asia/Shanghai", "2026-11-30T16:00:00.000Z", "2026-12-31T16:00:00.000Z", 31 * DAY],
    ["February in a leap year", "2028-02", "Asia/Shanghai", "2028-01-31T16:00:00.000Z", "2028-02-29T16:00:00.000Z", 29 * DAY],
    ["October in New York (all EDT)", "2026-10", "America/New_York", "2026-10-01T04:00:00.000Z", "2026-11-01T04:00:00.000Z", 31 * DAY],
    ["November in New York: DST ends, one hour longer", "2026-11", "America/New_York", "2026-11-01T04:00:00.000Z", "2026-12-01T05:00:00.000Z", 30 * DAY + HOUR],
    ["March in New York: DST starts, one hour shorter", "2027-03", "America/New_York", "2027-03-01T05:00:00.000Z", "2027-04-01T04:00:00.000Z", 31 * DAY - HOUR],
    ["a month whose local midnight does not exist (Asunción, 1 Oct 2017, 00:00 → 01:00)", "2017-10", "America/Asuncion", "2017-10-01T04:00:00.000Z", "2017-11-01T03:00:00.000Z", 31 * DAY - HOUR],
  ])("%s", (_name, period, zone, start, end, length) => {
    const bounds = periodBounds(period, zone);
    expect(bounds.start.toISOString()).toBe(start);
    expect(bounds.end.toISOString()).toBe(end);
    expect(bounds.end.getTime() - bounds.start.getTime()).toBe(length);
  });

  it.each(["Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Asuncion", "Pacific/Chatham", "UTC"])(
    "in %s, start is in the period and the millisecond before is not, every month of 2017 and 2026",
    (zone) => {
      for (const year of [2017, 2026]) {
        for (let month = 1; month <= 12; month++) {
          const period = `${year}-${String(month).padStart(2, "0")}`;
          const { start, end } = periodBounds(period, zone);
          expect(periodOf(start, zone), `${period} start`).toBe(period);
          expect(periodOf(new Date(start.getTime() - 1), zone), `${period} before start`).toBe(previousPeriod(period));
          expect(periodOf(new Date(end.getTime() - 1), zone), `${period} last instant`).toBe(period);
          expect(end.getTime()).toBe(periodBounds(nextPeriod(period), zone).start.getTime());
        }
      }
    },
  );

  it("an order and its period agree: [start, end) holds exactly the period's instants", () => {
    const { start, end } = periodBounds("2026-11", "Asia/Shanghai");
    expect(isInPeriod(start, "2026-11", "Asia/Shanghai")).toBe(true);
    expect(isInPeriod(end, "2026-11", "Asia/Shanghai")).toBe(false);
  });
});

describe("next and previous period", () => {
  it.each([
    ["2026-11", "2026-12"],
    ["2026-12", "2027-01"],
    ["2027-01", "2027-02"],
    ["2026-09", "2026-10"],
  ])("after %s comes %s", (period, next) => {
    expect(nextPeriod(period)).toBe(next);
    expect(previousPeriod(next)).toBe(period);
  });

  it.each(["2026-13", "2026-00", "2026-1", "26-11", "2026/11", ""])("%j is not a period", (text) => {
    expect(isPeriod(text)).toBe(false);
    expect(() => nextPeriod(text)).toThrow(RangeError);
  });
});
