import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/** Starts the worker (outbox dispatch + notifications) next to the two web servers. */
export default async function globalSetup() {
  const root = path.resolve(__dirname, "../../..");
  const worker: ChildProcess = spawn("npx", ["tsx", "packages/core/src/worker/worker.cli.ts"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  return async () => {
    if (worker.pid) {
      try {
        process.kill(-worker.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  };
}
