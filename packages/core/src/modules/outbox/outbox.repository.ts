import type { Tx } from "../../db/index.ts";
import type { Prisma } from "../../db/index.ts";
import type { DomainEvents, DomainEventType } from "./outbox.events.ts";

/** Write a domain event in the caller's transaction: it exists if and only if the change commits. */
export async function emitEvent<T extends DomainEventType>(
  tx: Tx,
  type: T,
  aggregate: { type: string; id: string; partnerId?: string | null },
  payload: DomainEvents[T],
): Promise<string> {
  const row = await tx.outboxEvent.create({
    data: {
      type,
      aggregateType: aggregate.type,
      aggregateId: aggregate.id,
      partnerId: aggregate.partnerId ?? null,
      payload: payload as unknown as Prisma.InputJsonValue,
    },
    select: { id: true },
  });
  return row.id;
}
