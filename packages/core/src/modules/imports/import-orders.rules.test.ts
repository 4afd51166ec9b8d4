/** Orders and refunds files: times, numbers, one row, rows grouped into whole orders, refunds. */
import { describe, expect, it } from "vitest";
import { translator } from "../../i18n/index.ts";
import { checkOrderRow, checkRefundRow, orderRowIssues, plainNumber, planOrders, readImportTime, type ImportRowValues, type OrderPlanUnit } from "./import-orders.rules.ts";
import { rowReason } from "./import-rows.rules.ts";

const SHANGHAI = "Asia/Shanghai";
const CUSTOMER = "01930000-0000-7000-8000-000000000001";
const OTHER_CUSTOMER = "01930000-0000-7000-8000-000000000002";

describe("readImportTime", () => {
  it.each([
    ["ISO with an offset", "2026-01-05T14:30:00+08:00", SHANGHAI, "2026-01-05T06:30:00.000Z"],
    ["ISO in UTC", "2026-01-05T06:30:00Z", SHANGHAI, "2026-01-05T06:30:00.000Z"],
    ["wall clock, minutes", "2026-01-05 14:30", SHANGHAI, "2026-01-05T06:30:00.000Z"],
    ["wall clock, seconds", "2026-01-05 14:30:15", SHANGHAI, "2026-01-05T06:30:15.000Z"],
    ["wall clock with T and no offset", "2026-01-05T14:30", SHANGHAI, "2026-01-05T06:30:00.000Z"],
    ["as Excel writes it in China", "2026/1/5 9:05", SHANGHAI, "2026-01-05T01:05:00.000Z"],
    ["surrounding blanks", "  2026-01-05 14:30  ", SHANGHAI, "2026-01-05T06:30:00.000Z"],
    ["another zone, summer time", "2026-07-01 12:00", "America/New_York", "2026-07-01T16:00:00.000Z"],
    ["another zone, winter time", "2026-01-15 12:00", "America/New_York", "2026-01-15T17:00:00.000Z"],
    ["the day before New Year in Shanghai is still the old year in UTC", "2026-01-01 07:59:59", SHANGHAI, "2025-12-31T23:59:59.000Z"],
  ])("%s: %s", (_name, text, timeZone, expected) => {
    expect(readImportTime(text, timeZone)?.toISOString()).toBe(expected);
  });

  it.each([
    ["a date without a time (the instant matters for attribution)", "2026-01-05"],
    ["a day the month does not have", "2026-02-30 10:00"],
    ["month 13", "2026-13-01 10:00"],
    ["hour 24", "2026-01-05 24:00"],
    ["minute 60", "2026-01-05 10:60"],
    ["a time alone", "14:30"],
    ["words", "昨天下午"],
    ["blank", ""],
  ])("%s is not a time: %j", (_name, text) => {
    expect(readImportTime(text, SHANGHAI)).toBeNull();
  });
});

describe("plainNumber", () => {
  it.each([
    ["12,345.60", "12345.60"],
    ["1,234", "1234"],
    ["1，234.5", "1234.5"],
    [" 99.99 ", "99.99"],
    // Not thousands groups: left as written, for the schema to refuse.
    ["12,34", "12,34"],
    ["1.234,50", "1.234,50"],
  ])("%j → %j", (text, expected) => {
    expect(plainNumber(text)).toBe(expected);
  });
});

const row = (over: Record<string, string> = {}): Record<string, string> => ({
  externalId: "SO-1",
  customerId: CUSTOMER,
  orderedAt: "2026-01-05 14:30",
  currency: "CNY",
  sku: "PUMP-200",
  category: "hardware",
  quantity: "3",
  unitPrice: "1234.50",
  ...over,
});

const keys = (issues: ReadonlyArray<{ field: string; messageKey: string }>) => issues.map((i) => `${i.field}: ${i.messageKey}`);

