import { describe, expect, it } from "vitest";
import { throttleVerdict } from "./throttle.rules.ts";

const now = new Date("2026-11-23T10:00:00Z");
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const policy = { maxPerAccount: 3, maxPerIp: 5, windowMinutes: 15 };

describe("throttleVerdict", () => {
  it.each([
    ["no failures", [], [], { throttled: false }],
    ["below the account limit", [ago(1), ago(2)], [ago(1), ago(2)], { throttled: false }],
    ["account limit reached", [ago(1), ago(2), ago(10)], [], { throttled: true, scope: "account", retryAfterMinutes: 5 }],
    ["old failures fall out of the window", [ago(1), ago(2), ago(20)], [], { throttled: false }],
    ["ip limit reached across accounts", [], [ago(1), ago(2), ago(3), ago(4), ago(14.5)], { throttled: true, scope: "ip", retryAfterMinutes: 1 }],
  ] as const)("%s", (_n, account, ip, expected) => {
    expect(throttleVerdict(policy, now, [...account], [...ip])).toEqual(expected);
  });
});
