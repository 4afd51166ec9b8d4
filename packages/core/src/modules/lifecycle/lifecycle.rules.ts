/**
 * Pure lifecycle rules: from a customer's orders and engagement, its stage now.
 *
 *   prospect     no order yet (a stage set elsewhere before the first order, e.g. a plugin's, is kept)
 *   new          first order less than `newCustomerDays` ago
 *   active       an order or engagement less than `activeDays` ago
 *   dormant      nothing for `dormantDays`
 *   churned      nothing for `churnedDays`
 *   reactivated  came back (an order or engagement within `activeDays`) after being dormant or churned;
 *                counts as active again `reactivatedDays` after the return
 *
 * Between `activeDays` and `dormantDays` without a touch a customer keeps its direction: an active
 * (or new, or reactivated) one is still active, a dormant or churned one is dormant — coming back
 * takes a touch inside the active window. Engagement is a non-order customer event (a login…) or an
 * activity a partner logged (calls, visits…). See docs/decisions/010-lifecycle-and-segments.md.
 */
import type { TLifecyclePolicy } from "../settings/lifecycle-policy.ts";

/** The stages these rules compute, in lifecycle order. */
export const COMPUTED_LIFECYCLE_STAGES = ["prospect", "new", "active", "dormant", "churned", "reactivated"] as const;
export type TComputedLifecycleStage = (typeof COMPUTED_LIFECYCLE_STAGES)[number];

/** Stages that say "has ordered": these rules own them. */
const CUSTOMER_STAGES: ReadonlySet<string> = new Set(["new", "active", "dormant", "churned", "reactivated"]);

export type LifecycleFacts = {
  /** First and last order (order events until real orders exist; `Customer.lastOrderAt` counts too). */
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  /** Latest engagement: a non-order customer event or a logged activity. */
  lastEngagementAt: Date | null;
  /** The latest touch (order or engagement) strictly before the latest one. */
  previousTouchAt: Date | null;
};

/** What is stored on the customer: its stage and when that stage was entered. */
export type StoredLifecycle = { stage: string; changedAt: Date | null };

export type LifecycleDecision = {
  stage: string;
  /** Set when this decision brings the customer back: the stage it returns from. */
  reactivatedFrom: "dormant" | "churned" | null;
};

const DAY_MS = 86_400_000;

function daysBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / DAY_MS;
}

function latest(...dates: Array<Date | null>): Date | null {
  let out: Date | null = null;
  for (const d of dates) if (d && (!out || d > out)) out = d;
  return out;
}

function earliest(...dates: Array<Date | null>): Date | null {
  let out: Date | null = null;
  for (const d of dates) if (d && (!out || d < out)) out = d;
  return out;
}

function isAway(stage: string): stage is "dormant" | "churned" {
  return stage === "dormant" || stage === "churned";
}

export function decideLifecycle(facts: LifecycleFacts, stored: StoredLifecycle, policy: TLifecyclePolicy, now: Date): LifecycleDecision {
  const firstOrder = earliest(facts.firstOrderAt, facts.lastOrderAt);
  if (!firstOrder) {
    // Before the first order these rules only say "prospect" instead of one of their own stages.
    return { stage: CUSTOMER_STAGES.has(stored.stage) ? "prospect" : stored.stage, reactivatedFrom: null };
  }
  const lastTouch = latest(firstOrder, facts.lastOrderAt, facts.lastEngagementAt)!;
  const idle = daysBetween(lastTouch, now);
  if (idle >= policy.churnedDays) return { stage: "churned", reactivatedFrom: null };
  if (idle >= policy.dormantDays) return { stage: "dormant", reactivatedFrom: null };

  if (idle >= policy.activeDays) {
    // An old touch that surfaced late is not a return; everyone else is still active until dormant.
    return { stage: isAway(stored.stage) ? "dormant" : "active", reactivatedFrom: null };
  }

  if (isAway(stored.stage)) return { stage: "reactivated", reactivatedFrom: stored.stage };
  // The stored stage may not have caught up (no recomputation during the silence): the facts say a
  // customer who had ordered came back after a dormant-long silence, and that return is not processed yet.
  const silence = facts.previousTouchAt ? daysBetween(facts.previousTouchAt, lastTouch) : null;
  const unprocessed = stored.changedAt === null || stored.changedAt < lastTouch;
  if (silence !== null && silence >= policy.dormantDays && facts.previousTouchAt! >= firstOrder && unprocessed && stored.stage !== "reactivated") {
    return { stage: "reactivated", reactivatedFrom: silence >= policy.churnedDays ? "churned" : "dormant" };
  }
  if (stored.stage === "reactivated" && stored.changedAt && daysBetween(stored.changedAt, now) < policy.reactivatedDays) {
    return { stage: "reactivated", reactivatedFrom: null };
  }
  if (daysBetween(firstOrder, now) < policy.newCustomerDays) return { stage: "new", reactivatedFrom: null };
  return { stage: "active", reactivatedFrom: null };
}