describe("checkOrderRow", () => {
  it("reads a good row into the order's facts and one item", () => {
    expect(checkOrderRow(row({ unitPrice: "1,234.50", currency: "usd" }), SHANGHAI)).toEqual({
      ok: true,
      input: { externalId: "SO-1", customerId: CUSTOMER, orderedAt: new Date("2026-01-05T06:30:00Z"), currency: "USD", item: { sku: "PUMP-200", category: "hardware", quantity: "3", unitPrice: "1234.50" } },
    });
  });

  it("a blank currency is CNY", () => {
    const check = checkOrderRow(row({ currency: "" }), SHANGHAI);
    expect(check.ok && check.input.currency).toBe("CNY");
  });

  it.each([
    ["every required cell blank", { externalId: "", customerId: "", orderedAt: "", sku: "", category: "", quantity: "", unitPrice: "" }, [
      "externalId: errors.field.required",
      "customerId: errors.field.required",
      "orderedAt: errors.field.required",
      "sku: errors.field.required",
      "category: errors.field.required",
      "quantity: errors.field.required",
      "unitPrice: errors.field.required",
    ]],
    ["a customer id that is not one", { customerId: "C-1001" }, ["customerId: errors.field.invalid"]],
    ["a time without a time of day", { orderedAt: "2026-01-05" }, ["orderedAt: imports.errors.dateTime"]],
    ["no quantity", { quantity: "0" }, ["quantity: orders.errors.quantityPositive"]],
    ["five decimals of quantity", { quantity: "1.23456" }, ["quantity: orders.errors.quantity"]],
    ["a negative price", { unitPrice: "-1" }, ["unitPrice: orders.errors.money"]],
    ["three decimals of money", { unitPrice: "9.999" }, ["unitPrice: orders.errors.money"]],
    ["a made-up currency", { currency: "RMB" }, ["currency: orders.errors.currency"]],
    ["an order number too long", { externalId: "X".repeat(201) }, ["externalId: errors.field.tooLong"]],
  ])("%s", (_name, over, expected) => {
    const check = checkOrderRow(row(over), SHANGHAI);
    expect(check.ok).toBe(false);
    expect(keys(check.ok ? [] : check.issues)).toEqual(expected);
  });

  it("says what is wrong in the user's language, with the platform time zone", () => {
    const check = checkOrderRow(row({ orderedAt: "2026-01-05", quantity: "0" }), SHANGHAI);
    expect(check.ok ? "" : rowReason("orders", check.issues, translator("zh-CN"))).toBe(
      "数量：数量必须大于 0。；下单时间：请填写带时区的 ISO 8601 时间（例如 2026-01-05T14:30:00+08:00），或“2026-01-05 14:30”这样的时间（按平台时区 Asia/Shanghai）。",
    );
  });
});

const file = (...rows: Array<Record<string, string>>): ImportRowValues[] => rows.map((values, i) => ({ rowNumber: i + 2, values: row(values) }));

/** A unit as what a test reads: an order's externalId, rows and items, or each row's issues. */
function describeUnit(unit: OrderPlanUnit) {
  return unit.kind === "order"
    ? { order: unit.input.externalId, rows: unit.rowNumbers, items: unit.input.items.map((i) => `${i.sku}×${i.quantity}@${i.unitPrice}`) }
    : { invalid: unit.rows.map((r) => ({ row: r.rowNumber, issues: keys(r.issues) })) };
}

