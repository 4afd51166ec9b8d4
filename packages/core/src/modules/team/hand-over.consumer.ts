/**
 * Consumer of `user.deactivated`: the successor hears that a leaver's open work is now theirs.
 * Idempotent through the notification's (sourceEventId, userId) key.
 */
import { db } from "../../db/index.ts";
import type { DomainEvents } from "../outbox/outbox.events.ts";

export async function notifySuccessor(eventId: string, payload: DomainEvents["user.deactivated"]): Promise<{ created: boolean }> {
  if (!payload.reassignedToId) return { created: false };
  const leaver = await db.user.findUnique({ where: { id: payload.userId }, select: { name: true } });
  if (!leaver) return { created: false };
  const result = await db.notification.createMany({
    data: [
      {
        userId: payload.reassignedToId,
        type: "user.deactivated",
        messageKey: "team.notification.workHandedOver",
        params: { name: leaver.name },
        link: "/leads",
        sourceEventId: eventId,
      },
    ],
    skipDuplicates: true,
  });
  return { created: result.count > 0 };
}
