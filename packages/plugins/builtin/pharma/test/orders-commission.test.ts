import { expect, invoke, test } from "@qudao/plugins/sdk";
import { flowRow, hospital, HOSPITALS, IDS, MASTER } from "./fixtures.ts";

const F = (name: string) => `qudao_pharma__${name}`;
/** An order as a validate hook on `order` sees it: core fields, plugin fields under customFields. */
const order = (customFields: Record<string, unknown>) => ({ externalId: "SO-1", customerId: IDS.partner, total: "1000.00", items: [], customFields });

test("两票制: manufacturer → distributor → hospital is two invoices and passes", () => {
  const fields = { [F("hospital")]: IDS.hospitalA, [F("invoiceChain")]: "康欣制药有限公司\n杭州康润医药有限公司\n浙江大学医学院附属第一医院", [F("firstInvoiceNo")]: "0331001", [F("secondInvoiceNo")]: "0331002" };
  expect(invoke("checkTwoInvoices", { record: order(fields) }, { records: MASTER })).toEqual([]);
  expect(invoke("computeOrder", { record: order(fields) })).toEqual({ [F("invoiceCount")]: 2 });
});

test("两票制: a third invoice is refused, except for a hospital in a designated remote area", () => {
  const chain = "康欣制药有限公司 → 浙江省医药工业有限公司 → 杭州康润医药有限公司 → ";
  expect(invoke("checkTwoInvoices", { record: order({ [F("hospital")]: IDS.hospitalA, [F("invoiceChain")]: `${chain}浙江大学医学院附属第一医院` }) }, { records: MASTER })).toEqual([
    { field: F("invoiceChain"), messageKey: "order.tooManyInvoices", params: { invoices: 3, allowed: 2 } },
  ]);
  const remote = order({ [F("hospital")]: IDS.hospitalRemote, [F("invoiceChain")]: `${chain}景宁畲族自治县人民医院`, [F("thirdInvoiceNo")]: "0331003" });
  expect(invoke("checkTwoInvoices", { record: remote }, { records: MASTER })).toEqual([]);
  expect(invoke("checkTwoInvoices", { record: order({ [F("hospital")]: IDS.hospitalRemote, [F("invoiceChain")]: `A > B > C > ${chain}景宁畲族自治县人民医院` }) }, { records: MASTER })).toEqual([
    { field: F("invoiceChain"), messageKey: "order.tooManyInvoicesRemote", params: { invoices: 6, allowed: 3 } },
  ]);
});

test("两票制: the chain ends at the order's hospital; no third invoice number outside remote areas; numbers ≤ invoices", () => {
  expect(invoke("checkTwoInvoices", { record: order({ [F("hospital")]: IDS.hospitalB, [F("invoiceChain")]: "康欣制药 → 康润医药 → 浙江大学医学院附属第一医院", [F("thirdInvoiceNo")]: "X" }) }, { records: MASTER })).toEqual([
    { field: F("invoiceChain"), messageKey: "order.chainMustEndAtHospital", params: { hospital: "杭州市第一人民医院" } },
    { field: F("thirdInvoiceNo"), messageKey: "order.thirdInvoiceNotRemote" },
  ]);
  expect(invoke("checkTwoInvoices", { record: order({ [F("invoiceChain")]: "康欣制药 → 浙一医院", [F("firstInvoiceNo")]: "1", [F("secondInvoiceNo")]: "2" }) }, { records: MASTER })).toEqual([
    { field: F("invoiceChain"), messageKey: "order.moreNumbersThanInvoices", params: { numbers: 2, invoices: 1 } },
  ]);
  expect(invoke("checkTwoInvoices", { record: order({ [F("invoiceChain")]: "只有一家" }) }, { records: MASTER })).toEqual([{ field: F("invoiceChain"), messageKey: "order.invoiceChainTooShort" }]);
  expect(invoke("checkTwoInvoices", { record: order({ [F("hospital")]: IDS.hcpWang, [F("invoiceChain")]: "A → B" }) }, { records: MASTER })).toEqual([{ field: F("hospital"), messageKey: "order.hospitalNotFound" }]);
});

test("orders without pharma fields pass, unless the installer requires the chain", () => {
  expect(invoke("checkTwoInvoices", { record: order({}) }, { records: MASTER })).toEqual([]);
  expect(invoke("checkTwoInvoices", { record: order({}), settings: { requireInvoiceChain: true } }, { records: MASTER })).toEqual([{ field: F("invoiceChain"), messageKey: "order.invoiceChainRequired" }]);
  expect(invoke("computeOrder", { record: order({}) })).toEqual({ [F("invoiceCount")]: null });
});

