import { describe, expect, it } from "vitest";
import type { TCustomObject, TFieldDefinition } from "@qudao/plugins/manifest";
import { translator } from "../../i18n/index.ts";
import { cellInput, checkPluginRow, localizedText, pluginImportFields, pluginMappingIssues, pluginRowReason, suggestPluginMapping } from "./plugin-record-import.rules.ts";

const text = (zh: string, en: string, tw?: string) => ({ "zh-CN": zh, en, ...(tw ? { "zh-TW": tw } : {}) });
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

const HOSPITAL: TCustomObject = {
  name: "acme_pharma__hospital",
  label: text("医院", "Hospital"),
  labelPlural: text("医院", "Hospitals"),
  titleField: "name",
  importable: true,
  fields: [
    field("name", "text", { label: text("医院名称", "Hospital name", "醫院名稱"), required: true }),
    field("beds", "integer", { label: text("床位数", "Beds") }),
    field("revenue", "decimal", { label: text("年收入", "Annual revenue") }),
    field("grade", "select", { label: text("等级", "Grade"), options: [{ value: "3a", label: text("三级甲等", "Grade 3A") }, { value: "2a", label: text("二级甲等", "Grade 2A") }] }),
    field("tags", "multiSelect", { label: text("标签", "Tags"), options: [{ value: "teaching", label: text("教学", "Teaching") }, { value: "private", label: text("民营", "Private") }] }),
    field("openedOn", "date", { label: text("开业日期", "Opened on") }),
    field("active", "boolean", { label: text("在用", "Active") }),
    field("score", "decimal", { label: text("评分", "Score"), computed: true }),
    field("manager", "reference", { label: text("负责伙伴", "Partner"), reference: "partner" }),
  ],
  relations: [
    { name: "parent", to: "acme_pharma__hospital", kind: "manyToOne", label: text("上级医院", "Parent hospital"), required: false },
    { name: "departments", to: "acme_pharma__department", kind: "manyToMany", label: text("科室", "Departments"), required: false },
  ],
  views: {
    list: { columns: ["name"] },
    detail: { sections: [{ title: text("详情", "Details"), fields: ["name"] }] },
    form: { fields: ["name", "beds", "revenue", "grade", "tags", "openedOn", "active", "score", "manager", "parent", "departments"] },
  },
};

const fields = pluginImportFields(HOSPITAL);
const zh = translator("zh-CN");

describe("pluginImportFields", () => {
  it("takes the form's writable fields and manyToOne relations, in form order; computed fields and manyToMany relations are not columns", () => {
    expect(fields.map((f) => [f.field, f.required, f.lookup])).toEqual([
      ["name", true, null],
      ["beds", false, null],
      ["revenue", false, null],
      ["grade", false, null],
      ["tags", false, null],
      ["openedOn", false, null],
      ["active", false, null],
      ["manager", false, "partner"],
      ["parent", false, "acme_pharma__hospital"],
    ]);
  });
});

describe("suggestPluginMapping", () => {
  it.each([
    { headers: ["name", "beds"], expected: { name: 0, beds: 1 } },
    { headers: ["医院名称", "床位数", "上级医院"], expected: { name: 0, beds: 1, parent: 2 } },
    { headers: ["醫院名稱（必填）", "Annual Revenue", "等級"], expected: { name: 0, revenue: 1, grade: 2 } },
    { headers: ["Hospital name", "Grade", "Opened on", "Active", "Partner"], expected: { name: 0, grade: 1, openedOn: 2, active: 3, manager: 4 } },
    // "医院名称" inside a longer header still names the field; an exact match elsewhere wins.
    { headers: ["所属医院名称", "医院名称"], expected: { name: 1 } },
    { headers: ["备注", "联系人"], expected: {} },
  ])("$headers", ({ headers, expected }) => {
    const mapping = suggestPluginMapping(fields, headers);
    const mapped = Object.fromEntries(Object.entries(mapping).filter(([, column]) => column !== null));
    expect(mapped).toEqual(expected);
  });
});

