/** The worker process: outbox dispatch loop + BullMQ consumers. Stateless; run as many as needed. */
import { Queue, Worker } from "bullmq";
import { queuePrefix, redisConnection } from "./connection.ts";
import { handleDomainEvent } from "./domain-event.handler.ts";
import { DOMAIN_EVENTS_QUEUE } from "./domain-event.job.ts";
import { IMPORTS_QUEUE } from "./import.job.ts";
import { STATEMENT_WORKER_OPTIONS, STATEMENTS_QUEUE, ZStatementRunJob } from "./statement.job.ts";
import { autoConfirmStatements, executeStatementRun } from "../modules/commissions/index.ts";
import { createDomainEventQueue, dispatchOutbox } from "./outbox-dispatcher.ts";
import { expireProtections, reclaimInactiveCustomers, warnExpiringRegistrations } from "./ownership-maintenance.ts";
import { sendTaskReminders } from "./task-reminders.ts";
import { runScheduledRules } from "../modules/automation/index.ts";
import { refreshCustomerSegments } from "../modules/lifecycle/index.ts";
import { flagStuckOpportunities } from "../modules/opportunities/index.ts";
import { env } from "../env/index.ts";
import { enqueueScheduledHooks, flushHookStats, purgeExpiredInstalls, recordDeadLetter, resetPluginHost, runPluginHookJob } from "../modules/plugins/index.ts";
import { PLUGIN_HOOK_ATTEMPTS, PLUGIN_HOOKS_QUEUE, ZPluginHookJob } from "./plugin-hook.job.ts";

export const MAINTENANCE_QUEUE = "maintenance";

/** Repeatable upkeep jobs: name → how often → what it does (each run idempotent). */
export const MAINTENANCE_JOBS = {
  "protection-expiry": { everyMs: 5 * 60_000, run: () => expireProtections() },
  "expiry-warnings": { everyMs: 60 * 60_000, run: () => warnExpiringRegistrations() },
  "inactivity-reclaim": { everyMs: 60 * 60_000, run: () => reclaimInactiveCustomers() },
  "task-reminders": { everyMs: 60_000, run: () => sendTaskReminders() },
  // Issued statements past the partner's confirmation deadline are confirmed on its behalf (ADR 019).
  "statement-auto-confirm": { everyMs: 60 * 60_000, run: () => autoConfirmStatements() },
  "automation-schedules": { everyMs: 60_000, run: () => runScheduledRules() },
  // Nightly at 03:00 platform time (a cron pattern instead of everyMs): lifecycle stages, then RFM segments.
  "customer-segments": { pattern: "0 3 * * *", run: () => refreshCustomerSegments() },
  // Daily at 07:00 platform time, so the follow-up tasks are there when the day starts.
  "opportunity-stuck": { pattern: "0 7 * * *", run: () => flagStuckOpportunities() },
  // Uninstalled plugins' quarantined data past its restore window is purged (ADR 024).
  "plugin-purge": { everyMs: 60 * 60_000, run: () => purgeExpiredInstalls() },
  // Plugins' schedule hooks (cron in the manifest, at most every 5 minutes), queued once per tick.
  "plugin-schedules": { everyMs: 60_000, run: () => enqueueScheduledHooks() },
} as const;

export type RunningWorker = { stop: () => Promise<void> };

/** What a worker process runs: all of it by default; `WORKER_ROLES=statements` for a dedicated statement worker. */
export const WORKER_ROLES = ["events", "maintenance", "imports", "statements", "plugins"] as const;
export type WorkerRole = (typeof WORKER_ROLES)[number];

/** "statements,imports" → those roles; empty or missing → all; an unknown name is an error, not a silent no-op. */
export function parseWorkerRoles(value: string | undefined): WorkerRole[] {
  const names = (value ?? "").split(",").map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) return [...WORKER_ROLES];
  for (const name of names) if (!(WORKER_ROLES as readonly string[]).includes(name)) throw new Error(`unknown worker role "${name}" (known: ${WORKER_ROLES.join(", ")})`);
  return names as WorkerRole[];
}