describe("planOrders", () => {
  it.each([
    [
      "rows with the same externalId are one order, its items in row order; orders in the order they first appear",
      file({ externalId: "SO-1", sku: "A" }, { externalId: "SO-2", sku: "B" }, { externalId: "SO-1", sku: "C", quantity: "0.5", unitPrice: "99.99" }),
      [
        { order: "SO-1", rows: [2, 4], items: ["A×3@1234.50", "C×0.5@99.99"] },
        { order: "SO-2", rows: [3], items: ["B×3@1234.50"] },
      ],
    ],
    [
      "the same instant written two ways agrees",
      file({ sku: "A" }, { sku: "B", orderedAt: "2026-01-05T06:30:00Z" }),
      [{ order: "SO-1", rows: [2, 3], items: ["A×3@1234.50", "B×3@1234.50"] }],
    ],
    [
      "an externalId is trimmed before grouping",
      file({ externalId: "SO-1" }, { externalId: " SO-1 " }),
      [{ order: "SO-1", rows: [2, 3], items: ["PUMP-200×3@1234.50", "PUMP-200×3@1234.50"] }],
    ],
    [
      "rows that disagree on the customer and the currency: every row of the order says so, per field",
      file({ sku: "A" }, { sku: "B", customerId: OTHER_CUSTOMER }, { sku: "C", currency: "USD" }, { externalId: "SO-2" }),
      [
        {
          invalid: [
            { row: 2, issues: ["customerId: imports.errors.orderRowsDisagree", "currency: imports.errors.orderRowsDisagree"] },
            { row: 3, issues: ["customerId: imports.errors.orderRowsDisagree", "currency: imports.errors.orderRowsDisagree"] },
            { row: 4, issues: ["customerId: imports.errors.orderRowsDisagree", "currency: imports.errors.orderRowsDisagree"] },
          ],
        },
        { order: "SO-2", rows: [5], items: ["PUMP-200×3@1234.50"] },
      ],
    ],
    [
      "rows that disagree on the time",
      file({}, { orderedAt: "2026-01-05 14:31" }),
      [{ invalid: [{ row: 2, issues: ["orderedAt: imports.errors.orderRowsDisagree"] }, { row: 3, issues: ["orderedAt: imports.errors.orderRowsDisagree"] }] }],
    ],
    [
      "one bad item: no row of its order goes in, the others say which row is bad",
      file({ sku: "A" }, { sku: "B", quantity: "abc" }, { sku: "C" }),
      [{ invalid: [{ row: 2, issues: [": imports.errors.orderHasInvalidRows"] }, { row: 3, issues: ["quantity: orders.errors.quantity"] }, { row: 4, issues: [": imports.errors.orderHasInvalidRows"] }] }],
    ],
    [
      "a row without an externalId cannot be placed in an order: it stands alone",
      file({ externalId: "" }, { externalId: "SO-9" }, { externalId: "" }),
      [
        { invalid: [{ row: 2, issues: ["externalId: errors.field.required"] }] },
        { order: "SO-9", rows: [3], items: ["PUMP-200×3@1234.50"] },
        { invalid: [{ row: 4, issues: ["externalId: errors.field.required"] }] },
      ],
    ],
    [
      "an order dated more than a day ahead, as POST /orders refuses it: on every row",
      file({ orderedAt: "2099-01-01 00:00" }, { orderedAt: "2099-01-01 00:00", sku: "B" }),
      [{ invalid: [{ row: 2, issues: ["orderedAt: orders.errors.inFuture"] }, { row: 3, issues: ["orderedAt: orders.errors.inFuture"] }] }],
    ],
  ])("%s", (_name, rows, expected) => {
    expect(planOrders(rows, SHANGHAI).map(describeUnit)).toEqual(expected);
  });

  it("an order of more than 500 items is refused on every row, as the API refuses it", () => {
    const rows = file(...Array.from({ length: 501 }, (_, i) => ({ sku: `SKU-${i}` })));
    const [unit, ...rest] = planOrders(rows, SHANGHAI);
    expect(rest).toEqual([]);
    expect(unit!.kind).toBe("invalid");
    const issues = unit!.kind === "invalid" ? unit!.rows : [];
    expect(issues).toHaveLength(501);
    expect(issues[500]).toEqual({ rowNumber: 502, issues: [{ field: "", messageKey: "orders.errors.tooManyItems", params: { max: 500 } }] });
    expect(rowReason("orders", issues[0]!.issues, translator("en"))).toBe("An order can have at most 500 items.");
  });

  it("the reasons name the rows, in the user's language", () => {
    const units = planOrders(file({ sku: "A" }, { sku: "B", quantity: "abc" }, { sku: "C", customerId: OTHER_CUSTOMER }, { externalId: "SO-2", sku: "D" }, { externalId: "SO-2", sku: "E", orderedAt: "2026-01-06 09:00" }), SHANGHAI);
    const issues = orderRowIssues(units);
    const zh = translator("zh-CN");
    expect([...issues.keys()]).toEqual([2, 3, 4, 5, 6]);
    expect(rowReason("orders", issues.get(2)!, zh)).toBe("同一订单的第 3 行有误，整笔订单都没有导入。");
    expect(rowReason("orders", issues.get(3)!, zh)).toBe("数量：请输入数量（字符串，最多四位小数，例如 \"2\" 或 \"0.5\"）。");
    expect(rowReason("orders", issues.get(6)!, zh)).toBe("下单时间：同一订单号的各行（第 5, 6 行）填写不一致，整笔订单都没有导入。");
  });

  it("rows of orders that can go in have no issues", () => {
    expect(orderRowIssues(planOrders(file({ sku: "A" }, { sku: "B" }), SHANGHAI))).toEqual(
      new Map([
        [2, []],
        [3, []],
      ]),
    );
  });
});

describe("checkRefundRow", () => {
  const refund = (over: Record<string, string> = {}) => ({ orderExternalId: "SO-1", externalId: "RF-1", amount: "40.00", refundedAt: "2026-01-06 10:00", ...over });

  it("reads a good row as the body of POST /orders/{externalId}/refunds", () => {
    expect(checkRefundRow(refund({ amount: "1,040.5" }), SHANGHAI)).toEqual({
      ok: true,
      input: { orderExternalId: "SO-1", input: { externalId: "RF-1", amount: "1040.5", refundedAt: new Date("2026-01-06T02:00:00Z") } },
    });
  });

  it.each([
    ["every cell blank", { orderExternalId: "", externalId: "", amount: "", refundedAt: "" }, [
      "orderExternalId: errors.field.required",
      "externalId: errors.field.required",
      "amount: errors.field.required",
      "refundedAt: errors.field.required",
    ]],
    ["nothing refunded", { amount: "0.00" }, ["amount: orders.errors.amountPositive"]],
    ["a negative amount", { amount: "-5" }, ["amount: orders.errors.money"]],
    ["a time that does not read", { refundedAt: "6 Jan" }, ["refundedAt: imports.errors.dateTime"]],
    ["dated ahead", { refundedAt: "2099-01-01T00:00:00+08:00" }, ["refundedAt: orders.errors.inFuture"]],
    ["an order number too long", { orderExternalId: "X".repeat(201) }, ["orderExternalId: errors.field.tooLong"]],
  ])("%s", (_name, over, expected) => {
    const check = checkRefundRow(refund(over), SHANGHAI);
    expect(keys(check.ok ? [] : check.issues)).toEqual(expected);
  });
});
