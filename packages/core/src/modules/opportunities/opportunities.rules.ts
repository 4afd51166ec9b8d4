/**
 * Pure opportunity rules: stage moves, time in stage, the stuck flag, and the weighted forecast.
 * Money is decimal.js (never JS numbers); a weighted sum is rounded once, half-even to the cent.
 */
import Decimal from "decimal.js";
import type { TStageKind } from "../pipelines/pipelines.schemas.ts";
import type { TOpportunityStatus } from "./opportunities.schemas.ts";

const DAY_MS = 86_400_000;

// ── money ──────────────────────────────────────────────────────────────────────────────────────

/** Half-even to the cent: the one rounding of derived amounts (ARCHITECTURE invariant 3). */
export function roundMoney(value: Decimal.Value): Decimal {
  return new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
}

/** "1234.50": two places, no grouping (API.md). */
export function formatMoney(value: Decimal.Value): string {
  return roundMoney(value).toFixed(2);
}

/** An amount weighted by a stage probability in percent, unrounded (sum first, round once). */
export function weighted(amount: Decimal.Value, probability: number): Decimal {
  return new Decimal(amount).mul(probability).div(100);
}

// ── stage moves ────────────────────────────────────────────────────────────────────────────────

export function statusForStageKind(kind: TStageKind): TOpportunityStatus {
  return kind;
}

export function secondsBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 1000));
}

export type MoveCurrent = { stageId: string; stageEnteredAt: Date; closedAt: Date | null; lostReason: string | null };
export type MoveTarget = { id: string; kind: TStageKind; archivedAt: Date | null };

export type MovePlan =
  | { type: "noop" }
  | { type: "refused"; path: "stageId" | "lostReason"; message: string }
  | {
      type: "move";
      data: { stageId: string; status: TOpportunityStatus; stageEnteredAt: Date; closedAt: Date | null; lostReason: string | null };
      change: { fromStageId: string; toStageId: string; secondsInPrevious: number; at: Date };
    };

/**
 * Moving to a stage: the status follows the stage's kind; won and lost close the deal (closedAt),
 * moving back to an open stage reopens it. A lost stage needs a reason. The time spent in the stage
 * left is recorded with the change.
 */
export function planStageMove(current: MoveCurrent, target: MoveTarget, lostReason: string | null, now: Date): MovePlan {
  if (target.id === current.stageId) return { type: "noop" };
  if (target.archivedAt !== null) return { type: "refused", path: "stageId", message: "pipeline.errors.stageArchived" };
  const status = statusForStageKind(target.kind);
  if (status === "lost" && !lostReason) return { type: "refused", path: "lostReason", message: "opportunities.errors.lostReasonRequired" };
  return {
    type: "move",
    data: {
      stageId: target.id,
      status,
      stageEnteredAt: now,
      closedAt: status === "open" ? null : now,
      lostReason: status === "lost" ? lostReason : null,
    },
    change: { fromStageId: current.stageId, toStageId: target.id, secondsInPrevious: secondsBetween(current.stageEnteredAt, now), at: now },
  };
}

// ── time in stage, stuck ───────────────────────────────────────────────────────────────────────

export function daysInStage(stageEnteredAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - stageEnteredAt.getTime()) / DAY_MS));
}

/** Open, and no stage change for `stuckDays` days or more. */
export function isStuck(status: TOpportunityStatus, stageEnteredAt: Date, now: Date, stuckDays: number): boolean {
  return status === "open" && daysInStage(stageEnteredAt, now) >= stuckDays;
}

/** The instant before which an open opportunity's stageEnteredAt makes it stuck. */
export function stuckBefore(now: Date, stuckDays: number): Date {
  return new Date(now.getTime() - stuckDays * DAY_MS);
}

/**
 * One stuck event per stay in a stage: the stay is named by the opportunity and the instant it
 * entered its stage. A move out and back in is a new stay, so it can be flagged again.
 */
export function stuckSourceKey(opportunityId: string, stageEnteredAt: Date): string {
  return `opportunity.stuck:${opportunityId}:${stageEnteredAt.getTime()}`;
}

export type StageChangeRow = { id: string; fromStageId: string | null; toStageId: string; at: Date; secondsInPrevious: number | null; changedById: string | null };
export type Visit = { changeId: string | null; stageId: string; fromStageId: string | null; enteredAt: Date; changedById: string | null; seconds: number; current: boolean };

/**
 * Each stay in a stage from the append-only history (oldest first). A stay lasts until the next
 * change (its recorded secondsInPrevious when there is one), the current one until `now`. An
 * opportunity without history (imported) has one stay in its current stage since stageEnteredAt.
 */
