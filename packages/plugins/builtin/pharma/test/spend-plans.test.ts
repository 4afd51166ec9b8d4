import { expect, invoke, test, type RecordData } from "@qudao/plugins/sdk";
import { IDS, MASTER, o, visit } from "./fixtures.ts";

let n = 7000;
const spend = (hcp: string, amount: string, spentOn: string): RecordData => ({
  id: `00000000-0000-4000-8000-${String((n += 1)).padStart(12, "0")}`,
  object: o("spend"),
  partnerId: IDS.partner,
  hcp,
  amount,
  spentOn,
  year: spentOn.slice(0, 4),
  category: "meal",
  description: "科室会工作餐",
});

test("spend cap per doctor per year (default 5000.00), exact to the cent", () => {
  const stored = [spend(IDS.hcpWang, "2999.99", "2026-01-02"), spend(IDS.hcpWang, "1500.00", "2026-02-02"), spend(IDS.hcpWang, "4000.00", "2025-12-20"), spend(IDS.hcpLi, "4900.00", "2026-01-03")];
  const record = (amount: string) => ({ hcp: IDS.hcpWang, amount, spentOn: "2026-03-01", category: "meal", description: "科室会工作餐" });
  expect(invoke("checkSpend", { record: record("500.01") }, { records: stored })).toEqual([]);
  expect(invoke("checkSpend", { record: record("500.02") }, { records: stored })).toEqual([
    { field: "amount", messageKey: "spend.capExceeded", params: { cap: "5000.00", year: "2026", already: "4499.99", available: "500.01" } },
  ]);
  expect(invoke("checkSpend", { record: record("600"), settings: { spendCapPerHcpPerYear: "10000" } }, { records: stored })).toEqual([]);
});

test("an edited spend counts its stored amount once", () => {
  const stored = spend(IDS.hcpWang, "4000.00", "2026-01-02");
  expect(invoke("checkSpend", { operation: "update", record: { ...stored, amount: "5000.00" }, previous: stored }, { records: [stored] })).toEqual([]);
  expect(invoke("checkSpend", { operation: "update", record: { ...stored, amount: "5000.01" }, previous: stored }, { records: [stored] })).toMatchObject([{ field: "amount", messageKey: "spend.capExceeded" }]);
});

test("a spend's purpose may not hide a payment or a prescription volume", () => {
  expect(invoke("checkSpend", { record: { hcp: IDS.hcpWang, amount: "100", spentOn: "2026-01-02", description: "代收货款" } }, { records: [] })).toEqual([
    { field: "description", messageKey: "compliance.paymentCollection", params: { term: "代收" } },
  ]);
  expect(invoke("computeSpend", { record: { spentOn: "2026-07-01" } })).toEqual({ year: "2026" });
});

const submitted = (id: number, values: Record<string, unknown>) => visit(`00000000-0000-4000-8000-${String(8000 + id).padStart(12, "0")}`, { submitted: true, ...values });
const calls = [
  submitted(1, { visitDate: "2026-01-03", month: "2026-01" }),
  submitted(2, { visitDate: "2026-01-04", month: "2026-01" }),
  submitted(3, { visitDate: "2026-02-04", month: "2026-02" }),
  submitted(4, { visitDate: "2026-01-04", month: "2026-01", channel: "phone" }),
  // A correction replaces a call, it is not another one; a draft is not a call yet.
  submitted(5, { visitDate: "2026-01-04", month: "2026-01", corrects: "00000000-0000-4000-8000-000000008002", correctionReason: "日期" }),
  visit("00000000-0000-4000-8000-000000008006", { visitDate: "2026-01-05", month: "2026-01", submitted: false }),
  submitted(7, { visitDate: "2026-01-05", month: "2026-01", hcp: IDS.hcpLi }),
];

test("cycle plan: actual calls per doctor, period and channel; attainment in percent", () => {
  const month = invoke("computeCyclePlan", { record: { hcp: IDS.hcpWang, period: "2026-01", channel: "faceToFace", plannedVisits: 3 }, actor: { userId: IDS.rep1 } }, { records: calls });
  expect(month).toEqual({ plannedBy: IDS.rep1, actualVisits: 2, attainment: "66.7" });
  const quarter = invoke("computeCyclePlan", { record: { hcp: IDS.hcpWang, period: "2026-Q1", channel: "faceToFace", plannedVisits: 2 } }, { records: calls });
  expect(quarter).toEqual({ plannedBy: null, actualVisits: 3, attainment: "150" });
});

test("cycle plan: the period is a month or a quarter, one plan per doctor, period and channel", () => {
  expect(invoke("checkCyclePlan", { record: { hcp: IDS.hcpWang, period: "2026-13", channel: "phone", plannedVisits: 2 } })).toEqual([{ field: "period", messageKey: "cyclePlan.periodFormat" }]);
  const existing: RecordData = { id: "00000000-0000-4000-8000-000000009001", object: o("cyclePlan"), hcp: IDS.hcpWang, period: "2026-Q1", channel: "phone", plannedVisits: 2 };
  expect(invoke("checkCyclePlan", { record: { hcp: IDS.hcpWang, period: "2026-Q1", channel: "phone", plannedVisits: 4 } }, { records: [existing] })).toEqual([{ field: "period", messageKey: "cyclePlan.duplicate", params: { period: "2026-Q1" } }]);
  expect(invoke("checkCyclePlan", { record: { hcp: IDS.hcpWang, period: "2026-Q1", channel: "online", plannedVisits: 4 } }, { records: [existing] })).toEqual([]);
  // Editing the plan itself is not a duplicate of itself.
  expect(invoke("checkCyclePlan", { operation: "update", record: { ...existing, plannedVisits: 5 }, previous: existing }, { records: [existing] })).toEqual([]);
});

test("a submitted call updates its doctor's plans of the month and of the quarter", () => {
  const plans: RecordData[] = [
    { id: "00000000-0000-4000-8000-000000009101", object: o("cyclePlan"), hcp: IDS.hcpWang, period: "2026-01", channel: "faceToFace", plannedVisits: 4, actualVisits: 1, attainment: "25" },
    { id: "00000000-0000-4000-8000-000000009102", object: o("cyclePlan"), hcp: IDS.hcpWang, period: "2026-Q1", channel: "phone", plannedVisits: 2, actualVisits: 1, attainment: "50" },
  ];
  const intents = invoke("refreshCyclePlans", { event: { payload: { recordId: calls[0]!.id } } }, { records: [...calls, ...plans] });
  // January face-to-face: 2 calls of 4; the quarter's phone plan already counts its one call: unchanged, no patch.
  expect(intents).toEqual([{ type: "patch", object: o("cyclePlan"), id: plans[0]!.id, set: { actualVisits: 2, attainment: "50" } }]);
  expect(invoke("refreshCyclePlans", { event: { payload: { recordId: "00000000-0000-4000-8000-000000008006" } } }, { records: [...calls, ...plans] })).toEqual([]);
  expect(MASTER.length > 0).toBe(true);
});
