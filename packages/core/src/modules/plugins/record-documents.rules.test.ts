import { describe, expect, it } from "vitest";
import type { TCustomObject, TFieldDefinition } from "@qudao/plugins/manifest";
import { translator } from "../../i18n/index.ts";
import { documentModel, formatDecimal, formatValue, referencedIds, fieldsByName } from "./record-documents.rules.ts";

const text = (zh: string, en: string) => ({ "zh-CN": zh, en });
const field = (name: string, type: TFieldDefinition["type"], extra: Partial<TFieldDefinition> = {}): TFieldDefinition => ({
  name,
  type,
  label: text(name, name),
  required: false,
  computed: false,
  personal: false,
  unique: false,
  ...extra,
});
const views = { list: { columns: ["number"] }, detail: { sections: [{ title: text("详情", "Details"), fields: ["number"] }] }, form: { fields: ["number"] } };

const QUOTE: TCustomObject = {
  name: "acme_mfg__quote",
  label: text("报价单", "Quote"),
  labelPlural: text("报价单", "Quotes"),
  titleField: "number",
  importable: false,
  fields: [field("number", "text", { label: text("编号", "Number") }), field("approved", "boolean", { label: text("已批准", "Approved") }), field("dealer", "reference", { label: text("经销商", "Dealer"), reference: "partner" })],
  relations: [],
  views,
};
const LINE: TCustomObject = {
  name: "acme_mfg__quoteLine",
  label: text("明细", "Line"),
  labelPlural: text("明细", "Lines"),
  titleField: "sku",
  importable: false,
  fields: [field("sku", "text", { label: text("物料", "Item") }), field("quantity", "integer", { label: text("数量", "Qty") }), field("amount", "decimal", { label: text("金额", "Amount") })],
  relations: [{ name: "quote", to: "acme_mfg__quote", kind: "manyToOne", label: text("报价单", "Quote"), required: true }],
  views,
};

const zh = translator("zh-CN");
const en = translator("en");

describe("formatDecimal", () => {
  it.each([
    ["0", "0.00"],
    ["1", "1.00"],
    ["1.5", "1.50"],
    ["1234567.891", "1,234,567.891"],
    ["-1234.5", "-1,234.50"],
    ["0.125", "0.125"],
    ["999999999999.99", "999,999,999,999.99"],
  ])("%s → %s", (value, expected) => {
    expect(formatDecimal(value)).toBe(expected);
  });
});

describe("formatValue", () => {
  it.each([
    [field("n", "integer"), 12345, "zh-CN", "12,345"],
    [field("d", "decimal"), "3", "zh-CN", "3.00"],
    [field("b", "boolean"), true, "zh-CN", "是"],
    [field("b", "boolean"), false, "en", "No"],
    [field("s", "select", { options: [{ value: "net30", label: text("月结30天", "Net 30") }] }), "net30", "en", "Net 30"],
    [field("m", "multiSelect", { options: [{ value: "a", label: text("甲", "A") }, { value: "b", label: text("乙", "B") }] }), ["a", "b"], "zh-CN", "甲、乙"],
    [field("r", "reference", { reference: "partner" }), "p-1", "zh-CN", "华东伙伴"],
    [field("r", "reference", { reference: "partner" }), "p-unknown", "zh-CN", "p-unknown"],
    [field("t", "datetime"), "2026-01-05T06:30:00.000Z", "zh-CN", "2026/01/05 14:30"],
    [field("x", "text"), null, "zh-CN", ""],
  ] as const)("%#", (definition, value, locale, expected) => {
    expect(formatValue(definition, value, locale, locale === "en" ? en : zh, { "p-1": "华东伙伴" }, "Asia/Shanghai")).toBe(expected);
  });
});

describe("documentModel", () => {
  const view = {
    title: text("报价单", "Quotation"),
    fields: ["number", "approved", "dealer", "missing"],
    lines: { object: LINE.name, relation: "quote", columns: ["sku", "quantity", "amount"], totals: ["quantity", "amount", "sku"] },
    footer: text("三十日内有效", "Valid for 30 days"),
  };
  const lines = [
    { sku: "A", quantity: 2, amount: "10.10" },
    { sku: "B", quantity: 3, amount: "0.205" },
    { sku: "C", quantity: null, amount: null },
  ];
  const model = documentModel({ view, object: QUOTE, record: { title: "Q-1", values: { number: "Q-1", approved: true, dealer: "p-1" } }, lineObject: LINE, lines, titles: { "p-1": "华东伙伴" }, locale: "zh-CN", t: zh, timeZone: "Asia/Shanghai", now: new Date("2026-12-07T02:30:00Z") });

  it("the header block in view order, unknown names skipped", () => {
    expect(model.title).toBe("报价单");
    expect(model.subtitle).toBe("Q-1");
    expect(model.header).toEqual([
      { label: "编号", value: "Q-1" },
      { label: "已批准", value: "是" },
      { label: "经销商", value: "华东伙伴" },
    ]);
  });

  it("numbered lines, numbers right-aligned, exact totals of the numeric columns only", () => {
    expect(model.lines?.columns.map((c) => [c.text, c.align])).toEqual([
      ["序号", "right"],
      ["物料", "left"],
      ["数量", "right"],
      ["金额", "right"],
    ]);
    expect(model.lines?.rows.map((row) => row.map((c) => c.text))).toEqual([
      ["1", "A", "2", "10.10"],
      ["2", "B", "3", "0.205"],
      ["3", "C", "", ""],
    ]);
    expect(model.lines?.totals?.map((c) => c.text)).toEqual(["合计", "", "5", "10.305"]);
  });

  it("footer and generated time in the reader's language and time zone", () => {
    expect(model.footer).toBe("三十日内有效");
    expect(model.generatedAt).toBe("生成时间：2026/12/07 10:30");
  });

  it("no totals row when no numeric column is summed", () => {
    const plain = documentModel({ view: { ...view, lines: { ...view.lines, totals: [] } }, object: QUOTE, record: { title: "Q", values: {} }, lineObject: LINE, lines: [], titles: {}, locale: "en", t: en, timeZone: "Asia/Shanghai", now: new Date() });
    expect(plain.lines?.totals).toBeNull();
    expect(plain.lines?.rows).toEqual([]);
    expect(plain.lines?.empty).toBe("No lines.");
  });
});

describe("referencedIds", () => {
  it("collects the ids reference fields and relations point at, per target", () => {
    const ids = referencedIds(fieldsByName(LINE), ["sku", "quote"], [{ quote: "q1" }, { quote: "q2" }, { quote: null }]);
    expect([...ids.entries()].map(([target, set]) => [target, [...set]])).toEqual([["acme_mfg__quote", ["q1", "q2"]]]);
  });
});
