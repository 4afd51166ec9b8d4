import { BaseSequencer, type TestSpecification } from "vitest/node";
import { defineConfig } from "vitest/config";

/**
 * The isolation probe's shards (api/isolation-<n>.db.test.ts) are by far the longest files: start
 * them first, one per worker, and let the short files fill in behind them. Without this a clean
 * checkout (no timing cache) would run them last, after every other file, and the run would take
 * the probe's time on top of the rest.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isProbe = (file: TestSpecification) => /isolation-\d+\.db\.test\.ts$/.test(file.moduleId);
    return [...sorted.filter(isProbe), ...sorted.filter((file) => !isProbe(file))];
  }
}

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
    sequence: { sequencer: LongestFirst },
  },
});
