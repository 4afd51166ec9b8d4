import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { dropQueueKeys } from "./test-queues.ts";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const redis = new Redis(url);
afterAll(() => redis.disconnect());

async function queueSomething(prefix: string): Promise<void> {
  const queue = new Queue("domain-events", { connection: { host: new URL(url).hostname, port: Number(new URL(url).port || 6379) }, prefix });
  await queue.add("a", { n: 1 });
  await queue.add("b", { n: 2 }, { delay: 60_000 });
  await queue.close();
}

describe("dropping a finished test run's queue keys", () => {
  it("removes every key under the run's prefix and nothing under another run's", async () => {
    const mine = `qudao-test-${randomBytes(4).toString("hex")}`;
    const other = `qudao-test-${randomBytes(4).toString("hex")}`;
    await queueSomething(mine);
    await queueSomething(other);
    expect((await redis.keys(`${mine}:*`)).length).toBeGreaterThan(0);
    expect(await dropQueueKeys(mine)).toBeGreaterThan(0);
    expect(await redis.keys(`${mine}:*`)).toEqual([]);
    expect((await redis.keys(`${other}:*`)).length).toBeGreaterThan(0);
    await dropQueueKeys(other);
  });

  it.each(["qudao", "qudao-", "qudao-prod-x", "qudao-test-*", "qudao-e2e-a:b"])("refuses %j: not a test run's prefix", async (prefix) => {
    await expect(dropQueueKeys(prefix)).rejects.toThrow("not a test run's queue prefix");
  });
});
