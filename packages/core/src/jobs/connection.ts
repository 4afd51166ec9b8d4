import type { ConnectionOptions } from "bullmq";
import { env } from "../env/index.ts";

/** BullMQ gets connection *options*, never an ioredis instance, so close() really closes (STACK.md). */
export function redisConnection(url = env().REDIS_URL): ConnectionOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.pathname.length > 1 ? { db: Number(parsed.pathname.slice(1)) } : {}),
    ...(parsed.protocol === "rediss:" ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

export function queuePrefix(): string {
  return env().QUEUE_PREFIX;
}