export function stageVisits(changes: readonly StageChangeRow[], current: { stageId: string; stageEnteredAt: Date }, now: Date): Visit[] {
  const ordered = [...changes].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
  const visits: Visit[] = ordered.map((change, i) => {
    const next = ordered[i + 1];
    const last = next === undefined;
    const seconds = last ? secondsBetween(change.at, now) : (next.secondsInPrevious ?? secondsBetween(change.at, next.at));
    return { changeId: change.id, stageId: change.toStageId, fromStageId: change.fromStageId, enteredAt: change.at, changedById: change.changedById, seconds, current: last };
  });
  const latest = visits[visits.length - 1];
  if (!latest || latest.stageId !== current.stageId) {
    // History that does not end in the current stage (or none at all): the current stay still counts.
    if (latest) latest.current = false;
    visits.push({
      changeId: null,
      stageId: current.stageId,
      fromStageId: latest?.stageId ?? null,
      enteredAt: current.stageEnteredAt,
      changedById: null,
      seconds: secondsBetween(current.stageEnteredAt, now),
      current: true,
    });
  }
  return visits;
}

/** Total time per stage, in order of first entry; a stage entered twice adds both stays. */
export function timeInStages(visits: readonly Visit[]): Array<{ stageId: string; seconds: number; visits: number }> {
  const totals = new Map<string, { stageId: string; seconds: number; visits: number }>();
  for (const visit of visits) {
    const entry = totals.get(visit.stageId) ?? { stageId: visit.stageId, seconds: 0, visits: 0 };
    entry.seconds += visit.seconds;
    entry.visits += 1;
    totals.set(visit.stageId, entry);
  }
  return [...totals.values()];
}

// ── months ─────────────────────────────────────────────────────────────────────────────────────

/** "2026-11" for an instant, in a time zone. */
export function monthIn(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit" }).formatToParts(at);
  const year = parts.find((p) => p.type === "year")?.value;
  const month = parts.find((p) => p.type === "month")?.value;
  return `${year}-${month}`;
}

/** "2026-11" + 3 → "2027-02". */
export function addMonths(month: string, count: number): string {
  const [year, mon] = month.split("-").map(Number) as [number, number];
  const index = year * 12 + (mon - 1) + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

export function monthRange(from: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(from, i));
}

/** First day and the day after the last of a month, as calendar dates ("2026-11-01", "2026-12-01"). */
export function monthBounds(month: string): { first: string; next: string } {
  return { first: `${month}-01`, next: `${addMonths(month, 1)}-01` };
}

// ── forecast ───────────────────────────────────────────────────────────────────────────────────

/** Open opportunities grouped by expected close month (null: no date) and stage probability. */
export type OpenGroup = { month: string | null; probability: number; count: number; amount: Decimal.Value };
/** Won opportunities grouped by the month they were won in. */
export type WonGroup = { month: string; count: number; amount: Decimal.Value };

type Bucket = { openCount: number; openAmount: string; weightedAmount: string };
export type ForecastResult = {
  fromMonth: string;
  months: Array<Bucket & { month: string; wonCount: number; wonAmount: string }>;
  overdue: Bucket;
  undated: Bucket;
  totals: { openAmount: string; weightedAmount: string; wonAmount: string };
};

type Acc = { count: number; amount: Decimal; weighted: Decimal };
const emptyAcc = (): Acc => ({ count: 0, amount: new Decimal(0), weighted: new Decimal(0) });
const bucket = (acc: Acc): Bucket => ({ openCount: acc.count, openAmount: formatMoney(acc.amount), weightedAmount: formatMoney(acc.weighted) });

/**
 * The weighted forecast for `count` months from `fromMonth`: per month the open amount expected to
 * close then, that amount × each deal's stage probability, and what was won in the month. Open deals
 * dated before the window are overdue, undated ones apart; deals after the window are left out.
 * Sums are exact; each reported figure is rounded once, half-even to the cent.
 */
export function buildForecast(fromMonth: string, count: number, open: readonly OpenGroup[], won: readonly WonGroup[]): ForecastResult {
  const months = monthRange(fromMonth, count);
  const last = months[months.length - 1]!;
  const perMonth = new Map(months.map((m) => [m, { open: emptyAcc(), won: emptyAcc() }]));
  const overdue = emptyAcc();
  const undated = emptyAcc();
  const add = (acc: Acc, group: OpenGroup) => {
    acc.count += group.count;
    acc.amount = acc.amount.add(group.amount);
    acc.weighted = acc.weighted.add(weighted(group.amount, group.probability));
  };
  for (const group of open) {
    if (group.month === null) add(undated, group);
    else if (group.month < fromMonth) add(overdue, group);
    else if (group.month <= last) add(perMonth.get(group.month)!.open, group);
  }
  for (const group of won) {
    const entry = perMonth.get(group.month);
    if (!entry) continue;
    entry.won.count += group.count;
    entry.won.amount = entry.won.amount.add(group.amount);
  }
  const totals = { open: new Decimal(0), weighted: new Decimal(0), won: new Decimal(0) };
  const rows = months.map((month) => {
    const entry = perMonth.get(month)!;
    totals.open = totals.open.add(entry.open.amount);
    totals.weighted = totals.weighted.add(entry.open.weighted);
    totals.won = totals.won.add(entry.won.amount);
    return { month, ...bucket(entry.open), wonCount: entry.won.count, wonAmount: formatMoney(entry.won.amount) };
  });
  return {
    fromMonth,
    months: rows,
    overdue: bucket(overdue),
    undated: bucket(undated),
    totals: { openAmount: formatMoney(totals.open), weightedAmount: formatMoney(totals.weighted), wonAmount: formatMoney(totals.won) },
  };
}
