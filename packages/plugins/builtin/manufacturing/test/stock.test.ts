import { expect, invoke, test } from "@qudao/plugins/sdk";
import { OBJ, TICKET_STATUS } from "../src/model.ts";
import { DEALER, LATHE, REP, SPINDLE, catalog, id, ticket } from "./fixtures.ts";

const stock = (over: Record<string, unknown> = {}) => ({ id: id(800), object: OBJ.dealerStock, partnerId: DEALER, product: SPINDLE, item: "SP-6150-01 主轴总成", quantityOnHand: 4, reorderLevel: 2, location: "A-01", lastMovementAt: null, ...over });
const NOW = "2026-01-05T01:00:00.000Z";

test("using parts needs a spare part, an open ticket and enough stock", () => {
  const usage = { ticket: id(401), part: SPINDLE, quantity: 4, notes: null };
  const records = [...catalog, ticket(1), stock()];
  expect(invoke("checkPartUsage", { actor: REP, recordPartnerId: DEALER, record: usage }, { records })).toEqual([]);
  expect(invoke("checkPartUsage", { record: { ...usage, quantity: 5 } }, { records })).toEqual([{ field: "quantity", messageKey: "partUsage.insufficientStock", params: { model: "SP-6150-01", onHand: 4, quantity: 5 } }]);
  expect(invoke("checkPartUsage", { record: usage }, { records: [...catalog, ticket(1)] })).toEqual([{ field: "quantity", messageKey: "partUsage.insufficientStock", params: { model: "SP-6150-01", onHand: 0, quantity: 4 } }]);
  expect(invoke("checkPartUsage", { record: { ...usage, part: LATHE, quantity: 1 } }, { records: [...records, stock({ id: id(801), product: LATHE, quantityOnHand: 3 })] })).toEqual([
    { field: "part", messageKey: "partUsage.notAPart", params: { model: "CK6150" } },
  ]);
  expect(invoke("checkPartUsage", { record: usage }, { records: [...catalog, ticket(1, { [TICKET_STATUS]: "closed" }), stock()] })).toEqual([{ field: "ticket", messageKey: "partUsage.ticketClosed" }]);
});

test("a recorded part usage cannot change what was used (a correction is a new record)", () => {
  const usage = { ticket: id(401), part: SPINDLE, quantity: 2, notes: null };
  expect(invoke("checkPartUsage", { operation: "update", previous: usage, record: { ...usage, quantity: 1 } })).toEqual([{ messageKey: "partUsage.fixed" }]);
  expect(invoke("checkPartUsage", { operation: "update", previous: usage, record: { ...usage, notes: "左侧轴承" } })).toEqual([]);
});

test("a usage is titled by the part and quantity and stamped with the time", () => {
  expect(invoke("computePartUsage", { record: { ticket: id(401), part: SPINDLE, quantity: 2 } }, { records: catalog })).toEqual({ item: "SP-6150-01 主轴总成 × 2", usedAt: NOW });
});

test("used parts leave the stock; at or below the reorder level the managers are told", () => {
  const usage = { id: id(500), object: OBJ.partUsage, partnerId: DEALER, ticket: id(401), part: SPINDLE, quantity: 1 };
  const event = { event: { name: `${OBJ.partUsage}.created`, payload: { recordId: usage.id } } };
  expect(invoke("consumeStock", event, { records: [usage, stock()] })).toEqual([{ type: "patch", object: OBJ.dealerStock, id: id(800), set: { quantityOnHand: 3, lastMovementAt: NOW } }]);
  expect(invoke("consumeStock", event, { records: [{ ...usage, quantity: 2 }, stock()] })).toEqual([
    { type: "patch", object: OBJ.dealerStock, id: id(800), set: { quantityOnHand: 2, lastMovementAt: NOW } },
    { type: "notify", roles: ["manager", "admin"], titleKey: "notify.stockLow.title", bodyKey: "notify.stockLow.body", params: { item: "SP-6150-01 主轴总成", onHand: 2, reorder: 2 }, link: { object: OBJ.dealerStock, id: id(800) } },
  ]);
  expect(invoke("consumeStock", event, { records: [usage] })).toEqual([]);
});

test("a receipt adds to the product's stock, or creates it on the first receipt", () => {
  const receipt = { id: id(850), object: OBJ.stockReceipt, partnerId: DEALER, reference: "SH-2026-0012", product: SPINDLE, quantity: 6, receivedOn: "2026-01-05" };
  const event = { event: { name: `${OBJ.stockReceipt}.created`, payload: { recordId: receipt.id } } };
  expect(invoke("receiveStock", event, { records: [receipt, stock(), ...catalog] })).toEqual([{ type: "patch", object: OBJ.dealerStock, id: id(800), set: { quantityOnHand: 10, lastMovementAt: NOW } }]);
  expect(invoke("receiveStock", event, { records: [receipt, ...catalog] })).toEqual([
    { type: "createRecord", object: OBJ.dealerStock, values: { product: SPINDLE, item: "SP-6150-01 主轴总成", quantityOnHand: 6, reorderLevel: null, location: null, lastMovementAt: NOW } },
  ]);
});

test("one stock record per product; its product never changes", () => {
  expect(invoke("checkDealerStock", { record: { product: SPINDLE, quantityOnHand: 1 } }, { records: [stock()] })).toEqual([{ field: "product", messageKey: "stock.duplicate", params: { item: "SP-6150-01 主轴总成" } }]);
  expect(invoke("checkDealerStock", { record: { product: LATHE, quantityOnHand: 1 } }, { records: [stock()] })).toEqual([]);
  expect(invoke("checkDealerStock", { operation: "update", previous: { product: SPINDLE }, record: { product: LATHE } })).toEqual([{ field: "product", messageKey: "stock.productFixed" }]);
  expect(invoke("computeDealerStock", { record: { product: SPINDLE, quantityOnHand: 3 } }, { records: catalog })).toEqual({ item: "SP-6150-01 主轴总成", lastMovementAt: NOW });
  expect(invoke("computeDealerStock", { operation: "update", previous: { product: SPINDLE, quantityOnHand: 3 }, record: { product: SPINDLE, quantityOnHand: 3, location: "B" } }, { records: catalog })).toEqual({ item: "SP-6150-01 主轴总成" });
});
