import { expect, invoke, test, type RecordData } from "@qudao/plugins/sdk";
import { flowRow, hospital, IDS, issue, MASTER, o, visit } from "./fixtures.ts";

type Output = { rows: Array<Record<string, unknown>>; totals?: Record<string, unknown>; notes?: Array<{ messageKey: string; params?: Record<string, unknown> }> };
const report = (hook: string, context: Record<string, unknown>, records: RecordData[]) => invoke<Output>(hook, context, { records });

test("sample reconciliation: per lot, issued against quantity, in the range, by me; over-issued and expired stock flagged", () => {
  const issues = [
    issue({ quantity: 30, issuedOn: "2025-11-03", issuedBy: IDS.rep2, hcp: IDS.hcpLi }),
    issue({ quantity: 4, issuedOn: "2026-01-03" }),
    issue({ quantity: 52, issuedOn: "2025-06-01", lot: IDS.lotExpired, issuedBy: IDS.rep2 }),
  ];
  const out = report("sampleReconciliationReport", { params: { from: "2026-01-01", to: "2026-01-31" }, actor: { userId: IDS.rep1, role: "rep", partnerId: IDS.partner }, surface: "portal" }, [...MASTER, ...issues]);
  expect(out.rows).toEqual([
    { lot: IDS.lotExpired, product: IDS.productA, expiresOn: "2025-12-31", lotQuantity: 50, issued: 52, issuedInRange: 0, issuedByMe: 0, remaining: -2, doctors: 1, overIssued: true, expiredWithStock: false },
    { lot: IDS.lot1, product: IDS.productA, expiresOn: "2027-06-30", lotQuantity: 100, issued: 34, issuedInRange: 4, issuedByMe: 4, remaining: 66, doctors: 2, overIssued: false, expiredWithStock: false },
  ]);
  expect(out.totals).toEqual({ lotQuantity: 150, issued: 86, issuedInRange: 4, issuedByMe: 4, remaining: 64 });
  expect(out.notes).toEqual([{ messageKey: "report.samples.overIssued", params: { lots: 1 } }]);
});

test("sell-through: matched rows per month, hospital and product over the last three months by default", () => {
  const rows = [
    flowRow({ saleDate: "2026-01-02", quantity: "10", amount: "356.00" }),
    flowRow({ saleDate: "2026-01-03", quantity: "5.5", amount: "195.80" }),
    flowRow({ saleDate: "2025-12-03", quantity: "1", amount: "35.60", matchedHospital: IDS.hospitalB }),
    flowRow({ saleDate: "2025-09-03", quantity: "1", amount: "35.60" }),
    flowRow({ saleDate: "2026-01-03", quantity: "1", amount: "35.60", matchStatus: "unmatched", matchedHospital: null }),
  ];
  const out = report("sellThroughReport", { params: {} }, rows);
  expect(out.rows).toEqual([
    { month: "2026-01", hospital: IDS.hospitalA, product: IDS.productA, quantity: "15.5", amount: "551.80", rows: 2 },
    { month: "2025-12", hospital: IDS.hospitalB, product: IDS.productA, quantity: "1", amount: "35.60", rows: 1 },
  ]);
  expect(out.totals).toEqual({ quantity: "16.5", amount: "587.40", rows: 3 });
  expect(out.notes).toEqual([{ messageKey: "report.sellThrough.range", params: { from: "2025-11", to: "2026-01" } }]);
  expect(report("sellThroughReport", { params: { fromMonth: "2025-09", toMonth: "2025-09" } }, rows).rows).toHaveLength(1);
});

test("channel inventory: sell-in from order items by product code minus matched sell-out", () => {
  const orders: RecordData[] = [
    { id: "00000000-0000-4000-8000-000000003001", object: "order", orderedAt: "2025-12-20T02:00:00.000Z", items: [{ sku: "KX-20", quantity: "100", unitPrice: "30.00" }, { sku: "RP-5", quantity: "10", unitPrice: "20.00" }] },
    { id: "00000000-0000-4000-8000-000000003002", object: "order", orderedAt: "2026-02-20T02:00:00.000Z", items: [{ sku: "KX-20", quantity: "500", unitPrice: "30.00" }] },
  ];
  const rows = [flowRow({ saleDate: "2026-01-02", quantity: "30", amount: "1068.00" }), flowRow({ saleDate: "2026-01-05", quantity: "12", amount: "300.00", matchedProduct: IDS.productB })];
  const out = report("channelInventoryReport", { params: { toMonth: "2026-01" } }, [...MASTER, ...orders, ...rows]);
  expect(out.rows).toEqual([
    { product: IDS.productA, code: "KX-20", sellIn: "100", sellOut: "30", inventory: "70", sellOutAmount: "1068.00" },
    { product: IDS.productB, code: "RP-5", sellIn: "10", sellOut: "12", inventory: "-2", sellOutAmount: "300.00" },
  ]);
  expect(out.totals).toEqual({ sellIn: "110", sellOut: "42", inventory: "68", sellOutAmount: "1368.00" });
  expect(out.notes).toEqual([{ messageKey: "report.inventory.asOf", params: { month: "2026-01" } }, { messageKey: "report.inventory.negative", params: { products: 1 } }]);
  // Orders read without their items cannot give a sell-in: the report says so instead of showing 0 as a fact.
  const bare = report("channelInventoryReport", { params: { toMonth: "2026-01" } }, [...MASTER, { id: orders[0]!.id, object: "order", orderedAt: "2025-12-20T02:00:00.000Z" }, ...rows]);
  expect(bare.notes).toEqual([
    { messageKey: "report.inventory.asOf", params: { month: "2026-01" } },
    { messageKey: "report.inventory.noOrderItems" },
    { messageKey: "report.inventory.negative", params: { products: 2 } },
  ]);
});

