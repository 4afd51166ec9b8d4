/**
 * Commission rule types contributed by a plugin (ADR 025), through real statement generation on a
 * real database. A plugin packed by `qudao-plugin pack` (hooks: plugin-rule-types.test-plugin.ts,
 * money by the SDK's decimal helper), uploaded, approved and installed platform-wide, offers two rule
 * types: credit by distributor flow data (records the plugin reads, for partners without orders too)
 * and a tiered volume rebate per product line per quarter. A plan version names them with params
 * (checked when saved). Statements then hold exactly the expected lines, to the cent, explained in
 * the plugin's words; a rerun writes nothing; a hook that throws or returns a bad line fails that
 * partner's statement only, with a translated error naming the plugin, writes none of its lines and
 * is recorded for the developer. Periods are in 2021, which no other test file uses.
 */
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, copyFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "@qudao/plugins/cli";
import type { Actor } from "../../actor/index.ts";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { baseDb, disconnectDb, runAsActor } from "../../db/index.ts";
import { env } from "../../env/index.ts";
import { translator } from "../../i18n/index.ts";
import { api, apiToken, createTestDeveloper, createTestPartner, createTestPartnerUser, createTestPlatformUser, type TestPartnerUser } from "../../testing/index.ts";
import { flushHookStats, forgetInstalledPlugins, resetPluginHost } from "../plugins/index.ts";
import { registerCustomer } from "../registrations/index.ts";
import { formatMoney, sumDecimals } from "../money.rules.ts";
import { periodBounds } from "./periods.rules.ts";
import { isPluginRuleFailure } from "./plugin-rules.service.ts";
import { generatePartnerStatement, generationContext, loadPlanVersions, partnersToGenerate } from "./statement-generation.service.ts";
import { executeStatementRun } from "./statement-run.service.ts";

const tag = `c${randomBytes(4).toString("hex")}`;
const PLUGIN_ID = `acme.${tag}`;
const NS = `acme_${tag}`;
const SELLOUT = `${NS}__sellout`;
const FLOW = `${NS}__flowCredit`;
const REBATE = `${NS}__tieredRebate`;
const PERMISSIONS = [`records:write:${SELLOUT}`];
const EAST = `EAST-${tag}`;
const EN = { "accept-language": "en" };
const en = translator("en");
const zh = translator("zh-CN");
const label = (zhText: string, enText: string) => ({ "zh-CN": zhText, en: enText });

const manifest = {
  id: PLUGIN_ID,
  name: label("行业佣金规则测试", "Acme industry rules"),
  description: label("按流向计佣与季度阶梯返利", "Flow-data credit and quarterly tiered rebates"),
  version: "1.0.0",
  publisher: { name: "Acme" },
  engines: { qudao: ">=0.1.0" },
  surfaces: ["platform", "portal"],
  categories: ["finance"],
  permissions: PERMISSIONS,
  hooks: [
    { name: "flowCredit", kind: "commission" },
    { name: "tieredRebate", kind: "commission" },
  ],
  contributes: {
    objects: [
      {
        name: SELLOUT,
        label: label("流向", "Sell-out"),
        labelPlural: label("流向", "Sell-outs"),
        titleField: "hospital",
        fields: [
          { name: "hospital", type: "text", label: label("医院", "Hospital"), required: true },
          { name: "territory", type: "text", label: label("辖区", "Territory"), required: true },
          { name: "month", type: "text", label: label("月份", "Month"), required: true },
          { name: "amount", type: "decimal", label: label("金额", "Amount"), required: true },
        ],
        views: { list: { columns: ["hospital", "month", "amount"] }, detail: { sections: [{ title: label("流向", "Sell-out"), fields: ["hospital", "territory", "month", "amount"] }] }, form: { fields: ["hospital", "territory", "month", "amount"] } },
      },
    ],
    commissionRuleTypes: [
      {
        name: FLOW,
        label: label("按流向计佣", "Credit by flow data"),
        hook: "flowCredit",
        runFor: "activePartners",
        params: [{ name: "rate", type: "decimal", label: label("费率", "Rate"), required: true, min: 0, max: 1 }],
      },
      {
        name: REBATE,
        label: label("季度阶梯返利", "Tiered volume rebate"),
        hook: "tieredRebate",
        params: [
          { name: "productLine", type: "text", label: label("产品线", "Product line"), required: true },
          { name: "tier1Min", type: "decimal", label: label("第一档起点", "Break 1"), required: true },
          { name: "tier1Rate", type: "decimal", label: label("第一档费率", "Rate 1"), required: true, min: 0, max: 1 },
          { name: "tier2Min", type: "decimal", label: label("第二档起点", "Break 2") },
          { name: "tier2Rate", type: "decimal", label: label("第二档费率", "Rate 2"), min: 0, max: 1 },
          { name: "tier3Min", type: "decimal", label: label("第三档起点", "Break 3") },
          { name: "tier3Rate", type: "decimal", label: label("第三档费率", "Rate 3"), min: 0, max: 1 },
        ],
      },
    ],
  },
};

