import { expect, invoke, test } from "@qudao/plugins/sdk";
import { OBJ, QUOTE_STATUS } from "../src/model.ts";
import { ADMIN, CUSTOMER, DEALER, MANAGER, OTHER_DEALER, QUOTE, REP, SPINDLE, STAFF, catalog, creditAccount, id, line, quote, type Ctx } from "./fixtures.ts";

const S = QUOTE_STATUS;
/** A quote's values as a before-save hook gets them (no id: the host passes only values — see "id is known" below). */
const values = (over: Record<string, unknown>) => {
  const { id: _id, object: _object, partnerId: _partnerId, ...rest } = quote(over);
  return rest;
};
const move = (from: string, to: string, over: Record<string, unknown> = {}) => ({ operation: "update" as const, previous: values({ [S]: from, ...over }), record: values({ [S]: to, ...over }) });

/** The dealer's orders: two unpaid within the 60-day terms (300 000.00), one paid, one older, one of another dealer. */
const order = (n: number, over: Record<string, unknown>) => ({ id: id(600 + n), object: "order", externalId: `ERP-${n}`, customerId: CUSTOMER, attributedPartnerId: DEALER, orderedAt: "2025-12-20T02:00:00.000Z", currency: "CNY", total: "0.00", customFields: {}, ...over });
const orders = (firstUnpaid = "180000.00") => [
  order(1, { total: firstUnpaid }),
  order(2, { total: "120000.00", orderedAt: "2025-11-07T02:00:00.000Z" }),
  order(3, { total: "500000.00", customFields: { qudao_manufacturing__paidOn: "2025-12-30" } }),
  order(4, { total: "400000.00", orderedAt: "2025-11-05T00:59:59.000Z" }),
  order(5, { total: "900000.00", attributedPartnerId: OTHER_DEALER }),
];
const credit = (over: Record<string, unknown> = {}, firstUnpaid?: string) => [creditAccount(over), ...orders(firstUnpaid)];
const check = (ctx: Ctx, records: Record<string, unknown>[] = credit()) => invoke("checkQuote", { actor: REP, recordPartnerId: DEALER, ...ctx }, { records: records as never });

test("a new quote gets a number from the time of day in China and empty totals", () => {
  expect(invoke("computeQuote", { actor: REP, recordPartnerId: DEALER, record: { subject: "x", customer: CUSTOMER, validUntil: "2026-02-28", [S]: "draft" } })).toEqual({
    quoteNumber: "BJ-20260105090000-000",
    lineCount: 0,
    listTotal: "0.00",
    total: "0.00",
    maxDiscountPercent: "0.00",
    needsApproval: false,
  });
});

test("when the quote's id is known, its totals are recomputed from its lines on every save", () => {
  const lines = [line(1, { amount: "246560.00", listAmount: "268000.00", lineDiscountPercent: null }), line(2, { amount: "1223083.55", listAmount: "1422252.50", lineDiscountPercent: "7.5" }), line(3, { quote: id(101), amount: "1.00" })];
  const out = invoke<Record<string, unknown>>("computeQuote", { operation: "update", previous: quote(), record: { ...quote(), id: QUOTE } }, { records: lines });
  expect(out).toMatchObject({ lineCount: 2, listTotal: "1690252.50", total: "1469643.55", maxDiscountPercent: "7.50", needsApproval: true });
});

test("approval is needed strictly above either threshold (settings decide)", () => {
  const needs = (total: string, maxDiscountPercent: string, settings: Record<string, unknown> = {}) =>
    invoke<Record<string, unknown>>("computeQuote", { operation: "update", previous: values({}), record: values({ total, maxDiscountPercent }), settings: { approvalDiscountPercent: "10", approvalAmount: "500000", ...settings } }).needsApproval;
  expect(needs("500000.00", "10.00")).toBe(false);
  expect(needs("500000.01", "0.00")).toBe(true);
  expect(needs("1.00", "10.01")).toBe(true);
  expect(needs("800000.00", "12.00", { approvalDiscountPercent: "15", approvalAmount: "1000000" })).toBe(false);
});

