import { describe, expect, it } from "vitest";
import { coreFieldNames, visibleCustomFields } from "./core-fields.rules.ts";

const install = (fields: Array<{ object: string; name: string }>) => ({ manifest: { contributes: { fields } } });

describe("coreFieldNames", () => {
  it("collects the fields every install contributes to the object, and nothing of other objects", () => {
    const installs = [
      install([
        { object: "lead", name: "acme_pharma__hcpLevel" },
        { object: "customer", name: "acme_pharma__beds" },
      ]),
      install([{ object: "lead", name: "beta_mfg__machine" }]),
    ];
    expect([...coreFieldNames(installs, "lead")].sort()).toEqual(["acme_pharma__hcpLevel", "beta_mfg__machine"]);
    expect([...coreFieldNames(installs, "customer")]).toEqual(["acme_pharma__beds"]);
    expect(coreFieldNames(installs, "order").size).toBe(0);
  });

  it("nothing installed: no fields", () => {
    expect(coreFieldNames([], "lead").size).toBe(0);
  });
});

describe("visibleCustomFields", () => {
  const installed = new Set(["acme_pharma__hcpLevel", "acme_pharma__beds"]);

  it.each([
    ["an installed plugin's values", { acme_pharma__hcpLevel: "a", acme_pharma__beds: 300 }, { acme_pharma__hcpLevel: "a", acme_pharma__beds: 300 }],
    ["an uninstalled (quarantined) plugin's value is hidden", { acme_pharma__hcpLevel: "a", old_plugin__score: 9 }, { acme_pharma__hcpLevel: "a" }],
    ["another partner's plugin's value is hidden", { other_partner__secret: "x" }, {}],
    ["empty values are left out", { acme_pharma__hcpLevel: null, acme_pharma__beds: 0 }, { acme_pharma__beds: 0 }],
    ["false and empty lists are values", { acme_pharma__hcpLevel: false, acme_pharma__beds: [] }, { acme_pharma__hcpLevel: false, acme_pharma__beds: [] }],
  ])("%s", (_case, stored, expected) => {
    expect(visibleCustomFields(stored, installed)).toEqual(expected);
  });

  it.each([null, undefined, "text", 3, ["acme_pharma__beds"]])("something that is not an object (%j) shows nothing", (stored) => {
    expect(visibleCustomFields(stored, installed)).toEqual({});
  });

  it("nothing installed: nothing shown, whatever is stored", () => {
    expect(visibleCustomFields({ acme_pharma__beds: 300 }, new Set())).toEqual({});
  });
});
