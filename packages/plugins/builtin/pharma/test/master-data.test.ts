import { expect, invoke, test, type RecordData } from "@qudao/plugins/sdk";
import { IDS, MASTER, o } from "./fixtures.ts";

const REVIEW = o("review");
const rep = { userId: IDS.rep1, role: "rep", partnerId: IDS.partner };
const staff = { userId: IDS.staff, role: "admin", partnerId: null };
const request = (values: Record<string, unknown> = {}) => ({
  summary: "浙一医院地址变更",
  targetObject: "hospital",
  hospital: IDS.hospitalA,
  proposedValues: "地址: 庆春路 79 号\n等级：三级甲等\nbeds = 3200",
  reason: "医院官网已更新",
  reviewNote: null,
  [REVIEW]: "submitted",
  ...values,
});

test("a partner proposes changes by field name or label, values checked like the master's fields", () => {
  expect(invoke("checkChangeRequest", { record: request(), actor: rep }, { records: MASTER })).toEqual([]);
  const bad = request({ proposedValues: "颜色: 红色\n等级: 四级\nbeds: many\nlicenceExpiresOn: 2027/06/30\n只有一句话" });
  expect(invoke("checkChangeRequest", { record: bad, actor: rep }, { records: MASTER })).toEqual([
    { field: "proposedValues", messageKey: "changeRequest.unknownField", params: { line: 1, field: "颜色" } },
    { field: "proposedValues", messageKey: "changeRequest.invalid.select", params: { line: 2, field: "grade" } },
    { field: "proposedValues", messageKey: "changeRequest.invalid.integer", params: { line: 3, field: "beds" } },
    { field: "proposedValues", messageKey: "changeRequest.invalid.date", params: { line: 4, field: "licenceExpiresOn" } },
    { field: "proposedValues", messageKey: "changeRequest.lineFormat", params: { line: 5 } },
  ]);
});

test("the target must be an existing platform master record, and the proposal a change", () => {
  expect(invoke("checkChangeRequest", { record: request({ hospital: IDS.hcpWang }), actor: rep }, { records: MASTER })).toEqual([{ field: "hospital", messageKey: "changeRequest.targetNotFound" }]);
  // The record is chosen in the relation of the request's object.
  expect(invoke("checkChangeRequest", { record: request({ hospital: null, hcp: IDS.hcpWang }), actor: rep }, { records: MASTER })).toEqual([{ field: "hospital", messageKey: "changeRequest.targetRequired" }]);
  const partnersOwn: RecordData = { ...MASTER[0]!, id: "00000000-0000-4000-8000-000000000777", partnerId: IDS.partner };
  expect(invoke("checkChangeRequest", { record: request({ hospital: partnersOwn.id }), actor: rep }, { records: [partnersOwn] })).toEqual([{ field: "hospital", messageKey: "changeRequest.targetNotFound" }]);
  expect(invoke("checkChangeRequest", { record: request({ proposedValues: "grade: tier3A" }), actor: rep }, { records: MASTER })).toEqual([{ field: "proposedValues", messageKey: "changeRequest.noChange" }]);
  expect(invoke("checkChangeRequest", { record: request({ targetObject: "hcp", hospital: null, hcp: IDS.hcpLi, proposedValues: "职称: 副主任医师" }), actor: rep }, { records: MASTER })).toEqual([]);
});

test("only platform staff decide; a rejection needs a note; a decision is final", () => {
  const stored = request();
  expect(invoke("checkChangeRequest", { operation: "update", record: { ...stored, [REVIEW]: "approved" }, previous: stored, actor: rep }, { records: MASTER })).toEqual([{ field: REVIEW, messageKey: "changeRequest.onlyStaffDecide" }]);
  expect(invoke("checkChangeRequest", { operation: "update", record: { ...stored, [REVIEW]: "approved" }, previous: stored, actor: staff }, { records: MASTER })).toEqual([]);
  expect(invoke("checkChangeRequest", { operation: "update", record: { ...stored, [REVIEW]: "rejected" }, previous: stored, actor: staff }, { records: MASTER })).toEqual([{ field: "reviewNote", messageKey: "changeRequest.rejectNeedsNote" }]);
  expect(invoke("checkChangeRequest", { operation: "update", record: { ...stored, reviewNote: "我批准了" }, previous: stored, actor: rep }, { records: MASTER })).toEqual([{ field: "reviewNote", messageKey: "changeRequest.reviewNoteStaffOnly" }]);
  // Reviewing does not re-judge the proposal (the master may have changed meanwhile).
  const stale = { ...stored, proposedValues: "grade: tier3A" };
  expect(invoke("checkChangeRequest", { operation: "update", record: { ...stale, reviewNote: "已是三甲，驳回" }, previous: stale, actor: staff }, { records: MASTER })).toEqual([]);
  expect(invoke("checkChangeRequest", { operation: "update", record: { ...stale, proposedValues: "grade: tier3B" }, previous: stale, actor: rep }, { records: MASTER })).toEqual([]);
  const approved = { ...stored, [REVIEW]: "approved" };
  expect(invoke("checkChangeRequest", { operation: "update", record: { ...approved, reason: "再改" }, previous: approved, actor: staff }, { records: MASTER })).toEqual([{ field: REVIEW, messageKey: "changeRequest.alreadyDecided" }]);
  expect(invoke("computeChangeRequest", { record: stored, actor: rep })).toEqual({ requestedBy: IDS.rep1, applied: false, appliedAt: null, targetId: IDS.hospitalA });
  // A reviewer's edit keeps who asked.
  expect(invoke("computeChangeRequest", { operation: "update", record: stored, previous: { ...stored, requestedBy: IDS.rep1 }, actor: staff })).toEqual({ requestedBy: IDS.rep1, applied: false, appliedAt: null, targetId: IDS.hospitalA });
});

