import { describe, expect, it } from "vitest";
import type { PluginObject } from "./plugin-records.tsx";
import { pluginFormSubmission } from "./plugin-records.server.ts";
import { arrangePluginPanels, isEditablePanel, panelFieldErrors, panelFormObject, type PanelFieldsEntry, type PanelPluginUi } from "./plugin-panels.server.ts";

const text = (zh: string) => ({ "zh-CN": zh, en: zh });

const beds = { name: "acme_pharma__beds", type: "integer", label: text("床位数"), object: "customer" };
const level = { name: "acme_pharma__level", type: "select", label: text("医院等级"), options: [{ value: "a3", label: text("三甲") }], object: "customer" };
const score = { name: "acme_pharma__score", type: "integer", label: text("评分"), computed: true, object: "customer" };
const note = { name: "acme_pharma__note", type: "text", label: text("备注"), object: "customer" };

const visit: PluginObject = {
  name: "acme_pharma__visit",
  label: text("拜访"),
  labelPlural: text("拜访记录"),
  titleField: "summary",
  fields: [
    { name: "summary", type: "text", label: text("摘要") },
    { name: "hospital", type: "reference", reference: "customer", label: text("医院") },
    { name: "lead", type: "reference", reference: "lead", label: text("线索") },
  ],
  relations: [
    { name: "account", to: "customer", kind: "manyToOne", label: text("客户") },
    { name: "attendees", to: "customer", kind: "manyToMany", label: text("参与客户") },
  ],
  views: { list: { columns: ["summary", "hospital"] }, detail: { sections: [{ title: text("拜访"), fields: ["summary"] }] }, form: { fields: ["summary", "account"] } },
};

function plugin(overrides: Partial<PanelPluginUi> = {}): PanelPluginUi {
  return { pluginId: "acme.pharma", name: text("医药"), objects: [visit], recordPanels: [], ...overrides };
}

const entry: PanelFieldsEntry = { pluginId: "acme.pharma", fields: [beds, level, score, note], values: { acme_pharma__beds: 320, acme_pharma__level: "a3", acme_pharma__score: 9, acme_pharma__note: null } };

