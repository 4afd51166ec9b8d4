import { describe, expect, it } from "vitest";
import {
  addMonths,
  buildForecast,
  daysInStage,
  formatMoney,
  isStuck,
  monthBounds,
  monthIn,
  planStageMove,
  roundMoney,
  stageVisits,
  stuckBefore,
  stuckSourceKey,
  timeInStages,
  type OpenGroup,
  type StageChangeRow,
  type WonGroup,
} from "./opportunities.rules.ts";

const at = (iso: string) => new Date(iso);
const DAY = 86_400_000;

describe("money", () => {
  it.each([
    ["0.005", "0.00"],
    ["0.015", "0.02"],
    ["0.025", "0.02"],
    ["2.675", "2.68"],
    ["1234.5", "1234.50"],
    ["99999999999999.99", "99999999999999.99"],
  ])("formatMoney(%s) = %s (half-even to the cent)", (value, expected) => {
    expect(formatMoney(value)).toBe(expected);
  });
  it("keeps sums exact where floats would drift", () => {
    expect(roundMoney("0.1").add("0.2").toFixed(2)).toBe("0.30");
  });
});

describe("planStageMove", () => {
  const now = at("2026-11-20T10:00:00Z");
  const current = { stageId: "s1", stageEnteredAt: at("2026-11-18T10:00:00Z"), closedAt: null, lostReason: null };
  it.each([
    ["the same stage is nothing to do", { id: "s1", kind: "open", archivedAt: null }, null, { type: "noop" }],
    [
      "to another open stage: still open, the time in the stage left is recorded",
      { id: "s2", kind: "open", archivedAt: null },
      null,
      {
        type: "move",
        data: { stageId: "s2", status: "open", stageEnteredAt: now, closedAt: null, lostReason: null },
        change: { fromStageId: "s1", toStageId: "s2", secondsInPrevious: 2 * 86_400, at: now },
      },
    ],
    [
      "to the won stage: won and closed now",
      { id: "w", kind: "won", archivedAt: null },
      "ignored for a win",
      { type: "move", data: { stageId: "w", status: "won", closedAt: now, lostReason: null } },
    ],
    ["to the lost stage without a reason: refused on lostReason", { id: "l", kind: "lost", archivedAt: null }, null, { type: "refused", path: "lostReason", message: "opportunities.errors.lostReasonRequired" }],
    [
      "to the lost stage with a reason: lost, closed, reason kept",
      { id: "l", kind: "lost", archivedAt: null },
      "预算取消",
      { type: "move", data: { stageId: "l", status: "lost", closedAt: now, lostReason: "预算取消" } },
    ],
    ["to an archived stage: refused on stageId", { id: "old", kind: "open", archivedAt: at("2026-01-01T00:00:00Z") }, null, { type: "refused", path: "stageId", message: "pipeline.errors.stageArchived" }],
  ] as const)("%s", (_name, target, reason, expected) => {
    expect(planStageMove(current, target, reason, now)).toMatchObject(expected);
  });

  it("reopening a closed deal clears closedAt and the lost reason", () => {
    const lost = { stageId: "l", stageEnteredAt: at("2026-11-19T10:00:00Z"), closedAt: at("2026-11-19T10:00:00Z"), lostReason: "价格" };
    expect(planStageMove(lost, { id: "s1", kind: "open", archivedAt: null }, null, now)).toMatchObject({
      type: "move",
      data: { status: "open", closedAt: null, lostReason: null },
      change: { secondsInPrevious: 86_400 },
    });
  });

  it("never records a negative stay (clock skew)", () => {
    const future = { ...current, stageEnteredAt: new Date(now.getTime() + 5_000) };
    expect(planStageMove(future, { id: "s2", kind: "open", archivedAt: null }, null, now)).toMatchObject({ change: { secondsInPrevious: 0 } });
  });
});

