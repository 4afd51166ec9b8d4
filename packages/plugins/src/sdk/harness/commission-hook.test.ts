/**
 * Commission hooks (ADR 025) in the sandbox, through the harness that production's host code backs:
 * the SDK's decimal helper bundled in and running on QuickJS's BigInt, reads by replay like an event
 * hook, the 2 s budget, and a result with one malformed line refused whole.
 */
import { afterEach, describe, expect, it } from "vitest";
import { scanHooksBundle } from "../../runtime/static-scan.ts";
import type { TPluginManifestInput } from "../manifest.ts";
import { bundleSnippet } from "./bundle-snippet.testing.ts";
import { HARNESS_PARTNER_ID, createHarness, type Harness } from "./index.ts";


const RECORD_A = "7b2c5f9e-1d3a-4c8b-9e6f-2a1b3c4d5e01";
const RECORD_B = "7b2c5f9e-1d3a-4c8b-9e6f-2a1b3c4d5e02";

const manifest: TPluginManifestInput = {
  id: "acme.flow",
  name: { "zh-CN": "流向", en: "Flow" },
  description: { "zh-CN": "按流向计佣", en: "Credit by flow data" },
  version: "1.0.0",
  publisher: { name: "Acme" },
  engines: { qudao: ">=0.1.0" },
  surfaces: ["platform"],
  categories: ["finance"],
  permissions: ["records:read:acme_flow__sellout"],
  hooks: [
    { name: "credit", kind: "commission" },
    { name: "sloppy", kind: "commission" },
  ],
  contributes: {
    commissionRuleTypes: [
      { name: "acme_flow__credit", label: { "zh-CN": "流向", en: "Flow" }, hook: "credit", params: [{ name: "rate", type: "decimal", label: { "zh-CN": "费率", en: "Rate" } }] },
      { name: "acme_flow__sloppy", label: { "zh-CN": "粗心", en: "Sloppy" }, hook: "sloppy" },
    ],
  },
};

const hooksCode = bundleSnippet(`
sdk.definePlugin({
  hooks: {
    credit: (ctx) =>
      ctx.records.query("acme_flow__sellout", { territory: ctx.partner.territory }).map((r) => ({
        kind: "earn",
        base: r.amount,
        rate: ctx.params.rate,
        amount: sdk.decimal.toString(sdk.decimal.mul(r.amount, ctx.params.rate), 2),
        sourceRef: { object: "acme_flow__sellout", id: r.id },
        description: { messageKey: "line", params: { hospital: r.hospital } },
      })),
    // A float where money goes: 0.1 + 0.2 is not 0.3.
    sloppy: () => [{ kind: "earn", base: "0.3", amount: String(0.1 + 0.2), description: { messageKey: "line" } }],
  },
});
`);

let harness: Harness | undefined;
afterEach(() => harness?.dispose());

describe("a commission hook in the sandbox", () => {
  it("reads records by replay and computes exact money with the SDK's decimal helper", async () => {
    expect(scanHooksBundle(hooksCode)).toEqual([]);
    harness = createHarness({ manifest, hooksCode, locales: { "zh-CN": { line: "{{hospital}}" }, en: { line: "{{hospital}}" } } });
    const records = [
      { id: RECORD_A, object: "acme_flow__sellout", territory: "EAST", hospital: "County", amount: "12345.67" },
      { id: RECORD_B, object: "acme_flow__sellout", territory: "EAST", hospital: "City", amount: "100.10" },
      { id: "7b2c5f9e-1d3a-4c8b-9e6f-2a1b3c4d5e03", object: "acme_flow__sellout", territory: "WEST", hospital: "West", amount: "1.00" },
    ];
    const result = await harness.invoke("credit", { params: { rate: "0.035" }, partner: { id: HARNESS_PARTNER_ID, tier: "gold", territory: "EAST" } }, { records });
    expect(result.outcome).toBe("ok");
    expect(result.readRounds).toBe(2);
    expect(result.value).toEqual({
      lines: [
        // 12345.67 × 0.035 = 432.09845 → 432.10; 100.10 × 0.035 = 3.5035 → 3.50
        { kind: "earn", base: "12345.67", rate: "0.035", amount: "432.10", sourceRef: { object: "acme_flow__sellout", id: RECORD_A }, description: { messageKey: "line", params: { hospital: "County" } } },
        { kind: "earn", base: "100.10", rate: "0.035", amount: "3.50", sourceRef: { object: "acme_flow__sellout", id: RECORD_B }, description: { messageKey: "line", params: { hospital: "City" } } },
      ],
    });
  });

  it("gets the default context of its rule type: a month, a partner, no orders", async () => {
    harness = createHarness({ manifest, hooksCode: bundleSnippet(`sdk.definePlugin({ hooks: { credit: (ctx) => { if (ctx.ruleType !== "acme_flow__credit" || ctx.period.key !== "2026-01" || ctx.orders.length !== 0 || ctx.period.window !== "month") throw new Error(JSON.stringify(ctx)); return []; }, sloppy: () => [] } });`), locales: { "zh-CN": {}, en: {} } });
    expect((await harness.invoke("credit")).outcome).toBe("ok");
  });

  it("refuses the whole result when one line is malformed (an amount from float arithmetic)", async () => {
    harness = createHarness({ manifest, hooksCode, locales: { "zh-CN": { line: "x" }, en: { line: "x" } } });
    const result = await harness.invoke("sloppy");
    expect(result.outcome).toBe("invalid_output");
    expect(result.error).toMatchObject({ code: "output_invalid", message: expect.stringContaining("lines.0.amount") });
    expect(result.value).toBeUndefined();
  });

  it("is stopped at the 2 s budget of queued hooks, not the 50 ms of before-save hooks", async () => {
    harness = createHarness({ manifest, hooksCode: bundleSnippet(`sdk.definePlugin({ hooks: { credit: () => [], sloppy: () => { while (true) {} } } });`), locales: { "zh-CN": {}, en: {} } });
    const spin = await harness.invoke("sloppy");
    expect(spin.outcome).toBe("timeout");
    expect(spin.error).toMatchObject({ code: "cpu_limit", params: { hook: "sloppy", limitMs: 2000 } });
  }, 30_000);
});
