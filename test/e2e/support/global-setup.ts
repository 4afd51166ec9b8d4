import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { Queue } from "bullmq";

/** Waits for the demo plugins playwright.config.ts is seeding in the background (support/seed-plugins.mts). */
async function demoPluginsSeeded(): Promise<void> {
  const marker = process.env.QUDAO_E2E_PLUGINS_SEEDED;
  if (!marker) return;
  const log = () => (existsSync(`${marker}.log`) ? readFileSync(`${marker}.log`, "utf8") : "");
  const pid = Number(process.env.QUDAO_E2E_PLUGINS_SEEDING_PID);
  const running = () => {
    try {
      return pid > 0 && process.kill(pid, 0);
    } catch {
      return false;
    }
  };
  const deadline = Date.now() + 5 * 60_000;
  while (!existsSync(marker)) {
    // Ended without an outcome (it could not even start): its output says why.
    if (!running() && !existsSync(marker)) throw new Error(`seeding the demo plugins stopped without an outcome:\n${log()}`);
    if (Date.now() > deadline) throw new Error(`the demo plugins were not seeded within 5 minutes:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const outcome = JSON.parse(readFileSync(marker, "utf8")) as { ok: boolean; error?: string };
  if (!outcome.ok) throw new Error(`seeding the demo plugins failed:\n${outcome.error}\n${log()}`);
  rmSync(marker, { force: true });
  rmSync(`${marker}.log`, { force: true });
}

/**
 * Waits (at most 3 minutes) until the worker has worked off what the demo seed left it: the seeded
 * industry plugins' records emit hundreds of events whose plugin hooks would otherwise queue ahead of
 * the first tests' own events (a journey waiting for its hook's task saw over a minute of backlog).
 * Drained = domain-event and plugin-hook queues empty on three checks in a row, a second apart.
 */
async function workerDrained(): Promise<void> {
  const url = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  const connection = { host: url.hostname, port: Number(url.port || 6379), ...(url.password ? { password: decodeURIComponent(url.password) } : {}), maxRetriesPerRequest: null };
  const prefix = process.env.QUEUE_PREFIX ?? "qudao";
  const queues = ["domain-events", "plugin-hooks"].map((name) => new Queue(name, { connection, prefix }));
  try {
    const deadline = Date.now() + 3 * 60_000;
    let quiet = 0;
    while (quiet < 3 && Date.now() < deadline) {
      const counts = await Promise.all(queues.map((q) => q.getJobCounts("waiting", "active", "delayed", "prioritized")));
      const pending = counts.reduce((sum, c) => sum + Object.values(c).reduce((a, b) => a + b, 0), 0);
      quiet = pending === 0 ? quiet + 1 : 0;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  } finally {
    await Promise.all(queues.map((q) => q.close()));
  }
}

/** Starts the worker (outbox dispatch + notifications) next to the two web servers; the tests start once the demo plugins are in. */
export default async function globalSetup() {
  const root = path.resolve(__dirname, "../../..");
  const worker: ChildProcess = spawn("npx", ["tsx", "packages/core/src/worker/worker.cli.ts"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const stop = async () => {
    if (worker.pid) {
      try {
        process.kill(-worker.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  };
  try {
    await demoPluginsSeeded();
    await workerDrained();
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
