/**
 * The demo's plugins in this run's database, as `npm run db:seed` makes them (seed/demo-plugins.ts):
 * the sample and the built-in industry plugins published, reviewed and approved, and the industry demo
 * partners with their plugin installed and its demo data. Started by playwright.config.ts in the
 * background while the web servers start; global-setup.ts waits for the outcome this writes to
 * argv[2] ({ ok, result } or { ok: false, error }).
 */
import { renameSync, writeFileSync } from "node:fs";

const marker = process.argv[2];
if (!marker) throw new Error("usage: seed-plugins.mts <outcome file>");
let outcome: { ok: true; result: unknown } | { ok: false; error: string };
const { disconnectDb } = await import("../../../packages/core/src/db/index.ts");
try {
  const { seedDemoPlugins } = await import("../../../packages/core/src/seed/demo-plugins.ts");
  outcome = { ok: true, result: await seedDemoPlugins() };
} catch (error) {
  outcome = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  process.exitCode = 1;
} finally {
  await disconnectDb();
}
writeFileSync(`${marker}.tmp`, JSON.stringify(outcome));
renameSync(`${marker}.tmp`, marker);
