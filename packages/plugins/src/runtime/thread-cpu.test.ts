import { existsSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { threadCpuMicros, threadCpuSource } from "./thread-cpu.ts";

const hasProc = existsSync("/proc/thread-self/schedstat");

function spin(wallMillis: number): void {
  const until = performance.now() + wallMillis;
  let x = 0;
  while (performance.now() < until) x += Math.sqrt(x + 1);
}

describe("threadCpuMicros", () => {
  it.skipIf(!hasProc)("reads the thread's own CPU time where /proc is available", () => {
    expect(threadCpuSource()).toBe("thread");
  });

  it("advances while this thread computes, and never faster than the wall clock", () => {
    const cpu0 = threadCpuMicros();
    const wall0 = performance.now();
    spin(20);
    const cpu = threadCpuMicros() - cpu0;
    const wall = (performance.now() - wall0) * 1000;
    expect(cpu).toBeGreaterThan(0);
    expect(cpu).toBeLessThanOrEqual(wall + 50);
  });

  it.skipIf(!hasProc)("does not count time the thread spends waiting", async () => {
    const cpu0 = threadCpuMicros();
    await sleep(120);
    expect(threadCpuMicros() - cpu0).toBeLessThan(60_000);
  });

  it.skipIf(!hasProc)("does not charge another thread's work to this one", async () => {
    const cpu0 = threadCpuMicros();
    const worker = new Worker(
      "const until = Date.now() + 250; let x = 0; while (Date.now() < until) x += Math.sqrt(x + 1); require('node:worker_threads').parentPort.postMessage(x);",
      { eval: true },
    );
    await new Promise((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    await worker.terminate();
    expect(threadCpuMicros() - cpu0).toBeLessThan(125_000);
  });
});
