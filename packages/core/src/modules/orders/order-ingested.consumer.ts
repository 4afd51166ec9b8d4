/**
 * Consumer of `order.ingested`: a purchase starts, keeps or brings back a customer, so its lifecycle
 * stage is recomputed within seconds of the order (lifecycle reads real orders, ADR 016).
 */
import { recomputeLifecycle } from "../lifecycle/index.ts";
import type { DomainEvents } from "../outbox/outbox.events.ts";

export async function recomputeOnOrderIngested(_eventId: string, payload: DomainEvents["order.ingested"]): Promise<{ changed: number }> {
  // Idempotent: the stage is a function of the facts, so a redelivery changes nothing.
  return { changed: (await recomputeLifecycle([payload.customerId], "order")).length };
}
