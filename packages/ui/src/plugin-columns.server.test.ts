import { describe, expect, it } from "vitest";
import { pluginColumnsFor, type ColumnPluginUi } from "./plugin-columns.server.ts";

const text = (zh: string) => ({ "zh-CN": zh, en: zh });

const pharma: ColumnPluginUi = {
  pluginId: "acme.pharma",
  fields: [
    { name: "acme_pharma__level", type: "select", label: text("医院等级"), object: "customer" },
    { name: "acme_pharma__beds", type: "integer", label: text("床位数"), object: "customer" },
    { name: "acme_pharma__hcp", type: "text", label: text("医生"), object: "lead" },
  ],
  listColumns: [
    { object: "customer", field: "acme_pharma__beds" },
    { object: "customer", field: "acme_pharma__level" },
    { object: "lead", field: "acme_pharma__hcp" },
  ],
};

describe("pluginColumnsFor", () => {
  it("the object's columns in the manifest's order, each with its field's definition", () => {
    expect(pluginColumnsFor([pharma], "customer").map((c) => [c.key, c.pluginId, c.field.type])).toEqual([
      ["acme_pharma__beds", "acme.pharma", "integer"],
      ["acme_pharma__level", "acme.pharma", "select"],
    ]);
    expect(pluginColumnsFor([pharma], "lead").map((c) => c.key)).toEqual(["acme_pharma__hcp"]);
    expect(pluginColumnsFor([pharma], "order")).toEqual([]);
  });

  it("a column naming a field the plugin does not contribute on that object is left out", () => {
    const odd: ColumnPluginUi = { ...pharma, listColumns: [{ object: "lead", field: "acme_pharma__beds" }] };
    expect(pluginColumnsFor([odd], "lead")).toEqual([]);
  });

  it("several plugins: in plugin order", () => {
    const mfg: ColumnPluginUi = { pluginId: "beta.mfg", fields: [{ name: "beta_mfg__machine", type: "text", label: text("设备"), object: "customer" }], listColumns: [{ object: "customer", field: "beta_mfg__machine" }] };
    expect(pluginColumnsFor([mfg, pharma], "customer").map((c) => c.key)).toEqual(["beta_mfg__machine", "acme_pharma__beds", "acme_pharma__level"]);
  });
});
