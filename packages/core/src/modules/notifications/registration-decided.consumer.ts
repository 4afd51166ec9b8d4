/**
 * Consumer of `registration.decided`: when the platform decided a registration that waited for
 * review, the partner user who filed it hears the outcome. Immediate decisions were shown on screen.
 * Idempotent through (sourceEventId, userId).
 */
import { db } from "../../db/index.ts";
import type { DomainEvents } from "../outbox/outbox.events.ts";

export async function notifyRegistrationDecided(eventId: string, payload: DomainEvents["registration.decided"]): Promise<{ created: boolean }> {
  if (payload.status !== "accepted" && payload.status !== "rejected") return { created: false };
  const registration = await db.registration.findUnique({
    where: { id: payload.registrationId },
    select: { createdById: true, decidedById: true, submitted: true, status: true },
  });
  if (!registration || !registration.decidedById) return { created: false };
  const result = await db.notification.createMany({
    data: [
      {
        userId: registration.createdById,
        type: "registration.decided",
        messageKey: "ownership.notification.registrationDecided",
        params: { customerName: (registration.submitted as { name: string }).name, status: `ownership.status.${registration.status}` },
        link: `/registrations/${payload.registrationId}`,
        sourceEventId: eventId,
      },
    ],
    skipDuplicates: true,
  });
  return { created: result.count > 0 };
}
