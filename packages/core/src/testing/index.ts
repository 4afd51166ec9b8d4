/** Test and seed support: UUID v7 for backdated rows, deterministic zh-CN fake data, row factories, throwaway databases. */
export { uuidv7, uuidv7Timestamp } from "../db/uuidv7.ts";
export * from "./fake-data.ts";
export * from "./factories.ts";
export * from "./opportunity-factories.ts";
export { api, apiToken, type ApiResponse } from "./api-client.ts";
export { createTestDatabase, dropTestDatabase, migrateDatabase, type TestDatabase } from "./test-database.ts";
/** The tenant-isolation probe's worlds, input generator, callers and snapshots (api/isolation-<n>.db.test.ts, testing/isolation-suite.ts). */
export * as isolationProbe from "./isolation-probe.ts";
