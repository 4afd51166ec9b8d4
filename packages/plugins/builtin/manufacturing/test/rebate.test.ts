import { expect, invoke, test } from "@qudao/plugins/sdk";
import { id } from "./fixtures.ts";

const TIERS = "0:0,500000:0.02,1000000:0.035";
const period = { key: "2026-03", start: "2026-02-28T16:00:00.000Z", windowStart: "2025-12-31T16:00:00.000Z", end: "2026-03-31T16:00:00.000Z", window: "quarter" };
type Item = [category: string, amount: string];
const order = (n: number, items: Item[]) => ({
  id: id(600 + n),
  externalId: `ERP-${n}`,
  customerId: id(920),
  orderedAt: "2026-02-10T02:00:00.000Z",
  currency: "CNY",
  total: items.reduce((sum, [, amount]) => (Number(sum) + Number(amount)).toFixed(2), "0.00"),
  items: items.map(([category, amount], i) => ({ id: id(700 + n * 10 + i), sku: category.toUpperCase(), category, quantity: "1", unitPrice: amount, amount })),
  customFields: {},
});
const rebate = (orders: unknown[], params: Record<string, unknown>, refunds: unknown[] = []) =>
  invoke<Array<Record<string, unknown>>>("tieredRebate", { params: { productLines: "cnc-lathe", tiers: TIERS, mode: "whole", ...params }, period, orders, refunds } as never);
const line = (productLine: string, base: string, rate: string | undefined, amount: string, extra: Record<string, string> = {}) => ({
  kind: "bonus",
  base,
  ...(rate ? { rate } : {}),
  amount,
  description: { messageKey: rate ? "rebate.line.whole" : "rebate.line.marginal", params: { productLine, from: "2026-01", to: "2026-03", ...extra } },
});

test("below the first paying tier there is no line", () => {
  expect(rebate([order(1, [["cnc-lathe", "499999.99"]])], {})).toEqual([]);
  expect(rebate([], {})).toEqual([]);
});

test("whole volume: exactly on each threshold the tier applies, one cent below the previous one does", () => {
  expect(rebate([order(1, [["cnc-lathe", "500000.00"]])], {})).toEqual([line("cnc-lathe", "500000", "0.02", "10000.00", { volume: "500000.00", threshold: "500000.00", rate: "2" })]);
  // 999 999.99 × 0.02 = 19 999.9998 → 20 000.00
  expect(rebate([order(1, [["cnc-lathe", "999999.99"]])], {})).toMatchObject([{ base: "999999.99", rate: "0.02", amount: "20000.00" }]);
  expect(rebate([order(1, [["cnc-lathe", "600000.00"]]), order(2, [["cnc-lathe", "400000.00"]])], {})).toEqual([
    line("cnc-lathe", "1000000", "0.035", "35000.00", { volume: "1000000.00", threshold: "1000000.00", rate: "3.5" }),
  ]);
});

test("marginal: each band at its own rate, exact to the cent", () => {
  // (1 000 000 − 500 000) × 2 % + (1 234 567.89 − 1 000 000) × 3.5 % = 10 000 + 8 209.876150 = 18 209.88
  expect(rebate([order(1, [["cnc-lathe", "1234567.89"]])], { mode: "marginal" })).toEqual([line("cnc-lathe", "1234567.89", undefined, "18209.88", { volume: "1234567.89", threshold: "1000000.00", rate: "3.5" })]);
  // Exactly on the first paying threshold nothing is inside a paying band yet.
  expect(rebate([order(1, [["cnc-lathe", "500000.00"]])], { mode: "marginal" })).toEqual([]);
  // One cent into it: 0.01 × 2 % = 0.0002 → 0.00, no line.
  expect(rebate([order(1, [["cnc-lathe", "500000.01"]])], { mode: "marginal" })).toEqual([]);
  expect(rebate([order(1, [["cnc-lathe", "500025.00"]])], { mode: "marginal" })).toMatchObject([{ amount: "0.50" }]);
});

test("several product lines: one line each, only their own items counted", () => {
  const orders = [order(1, [["cnc-lathe", "800000.00"], ["spare-parts", "1500000.00"], ["tooling", "9000000.00"]]), order(2, [["spare-parts", "20000.00"]])];
  const lines = rebate(orders, { productLines: " cnc-lathe , spare-parts,cnc-lathe " });
  expect(lines).toEqual([
    line("cnc-lathe", "800000", "0.02", "16000.00", { volume: "800000.00", threshold: "500000.00", rate: "2" }),
    line("spare-parts", "1520000", "0.035", "53200.00", { volume: "1520000.00", threshold: "1000000.00", rate: "3.5" }),
  ]);
});

