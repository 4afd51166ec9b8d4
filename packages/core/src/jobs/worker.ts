/** The worker process: outbox dispatch loop + BullMQ consumers. Stateless; run as many as needed. */
import { Queue, Worker } from "bullmq";
import { queuePrefix, redisConnection } from "./connection.ts";
import { handleDomainEvent } from "./domain-event.handler.ts";
import { DOMAIN_EVENTS_QUEUE } from "./domain-event.job.ts";
import { IMPORTS_QUEUE } from "./import.job.ts";
import { createDomainEventQueue, dispatchOutbox } from "./outbox-dispatcher.ts";
import { expireProtections, reclaimInactiveCustomers, warnExpiringRegistrations } from "./ownership-maintenance.ts";
import { sendTaskReminders } from "./task-reminders.ts";
import { runScheduledRules } from "../modules/automation/index.ts";
import { refreshCustomerSegments } from "../modules/lifecycle/index.ts";
import { flagStuckOpportunities } from "../modules/opportunities/index.ts";
import { env } from "../env/index.ts";

export const MAINTENANCE_QUEUE = "maintenance";

/** Repeatable upkeep jobs: name → how often → what it does (each run idempotent). */
export const MAINTENANCE_JOBS = {
  "protection-expiry": { everyMs: 5 * 60_000, run: () => expireProtections() },
  "expiry-warnings": { everyMs: 60 * 60_000, run: () => warnExpiringRegistrations() },
  "inactivity-reclaim": { everyMs: 60 * 60_000, run: () => reclaimInactiveCustomers() },
  "task-reminders": { everyMs: 60_000, run: () => sendTaskReminders() },
  "automation-schedules": { everyMs: 60_000, run: () => runScheduledRules() },
  // Nightly at 03:00 platform time (a cron pattern instead of everyMs): lifecycle stages, then RFM segments.
  "customer-segments": { pattern: "0 3 * * *", run: () => refreshCustomerSegments() },
  // Daily at 07:00 platform time, so the follow-up tasks are there when the day starts.
  "opportunity-stuck": { pattern: "0 7 * * *", run: () => flagStuckOpportunities() },
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
      // Minute-by-minute jobs that found nothing to do stay quiet.
      if (didSomething(result)) log(`${job.name}: ${JSON.stringify(result)}`);
      return result;
    },
    { connection: redisConnection(), prefix: queuePrefix(), concurrency: 1 },
  );
  maintenance.on("failed", (job, error) => log(`${job?.name ?? "maintenance"} failed: ${error.message}`));
  // Imports: two at a time per worker; the handler (exceljs, csv-parse) loads on the first import.
  const importer = new Worker(IMPORTS_QUEUE, async (job) => (await import("./import.handler.ts")).handleImportJob(job.data), {
    connection: redisConnection(),
    prefix: queuePrefix(),
    concurrency: 2,
  });
  importer.on("failed", (job, error) => log(`import ${job?.id ?? "?"} failed: ${error.message}`));
  if (options.schedule !== false) {
    for (const [name, definition] of Object.entries(MAINTENANCE_JOBS)) {
      void maintenanceQueue
        .upsertJobScheduler(name, "pattern" in definition ? { pattern: definition.pattern, tz: env().PLATFORM_TIMEZONE } : { every: definition.everyMs }, { name, opts: { removeOnComplete: 100, removeOnFail: 500 } })
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
      await importer.close();
      await queue.close();
      await maintenanceQueue.close();
    },
  };
}

/** Any non-zero count anywhere in a job's result. */
function didSomething(result: unknown): boolean {
  if (typeof result === "number") return result !== 0;
  if (Array.isArray(result)) return result.some(didSomething);
  if (result && typeof result === "object") return Object.values(result).some(didSomething);
  return false;
}
