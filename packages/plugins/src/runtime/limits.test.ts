import { describe, expect, it } from "vitest";
import { limitsFor } from "./limits.ts";

describe("limitsFor", () => {
  // The promises of issue 6: before-save hooks get 50 ms CPU, queued hooks 2 s, every sandbox 32 MB.
  // Issue 7: before-save hooks read too (same rounds, same 50 ms), report hooks get the queued budget.
  it.each([
    { kind: "validate", cpuMicros: 50_000, maxReadRounds: 8, maxReads: 100 },
    { kind: "compute", cpuMicros: 50_000, maxReadRounds: 8, maxReads: 100 },
    { kind: "report", cpuMicros: 2_000_000, maxReadRounds: 8, maxReads: 100 },
    { kind: "event", cpuMicros: 2_000_000, maxReadRounds: 8, maxReads: 100 },
    { kind: "schedule", cpuMicros: 2_000_000, maxReadRounds: 8, maxReads: 100 },
    { kind: "commission", cpuMicros: 2_000_000, maxReadRounds: 8, maxReads: 100 },
  ] as const)("$kind hooks: $cpuMicros µs CPU, $maxReadRounds read round(s)", ({ kind, cpuMicros, maxReadRounds, maxReads }) => {
    const limits = limitsFor(kind);
    expect(limits).toMatchObject({ cpuMicros, maxReadRounds, maxReads, maxOutputBytes: 1024 * 1024, maxLogLines: 50 });
    expect(limits.memoryBytes).toBe(32 * 1024 * 1024);
  });
});
