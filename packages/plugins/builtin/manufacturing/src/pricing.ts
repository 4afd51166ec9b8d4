/**
 * Quote line pricing, exact to the cent:
 *
 *   list unit   = product list price + Σ option price differences
 *   dealer unit = the price break that applies (tier price list valid today, the most specific scope —
 *                 product, then product line, then the whole list — with the highest minimum quantity
 *                 the line reaches): a fixed unit price + options, or the list unit less a discount %
 *                 (rounded half-up to the cent); the list unit when no break applies
 *   net unit    = dealer unit less the line discount %, rounded half-up to the cent
 *   amount      = net unit × quantity (what the order's item is: the same number to the cent)
 */
import { decimal, type RecordData } from "@qudao/plugins/sdk";
import { dec, idOf, int, isDate, money, text } from "./model.ts";

export type PriceBreakChoice = { record: RecordData; scope: "product" | "productLine" | "list" } | null;

/** The price list of a tier valid on `today`: active, started, not ended; the latest start wins. */
export function validPriceList(lists: RecordData[], today: string): RecordData | null {
  const valid = lists.filter((l) => l.active === true && isDate(l.validFrom) && l.validFrom <= today && (!isDate(l.validTo) || l.validTo >= today));
  valid.sort((a, b) => String(b.validFrom).localeCompare(String(a.validFrom)) || String(a.id).localeCompare(String(b.id)));
  return valid[0] ?? null;
}

/** The break for a product and quantity: the most specific scope that has one the quantity reaches, its highest minimum. */
export function chooseBreak(breaks: RecordData[], productId: string, productLineId: string | null, quantity: number): PriceBreakChoice {
  const scopes: Array<["product" | "productLine" | "list", RecordData[]]> = [
    ["product", breaks.filter((b) => b.product === productId)],
    ["productLine", breaks.filter((b) => !idOf(b.product) && productLineId !== null && b.productLine === productLineId)],
    ["list", breaks.filter((b) => !idOf(b.product) && !idOf(b.productLine))],
  ];
  for (const [scope, candidates] of scopes) {
    const reached = candidates.filter((b) => (int(b.minQuantity) ?? Number.MAX_SAFE_INTEGER) <= quantity);
    reached.sort((a, b) => (int(b.minQuantity) ?? 0) - (int(a.minQuantity) ?? 0));
    if (reached[0]) return { record: reached[0], scope };
  }
  return null;
}

/** a × (100 − percent) / 100, rounded half-up to the cent. */
export function lessPercent(amount: decimal.DecimalInput, percent: string): decimal.Decimal {
  return decimal.round(decimal.divide(decimal.mul(amount, decimal.sub("100", percent)), "100", 6), 2);
}

export type LinePrice = {
  listUnitPrice: string;
  unitPrice: string;
  netUnitPrice: string;
  amount: string;
  listAmount: string;
  priceSource: string | null;
};

export function priceLine(input: {
  product: RecordData;
  options: RecordData[];
  quantity: number;
  lineDiscountPercent: string;
  priceList: RecordData | null;
  choice: PriceBreakChoice;
}): LinePrice {
  const listPrice = dec(input.product.listPrice) ?? "0";
  const deltas = decimal.sum(input.options.map((o) => dec(o.priceDelta) ?? "0"));
  const listUnit = decimal.add(listPrice, deltas);
  let dealerUnit: decimal.Decimal = listUnit;
  const chosen = input.choice?.record;
  const fixed = chosen ? dec(chosen.unitPrice) : null;
  const discount = chosen ? dec(chosen.discountPercent) : null;
  if (fixed !== null) dealerUnit = decimal.add(fixed, deltas);
  else if (discount !== null) dealerUnit = lessPercent(listUnit, discount);
  const netUnit = lessPercent(dealerUnit, input.lineDiscountPercent);
  const source = input.priceList ? (chosen ? `${text(input.priceList.name)} · ≥${int(chosen.minQuantity) ?? 1}` : text(input.priceList.name)) : null;
  return {
    listUnitPrice: money(listUnit),
    unitPrice: money(dealerUnit),
    netUnitPrice: money(netUnit),
    amount: money(decimal.mul(netUnit, input.quantity)),
    listAmount: money(decimal.mul(listUnit, input.quantity)),
    priceSource: source,
  };
}

/** A quote's totals from its lines: count, Σ list amounts, Σ amounts, the largest line discount. */
export function quoteTotals(lines: RecordData[]): { lineCount: number; listTotal: string; total: string; maxDiscountPercent: string } {
  let maxDiscount = decimal.from("0");
  for (const line of lines) {
    const d = dec(line.lineDiscountPercent);
    if (d !== null && decimal.compare(d, maxDiscount) > 0) maxDiscount = decimal.from(d);
  }
  return {
    lineCount: lines.length,
    listTotal: money(decimal.sum(lines.map((l) => dec(l.listAmount) ?? "0"))),
    total: money(decimal.sum(lines.map((l) => dec(l.amount) ?? "0"))),
    maxDiscountPercent: money(maxDiscount),
  };
}
