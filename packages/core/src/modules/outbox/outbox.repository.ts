import type { Tx } from "../../db/index.ts";
import type { Prisma } from "../../db/index.ts";
import { insertInto, OUTBOX_COLUMNS } from "../../db/sql-writes.ts";
import { uuidv7 } from "../../db/uuidv7.ts";
import type { DomainEvents, DomainEventType } from "./outbox.events.ts";

type Aggregate = { type: string; id: string; partnerId?: string | null };

/** Write a domain event in the caller's transaction: it exists if and only if the change commits. */
export async function emitEvent<T extends DomainEventType>(tx: Tx, type: T, aggregate: Aggregate, payload: DomainEvents[T]): Promise<string> {
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

/** An event for `outboxInsert`; `domainEvent` checks the payload against its type. */
export type PendingEvent = { type: DomainEventType; aggregate: Aggregate; payload: unknown };

export function domainEvent<T extends DomainEventType>(type: T, aggregate: Aggregate, payload: DomainEvents[T]): PendingEvent {
  return { type, aggregate, payload };
}

/** The same rows as emitEvent's, as an INSERT for `writeTogether` (system-actor transactions). */
export function outboxInsert(events: readonly PendingEvent[]): Prisma.Sql {
  return insertInto(
    "OutboxEvent",
    OUTBOX_COLUMNS,
    events.map((e) => ({
      id: uuidv7(),
      type: e.type,
      aggregateType: e.aggregate.type,
      aggregateId: e.aggregate.id,
      partnerId: e.aggregate.partnerId ?? null,
      payload: e.payload,
    })),
  );
}
