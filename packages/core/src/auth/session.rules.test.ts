import { describe, expect, it } from "vitest";
import { sessionVerdict } from "./session.rules.ts";

const day = 86_400_000;
const now = new Date("2026-11-23T12:00:00Z");
const at = (days: number) => new Date(now.getTime() + days * day);

describe("sessionVerdict (30-day sliding sessions)", () => {
  it.each([
    ["fresh session", at(29), { kind: "valid" }],
    ["just over half its life left", at(15.1), { kind: "valid" }],
    ["half its life used: extended to 30 days from now", at(15), { kind: "extend", expiresAt: at(30) }],
    ["one hour left: extended", at(1 / 24), { kind: "extend", expiresAt: at(30) }],
    ["expired this instant", at(0), { kind: "expired" }],
    ["expired yesterday", at(-1), { kind: "expired" }],
  ] as const)("%s", (_n, expiresAt, expected) => {
    expect(sessionVerdict(expiresAt, now, 30 * day)).toEqual(expected);
  });
});
