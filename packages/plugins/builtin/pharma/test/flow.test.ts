import { expect, invoke, test, type RecordData } from "@qudao/plugins/sdk";
import { flowRow, hospital, IDS, MASTER, o } from "./fixtures.ts";

/** A row as an import or the form sends it (before the compute hook). */
const row = (values: Record<string, unknown> = {}) => ({
  distributor: "杭州康润医药有限公司",
  saleDate: "2026-01-04",
  productName: "康欣 20mg×7片",
  productCode: "KX-20",
  hospitalName: "浙江大学医学院附属第一医院",
  quantity: "10",
  amount: "356.00",
  lotNo: null,
  ignored: false,
  hospital: null,
  product: null,
  ...values,
});
const compute = (values: Record<string, unknown>, records: RecordData[] = MASTER) => invoke<Record<string, unknown>>("computeFlowRow", { record: row(values) }, { records });

test("the same name matches exactly; the product by its code", () => {
  expect(compute({})).toEqual({
    normalizedName: "浙江大学医学院附属第一医院",
    month: "2026-01",
    matchedProduct: IDS.productA,
    matchedHospital: IDS.hospitalA,
    matchStatus: "matched",
    matchMethod: "exact",
  });
});

test("cleansing: full-width, spaces, brackets, 市, 第1 and department suffixes", () => {
  for (const spelling of ["杭州市第一人民医院（药剂科）", " 杭州 第1人民医院 ", "杭州第一人民医院药库", "杭州市第一人民医院【本部】", "ＨＡＮＧ杭州第一人民医院".slice(4)]) {
    expect(compute({ hospitalName: spelling })).toMatchObject({ matchedHospital: IDS.hospitalB, matchStatus: "matched", matchMethod: "normalized", normalizedName: "杭州第一人民医院" });
  }
});

test("an unknown name is unmatched and waits in the review queue; a learned alias matches it next time", () => {
  expect(compute({ hospitalName: "浙一医院" })).toMatchObject({ matchedHospital: null, matchStatus: "unmatched", matchMethod: null, normalizedName: "浙一医院" });
  const alias: RecordData = { id: "00000000-0000-4000-8000-000000004001", object: o("hospitalAlias"), partnerId: IDS.partner, alias: "浙一医院", normalized: "浙一医院", hospital: IDS.hospitalA };
  expect(compute({ hospitalName: "浙一 医院" }, [...MASTER, alias])).toMatchObject({ matchedHospital: IDS.hospitalA, matchStatus: "matched", matchMethod: "alias" });
});

test("two master hospitals with the same cleansed name match neither", () => {
  const twin = hospital("00000000-0000-4000-8000-000000000005", { name: "杭州第一人民医院", city: "杭州市" });
  expect(compute({ hospitalName: "杭州市第一人民医院(药房)" }, [...MASTER, twin])).toMatchObject({ matchedHospital: null, matchStatus: "unmatched" });
});

test("the user resolves a row by choosing the hospital, or ignores it", () => {
  expect(compute({ hospitalName: "浙一医院", hospital: IDS.hospitalA })).toMatchObject({ matchedHospital: IDS.hospitalA, matchStatus: "matched", matchMethod: "manual" });
  expect(compute({ hospitalName: "某某大药房", ignored: true })).toMatchObject({ matchedHospital: null, matchStatus: "ignored", matchMethod: null });
});

test("products: by code, else by brand + spec or an unambiguous generic name", () => {
  expect(compute({ productCode: null, productName: "润平５ｍｇ×14片" })).toMatchObject({ matchedProduct: IDS.productB });
  expect(compute({ productCode: null, productName: "润平 5mg×14片" })).toMatchObject({ matchedProduct: IDS.productB });
  expect(compute({ productCode: "", productName: "阿托伐他汀钙片" })).toMatchObject({ matchedProduct: IDS.productA });
  expect(compute({ productCode: "UNKNOWN", productName: "未知药品" })).toMatchObject({ matchedProduct: null });
  expect(compute({ productCode: "UNKNOWN", productName: "未知药品", product: IDS.productB })).toMatchObject({ matchedProduct: IDS.productB });
});

