/** Pure rules of logging activities (no I/O). */

/** Clocks drift: an activity a few minutes "ahead" is now, anything later has not happened yet. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export function isInFuture(occurredAt: Date, now: Date): boolean {
  return occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS;
}

/**
 * The customer's follow-up clock (Customer.lastActivityAt, read by the inactivity reclaim job) moves
 * only for the partner that owns the customer, and only forward: a visit logged late for last week
 * does not undo this week's call. Returns the new value, or null when the clock stays.
 */
export function followUpClockAfter(
  customer: { ownerPartnerId: string | null; lastActivityAt: Date | null },
  actorPartnerId: string,
  occurredAt: Date,
): Date | null {
  if (customer.ownerPartnerId === null || customer.ownerPartnerId !== actorPartnerId) return null;
  if (customer.lastActivityAt && customer.lastActivityAt.getTime() >= occurredAt.getTime()) return null;
  return occurredAt;
}

/** Work logged against a new lead means it has been contacted; other statuses stay. */
export function leadStatusAfterActivity(status: string): "contacted" | null {
  return status === "new" ? "contacted" : null;
}
