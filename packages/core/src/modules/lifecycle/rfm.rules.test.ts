import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { parseRfmScore, quintileBounds, quintileOf, rfmScore, rfmSegment, rfmSegmentTable, RFM_SEGMENTS, type Quintile } from "./rfm.rules.ts";

const byNumber = (a: number, b: number) => a - b;

/** The definition: 1 + floor(5 × (values below) / n). */
function rankQuintile(value: number, population: readonly number[]): number {
  const below = population.filter((v) => v < value).length;
  return 1 + Math.floor((5 * below) / population.length);
}

function quintilesOf(population: number[]): number[] {
  const bounds = quintileBounds([...population].sort(byNumber));
  return population.map((v) => quintileOf(v, bounds, byNumber));
}

describe("RFM quintiles", () => {
  it.each<[string, number[], number[]]>([
    ["ten distinct values: two per quintile", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]],
    ["five values: one per quintile", [50, 10, 40, 20, 30], [5, 1, 4, 2, 3]],
    ["one customer: quintile 1", [7], [1]],
    ["two customers", [1, 2], [1, 3]],
    ["everyone equal: all in quintile 1", [3, 3, 3, 3], [1, 1, 1, 1]],
    ["most bought once: the one-time buyers share quintile 1", [1, 1, 1, 1, 1, 1, 1, 1, 2, 5], [1, 1, 1, 1, 1, 1, 1, 1, 5, 5]],
    ["ties straddling a boundary share the lower quintile", [1, 2, 2, 2, 3], [1, 2, 2, 2, 5]],
    ["eleven values", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]],
  ])("%s", (_name, population, expected) => {
    expect(quintilesOf(population)).toEqual(expected);
    expect(population.map((v) => rankQuintile(v, population))).toEqual(expected);
  });

  it("agrees with the rank definition on random populations with ties", () => {
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
    for (let round = 0; round < 200; round++) {
      const n = 1 + (next() % 60);
      const spread = 1 + (next() % 12);
      const population = Array.from({ length: n }, () => next() % spread);
      expect(quintilesOf(population), JSON.stringify(population)).toEqual(population.map((v) => rankQuintile(v, population)));
    }
  });

  it("compares money exactly (Decimal), not as floats", () => {
    const amounts = ["0.10", "0.20", "0.30", "0.30", "100000000000000.01", "100000000000000.02"].map((a) => new Decimal(a));
    const sorted = [...amounts].sort((a, b) => a.comparedTo(b));
    const bounds = quintileBounds(sorted);
    const q = amounts.map((a) => quintileOf(a, bounds, (x, y) => x.comparedTo(y)));
    expect(q).toEqual([1, 1, 2, 2, 4, 5]);
  });

  it("places values outside the population it was computed on", () => {
    const bounds = quintileBounds([10, 20, 30, 40, 50]);
    expect(quintileOf(5, bounds, byNumber)).toBe(1);
    expect(quintileOf(35, bounds, byNumber)).toBe(4);
    expect(quintileOf(1000, bounds, byNumber)).toBe(5);
  });
});

describe("RFM score and segment", () => {
  it("writes and reads a score", () => {
    expect(rfmScore(4, 2, 5)).toBe("R4F2M5");
    expect(parseRfmScore("R4F2M5")).toEqual({ r: 4, f: 2, m: 5 });
    expect(parseRfmScore("R6F2M5")).toBeNull();
    expect(parseRfmScore(null)).toBeNull();
  });

  it.each<[Quintile, Quintile, Quintile, string]>([
    [5, 5, 5, "champions"],
    [4, 4, 4, "champions"],
    [4, 4, 3, "loyal"],
    [3, 5, 5, "loyal"],
    [3, 3, 1, "loyal"],
    [5, 1, 5, "potential"],
    [4, 2, 1, "potential"],
    [2, 5, 5, "at_risk"],
    [1, 3, 1, "at_risk"],
    [3, 2, 5, "hibernating"],
    [2, 1, 1, "hibernating"],
    [1, 2, 5, "lost"],
    [1, 1, 1, "lost"],
  ])("R%iF%iM%i → %s", (r, f, m, segment) => {
    expect(rfmSegment(r, f, m)).toBe(segment);
  });

  it("names every one of the 125 scores, and uses every segment", () => {
    const table = rfmSegmentTable();
    expect(table).toHaveLength(125);
    expect(new Set(table.map((row) => row.score)).size).toBe(125);
    expect(new Set(table.map((row) => row.segment))).toEqual(new Set(RFM_SEGMENTS));
  });
});
