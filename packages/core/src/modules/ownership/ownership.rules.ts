/**
 * Pure ownership rules: protection periods, the registration decision, pool-claim caps and
 * "who owned customer C at time T". No I/O; table-tested in ownership.rules.test.ts.
 */
import type { TProtectionPolicy } from "../settings/protection-policy.ts";

export type PartnerTier = "bronze" | "silver" | "gold" | "platinum";
const DAY = 86_400_000;

export function protectionDaysFor(policy: TProtectionPolicy, tier: PartnerTier): number {
  return policy.tierProtectionDays[tier] ?? policy.defaultProtectionDays;
}

export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY);
}

export function isProtected(protectedUntil: Date | null, now: Date): boolean {
  return protectedUntil !== null && protectedUntil.getTime() > now.getTime();
}

/** A customer the submitted identity matched, as the decision needs to see it. */
export type MatchedCustomer = {
  customerId: string;
  ownerPartnerId: string | null;
  protectedUntil: Date | null;
  /** Partners with a registration on it still waiting for review. */
  pendingPartnerIds: string[];
};

export type RegistrationDecision =
  | { status: "accepted"; customerId: string | null }
  | { status: "pending"; customerId: string | null; reasonCode: "REVIEW_REQUIRED" | "CONFLICT_REVIEW" | "AMBIGUOUS_MATCH"; matchedCustomerId: string | null }
  | { status: "rejected"; reasonCode: "ALREADY_YOURS"; customerId: string }
  | { status: "rejected"; reasonCode: "PROTECTED_BY_OTHER_PARTNER"; matchedCustomerId: string };

/**
 * What POST /registrations decides (API.md): protected by the same partner → ALREADY_YOURS;
 * protected by another → PROTECTED_BY_OTHER_PARTNER (never saying who); another partner's claim
 * waiting for review, or several distinct unprotected matches → platform review; otherwise accepted
 * (a new customer when nothing matched), or pending when the policy reviews everything.
 */
export function decideRegistration(
  partnerId: string,
  matches: MatchedCustomer[],
  reviewMode: TProtectionPolicy["reviewMode"],
  now: Date,
  /** Partners whose pending claims share an identity key but point at no customer yet. */
  pendingClaimsWithoutCustomer: string[] = [],
): RegistrationDecision {
  const protectedMatches = matches.filter((m) => isProtected(m.protectedUntil, now) && m.ownerPartnerId !== null);
  const mine = protectedMatches.find((m) => m.ownerPartnerId === partnerId);
  const theirs = protectedMatches.find((m) => m.ownerPartnerId !== partnerId);
  if (theirs) return { status: "rejected", reasonCode: "PROTECTED_BY_OTHER_PARTNER", matchedCustomerId: theirs.customerId };
  if (mine) return { status: "rejected", reasonCode: "ALREADY_YOURS", customerId: mine.customerId };

  const distinct = [...new Set(matches.map((m) => m.customerId))];
  if (distinct.length > 1) return { status: "pending", customerId: null, reasonCode: "AMBIGUOUS_MATCH", matchedCustomerId: distinct[0]! };
  const match = matches[0];
  if (match && match.pendingPartnerIds.some((p) => p !== partnerId)) {
    return { status: "pending", customerId: match.customerId, reasonCode: "CONFLICT_REVIEW", matchedCustomerId: match.customerId };
  }
  if (!match && pendingClaimsWithoutCustomer.some((p) => p !== partnerId)) {
    return { status: "pending", customerId: null, reasonCode: "CONFLICT_REVIEW", matchedCustomerId: null };
  }
  if (reviewMode === "review") return { status: "pending", customerId: match?.customerId ?? null, reasonCode: "REVIEW_REQUIRED", matchedCustomerId: match?.customerId ?? null };
  return { status: "accepted", customerId: match?.customerId ?? null };
}

/** Pool claims left for a partner in the current period. */
export function claimsLeft(policy: TProtectionPolicy, claimTimes: Date[], now: Date): number {
  const since = now.getTime() - policy.poolClaimPeriodDays * DAY;
  const used = claimTimes.filter((t) => t.getTime() > since).length;
  return Math.max(0, policy.poolClaimCap - used);
}

export type OwnershipRow = { partnerId: string | null; at: Date };

/** Who owned the customer at `time`, from its history (null: nobody, or the public pool). */
export function ownerAtTime(history: OwnershipRow[], time: Date): string | null {
  let owner: string | null = null;
  let latest = -Infinity;
  for (const row of history) {
    const at = row.at.getTime();
    if (at <= time.getTime() && at >= latest) {
      latest = at;
      owner = row.partnerId;
    }
  }
  return owner;
}

/** Registrations whose protection ends within the warning window and were not warned yet. */
export function needsExpiryWarning(protectedUntil: Date, warnedAt: Date | null, policy: TProtectionPolicy, now: Date): boolean {
  return warnedAt === null && protectedUntil.getTime() > now.getTime() && protectedUntil.getTime() - now.getTime() <= policy.expiryWarningDays * DAY;
}

export type InactivityStep = "none" | "warn" | "reclaim";

/** Owned customers without follow-up: warn first, reclaim once the warning period has passed. */
export function inactivityStep(lastActivityAt: Date | null, warnedAt: Date | null, policy: TProtectionPolicy, now: Date): InactivityStep {
  if (!lastActivityAt) return "none";
  const idleDays = (now.getTime() - lastActivityAt.getTime()) / DAY;
  if (warnedAt && warnedAt.getTime() > lastActivityAt.getTime()) {
    return now.getTime() - warnedAt.getTime() >= policy.inactivityWarningDays * DAY ? "reclaim" : "none";
  }
  return idleDays >= policy.inactivityDays - policy.inactivityWarningDays ? "warn" : "none";
}
