import { expect, invoke, test } from "@qudao/plugins/sdk";
import { IDS, MASTER, o, VISITS, visit, issue } from "./fixtures.ts";

/** A call report as the form sends it (before the compute hook). */
const draft = (values: Record<string, unknown> = {}) => ({
  subject: "新品介绍",
  hcp: IDS.hcpWang,
  hospital: IDS.hospitalA,
  department: IDS.deptCardio,
  visitDate: "2026-01-05",
  channel: "faceToFace",
  attendees: "王主任、科室两位主治医师",
  keyMessages: "康欣降低LDL-C的循证证据；用法用量与不良反应。",
  nextSteps: "下周送科室会资料",
  consentRecorded: true,
  submitted: false,
  corrects: null,
  correctionReason: null,
  ...values,
});
const records = [...MASTER, ...VISITS];
const check = (record: Record<string, unknown>, extra: Record<string, unknown> = {}) => invoke("checkVisit", { record, ...extra }, { records });

test("accepts a complete call report of an affiliated doctor (用法用量 is not a prescription volume)", () => {
  expect(check(draft())).toEqual([]);
  expect(check(draft({ submitted: true }))).toEqual([]);
});

test("统方: refuses prescription volumes per doctor, by term and by pattern, on the field that holds them", () => {
  expect(check(draft({ keyMessages: "了解王主任上月处方量" }))).toEqual([{ field: "keyMessages", messageKey: "compliance.prescriptionVolume", params: { term: "处方量" } }]);
  expect(check(draft({ nextSteps: "王主任每月开200盒，争取再多" }))).toEqual([{ field: "nextSteps", messageKey: "compliance.prescriptionVolume", params: { term: "开200盒" } }]);
  expect(check(draft({ attendees: "药剂科：约 300盒/月" }))).toEqual([{ field: "attendees", messageKey: "compliance.prescriptionVolume", params: { term: "300盒/月" } }]);
  // Full-width digits are read as digits.
  expect(check(draft({ subject: "处方 ３０ 支" }))).toEqual([{ field: "subject", messageKey: "compliance.prescriptionVolume", params: { term: "处方 30 支" } }]);
  expect(check(draft({ keyMessages: "Discussed his prescription volume last month" }))).toEqual([{ field: "keyMessages", messageKey: "compliance.prescriptionVolume", params: { term: "prescription volume" } }]);
});

test("no payment collection: refuses 收款 / 回款 / cash in a call report", () => {
  expect(check(draft({ nextSteps: "顺便收款" }))).toEqual([{ field: "nextSteps", messageKey: "compliance.paymentCollection", params: { term: "收款" } }]);
  expect(check(draft({ keyMessages: "催科室回款" }))).toEqual([{ field: "keyMessages", messageKey: "compliance.paymentCollection", params: { term: "回款" } }]);
});

test("the installer's own forbidden terms, comma-separated in any script", () => {
  const issues = invoke("checkVisit", { record: draft({ keyMessages: "提到了返点安排" }), settings: { forbiddenTerms: "回扣，返点" } }, { records });
  expect(issues).toEqual([{ field: "keyMessages", messageKey: "compliance.forbiddenTerm", params: { term: "返点" } }]);
});

test("a report can only be submitted once the call happened (China's date)", () => {
  // 2026-01-05T01:00Z is 09:00 in China on the 5th: the 5th is today, the 6th is not yet.
  expect(check(draft({ submitted: true, visitDate: "2026-01-06" }))).toEqual([{ field: "visitDate", messageKey: "visit.futureDate", params: { date: "2026-01-06" } }]);
  expect(check(draft({ submitted: false, visitDate: "2026-01-06" }))).toEqual([]);
  expect(check(draft({ submitted: true, visitDate: "2026-01-05" }), { now: "2026-01-04T17:00:00.000Z" })).toEqual([]);
});

