/**
 * Job definition: one plugin event hook for one domain event and one install. The job id is
 * (event, install, hook), so an event delivered twice runs each hook once; failures retry with
 * backoff, and the last failure is a dead letter on the plugin's errors page.
 */
import { Queue } from "bullmq";
import { z } from "zod";
import { queuePrefix, redisConnection } from "./connection.ts";

export const PLUGIN_HOOKS_QUEUE = "plugin-hooks";
export const PLUGIN_HOOK_ATTEMPTS = 3;

export const ZPluginHookJob = z.object({
  installId: z.uuid(),
  hook: z.string().min(1).max(64),
  event: z.object({
    id: z.string(),
    name: z.string(),
    occurredAt: z.string(),
    partnerId: z.string().nullable(),
    aggregateType: z.string(),
    aggregateId: z.string(),
    payload: z.record(z.string(), z.unknown()),
  }),
});
export type TPluginHookJob = z.infer<typeof ZPluginHookJob>;

const holder = globalThis as unknown as { [key: symbol]: Queue | undefined };
const QUEUE_KEY = Symbol.for("qudao.plugin-hooks-queue");

export function pluginHooksQueue(): Queue {
  holder[QUEUE_KEY] ??= new Queue(PLUGIN_HOOKS_QUEUE, {
    connection: redisConnection(),
    prefix: queuePrefix(),
    defaultJobOptions: {
      attempts: PLUGIN_HOOK_ATTEMPTS,
      backoff: { type: "exponential", delay: 1_000 },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    },
  });
  return holder[QUEUE_KEY];
}

export async function enqueuePluginHooks(jobs: TPluginHookJob[]): Promise<void> {
  if (jobs.length === 0) return;
  await pluginHooksQueue().addBulk(
    jobs.map((job) => ({ name: "plugin.hook", data: ZPluginHookJob.parse(job), opts: { jobId: pluginHookJobId(job) } })),
  );
}

/** (event, install, hook) as a BullMQ job id: BullMQ refuses ":" in custom ids (its Redis key separator). */
export function pluginHookJobId(job: Pick<TPluginHookJob, "installId" | "hook" | "event">): string {
  return `${job.event.id}-${job.installId}-${job.hook}`.replace(/:/g, "_");
}
