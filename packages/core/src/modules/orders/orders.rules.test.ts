import { describe, expect, it } from "vitest";
import { canonicalJson } from "../canonical-json.ts";
import { formatMoney } from "../money.rules.ts";
import { ownerAtTime } from "../ownership/ownership.rules.ts";
import {
  checkRefund,
  decideAttribution,
  formatQuantity,
  lineAmount,
  orderFingerprint,
  orderTotal,
  recordInForce,
  refundFingerprint,
  type AttributionRecord,
} from "./orders.rules.ts";
import { ZOrderBody, ZRefundBody } from "./orders.schemas.ts";

describe("lineAmount: round-half-even(quantity × unitPrice, 2)", () => {
  it.each([
    ["whole numbers", "2", "10.00", "20.00"],
    ["exact cents", "3", "0.10", "0.30"],
    ["half a cent rounds to the even cent (down)", "0.5", "0.05", "0.02"],
    ["half a cent rounds to the even cent (up)", "0.5", "0.07", "0.04"],
    ["1.125 → 1.12 (even)", "1", "1.125", "1.12"],
    ["1.135 → 1.14 (even)", "1", "1.135", "1.14"],
    ["above half rounds up", "0.3333", "10.00", "3.33"],
    ["four-place quantity", "1.2345", "100.00", "123.45"],
    ["a free item", "5", "0", "0.00"],
    ["no float error: 0.1 × 3", "3", "0.1", "0.30"],
    ["large and exact", "12345678.9", "12345.67", "152415677625.36"],
  ])("%s: %s × %s = %s", (_name, quantity, unitPrice, expected) => {
    expect(formatMoney(lineAmount(quantity, unitPrice))).toBe(expected);
  });
});

describe("orderTotal: the sum of the rounded lines", () => {
  it.each([
    ["one line", [{ quantity: "2", unitPrice: "10.50" }], "21.00"],
    ["each line is rounded before summing (0.005 + 0.005 → 0.00 + 0.00, not 0.01)", [{ quantity: "0.5", unitPrice: "0.01" }, { quantity: "0.5", unitPrice: "0.01" }], "0.00"],
    ["three thirds are rounded line by line (0.33 × 3), not on the sum", [{ quantity: "0.3333", unitPrice: "1" }, { quantity: "0.3333", unitPrice: "1" }, { quantity: "0.3334", unitPrice: "1" }], "0.99"],
    ["mixed (29.985 → 29.98, even)", [{ quantity: "1.5", unitPrice: "19.99" }, { quantity: "3", unitPrice: "0.33" }], "30.97"],
  ])("%s", (_name, items, expected) => {
    expect(formatMoney(orderTotal(items))).toBe(expected);
  });
});

describe("formatting", () => {
  it.each([
    ["1234.5", "1234.50"],
    ["0", "0.00"],
    ["7", "7.00"],
  ])("money %s → %s", (value, expected) => expect(formatMoney(value)).toBe(expected));
  it.each([
    ["2.0000", "2"],
    ["0.5000", "0.5"],
    ["1.1250", "1.125"],
  ])("quantity %s → %s", (value, expected) => expect(formatQuantity(value)).toBe(expected));
});

describe("checkRefund: refunds never add up to more than the total", () => {
  it.each([
    ["a partial refund", "100.00", "0", "40.00", { ok: true, refundedTotal: "40.00" }],
    ["refunding exactly the rest", "100.00", "60.00", "40.00", { ok: true, refundedTotal: "100.00" }],
    ["one cent too many", "100.00", "60.00", "40.01", { ok: false, remaining: "40.00" }],
    ["nothing left", "100.00", "100.00", "0.01", { ok: false, remaining: "0.00" }],
    ["more than the whole order", "10.00", "0", "10.50", { ok: false, remaining: "10.00" }],
  ] as const)("%s", (_name, total, refunded, amount, expected) => {
    const check = checkRefund(total, refunded, amount);
    expect(check.ok ? { ok: true, refundedTotal: formatMoney(check.refundedTotal) } : { ok: false, remaining: formatMoney(check.remaining) }).toEqual(expected);
  });
});