test("refunds in the quarter reduce the volume, spread over the refunded order's product lines by their share", () => {
  // The order: 600 000 of lathes and 200 000 of parts; a 60 000 refund takes 45 000 from lathes, 15 000 from parts.
  const orders = [order(1, [["cnc-lathe", "600000.00"], ["spare-parts", "200000.00"]]), order(2, [["cnc-lathe", "445000.00"]])];
  const refunds = [{ id: id(990), orderId: id(601), refundedAt: "2026-03-02T02:00:00.000Z", amount: "60000.00" }];
  expect(rebate(orders, { productLines: "cnc-lathe,spare-parts" }, refunds)).toEqual([
    // 1 045 000 − 45 000 = 1 000 000.00: still exactly on the 3.5 % threshold.
    line("cnc-lathe", "1000000", "0.035", "35000.00", { volume: "1000000.00", threshold: "1000000.00", rate: "3.5" }),
  ]);
  // A refund of an order outside the quarter's orders is not attributed to any product line.
  expect(rebate(orders, {}, [{ id: id(991), orderId: id(699), refundedAt: "2026-03-02T02:00:00.000Z", amount: "500000.00" }])).toMatchObject([{ base: "1045000", amount: "36575.00" }]);
});

test("a refund's share is rounded to the cent per product line", () => {
  // 100.00 refunded on 0.01 + 300.00 + 0.02: shares 100 × 0.01 / 300.03 = 0.0033 → 0.00, 100 × 300 / 300.03 = 99.990001 → 99.99,
  // 100 × 0.02 / 300.03 = 0.0067 → 0.01 (together exactly the 100.00 refunded).
  const orders = [order(1, [["a", "0.01"], ["b", "300.00"], ["c", "0.02"]])];
  const refunds = [{ id: id(990), orderId: id(601), refundedAt: "2026-03-02T02:00:00.000Z", amount: "100.00" }];
  expect(invoke("tieredRebate", { params: { productLines: "a,b,c", tiers: "0:1" }, period, orders, refunds } as never)).toEqual([
    { kind: "bonus", base: "0.01", rate: "1", amount: "0.01", description: { messageKey: "rebate.line.whole", params: { productLine: "a", volume: "0.01", from: "2026-01", to: "2026-03", threshold: "0.00", rate: "100" } } },
    { kind: "bonus", base: "200.01", rate: "1", amount: "200.01", description: { messageKey: "rebate.line.whole", params: { productLine: "b", volume: "200.01", from: "2026-01", to: "2026-03", threshold: "0.00", rate: "100" } } },
    { kind: "bonus", base: "0.01", rate: "1", amount: "0.01", description: { messageKey: "rebate.line.whole", params: { productLine: "c", volume: "0.01", from: "2026-01", to: "2026-03", threshold: "0.00", rate: "100" } } },
  ]);
});

function refusal(params: Record<string, unknown>): string {
  try {
    rebate([order(1, [["cnc-lathe", "2000000.00"]])], params);
    return "no error";
  } catch (error) {
    return String(error);
  }
}

test("tiers that are not exactly threshold:rate pairs, ascending, rates up to 1, refuse the statement instead of guessing", () => {
  expect(refusal({ tiers: "500000:2%" })).toContain("not threshold:rate");
  expect(refusal({ tiers: "500000=0.02" })).toContain("not threshold:rate");
  expect(refusal({ tiers: "0:0,1000000:0.035,500000:0.02" })).toContain("is not above");
  expect(refusal({ tiers: "0:0,0:0.02" })).toContain("is not above");
  expect(refusal({ tiers: "0:1.5" })).toContain("above 1");
  expect(refusal({ tiers: "" })).toContain("tiers: empty");
  expect(refusal({ productLines: " , " })).toContain("productLines: empty");
  expect(refusal({ tiers: " 0 : 0 , 500000 : 0.02 " })).toBe("no error");
});

test("a line is named as the catalog names its product line, by the code", () => {
  const lines = invoke<Array<{ description: { params: { productLine: string } } }>>(
    "tieredRebate",
    { params: { productLines: "cnc-lathe", tiers: TIERS }, period, orders: [order(1, [["cnc-lathe", "500000.00"]])], refunds: [] } as never,
    { records: [{ id: id(1), object: "qudao_manufacturing__productLine", code: "cnc-lathe", name: "数控车床", partnerId: null }] },
  );
  expect(lines.map((l) => l.description.params.productLine)).toEqual(["数控车床"]);
});