test("stage moves stamp who submitted and approved, what was approved, and when it was ordered", () => {
  const at = "2026-01-05T01:00:00.000Z";
  expect(invoke("computeQuote", { actor: REP, ...move("draft", "pendingApproval") })).toMatchObject({ submittedBy: REP.userId });
  expect(invoke("computeQuote", { actor: MANAGER, ...move("pendingApproval", "approved") })).toMatchObject({ approvedBy: MANAGER.userId, approvedAt: at, approvedTotal: "739680.00" });
  expect(invoke("computeQuote", { actor: REP, ...move("approved", "draft") })).toMatchObject({ approvedBy: null, approvedAt: null, approvedTotal: null });
  expect(invoke("computeQuote", { actor: REP, ...move("approved", "ordered") })).toMatchObject({ orderedAt: at });
});

test("a rep submits a quote above the threshold for approval", () => {
  expect(check({ ...move("draft", "pendingApproval") })).toEqual([]);
});

test("a rep cannot approve a quote above the threshold; a manager, an admin and platform staff can", () => {
  expect(check({ ...move("pendingApproval", "approved", { maxDiscountPercent: "12.00" }) })).toEqual([
    { messageKey: "quote.approvalRequiresManager", params: { total: "739680.00", maxDiscount: "12.00", discountThreshold: "10", amountThreshold: "500000.00" } },
  ]);
  expect(check({ actor: MANAGER, ...move("pendingApproval", "approved") })).toEqual([]);
  expect(check({ actor: ADMIN, ...move("pendingApproval", "approved") })).toEqual([]);
  expect(check({ actor: STAFF, ...move("pendingApproval", "approved") })).toEqual([]);
});

test("a rep may approve a quote within the thresholds — a discount exactly at the threshold included", () => {
  expect(check({ ...move("draft", "approved", { total: "246560.00", maxDiscountPercent: "10.00" }) })).toEqual([]);
  expect(check({ ...move("draft", "approved", { total: "246560.00", maxDiscountPercent: "10.01" }) })).toMatchObject([{ messageKey: "quote.approvalRequiresManager" }]);
});

test("an approved quote within the credit limit becomes an order", () => {
  expect(check({ ...move("approved", "ordered", { approvedBy: MANAGER.userId, approvedTotal: "739680.00" }) }, credit({}, "100000.00"))).toEqual([]);
});

test("a quote above the threshold is not ordered without an approval of its current total", () => {
  expect(check({ ...move("approved", "ordered", { approvedBy: REP.userId, approvedTotal: "246560.00" }) })).toEqual([{ messageKey: "quote.notApproved", params: { total: "739680.00" } }]);
  expect(check({ ...move("approved", "ordered", { approvedBy: null, approvedTotal: null }) })).toEqual([{ messageKey: "quote.notApproved", params: { total: "739680.00" } }]);
});

test("the credit check counts unpaid orders within the payment terms plus this quote against the limit", () => {
  // 180 000.00 + 120 000.00 open + 739 680.00 = 1 039 680.00 > 1 000 000.00
  const approved = { approvedBy: MANAGER.userId, approvedTotal: "739680.00" };
  expect(check({ ...move("approved", "ordered", approved) }, credit({}, "180000.00"))).toEqual([
    { field: "total", messageKey: "credit.limitExceeded", params: { limit: "1000000.00", exposure: "300000.00", amount: "739680.00", available: "700000.00", days: 60 } },
  ]);
  // Exactly at the limit is allowed: 140 320.00 + 120 000.00 + 739 680.00 = 1 000 000.00.
  expect(check({ ...move("approved", "ordered", approved) }, credit({}, "140320.00"))).toEqual([]);
  // One cent above is not.
  expect(check({ ...move("approved", "ordered", approved) }, credit({}, "140320.01"))).toMatchObject([{ messageKey: "credit.limitExceeded", params: { available: "739679.99" } }]);
  // Shorter terms leave the 7 November order out.
  expect(check({ ...move("approved", "ordered", approved) }, credit({ paymentTermsDays: 30 }, "180000.00"))).toEqual([]);
});

test("no credit account, or one on hold, means no order; the check can be switched off", () => {
  const approved = { approvedBy: MANAGER.userId, approvedTotal: "739680.00" };
  expect(check({ ...move("approved", "ordered", approved) }, orders())).toEqual([{ field: "total", messageKey: "credit.noAccount" }]);
  expect(check({ ...move("approved", "ordered", approved) }, credit({ onHold: true }))).toEqual([{ field: "total", messageKey: "credit.onHold", params: { account: "华东精工 信用账户" } }]);
  expect(check({ settings: { creditCheck: false }, ...move("approved", "ordered", approved) }, orders())).toEqual([]);
});

