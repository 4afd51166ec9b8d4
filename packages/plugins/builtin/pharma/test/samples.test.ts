import { expect, invoke, test } from "@qudao/plugins/sdk";
import { IDS, issue, MASTER, VISITS } from "./fixtures.ts";

/** A sample issue as saved: the form's values and what the compute hook filled in. */
const newIssue = (values: Record<string, unknown> = {}) => ({
  visit: IDS.visitDraft,
  hcp: IDS.hcpWang,
  lot: IDS.lot1,
  quantity: 2,
  issuedOn: "2026-01-05",
  acknowledged: true,
  month: "2026-01",
  issuedBy: IDS.rep1,
  ...values,
});
const base = [...MASTER, ...VISITS];
const check = (record: Record<string, unknown>, stored: ReturnType<typeof issue>[] = [], extra: Record<string, unknown> = {}) =>
  invoke("checkSampleIssue", { record, actor: { userId: IDS.rep1, role: "rep", partnerId: IDS.partner }, ...extra }, { records: [...base, ...stored] });

test("accepts an issue within every limit", () => {
  expect(check(newIssue())).toEqual([]);
});

test("per doctor per quarter (default 6): counts the quarter's months, not the previous quarter", () => {
  const stored = [issue({ quantity: 3, issuedOn: "2026-01-02" }), issue({ quantity: 2, issuedOn: "2026-02-10", issuedBy: IDS.rep2 }), issue({ quantity: 5, issuedOn: "2025-12-30" })];
  expect(check(newIssue({ quantity: 1 }), stored)).toEqual([]);
  expect(check(newIssue({ quantity: 2 }), stored)).toEqual([
    { field: "quantity", messageKey: "sample.hcpLimit", params: { limit: 6, already: 5, available: 1, period: "2026-Q1" } },
  ]);
});

test("the limit period and sizes are the installer's settings", () => {
  const stored = [issue({ quantity: 3, issuedOn: "2026-01-02" }), issue({ quantity: 3, issuedOn: "2026-02-10" })];
  // Per month, February's issues do not count in January.
  expect(check(newIssue({ quantity: 3 }), stored, { settings: { samplePeriod: "month", sampleLimitPerHcp: 6, sampleLimitPerRep: 60 } })).toEqual([]);
  expect(check(newIssue({ quantity: 3 }), stored, { settings: { samplePeriod: "year", sampleLimitPerHcp: 8, sampleLimitPerRep: 60 } })).toEqual([
    { field: "quantity", messageKey: "sample.hcpLimit", params: { limit: 8, already: 6, available: 2, period: "2026" } },
  ]);
});

test("per rep per period: everything the rep issued to any doctor", () => {
  const stored = [issue({ hcp: IDS.hcpLi, quantity: 9, issuedOn: "2026-01-02" }), issue({ hcp: IDS.hcpLi, quantity: 4, issuedOn: "2026-03-02", issuedBy: IDS.rep2 })];
  const settings = { samplePeriod: "quarter", sampleLimitPerHcp: 100, sampleLimitPerRep: 10 };
  expect(check(newIssue({ quantity: 1 }), stored, { settings })).toEqual([]);
  expect(check(newIssue({ quantity: 2 }), stored, { settings })).toEqual([
    { field: "quantity", messageKey: "sample.repLimit", params: { limit: 10, already: 9, available: 1, period: "2026-Q1" } },
  ]);
});

test("an edit counts the issue's stored quantity once, not twice", () => {
  const stored = issue({ quantity: 5, issuedOn: "2026-01-02" });
  const record = { ...stored, quantity: 6 };
  expect(check(record, [stored], { operation: "update", previous: stored })).toEqual([]);
  expect(check({ ...stored, quantity: 7 }, [stored], { operation: "update", previous: stored })).toEqual([
    { field: "quantity", messageKey: "sample.hcpLimit", params: { limit: 6, already: 0, available: 6, period: "2026-Q1" } },
  ]);
});

