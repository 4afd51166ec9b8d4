/**
 * Creates a uniquely named PostgreSQL database for this test run, migrates it, hands its URL to the
 * test workers, and drops it afterwards. Also gives the run its own BullMQ key prefix, whose keys it
 * drops afterwards too.
 */
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { createTestDatabase, dropTestDatabase } from "../../packages/core/src/testing/test-database.ts";
import { dropQueueKeys } from "../../packages/core/src/testing/test-queues.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    queuePrefix: string;
  }
}

export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const database = await createTestDatabase(`qudao_test_${runId}`);
  project.provide("databaseUrl", database.url);
  const queuePrefix = `qudao-test-${runId}`;
  project.provide("queuePrefix", queuePrefix);
  return async () => {
    await dropTestDatabase(database);
    await dropQueueKeys(queuePrefix);
  };
}