const locales = {
  "zh-CN": { "line.flowCredit": "{{hospital}} {{month}} 流向 {{amount}}", "line.rebate": "{{productLine}} 自 {{from}} 起本季采购额 {{volume}}" },
  en: { "line.flowCredit": "Sell-out at {{hospital}} in {{month}}: {{amount}}", "line.rebate": "{{productLine}} bought since {{from}}: {{volume}}" },
};

/** A plugin project on disk, packed by the CLI as a developer would: the hooks bundled with the SDK. */
async function packPlugin(): Promise<Record<string, unknown>> {
  const dir = path.join(tmpdir(), `qudao-commission-plugin-${tag}`);
  mkdirSync(path.join(dir, "src"), { recursive: true });
  mkdirSync(path.join(dir, "locales"), { recursive: true });
  writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  writeFileSync(path.join(dir, "locales", "zh-CN.json"), JSON.stringify(locales["zh-CN"]));
  writeFileSync(path.join(dir, "locales", "zh-TW.json"), JSON.stringify(locales["zh-CN"]));
  writeFileSync(path.join(dir, "locales", "en.json"), JSON.stringify(locales.en));
  copyFileSync(fileURLToPath(new URL("./plugin-rule-types.test-plugin.ts", import.meta.url)), path.join(dir, "src", "hooks.ts"));
  const out: string[] = [];
  const code = await runCli(["pack", dir], { cwd: dir, env: { ...process.env, QUDAO_LOCALE: "en" }, stdout: (chunk) => void out.push(chunk), stderr: (chunk) => void out.push(chunk) });
  if (code !== 0) throw new Error(`pack failed: ${out.join("")}`);
  const pkg = JSON.parse(readFileSync(path.join(dir, "dist", `${PLUGIN_ID}-1.0.0.qpkg`), "utf8")) as Record<string, unknown>;
  rmSync(dir, { recursive: true, force: true });
  return pkg;
}

let finance: string, platformAdmin: string;
let installId: string;
const timeZone = env().PLATFORM_TIMEZONE;
const at = (period: string, day: number) => new Date(periodBounds(period, timeZone).start.getTime() + (day - 1) * 86_400_000 + 3 * 3_600_000);
const minute = () => randomInt(0, 59) * 60_000 + randomInt(0, 59) * 1000;

async function actorOf(userId: string): Promise<Actor> {
  return (await actorForUserId(userId, "session"))!.actor;
}

type Item = { sku: string; category: string; quantity: string; unitPrice: string };

/** A partner with an admin and a customer of its own (registered before 2021), ready for orders. */
async function partnerWith(opts: { tier?: "bronze" | "silver" | "gold"; region?: string | null } = {}) {
  const partner = await createTestPartner({ tier: opts.tier ?? "bronze", region: opts.region ?? null, name: `佣金插件 ${tag} ${randomUUID().slice(0, 6)}` });
  const admin = await createTestPartnerUser(partner.id, "admin");
  const actor = await actorOf(admin.id);
  const decision = await runAsActor(actor, () =>
    registerCustomer(actor, { customer: { kind: "company", name: `插件规则测试${randomUUID().slice(0, 8)}有限公司`, phone: `135${String(randomInt(0, 1e8)).padStart(8, "0")}`, city: "无锡" } }, "zh-CN", new Date("2020-12-10T02:00:00Z")),
  );
  expect(decision.status).toBe("accepted");
  return { id: partner.id, tier: partner.tier, admin, customerId: decision.customerId! };
}