describe("cellInput", () => {
  const byName = (name: string) => fields.find((f) => f.field === name)!.definition;
  it.each([
    ["revenue", "12,345.60", "12345.60"],
    ["revenue", " 8 ", "8"],
    ["beds", "1,200", "1200"],
    ["active", "是", true],
    ["active", "否", false],
    ["active", "Yes", true],
    ["active", "N", false],
    ["active", "maybe", "maybe"],
    ["grade", "三级甲等", "3a"],
    ["grade", "Grade 2A", "2a"],
    ["grade", "3a", "3a"],
    ["grade", "一级", "一级"],
    ["tags", "教学、民营", ["teaching", "private"]],
    ["tags", "teaching, Private", ["teaching", "private"]],
    ["openedOn", "2026/3/5", "2026-03-05"],
    ["openedOn", "2026年3月5日", "2026-03-05"],
    ["openedOn", "2026-03-05 00:00:00", "2026-03-05"],
    ["openedOn", "05/03/2026", "05/03/2026"],
    ["name", "  华山医院 ", "华山医院"],
    ["name", "", null],
  ])("%s %j → %j", (name, raw, expected) => {
    expect(cellInput(byName(name), raw, "Asia/Shanghai")).toEqual(expected);
  });
});

describe("checkPluginRow", () => {
  const mapping = { name: 0, beds: 1, revenue: 2, grade: 3, tags: null, openedOn: 4, active: null, manager: 5, parent: 6 };
  const cells = (values: string[]) => Object.fromEntries(Object.entries(mapping).map(([f, column]) => [f, column === null ? "" : (values[column] ?? "")]));

  it("checks each cell by its field's type and leaves relation cells to be looked up", () => {
    const check = checkPluginRow(fields, mapping, cells(["华山医院", "1,200", "3.5", "三级甲等", "2026/1/2", "华东伙伴", "总院"]), "Asia/Shanghai");
    expect(check.issues).toEqual([]);
    expect(check.values).toEqual({ name: "华山医院", beds: 1200, revenue: "3.5", grade: "3a", openedOn: "2026-01-02" });
    expect(check.lookups).toEqual([
      { field: "manager", target: "partner", text: "华东伙伴" },
      { field: "parent", target: "acme_pharma__hospital", text: "总院" },
    ]);
  });

  it("says what is wrong with each bad cell; blank optional cells are left out", () => {
    const check = checkPluginRow(fields, mapping, cells(["", "很多", "abc", "一级", "昨天", "", ""]), "Asia/Shanghai");
    expect(check.issues.map((i) => [i.field, i.messageKey])).toEqual([
      ["name", "errors.field.required"],
      ["beds", "plugins.values.integer"],
      ["revenue", "plugins.values.decimal"],
      ["grade", "plugins.values.option"],
      ["openedOn", "plugins.values.date"],
    ]);
    expect(check.lookups).toEqual([]);
  });

  it("a row's reason names the fields by their labels in the import's language", () => {
    const check = checkPluginRow(fields, mapping, cells(["", "很多"]), "Asia/Shanghai");
    expect(pluginRowReason(fields, check.issues, zh, "zh-CN")).toBe("医院名称：必填项。；床位数：请输入整数");
  });
});

describe("pluginMappingIssues", () => {
  it.each<{ mapping: Record<string, number | null>; columns: number; expected: Array<[string, string[]]> }>([
    { mapping: { name: 0 }, columns: 2, expected: [] },
    { mapping: { name: null }, columns: 2, expected: [["imports.errors.requiredFieldUnmapped", ["name"]]] },
    { mapping: { name: 0, beds: 0 }, columns: 2, expected: [["imports.errors.duplicateColumn", ["name", "beds"]]] },
    { mapping: { name: 5 }, columns: 2, expected: [["imports.errors.columnOutOfRange", []]] },
    { mapping: { name: 0, score: 1 }, columns: 2, expected: [["errors.field.unknownField", []]] },
  ])("$mapping", ({ mapping, columns, expected }) => {
    expect(pluginMappingIssues(fields, mapping, columns).map((i) => [i.messageKey, i.fields])).toEqual(expected);
  });
});

describe("localizedText", () => {
  it.each([
    ["zh-CN", "医院名称"],
    ["en", "Hospital name"],
    ["zh-TW", "醫院名稱"],
  ] as const)("%s", (locale, expected) => {
    expect(localizedText(text("医院名称", "Hospital name", "醫院名稱"), locale)).toBe(expected);
  });
  it("converts zh-CN when the plugin gave no zh-TW", () => {
    expect(localizedText(text("床位数", "Beds"), "zh-TW")).toBe("床位數");
  });
});
