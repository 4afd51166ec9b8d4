/**
 * Hook CPU statistics: a fixed log-scale histogram per (version, hook, hour), so the developer page
 * shows p95 CPU per hook without keeping a row per call (event hooks run a thousand times a second).
 */

/** Upper bounds of the buckets, in microseconds; the last bucket is open-ended. */
export const CPU_BUCKET_BOUNDS_MICROS = [50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000] as const;
export const CPU_BUCKETS = CPU_BUCKET_BOUNDS_MICROS.length + 1;

export function cpuBucket(cpuMicros: number): number {
  const index = CPU_BUCKET_BOUNDS_MICROS.findIndex((bound) => cpuMicros <= bound);
  return index === -1 ? CPU_BUCKET_BOUNDS_MICROS.length : index;
}

export function emptyHistogram(): number[] {
  return new Array<number>(CPU_BUCKETS).fill(0);
}

export function addHistograms(a: readonly number[], b: readonly number[]): number[] {
  return Array.from({ length: CPU_BUCKETS }, (_, i) => (a[i] ?? 0) + (b[i] ?? 0));
}

/**
 * The p-th percentile (0–1) in milliseconds, interpolated linearly inside its bucket; null without
 * calls. The open-ended last bucket reports its lower bound (the limit kills hooks long before).
 */
export function percentileMs(histogram: readonly number[], p: number): number | null {
  const total = histogram.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = p * total;
  let seen = 0;
  for (let i = 0; i < CPU_BUCKETS; i++) {
    const count = histogram[i] ?? 0;
    if (count > 0 && seen + count >= rank) {
      const lower = i === 0 ? 0 : CPU_BUCKET_BOUNDS_MICROS[i - 1]!;
      const upper = CPU_BUCKET_BOUNDS_MICROS[i] ?? lower;
      const within = (rank - seen) / count;
      return Math.round((lower + (upper - lower) * within) / 10) / 100;
    }
    seen += count;
  }
  return null;
}

/** The hour a call is counted in (UTC, truncated). */
export function statHour(at: Date): Date {
  const hour = new Date(at);
  hour.setUTCMinutes(0, 0, 0);
  return hour;
}
