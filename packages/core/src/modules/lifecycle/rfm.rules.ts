/**
 * Pure RFM rules: recency, frequency and monetary quintiles over customers' orders, the score
 * ("R4F2M5") and the named value segment.
 *
 * Quintiles are rank-based: with the population's values sorted ascending, a value's quintile is
 * 1 + floor(5 × (number of values below it) / n), so equal values share a quintile and the lowest
 * value is always in quintile 1. Higher is better: a more recent last order, more orders, more money.
 * The nightly job computes the four boundaries once (`quintileBounds`, in SQL over every customer's
 * orders) and places each customer with `quintileOf`; both give the rank formula's answer.
 */

export const RFM_SEGMENTS = ["champions", "loyal", "potential", "at_risk", "hibernating", "lost"] as const;
export type TRfmSegment = (typeof RFM_SEGMENTS)[number];

export type Quintile = 1 | 2 | 3 | 4 | 5;
export const QUINTILES: readonly Quintile[] = [1, 2, 3, 4, 5];

/**
 * The values at positions ceil(k·n/5) (1-based) of the ascending population, k = 1…4: a value lies
 * above the k-th boundary exactly when at least ceil(k·n/5) values are below it.
 */
export function quintileBoundaryPositions(n: number): number[] {
  return [1, 2, 3, 4].map((k) => Math.ceil((k * n) / 5));
}

export function quintileBounds<T>(sortedAscending: readonly T[]): T[] {
  if (sortedAscending.length === 0) return [];
  return quintileBoundaryPositions(sortedAscending.length).map((position) => sortedAscending[position - 1]!);
}

/** 1 + the number of boundaries the value is strictly above. */
export function quintileOf<T>(value: T, bounds: readonly T[], compare: (a: T, b: T) => number): Quintile {
  let q = 1;
  for (const bound of bounds) if (compare(value, bound) > 0) q++;
  return Math.min(q, 5) as Quintile;
}

export function rfmScore(r: Quintile, f: Quintile, m: Quintile): string {
  return `R${r}F${f}M${m}`;
}

/** Read "R4F2M5" back; null for anything else. */
export function parseRfmScore(score: string | null | undefined): { r: Quintile; f: Quintile; m: Quintile } | null {
  const match = score ? /^R([1-5])F([1-5])M([1-5])$/.exec(score) : null;
  if (!match) return null;
  return { r: Number(match[1]) as Quintile, f: Number(match[2]) as Quintile, m: Number(match[3]) as Quintile };
}

/**
 * The named segment, first rule that matches:
 *   champions    bought recently, often and much      R≥4, F≥4, M≥4
 *   loyal        buy regularly and fairly recently     R≥3, F≥3
 *   potential    bought recently, not often yet        R≥4
 *   at_risk      used to buy often, not lately         R≤2, F≥3
 *   hibernating  a while ago, seldom                   R 2–3
 *   lost         long ago, seldom                      R 1
 */
export function rfmSegment(r: Quintile, f: Quintile, m: Quintile): TRfmSegment {
  if (r >= 4 && f >= 4 && m >= 4) return "champions";
  if (r >= 3 && f >= 3) return "loyal";
  if (r >= 4) return "potential";
  if (f >= 3) return "at_risk";
  if (r >= 2) return "hibernating";
  return "lost";
}

/** Every score with its segment: the table the nightly SQL joins on (one source for the mapping). */
export function rfmSegmentTable(): Array<{ r: Quintile; f: Quintile; m: Quintile; score: string; segment: TRfmSegment }> {
  return QUINTILES.flatMap((r) => QUINTILES.flatMap((f) => QUINTILES.map((m) => ({ r, f, m, score: rfmScore(r, f, m), segment: rfmSegment(r, f, m) }))));
}
