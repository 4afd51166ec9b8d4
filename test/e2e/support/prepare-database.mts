/**
 * Creates this e2e run's throwaway database, migrates it and seeds the zh-CN demo; prints its URL.
 * Run once by playwright.config.ts (synchronously, before the web servers start).
 */
import { createTestDatabase } from "../../../packages/core/src/testing/test-database.ts";

const name = process.argv[2];
if (!name) throw new Error("usage: prepare-database.ts <database name>");
const database = await createTestDatabase(name);
process.env.DATABASE_URL = database.url;
const { ensureBootstrapAdmin, seedDemo } = await import("../../../packages/core/src/seed/seed.ts");
const { disconnectDb } = await import("../../../packages/core/src/db/index.ts");
await ensureBootstrapAdmin();
await seedDemo();
await disconnectDb();
process.stdout.write(`${database.url}\n`);
