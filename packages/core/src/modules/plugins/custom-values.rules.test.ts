import { describe, expect, it } from "vitest";
import type { TFieldDefinition } from "@qudao/plugins/manifest";
import { checkValue, checkValues, recordTitle } from "./custom-values.rules.ts";

const label = { "zh-CN": "字段", en: "Field" };
const field = (type: TFieldDefinition["type"], extra: Partial<TFieldDefinition> = {}): TFieldDefinition => ({
  name: "f",
  type,
  label,
  required: false,
  computed: false,
  personal: false,
  unique: false,
  ...extra,
});
const options = [{ value: "a", label }, { value: "b", label }];
const UUID_A = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
const UUID_B = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c";

describe("checkValue", () => {
  it.each([
    ["text trims", field("text"), "  hello ", { value: "hello" }],
    ["text over its max length", field("text", { maxLength: 3 }), "hello", { issue: { message: "errors.field.tooLong" } }],
    ["blank optional is null", field("text"), "   ", { value: null }],
    ["blank required", field("text", { required: true }), "", { issue: { message: "errors.field.required" } }],
    ["integer from a string", field("integer"), "42", { value: 42 }],
    ["integer refuses a fraction", field("integer"), "4.2", { issue: { message: "plugins.values.integer" } }],
    ["integer below min", field("integer", { min: 1 }), 0, { issue: { message: "plugins.values.min", params: { min: 1 } } }],
    ["decimal stays a string (money never becomes a float)", field("decimal"), "1234.50", { value: "1234.50" }],
    ["decimal refuses words", field("decimal"), "12 yuan", { issue: { message: "plugins.values.decimal" } }],
    ["decimal above max", field("decimal", { max: 100 }), "100.01", { issue: { message: "plugins.values.max", params: { max: 100 } } }],
    ["boolean from a checkbox", field("boolean"), "on", { value: true }],
    ["boolean refuses yes", field("boolean"), "yes", { issue: { message: "plugins.values.boolean" } }],
    ["date", field("date"), "2026-12-06", { value: "2026-12-06" }],
    ["date refuses a day that does not exist", field("date"), "2026-13-40", { issue: { message: "plugins.values.date" } }],
    ["datetime normalised to UTC", field("datetime"), "2026-12-06T08:00:00+08:00", { value: "2026-12-06T00:00:00.000Z" }],
    ["select accepts an option", field("select", { options }), "a", { value: "a" }],
    ["select refuses another value", field("select", { options }), "c", { issue: { message: "plugins.values.option", params: { value: "c" } } }],
    ["multiSelect from a comma list, deduplicated", field("multiSelect", { options }), "a, b, a", { value: ["a", "b"] }],
    ["multiSelect refuses an unknown option", field("multiSelect", { options }), ["a", "z"], { issue: { message: "plugins.values.option", params: { value: "a,z" } } }],
    ["email lower-cased", field("email"), "Wang@Example.COM", { value: "wang@example.com" }],
    ["email refused", field("email"), "wang@", { issue: { message: "errors.field.email" } }],
    ["phone", field("phone"), "+86 138 0013 8000", { value: "+86 138 0013 8000" }],
    ["url must be http(s)", field("url"), "javascript:alert(1)", { issue: { message: "plugins.values.url" } }],
    ["reference must be an id", field("reference", { reference: "customer" }), "x", { issue: { message: "plugins.values.reference" } }],
    ["a partner reference is an id like any reference", field("reference", { reference: "partner" }), "0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B", { value: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b" }],
    ["a manyToMany relation takes a list of ids, deduplicated", field("multiSelect", { reference: "acme__option" }), [UUID_A, UUID_B, UUID_A], { value: [UUID_A, UUID_B] }],
    ["a manyToMany relation from a comma list", field("multiSelect", { reference: "acme__option" }), `${UUID_A}, ${UUID_B}`, { value: [UUID_A, UUID_B] }],
    ["a manyToMany relation refuses what is not an id", field("multiSelect", { reference: "acme__option" }), [UUID_A, "hospital-1"], { issue: { message: "plugins.values.reference" } }],
  ])("%s", (_name, definition, raw, expected) => {
    expect(checkValue(definition, raw)).toEqual(expected);
  });
});

describe("checkValues", () => {
  const fields: TFieldDefinition[] = [
    field("text", { name: "hospital", required: true }),
    field("integer", { name: "beds" }),
    field("boolean", { name: "inWarranty", computed: true }),
  ];
  it("a create needs every required field and reports unknown keys instead of dropping them", () => {
    expect(checkValues(fields, { beds: "12", colour: "red" }, { partial: false })).toEqual({
      values: { beds: 12 },
      issues: [
        { path: "colour", message: "plugins.values.unknownField" },
        { path: "hospital", message: "errors.field.required" },
      ],
    });
  });
  it("an update checks only what it changes", () => {
    expect(checkValues(fields, { beds: 20 }, { partial: true })).toEqual({ values: { beds: 20 }, issues: [] });
  });
  it("users cannot write computed fields; compute hooks can", () => {
    expect(checkValues(fields, { inWarranty: true }, { partial: true }).issues).toEqual([{ path: "inWarranty", message: "plugins.values.computed" }]);
    expect(checkValues(fields, { inWarranty: true }, { partial: true, allowComputed: true })).toEqual({ values: { inWarranty: true }, issues: [] });
  });
  it("prefixes paths for forms that nest values", () => {
    expect(checkValues(fields, {}, { partial: false, pathPrefix: "values" }).issues).toEqual([{ path: "values.hospital", message: "errors.field.required" }]);
  });
});

describe("recordTitle", () => {
  it.each([
    ["the title field", { name: "协和医院" }, "协和医院"],
    ["falls back when blank", { name: "  " }, "fallback"],
    ["joins lists", { name: ["a", "b"] }, "a, b"],
  ])("%s", (_n, values, expected) => {
    expect(recordTitle("name", values, "fallback")).toBe(expected);
  });
});