test("the pipeline's order is kept: no order before approval, ordered is final, rejected and expired go back to draft first", () => {
  expect(check({ ...move("draft", "ordered") })).toEqual([{ messageKey: "quote.orderNeedsApproval" }]);
  expect(check({ ...move("pendingApproval", "ordered") })).toEqual([{ messageKey: "quote.orderNeedsApproval" }]);
  expect(check({ ...move("ordered", "draft") })).toEqual([{ messageKey: "quote.orderedIsFinal" }]);
  expect(check({ actor: MANAGER, ...move("draft", "rejected") })).toEqual([{ messageKey: "quote.rejectOnlyPending" }]);
  expect(check({ ...move("rejected", "pendingApproval") })).toEqual([{ messageKey: "quote.reopenToDraft" }]);
  expect(check({ ...move("rejected", "draft") })).toEqual([]);
});

test("only a manager or admin rejects", () => {
  expect(check({ ...move("pendingApproval", "rejected") })).toEqual([{ messageKey: "quote.rejectRequiresManager" }]);
  expect(check({ actor: MANAGER, ...move("pendingApproval", "rejected") })).toEqual([]);
});

test("an empty or expired quote cannot be submitted", () => {
  expect(check({ ...move("draft", "pendingApproval", { lineCount: 0 }) })).toEqual([{ messageKey: "quote.noLines" }]);
  expect(check({ ...move("draft", "pendingApproval", { validUntil: "2026-01-04" }) })).toEqual([{ field: "validUntil", messageKey: "quote.expired", params: { date: "2026-01-04" } }]);
  expect(check({ ...move("draft", "pendingApproval", { validUntil: "2026-01-05" }) })).toEqual([]);
});

test("a submitted quote's content is locked; its computed totals may still change", () => {
  expect(check({ operation: "update", previous: values({ [S]: "pendingApproval" }), record: values({ [S]: "pendingApproval", validUntil: "2026-03-31" }) })).toEqual([{ messageKey: "quote.lockedAfterSubmit" }]);
  expect(check({ operation: "update", previous: values({ [S]: "pendingApproval" }), record: values({ [S]: "pendingApproval", total: "1.00" }) })).toEqual([]);
  expect(check({ operation: "update", previous: values({}), record: values({ validUntil: "2026-03-31" }) })).toEqual([]);
});

test("a new quote cannot be valid only until yesterday", () => {
  expect(check({ operation: "create", previous: null, record: values({ validUntil: "2026-01-04" }) })).toEqual([{ field: "validUntil", messageKey: "quote.validUntilPast", params: { date: "2026-01-04" } }]);
});

test("adding or changing a line refreshes the quote's totals (nothing when they are already right)", () => {
  const lines = [line(1, { amount: "246560.00", listAmount: "268000.00", lineDiscountPercent: "12" }), line(2, { amount: "61446.00", listAmount: "62700.00", lineDiscountPercent: null })];
  const intents = invoke("refreshQuoteTotals", { event: { payload: { recordId: lines[0]!.id } } }, { records: [quote(), ...lines] });
  expect(intents).toEqual([{ type: "patch", object: OBJ.quote, id: QUOTE, set: { lineCount: 2, listTotal: "330700.00", total: "308006.00", maxDiscountPercent: "12.00", needsApproval: true } }]);
  const fresh = quote({ lineCount: 2, listTotal: "330700.00", total: "308006.00", maxDiscountPercent: "12.00", needsApproval: true });
  expect(invoke("refreshQuoteTotals", { event: { payload: { recordId: lines[0]!.id } } }, { records: [fresh, ...lines] })).toEqual([]);
});

const stageEvent = (toStage: string, actorUserId: string | null = REP.userId) => ({ event: { name: `${OBJ.quote}.stageChanged`, payload: { recordId: QUOTE, toStage, actorUserId } } });

test("a submitted quote notifies the managers; a decision notifies the rep who submitted it", () => {
  const link = { object: OBJ.quote, id: QUOTE };
  const params = { quote: "苏州精密 CK6150 三台", number: "BJ-20260105090000-000", total: "739680.00" };
  expect(invoke("onQuoteStageChanged", stageEvent("pendingApproval"), { records: [quote()] })).toEqual([
    { type: "notify", roles: ["manager", "admin"], titleKey: "notify.quoteSubmitted.title", bodyKey: "notify.quoteSubmitted.body", params, link },
  ]);
  expect(invoke("onQuoteStageChanged", stageEvent("approved", MANAGER.userId), { records: [quote({ submittedBy: REP.userId })] })).toEqual([
    { type: "notify", userIds: [REP.userId], titleKey: "notify.quoteApproved.title", bodyKey: "notify.quoteApproved.body", params, link },
  ]);
  expect(invoke("onQuoteStageChanged", stageEvent("rejected", MANAGER.userId), { records: [quote({ submittedBy: REP.userId })] })).toMatchObject([{ userIds: [REP.userId], titleKey: "notify.quoteRejected.title" }]);
  expect(invoke("onQuoteStageChanged", stageEvent("approved", REP.userId), { records: [quote({ submittedBy: REP.userId })] })).toEqual([]);
});

