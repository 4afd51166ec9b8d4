/**
 * Pure commission rules (issue 5): which plan version applies, which rate an item earns, the
 * clawback of a refund, the retroactive volume bonus, the period cap, and the full deterministic
 * list of lines for one partner and one period. No I/O: the service loads orders, refunds, plan
 * versions and statements, calls these, and upserts the lines by their `key`.
 *
 * Every line carries what explains it (order, item or refund, plan version, matched rate entry,
 * rate, base) because partners are promised that every commission cent is explained.
 * Rounding is half-even to the cent, once per line (money.rules.ts).
 */
import type Decimal from "decimal.js";
import type { TCommissionLineKind, TCommissionRules, TRateEntry, TVolumeTier } from "./commission.schemas.ts";
import { CommissionDecimal, formatExact, formatMoney, formatRate, roundHalfEven, sumDecimals, toDecimal, type DecimalInput } from "../money.rules.ts";
import { DEFAULT_PLATFORM_TIME_ZONE, periodBounds, periodOf, type TPeriod } from "./periods.rules.ts";

/** A partner tier as ZPartnerTier (partners.schemas.ts) parses it. */
type TPartnerTier = NonNullable<TRateEntry["partnerTier"]>;

// ── plan versions ──────────────────────────────────────────────────────────────────────────────

export type PlanVersion = { id: string; effectiveFrom: Date; rules: TCommissionRules };

/**
 * The version in force at `at`: the latest effectiveFrom ≤ at (a version takes effect at its exact
 * instant). Null before the first version. Two versions with the same effectiveFrom should not exist
 * (the repository keeps (plan, effectiveFrom) unique); if they do, the larger id wins so the answer
 * never depends on the order the rows were read in.
 */
export function planInForce<V extends { id: string; effectiveFrom: Date }>(versions: readonly V[], at: Date): V | null {
  let best: V | null = null;
  for (const version of versions) {
    const from = version.effectiveFrom.getTime();
    if (from > at.getTime()) continue;
    if (!best || from > best.effectiveFrom.getTime() || (from === best.effectiveFrom.getTime() && version.id > best.id)) best = version;
  }
  return best;
}

// ── rates ──────────────────────────────────────────────────────────────────────────────────────

/** How specific the winning entry was, most specific first. */
export const RATE_MATCHES = ["categoryAndTier", "category", "tier", "default"] as const;
export type TRateMatch = (typeof RATE_MATCHES)[number];

export type RateMatchResult = { entry: TRateEntry; matchedBy: TRateMatch };

/**
 * The most specific entry for an item: category + tier, then category, then tier, then the default
 * (neither). Categories compare exactly after trimming (they are the platform's catalogue codes).
 * Valid rules always have a default, so there is always an answer; rules that skipped validation
 * and lack one are a bug, and throw.
 */
export function matchRate(rates: readonly TRateEntry[], item: { category: string | null; partnerTier: TPartnerTier | null }): RateMatchResult {
  const category = item.category?.trim() || null;
  const tier = item.partnerTier;
  const find = (c: string | null, t: TPartnerTier | null) => rates.find((entry) => entry.category === c && entry.partnerTier === t);
  const candidates: Array<[TRateMatch, TRateEntry | undefined]> = [
    ["categoryAndTier", category !== null && tier !== null ? find(category, tier) : undefined],
    ["category", category !== null ? find(category, null) : undefined],
    ["tier", tier !== null ? find(null, tier) : undefined],
    ["default", find(null, null)],
  ];
  for (const [matchedBy, entry] of candidates) if (entry) return { entry, matchedBy };
  throw new Error("commissions: rules without a default rate entry (parse them with ZCommissionRules)");
}

