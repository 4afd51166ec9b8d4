/** Job definition: one domain event from the outbox, delivered at least once to its consumers. */
import { z } from "zod";

export const DOMAIN_EVENTS_QUEUE = "domain-events";

export const ZDomainEventJob = z.object({
  eventId: z.string(),
  type: z.string(),
  aggregateType: z.string(),
  aggregateId: z.string(),
  partnerId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  occurredAt: z.string(),
});
export type TDomainEventJob = z.infer<typeof ZDomainEventJob>;
