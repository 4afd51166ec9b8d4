/**
 * Consumer of `lead.assigned`: tells the new assignee in-app. Idempotent: the (sourceEventId, userId)
 * unique key makes a redelivered event a no-op.
 */
import { db } from "../../db/index.ts";
import type { DomainEvents } from "../outbox/outbox.events.ts";

export async function notifyLeadAssigned(eventId: string, payload: DomainEvents["lead.assigned"]): Promise<{ created: boolean }> {
  const lead = await db.lead.findUnique({ where: { id: payload.leadId }, select: { name: true, assigneeId: true } });
  // The lead may have been reassigned again before delivery; the newer event notifies that person.
  if (!lead || lead.assigneeId !== payload.assigneeId) return { created: false };
  const actorName = payload.actorUserId
    ? ((await db.user.findUnique({ where: { id: payload.actorUserId }, select: { name: true } }))?.name ?? null)
    : null;
  const result = await db.notification.createMany({
    data: [
      {
        userId: payload.assigneeId,
        type: "lead.assigned",
        messageKey: actorName ? "common.notification.leadAssignedBy" : "common.notification.leadAssigned",
        params: actorName ? { leadName: lead.name, actorName } : { leadName: lead.name },
        link: `/leads/${payload.leadId}`,
        sourceEventId: eventId,
      },
    ],
    skipDuplicates: true,
  });
  return { created: result.count > 0 };
}
