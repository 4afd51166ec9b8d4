import { describe, expect, it } from "vitest";
import { z } from "zod";
import { uuidv7, uuidv7Timestamp } from "./uuidv7.ts";

const ZUuid = z.uuid();

const instants: Array<[label: string, at: Date]> = [
  ["the Unix epoch", new Date(0)],
  ["one millisecond after the epoch", new Date(1)],
  ["a seeded lead 90 days back", new Date("2026-01-01T00:00:00.000Z")],
  ["a time with milliseconds", new Date("2026-03-31T23:59:59.999Z")],
  ["a far-future time", new Date("9999-12-31T23:59:59.999Z")],
  ["the largest 48-bit timestamp", new Date(2 ** 48 - 1)],
];

describe("uuidv7", () => {
  it.each(instants)("encodes %s with version 7 and the RFC 9562 variant", (_label, at) => {
    const id = uuidv7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ZUuid.safeParse(id).success).toBe(true);
    expect(uuidv7Timestamp(id).getTime()).toBe(at.getTime());
  });

  it("defaults to now", () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    const encoded = uuidv7Timestamp(id).getTime();
    expect(encoded).toBeGreaterThanOrEqual(before);
    expect(encoded).toBeLessThanOrEqual(after);
  });

  it.each([
    ["one millisecond apart", new Date("2026-02-01T10:00:00.000Z"), new Date("2026-02-01T10:00:00.001Z")],
    ["one day apart", new Date("2026-02-01T10:00:00.000Z"), new Date("2026-02-02T10:00:00.000Z")],
    ["across a 32-bit boundary of the ms value", new Date(2 ** 32 - 1), new Date(2 ** 32)],
    ["across the epoch's first byte", new Date(255), new Date(256)],
  ])("sorts an earlier instant before a later one (%s)", (_label, earlier, later) => {
    for (let i = 0; i < 50; i++) {
      expect(uuidv7(earlier) < uuidv7(later)).toBe(true);
    }
  });

  it("sorts ids newest-first by id exactly as by timestamp", () => {
    const start = new Date("2026-01-01T00:00:00Z").getTime();
    const stamps = Array.from({ length: 500 }, (_, i) => new Date(start + ((i * 7_919_993) % 90_000_000_000)));
    const ids = stamps.map((at) => ({ at, id: uuidv7(at) }));
    const byId = [...ids].sort((a, b) => (a.id < b.id ? 1 : -1)).map((r) => r.at.getTime());
    const byTime = [...ids].sort((a, b) => b.at.getTime() - a.at.getTime()).map((r) => r.at.getTime());
    expect(byId).toEqual(byTime);
  });

  it("gives unique, increasing ids within one millisecond", () => {
    const at = new Date("2026-02-01T10:00:00.000Z");
    const ids = Array.from({ length: 10_000 }, () => uuidv7(at));
    expect(new Set(ids).size).toBe(ids.length);
    // The counter keeps order for a burst; past 4096 per ms only uniqueness is promised.
    const burst = ids.slice(0, 1000);
    expect([...burst].sort()).toEqual(burst);
  });

  it.each([
    ["before the epoch", new Date(-1)],
    ["beyond 48 bits", new Date(2 ** 48)],
    ["an invalid date", new Date("not a date")],
  ])("refuses a timestamp %s", (_label, at) => {
    expect(() => uuidv7(at)).toThrow(RangeError);
  });
});
