/**
 * Routes a delivered domain event to its consumers. Every consumer is idempotent, because delivery is
 * at-least-once (a crash between "added to queue" and "marked dispatched" re-sends the event).
 */
import { runAsSystem } from "../db/index.ts";
import { notifyLeadAssigned, notifyRegistrationDecided } from "../modules/notifications/index.ts";
import type { DomainEvents } from "../modules/outbox/outbox.events.ts";
import { ZDomainEventJob } from "./domain-event.job.ts";

type Consumer = (eventId: string, payload: never) => Promise<unknown>;

const CONSUMERS: { [T in keyof DomainEvents]?: Array<(eventId: string, payload: DomainEvents[T]) => Promise<unknown>> } = {
  "lead.assigned": [notifyLeadAssigned],
  "registration.decided": [notifyRegistrationDecided],
};

export async function handleDomainEvent(data: unknown): Promise<{ consumers: number }> {
  const job = ZDomainEventJob.parse(data);
  const consumers = (CONSUMERS[job.type as keyof DomainEvents] ?? []) as Consumer[];
  await runAsSystem(`event:${job.type}`, async () => {
    for (const consume of consumers) await consume(job.eventId, job.payload as never);
  });
  return { consumers: consumers.length };
}