test("matching reads past the first page of a large hospital master", () => {
  const many = Array.from({ length: 450 }, (_, i) => hospital(`00000000-0000-4000-8000-${String(100000 + i).padStart(12, "0")}`, { name: `测试医院${i}号` }));
  const last = hospital("00000000-0000-4000-8000-000000200000", { name: "温州医科大学附属第二医院" });
  expect(compute({ hospitalName: "温州医科大学附属第二医院（药剂科）" }, [...many, last])).toMatchObject({ matchedHospital: last.id, matchMethod: "normalized" });
});

test("refuses a re-imported row and a sale dated in the future", () => {
  const stored = flowRow({ saleDate: "2026-01-04", hospitalName: "浙江大学医学院附属第一医院" });
  expect(invoke("checkFlowRow", { record: row() }, { records: [stored] })).toEqual([{ messageKey: "flow.duplicateRow", params: { hospital: "浙江大学医学院附属第一医院", date: "2026-01-04" } }]);
  expect(invoke("checkFlowRow", { record: row({ amount: "712.00", quantity: "20" }) }, { records: [stored] })).toEqual([]);
  expect(invoke("checkFlowRow", { operation: "update", record: { ...stored, hospital: IDS.hospitalA }, previous: stored }, { records: [stored] })).toEqual([]);
  expect(invoke("checkFlowRow", { record: row({ saleDate: "2026-02-01" }) }, { records: [] })).toEqual([{ field: "saleDate", messageKey: "flow.futureDate", params: { date: "2026-02-01" } }]);
});

test("resolving a row teaches an alias and resolves the other rows of that name", () => {
  const resolved = flowRow({ hospitalName: "浙一医院", normalizedName: "浙一医院", hospital: IDS.hospitalA, matchedHospital: IDS.hospitalA, matchStatus: "matched", matchMethod: "manual" });
  const sibling = flowRow({ hospitalName: "浙一医院 ", normalizedName: "浙一医院", matchedHospital: null, matchStatus: "unmatched", matchMethod: null });
  const other = flowRow({ hospitalName: "某诊所", normalizedName: "某诊所", matchedHospital: null, matchStatus: "unmatched", matchMethod: null });
  const records = [...MASTER, resolved, sibling, other];
  const intents = invoke("learnAlias", { event: { payload: { recordId: resolved.id, changed: ["hospital", "matchedHospital", "matchStatus"] } } }, { records });
  expect(intents).toEqual([
    { type: "createRecord", object: o("hospitalAlias"), values: { alias: "浙一医院", normalized: "浙一医院", hospital: IDS.hospitalA } },
    { type: "patch", object: o("flowRow"), id: sibling.id, set: { matchedHospital: IDS.hospitalA, matchStatus: "matched", matchMethod: "alias" } },
  ]);
  // The patches it makes change no `hospital`: they teach nothing again.
  expect(invoke("learnAlias", { event: { payload: { recordId: sibling.id, changed: ["matchedHospital", "matchStatus", "matchMethod"] } } }, { records })).toEqual([]);
  // A known alias is not learned twice; a name that cleanses to the master's needs none.
  const alias: RecordData = { id: "00000000-0000-4000-8000-000000004002", object: o("hospitalAlias"), alias: "浙一医院", normalized: "浙一医院", hospital: IDS.hospitalA };
  expect(invoke("learnAlias", { event: { payload: { recordId: resolved.id, changed: ["hospital"] } } }, { records: [...records, alias] })).toEqual([
    { type: "patch", object: o("flowRow"), id: sibling.id, set: { matchedHospital: IDS.hospitalA, matchStatus: "matched", matchMethod: "alias" } },
  ]);
  const plain = flowRow({ hospitalName: "杭州市第一人民医院(药房)", normalizedName: "杭州第一人民医院", hospital: IDS.hospitalB, matchedHospital: IDS.hospitalB, matchMethod: "manual" });
  expect(invoke("learnAlias", { event: { payload: { recordId: plain.id, changed: ["hospital"] } } }, { records: [...MASTER, plain] })).toEqual([]);
  expect(invoke("computeAlias", { record: { alias: "浙一 医院（药剂科）" } })).toEqual({ normalized: "浙一医院" });
});