test("cycle attainment: this month's and this quarter's plans, a rep sees their own on the portal", () => {
  const plan = (id: number, values: Record<string, unknown>): RecordData => ({ id: `00000000-0000-4000-8000-${String(9200 + id).padStart(12, "0")}`, object: o("cyclePlan"), partnerId: IDS.partner, ...values });
  const plans = [
    plan(1, { hcp: IDS.hcpWang, period: "2026-01", channel: "faceToFace", plannedVisits: 4, plannedBy: IDS.rep1 }),
    plan(2, { hcp: IDS.hcpWang, period: "2026-01", channel: "phone", plannedVisits: 2, plannedBy: IDS.rep1 }),
    plan(3, { hcp: IDS.hcpLi, period: "2026-Q1", channel: "faceToFace", plannedVisits: 3, plannedBy: IDS.rep1 }),
    plan(4, { hcp: IDS.hcpLi, period: "2026-01", channel: "online", plannedVisits: 1, plannedBy: IDS.rep2 }),
  ];
  const v = (id: number, values: Record<string, unknown>) => visit(`00000000-0000-4000-8000-${String(9300 + id).padStart(12, "0")}`, { submitted: true, month: "2026-01", ...values });
  const visits = [v(1, {}), v(2, { channel: "phone" }), v(3, { hcp: IDS.hcpLi }), v(4, { hcp: IDS.hcpLi, month: "2026-02" }), v(5, { submitted: false })];
  const rep = report("cycleAttainmentReport", { surface: "portal", actor: { userId: IDS.rep1, role: "rep", partnerId: IDS.partner }, params: {} }, [...plans, ...visits]);
  expect(rep.rows).toEqual([
    { hcp: IDS.hcpWang, period: "2026-01", planned: 6, actual: 2, attainment: "0.3333" },
    { hcp: IDS.hcpLi, period: "2026-Q1", planned: 3, actual: 2, attainment: "0.6667" },
  ]);
  expect(rep.totals).toEqual({ planned: 9, actual: 4, attainment: "0.4444" });
  const manager = report("cycleAttainmentReport", { surface: "portal", actor: { userId: IDS.rep2, role: "manager", partnerId: IDS.partner }, params: { period: "2026-01" } }, [...plans, ...visits]);
  expect(manager.rows).toHaveLength(3);
  expect(report("cycleAttainmentReport", { params: { period: "2026-05" } }, plans).notes).toEqual([{ messageKey: "report.cycle.noPlans", params: { period: "2026-05" } }]);
});

test("unmatched queue: newest first, with the most alike master hospital as a suggestion", () => {
  const rows = [
    flowRow({ saleDate: "2026-01-02", hospitalName: "浙大一院", normalizedName: "浙大一院", matchStatus: "unmatched", matchedHospital: null, amount: "10" }),
    flowRow({ saleDate: "2026-01-04", hospitalName: "杭州市一医院", normalizedName: "杭州一医院", matchStatus: "unmatched", matchedHospital: null, amount: "20.5" }),
    flowRow({ saleDate: "2026-01-03", hospitalName: "某某大药房", normalizedName: "某某大药房", matchStatus: "unmatched", matchedHospital: null, amount: "1" }),
    flowRow({ saleDate: "2026-01-03" }),
  ];
  const out = report("unmatchedFlowReport", { params: {} }, [...MASTER, ...rows]);
  expect(out.rows.map((r) => [r.hospitalName, r.saleDate, r.amount, r.suggestion])).toEqual([
    ["杭州市一医院", "2026-01-04", "20.50", IDS.hospitalB],
    ["某某大药房", "2026-01-03", "1.00", null],
    ["浙大一院", "2026-01-02", "10.00", null],
  ]);
  expect(out.totals).toEqual({ amount: "31.50" });
  expect(out.notes).toEqual([{ messageKey: "report.unmatched.howTo", params: { rows: 3 } }]);
  expect(report("unmatchedFlowReport", { params: {} }, [hospital(IDS.hospitalA, { name: "x" })]).notes).toEqual([{ messageKey: "report.unmatched.none", params: { rows: 0 } }]);
});
