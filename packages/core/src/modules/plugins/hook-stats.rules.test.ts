import { describe, expect, it } from "vitest";
import { addHistograms, cpuBucket, emptyHistogram, percentileMs, statHour } from "./hook-stats.rules.ts";

function histogramOf(samplesMicros: number[]): number[] {
  const h = emptyHistogram();
  for (const s of samplesMicros) h[cpuBucket(s)]! += 1;
  return h;
}

describe("cpuBucket", () => {
  it.each([
    [0, 0],
    [50, 0],
    [51, 1],
    [1_000, 4],
    [49_999, 9],
    [2_000_000, 14],
    [9_000_000, 15],
  ])("%i µs → bucket %i", (micros, bucket) => {
    expect(cpuBucket(micros)).toBe(bucket);
  });
});

describe("percentileMs", () => {
  it("is null without calls", () => {
    expect(percentileMs(emptyHistogram(), 0.95)).toBeNull();
  });
  it("a hook that always takes ~0.3 ms reports a p95 inside (0.2, 0.5] ms", () => {
    const p95 = percentileMs(histogramOf(new Array(100).fill(300)), 0.95)!;
    expect(p95).toBeGreaterThan(0.2);
    expect(p95).toBeLessThanOrEqual(0.5);
  });
  it("a few slow calls among many fast ones move the p95 only when they are more than 5 %", () => {
    const fast = new Array(96).fill(80);
    expect(percentileMs(histogramOf([...fast, 40_000, 40_000, 40_000, 40_000]), 0.95)!).toBeLessThanOrEqual(0.1);
    expect(percentileMs(histogramOf([...fast.slice(0, 90), ...new Array(10).fill(40_000)]), 0.95)!).toBeGreaterThan(20);
  });
  it("sums hourly histograms before taking the percentile", () => {
    const a = histogramOf([100, 100]);
    const b = histogramOf([30_000]);
    expect(addHistograms(a, b).reduce((s, n) => s + n, 0)).toBe(3);
    expect(percentileMs(addHistograms(a, b), 0.95)!).toBeGreaterThan(20);
  });
});

describe("statHour", () => {
  it("truncates to the UTC hour", () => {
    expect(statHour(new Date("2026-12-06T21:59:59.999Z")).toISOString()).toBe("2026-12-06T21:00:00.000Z");
  });
});
