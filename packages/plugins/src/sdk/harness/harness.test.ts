import { afterEach, describe, expect, it } from "vitest";
import { scanHooksBundle } from "../../runtime/static-scan.ts";
import type { TPluginManifestInput } from "../manifest.ts";
import { bundleSnippet } from "./bundle-snippet.testing.ts";
import { PluginLoadError, createHarness, type Harness } from "./index.ts";


const LEAD = "7b2c5f9e-1d3a-4c8b-9e6f-2a1b3c4d5e6f";

const manifest: TPluginManifestInput = {
  id: "acme.pharma",
  name: { "zh-CN": "医药拜访", en: "Pharma visits" },
  description: { "zh-CN": "记录医院拜访", en: "Log hospital visits" },
  version: "1.0.0",
  publisher: { name: "Acme" },
  engines: { qudao: ">=0.1.0" },
  surfaces: ["portal"],
  categories: ["industry"],
  permissions: ["records:read:lead", "tasks:create"],
  settings: [{ key: "followUpDays", type: "integer", label: { "zh-CN": "跟进天数", en: "Follow-up days" }, default: 3 }],
  hooks: [
    { name: "checkVisit", kind: "validate", object: "acme_pharma__visit", failMode: "closed" },
    { name: "spin", kind: "validate", object: "acme_pharma__visit", failMode: "open" },
    { name: "onLeadCreated", kind: "event", events: ["lead.created"] },
  ],
};

const hooksCode = bundleSnippet(`
sdk.definePlugin({
  hooks: {
    checkVisit: (ctx) => (ctx.record.summary ? [] : [{ field: "summary", messageKey: "visit.summaryRequired" }]),
    spin: () => { while (true) {} },
    onLeadCreated: (ctx) => {
      const lead = ctx.records.get("lead", ctx.event.payload.leadId);
      if (!lead) return [];
      const due = new Date(Date.parse(ctx.now) + Number(ctx.settings.followUpDays) * 86400000).toISOString();
      return [{ type: "createTask", title: "Visit " + lead.name, dueAt: due, related: { object: "lead", id: lead.id } }];
    },
  },
});
`);

const testsCode = bundleSnippet(`
sdk.test("a visit without summary is refused", () => {
  sdk.expect(sdk.invoke("checkVisit", { record: {} })).toEqual([{ field: "summary", messageKey: "visit.summaryRequired" }]);
});
sdk.test("a new lead gets a follow-up task", () => {
  const intents = sdk.invoke("onLeadCreated", { event: { payload: { leadId: "${LEAD}" } } }, { records: [{ object: "lead", id: "${LEAD}", name: "Ann" }] });
  sdk.expect(intents).toMatchObject([{ type: "createTask", title: "Visit Ann", dueAt: "2026-01-08T01:00:00.000Z" }]);
});
sdk.test("a wrong expectation fails", () => {
  console.log("about to fail");
  sdk.expect(sdk.invoke("checkVisit", { record: { summary: "ok" } })).toHaveLength(1);
});
sdk.test("a runaway test is stopped", () => { while (true) {} });
sdk.test("the sandbox is back after the runaway", () => {
  sdk.expect(sdk.invoke("checkVisit", { record: { summary: "ok" } })).toEqual([]);
});
sdk.test("an undeclared hook", () => { sdk.invoke("nope", {}); });
sdk.test("a plain exception", () => { throw new RangeError("bad fixture"); });
`);

const locales = { "zh-CN": { "visit.summaryRequired": "请填写拜访摘要" }, en: { "visit.summaryRequired": "Please write a summary" } };

let harness: Harness | undefined;
afterEach(() => harness?.dispose());

describe("createHarness", () => {
  it("runs each test in the sandbox and reports what failed and why", async () => {
    harness = createHarness({ manifest, hooksCode, testsCode, locales });
    const results = await harness.runTests();
    expect(results.map((r) => [r.name, r.passed, r.error?.code ?? null])).toEqual([
      ["a visit without summary is refused", true, null],
      ["a new lead gets a follow-up task", true, null],
      ["a wrong expectation fails", false, "assertion_failed"],
      ["a runaway test is stopped", false, "cpu_limit"],
      ["the sandbox is back after the runaway", true, null],
      ["an undeclared hook", false, "unknown_hook"],
      ["a plain exception", false, "test_threw"],
    ]);
    expect(results[2]).toMatchObject({
      error: { messageKey: "pluginRuntime.test.assertion_failed", params: { matcher: "toHaveLength", expected: "length 1", received: "[]" } },
      logs: [{ level: "log", text: "about to fail" }],
    });
    expect(results[3]!.error).toMatchObject({ messageKey: "pluginRuntime.invocation.cpu_limit", params: { limitMs: 2000 } });
    expect(results[3]!.cpuMicros).toBeGreaterThanOrEqual(2_000_000);
    expect(results[5]!.error).toMatchObject({ messageKey: "pluginRuntime.test.unknown_hook", params: { hook: "nope" } });
    expect(results[6]!.error?.message).toContain("RangeError: bad fixture");
  });

  it("invokes a hook under exactly the production limits", async () => {
    harness = createHarness({ manifest, hooksCode, testsCode: null, locales });
    const result = await harness.invoke("spin", { record: {} });
    expect(result.outcome).toBe("timeout");
    expect(result.error).toMatchObject({ code: "cpu_limit", params: { limitMs: 50 } });
  });

  it("fills the context from the manifest and serves fixture records", async () => {
    harness = createHarness({ manifest, hooksCode, locales, now: "2026-02-01T00:00:00.000Z" });
    const result = await harness.invoke("onLeadCreated", { event: { payload: { leadId: LEAD } } }, { records: [{ object: "lead", id: LEAD, name: "Ann" }] });
    expect(result.outcome).toBe("ok");
    expect(result.intents).toEqual([{ type: "createTask", title: "Visit Ann", dueAt: "2026-02-04T00:00:00.000Z", related: { object: "lead", id: LEAD } }]);
    expect(result.readRounds).toBe(2);
  });

  it("a hook the manifest does not declare is reported as such", async () => {
    harness = createHarness({ manifest, hooksCode, locales });
    const result = await harness.invoke("checkVist");
    expect(result.outcome).toBe("missing_hook");
    expect(result.error?.code).toBe("hook_not_declared");
  });

  it("code that fails to load makes runTests throw PluginLoadError", async () => {
    harness = createHarness({ manifest, hooksCode: `throw new Error("broken build")`, testsCode, locales });
    const failure = await harness.runTests().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PluginLoadError);
    expect((failure as PluginLoadError).failure).toMatchObject({ code: "load_failed", message: expect.stringContaining("broken build") });
  });

  it("a bundle built on the SDK passes the static scan, tests included", () => {
    expect(scanHooksBundle(hooksCode)).toEqual([]);
    expect(scanHooksBundle(testsCode)).toEqual([]);
  });
});