const REQUEST_ID = "00000000-0000-4000-8000-000000006001";
const storedRequest: RecordData = { id: REQUEST_ID, object: o("dataChangeRequest"), partnerId: IDS.partner, ...request(), requestedBy: IDS.rep1, applied: false, reviewNote: "核实无误" };

test("approval applies the proposed values to the master record, marks the request applied and tells the requester", () => {
  const intents = invoke("applyChangeRequest", { now: "2026-01-05T02:00:00.000Z", event: { payload: { recordId: REQUEST_ID, toStage: "approved" } } }, { records: [storedRequest, ...MASTER] });
  expect(intents).toEqual([
    { type: "patch", object: o("hospital"), id: IDS.hospitalA, set: { address: "庆春路 79 号", grade: "tier3A", beds: 3200 } },
    { type: "patch", object: o("dataChangeRequest"), id: REQUEST_ID, set: { applied: true, appliedAt: "2026-01-05T02:00:00.000Z" } },
    { type: "notify", userIds: [IDS.rep1], titleKey: "changeRequest.approved.title", bodyKey: "changeRequest.approved.body", params: { summary: "浙一医院地址变更", note: "核实无误" }, link: { object: o("dataChangeRequest"), id: REQUEST_ID } },
  ]);
  // Applied once: a replayed event changes nothing.
  expect(invoke("applyChangeRequest", { event: { payload: { recordId: REQUEST_ID, toStage: "approved" } } }, { records: [{ ...storedRequest, applied: true }] })).toEqual([]);
});

test("a rejection only tells the requester; other moves do nothing", () => {
  expect(invoke("applyChangeRequest", { event: { payload: { recordId: REQUEST_ID, toStage: "rejected" } } }, { records: [storedRequest] })).toEqual([
    { type: "notify", userIds: [IDS.rep1], titleKey: "changeRequest.rejected.title", bodyKey: "changeRequest.rejected.body", params: { summary: "浙一医院地址变更", note: "核实无误" }, link: { object: o("dataChangeRequest"), id: REQUEST_ID } },
  ]);
  expect(invoke("applyChangeRequest", { event: { payload: { recordId: REQUEST_ID, toStage: "submitted" } } }, { records: [storedRequest] })).toEqual([]);
});

test("hospital access: a stage needs its facts, one record per hospital and product, a readable name", () => {
  const ACCESS = o("access");
  const base = { hospital: IDS.hospitalA, product: IDS.productA, committeeDate: null, listingPlatform: null, vbpBatch: null, [ACCESS]: "notAdmitted" };
  expect(invoke("checkHospitalAccess", { record: base }, { records: [] })).toEqual([]);
  expect(invoke("checkHospitalAccess", { operation: "update", record: { ...base, [ACCESS]: "admitted" }, previous: base }, { records: [] })).toEqual([{ field: "committeeDate", messageKey: "access.committeeDateRequired" }]);
  expect(invoke("checkHospitalAccess", { operation: "update", record: { ...base, committeeDate: "2026-01-03", [ACCESS]: "admitted" }, previous: base }, { records: [] })).toEqual([]);
  expect(invoke("checkHospitalAccess", { operation: "update", record: { ...base, [ACCESS]: "listed" }, previous: base }, { records: [] })).toEqual([{ field: "listingPlatform", messageKey: "access.listingPlatformRequired" }]);
  expect(invoke("checkHospitalAccess", { operation: "update", record: { ...base, [ACCESS]: "vbpWon" }, previous: base }, { records: [] })).toEqual([{ field: "vbpBatch", messageKey: "access.vbpBatchRequired" }]);
  const existing: RecordData = { id: "00000000-0000-4000-8000-000000006101", object: o("hospitalAccess"), ...base };
  expect(invoke("checkHospitalAccess", { record: base }, { records: [existing] })).toEqual([{ field: "product", messageKey: "access.duplicate" }]);
  expect(invoke("checkHospitalAccess", { operation: "update", record: { ...existing, note: "跟进" }, previous: existing }, { records: [existing] })).toEqual([]);
  expect(invoke("computeHospitalAccess", { record: base }, { records: MASTER })).toEqual({ label: "浙江大学医学院附属第一医院 · 康欣" });
});
