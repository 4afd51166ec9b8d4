/**
 * The quarterly tiered volume rebate per product line: tiers written as text ("0:0,500000:0.02,1000000:0.035")
 * parsed exactly, the volume of each product line from the quarter's order items less the quarter's
 * refunds of those orders (spread over the order's product lines by their share of it), and the rebate
 * either on the whole volume at the highest tier reached or marginally, band by band. All money is
 * decimal strings through the SDK's `decimal`; nothing here uses a JS number for money.
 */
import { decimal, type CommissionContext, type CommissionLineOutput } from "@qudao/plugins/sdk";
import { OBJ, text } from "./model.ts";

export type Tier = { min: string; rate: string };

/** Thrown for params a plan should never hold; the statement is refused with the plugin named (no wrong money). */
export class RebateParamsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RebateParamsError";
  }
}

const NUMBER = /^\d{1,16}(\.\d{1,8})?$/;

/** "0:0,500000:0.02" → tiers with ascending thresholds (≥ 0) and rates from 0 to 1; spaces around parts allowed. */
export function parseTiers(source: unknown): Tier[] {
  if (typeof source !== "string" || source.trim() === "") throw new RebateParamsError("tiers: empty");
  const tiers: Tier[] = [];
  for (const part of source.split(",")) {
    const pieces = part.split(":");
    if (pieces.length !== 2) throw new RebateParamsError(`tiers: "${part.trim()}" is not threshold:rate`);
    const min = pieces[0]!.trim();
    const rate = pieces[1]!.trim();
    if (!NUMBER.test(min) || !NUMBER.test(rate)) throw new RebateParamsError(`tiers: "${part.trim()}" is not threshold:rate with decimal numbers`);
    if (decimal.compare(rate, "1") > 0) throw new RebateParamsError(`tiers: rate ${rate} is above 1`);
    const previous = tiers[tiers.length - 1];
    if (previous && decimal.compare(min, previous.min) <= 0) throw new RebateParamsError(`tiers: threshold ${min} is not above ${previous.min}`);
    tiers.push({ min, rate });
  }
  return tiers;
}

/** "pumps, valves" → ["pumps", "valves"] (distinct, in order). */
export function parseProductLines(source: unknown): string[] {
  if (typeof source !== "string") throw new RebateParamsError("productLines: empty");
  const lines = [...new Set(source.split(",").map((s) => s.trim()).filter((s) => s !== ""))];
  if (lines.length === 0) throw new RebateParamsError("productLines: empty");
  return lines;
}

/** The highest tier the volume reaches, or null below the first. */
export function tierReached(tiers: Tier[], volume: decimal.DecimalInput): Tier | null {
  let reached: Tier | null = null;
  for (const tier of tiers) if (decimal.compare(volume, tier.min) >= 0) reached = tier;
  return reached;
}

/** Σ over bands [min_i, min_{i+1}) of the volume inside the band × its rate — exact, unrounded. */
export function marginalRebate(tiers: Tier[], volume: decimal.DecimalInput): decimal.Decimal {
  let total = decimal.from("0");
  tiers.forEach((tier, i) => {
    if (decimal.compare(volume, tier.min) <= 0) return;
    const next = tiers[i + 1];
    const top = next && decimal.compare(volume, next.min) > 0 ? next.min : volume;
    total = decimal.add(total, decimal.mul(decimal.sub(top, tier.min), tier.rate));
  });
  return total;
}

/**
 * Each product line's volume in the window: Σ item amounts of that category, less each refund in the
 * window of an order of the window, spread over the order's product lines by their share of its total
 * (to the cent, half-up). A refund in the window of an order placed before it is not counted: the hook is
 * given only the window's orders, so it cannot tell which product lines that refund was for.
 */
export function volumesByLine(ctx: Pick<CommissionContext, "orders" | "refunds">, lines: string[]): Map<string, decimal.Decimal> {
  const volumes = new Map<string, decimal.Decimal>(lines.map((l) => [l, decimal.from("0")]));
  const wanted = new Set(lines);
  const perOrder = new Map<string, { total: string; byLine: Map<string, decimal.Decimal> }>();
  for (const order of ctx.orders) {
    const byLine = new Map<string, decimal.Decimal>();
    for (const item of order.items) {
      if (!wanted.has(item.category)) continue;
      byLine.set(item.category, decimal.add(byLine.get(item.category) ?? "0", item.amount));
      volumes.set(item.category, decimal.add(volumes.get(item.category)!, item.amount));
    }
    perOrder.set(order.id, { total: order.total, byLine });
  }
  for (const refund of ctx.refunds) {
    const order = perOrder.get(refund.orderId);
    if (!order || decimal.sign(order.total) <= 0) continue;
    for (const [line, amount] of order.byLine) {
      const share = decimal.divide(decimal.mul(refund.amount, amount), order.total, 2);
      volumes.set(line, decimal.sub(volumes.get(line)!, share));
    }
  }
  return volumes;
}

/** The window's first month and last month ("2014-01", "2014-03"), from the period key (no time zone involved). */
export function windowMonths(period: CommissionContext["period"]): { from: string; to: string } {
  if (period.window !== "quarter") return { from: period.key, to: period.key };
  const year = period.key.slice(0, 4);
  const month = Number(period.key.slice(5, 7));
  return { from: `${year}-${String(month - ((month - 1) % 3)).padStart(2, "0")}`, to: period.key };
}

/** The rule's lines: one bonus line per product line whose volume earns a rebate, named as the catalog names it. */
export function tieredRebateLines(ctx: CommissionContext): CommissionLineOutput[] {
  const tiers = parseTiers(ctx.params.tiers);
  const lines = parseProductLines(ctx.params.productLines);
  const mode = ctx.params.mode === "marginal" ? "marginal" : "whole";
  const volumes = volumesByLine(ctx, lines);
  const names = new Map(lines.map((code) => [code, text(ctx.records.query(OBJ.productLine, { code }, 1)[0]?.name) || code]));
  const months = windowMonths(ctx.period);
  const out: CommissionLineOutput[] = [];
  for (const line of lines) {
    const volume = volumes.get(line)!;
    if (decimal.sign(volume) <= 0) continue;
    const reached = tierReached(tiers, volume);
    if (!reached || decimal.isZero(reached.rate)) continue;
    const base = decimal.toString(volume);
    const params = { productLine: names.get(line)!, volume: decimal.toString(volume, 2), from: months.from, to: months.to, threshold: decimal.toString(reached.min, 2), rate: decimal.toString(decimal.mul(reached.rate, "100")) };
    if (mode === "whole") {
      out.push({ kind: "bonus", base, rate: reached.rate, amount: decimal.toString(decimal.mul(volume, reached.rate), 2), description: { messageKey: "rebate.line.whole", params } });
    } else {
      const amount = decimal.toString(marginalRebate(tiers, volume), 2);
      if (decimal.isZero(amount)) continue;
      out.push({ kind: "bonus", base, amount, description: { messageKey: "rebate.line.marginal", params } });
    }
  }
  return out;
}