test("the doctor must practise at the hospital, and the department belong to it", () => {
  expect(check(draft({ hcp: IDS.hcpLi, department: null }))).toEqual([{ field: "hcp", messageKey: "visit.hcpNotAtHospital" }]);
  expect(check(draft({ department: IDS.deptOtherHospital }))).toEqual([{ field: "department", messageKey: "visit.departmentOtherHospital" }]);
});

test("a submitted report cannot change; corrections are new reports linked to a submitted one", () => {
  const stored = visit(IDS.visitSubmitted, { submitted: true });
  expect(invoke("checkVisit", { operation: "update", record: { ...stored, keyMessages: "改过" }, previous: stored }, { records })).toEqual([{ field: "submitted", messageKey: "visit.locked" }]);

  expect(check(draft({ corrects: IDS.visitSubmitted, correctionReason: "拜访日期填错" }))).toEqual([]);
  expect(check(draft({ corrects: IDS.visitSubmitted }))).toEqual([{ field: "correctionReason", messageKey: "visit.correctionReasonRequired" }]);
  expect(check(draft({ corrects: IDS.visitDraft, correctionReason: "x" }))).toEqual([{ field: "corrects", messageKey: "visit.correctsDraft" }]);
  expect(check(draft({ corrects: IDS.hcpLi, correctionReason: "x" }))).toEqual([{ field: "corrects", messageKey: "visit.correctsNotFound" }]);
  const otherDoctor = visit("00000000-0000-4000-8000-000000000099", { submitted: true, hcp: IDS.hcpLi });
  expect(invoke("checkVisit", { record: draft({ corrects: otherDoctor.id, correctionReason: "x" }) }, { records: [...records, otherDoctor] })).toEqual([{ field: "corrects", messageKey: "visit.correctsOtherHcp" }]);
});

test("consent cannot be withdrawn from a call on which samples were issued", () => {
  const stored = visit(IDS.visitDraft, {});
  const withdrawn = { ...stored, consentRecorded: false };
  const withSample = [...records, issue({ quantity: 1, issuedOn: "2026-01-03", visit: IDS.visitDraft })];
  expect(invoke("checkVisit", { operation: "update", record: withdrawn, previous: stored }, { records: withSample })).toEqual([{ field: "consentRecorded", messageKey: "visit.consentNeededForSamples" }]);
  expect(invoke("checkVisit", { operation: "update", record: withdrawn, previous: stored }, { records })).toEqual([]);
  // Nor can the call move to another doctor: the samples went to this one.
  const otherDoctor = { ...stored, hcp: IDS.hcpLi, hospital: IDS.hospitalA, department: null };
  const affiliated = [...withSample, { id: "00000000-0000-4000-8000-000000000098", object: o("affiliation"), hcp: IDS.hcpLi, hospital: IDS.hospitalA }];
  expect(invoke("checkVisit", { operation: "update", record: otherDoctor, previous: stored }, { records: affiliated })).toEqual([{ field: "hcp", messageKey: "visit.doctorHasSamples" }]);
});

test("compute: the call's month, for plans and reports", () => {
  expect(invoke("computeVisit", { record: draft({ visitDate: "2026-03-31" }) })).toEqual({ month: "2026-03" });
});

test("the same compliance rules on core activities, including other plugins' prescription or payment fields", () => {
  expect(invoke("checkActivity", { record: { subject: "拜访王主任", body: "了解处方量", customFields: {} } })).toEqual([{ field: "body", messageKey: "compliance.prescriptionVolume", params: { term: "处方量" } }]);
  expect(invoke("checkActivity", { record: { subject: "拜访", body: null, customFields: { acme_crm__rxVolume: 200, acme_crm__note: "ok" } } })).toEqual([{ field: "acme_crm__rxVolume", messageKey: "compliance.forbiddenField" }]);
  expect(invoke("checkActivity", { record: { subject: "拜访", body: "介绍新品", customFields: { acme_crm__paymentCollected: null } } })).toEqual([]);
  expect(o("visit")).toBe("qudao_pharma__visit");
});