/** The rate an item earns: its matched entry, plus the new-customer bonus on a customer's first order. */
export function itemRate(rules: TCommissionRules, item: { category: string | null; partnerTier: TPartnerTier | null }, isFirstOrder: boolean): RateMatchResult & { rate: Decimal; newCustomerBonus: Decimal | null } {
  const match = matchRate(rules.rates, item);
  const bonus = isFirstOrder && rules.newCustomerBonus !== undefined ? toDecimal(rules.newCustomerBonus) : null;
  const rate = bonus ? toDecimal(match.entry.rate).add(bonus) : toDecimal(match.entry.rate);
  return { ...match, rate, newCustomerBonus: bonus };
}

/** One order item's commission: quantity × unitPrice × rate, half-even to the cent. */
export function earnAmount(quantity: DecimalInput, unitPrice: DecimalInput, rate: DecimalInput): Decimal {
  return roundHalfEven(toDecimal(quantity).mul(toDecimal(unitPrice)).mul(toDecimal(rate)), 2);
}

/**
 * The customer's first-ever order: earliest orderedAt across all partners; on the same instant the
 * smaller id, so exactly one order is first. Null when there are no orders.
 */
export function firstOrderId(orders: ReadonlyArray<{ id: string; orderedAt: Date }>): string | null {
  let first: { id: string; orderedAt: Date } | null = null;
  for (const order of orders) {
    const t = order.orderedAt.getTime();
    if (!first || t < first.orderedAt.getTime() || (t === first.orderedAt.getTime() && order.id < first.id)) first = order;
  }
  return first?.id ?? null;
}

// ── refunds ────────────────────────────────────────────────────────────────────────────────────

/**
 * A refund's clawback: −roundHalfEven(R / T × earned, 2), R × earned computed before dividing by T so
 * a whole refund (R = T) gives back exactly −earned. Each refund is rounded on its own, so several
 * partial refunds that add up to T may net ±0.01 against earned (the formula of issue 5). A free
 * order (T = 0) earned nothing, so it has nothing to claw back.
 */
export function clawbackAmount(refundAmount: DecimalInput, orderTotal: DecimalInput, orderEarned: DecimalInput): Decimal {
  const total = toDecimal(orderTotal);
  if (total.isZero()) return new CommissionDecimal(0);
  const clawback = roundHalfEven(toDecimal(refundAmount).mul(toDecimal(orderEarned)).div(total), 2);
  return clawback.isZero() ? clawback : clawback.neg();
}

/**
 * What a plan pays, at a glance (the plan editor's preview): for every category the rules name, and
 * for any other category (null), the rate each partner tier gets and which entry decided it — also
 * on a customer's first order, when the plan has a new-customer bonus.
 */
export type RatePreview = {
  tiers: readonly TPartnerTier[];
  rows: Array<{ category: string | null; cells: Array<{ partnerTier: TPartnerTier; rate: string; firstOrderRate: string | null; matchedBy: TRateMatch }> }>;
};

export function ratePreview(rules: TCommissionRules, tiers: readonly TPartnerTier[]): RatePreview {
  const categories = [...new Set(rules.rates.flatMap((entry) => (entry.category === null ? [] : [entry.category])))].sort();
  return {
    tiers,
    rows: [...categories, null].map((category) => ({
      category,
      cells: tiers.map((partnerTier) => {
        const plain = itemRate(rules, { category, partnerTier }, false);
        const first = rules.newCustomerBonus !== undefined ? itemRate(rules, { category, partnerTier }, true) : null;
        return { partnerTier, rate: formatRate(plain.rate), firstOrderRate: first ? formatRate(first.rate) : null, matchedBy: plain.matchedBy };
      }),
    })),
  };
}

// ── volume bonus and cap ───────────────────────────────────────────────────────────────────────

/** The highest tier whose minBase the period's base reaches (≥), or null. */
export function volumeTierReached(tiers: readonly TVolumeTier[] | undefined, totalBase: DecimalInput): TVolumeTier | null {
  const base = toDecimal(totalBase);
  let reached: TVolumeTier | null = null;
  for (const tier of tiers ?? []) if (base.gte(toDecimal(tier.minBase)) && (!reached || toDecimal(tier.minBase).gt(toDecimal(reached.minBase)))) reached = tier;
  return reached;
}