async function order(partner: { customerId: string }, orderedAt: Date, items: Item[]): Promise<string> {
  const response = await api("POST", "/orders", { token: finance, body: { externalId: `PRT-${tag}-${randomUUID()}`, customerId: partner.customerId, orderedAt: orderedAt.toISOString(), currency: "CNY", items } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
}

async function sellout(token: string, values: { hospital: string; territory: string; month: string; amount: string }): Promise<string> {
  const response = await api("POST", `/records/${SELLOUT}`, { token, body: { object: SELLOUT, values } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
}

async function activatePlan(name: string, effectiveFrom: Date, rules: Record<string, unknown>): Promise<string> {
  const created = await api("POST", "/commission-plans", { token: finance, body: { name, effectiveFrom: effectiveFrom.toISOString(), rules } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await api("POST", `/commission-plans/${created.body.id}/activate`, { token: finance })).status).toBe(200);
  return created.body.id as string;
}

/** The stored lines of a partner's period: what a rerun must leave exactly as it is. */
function linesOf(partnerId: string, period: string) {
  return baseDb().commissionLine.findMany({ where: { partnerId, period }, orderBy: { key: "asc" } });
}

const shown = (lines: Awaited<ReturnType<typeof linesOf>>) => lines.map((l) => [l.kind, l.key.startsWith("plugin:") ? l.key.split(":").slice(0, 4).join(":") : l.key.split(":")[0], l.base.toFixed(), l.rate?.toFixed() ?? null, l.amount.toFixed(2)]);

async function generate(partner: { id: string; tier: string }, period: string) {
  return generatePartnerStatement({ id: partner.id, tier: partner.tier as "bronze" }, period, generationContext(await loadPlanVersions()));
}

const REBATE_PUMPS = { type: REBATE, window: "quarter", params: { productLine: "pumps", tier1Min: "10000", tier1Rate: "0.02", tier2Min: "50000", tier2Rate: "0.035", tier3Min: "100000", tier3Rate: "0.05" } };
const REBATE_VALVES = { type: REBATE, window: "quarter", params: { productLine: "valves", tier1Min: "1", tier1Rate: "0.01" } };

beforeAll(async () => {
  const [developer, reviewer, admin, financeUser] = await Promise.all([createTestDeveloper(), createTestPlatformUser(["reviewer"]), createTestPlatformUser(["admin"]), createTestPlatformUser(["finance"])]);
  const devToken = await apiToken(developer);
  const reviewerToken = await apiToken(reviewer);
  platformAdmin = await apiToken(admin);
  finance = await apiToken(financeUser);

  const pkg = await packPlugin();
  const uploaded = await api("POST", `/plugins/${PLUGIN_ID}/versions`, { token: devToken, body: pkg });
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  expect(uploaded.body.status, JSON.stringify(uploaded.body.checks)).toBe("in_review");
  expect((await api("POST", `/plugin-reviews/${uploaded.body.id}/approve`, { token: reviewerToken, body: {} })).status).toBe(200);
  // The commission plan is the platform's: only a platform-wide install can compute its rules.
  const installed = await api("POST", "/plugin-installs", { token: platformAdmin, body: { pluginId: PLUGIN_ID, scope: "platform", consentedPermissions: PERMISSIONS } });
  expect(installed.status, JSON.stringify(installed.body)).toBe(201);
  installId = installed.body.id as string;
  forgetInstalledPlugins();
}, 180_000);

afterAll(async () => {
  await flushHookStats();
  // Other test files share the database: the platform-wide install goes away with this file.
  if (installId) await api("POST", `/plugin-installs/${installId}/uninstall`, { token: platformAdmin });
  resetPluginHost();
  await disconnectDb();
});

describe("a plan version naming plugin rule types", () => {
  const rule = (overrides: Record<string, unknown>) => ({ rates: [{ rate: "0.01" }], pluginRules: [{ type: FLOW, params: { rate: "0.03" }, ...overrides }] });
  const save = (rules: unknown) => api("POST", "/commission-plans", { token: finance, headers: EN, body: { name: `校验 ${tag}`, effectiveFrom: new Date(Date.UTC(2100 + randomInt(0, 800), randomInt(0, 12), 3)).toISOString(), rules } });

  it.each([
    ["a rule type no platform-wide plugin provides", rule({ type: `${NS}__nope` }), "rules.pluginRules.0.type", () => en("commissionPluginRules.errors.ruleTypeNotInstalled", { type: `${NS}__nope` })],
    ["a required param left out", rule({ params: {} }), "rules.pluginRules.0.params.rate", () => en("errors.field.required")],
    ["a decimal param that is not a number", rule({ params: { rate: "3%" } }), "rules.pluginRules.0.params.rate", () => en("plugins.values.decimal")],
    ["a param above its declared max", rule({ params: { rate: "1.5" } }), "rules.pluginRules.0.params.rate", () => en("plugins.values.max", { max: 1 })],
    ["a param the rule type does not declare", rule({ params: { rate: "0.03", bonus: "1" } }), "rules.pluginRules.0.params.bonus", () => en("plugins.values.unknownField")],
    ["a window other than month or quarter", rule({ window: "year" }), "rules.pluginRules.0.window", () => en("errors.field.invalidOption")],
    ["a key a plugin rule does not have", rule({ every: "month" }), "rules.pluginRules.0", () => en("commissions.errors.unknownRule")],
    ["a type that is not namespaced", rule({ type: "flowCredit" }), "rules.pluginRules.0.type", () => en("commissionPluginRules.errors.typeFormat")],
  ])("refuses %s, in the reader's language, and saves nothing", async (_name, rules, pathName, message) => {
    const before = await baseDb().commissionPlan.count();
    const refused = await save(rules);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toContainEqual({ path: pathName, message: message() });
    expect(await baseDb().commissionPlan.count()).toBe(before);
  });

  it("saves params as the rule type declares them (optional ones left out are null)", async () => {
    const saved = await save({ rates: [{ rate: "0.01" }], pluginRules: [{ type: REBATE, params: { productLine: " pumps ", tier1Min: "10000", tier1Rate: "0.02" } }] });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body.rules.pluginRules).toEqual([
      { type: REBATE, window: "month", params: { productLine: "pumps", tier1Min: "10000", tier1Rate: "0.02", tier2Min: null, tier2Rate: null, tier3Min: null, tier3Rate: null } },
    ]);
    // The editor lists the rule types with their declared params.
    const types = await api("GET", "/commission-rule-types", { token: finance });
    expect(types.status).toBe(200);
    expect(types.body.find((t: { type: string }) => t.type === REBATE)).toMatchObject({ pluginId: PLUGIN_ID, label: { en: "Tiered volume rebate" }, runFor: "partnersWithOrders", params: expect.arrayContaining([expect.objectContaining({ name: "tier1Min", type: "decimal", required: true })]) });
    expect(types.body.find((t: { type: string }) => t.type === FLOW)).toMatchObject({ runFor: "activePartners" });
  });
});

describe("statements with plugin rules", () => {
  // Q1 2021: flow credit monthly at 3 %, pump and valve rebates quarterly; Q2: a pump rebate only; 2022: items only.
  let q1Plan: string;
  let east: Awaited<ReturnType<typeof partnerWith>>;
  const rebatePartners: Record<string, Awaited<ReturnType<typeof partnerWith>>> = {};
  const flowRecords: Record<string, string> = {};
  let otherPartnersRecord: string;

  beforeAll(async () => {
    q1Plan = await activatePlan(`插件规则 Q1 ${tag}`, new Date(Date.UTC(2020, 11, 31, 16) + minute()), { rates: [{ rate: "0.01" }], pluginRules: [{ type: FLOW, params: { rate: "0.03" } }, REBATE_PUMPS, REBATE_VALVES] });
    await activatePlan(`插件规则 Q2 ${tag}`, new Date(Date.UTC(2021, 2, 31, 16) + minute()), { rates: [{ rate: "0.01" }], pluginRules: [{ type: REBATE, window: "quarter", params: { productLine: "pumps", tier1Min: "1000", tier1Rate: "0.1" } }] });
    await activatePlan(`插件规则之后 ${tag}`, new Date(Date.UTC(2021, 11, 31, 16) + minute()), { rates: [{ rate: "0.01" }] });

    // The flow partner has a territory and no orders at all.
    east = await partnerWith({ region: EAST });
    const west = await partnerWith();
    flowRecords.county = await sellout(platformAdmin, { hospital: "县医院", territory: EAST, month: "2021-02", amount: "18000.00" });
    flowRecords.city = await sellout(platformAdmin, { hospital: "市一院", territory: EAST, month: "2021-02", amount: "12345.67" });
    await sellout(platformAdmin, { hospital: "市二院", territory: EAST, month: "2021-03", amount: "5000.00" });
    await sellout(platformAdmin, { hospital: "西区医院", territory: `WEST-${tag}`, month: "2021-02", amount: "7777.77" });
    flowRecords.own = await sellout(await apiToken(east.admin), { hospital: "乡卫生院", territory: EAST, month: "2021-02", amount: "999.99" });
    // Another partner's record of the same territory: the flow partner's hook cannot read it.
    otherPartnersRecord = await sellout(await apiToken(west.admin), { hospital: "别家医院", territory: EAST, month: "2021-02", amount: "4444.44" });

    const pumps = (quantity: string, unitPrice: string): Item => ({ sku: "PUMP", category: "pumps", quantity, unitPrice });
    const valves = (quantity: string, unitPrice: string): Item => ({ sku: "VALVE", category: "valves", quantity, unitPrice });
    // Below the first break, exactly on it, across three months past the second, past the third (a half cent) with valves.
    rebatePartners.below = await partnerWith({ tier: "silver" });
    await order(rebatePartners.below, at("2021-01", 8), [pumps("1", "9999.99")]);
    await order(rebatePartners.below, at("2021-04", 2), [pumps("1", "500.00")]);
    rebatePartners.onBreak = await partnerWith();
    await order(rebatePartners.onBreak, at("2021-02", 14), [pumps("4", "2500.00")]);
    rebatePartners.second = await partnerWith({ tier: "gold" });
    for (const month of ["2021-01", "2021-02", "2021-03"]) await order(rebatePartners.second, at(month, 20), [pumps("1", "16683.35")]);
    rebatePartners.third = await partnerWith();
    await order(rebatePartners.third, at("2021-03", 3), [pumps("2.5", "40040.04"), valves("2", "10000.00")]);
  }, 180_000);

  it("credit by flow data: one earn line per sell-out record of the partner's territory and month that the plugin may read", async () => {
    // A partner with no orders is visited only because the rule type runs for every active partner.
    expect((await partnersToGenerate("2021-02", generationContext(await loadPlanVersions()))).map((p) => p.id)).toContain(east.id);
    expect((await partnersToGenerate("2019-02", generationContext(await loadPlanVersions()))).map((p) => p.id)).not.toContain(east.id);

    const outcome = await generate(east, "2021-02");
    expect(outcome).toMatchObject({ created: 3, updated: 0, removed: 0 });
    const lines = await linesOf(east.id, "2021-02");
    expect(lines.map((l) => [l.kind, l.base.toFixed(2), l.rate?.toFixed(), l.amount.toFixed(2), (l.detail as { sourceRef: { id: string } }).sourceRef.id, l.planVersionId]).sort((a, b) => String(a[1]).localeCompare(String(b[1])))).toEqual([
      ["earn", "12345.67", "0.03", "370.37", flowRecords.city, q1Plan],
      ["earn", "18000.00", "0.03", "540.00", flowRecords.county, q1Plan],
      ["earn", "999.99", "0.03", "30.00", flowRecords.own, q1Plan],
    ]);
    expect(lines.every((l) => l.orderId === null && l.key.startsWith(`plugin:2021-02:0:${FLOW}:${SELLOUT}:`))).toBe(true);
    expect(lines.some((l) => JSON.stringify(l.detail).includes(otherPartnersRecord))).toBe(false);

    // The statement explains each line in the plugin's words, in the reader's language.
    const list = await api("GET", `/statements?period=2021-02&partnerId=${east.id}`, { token: finance });
    const statement = await api("GET", `/statements/${list.body.items[0].id}`, { token: finance, headers: EN });
    expect(statement.body).toMatchObject({ earnTotal: "940.37", bonusTotal: "0.00", total: "940.37", lineCount: 3 });
    const county = statement.body.lines.find((l: { detail: { sourceRef: { id: string } } }) => l.detail.sourceRef.id === flowRecords.county);
    expect(county).toMatchObject({ kind: "earn", amount: "540.00", rate: "0.03", planVersionId: q1Plan });
    expect(county.detail).toMatchObject({
      plugin: { id: PLUGIN_ID, version: "1.0.0", name: { en: "Acme industry rules" } },
      ruleType: FLOW,
      ruleLabel: { en: "Credit by flow data", "zh-TW": "按流向計傭" },
      description: { messageKey: "line.flowCredit", text: { en: "Sell-out at 县医院 in 2021-02: 18000.00", "zh-CN": "县医院 2021-02 流向 18000.00" } },
    });
  });

  it("a rerun writes nothing; new flow data is picked up by the next generation", async () => {
    const before = await linesOf(east.id, "2021-02");
    expect(await generate(east, "2021-02")).toMatchObject({ created: 0, updated: 0, removed: 0 });
    expect(await linesOf(east.id, "2021-02")).toEqual(before);

    await sellout(platformAdmin, { hospital: "中心医院", territory: EAST, month: "2021-02", amount: "100.10" });
    expect(await generate(east, "2021-02")).toMatchObject({ created: 1, updated: 0, removed: 0 });
    const added = (await linesOf(east.id, "2021-02")).find((l) => !before.some((b) => b.key === l.key))!;
    // 100.10 × 0.03 = 3.003 → 3.00
    expect([added.base.toFixed(2), added.amount.toFixed(2)]).toEqual(["100.10", "3.00"]);
  });

  // partner, expected March lines (kind, key kind, base, rate, amount)
  const q1: Array<[string, Array<[string, string, string, string | null, string]>]> = [
    ["below", []],
    ["onBreak", [["bonus", `plugin:2021-03:1:${REBATE}`, "10000", "0.02", "200.00"]]],
    [
      "second",
      [
        ["earn", "earn", "16683.35", "0.01", "166.83"],
        ["bonus", `plugin:2021-03:1:${REBATE}`, "50050.05", "0.035", "1751.75"],
      ],
    ],
    [
      "third",
      [
        ["earn", "earn", "100100.1", "0.01", "1001.00"],
        ["earn", "earn", "20000", "0.01", "200.00"],
        // 100100.10 × 0.05 = 5005.005: the plugin rounds half-up (the host would say 5005.00; both are within half a cent).
        ["bonus", `plugin:2021-03:1:${REBATE}`, "100100.1", "0.05", "5005.01"],
        ["bonus", `plugin:2021-03:2:${REBATE}`, "20000", "0.01", "200.00"],
      ],
    ],
  ];

  it.each(q1)("tiered quarterly rebate, partner %s: the March statement holds exactly these lines", async (name, expected) => {
    const partner = rebatePartners[name]!;
    for (const period of ["2021-01", "2021-02", "2021-03"]) await generate(partner, period);
    // Only the quarter's last month settles the rebate, over the quarter's orders (not April's).
    for (const period of ["2021-01", "2021-02"]) expect((await linesOf(partner.id, period)).filter((l) => l.key.startsWith("plugin:"))).toEqual([]);
    const march = await linesOf(partner.id, "2021-03");
    const sorted = (rows: Array<Array<string | null | undefined>>) => [...rows].sort((a, b) => `${a[0]}${a[1]}${a[4]}`.localeCompare(`${b[0]}${b[1]}${b[4]}`));
    expect(sorted(shown(march))).toEqual(sorted(expected));
    const statement = await baseDb().commissionStatement.findUnique({ where: { partnerId_period: { partnerId: partner.id, period: "2021-03" } } });
    if (expected.length === 0) expect(statement).toBeNull();
    else expect(statement!.total.toFixed(2)).toBe(formatMoney(sumDecimals(expected.map((line) => line[4]))));

    // Rerunning every month writes nothing.
    const stored = await baseDb().commissionLine.findMany({ where: { partnerId: partner.id }, orderBy: { id: "asc" } });
    for (const period of ["2021-01", "2021-02", "2021-03"]) expect(await generate(partner, period)).toMatchObject({ created: 0, updated: 0, removed: 0 });
    expect(await baseDb().commissionLine.findMany({ where: { partnerId: partner.id }, orderBy: { id: "asc" } })).toEqual(stored);
  });

  it("the period's reconciliation still balances: plugin lines count in the statements, not as items' earn lines", async () => {
    const response = await api("GET", "/reconciliation/2021-02", { token: finance });
    expect(response.status).toBe(200);
    expect(response.body.findings).toBe(0);
    expect(response.body.checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
    // Σ earn = the flow partner's 943.37 of plugin lines + 100.00 and 166.83 on the February items.
    expect(response.body.lines.earn).toMatchObject({ count: 6, amount: "1210.20" });
  });

  it("a line naming a record the plugin cannot read refuses the partner's statement, in words naming the plugin", async () => {
    const sneaky = await partnerWith({ region: `BAD-SOURCE:${otherPartnersRecord}` });
    await order(sneaky, at("2021-03", 5), [{ sku: "PUMP", category: "pumps", quantity: "1", unitPrice: "20000.00" }]);
    const failure = await generate(sneaky, "2021-03").then(
      () => null,
      (error: unknown) => error,
    );
    expect(isPluginRuleFailure(failure)).toBe(true);
    if (!isPluginRuleFailure(failure)) return;
    expect(en(failure.i18nKey, failure.params)).toBe(
      "Line 1 returned by the commission rule “Tiered volume rebate” of the plugin “Acme industry rules” is invalid: the source record does not exist or the plugin may not read it. This partner's statement for the period was not generated.",
    );
    expect(zh(failure.i18nKey, failure.params)).toContain("插件“行业佣金规则测试”的佣金规则“季度阶梯返利”返回的第 1 行无效");
    expect(await baseDb().commissionStatement.count({ where: { partnerId: sneaky.id } })).toBe(0);
    expect(await baseDb().commissionLine.count({ where: { partnerId: sneaky.id } })).toBe(0);
    expect(await baseDb().pluginError.findFirst({ where: { pluginId: PLUGIN_ID, partnerId: sneaky.id } })).toMatchObject({ hook: "tieredRebate", outcome: "invalid_output", code: "commission_line_sourceUnreadable" });
  });

  it("a run: a hook that throws or returns bad lines fails those partners only, writes none of their lines, and says why per partner", async () => {
    const good = await partnerWith({ region: "NORTH" });
    await order(good, at("2021-05", 10), [{ sku: "PUMP", category: "pumps", quantity: "1", unitPrice: "2000.00" }]);
    const thrower = await partnerWith({ region: "NORTH" });
    await order(thrower, at("2021-06", 4), [{ sku: "PUMP", category: "pumps", quantity: "3", unitPrice: "1000.00" }]);
    const badOrder = await partnerWith({ region: "BAD-ORDER" });
    await order(badOrder, at("2021-06", 5), [{ sku: "PUMP", category: "pumps", quantity: "1", unitPrice: "1500.00" }]);
    const badAmount = await partnerWith({ region: "BAD-AMOUNT" });
    await order(badAmount, at("2021-06", 6), [{ sku: "PUMP", category: "pumps", quantity: "1", unitPrice: "1234.56" }]);

    // The thrower's statement was generated while its hook still worked; it must stay exactly as it was.
    await generate(thrower, "2021-06");
    const throwerBefore = await linesOf(thrower.id, "2021-06");
    expect(shown(throwerBefore)).toEqual([
      ["earn", "earn", "3000", "0.01", "30.00"],
      ["bonus", `plugin:2021-06:0:${REBATE}`, "3000", "0.1", "300.00"],
    ]);
    await baseDb().partner.update({ where: { id: thrower.id }, data: { region: "THROW" } });

    const run = await baseDb().commissionRun.create({ data: { period: "2021-06", kind: "generate" } });
    await executeStatementRun(run.id);
    const job = await api("GET", `/jobs/${run.id}`, { token: finance, headers: EN });
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ status: "failed", failure: en("commissionPluginRules.errors.runPartnersFailed") });
    const failures = new Map((job.body.result.summary.pluginFailures as Array<{ partnerId: string; message: string }>).map((f) => [f.partnerId, f.message]));
    expect(failures.get(thrower.id)).toBe("The commission rule “Tiered volume rebate” of the plugin “Acme industry rules” failed (the plugin's code failed); this partner's statement for the period was not generated.");
    expect(failures.get(badOrder.id)).toBe(
      "Line 1 returned by the commission rule “Tiered volume rebate” of the plugin “Acme industry rules” is invalid: the order is not one the plugin was given for the period. This partner's statement for the period was not generated.",
    );
    expect(failures.get(badAmount.id)).toBe("The commission rule “Tiered volume rebate” of the plugin “Acme industry rules” failed (its answer has the wrong shape); this partner's statement for the period was not generated.");
    expect(failures.has(good.id)).toBe(false);

    // The others' statements are generated; the failed partners' hold none of this run's lines.
    expect(shown(await linesOf(good.id, "2021-06"))).toEqual([["bonus", `plugin:2021-06:0:${REBATE}`, "2000", "0.1", "200.00"]]);
    expect(await linesOf(thrower.id, "2021-06")).toEqual(throwerBefore);
    expect(await baseDb().commissionStatement.count({ where: { partnerId: { in: [badOrder.id, badAmount.id] } } })).toBe(0);

    // Each failure is recorded for the developer.
    const errors = await baseDb().pluginError.findMany({ where: { pluginId: PLUGIN_ID, partnerId: { in: [thrower.id, badOrder.id, badAmount.id] } } });
    expect(errors.map((e) => [e.partnerId, e.hook, e.outcome, e.code]).sort()).toEqual(
      [
        [thrower.id, "tieredRebate", "error", "hook_threw"],
        [badOrder.id, "tieredRebate", "invalid_output", "commission_line_orderNotInInputs"],
        [badAmount.id, "tieredRebate", "invalid_output", "output_invalid"],
      ].sort(),
    );
    expect(errors.find((e) => e.partnerId === thrower.id)!.message).toContain("no flow feed for this territory");

    // An admin re-enables what the failures counted towards (the breaker stops at five).
    await baseDb().pluginInstall.update({ where: { id: installId }, data: { breakerResetAt: new Date(), consecutiveFailures: 0 } });

    // A simulation of a richer rebate over the same quarter runs the hooks too: it compares the partners it could
    // compute, lists the ones it could not, and writes nothing.
    const draft = await api("POST", "/commission-plans", {
      token: finance,
      body: { name: `返利模拟 ${tag}`, effectiveFrom: new Date(Date.UTC(2100 + randomInt(0, 800), randomInt(0, 12), 4)).toISOString(), rules: { rates: [{ rate: "0.01" }], pluginRules: [{ type: REBATE, window: "quarter", params: { productLine: "pumps", tier1Min: "1000", tier1Rate: "0.2" } }] } },
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const goodBefore = await linesOf(good.id, "2021-06");
    const simulation = await baseDb().commissionRun.create({ data: { period: "2021-06", kind: "simulate", planId: draft.body.id } });
    await executeStatementRun(simulation.id);
    const result = await api("GET", `/commission-plans/${draft.body.id}/simulations/${simulation.id}`, { token: finance, headers: EN });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ status: "failed", failure: en("commissionPluginRules.errors.simulationPartnersFailed") });
    const amounts = (bonus: string, earn = "0.00") => ({ earn, clawback: "0.00", bonus, cap: "0.00", total: formatMoney(sumDecimals([earn, bonus])) });
    // The good partner's May order: 2000.00 of pumps, 10 % now, 20 % in the draft (its June statement has no items).
    expect(result.body.partners.find((p: { partnerId: string }) => p.partnerId === good.id)).toMatchObject({ current: amounts("200.00"), simulated: amounts("400.00"), difference: amounts("200.00") });
    expect(result.body.pluginFailures.map((f: { partnerId: string }) => f.partnerId).sort()).toEqual([thrower.id, badOrder.id, badAmount.id].sort());
    expect(result.body.pluginFailures.find((f: { partnerId: string }) => f.partnerId === thrower.id).message).toContain("“Acme industry rules” failed (the plugin's code failed)");
    expect(await linesOf(good.id, "2021-06")).toEqual(goodBefore);
    await baseDb().pluginInstall.update({ where: { id: installId }, data: { breakerResetAt: new Date(), consecutiveFailures: 0 } });
  }, 120_000);
});
