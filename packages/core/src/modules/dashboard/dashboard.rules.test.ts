import { describe, expect, it } from "vitest";
import { daysLeft, startOfNextDay, zoneOffsetMinutes } from "./dashboard.rules.ts";

describe("startOfNextDay", () => {
  it.each([
    ["morning in Shanghai", "2026-11-20T01:00:00Z", "Asia/Shanghai", "2026-11-20T16:00:00.000Z"],
    ["just before midnight in Shanghai", "2026-11-20T15:59:59Z", "Asia/Shanghai", "2026-11-20T16:00:00.000Z"],
    ["just after midnight in Shanghai", "2026-11-20T16:00:00Z", "Asia/Shanghai", "2026-11-21T16:00:00.000Z"],
    ["month end", "2026-11-30T12:00:00Z", "Asia/Shanghai", "2026-11-30T16:00:00.000Z"],
    ["UTC", "2026-11-20T23:00:00Z", "UTC", "2026-11-21T00:00:00.000Z"],
    ["New York on the day summer time ends", "2026-11-01T12:00:00Z", "America/New_York", "2026-11-02T05:00:00.000Z"],
  ])("%s", (_name, now, zone, expected) => {
    expect(startOfNextDay(new Date(now), zone).toISOString()).toBe(expected);
  });
});

describe("zoneOffsetMinutes", () => {
  it.each([
    ["Asia/Shanghai", "2026-06-01T00:00:00Z", 480],
    ["UTC", "2026-06-01T00:00:00Z", 0],
    ["America/New_York", "2026-06-01T12:00:00Z", -240],
    ["Asia/Kolkata", "2026-06-01T00:00:00Z", 330],
  ])("%s at %s", (zone, at, expected) => {
    expect(zoneOffsetMinutes(new Date(at), zone)).toBe(expected);
  });
});

describe("daysLeft", () => {
  it.each([
    ["two and a half days", "2026-11-20T00:00:00Z", "2026-11-22T12:00:00Z", 2],
    ["less than a day", "2026-11-20T00:00:00Z", "2026-11-20T23:00:00Z", 0],
    ["already past", "2026-11-20T00:00:00Z", "2026-11-19T00:00:00Z", 0],
  ])("%s", (_name, now, until, expected) => {
    expect(daysLeft(new Date(now), new Date(until))).toBe(expected);
  });
});
