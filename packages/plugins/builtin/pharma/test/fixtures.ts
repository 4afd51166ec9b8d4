import type { RecordData } from "@qudao/plugins/sdk";

/**
 * Fixture master data and records shared by the tests (a plain module: tests import it, never
 * src/hooks.ts). Ids are fixed uuids so that expectations can name them.
 */
export const NS = "qudao_pharma";
export const o = (name: string): string => `${NS}__${name}`;

const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

export const IDS = {
  hospitalA: id(1),
  hospitalB: id(2),
  hospitalRemote: id(3),
  hospitalNingbo: id(4),
  deptCardio: id(11),
  deptOtherHospital: id(12),
  hcpWang: id(21),
  hcpLi: id(22),
  affWang: id(31),
  productA: id(41),
  productB: id(42),
  lot1: id(51),
  lotExpired: id(52),
  visitDraft: id(61),
  visitSubmitted: id(62),
  visitNoConsent: id(63),
  rep1: id(71),
  rep2: id(72),
  partner: id(81),
  staff: id(91),
};

export const hospital = (n: string, values: Record<string, unknown>): RecordData => ({ id: n, object: o("hospital"), partnerId: null, ...values });

export const HOSPITALS: RecordData[] = [
  hospital(IDS.hospitalA, { name: "浙江大学医学院附属第一医院", grade: "tier3A", type: "general", province: "浙江省", city: "杭州市", district: "上城区", territory: null, remoteArea: false, licenceNo: "330100-001" }),
  hospital(IDS.hospitalB, { name: "杭州市第一人民医院", grade: "tier3A", type: "general", province: "浙江省", city: "杭州市", district: "上城区", territory: null, remoteArea: false, licenceNo: "330100-002" }),
  hospital(IDS.hospitalRemote, { name: "景宁畲族自治县人民医院", grade: "tier2A", type: "general", province: "浙江省", city: "丽水市", district: "景宁县", territory: "杭州", remoteArea: true, licenceNo: "331100-001" }),
  hospital(IDS.hospitalNingbo, { name: "宁波市第二医院", grade: "tier3A", type: "general", province: "浙江省", city: "宁波市", district: "海曙区", territory: null, remoteArea: false, licenceNo: "330200-002" }),
];

export const MASTER: RecordData[] = [
  ...HOSPITALS,
  { id: IDS.deptCardio, object: o("department"), partnerId: null, name: "心血管内科", kind: "cardiology", hospital: IDS.hospitalA },
  { id: IDS.deptOtherHospital, object: o("department"), partnerId: null, name: "心血管内科", kind: "cardiology", hospital: IDS.hospitalB },
  { id: IDS.hcpWang, object: o("hcp"), partnerId: null, name: "王建国", title: "chief", licenceNo: "110330100000001", active: true },
  { id: IDS.hcpLi, object: o("hcp"), partnerId: null, name: "李静", title: "attending", licenceNo: "110330100000002", active: true },
  { id: IDS.affWang, object: o("affiliation"), partnerId: null, hcp: IDS.hcpWang, hospital: IDS.hospitalA, department: IDS.deptCardio, position: "心内科主任", role: "head", primary: true },
  { id: IDS.productA, object: o("product"), partnerId: null, name: "康欣", genericName: "阿托伐他汀钙片", spec: "20mg×7片", code: "KX-20", approvalNo: "国药准字H20000001" },
  { id: IDS.productB, object: o("product"), partnerId: null, name: "润平", genericName: "氨氯地平片", spec: "5mg×14片", code: "RP-5", approvalNo: "国药准字H20000002" },
  { id: IDS.lot1, object: o("sampleLot"), partnerId: null, lotNo: "KX2601", product: IDS.productA, expiresOn: "2027-06-30", quantity: 100 },
  { id: IDS.lotExpired, object: o("sampleLot"), partnerId: null, lotNo: "KX2401", product: IDS.productA, expiresOn: "2025-12-31", quantity: 50 },
];

export const visit = (n: string, values: Record<string, unknown>): RecordData => ({
  id: n,
  object: o("visit"),
  partnerId: IDS.partner,
  subject: "新品介绍",
  hcp: IDS.hcpWang,
  hospital: IDS.hospitalA,
  visitDate: "2026-01-03",
  month: "2026-01",
  channel: "faceToFace",
  keyMessages: "介绍康欣的循证证据",
  consentRecorded: true,
  submitted: false,
  corrects: null,
  ...values,
});

export const VISITS: RecordData[] = [
  visit(IDS.visitDraft, {}),
  visit(IDS.visitSubmitted, { submitted: true }),
  visit(IDS.visitNoConsent, { consentRecorded: false }),
];

let issueCounter = 1000;
/** A stored sample issue (the compute hook's fields filled in as it would have). */
export function issue(values: { hcp?: string; lot?: string; quantity: number; issuedOn: string; issuedBy?: string; visit?: string }): RecordData {
  issueCounter += 1;
  return {
    id: id(issueCounter),
    object: o("sampleIssue"),
    partnerId: IDS.partner,
    visit: values.visit ?? IDS.visitDraft,
    hcp: values.hcp ?? IDS.hcpWang,
    lot: values.lot ?? IDS.lot1,
    quantity: values.quantity,
    issuedOn: values.issuedOn,
    month: values.issuedOn.slice(0, 7),
    issuedBy: values.issuedBy ?? IDS.rep1,
  };
}

let flowCounter = 5000;
/** A stored sell-out row as the compute hook left it. */
export function flowRow(values: Record<string, unknown>): RecordData {
  flowCounter += 1;
  const saleDate = String(values.saleDate ?? "2026-01-10");
  return {
    id: id(flowCounter),
    object: o("flowRow"),
    partnerId: IDS.partner,
    distributor: "杭州康润医药有限公司",
    saleDate,
    month: saleDate.slice(0, 7),
    productName: "康欣 20mg×7片",
    productCode: "KX-20",
    hospitalName: "浙江大学医学院附属第一医院",
    quantity: "10",
    amount: "356.00",
    lotNo: null,
    ignored: false,
    matchedHospital: IDS.hospitalA,
    matchedProduct: IDS.productA,
    matchStatus: "matched",
    matchMethod: "exact",
    ...values,
  };
}
