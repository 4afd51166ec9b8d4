import { describe, expect, it } from "vitest";
import { pluginNavItems } from "./plugin-nav.tsx";
import { pluginFormSubmission } from "./plugin-records.server.ts";
import type { PluginReportDefinition } from "./plugin-reports.tsx";
import { reportParamsForm, reportSearchFromForm } from "./plugin-reports.server.ts";

const text = (zh: string) => ({ "zh-CN": zh, en: zh });

const report: PluginReportDefinition = {
  name: "acme_pharma__samples",
  pluginId: "acme.pharma",
  pluginName: text("医药"),
  label: text("样品对账"),
  description: null,
  params: [
    { name: "minQty", type: "integer", label: text("最少数量") },
    { name: "hcpOnly", type: "boolean", label: text("只看医生") },
    { name: "grades", type: "multiSelect", label: text("等级"), options: [{ value: "a", label: text("甲") }, { value: "b", label: text("乙") }] },
  ],
  columns: [{ key: "hcp", label: text("医生"), type: "text", link: null }],
};

function form(entries: Array<[string, string]>): FormData {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
}

describe("the report's filter form", () => {
  it("is the report's params as a form, in their order", () => {
    const object = reportParamsForm(report);
    expect(object.views.form.fields).toEqual(["minQty", "hcpOnly", "grades"]);
    expect(object.fields.map((f) => f.type)).toEqual(["integer", "boolean", "multiSelect"]);
  });

  it("posts into the report's address: filled filters (every ticked option), blank ones left out, a run asked for", () => {
    const target = reportSearchFromForm(report.name, form([["minQty", "5"], ["hcpOnly", "true"], ["grades", "a"], ["grades", "b"], ["unused", ""], ["run", "0"]]));
    expect(target).toBe("/r/acme_pharma__samples?minQty=5&hcpOnly=true&grades=a&grades=b&run=1");
  });

  it("reads the address back as the values the report runs with", () => {
    const search = new URL(`http://x${reportSearchFromForm(report.name, form([["minQty", "5"], ["grades", "b"]]))}`).searchParams;
    const data = new FormData();
    for (const [key, value] of search) data.append(key, value);
    expect(pluginFormSubmission(data, reportParamsForm(report)).values).toEqual({ minQty: "5", hcpOnly: false, grades: ["b"] });
  });
});

describe("navigation entries of reports", () => {
  const plugins = [
    {
      pluginId: "acme.pharma",
      navigation: [
        { name: "acme_pharma__visits", label: text("拜访"), object: "acme_pharma__visit" },
        { name: "acme_pharma__samplesNav", label: text("样品对账"), report: "acme_pharma__samples" },
        { name: "acme_pharma__adminsNav", label: text("管理员报表"), report: "acme_pharma__admins" },
      ],
    },
  ];

  it("open the report's page; objects open their list", () => {
    expect(pluginNavItems(plugins).map((i) => i.to)).toEqual(["/x/acme_pharma__visit", "/r/acme_pharma__samples", "/r/acme_pharma__admins"]);
  });

  it("are left out for a report the user's role may not run", () => {
    expect(pluginNavItems(plugins, [{ name: "acme_pharma__samples" }]).map((i) => i.key)).toEqual(["acme_pharma__visits", "acme_pharma__samplesNav"]);
  });
});
