import { describe, expect, it } from "vitest";
import { deactivationRefusal, inviteExpiresAt, inviteResendRefusal, inviteStatus, monthStartIn, roleChangeRefusal, type MemberState } from "./team.rules.ts";

const now = new Date("2026-03-10T08:00:00Z");
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);

describe("inviteStatus", () => {
  it.each([
    ["a fresh invite is pending", { acceptedAt: null, revokedAt: null, expiresAt: hours(1) }, "pending"],
    ["one past its expiry is expired", { acceptedAt: null, revokedAt: null, expiresAt: hours(-1) }, "expired"],
    ["expiring exactly now is expired", { acceptedAt: null, revokedAt: null, expiresAt: now }, "expired"],
    ["accepted stays accepted after expiry", { acceptedAt: hours(-30), revokedAt: null, expiresAt: hours(-1) }, "accepted"],
    ["revoked stays revoked after expiry", { acceptedAt: null, revokedAt: hours(-30), expiresAt: hours(-1) }, "revoked"],
    ["accepted wins over a later revoke", { acceptedAt: hours(-3), revokedAt: hours(-2), expiresAt: hours(5) }, "accepted"],
  ] as const)("%s", (_name, invite, expected) => {
    expect(inviteStatus(invite, now)).toBe(expected);
  });

  it("links work for 7 days", () => {
    expect(inviteExpiresAt(now).toISOString()).toBe("2026-03-17T08:00:00.000Z");
  });

  it.each([
    ["pending", null],
    ["expired", null],
    ["accepted", "team.errors.inviteAccepted"],
    ["revoked", "team.errors.inviteRevoked"],
  ] as const)("re-sending a %s invite → %s", (status, expected) => {
    expect(inviteResendRefusal(status)).toBe(expected);
  });
});

describe("deactivationRefusal", () => {
  const rep: MemberState = { userId: "rep", role: "rep", active: true };
  const admin: MemberState = { userId: "admin", role: "admin", active: true };
  const successor = { userId: "next", role: "rep" as const, active: true, samePartner: true };
  it.each([
    ["an admin hands a rep's work to a colleague", { actorUserId: "admin", target: rep, otherActiveAdmins: 1, successor }, null],
    ["platform staff (no membership) deactivate an admin while another remains", { actorUserId: "staff", target: admin, otherActiveAdmins: 1, successor }, null],
    ["nobody deactivates themselves", { actorUserId: "admin", target: admin, otherActiveAdmins: 3, successor }, "team.errors.cannotDeactivateSelf"],
    ["the last active admin stays", { actorUserId: "staff", target: admin, otherActiveAdmins: 0, successor }, "team.errors.lastAdmin"],
    ["a rep may be the partner's only other member", { actorUserId: "admin", target: rep, otherActiveAdmins: 0, successor }, null],
    ["twice is refused", { actorUserId: "admin", target: { ...rep, active: false }, otherActiveAdmins: 1, successor }, "team.errors.alreadyDeactivated"],
    ["a missing successor", { actorUserId: "admin", target: rep, otherActiveAdmins: 1, successor: null }, "team.errors.successorNotActiveMember"],
    ["a successor of another partner", { actorUserId: "admin", target: rep, otherActiveAdmins: 1, successor: { ...successor, samePartner: false } }, "team.errors.successorNotActiveMember"],
    ["a deactivated successor", { actorUserId: "admin", target: rep, otherActiveAdmins: 1, successor: { ...successor, active: false } }, "team.errors.successorNotActiveMember"],
    ["the leaver as their own successor", { actorUserId: "admin", target: rep, otherActiveAdmins: 1, successor: { ...rep, samePartner: true } }, "team.errors.successorIsLeaver"],
  ] as const)("%s", (_name, input, expected) => {
    expect(deactivationRefusal(input)?.key ?? null).toBe(expected);
  });

  it("points successor problems at the successor field", () => {
    expect(deactivationRefusal({ actorUserId: "a", target: rep, otherActiveAdmins: 1, successor: null })?.field).toBe("successorId");
    expect(deactivationRefusal({ actorUserId: "rep", target: rep, otherActiveAdmins: 1, successor })?.field).toBeUndefined();
  });
});

describe("roleChangeRefusal", () => {
  it.each([
    ["demoting the last active admin", { role: "admin", active: true }, "rep", 0, "team.errors.lastAdmin"],
    ["demoting one of two admins", { role: "admin", active: true }, "manager", 1, null],
    ["promoting a rep", { role: "rep", active: true }, "admin", 0, null],
    ["a manager to rep", { role: "manager", active: true }, "rep", 0, null],
    ["a deactivated admin (not counted as the partner's admin)", { role: "admin", active: false }, "rep", 0, null],
  ] as const)("%s", (_name, target, next, otherActiveAdmins, expected) => {
    expect(roleChangeRefusal({ target: { userId: "u", ...target }, next, otherActiveAdmins })).toBe(expected);
  });
});

describe("monthStartIn", () => {
  it.each([
    ["Shanghai mid-month", "Asia/Shanghai", "2026-03-10T08:00:00Z", "2026-02-28T16:00:00.000Z"],
    ["Shanghai, already the 1st locally while UTC is still in February", "Asia/Shanghai", "2026-02-28T17:00:00Z", "2026-02-28T16:00:00.000Z"],
    ["Shanghai, the last minute of the month", "Asia/Shanghai", "2026-03-31T15:59:00Z", "2026-02-28T16:00:00.000Z"],
    ["UTC", "UTC", "2026-12-31T23:59:59Z", "2026-12-01T00:00:00.000Z"],
    ["New York in summer time", "America/New_York", "2026-07-15T12:00:00Z", "2026-07-01T04:00:00.000Z"],
    ["New York, a month that starts in winter time and ends in summer time", "America/New_York", "2026-03-20T12:00:00Z", "2026-03-01T05:00:00.000Z"],
  ])("%s", (_name, zone, at, expected) => {
    expect(monthStartIn(zone, new Date(at)).toISOString()).toBe(expected);
  });
});
