/**
 * Pure: what to do with a session at `now` — the sliding-expiry rule Lucia v3 uses (a session in the
 * second half of its lifetime is extended to a full lifetime; an expired one is deleted).
 */
export type SessionVerdict = { kind: "expired" } | { kind: "valid" } | { kind: "extend"; expiresAt: Date };

export function sessionVerdict(expiresAt: Date, now: Date, lifetimeMs: number): SessionVerdict {
  if (expiresAt.getTime() <= now.getTime()) return { kind: "expired" };
  if (expiresAt.getTime() - lifetimeMs / 2 <= now.getTime()) return { kind: "extend", expiresAt: new Date(now.getTime() + lifetimeMs) };
  return { kind: "valid" };
}