describe("canonical comparison", () => {
  it("sorts keys at every level, keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  const base = {
    customerId: "c1",
    orderedAt: new Date("2026-11-20T10:00:00+08:00"),
    currency: "CNY",
    items: [
      { sku: "A-1", category: "hardware", quantity: "2", unitPrice: "10.5" },
      { sku: "B-2", category: "service", quantity: "0.5", unitPrice: "100" },
    ],
  };
  it.each([
    ["the same body", base, true],
    ["the same instant in another offset", { ...base, orderedAt: new Date("2026-11-20T02:00:00Z") }, true],
    ["quantities and prices written differently", { ...base, items: [{ ...base.items[0]!, quantity: "2.0000", unitPrice: "10.50" }, { ...base.items[1]!, quantity: "0.50", unitPrice: "100.00" }] }, true],
    ["lower-case currency", { ...base, currency: "cny" }, true],
    ["another customer", { ...base, customerId: "c2" }, false],
    ["another instant", { ...base, orderedAt: new Date("2026-11-20T10:00:01+08:00") }, false],
    ["another price", { ...base, items: [{ ...base.items[0]!, unitPrice: "10.51" }, base.items[1]!] }, false],
    ["another category", { ...base, items: [{ ...base.items[0]!, category: "Hardware" }, base.items[1]!] }, false],
    ["items in another order", { ...base, items: [base.items[1]!, base.items[0]!] }, false],
    ["an item fewer", { ...base, items: [base.items[0]!] }, false],
    ["another currency", { ...base, currency: "USD" }, false],
  ])("order: %s → same: %s", (_name, other, same) => {
    expect(orderFingerprint(other) === orderFingerprint(base)).toBe(same);
  });

  it.each([
    ["the same refund", { orderId: "o1", amount: "10.5", refundedAt: new Date("2026-11-21T00:00:00Z") }, true],
    ["amount written with two places", { orderId: "o1", amount: "10.50", refundedAt: new Date("2026-11-21T08:00:00+08:00") }, true],
    ["another order", { orderId: "o2", amount: "10.50", refundedAt: new Date("2026-11-21T00:00:00Z") }, false],
    ["another amount", { orderId: "o1", amount: "10.51", refundedAt: new Date("2026-11-21T00:00:00Z") }, false],
  ])("refund: %s → same: %s", (_name, other, same) => {
    const first = refundFingerprint({ orderId: "o1", amount: "10.50", refundedAt: new Date("2026-11-21T00:00:00Z") });
    expect(refundFingerprint(other) === first).toBe(same);
  });
});

describe("decideAttribution: the owner at orderedAt, from the append-only history", () => {
  const t = (iso: string) => new Date(`2026-${iso}T00:00:00Z`);
  const row = (id: string, partnerId: string | null, at: string, event = "registration_accepted", mergedInto: string | null = null): AttributionRecord => ({ id, partnerId, at: t(at), event, mergedInto });
  // C: registered by A on 01-10, transferred to B on 03-01, released to the pool on 06-01.
  const c = [row("r1", "A", "01-10"), row("r2", "B", "03-01", "transferred"), row("r3", null, "06-01", "released")];
  // D: registered by X on 01-05, merged into C on 04-01 (nobody's from then on).
  const d = [row("d1", "X", "01-05"), row("d2", null, "04-01", "merged", "C")];
  const histories = new Map([["C", c], ["D", d]]);

  it.each([
    ["before any history → not yet owned", "C", "01-01", { partnerId: null, ownershipId: null, reason: "NOT_YET_OWNED_AT_ORDER_TIME", decidedOnCustomerId: "C" }],
    ["while A owned it", "C", "02-01", { partnerId: "A", ownershipId: "r1", reason: null, decidedOnCustomerId: "C" }],
    ["at the very instant of the transfer → the new owner", "C", "03-01", { partnerId: "B", ownershipId: "r2", reason: null, decidedOnCustomerId: "C" }],
    ["after the transfer", "C", "04-15", { partnerId: "B", ownershipId: "r2", reason: null, decidedOnCustomerId: "C" }],
    ["in the public pool → nobody, with the record that says so", "C", "07-01", { partnerId: null, ownershipId: "r3", reason: "NO_OWNER_AT_ORDER_TIME", decidedOnCustomerId: "C" }],
    ["a merged-away duplicate before its merge → its own owner then", "D", "02-01", { partnerId: "X", ownershipId: "d1", reason: null, decidedOnCustomerId: "D" }],
    ["a merged-away duplicate after its merge → the survivor's owner then", "D", "04-15", { partnerId: "B", ownershipId: "r2", reason: null, decidedOnCustomerId: "C" }],
    ["after the merge, the survivor in the pool → nobody", "D", "07-01", { partnerId: null, ownershipId: "r3", reason: "NO_OWNER_AT_ORDER_TIME", decidedOnCustomerId: "C" }],
    ["an unknown customer → not yet owned", "E", "02-01", { partnerId: null, ownershipId: null, reason: "NOT_YET_OWNED_AT_ORDER_TIME", decidedOnCustomerId: "E" }],
  ] as const)("%s", (_name, customer, at, expected) => {
    expect(decideAttribution(histories, customer, t(at))).toEqual(expected);
  });

  it("agrees with ownerAtTime and takes the later row on a tie of instants", () => {
    const tie = [row("x1", "A", "01-10"), row("x2", "B", "01-10", "transferred")];
    for (const history of [c, d, tie]) {
      for (const at of ["01-01", "01-10", "02-01", "03-01", "05-01", "07-01"]) {
        expect(recordInForce(history, t(at))?.partnerId ?? null).toBe(ownerAtTime([...history], t(at)));
      }
    }
    expect(decideAttribution(new Map([["T", tie]]), "T", t("01-10"))).toMatchObject({ partnerId: "B", ownershipId: "x2" });
  });

  it("stops on a merge cycle instead of looping", () => {
    const loop = new Map([
      ["P", [row("p1", null, "01-01", "merged", "Q")]],
      ["Q", [row("q1", null, "01-01", "merged", "P")]],
    ]);
    expect(decideAttribution(loop, "P", t("02-01"))).toMatchObject({ partnerId: null, reason: "NO_OWNER_AT_ORDER_TIME" });
  });
});

