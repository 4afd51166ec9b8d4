import { expect, invoke, test } from "@qudao/plugins/sdk";
import { OBJ, QUOTE_STATUS, TICKET_STATUS } from "../src/model.ts";
import { DEALER, LATHE, OLD_LATHE, PARTS, SPINDLE, catalog, id, line, quote, ticket } from "./fixtures.ts";

const records = [
  ...catalog,
  { id: id(800), object: OBJ.dealerStock, partnerId: DEALER, product: SPINDLE, item: "SP-6150-01 主轴总成", quantityOnHand: 6, reorderLevel: 8 },
  { id: id(801), object: OBJ.dealerStock, partnerId: DEALER, product: LATHE, item: "CK6150 数控车床", quantityOnHand: 2, reorderLevel: 1 },
  { id: id(850), object: OBJ.stockReceipt, partnerId: DEALER, product: SPINDLE, quantity: 10, receivedOn: "2025-12-01" },
  { id: id(851), object: OBJ.stockReceipt, partnerId: DEALER, product: SPINDLE, quantity: 99, receivedOn: "2025-09-01" },
  { id: id(500), object: OBJ.partUsage, partnerId: DEALER, ticket: id(401), part: SPINDLE, quantity: 4, usedAt: "2025-12-20T03:00:00.000Z" },
  quote({ [QUOTE_STATUS]: "ordered", orderedAt: "2025-12-28T02:00:00.000Z" }),
  quote({ id: id(101), [QUOTE_STATUS]: "approved" }),
  line(1, { quantity: 3, amount: "739680.00" }),
  line(2, { product: OLD_LATHE, quantity: 1, amount: "150100.00" }),
  line(3, { quote: id(101), quantity: 9, amount: "1.00" }),
];

test("stock and sell-through per product over the period: on hand, received, sold on ordered quotes, used in service", () => {
  const report = invoke("stockSellThroughReport", { params: { from: "2025-10-07", to: "2026-01-05" } }, { records });
  expect(report).toEqual({
    rows: [
      // CK6136: nothing on hand, one sold: 1 / 1.
      { product: OLD_LATHE, name: "数控车床（停产）", productLine: "数控车床", onHand: 0, reorderLevel: null, belowReorder: false, received: 0, sold: 1, used: 0, soldAmount: "150100.00", sellThrough: "1" },
      // CK6150: 3 sold, 2 on hand: 3 / 5.
      { product: LATHE, name: "数控车床", productLine: "数控车床", onHand: 2, reorderLevel: 1, belowReorder: false, received: 0, sold: 3, used: 0, soldAmount: "739680.00", sellThrough: "0.6" },
      // Spindles: 4 used, 6 on hand (below the reorder level of 8): 4 / 10.
      { product: SPINDLE, name: "主轴总成", productLine: "备件", onHand: 6, reorderLevel: 8, belowReorder: true, received: 10, sold: 0, used: 4, soldAmount: "0.00", sellThrough: "0.4" },
    ],
    totals: { onHand: 8, received: 10, sold: 4, used: 4, soldAmount: "889780.00", sellThrough: "0.5" },
    notes: [{ messageKey: "report.period", params: { from: "2025-10-07", to: "2026-01-05" } }],
  });
});

test("the report filters by product line and defaults to the last 90 days", () => {
  const report = invoke<{ rows: Array<{ product: string }>; notes: unknown }>("stockSellThroughReport", { params: { productLine: PARTS } }, { records });
  expect(report.rows.map((r) => r.product)).toEqual([SPINDLE]);
  expect(report.notes).toEqual([{ messageKey: "report.period", params: { from: "2025-10-08", to: "2026-01-05" } }]);
});

test("open tickets by SLA: overdue first, hours left to a tenth, with a summary", () => {
  const tickets = [
    ticket(1, { dueAt: "2026-01-05T04:00:00.000Z", priority: "urgent", [TICKET_STATUS]: "new", technician: null }),
    ticket(2, { dueAt: "2026-01-04T22:30:00.000Z", escalatedAt: "2026-01-04T22:45:00.000Z" }),
    ticket(3, { dueAt: "2026-01-06T01:00:00.000Z", [TICKET_STATUS]: "onSite" }),
    ticket(4, { dueAt: "2026-01-03T01:00:00.000Z", [TICKET_STATUS]: "resolved" }),
  ];
  const report = invoke("openTicketsReport", {}, { records: tickets });
  expect(report).toEqual({
    rows: [
      { ticket: id(402), equipment: id(300), dueAt: "2026-01-04T22:30:00.000Z", hoursLeft: "-2.5", overdue: true, escalated: true, priority: "high", stage: "assigned", technician: "李师傅" },
      { ticket: id(401), equipment: id(300), dueAt: "2026-01-05T04:00:00.000Z", hoursLeft: "3.0", overdue: false, escalated: false, priority: "urgent", stage: "new", technician: null },
      { ticket: id(403), equipment: id(300), dueAt: "2026-01-06T01:00:00.000Z", hoursLeft: "24.0", overdue: false, escalated: false, priority: "high", stage: "onSite", technician: "李师傅" },
    ],
    notes: [{ messageKey: "report.openTickets.summary", params: { open: 3, overdue: 1, dueSoon: 1 } }],
  });
  const overdueOnly = invoke<{ rows: unknown[] }>("openTicketsReport", { params: { overdueOnly: true } }, { records: tickets });
  expect(overdueOnly.rows).toHaveLength(1);
});
