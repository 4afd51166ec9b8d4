import { defineConfig } from "vitest/config";

// One run = one throwaway database (test/setup/global-db.ts), shared by the test files; every test
// creates its own partners and users, so tests never depend on each other's rows.
export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "apps/*/app/**/*.test.ts", "test/integration/**/*.test.ts"],
    globalSetup: ["test/setup/global-db.ts"],
    setupFiles: ["test/setup/worker-env.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
