import { describe, expect, it } from "vitest";
import { ZProtectionPolicy } from "../settings/protection-policy.ts";
import { claimsLeft, decideRegistration, inactivityStep, needsExpiryWarning, ownerAtTime, protectionDaysFor, type MatchedCustomer } from "./ownership.rules.ts";

const now = new Date("2026-11-23T08:00:00Z");
const day = 86_400_000;
const inDays = (n: number) => new Date(now.getTime() + n * day);
const policy = ZProtectionPolicy.parse({ tierProtectionDays: { gold: 120 }, poolClaimCap: 3, poolClaimPeriodDays: 30 });
const match = (over: Partial<MatchedCustomer>): MatchedCustomer => ({ customerId: "c1", ownerPartnerId: null, protectedUntil: null, pendingPartnerIds: [], ...over });

describe("protectionDaysFor", () => {
  it.each([
    ["gold has its override", "gold", 120],
    ["silver falls back to the default", "silver", 90],
  ] as const)("%s", (_n, tier, expected) => expect(protectionDaysFor(policy, tier)).toBe(expected));
});

describe("decideRegistration", () => {
  it.each([
    ["nothing matched → accepted as a new customer", [], "auto", { status: "accepted", customerId: null }],
    ["nothing matched, review policy → pending", [], "review", { status: "pending", customerId: null, reasonCode: "REVIEW_REQUIRED", matchedCustomerId: null }],
    ["a pool customer → accepted, reused", [match({})], "auto", { status: "accepted", customerId: "c1" }],
    ["owned but protection ended → accepted", [match({ ownerPartnerId: "B", protectedUntil: inDays(-1) })], "auto", { status: "accepted", customerId: "c1" }],
    ["protected by another partner → rejected, no owner in the answer", [match({ ownerPartnerId: "B", protectedUntil: inDays(10) })], "auto", { status: "rejected", reasonCode: "PROTECTED_BY_OTHER_PARTNER", matchedCustomerId: "c1" }],
    ["protected by the same partner → ALREADY_YOURS", [match({ ownerPartnerId: "A", protectedUntil: inDays(10) })], "auto", { status: "rejected", reasonCode: "ALREADY_YOURS", customerId: "c1" }],
    ["another's protection wins over one's own on a second match", [match({ ownerPartnerId: "A", protectedUntil: inDays(10) }), match({ customerId: "c2", ownerPartnerId: "B", protectedUntil: inDays(5) })], "auto", { status: "rejected", reasonCode: "PROTECTED_BY_OTHER_PARTNER", matchedCustomerId: "c2" }],
    ["another partner's claim waits for review → platform decides", [match({ pendingPartnerIds: ["B"] })], "auto", { status: "pending", customerId: "c1", reasonCode: "CONFLICT_REVIEW", matchedCustomerId: "c1" }],
    ["one's own pending claim is no conflict", [match({ pendingPartnerIds: ["A"] })], "auto", { status: "accepted", customerId: "c1" }],
    ["two different unprotected customers matched → review (possible duplicates)", [match({}), match({ customerId: "c2" })], "auto", { status: "pending", customerId: null, reasonCode: "AMBIGUOUS_MATCH", matchedCustomerId: "c1" }],
    ["the same customer matched by two keys → one match", [match({}), match({})], "auto", { status: "accepted", customerId: "c1" }],
  ] as const)("%s", (_n, matches, mode, expected) => {
    expect(decideRegistration("A", [...matches], mode, now)).toEqual(expected);
  });

  it.each([
    ["another partner's pending claim on a customer that does not exist yet → review", ["B"], { status: "pending", customerId: null, reasonCode: "CONFLICT_REVIEW", matchedCustomerId: null }],
    ["one's own earlier pending claim → accepted", ["A"], { status: "accepted", customerId: null }],
  ] as const)("%s", (_n, pending, expected) => {
    expect(decideRegistration("A", [], "auto", now, [...pending])).toEqual(expected);
  });
});

describe("claimsLeft", () => {
  it.each([
    ["none used", [], 3],
    ["two in the period", [inDays(-1), inDays(-29)], 1],
    ["old claims do not count", [inDays(-31), inDays(-40)], 3],
    ["never negative", [inDays(-1), inDays(-2), inDays(-3), inDays(-4)], 0],
  ] as const)("%s", (_n, times, expected) => expect(claimsLeft(policy, [...times], now)).toBe(expected));
});

describe("ownerAtTime", () => {
  const history = [
    { partnerId: "A", at: inDays(-100) },
    { partnerId: null, at: inDays(-10) },
    { partnerId: "C", at: inDays(-5) },
  ];
  it.each([
    ["before any history", inDays(-200), null],
    ["while A owned it", inDays(-50), "A"],
    ["at the exact moment it went to the pool", inDays(-10), null],
    ["in the pool", inDays(-7), null],
    ["after C claimed it", inDays(0), "C"],
  ] as const)("%s", (_n, time, expected) => expect(ownerAtTime(history, time)).toBe(expected));

  // A merged-away duplicate: nobody's while merged, its owner's again from the reversal on.
  const mergedAway = [
    { partnerId: "A", at: inDays(-100) },
    { partnerId: null, at: inDays(-10) },
    { partnerId: "A", at: inDays(-3) },
  ];
  it.each([
    ["before the merge", inDays(-11), "A"],
    ["at the merge", inDays(-10), null],
    ["while merged away", inDays(-5), null],
    ["at the reversal", inDays(-3), "A"],
    ["after the reversal", inDays(0), "A"],
  ] as const)("merge reversed: %s", (_n, time, expected) => expect(ownerAtTime(mergedAway, time)).toBe(expected));

  it("of steps at the same instant, the one listed last wins (history is read oldest first)", () => {
    const sameInstant = [
      { partnerId: null, at: inDays(-1) },
      { partnerId: "A", at: inDays(-1) },
    ];
    expect(ownerAtTime(sameInstant, inDays(0))).toBe("A");
  });
});

describe("needsExpiryWarning (7-day window)", () => {
  it.each([
    ["ends in 10 days", inDays(10), null, false],
    ["ends in 6 days", inDays(6), null, true],
    ["already warned", inDays(6), inDays(-1), false],
    ["already ended", inDays(-1), null, false],
  ] as const)("%s", (_n, until, warned, expected) => expect(needsExpiryWarning(until, warned, policy, now)).toBe(expected));
});

describe("inactivityStep (60 days, warned 7 days before)", () => {
  it.each([
    ["recent follow-up", inDays(-10), null, "none"],
    ["52 days idle → not yet", inDays(-52), null, "none"],
    ["53 days idle → warn", inDays(-53), null, "warn"],
    ["warned 3 days ago → wait", inDays(-56), inDays(-3), "none"],
    ["warned 7 days ago → reclaim", inDays(-60), inDays(-7), "reclaim"],
    ["followed up after the warning → back to normal", inDays(-1), inDays(-3), "none"],
    ["never any activity recorded", null, null, "none"],
  ] as const)("%s", (_n, last, warned, expected) => expect(inactivityStep(last, warned, policy, now)).toBe(expected));
});