test("an ordered quote becomes a platform order: one item per line at its net price, category = product line code", () => {
  const lines = [line(1, { quantity: 3, netUnitPrice: "246560.00", item: "CK6150 数控车床" }), line(2, { product: SPINDLE, quantity: 2, netUnitPrice: "18130.00", item: "SP-6150-01 主轴总成" })];
  const intents = invoke("onQuoteStageChanged", stageEvent("ordered"), { records: [quote(), ...lines, ...catalog] });
  expect(intents).toEqual([
    {
      type: "createOrder",
      externalId: `QDM-Q-${QUOTE}`,
      customerId: CUSTOMER,
      items: [
        { sku: "CK6150", name: "CK6150 数控车床", category: "cnc-lathe", quantity: "3", unitPrice: "246560.00" },
        { sku: "SP-6150-01", name: "SP-6150-01 主轴总成", category: "spare-parts", quantity: "2", unitPrice: "18130.00" },
      ],
      customFields: { qudao_manufacturing__quoteNumber: "BJ-20260105090000-000" },
      sourceRef: { object: OBJ.quote, id: QUOTE },
    },
  ]);
});

test("the order's number shows on the quote once the platform has it", () => {
  const ingested = { id: id(650), object: "order", externalId: `QDM-Q-${QUOTE}`, customerId: CUSTOMER, attributedPartnerId: DEALER, total: "739680.00", customFields: {} };
  const event = { event: { name: "order.ingested", payload: { orderId: ingested.id, externalId: ingested.externalId } } };
  expect(invoke("linkOrderToQuote", event, { records: [quote({ [S]: "ordered" }), ingested] })).toEqual([{ type: "patch", object: OBJ.quote, id: QUOTE, set: { orderNumber: `QDM-Q-${QUOTE}` } }]);
  expect(invoke("linkOrderToQuote", event, { records: [quote({ [S]: "ordered", orderNumber: `QDM-Q-${QUOTE}` }), ingested] })).toEqual([]);
  const other = { event: { name: "order.ingested", payload: { orderId: id(651), externalId: "ERP-1" } } };
  expect(invoke("linkOrderToQuote", other, { records: [quote(), { ...ingested, id: id(651), externalId: "ERP-1" }] })).toEqual([]);
});

test("an order this plugin places is checked against the credit limit; other orders are not its business", () => {
  const record = { externalId: `QDM-Q-${QUOTE}`, customerId: CUSTOMER, total: "739680.00", attributedPartnerId: DEALER, items: [], customFields: { qudao_manufacturing__quoteNumber: "BJ-1" } };
  expect(invoke("checkOrderCredit", { recordPartnerId: DEALER, record }, { records: credit() as never })).toMatchObject([{ messageKey: "credit.limitExceeded", params: { exposure: "300000.00", amount: "739680.00" } }]);
  expect(invoke("checkOrderCredit", { recordPartnerId: DEALER, record: { ...record, total: "700000.00" } }, { records: credit() as never })).toEqual([]);
  expect(invoke("checkOrderCredit", { recordPartnerId: DEALER, record: { ...record, externalId: "ERP-77", customFields: {} } }, { records: credit() as never })).toEqual([]);
});

test("the dealer's open orders are read page by page: 450 unpaid orders of 1 000.00 count in full", () => {
  const many = Array.from({ length: 450 }, (_, i) => ({ ...order(0, { total: "1000.00" }), id: `00000000-0000-4000-8001-${String(i).padStart(12, "0")}` }));
  const approved = { approvedBy: MANAGER.userId, approvedTotal: "739680.00" };
  expect(check({ ...move("approved", "ordered", approved) }, [creditAccount(), ...many])).toEqual([
    { field: "total", messageKey: "credit.limitExceeded", params: { limit: "1000000.00", exposure: "450000.00", amount: "739680.00", available: "550000.00", days: 60 } },
  ]);
});
