/**
 * Job definition: one statement generation (or plan simulation) run. The BullMQ job id is the run's
 * id, so requesting a run twice queues it once. A worker that dies mid-run (SIGKILL) loses its lock;
 * BullMQ hands the job to the next worker, which starts the run again from the first partner:
 * lines are written by key and unchanged lines are not written, so the rerun adds nothing twice.
 */
import { Queue } from "bullmq";
import { z } from "zod";
import { queuePrefix, redisConnection } from "./connection.ts";

export const STATEMENTS_QUEUE = "statements";

/** Short locks so a killed worker's run is taken up again within seconds, not half a minute. */
export const STATEMENT_WORKER_OPTIONS = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 5, concurrency: 1 } as const;

export const ZStatementRunJob = z.object({ runId: z.uuid() });
export type TStatementRunJob = z.infer<typeof ZStatementRunJob>;

const holder = globalThis as unknown as { [key: symbol]: Queue | undefined };
const QUEUE_KEY = Symbol.for("qudao.statements-queue");

function statementsQueue(): Queue {
  holder[QUEUE_KEY] ??= new Queue(STATEMENTS_QUEUE, {
    connection: redisConnection(),
    prefix: queuePrefix(),
    defaultJobOptions: {
      // The run records its failure; a retry after a crash is BullMQ's stalled-job recovery.
      attempts: 1,
      removeOnComplete: { age: 30 * 24 * 3600, count: 10_000 },
      removeOnFail: { age: 90 * 24 * 3600 },
    },
  });
  return holder[QUEUE_KEY];
}

export async function enqueueStatementRun(job: TStatementRunJob): Promise<void> {
  const data = ZStatementRunJob.parse(job);
  await statementsQueue().add("statements.run", data, { jobId: data.runId });
}

export async function closeStatementsQueue(): Promise<void> {
  const queue = holder[QUEUE_KEY];
  holder[QUEUE_KEY] = undefined;
  await queue?.close();
}
