import { afterEach, describe, expect, it } from "vitest";
import { lintManifest } from "../manifest-lint.ts";
import type { TPluginManifestInput } from "../manifest.ts";
import { bundleSnippet } from "./bundle-snippet.testing.ts";
import { createHarness, type Harness } from "./index.ts";

/**
 * Issue 7 in the harness: validate and compute hooks read records (a sample limit per doctor and
 * period), report hooks compute rows from records with paging, and both work the same through
 * `harness.invoke(…, { records })` and the in-sandbox `invoke(…, {}, { records })` of plugin tests.
 */

const HCP = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
const PARTNER = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const text = (en: string) => ({ "zh-CN": en, "zh-TW": en, en });

const manifest: TPluginManifestInput = {
  id: "acme.pharma",
  name: text("Pharma"),
  description: text("Samples"),
  version: "1.0.0",
  publisher: { name: "Acme" },
  engines: { qudao: ">=0.1.0" },
  surfaces: ["platform", "portal"],
  categories: ["industry"],
  permissions: ["records:write:acme_pharma__sampleIssue"],
  settings: [{ key: "maxPerHcp", type: "integer", label: text("Max per HCP"), default: 10 }],
  hooks: [
    { name: "sampleLimit", kind: "validate", object: "acme_pharma__sampleIssue", failMode: "closed" },
    { name: "issuedBefore", kind: "compute", object: "acme_pharma__sampleIssue", failMode: "open" },
    { name: "samplesByHcp", kind: "report" },
  ],
  contributes: {
    objects: [
      {
        name: "acme_pharma__sampleIssue",
        label: text("Sample issue"),
        labelPlural: text("Sample issues"),
        titleField: "hcp",
        fields: [
          { name: "hcp", type: "text", required: true, label: text("HCP") },
          { name: "quantity", type: "integer", required: true, label: text("Quantity") },
          { name: "distributor", type: "reference", reference: "partner", label: text("Distributor") },
          { name: "previousTotal", type: "integer", computed: true, label: text("Issued before") },
        ],
        views: {
          list: { columns: ["hcp", "quantity"] },
          detail: { sections: [{ title: text("Issue"), fields: ["hcp", "quantity", "distributor", "previousTotal"] }] },
          form: { fields: ["hcp", "quantity", "distributor"] },
        },
      },
    ],
    reports: [
      {
        name: "acme_pharma__samples",
        label: text("Samples by HCP"),
        hook: "samplesByHcp",
        surfaces: ["portal"],
        params: [{ name: "hcp", type: "text", label: text("HCP") }],
        columns: [
          { key: "hcp", label: text("HCP"), type: "text" },
          { key: "quantity", label: text("Quantity"), type: "integer" },
          { key: "distributor", label: text("Distributor"), type: "text", link: "partner" },
        ],
      },
    ],
    homeWidgets: [{ name: "acme_pharma__topSamples", report: "acme_pharma__samples", surface: "portal", title: text("Samples"), maxRows: 3 }],
  },
};

const hooksCode = bundleSnippet(`
const OBJECT = "acme_pharma__sampleIssue";
/** Every issue of one HCP, page by page (the reader answers at most 'limit' per call). */
function issuesOf(records: any, hcp: string) {
  const all: any[] = [];
  for (let offset = 0; ; offset += 2) {
    const page = records.query(OBJECT, { hcp }, 2, offset);
    all.push(...page);
    if (page.length < 2) return all;
  }
}
sdk.definePlugin({
  hooks: {
    sampleLimit: (ctx) => {
      const issued = issuesOf(ctx.records, ctx.record.hcp).reduce((sum, r) => sum + r.quantity, 0);
      const errors = [];
      if (issued + ctx.record.quantity > ctx.settings.maxPerHcp) {
        errors.push({ field: "quantity", messageKey: "sample.limit", params: { issued, max: ctx.settings.maxPerHcp } });
      }
      if (ctx.record.distributor) {
        const partner = ctx.records.get("partner", ctx.record.distributor);
        if (!partner) errors.push({ field: "distributor", messageKey: "sample.distributorUnknown" });
        else if (partner.tier !== "gold" && ctx.recordPartnerId !== partner.id) errors.push({ field: "distributor", messageKey: "sample.distributorTier", params: { name: partner.name } });
      }
      return errors;
    },
    issuedBefore: (ctx) => ({ previousTotal: issuesOf(ctx.records, ctx.record.hcp).reduce((sum, r) => sum + r.quantity, 0) }),
    samplesByHcp: (ctx) => {
      const where = ctx.params.hcp ? { hcp: ctx.params.hcp } : {};
      const rows = ctx.records.query(OBJECT, where, 200).map((r) => ({ hcp: r.hcp, quantity: r.quantity, distributor: r.distributor ?? null }));
      const total = rows.reduce((sum, r) => sum + r.quantity, 0);
      return { rows, totals: { quantity: total }, notes: ctx.surface === "portal" ? [{ messageKey: "report.ownOnly" }] : [] };
    },
  },
});
`);

const issue = (id: number, hcp: string, quantity: number, extra: Record<string, unknown> = {}) => ({ object: "acme_pharma__sampleIssue", id: `issue-${id}`, hcp, quantity, ...extra });
const fixtures = [issue(1, HCP, 3), issue(2, HCP, 2), issue(3, HCP, 4), issue(4, "other", 9), { object: "partner", id: PARTNER, name: "华东医药", tier: "silver", territory: "华东", parentId: null }];

