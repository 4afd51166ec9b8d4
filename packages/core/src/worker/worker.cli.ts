import { disconnectDb } from "../db/index.ts";
import { env } from "../env/index.ts";
import { parseWorkerRoles, startWorker, type WorkerRole } from "../jobs/worker.ts";

let roles: WorkerRole[] = [];
try {
  env(); // refuse to start with an invalid environment, listing every problem
  // WORKER_ROLES=statements runs a dedicated statement worker; unset runs everything.
  roles = parseWorkerRoles(process.env.WORKER_ROLES);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const worker = startWorker({ roles });
console.log(`[worker] started: ${roles.join(", ")}`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: finishing current jobs…`);
  await worker.stop();
  await disconnectDb();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