test("consent must be recorded on the call, the call not submitted, the doctor the call's", () => {
  expect(check(newIssue({ visit: IDS.visitNoConsent }))).toEqual([{ field: "visit", messageKey: "sample.consentRequired" }]);
  expect(check(newIssue({ visit: IDS.visitSubmitted }))).toEqual([{ field: "visit", messageKey: "sample.visitSubmitted" }]);
  expect(check(newIssue({ hcp: IDS.hcpLi }))).toEqual([{ field: "hcp", messageKey: "sample.hcpNotOnVisit" }]);
  expect(check(newIssue({ visit: IDS.hcpLi }))).toEqual([{ field: "visit", messageKey: "sample.visitNotFound" }]);
});

test("lots: not expired on the issue date, not issued beyond their quantity", () => {
  expect(check(newIssue({ lot: IDS.lotExpired }))).toEqual([{ field: "lot", messageKey: "sample.lotExpired", params: { lot: "KX2401", expiresOn: "2025-12-31" } }]);
  const settings = { samplePeriod: "quarter", sampleLimitPerHcp: 1000, sampleLimitPerRep: 1000 };
  const lotIssues = [issue({ hcp: IDS.hcpLi, quantity: 60, issuedOn: "2025-06-01" }), issue({ hcp: IDS.hcpLi, quantity: 38, issuedOn: "2025-09-01", issuedBy: IDS.rep2 })];
  expect(check(newIssue({ quantity: 2 }), lotIssues, { settings })).toEqual([]);
  expect(check(newIssue({ quantity: 3 }), lotIssues, { settings })).toEqual([{ field: "quantity", messageKey: "sample.lotExhausted", params: { lot: "KX2601", remaining: 2 } }]);
  expect(check(newIssue({ lot: IDS.hcpLi }))).toEqual([{ field: "lot", messageKey: "sample.lotNotFound" }]);
});

test("a lot with more issues than one page of reads is still counted fully", () => {
  const settings = { samplePeriod: "month", sampleLimitPerHcp: 10000, sampleLimitPerRep: 10000 };
  const many = Array.from({ length: 210 }, () => issue({ hcp: IDS.hcpLi, quantity: 1, issuedOn: "2025-05-01", issuedBy: IDS.rep2 }));
  const bigLot = { ...MASTER.find((r) => r.id === IDS.lot1)!, quantity: 211 };
  const records = [...base.filter((r) => r.id !== IDS.lot1), bigLot, ...many];
  expect(invoke("checkSampleIssue", { record: newIssue({ quantity: 1 }), settings }, { records })).toEqual([]);
  expect(invoke("checkSampleIssue", { record: newIssue({ quantity: 2 }), settings }, { records })).toEqual([
    { field: "quantity", messageKey: "sample.lotExhausted", params: { lot: "KX2601", remaining: 1 } },
  ]);
});

test("compute: month, who issued (kept on later edits), and a readable summary", () => {
  const computed = invoke("computeSampleIssue", { record: { lot: IDS.lot1, quantity: 2, issuedOn: "2026-02-03" }, actor: { userId: IDS.rep1 } }, { records: MASTER });
  expect(computed).toEqual({ month: "2026-02", issuedBy: IDS.rep1, summary: "康欣 KX2601 × 2" });
  const edited = invoke("computeSampleIssue", { operation: "update", record: { lot: IDS.lot1, quantity: 3, issuedOn: "2026-02-03" }, previous: { issuedBy: IDS.rep1 }, actor: { userId: IDS.rep2 } }, { records: MASTER });
  expect(edited).toMatchObject({ issuedBy: IDS.rep1, summary: "康欣 KX2601 × 3" });
});

test("a sample issue on a submitted call report cannot be deleted; one on a draft can", () => {
  const remove = (values: Record<string, unknown>) => {
    const stored = { id: "0190a0b0-0000-7000-8000-0000000000aa", ...newIssue(values) };
    return invoke("keepSampleIssue", { operation: "delete", record: stored, previous: stored }, { records: [...MASTER, ...VISITS] });
  };
  expect(remove({ visit: IDS.visitSubmitted })).toEqual([{ field: "visit", messageKey: "sample.deleteSubmitted" }]);
  expect(remove({ visit: IDS.visitDraft })).toEqual([]);
});
