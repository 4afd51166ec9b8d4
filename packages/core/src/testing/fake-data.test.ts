import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  CITIES,
  chance,
  city,
  companyEmail,
  companyName,
  createRng,
  LEAD_SOURCES,
  leadSource,
  mobilePhone,
  personalEmail,
  personName,
  pick,
  randomDateBetween,
  randomInt,
  SURNAMES,
  weightedPick,
  type Rng,
} from "./fake-data.ts";

const generators: Array<[name: string, generate: (rng: Rng) => unknown]> = [
  ["rng", (rng) => rng()],
  ["personName", personName],
  ["companyName", (rng) => companyName(rng)],
  ["mobilePhone", mobilePhone],
  ["companyEmail", companyEmail],
  ["personalEmail", personalEmail],
  ["city", city],
  ["leadSource", leadSource],
];

function sample<T>(seed: number, count: number, generate: (rng: Rng) => T): T[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => generate(rng));
}

describe("createRng", () => {
  it.each(generators)("%s: the same seed gives the same sequence", (_name, generate) => {
    expect(sample(2026, 50, generate)).toEqual(sample(2026, 50, generate));
  });

  it.each(generators)("%s: different seeds give different sequences", (_name, generate) => {
    expect(sample(1, 50, generate)).not.toEqual(sample(2, 50, generate));
  });

  it.each([0, 1, 42, 2 ** 32 - 1, -7])("seed %d yields numbers in [0, 1)", (seed) => {
    for (const n of sample(seed, 2000, (rng) => rng())) {
      expect(n).toBeGreaterThanOrEqual(0);
      expect(n).toBeLessThan(1);
    }
  });
});

describe("helpers", () => {
  it.each([
    [1, 6],
    [0, 0],
    [-3, 3],
    [10_000_000, 2_999_999_999],
  ])("randomInt(%d, %d) stays within both ends and reaches them", (min, max) => {
    const values = sample(7, 5000, (rng) => randomInt(rng, min, max));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(min);
    expect(Math.max(...values)).toBeLessThanOrEqual(max);
    expect(values.every(Number.isInteger)).toBe(true);
    if (max - min < 10) expect(new Set(values).size).toBe(max - min + 1);
  });

  it("pick refuses an empty list", () => {
    expect(() => pick(createRng(1), [])).toThrow(RangeError);
  });

  it("weightedPick follows the weights", () => {
    const choices = [
      ["new", 35],
      ["contacted", 30],
      ["qualified", 20],
      ["disqualified", 10],
      ["converted", 5],
    ] as const;
    const counts = new Map<string, number>();
    for (const value of sample(99, 20_000, (rng) => weightedPick(rng, choices))) {
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    for (const [value, weight] of choices) {
      expect((counts.get(value) ?? 0) / 20_000).toBeCloseTo(weight / 100, 1);
    }
  });

  it("weightedPick never returns a zero-weight choice and refuses all-zero weights", () => {
    const values = sample(3, 2000, (rng) => weightedPick(rng, [["never", 0], ["always", 1], ["nope", 0]]));
    expect(new Set(values)).toEqual(new Set(["always"]));
    expect(() => weightedPick(createRng(1), [["a", 0]])).toThrow(RangeError);
  });

  it("chance(0) is never and chance(1) is always", () => {
    expect(sample(5, 500, (rng) => chance(rng, 0)).some(Boolean)).toBe(false);
    expect(sample(5, 500, (rng) => chance(rng, 1)).every(Boolean)).toBe(true);
  });

  it("randomDateBetween stays in the range", () => {
    const from = new Date("2026-01-01T00:00:00Z");
    const to = new Date("2026-04-01T00:00:00Z");
    for (const at of sample(11, 1000, (rng) => randomDateBetween(rng, from, to))) {
      expect(at.getTime()).toBeGreaterThanOrEqual(from.getTime());
      expect(at.getTime()).toBeLessThan(to.getTime());
    }
  });
});

describe("generators", () => {
  it("person names are a common surname plus a 1–2 character given name", () => {
    const names = sample(8, 1000, personName);
    for (const name of names) {
      expect(SURNAMES).toContain(name[0]);
      expect(name).toMatch(/^\p{Script=Han}{2,3}$/u);
    }
    expect(new Set(names).size).toBeGreaterThan(500);
  });

  it("company names read 城市/地区 + 字号 + 行业 + a legal-form suffix", () => {
    const names = sample(9, 1000, (rng) => companyName(rng));
    for (const name of names) {
      expect(name).toMatch(/^\p{Script=Han}{4,}(有限公司|股份有限公司|有限责任公司)$/u);
    }
    const suffixes = new Set(names.map((n) => /(股份有限公司|有限责任公司|有限公司)$/.exec(n)![1]));
    expect(suffixes).toEqual(new Set(["有限公司", "股份有限公司", "有限责任公司"]));
  });

  it("a company name can be pinned to a city", () => {
    for (const name of sample(10, 100, (rng) => companyName(rng, { city: "苏州" }))) {
      expect(name.startsWith("苏州")).toBe(true);
    }
  });

  it("mobile numbers are 11 digits with a real 1[3-9] segment", () => {
    const phones = sample(12, 2000, mobilePhone);
    for (const phone of phones) expect(phone).toMatch(/^1[3-9]\d{9}$/);
    expect(new Set(phones).size).toBeGreaterThan(1990);
  });

  it.each([
    ["companyEmail", companyEmail],
    ["personalEmail", personalEmail],
  ])("%s produces valid addresses", (_name, generate) => {
    for (const email of sample(13, 500, generate)) expect(z.email().safeParse(email).success).toBe(true);
  });

  it("a company's mailbox follows its trade name", () => {
    const rng = createRng(16);
    for (const [company, domain] of [
      ["上海恒通电子有限公司", "hengtong"],
      ["苏州嘉禾食品股份有限公司", "jiahe"],
    ] as const) {
      expect(companyEmail(rng, company)).toMatch(new RegExp(`^[a-z]+\\d{1,2}@${domain}(-tech|group|-cn)?\\.com(\\.cn)?$`));
    }
  });

  it("cities and lead sources come from their lists and cover them", () => {
    expect(new Set(sample(14, 2000, city))).toEqual(new Set(CITIES));
    expect(new Set(sample(15, 2000, leadSource))).toEqual(new Set(LEAD_SOURCES));
  });
});
