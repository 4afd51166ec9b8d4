/** The worker process: outbox dispatch loop + BullMQ consumers. Stateless; run as many as needed. */
import { Queue, Worker } from "bullmq";
import { queuePrefix, redisConnection } from "./connection.ts";
import { handleDomainEvent } from "./domain-event.handler.ts";
import { DOMAIN_EVENTS_QUEUE } from "./domain-event.job.ts";
import { createDomainEventQueue, dispatchOutbox } from "./outbox-dispatcher.ts";
import { expireProtections, reclaimInactiveCustomers, warnExpiringRegistrations } from "./ownership-maintenance.ts";

export const MAINTENANCE_QUEUE = "maintenance";

/** Repeatable upkeep jobs: name → how often → what it does (each run idempotent). */
export const MAINTENANCE_JOBS = {
  "protection-expiry": { everyMs: 5 * 60_000, run: () => expireProtections() },
  "expiry-warnings": { everyMs: 60 * 60_000, run: () => warnExpiringRegistrations() },
  "inactivity-reclaim": { everyMs: 60 * 60_000, run: () => reclaimInactiveCustomers() },
} as const;

export type RunningWorker = { stop: () => Promise<void> };

export function startWorker(options: { pollMs?: number; log?: (line: string) => void; schedule?: boolean } = {}): RunningWorker {
  const pollMs = options.pollMs ?? 500;
  const log = options.log ?? ((line: string) => console.log(`[worker] ${line}`));
  const queue: Queue = createDomainEventQueue();
  const consumer = new Worker(DOMAIN_EVENTS_QUEUE, (job) => handleDomainEvent(job.data), {
    connection: redisConnection(),
    prefix: queuePrefix(),
    concurrency: 8,
  });
  consumer.on("failed", (job, error) => log(`event ${job?.id ?? "?"} (${job?.name ?? "?"}) failed: ${error.message}`));

  const maintenanceQueue = new Queue(MAINTENANCE_QUEUE, { connection: redisConnection(), prefix: queuePrefix() });
  const maintenance = new Worker(
    MAINTENANCE_QUEUE,
    async (job) => {
      const definition = MAINTENANCE_JOBS[job.name as keyof typeof MAINTENANCE_JOBS];
      if (!definition) return null;
      const result = await definition.run();
      log(`${job.name}: ${JSON.stringify(result)}`);
      return result;
    },
    { connection: redisConnection(), prefix: queuePrefix(), concurrency: 1 },
  );
  maintenance.on("failed", (job, error) => log(`${job?.name ?? "maintenance"} failed: ${error.message}`));
  if (options.schedule !== false) {
    for (const [name, definition] of Object.entries(MAINTENANCE_JOBS)) {
      void maintenanceQueue
        .upsertJobScheduler(name, { every: definition.everyMs }, { name, opts: { removeOnComplete: 100, removeOnFail: 500 } })
        .catch((error: Error) => log(`could not schedule ${name}: ${error.message}`));
    }
  }

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const loop = async () => {
    if (stopped) return;
    let sent = 0;
    try {
      sent = await dispatchOutbox(queue);
      if (sent > 0) log(`dispatched ${sent} event(s)`);
    } catch (error) {
      log(`outbox dispatch failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    // A full batch means more are waiting: go again at once.
    if (!stopped) timer = setTimeout(loop, sent >= 200 ? 0 : pollMs);
  };
  void loop();

  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await consumer.close();
      await maintenance.close();
      await queue.close();
      await maintenanceQueue.close();
    },
  };
}
