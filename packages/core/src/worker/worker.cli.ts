import { disconnectDb } from "../db/index.ts";
import { env, EnvError } from "../env/index.ts";
import { startWorker } from "../jobs/worker.ts";

try {
  env(); // refuse to start with an invalid environment, listing every problem
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
const worker = startWorker();
console.log("[worker] started: outbox dispatch + domain-event consumers");

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
