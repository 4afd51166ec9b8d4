import pg from "pg";
import { dropQueueKeys } from "../../../packages/core/src/testing/test-queues.ts";

/** Drops this run's database and its queues' keys (the web servers and the worker have stopped by now). */
export default async function globalTeardown() {
  const url = process.env.QUDAO_E2E_DATABASE_URL;
  if (!url || process.env.QUDAO_E2E_KEEP_DB === "1") return;
  const parsed = new URL(url);
  const name = parsed.pathname.slice(1);
  parsed.pathname = "/postgres";
  const client = new pg.Client({ connectionString: parsed.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
  if (process.env.QUEUE_PREFIX) await dropQueueKeys(process.env.QUEUE_PREFIX);
}