describe("stuck", () => {
  const now = at("2026-11-20T10:00:00Z");
  it.each([
    ["13 days 23 hours is not stuck at 14", "open", new Date(now.getTime() - 14 * DAY + 3_600_000), 14, false, 13],
    ["exactly 14 days is stuck at 14", "open", new Date(now.getTime() - 14 * DAY), 14, true, 14],
    ["40 days is stuck", "open", new Date(now.getTime() - 40 * DAY), 14, true, 40],
    ["a won deal is never stuck", "won", new Date(now.getTime() - 40 * DAY), 14, false, 40],
    ["a lost deal is never stuck", "lost", new Date(now.getTime() - 40 * DAY), 14, false, 40],
    ["a 1-day threshold", "open", new Date(now.getTime() - DAY), 1, true, 1],
    ["entered in the future (clock skew) counts 0 days", "open", new Date(now.getTime() + DAY), 1, false, 0],
  ] as const)("%s", (_name, status, entered, days, stuck, inStage) => {
    expect(isStuck(status, entered, now, days)).toBe(stuck);
    expect(daysInStage(entered, now)).toBe(inStage);
  });

  it("stuckBefore is the instant the job compares stageEnteredAt with", () => {
    expect(stuckBefore(now, 14).toISOString()).toBe("2026-11-06T10:00:00.000Z");
  });

  it("names one stay in a stage: same stay same key, a new stay a new key", () => {
    const stay = at("2026-10-01T08:00:00.000Z");
    expect(stuckSourceKey("o1", stay)).toBe(stuckSourceKey("o1", new Date(stay.getTime())));
    expect(stuckSourceKey("o1", stay)).not.toBe(stuckSourceKey("o1", new Date(stay.getTime() + 1)));
    expect(stuckSourceKey("o1", stay)).not.toBe(stuckSourceKey("o2", stay));
  });
});

describe("time in stage", () => {
  const now = at("2026-11-20T00:00:00Z");
  const change = (id: string, from: string | null, to: string, iso: string, secondsInPrevious: number | null = null): StageChangeRow => ({
    id,
    fromStageId: from,
    toStageId: to,
    at: at(iso),
    secondsInPrevious,
    changedById: "u",
  });

  it("each stay lasts until the next change (its recorded duration), the current one until now", () => {
    const history = [
      change("c1", null, "a", "2026-11-01T00:00:00Z"),
      change("c2", "a", "b", "2026-11-04T00:00:00Z", 3 * 86_400),
      change("c3", "b", "c", "2026-11-10T00:00:00Z", 6 * 86_400),
    ];
    const visits = stageVisits(history, { stageId: "c", stageEnteredAt: at("2026-11-10T00:00:00Z") }, now);
    expect(visits.map((v) => [v.stageId, v.seconds, v.current])).toEqual([
      ["a", 3 * 86_400, false],
      ["b", 6 * 86_400, false],
      ["c", 10 * 86_400, true],
    ]);
  });

  it("trusts the recorded duration over the timestamps", () => {
    const history = [change("c1", null, "a", "2026-11-01T00:00:00Z"), change("c2", "a", "b", "2026-11-02T00:00:00Z", 100)];
    expect(stageVisits(history, { stageId: "b", stageEnteredAt: at("2026-11-02T00:00:00Z") }, now)[0]!.seconds).toBe(100);
  });

  it("a stage entered twice adds both stays, in order of first entry", () => {
    const history = [
      change("c1", null, "a", "2026-11-01T00:00:00Z"),
      change("c2", "a", "b", "2026-11-02T00:00:00Z"),
      change("c3", "b", "a", "2026-11-05T00:00:00Z"),
      change("c4", "a", "w", "2026-11-06T00:00:00Z"),
    ];
    const visits = stageVisits(history, { stageId: "w", stageEnteredAt: at("2026-11-06T00:00:00Z") }, now);
    expect(timeInStages(visits)).toEqual([
      { stageId: "a", seconds: 2 * 86_400, visits: 2 },
      { stageId: "b", seconds: 3 * 86_400, visits: 1 },
      { stageId: "w", seconds: 14 * 86_400, visits: 1 },
    ]);
  });

  it("an opportunity without history (imported) has one stay since stageEnteredAt", () => {
    const visits = stageVisits([], { stageId: "a", stageEnteredAt: at("2026-11-19T00:00:00Z") }, now);
    expect(visits).toEqual([{ changeId: null, stageId: "a", fromStageId: null, enteredAt: at("2026-11-19T00:00:00Z"), changedById: null, seconds: 86_400, current: true }]);
  });

  it("history that does not reach the current stage still ends with the current stay", () => {
    const visits = stageVisits([change("c1", null, "a", "2026-11-01T00:00:00Z")], { stageId: "b", stageEnteredAt: at("2026-11-15T00:00:00Z") }, now);
    expect(visits.map((v) => [v.stageId, v.current, v.fromStageId])).toEqual([
      ["a", false, null],
      ["b", true, "a"],
    ]);
  });
});