/** Retroactive: the tier's bonusRate applies to the whole base, not only to the part above minBase. */
export function volumeBonusAmount(tier: TVolumeTier, totalBase: DecimalInput): Decimal {
  return roundHalfEven(toDecimal(tier.bonusRate).mul(toDecimal(totalBase)), 2);
}

/** The (negative) cap line's amount, or null when earn + bonus stays within the cap (exactly the cap included). */
export function capExcess(capPerPeriod: DecimalInput | undefined, earnAndBonus: DecimalInput): Decimal | null {
  if (capPerPeriod === undefined) return null;
  const excess = toDecimal(earnAndBonus).sub(toDecimal(capPerPeriod));
  return excess.gt(0) ? excess.neg() : null;
}

// ── lines ──────────────────────────────────────────────────────────────────────────────────────

type LineCommon = {
  /** Unique per partner: the upsert key, so regenerating replaces a line instead of adding one. */
  key: string;
  period: TPeriod;
  /** What the rate (or ratio) applies to: exact, not rounded. */
  base: string;
  /** "123.45", negative for clawback and cap. */
  amount: string;
};

export type EarnLine = LineCommon & {
  kind: "earn";
  orderId: string;
  orderItemId: string;
  planVersionId: string;
  rateEntry: TRateEntry;
  matchedBy: TRateMatch;
  /** The new-customer bonus added to the entry's rate, or null when this is not a first order. */
  newCustomerBonus: string | null;
  /** The rate used: the entry's rate (+ the bonus). */
  rate: string;
  quantity: string;
  unitPrice: string;
};

export type ClawbackLine = LineCommon & {
  kind: "clawback";
  orderId: string;
  refundId: string;
  /** The plan version the order earned under (null when not known to this call). */
  planVersionId: string | null;
  /** base is the refund amount R; these are T and earned of −R / T × earned. */
  orderTotal: string;
  orderEarned: string;
};

export type BonusLine = LineCommon & { kind: "bonus"; planVersionId: string; tier: TVolumeTier; rate: string };

export type CapLine = LineCommon & { kind: "cap"; planVersionId: string; capPerPeriod: string };

/** What a late change corrects: e.g. { type: "orderRevision", id, period: the locked period }. */
export type AdjustmentCause = { type: string; id: string; period: TPeriod };

/** For a late change: the lines of the locked period that moved (before → after; null = absent). */
export type AdjustmentChange = { key: string; before: string | null; after: string | null };

export type AdjustmentLine = LineCommon & { kind: "adjustment"; cause: AdjustmentCause; note: string | null; changes?: AdjustmentChange[] };

/**
 * A line a plugin's commission hook produced (ADR 025), checked by plugin-lines.rules.ts. Its kind is
 * earn, bonus or clawback like the built-in ones (the statement's kind totals include it), but it
 * is told apart by its key (`plugin:<period>:<rule index>:<type>:<ref>#<n>`) and explains itself with
 * the plugin's own description, translated when it was computed.
 */
export type PluginLine = LineCommon & {
  kind: "earn" | "bonus" | "clawback";
  orderId: string | null;
  planVersionId: string;
  rate: string | null;
  plugin: { id: string; version: string; name: Record<string, string> };
  ruleType: string;
  ruleLabel: Record<string, string>;
  ruleIndex: number;
  window: "month" | "quarter";
  sourceRef: { object: string; id: string } | null;
  description: { messageKey: string; params: Record<string, string | number>; text: Record<string, string> };
};

export type CommissionLine = EarnLine | ClawbackLine | BonusLine | CapLine | AdjustmentLine | PluginLine;

/** Whether a line came from a plugin rule (its key says so; stored lines keep their key). */
export function isPluginLineKey(key: string): boolean {
  return key.startsWith("plugin:");
}