const testsCode = bundleSnippet(`
const fixtures = ${JSON.stringify(fixtures)};
sdk.test("a sample issue over the per-HCP limit is refused, reading earlier issues page by page", () => {
  const errors = sdk.invoke("sampleLimit", { record: { hcp: "${HCP}", quantity: 2 } }, { records: fixtures });
  sdk.expect(errors).toEqual([{ field: "quantity", messageKey: "sample.limit", params: { issued: 9, max: 10 } }]);
});
sdk.test("the compute hook sums earlier issues", () => {
  sdk.expect(sdk.invoke("issuedBefore", { record: { hcp: "${HCP}", quantity: 1 } }, { records: fixtures })).toEqual({ previousTotal: 9 });
});
sdk.test("the report lists rows with totals", () => {
  const out = sdk.invoke("samplesByHcp", { params: { hcp: "other" } }, { records: fixtures });
  sdk.expect(out).toEqual({ rows: [{ hcp: "other", quantity: 9, distributor: null }], totals: { quantity: 9 }, notes: [{ messageKey: "report.ownOnly" }] });
});
`);

const locales = { "zh-CN": { "sample.limit": "超过样品上限" }, en: { "sample.limit": "Over the sample limit" } };

let harness: Harness | undefined;
afterEach(() => harness?.dispose());

describe("harness: reads in validate / compute hooks, report hooks", () => {
  it("the manifest (partner reference, report with a partner link, home widget) lints clean", () => {
    expect(lintManifest(manifest, { hostVersion: "0.1.0" }).issues).toEqual([]);
  });

  it("serves fixture records to a validate hook: paging with offset, and a partner read", async () => {
    harness = createHarness({ manifest, hooksCode, locales });
    const within = await harness.invoke("sampleLimit", { record: { hcp: HCP, quantity: 1 } }, { records: fixtures });
    expect(within).toMatchObject({ outcome: "ok", value: { errors: [] } });
    // Three pages of two (3 + 2, then 4, then nothing more): each new page is one more replay round.
    expect(within.readRounds).toBe(3);

    const over = await harness.invoke("sampleLimit", { record: { hcp: HCP, quantity: 2, distributor: PARTNER } }, { records: fixtures });
    expect(over.value).toEqual({
      errors: [
        { field: "quantity", messageKey: "sample.limit", params: { issued: 9, max: 10 } },
        { field: "distributor", messageKey: "sample.distributorTier", params: { name: "华东医药" } },
      ],
    });
    // The record's own partner may pick itself whatever its tier.
    const own = await harness.invoke("sampleLimit", { recordPartnerId: PARTNER, record: { hcp: "new", quantity: 1, distributor: PARTNER } }, { records: fixtures });
    expect(own.value).toEqual({ errors: [] });
    const unknown = await harness.invoke("sampleLimit", { record: { hcp: "new", quantity: 1, distributor: HCP } }, { records: fixtures });
    expect(unknown.value).toEqual({ errors: [{ field: "distributor", messageKey: "sample.distributorUnknown", params: {} }] });
  });

  it("a validate hook's reads count against its 50 ms budget and read limits, like production", async () => {
    harness = createHarness({ manifest, hooksCode, locales });
    const many = Array.from({ length: 40 }, (_, i) => issue(100 + i, HCP, 0));
    const result = await harness.invoke("sampleLimit", { record: { hcp: HCP, quantity: 1 } }, { records: many });
    expect(result.outcome).toBe("error");
    expect(result.error?.code).toBe("too_many_read_rounds");
  });

  it("a compute hook reads too", async () => {
    harness = createHarness({ manifest, hooksCode, locales });
    const result = await harness.invoke("issuedBefore", { record: { hcp: HCP, quantity: 1 } }, { records: fixtures });
    expect(result.value).toEqual({ set: { previousTotal: 9 } });
  });

  it("runs a report hook with the report, params and surface the manifest implies", async () => {
    harness = createHarness({ manifest, hooksCode, locales });
    const result = await harness.invoke("samplesByHcp", {}, { records: fixtures });
    expect(result.outcome).toBe("ok");
    expect(result.value).toEqual({
      rows: [
        { hcp: HCP, quantity: 3, distributor: null },
        { hcp: HCP, quantity: 2, distributor: null },
        { hcp: HCP, quantity: 4, distributor: null },
        { hcp: "other", quantity: 9, distributor: null },
      ],
      totals: { quantity: 18 },
      notes: [{ messageKey: "report.ownOnly", params: {} }],
    });
    const platform = await harness.invoke("samplesByHcp", { surface: "platform", params: { hcp: "other" } }, { records: fixtures });
    expect(platform.value).toEqual({ rows: [{ hcp: "other", quantity: 9, distributor: null }], totals: { quantity: 9 }, notes: [] });
  });

  it("plugin tests read fixtures in validate, compute and report hooks through the in-sandbox invoke", async () => {
    harness = createHarness({ manifest, hooksCode, testsCode, locales });
    const results = await harness.runTests();
    expect(results.map((r) => [r.name, r.passed, r.error?.message ?? ""])).toEqual([
      ["a sample issue over the per-HCP limit is refused, reading earlier issues page by page", true, ""],
      ["the compute hook sums earlier issues", true, ""],
      ["the report lists rows with totals", true, ""],
    ]);
  });
});