describe("arrangePluginPanels", () => {
  it("a panel lists its fields with their values; the plugin's other fields go to its default panel", () => {
    const plans = arrangePluginPanels([plugin({ recordPanels: [{ name: "acme_pharma__profile", object: "customer", title: text("医院档案"), fields: ["acme_pharma__level", "acme_pharma__beds"] }] })], [entry], "customer");
    expect(plans.map((p) => [p.key, p.title?.["zh-CN"] ?? null, p.fields.map((f) => f.name)])).toEqual([
      ["acme_pharma__profile", "医院档案", ["acme_pharma__level", "acme_pharma__beds"]],
      ["acme.pharma", null, ["acme_pharma__score", "acme_pharma__note"]],
    ]);
    expect(plans[0]!.values).toEqual({ acme_pharma__level: "a3", acme_pharma__beds: 320 });
    expect(plans[1]!.values).toEqual({ acme_pharma__score: 9, acme_pharma__note: null });
  });

  it("with no panels, every installed field is in the plugin's default panel (never invisible)", () => {
    const plans = arrangePluginPanels([plugin()], [entry], "customer");
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ key: "acme.pharma", title: null, pluginName: text("医药") });
    expect(plans[0]!.fields).toHaveLength(4);
  });

  it("panels of other objects are not shown here", () => {
    const plans = arrangePluginPanels([plugin({ recordPanels: [{ name: "acme_pharma__leadPanel", object: "lead", title: text("线索"), fields: ["acme_pharma__beds"] }] })], [entry], "customer");
    expect(plans.map((p) => p.key)).toEqual(["acme.pharma"]);
  });

  it("a related object's records are found through reference fields and manyToOne relations to this object; new ones prefill a field the form asks for", () => {
    const plans = arrangePluginPanels(
      [plugin({ recordPanels: [{ name: "acme_pharma__visits", object: "customer", title: text("拜访"), fields: [], relatedObject: "acme_pharma__visit" }] })],
      [{ ...entry, fields: [] }],
      "customer",
    );
    expect(plans).toHaveLength(1);
    expect(plans[0]!.fields).toEqual([]);
    expect(plans[0]!.related).toMatchObject({ via: ["hospital", "account"], prefill: "account" });
    expect(plans[0]!.related!.object.name).toBe("acme_pharma__visit");
  });

  it("a related object with nothing pointing at this object, or unknown, makes an empty panel that is left out", () => {
    const panels = [
      { name: "acme_pharma__onLead", object: "order", title: text("拜访"), fields: [], relatedObject: "acme_pharma__visit" },
      { name: "acme_pharma__unknown", object: "order", title: text("未知"), fields: [], relatedObject: "acme_pharma__nothing" },
    ];
    expect(arrangePluginPanels([plugin({ recordPanels: panels })], [], "order")).toEqual([]);
  });

  it("a plugin not shown in this app (its surfaces) has no panels, even with fields on the record", () => {
    expect(arrangePluginPanels([], [entry], "customer")).toEqual([]);
  });

  it("panel fields that are not installed fields of the object are skipped", () => {
    const plans = arrangePluginPanels([plugin({ recordPanels: [{ name: "acme_pharma__profile", object: "customer", title: text("档案"), fields: ["acme_pharma__gone", "acme_pharma__beds"] }] })], [entry], "customer");
    expect(plans[0]!.fields.map((f) => f.name)).toEqual(["acme_pharma__beds"]);
  });

  it("plugins keep their order, each with its own default panel", () => {
    const other: PanelFieldsEntry = { pluginId: "beta.mfg", fields: [{ name: "beta_mfg__machine", type: "text", label: text("设备"), object: "customer" }], values: {} };
    const plans = arrangePluginPanels([plugin(), { ...plugin(), pluginId: "beta.mfg", name: text("制造"), objects: [] }], [other, entry], "customer");
    expect(plans.map((p) => p.key)).toEqual(["acme.pharma", "beta.mfg"]);
  });
});

describe("a panel's form", () => {
  const [panel] = arrangePluginPanels([plugin()], [entry], "customer");

  it("asks for every field and sends back only those a user may write (computed fields are the plugin's)", () => {
    const form = new FormData();
    form.set("acme_pharma__beds", "400");
    form.set("acme_pharma__level", "a3");
    form.set("acme_pharma__score", "100");
    form.set("acme_pharma__note", "");
    const object = panelFormObject(panel!);
    expect(object.views.form.fields).toEqual(["acme_pharma__beds", "acme_pharma__level", "acme_pharma__score", "acme_pharma__note"]);
    expect(pluginFormSubmission(form, object).values).toEqual({ acme_pharma__beds: "400", acme_pharma__level: "a3", acme_pharma__note: "" });
  });

  it("is editable only when a field is not computed", () => {
    expect(isEditablePanel(panel!)).toBe(true);
    expect(isEditablePanel({ fields: [score as never] })).toBe(false);
  });
});

describe("panelFieldErrors", () => {
  it("puts core's `values.<field>` errors and the validate hooks' `<field>` errors on the field; others stay as they are", () => {
    expect(panelFieldErrors({ "values.acme_pharma__beds": "必须是整数", acme_pharma__level: "三甲医院才可以", "": "插件拒绝了保存" })).toEqual({
      acme_pharma__beds: "必须是整数",
      acme_pharma__level: "三甲医院才可以",
      "": "插件拒绝了保存",
    });
  });

  it("the first message of a field wins", () => {
    expect(panelFieldErrors({ "values.acme_pharma__beds": "第一", acme_pharma__beds: "第二" })).toEqual({ acme_pharma__beds: "第一" });
  });
});