export type PeriodItem = {
  orderId: string;
  orderItemId: string;
  orderedAt: Date;
  category: string | null;
  quantity: DecimalInput;
  unitPrice: DecimalInput;
};

export type PeriodRefund = {
  refundId: string;
  orderId: string;
  refundedAt: Date;
  amount: DecimalInput;
  orderTotal: DecimalInput;
  /** Sum of the order's earn lines. Leave out only when the order's items are in this same call. */
  orderEarned?: DecimalInput;
  planVersionId?: string | null;
};

export type PeriodAdjustment = { cause: AdjustmentCause; amount: DecimalInput; note?: string | null; changes?: readonly AdjustmentChange[] };

export type PartnerPeriodInput = {
  period: TPeriod;
  timeZone?: string;
  /** Items of the partner's orders placed in the period. */
  items: readonly PeriodItem[];
  /** The partner's refunds made in the period (on orders of any period). */
  refunds: readonly PeriodRefund[];
  /** Every version of the partner's plan; each item uses the one in force at its orderedAt. */
  versions: readonly PlanVersion[];
  partnerTier: TPartnerTier | null;
  /** Orders that are their customer's first-ever order (see firstOrderId). */
  firstOrderIds: Iterable<string>;
  /** Late changes placed in this period (statement-status.rules placeLateChange). */
  adjustments?: readonly PeriodAdjustment[];
  /**
   * Lines of the plugin rules of the version closing the period, already checked. They take part in
   * the cap (they are earn, bonus or clawback like any other) but not in the volume bonus's base,
   * which is the base of the built-in earn lines (the items).
   */
  pluginLines?: readonly PluginLine[];
};

export type SkippedItem = { orderId: string; orderItemId: string; reason: "commissions.errors.noPlanInForce" };

export type PartnerPeriodResult = { lines: CommissionLine[]; skipped: SkippedItem[] };

const KIND_ORDER: Record<TCommissionLineKind, number> = { earn: 0, clawback: 1, adjustment: 2, bonus: 3, cap: 4 };

/** Code-point order: the same on every machine (localeCompare is not). */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function assertUnique(keys: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) throw new Error(`commissions: duplicate ${what} ${key}`);
    seen.add(key);
  }
}

/**
 * All lines of one partner for one period, in a fixed order, so regenerating gives identical lines:
 *  - one earn line per item (sorted by orderedAt, order, item), under the plan version in force at
 *    its order's orderedAt; an item before any version earns nothing and is reported in `skipped`;
 *  - one clawback line per refund made in the period (sorted by refundedAt, refund): refunds are
 *    booked when they happen, so a refund of an order in an approved period needs no reopening;
 *  - the adjustment lines placed here (sorted by cause);
 *  - one volume bonus line when the period's total item base reaches a tier, and one cap line when
 *    earn + bonus exceed the cap — both under the version in force at the period's last instant,
 *    the rules that stood when the period closed.
 * Items and refunds outside the period are a caller bug and throw, as do duplicate ids.
 */
