/** Pure team rules: invite lifecycle, who may be deactivated or demoted, and "this month" in the platform's timezone. */
import type { MembershipRole } from "../../actor/actor.ts";
import type { TInviteStatus } from "./team.schemas.ts";

export const INVITE_VALID_DAYS = 7;
const DAY_MS = 86_400_000;

export function inviteExpiresAt(now: Date): Date {
  return new Date(now.getTime() + INVITE_VALID_DAYS * DAY_MS);
}

/** Accepted and revoked are final; otherwise a link works until it expires. */
export function inviteStatus(invite: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): TInviteStatus {
  if (invite.acceptedAt) return "accepted";
  if (invite.revokedAt) return "revoked";
  return invite.expiresAt.getTime() <= now.getTime() ? "expired" : "pending";
}

/** Re-sending rotates the token and restarts the 7 days: allowed until the invite is accepted or revoked. */
export function inviteResendRefusal(status: TInviteStatus): string | null {
  if (status === "accepted") return "team.errors.inviteAccepted";
  if (status === "revoked") return "team.errors.inviteRevoked";
  return null;
}

export type MemberState = { userId: string; role: MembershipRole; active: boolean };

/**
 * Why `target` may not be deactivated with `successor` taking over (an i18n key), or null.
 * `otherActiveAdmins` counts the partner's active admins other than the target.
 */
export function deactivationRefusal(input: {
  actorUserId: string | null;
  target: MemberState;
  otherActiveAdmins: number;
  successor: (MemberState & { samePartner: boolean }) | null;
}): { key: string; field?: "successorId" } | null {
  const { actorUserId, target, otherActiveAdmins, successor } = input;
  if (actorUserId === target.userId) return { key: "team.errors.cannotDeactivateSelf" };
  if (!target.active) return { key: "team.errors.alreadyDeactivated" };
  if (target.role === "admin" && otherActiveAdmins === 0) return { key: "team.errors.lastAdmin" };
  if (!successor || !successor.samePartner || !successor.active) return { key: "team.errors.successorNotActiveMember", field: "successorId" };
  if (successor.userId === target.userId) return { key: "team.errors.successorIsLeaver", field: "successorId" };
  return null;
}

/** Why a member's role may not change to `next` (an i18n key), or null. A partner always keeps an active admin. */
export function roleChangeRefusal(input: { target: MemberState; next: MembershipRole; otherActiveAdmins: number }): string | null {
  const { target, next, otherActiveAdmins } = input;
  if (target.role === "admin" && next !== "admin" && target.active && otherActiveAdmins === 0) return "team.errors.lastAdmin";
  return null;
}

/** The UTC instant the current month began in `timeZone` (e.g. 2026-03-01 00:00 Asia/Shanghai = 2026-02-28T16:00Z). */
export function monthStartIn(timeZone: string, now: Date): Date {
  const parts = localParts(timeZone, now);
  const wallClock = Date.UTC(parts.year, parts.month - 1, 1);
  // The zone's offset at the guessed instant, then once more at the corrected one (offset changes near DST).
  let instant = wallClock - offsetMs(timeZone, new Date(wallClock));
  instant = wallClock - offsetMs(timeZone, new Date(instant));
  return new Date(instant);
}

function localParts(timeZone: string, at: Date): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const formatted = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const get = (type: string) => Number(formatted.find((p) => p.type === type)?.value ?? 0);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute"), second: get("second") };
}

/** Local time minus UTC at `at`, in milliseconds. */
function offsetMs(timeZone: string, at: Date): number {
  const p = localParts(timeZone, at);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}
