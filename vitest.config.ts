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

/**
 * Test files that install a plugin platform-wide: commission rule types come only from platform-wide
 * installs (ADR 025). While such an install exists its hooks run on every partner's saves (an order
 * gets the pharma plugin's invoice fields, an activity its compliance checks), so these files get a
 * database of their own and run one after another, never beside a file they would change.
 */
const PLATFORM_WIDE_PLUGIN_FILES = [
  "packages/core/src/modules/commissions/builtin-manufacturing-rebate.db.test.ts",
  "packages/core/src/modules/commissions/builtin-pharma-flow-credit.db.test.ts",
  "packages/core/src/modules/commissions/plugin-rule-types.db.test.ts",
  "packages/core/src/modules/plugins/plugin-pipelines.db.test.ts",
];

// One run = one throwaway database per project (test/setup/global-db.ts), shared by that project's
// test files; every test creates its own partners and users, so tests never depend on each other's rows.
export default defineConfig({
  test: {
    globalSetup: ["test/setup/global-db.ts"],
    setupFiles: ["test/setup/worker-env.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        test: {
          name: "shared database",
          include: ["packages/*/src/**/*.test.ts", "apps/*/app/**/*.test.ts", "test/integration/**/*.test.ts"],
          exclude: ["**/node_modules/**", ...PLATFORM_WIDE_PLUGIN_FILES],
        },
      },
      {
        extends: true,
        test: { name: "platform-wide plugins", include: PLATFORM_WIDE_PLUGIN_FILES, fileParallelism: false },
      },
    ],
  },
});