export function computePartnerPeriod(input: PartnerPeriodInput): PartnerPeriodResult {
  const timeZone = input.timeZone ?? DEFAULT_PLATFORM_TIME_ZONE;
  const { period } = input;
  const firstOrders = new Set(input.firstOrderIds);
  assertUnique(input.items.map((i) => i.orderItemId), "order item");
  assertUnique(input.refunds.map((r) => r.refundId), "refund");
  assertUnique((input.adjustments ?? []).map((a) => `${a.cause.type}:${a.cause.id}`), "adjustment cause");

  // The period as instants, once: periodOf per item would ask Intl for every line.
  const bounds = periodBounds(period, timeZone);
  const inPeriod = (at: Date) => at.getTime() >= bounds.start.getTime() && at.getTime() < bounds.end.getTime();
  const rateCache = new Map<string, RateMatchResult & { rate: Decimal; newCustomerBonus: Decimal | null; rateText: string; bonusText: string | null }>();
  const skipped: SkippedItem[] = [];
  const earnLines: EarnLine[] = [];
  const items = [...input.items].sort(
    (a, b) => a.orderedAt.getTime() - b.orderedAt.getTime() || compareText(a.orderId, b.orderId) || compareText(a.orderItemId, b.orderItemId),
  );
  for (const item of items) {
    if (!inPeriod(item.orderedAt)) throw new RangeError(`commissions: item ${item.orderItemId} ordered outside ${period}`);
    const version = planInForce(input.versions, item.orderedAt);
    if (!version) {
      skipped.push({ orderId: item.orderId, orderItemId: item.orderItemId, reason: "commissions.errors.noPlanInForce" });
      continue;
    }
    const first = firstOrders.has(item.orderId);
    // Rates repeat across a partner's items: match each (version, category, first order) once.
    const rateKey = `${version.id}\u0000${item.category ?? ""}\u0000${first ? 1 : 0}`;
    let priced = rateCache.get(rateKey);
    if (!priced) {
      const matched = itemRate(version.rules, { category: item.category, partnerTier: input.partnerTier }, first);
      priced = { ...matched, rateText: formatRate(matched.rate), bonusText: matched.newCustomerBonus ? formatRate(matched.newCustomerBonus) : null };
      rateCache.set(rateKey, priced);
    }
    const quantity = toDecimal(item.quantity);
    const base = quantity.mul(toDecimal(item.unitPrice));
    earnLines.push({
      kind: "earn",
      key: `earn:${item.orderItemId}`,
      period,
      orderId: item.orderId,
      orderItemId: item.orderItemId,
      planVersionId: version.id,
      rateEntry: priced.entry,
      matchedBy: priced.matchedBy,
      newCustomerBonus: priced.bonusText,
      rate: priced.rateText,
      quantity: quantity.toFixed(),
      unitPrice: formatExact(item.unitPrice),
      base: formatExact(base),
      // = earnAmount(quantity, unitPrice, rate), with the product already at hand.
      amount: formatMoney(roundHalfEven(base.mul(priced.rate), 2)),
    });
  }

  const ordersHere = new Set(input.items.map((item) => item.orderId));
  const earnedHere = new Map<string, { earned: Decimal; planVersionId: string }>();
  for (const line of earnLines) {
    const entry = earnedHere.get(line.orderId);
    earnedHere.set(line.orderId, { earned: (entry?.earned ?? new CommissionDecimal(0)).add(toDecimal(line.amount)), planVersionId: line.planVersionId });
  }

  const refunds = [...input.refunds].sort((a, b) => a.refundedAt.getTime() - b.refundedAt.getTime() || compareText(a.refundId, b.refundId));
  const clawbackLines: ClawbackLine[] = refunds.map((refund) => {
    if (!inPeriod(refund.refundedAt)) throw new RangeError(`commissions: refund ${refund.refundId} made outside ${period}`);
    const here = earnedHere.get(refund.orderId);
    // An order of this call whose items all earned nothing (placed before any plan version) has nothing to claw back.
    const earned = refund.orderEarned !== undefined ? toDecimal(refund.orderEarned) : (here?.earned ?? (ordersHere.has(refund.orderId) ? new CommissionDecimal(0) : undefined));
    if (earned === undefined) throw new Error(`commissions: refund ${refund.refundId} needs orderEarned (order ${refund.orderId} is not in this call)`);
    return {
      kind: "clawback",
      key: `clawback:${refund.refundId}`,
      period,
      orderId: refund.orderId,
      refundId: refund.refundId,
      planVersionId: refund.planVersionId ?? here?.planVersionId ?? null,
      base: formatExact(refund.amount),
      orderTotal: formatExact(refund.orderTotal),
      orderEarned: formatMoney(earned),
      amount: formatMoney(clawbackAmount(refund.amount, refund.orderTotal, earned)),
    };
  });

  const adjustmentLines: AdjustmentLine[] = [...(input.adjustments ?? [])]
    .sort((a, b) => compareText(a.cause.period, b.cause.period) || compareText(a.cause.type, b.cause.type) || compareText(a.cause.id, b.cause.id))
    .map((adjustment) => ({
      kind: "adjustment",
      key: `adjustment:${adjustment.cause.type}:${adjustment.cause.id}`,
      period,
      cause: adjustment.cause,
      note: adjustment.note ?? null,
      ...(adjustment.changes ? { changes: [...adjustment.changes] } : {}),
      base: formatMoney(adjustment.amount),
      amount: formatMoney(adjustment.amount),
    }));

  const pluginLines = [...(input.pluginLines ?? [])];
  assertUnique(pluginLines.map((line) => line.key), "plugin line");
  for (const line of pluginLines) if (line.period !== period) throw new RangeError(`commissions: plugin line ${line.key} belongs to ${line.period}, not ${period}`);
  const pluginEarnAndBonus = sumDecimals(pluginLines.filter((line) => line.kind !== "clawback").map((line) => line.amount));

  const periodLines: Array<BonusLine | CapLine> = [];
  const closing = planInForce(input.versions, new Date(bounds.end.getTime() - 1));
  if (closing && (earnLines.length > 0 || pluginLines.length > 0)) {
    const totalBase = sumDecimals(earnLines.map((line) => line.base));
    const tier = earnLines.length > 0 ? volumeTierReached(closing.rules.volumeTiers, totalBase) : null;
    let earnAndBonus = sumDecimals(earnLines.map((line) => line.amount)).add(pluginEarnAndBonus);
    if (tier) {
      const bonus = volumeBonusAmount(tier, totalBase);
      earnAndBonus = earnAndBonus.add(bonus);
      periodLines.push({ kind: "bonus", key: `bonus:${period}`, period, planVersionId: closing.id, tier, rate: formatRate(tier.bonusRate), base: formatExact(totalBase), amount: formatMoney(bonus) });
    }
    const cap = closing.rules.capPerPeriod;
    const excess = capExcess(cap, earnAndBonus);
    if (cap !== undefined && excess) {
      periodLines.push({
        kind: "cap",
        key: `cap:${period}`,
        period,
        planVersionId: closing.id,
        capPerPeriod: formatMoney(cap),
        base: formatMoney(earnAndBonus),
        amount: formatMoney(excess),
      });
    }
  }

  // Plugin lines after the built-in ones of their kind, in key order.
  pluginLines.sort((a, b) => compareText(a.key, b.key));
  const lines: CommissionLine[] = [...earnLines, ...clawbackLines, ...adjustmentLines, ...periodLines, ...pluginLines];
  // Already in order within each kind; the stable sort by kind states the order once for anyone changing the above.
  lines.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  return { lines, skipped };
}

// ── statement totals ───────────────────────────────────────────────────────────────────────────

export type StatementTotals = Record<TCommissionLineKind | "total", string>;

/** Sums per kind and the total, exact then formatted ("0.00" for a kind with no lines). */
export function statementTotals(lines: ReadonlyArray<{ kind: TCommissionLineKind; amount: DecimalInput }>): StatementTotals {
  const sums: Record<TCommissionLineKind, Decimal> = {
    earn: new CommissionDecimal(0),
    clawback: new CommissionDecimal(0),
    bonus: new CommissionDecimal(0),
    cap: new CommissionDecimal(0),
    adjustment: new CommissionDecimal(0),
  };
  for (const line of lines) sums[line.kind] = sums[line.kind].add(toDecimal(line.amount));
  const total = sumDecimals(Object.values(sums));
  return {
    earn: formatMoney(sums.earn),
    clawback: formatMoney(sums.clawback),
    bonus: formatMoney(sums.bonus),
    cap: formatMoney(sums.cap),
    adjustment: formatMoney(sums.adjustment),
    total: formatMoney(total),
  };
}
