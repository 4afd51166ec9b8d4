import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MANIFEST_SCHEMA_PATH, manifestJsonSchema } from "./json-schema.ts";

describe("published manifest JSON Schema", () => {
  it("is the schema generated from ZPluginManifest (run `npx tsx packages/plugins/src/sdk/json-schema.ts --write` after changing manifest.ts)", () => {
    expect(readFileSync(MANIFEST_SCHEMA_PATH, "utf8")).toBe(manifestJsonSchema());
  });

  it("describes what a developer writes: fields with defaults are optional", () => {
    const schema = JSON.parse(readFileSync(MANIFEST_SCHEMA_PATH, "utf8")) as { required: string[]; properties: Record<string, unknown> };
    expect(schema.required).toEqual(expect.arrayContaining(["id", "name", "version", "engines", "surfaces"]));
    expect(schema.required).not.toContain("permissions");
    expect(schema.required).not.toContain("contributes");
    expect(Object.keys(schema.properties)).toContain("$schema");
  });
});
