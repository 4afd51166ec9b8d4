import { describe, expect, it } from "vitest";
import type { Actor } from "./actor.ts";
import { can, visiblePartnerIdsFor, type Permission } from "./permissions.rules.ts";

const partner = (role: "admin" | "manager" | "rep"): Actor => ({
  kind: "partner", userId: "u", email: "e", name: "n", partnerId: "p", role, visiblePartnerIds: ["p"], via: "session",
});
const staff = (...roles: Array<"admin" | "channel_manager" | "finance" | "reviewer">): Actor => ({
  kind: "platform", userId: "u", email: "e", name: "n", roles, via: "session",
});

describe("can", () => {
  const cases: Array<[Permission, Actor, boolean]> = [
    ["partner:create", staff("admin"), true],
    ["partner:create", staff("channel_manager"), true],
    ["partner:create", staff("finance"), false],
    ["partner:create", partner("admin"), false],
    ["partner:list", staff("finance"), true],
    ["partner:list", staff("reviewer"), false],
    ["partnerUser:create", partner("admin"), true],
    ["partnerUser:create", partner("manager"), false],
    ["partnerUser:create", staff("channel_manager"), true],
    ["lead:create", partner("rep"), true],
    ["lead:create", staff("admin"), false],
    ["lead:assign", partner("rep"), false],
    ["lead:assign", partner("manager"), true],
    ["lead:read", staff("finance"), false],
    ["lead:read", staff("reviewer", "channel_manager"), true],
    ["audit:read", staff("admin"), true],
    ["audit:read", staff("channel_manager"), false],
    ["apiKey:manage", partner("rep"), false],
    ["apiKey:manage", partner("admin"), true],
    ["lead:read", { kind: "anonymous" }, false],
    ["audit:read", { kind: "system", reason: "job" }, true],
  ];
  it.each(cases)("%s for %o is %s", (permission, actor, expected) => {
    expect(can(actor, permission)).toBe(expected);
  });
});

describe("visiblePartnerIdsFor", () => {
  const tree = [
    { id: "a", parentPartnerId: null },
    { id: "a1", parentPartnerId: "a" },
    { id: "a1x", parentPartnerId: "a1" },
    { id: "a2", parentPartnerId: "a" },
    { id: "b", parentPartnerId: null },
  ];
  it.each([
    ["rep sees only its partner", "rep", "a", ["a"]],
    ["manager sees all levels of sub-dealers", "manager", "a", ["a", "a1", "a2", "a1x"]],
    ["admin of a sub-dealer sees below it, not above", "admin", "a1", ["a1", "a1x"]],
    ["a leaf partner sees itself", "admin", "b", ["b"]],
  ] as const)("%s", (_n, role, partnerId, expected) => {
    expect(visiblePartnerIdsFor(role, partnerId, tree).sort()).toEqual([...expected].sort());
  });
});