export function startWorker(options: { pollMs?: number; log?: (line: string) => void; schedule?: boolean; roles?: readonly WorkerRole[] } = {}): RunningWorker {
  const pollMs = options.pollMs ?? 500;
  const log = options.log ?? ((line: string) => console.log(`[worker] ${line}`));
  const roles = new Set(options.roles ?? WORKER_ROLES);
  const closers: Array<() => Promise<void>> = [];
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  if (roles.has("events")) {
    const queue: Queue = createDomainEventQueue();
    const consumer = new Worker(DOMAIN_EVENTS_QUEUE, (job) => handleDomainEvent(job.data), {
      connection: redisConnection(),
      prefix: queuePrefix(),
      concurrency: 8,
    });
    consumer.on("failed", (job, error) => log(`event ${job?.id ?? "?"} (${job?.name ?? "?"}) failed: ${error.message}`));
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
    closers.push(() => consumer.close(), () => queue.close());
  }

  if (roles.has("maintenance")) {
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
    if (options.schedule !== false) {
      for (const [name, definition] of Object.entries(MAINTENANCE_JOBS)) {
        void maintenanceQueue
          .upsertJobScheduler(name, "pattern" in definition ? { pattern: definition.pattern, tz: env().PLATFORM_TIMEZONE } : { every: definition.everyMs }, { name, opts: { removeOnComplete: 100, removeOnFail: 500 } })
          .catch((error: Error) => log(`could not schedule ${name}: ${error.message}`));
      }
    }
    closers.push(() => maintenance.close(), () => maintenanceQueue.close());
  }

  if (roles.has("imports")) {
    // Two at a time per worker; the handler (exceljs, csv-parse) loads on the first import.
    const importer = new Worker(IMPORTS_QUEUE, async (job) => (await import("./import.handler.ts")).handleImportJob(job.data), {
      connection: redisConnection(),
      prefix: queuePrefix(),
      concurrency: 2,
    });
    importer.on("failed", (job, error) => log(`import ${job?.id ?? "?"} failed: ${error.message}`));
    closers.push(() => importer.close());
  }

  if (roles.has("plugins")) {
    // A hook's sandbox call is synchronous (it holds the event loop for at most its CPU budget); the
    // rest of a job is Redis and database round trips, which this concurrency overlaps.
    const hooks = new Worker(PLUGIN_HOOKS_QUEUE, async (job) => runPluginHookJob(ZPluginHookJob.parse(job.data)), {
      connection: redisConnection(),
      prefix: queuePrefix(),
      concurrency: 16,
    });
    hooks.on("failed", (job, error) => {
      log(`plugin hook ${job?.id ?? "?"} failed (attempt ${job?.attemptsMade ?? "?"}): ${error.message}`);
      if (job && job.attemptsMade >= (job.opts.attempts ?? PLUGIN_HOOK_ATTEMPTS)) {
        const parsed = ZPluginHookJob.safeParse(job.data);
        if (parsed.success) void recordDeadLetter(parsed.data, error).catch((e: Error) => log(`dead letter not recorded: ${e.message}`));
      }
    });
    closers.push(async () => {
      await hooks.close();
      await flushHookStats();
      resetPluginHost();
    });
  }

  if (roles.has("statements")) {
    // One run at a time per worker; short locks so a killed worker's run moves on within seconds.
    const statements = new Worker(
      STATEMENTS_QUEUE,
      async (job) => {
        const { runId } = ZStatementRunJob.parse(job.data);
        log(`statement run ${runId}: started (attempt ${job.attemptsStarted})`);
        const result = await executeStatementRun(runId);
        log(`statement run ${runId} (${result.period}): ${result.status}, ${result.result.linesCreated} new line(s), ${result.result.linesUpdated} changed, ${result.result.linesRemoved} removed`);
        return { status: result.status };
      },
      { connection: redisConnection(), prefix: queuePrefix(), ...STATEMENT_WORKER_OPTIONS },
    );
    statements.on("failed", (job, error) => log(`statement run ${job?.id ?? "?"} failed: ${error.message}`));
    closers.push(() => statements.close());
  }

  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const close of closers) await close();
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
