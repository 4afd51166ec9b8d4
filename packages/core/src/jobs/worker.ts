/** The worker process: outbox dispatch loop + BullMQ consumers. Stateless; run as many as needed. */
import { Worker, type Queue } from "bullmq";
import { queuePrefix, redisConnection } from "./connection.ts";
import { handleDomainEvent } from "./domain-event.handler.ts";
import { DOMAIN_EVENTS_QUEUE } from "./domain-event.job.ts";
import { createDomainEventQueue, dispatchOutbox } from "./outbox-dispatcher.ts";

export type RunningWorker = { stop: () => Promise<void> };

export function startWorker(options: { pollMs?: number; log?: (line: string) => void } = {}): RunningWorker {
  const pollMs = options.pollMs ?? 500;
  const log = options.log ?? ((line: string) => console.log(`[worker] ${line}`));
  const queue: Queue = createDomainEventQueue();
  const consumer = new Worker(DOMAIN_EVENTS_QUEUE, (job) => handleDomainEvent(job.data), {
    connection: redisConnection(),
    prefix: queuePrefix(),
    concurrency: 8,
  });
  consumer.on("failed", (job, error) => log(`event ${job?.id ?? "?"} (${job?.name ?? "?"}) failed: ${error.message}`));

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
      await queue.close();
    },
  };
}
