/**
 * Consumer of `dispute.resolved`: the partner user who raised the dispute hears finance's answer
 * (accepted with the correction, or rejected with its reason). Idempotent through
 * (sourceEventId, userId).
 */
import { db } from "../../db/index.ts";
import type { DomainEvents } from "../outbox/outbox.events.ts";

export async function notifyDisputeResolved(eventId: string, payload: DomainEvents["dispute.resolved"]): Promise<{ created: boolean }> {
  const dispute = await db.commissionDispute.findUnique({ where: { id: payload.disputeId }, select: { raisedById: true, status: true } });
  if (!dispute || dispute.status !== payload.status) return { created: false };
  const accepted = payload.status === "accepted";
  const result = await db.notification.createMany({
    data: [
      {
        userId: dispute.raisedById,
        type: "dispute.resolved",
        messageKey: accepted ? "settlement.notification.disputeAccepted" : "settlement.notification.disputeRejected",
        params: accepted ? { period: payload.period, amount: payload.adjustmentAmount ?? "" } : { period: payload.period, note: payload.resolutionNote ?? "" },
        link: `/statements/${payload.statementId}`,
        sourceEventId: eventId,
      },
    ],
    skipDuplicates: true,
  });
  return { created: result.count > 0 };
}
