/**
 * Job definition: run one uploaded import (modules/imports/import-run.service.ts). The BullMQ job id
 * is the import's id, so starting twice queues it once; a stalled run (the worker died) is taken up
 * again by BullMQ and resumes after the rows already committed.
 */
import { Queue } from "bullmq";
import { z } from "zod";
import { SUPPORTED_LOCALES } from "../i18n/index.ts";
import { queuePrefix, redisConnection } from "./connection.ts";

export const IMPORTS_QUEUE = "imports";

export const ZImportRunJob = z.object({
  importJobId: z.uuid(),
  /** The language of the error file's reasons: the one the user started the import in. */
  locale: z.enum(SUPPORTED_LOCALES),
});
export type TImportRunJob = z.infer<typeof ZImportRunJob>;

const holder = globalThis as unknown as { [key: symbol]: Queue | undefined };
const QUEUE_KEY = Symbol.for("qudao.imports-queue");

function importsQueue(): Queue {
  // One queue (one Redis connection) per process, also across Vite's dev reloads.
  holder[QUEUE_KEY] ??= new Queue(IMPORTS_QUEUE, {
    connection: redisConnection(),
    prefix: queuePrefix(),
    defaultJobOptions: {
      // The run records its own failures on the import; a retry would only repeat them.
      attempts: 1,
      removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    },
  });
  return holder[QUEUE_KEY];
}

export async function enqueueImportRun(job: TImportRunJob): Promise<void> {
  const data = ZImportRunJob.parse(job);
  await importsQueue().add("import.run", data, { jobId: data.importJobId });
}

/** Close this process's queue connection (tests, scripts). */
export async function closeImportsQueue(): Promise<void> {
  const queue = holder[QUEUE_KEY];
  holder[QUEUE_KEY] = undefined;
  await queue?.close();
}
