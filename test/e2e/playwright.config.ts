/**
 * End-to-end tests in Debian's Chromium against the BUILT apps (npm test builds them first), on
 * their own ports and their own throwaway database seeded with the zh-CN demo and its plugins.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { openSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

const root = path.resolve(__dirname, "../..");
const platformPort = Number(process.env.E2E_PLATFORM_PORT ?? 3100);
const portalPort = Number(process.env.E2E_PORTAL_PORT ?? 3101);

// The config is loaded by the runner and again by each worker: prepare the database only once.
if (!process.env.QUDAO_E2E_DATABASE_URL) {
  const name = `qudao_e2e_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const output = execFileSync("npx", ["tsx", "test/e2e/support/prepare-database.mts", name], {
    cwd: root,
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  process.env.QUDAO_E2E_DATABASE_URL = output.trim().split("\n").pop();
  process.env.DATABASE_URL = process.env.QUDAO_E2E_DATABASE_URL;
  process.env.QUEUE_PREFIX = `qudao-e2e-${name}`;
  process.env.PLATFORM_BASE_URL = `http://127.0.0.1:${platformPort}`;
  process.env.PORTAL_BASE_URL = `http://127.0.0.1:${portalPort}`;
  // The demo's plugins (packed, reviewed, installed by the industry partners) while the web servers
  // start; support/global-setup.ts waits for them before the first test. Its output: <marker>.log.
  const marker = path.join(tmpdir(), `${name}.plugins.json`);
  process.env.QUDAO_E2E_PLUGINS_SEEDED = marker;
  const log = openSync(`${marker}.log`, "w");
  const seeding = spawn("npx", ["tsx", "test/e2e/support/seed-plugins.mts", marker], {
    cwd: root,
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    stdio: ["ignore", log, log],
  });
  seeding.unref();
  process.env.QUDAO_E2E_PLUGINS_SEEDING_PID = String(seeding.pid ?? "");
}

const serverEnv = {
  NODE_ENV: "production",
  DATABASE_URL: process.env.QUDAO_E2E_DATABASE_URL!,
  QUEUE_PREFIX: process.env.QUEUE_PREFIX!,
  // Plain http on 127.0.0.1: Secure cookies would never come back.
  QUDAO_INSECURE_COOKIES: "1",
  // Many sign-ins from one IP in a short run.
  LOGIN_MAX_FAILURES_PER_IP: "100000",
};

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  globalSetup: "./support/global-setup.ts",
  globalTeardown: "./support/global-teardown.ts",
  use: {
    locale: "zh-CN",
    // Recording a trace of every test costs about a sixth of the run's CPU; a failing test's retry
    // (CI retries once) is traced. Locally: `--trace retain-on-failure` (or `on`) for a failure's trace.
    trace: "on-first-retry",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    // Everything that can run side by side.
    { name: "journeys", testIgnore: ["**/platform/registrations/review.spec.ts"] },
    // Switches the platform-wide review mode: runs alone, after the rest.
    { name: "platform-wide settings", testMatch: "**/platform/registrations/review.spec.ts", dependencies: ["journeys"] },
  ],
  webServer: [
    {
      command: "npm run start -w @qudao/platform",
      cwd: root,
      url: `http://127.0.0.1:${platformPort}/login`,
      env: { ...serverEnv, PORT: String(platformPort) },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: "npm run start -w @qudao/partner-portal",
      cwd: root,
      url: `http://127.0.0.1:${portalPort}/login`,
      env: { ...serverEnv, PORT: String(portalPort) },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
