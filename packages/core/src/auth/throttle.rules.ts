/** Pure: is a login attempt throttled, given recent failures? */
export type ThrottlePolicy = { maxPerAccount: number; maxPerIp: number; windowMinutes: number };

export type ThrottleVerdict = { throttled: false } | { throttled: true; retryAfterMinutes: number; scope: "account" | "ip" };

export function throttleVerdict(
  policy: ThrottlePolicy,
  now: Date,
  accountFailures: Date[],
  ipFailures: Date[],
): ThrottleVerdict {
  const windowMs = policy.windowMinutes * 60_000;
  const inWindow = (d: Date) => now.getTime() - d.getTime() < windowMs;
  const check = (failures: Date[], max: number, scope: "account" | "ip"): ThrottleVerdict | undefined => {
    const recent = failures.filter(inWindow).sort((a, b) => a.getTime() - b.getTime());
    if (recent.length < max) return undefined;
    // Unlocks when the oldest failure that still counts leaves the window.
    const unlockAt = recent[recent.length - max]!.getTime() + windowMs;
    return { throttled: true, retryAfterMinutes: Math.max(1, Math.ceil((unlockAt - now.getTime()) / 60_000)), scope };
  };
  return check(accountFailures, policy.maxPerAccount, "account") ?? check(ipFailures, policy.maxPerIp, "ip") ?? { throttled: false };
}