// Instants as the host gives them for Asia/Shanghai: a month starts at 16:00 UTC the day before.
const period = (key: string, windowStart: string, window: "month" | "quarter") => ({ key, start: `${key}-01T00:00:00+08:00`, windowStart: new Date(Date.parse(`${windowStart}-01T00:00:00+08:00`)).toISOString(), end: "2026-03-31T16:00:00.000Z", window });
const credit = (params: Record<string, unknown>, rows: ReturnType<typeof flowRow>[], options: { territory?: string | null; key?: string; windowStart?: string; window?: "month" | "quarter" } = {}) =>
  invoke("flowCredit", {
    params,
    period: period(options.key ?? "2026-03", options.windowStart ?? options.key ?? "2026-03", options.window ?? "month"),
    partner: { id: IDS.partner, tier: "silver", territory: options.territory === undefined ? "杭州" : options.territory },
  }, { records: [...MASTER, ...rows] });

test("flow credit: matched sell-out to hospitals in the territory, per hospital, rate × amount to the cent", () => {
  const rows = [
    flowRow({ saleDate: "2026-03-02", amount: "12345.67" }),
    flowRow({ saleDate: "2026-03-09", amount: "0.01" }),
    flowRow({ saleDate: "2026-03-05", hospitalName: "杭州市第一人民医院", matchedHospital: IDS.hospitalB, amount: "1000.10", matchedProduct: IDS.productB }),
    // The remote hospital lies in 丽水 but its territory field says 杭州: credited.
    flowRow({ saleDate: "2026-03-06", hospitalName: "景宁畲族自治县人民医院", matchedHospital: IDS.hospitalRemote, amount: "200.00" }),
    // Out of territory, unmatched, ignored, another month: not credited.
    flowRow({ saleDate: "2026-03-07", hospitalName: "宁波市第二医院", matchedHospital: IDS.hospitalNingbo, amount: "9999.00" }),
    flowRow({ saleDate: "2026-03-08", hospitalName: "浙一医院", matchedHospital: null, matchStatus: "unmatched", amount: "777.00" }),
    flowRow({ saleDate: "2026-03-08", hospitalName: "某药房", matchedHospital: IDS.hospitalA, matchStatus: "ignored", amount: "888.00" }),
    flowRow({ saleDate: "2026-02-08", amount: "5000.00" }),
  ];
  expect(credit({ rate: "0.03" }, rows)).toEqual([
    {
      kind: "earn",
      base: "12345.68",
      rate: "0.03",
      amount: "370.37",
      sourceRef: { object: "qudao_pharma__hospital", id: IDS.hospitalA },
      description: { messageKey: "commission.flowCredit", params: { hospital: "浙江大学医学院附属第一医院", from: "2026-03", to: "2026-03", rows: 2, amount: "12345.68" } },
    },
    {
      kind: "earn",
      base: "1000.1",
      rate: "0.03",
      amount: "30.00",
      sourceRef: { object: "qudao_pharma__hospital", id: IDS.hospitalB },
      description: { messageKey: "commission.flowCredit", params: { hospital: "杭州市第一人民医院", from: "2026-03", to: "2026-03", rows: 1, amount: "1000.10" } },
    },
    {
      kind: "earn",
      base: "200",
      rate: "0.03",
      amount: "6.00",
      sourceRef: { object: "qudao_pharma__hospital", id: IDS.hospitalRemote },
      description: { messageKey: "commission.flowCredit", params: { hospital: "景宁畲族自治县人民医院", from: "2026-03", to: "2026-03", rows: 1, amount: "200.00" } },
    },
  ]);
});

test("flow credit: product filter by code, quarter window, no territory or no rows → no line", () => {
  const rows = [flowRow({ saleDate: "2026-01-15", amount: "100.00" }), flowRow({ saleDate: "2026-03-15", amount: "50.00", matchedProduct: IDS.productB }), flowRow({ saleDate: "2026-03-16", amount: "10.00", matchedProduct: null })];
  const quarter = { key: "2026-03", windowStart: "2026-01", window: "quarter" as const };
  expect(credit({ rate: "0.1" }, rows, quarter)).toMatchObject([{ base: "160", amount: "16.00", description: { params: { from: "2026-01", to: "2026-03", rows: 3 } } }]);
  expect(credit({ rate: "0.1", productCodes: "rp-5，XX-1" }, rows, quarter)).toMatchObject([{ base: "50", amount: "5.00" }]);
  expect(credit({ rate: "0.1" }, rows)).toMatchObject([{ base: "60", amount: "6.00" }]);
  expect(credit({ rate: "0.1" }, rows, { territory: null })).toEqual([]);
  expect(credit({ rate: "0.1" }, rows, { territory: "温州" })).toEqual([]);
  expect(credit({ rate: "0.1" }, [])).toEqual([]);
  // Half-up to the cent: 0.05 × 0.1 = 0.005 → 0.01.
  expect(credit({ rate: "0.1" }, [flowRow({ saleDate: "2026-03-01", amount: "0.05" })])).toMatchObject([{ base: "0.05", amount: "0.01" }]);
  expect(HOSPITALS.length).toBe(4);
  expect(hospital("x", {}).object).toBe("qudao_pharma__hospital");
});
