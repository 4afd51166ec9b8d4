import { describe, expect, it } from "vitest";
import { followUpClockAfter, isInFuture, leadStatusAfterActivity } from "./activities.rules.ts";

const now = new Date("2026-11-24T08:00:00Z");
const at = (iso: string) => new Date(iso);

describe("an activity's time", () => {
  it.each([
    ["now", "2026-11-24T08:00:00Z", false],
    ["an hour ago", "2026-11-24T07:00:00Z", false],
    ["last year", "2025-11-24T08:00:00Z", false],
    ["4 minutes ahead (clock drift)", "2026-11-24T08:04:00Z", false],
    ["exactly 5 minutes ahead", "2026-11-24T08:05:00Z", false],
    ["6 minutes ahead", "2026-11-24T08:06:00Z", true],
    ["tomorrow", "2026-11-25T08:00:00Z", true],
  ] as const)("%s is in the future: %s", (_name, iso, expected) => {
    expect(isInFuture(at(iso), now)).toBe(expected);
  });
});

describe("the customer's follow-up clock", () => {
  const mine = "partner-a";
  it.each([
    ["the owner logs now: moves", { ownerPartnerId: mine, lastActivityAt: at("2026-10-01T00:00:00Z") }, "2026-11-24T08:00:00Z", "2026-11-24T08:00:00Z"],
    ["the owner, never followed up before: moves", { ownerPartnerId: mine, lastActivityAt: null }, "2026-11-20T08:00:00Z", "2026-11-20T08:00:00Z"],
    ["the owner logs a visit older than the last follow-up: stays", { ownerPartnerId: mine, lastActivityAt: at("2026-11-23T00:00:00Z") }, "2026-11-22T00:00:00Z", null],
    ["the owner logs at the same instant: stays", { ownerPartnerId: mine, lastActivityAt: at("2026-11-23T00:00:00Z") }, "2026-11-23T00:00:00Z", null],
    ["another partner (a registration on it, not the owner): stays", { ownerPartnerId: "partner-b", lastActivityAt: at("2026-10-01T00:00:00Z") }, "2026-11-24T08:00:00Z", null],
    ["a customer in the public pool: stays", { ownerPartnerId: null, lastActivityAt: null }, "2026-11-24T08:00:00Z", null],
  ] as const)("%s", (_name, customer, occurredAt, expected) => {
    const result = followUpClockAfter(customer, mine, at(occurredAt));
    expect(result?.toISOString() ?? null).toBe(expected === null ? null : at(expected).toISOString());
  });
});

describe("a lead's status after work was logged on it", () => {
  it.each([
    ["new", "contacted"],
    ["contacted", null],
    ["qualified", null],
    ["disqualified", null],
    ["converted", null],
  ] as const)("%s → %s", (status, expected) => {
    expect(leadStatusAfterActivity(status)).toBe(expected);
  });
});
