import { describe, expect, it } from "vitest";
import { protectionState } from "./protection-countdown";

const SHANGHAI = "Asia/Shanghai";

describe("protectionState", () => {
  it.each([
    ["no protection date", null, "2026-11-24T02:00:00Z", SHANGHAI, { kind: "none" }],
    ["ended an hour ago", "2026-11-24T01:00:00Z", "2026-11-24T02:00:00Z", SHANGHAI, { kind: "ended" }],
    ["ends exactly now (protected means until > now)", "2026-11-24T02:00:00Z", "2026-11-24T02:00:00Z", SHANGHAI, { kind: "ended" }],
    ["ends later the same Shanghai day", "2026-11-24T15:00:00Z", "2026-11-24T02:00:00Z", SHANGHAI, { kind: "today" }],
    // 23:30 in Shanghai on the 24th → 00:30 on the 25th: one calendar day, though only an hour away.
    ["ends just after Shanghai midnight", "2026-11-24T16:30:00Z", "2026-11-24T15:30:00Z", SHANGHAI, { kind: "active", days: 1 }],
    ["the same instants seen from UTC are one day", "2026-11-24T16:30:00Z", "2026-11-24T15:30:00Z", "UTC", { kind: "today" }],
    ["90 days after registering", "2027-02-22T01:38:00Z", "2026-11-24T01:38:00Z", SHANGHAI, { kind: "active", days: 90 }],
    ["accepts Date objects", new Date("2026-12-01T04:00:00Z"), new Date("2026-11-24T04:00:00Z"), SHANGHAI, { kind: "active", days: 7 }],
  ] as const)("%s", (_label, until, now, timeZone, expected) => {
    expect(protectionState(until, now, timeZone)).toEqual(expected);
  });
});
