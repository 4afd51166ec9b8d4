/**
 * A test run's BullMQ keys: every run queues under a prefix of its own (`qudao-test-<run>`,
 * `qudao-e2e-<database>`), and drops its keys when it ends, as it drops its database, so Redis does
 * not fill up with the jobs of finished runs.
 */
import { Redis } from "ioredis";

export async function dropQueueKeys(prefix: string, url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379"): Promise<number> {
  if (!/^qudao-(test|e2e)-[A-Za-z0-9_-]+$/.test(prefix)) throw new Error(`not a test run's queue prefix: ${prefix}`);
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let dropped = 0;
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) dropped += await redis.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return dropped;
}