describe("order and refund bodies", () => {
  const item = { sku: "SKU-1", category: "hardware", quantity: "2", unitPrice: "10.50" };
  const body = { externalId: "ERP-1", customerId: "0193a3b0-0000-7000-8000-000000000001", orderedAt: "2026-11-20T10:00:00+08:00", currency: "cny", items: [item] };
  const issues = (value: unknown) => {
    const parsed = ZOrderBody.safeParse(value);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("accepts a valid order and upper-cases the currency", () => {
    const parsed = ZOrderBody.parse(body);
    expect(parsed.currency).toBe("CNY");
    expect(parsed.orderedAt).toEqual(new Date("2026-11-20T02:00:00Z"));
  });

  it.each([
    ["no items", { ...body, items: [] }, "items: orders.errors.itemsRequired"],
    ["an empty sku", { ...body, items: [{ ...item, sku: " " }] }, "items.0.sku: errors.field.required"],
    ["an empty category", { ...body, items: [{ ...item, category: "" }] }, "items.0.category: errors.field.required"],
    ["a zero quantity", { ...body, items: [{ ...item, quantity: "0.0000" }] }, "items.0.quantity: orders.errors.quantityPositive"],
    ["five decimals in a quantity", { ...body, items: [{ ...item, quantity: "1.00001" }] }, "items.0.quantity: orders.errors.quantity"],
    ["a negative price", { ...body, items: [{ ...item, unitPrice: "-1.00" }] }, "items.0.unitPrice: orders.errors.money"],
    ["three decimals in a price", { ...body, items: [{ ...item, unitPrice: "1.005" }] }, "items.0.unitPrice: orders.errors.money"],
    ["a float price", { ...body, items: [{ ...item, unitPrice: 10.5 }] }, "items.0.unitPrice: orders.errors.money"],
    ["a float quantity", { ...body, items: [{ ...item, quantity: 2 }] }, "items.0.quantity: orders.errors.quantity"],
    ["an unknown currency", { ...body, currency: "XYZ" }, "currency: orders.errors.currency"],
    ["a four-letter currency", { ...body, currency: "CNYY" }, "currency: orders.errors.currency"],
    ["a time without offset", { ...body, orderedAt: "2026-11-20T10:00:00" }, "orderedAt: errors.field.invalid"],
    ["an order two days ahead", { ...body, orderedAt: new Date(Date.now() + 2 * 86_400_000).toISOString() }, "orderedAt: orders.errors.inFuture"],
    ["a total Decimal(18, 2) cannot hold", { ...body, items: [{ ...item, quantity: "99999999999999", unitPrice: "9999999999999999.99" }] }, "items: orders.errors.totalTooLarge"],
    ["a customer id that is no uuid", { ...body, customerId: "42" }, "customerId: errors.field.invalid"],
  ])("refuses %s", (_name, value, expected) => {
    expect(issues(value)).toContain(expected);
  });

  it("accepts a free item and an order a few hours ahead (clock skew)", () => {
    expect(issues({ ...body, items: [{ ...item, unitPrice: "0" }], orderedAt: new Date(Date.now() + 3_600_000).toISOString() })).toEqual([]);
  });

  it.each([
    ["a zero amount", { externalId: "R1", amount: "0.00", refundedAt: "2026-11-21T00:00:00Z" }, "amount: orders.errors.amountPositive"],
    ["a negative amount", { externalId: "R1", amount: "-5", refundedAt: "2026-11-21T00:00:00Z" }, "amount: orders.errors.money"],
    ["no externalId", { amount: "5", refundedAt: "2026-11-21T00:00:00Z" }, "externalId: errors.field.required"],
    ["a refund two days ahead", { externalId: "R1", amount: "5", refundedAt: new Date(Date.now() + 2 * 86_400_000).toISOString() }, "refundedAt: orders.errors.inFuture"],
  ])("refuses a refund with %s", (_name, value, expected) => {
    const parsed = ZRefundBody.safeParse(value);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toContain(expected);
  });
});
