/**
 * Moves committed outbox rows to BullMQ. Rows are claimed with FOR UPDATE SKIP LOCKED, so several
 * workers can dispatch side by side; the BullMQ job id is the event id, so a re-send is deduplicated.
 */
import { Queue } from "bullmq";
import { baseDb } from "../db/index.ts";
import type { OutboxEvent } from "../generated/prisma/client.ts";
import { queuePrefix, redisConnection } from "./connection.ts";
import { DOMAIN_EVENTS_QUEUE, type TDomainEventJob } from "./domain-event.job.ts";

export function createDomainEventQueue(): Queue {
  return new Queue(DOMAIN_EVENTS_QUEUE, {
    connection: redisConnection(),
    prefix: queuePrefix(),
    defaultJobOptions: {
      attempts: 8,
      backoff: { type: "exponential", delay: 1_000 },
      removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    },
  });
}

function toJob(event: OutboxEvent): TDomainEventJob {
  return {
    eventId: event.id,
    type: event.type,
    aggregateType: event.aggregateType,
    aggregateId: event.aggregateId,
    partnerId: event.partnerId,
    payload: event.payload as Record<string, unknown>,
    occurredAt: event.createdAt.toISOString(),
  };
}

/** Dispatch up to `batchSize` pending events; returns how many were handed to the queue. */
export async function dispatchOutbox(queue: Queue, batchSize = 200): Promise<number> {
  return baseDb().$transaction(async (tx) => {
    const events = await tx.$queryRaw<OutboxEvent[]>`
      SELECT * FROM "OutboxEvent"
      WHERE "dispatchedAt" IS NULL
      ORDER BY id
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED`;
    if (events.length === 0) return 0;
    try {
      await queue.addBulk(events.map((event) => ({ name: event.type, data: toJob(event), opts: { jobId: event.id } })));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await tx.outboxEvent.updateMany({
        where: { id: { in: events.map((e) => e.id) } },
        data: { attempts: { increment: 1 }, lastError: message.slice(0, 1000) },
      });
      return 0;
    }
    await tx.outboxEvent.updateMany({ where: { id: { in: events.map((e) => e.id) } }, data: { dispatchedAt: new Date() } });
    return events.length;
  });
}