describe("months", () => {
  it.each([
    ["2026-11-30T16:30:00Z", "Asia/Shanghai", "2026-12"],
    ["2026-11-30T15:59:59Z", "Asia/Shanghai", "2026-11"],
    ["2026-12-01T03:00:00Z", "America/New_York", "2026-11"],
  ])("monthIn(%s, %s) = %s", (iso, zone, expected) => {
    expect(monthIn(at(iso), zone)).toBe(expected);
  });
  it.each([
    ["2026-11", 0, "2026-11"],
    ["2026-11", 2, "2027-01"],
    ["2026-01", -1, "2025-12"],
    ["2026-12", 13, "2028-01"],
  ] as const)("addMonths(%s, %i) = %s", (month, count, expected) => {
    expect(addMonths(month, count)).toBe(expected);
  });
  it("monthBounds gives the first day and the first day after", () => {
    expect(monthBounds("2026-12")).toEqual({ first: "2026-12-01", next: "2027-01-01" });
  });
});

describe("buildForecast", () => {
  const open = (month: string | null, probability: number, count: number, amount: string): OpenGroup => ({ month, probability, count, amount });
  const won = (month: string, count: number, amount: string): WonGroup => ({ month, count, amount });

  it("weights each month's open amount by stage probability and adds what was won", () => {
    const result = buildForecast("2026-11", 3, [open("2026-11", 10, 1, "10000.00"), open("2026-11", 50, 2, "30000.00"), open("2027-01", 75, 1, "8000.00")], [won("2026-11", 1, "5000.00")]);
    expect(result.months).toEqual([
      { month: "2026-11", openCount: 3, openAmount: "40000.00", weightedAmount: "16000.00", wonCount: 1, wonAmount: "5000.00" },
      { month: "2026-12", openCount: 0, openAmount: "0.00", weightedAmount: "0.00", wonCount: 0, wonAmount: "0.00" },
      { month: "2027-01", openCount: 1, openAmount: "8000.00", weightedAmount: "6000.00", wonCount: 0, wonAmount: "0.00" },
    ]);
    expect(result.totals).toEqual({ openAmount: "48000.00", weightedAmount: "22000.00", wonAmount: "5000.00" });
  });

  it("puts earlier open deals in overdue, undated ones apart, and leaves later ones out", () => {
    const result = buildForecast("2026-11", 2, [open("2026-09", 30, 2, "1000.00"), open(null, 50, 1, "200.00"), open("2027-06", 90, 4, "99999.00")], []);
    expect(result.overdue).toEqual({ openCount: 2, openAmount: "1000.00", weightedAmount: "300.00" });
    expect(result.undated).toEqual({ openCount: 1, openAmount: "200.00", weightedAmount: "100.00" });
    expect(result.totals.openAmount).toBe("0.00");
  });

  it("ignores wins outside the window", () => {
    const result = buildForecast("2026-11", 1, [], [won("2026-10", 3, "900.00"), won("2026-11", 1, "1.00")]);
    expect(result.months[0]).toMatchObject({ wonCount: 1, wonAmount: "1.00" });
  });

  it("sums exactly and rounds once, half-even: three thirds of a cent are a cent", () => {
    // 0.01 × 33% three times: 0.0099 exact, rounded once to 0.01 (per-line rounding would give 0.00).
    const result = buildForecast("2026-11", 1, [open("2026-11", 33, 1, "0.01"), open("2026-11", 33, 1, "0.01"), open("2026-11", 33, 1, "0.01")], []);
    expect(result.months[0]!.weightedAmount).toBe("0.01");
    // 0.125 rounds to the even cent.
    expect(buildForecast("2026-11", 1, [open("2026-11", 50, 1, "0.25")], []).months[0]!.weightedAmount).toBe("0.12");
  });

  it("handles amounts beyond float precision exactly", () => {
    const result = buildForecast("2026-11", 1, [open("2026-11", 100, 2, "9007199254740993.01")], []);
    expect(result.months[0]!.weightedAmount).toBe("9007199254740993.01");
  });
});
