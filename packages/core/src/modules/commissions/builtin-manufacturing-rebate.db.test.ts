/**
 * The manufacturing plugin's rebate rule type (`<ns>__tieredRebate`: a tiered volume rebate per product
 * line per quarter) through real statement generation on a real database. The builtin plugin directory
 * (packages/plugins/builtin/manufacturing) is packed by `qudao-plugin pack` exactly as shipped — only its
 * id and namespace renamed, because test files share one database and another may install the real
 * `qudao.manufacturing` — then uploaded (its own sandbox tests run as the review check), approved and
 * installed platform-wide, and a plan names the rule with tiers written as text.
 *
 * Cases, each a partner's Q1 2014 (the March statement settles the quarter; 2014 is used by no other
 * test file): below the first paying tier (no line), exactly on each threshold, a cent below the second,
 * whole-volume and marginal tiers, several product lines on one partner, a refund in the quarter that
 * reduces the volume exactly onto a threshold, and an April order that belongs to the next quarter.
 */
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { baseDb, disconnectDb, runAsActor } from "../../db/index.ts";
import { env } from "../../env/index.ts";
import { api, apiToken, createTestDeveloper, createTestPartner, createTestPartnerUser, createTestPlatformUser } from "../../testing/index.ts";
import { packBuiltinPluginAs } from "../../testing/builtin-plugin-package.ts";
import { flushHookStats, forgetInstalledPlugins, resetPluginHost } from "../plugins/index.ts";
import { registerCustomer } from "../registrations/index.ts";
import { periodBounds } from "./periods.rules.ts";
import { generatePartnerStatement, generationContext, loadPlanVersions } from "./statement-generation.service.ts";

const tag = randomBytes(4).toString("hex").replace(/^\d/, "a");
const PLUGIN_ID = `qudao.manufacturing${tag}`;
const NS = `qudao_manufacturing${tag}`;
const REBATE = `${NS}__tieredRebate`;
const TIERS = "0:0,500000:0.02,1000000:0.035";

let finance: string, platformAdmin: string;
let installId: string;
const timeZone = env().PLATFORM_TIMEZONE;
const at = (period: string, day: number) => new Date(periodBounds(period, timeZone).start.getTime() + (day - 1) * 86_400_000 + 3 * 3_600_000 + randomInt(0, 3_000_000));

type Item = { sku: string; category: string; quantity: string; unitPrice: string };
const item = (category: string, unitPrice: string, quantity = "1"): Item => ({ sku: category.toUpperCase(), category, quantity, unitPrice });

async function partnerWithCustomer() {
  const partner = await createTestPartner({ tier: "gold", name: `制造返利 ${tag} ${randomUUID().slice(0, 6)}` });
  const admin = await createTestPartnerUser(partner.id, "admin");
  const actor = (await actorForUserId(admin.id, "session"))!.actor;
  const decision = await runAsActor(actor, () =>
    registerCustomer(actor, { customer: { kind: "company", name: `返利测试${randomUUID().slice(0, 8)}机械有限公司`, phone: `136${String(randomInt(0, 1e8)).padStart(8, "0")}`, city: "苏州" } }, "zh-CN", new Date("2013-11-20T02:00:00Z")),
  );
  expect(decision.status).toBe("accepted");
  return { id: partner.id, tier: partner.tier, customerId: decision.customerId! };
}

async function order(partner: { customerId: string }, orderedAt: Date, items: Item[]): Promise<string> {
  const externalId = `MFG-${tag}-${randomUUID()}`;
  const response = await api("POST", "/orders", { token: finance, body: { externalId, customerId: partner.customerId, orderedAt: orderedAt.toISOString(), currency: "CNY", items } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return externalId;
}

async function generate(partner: { id: string; tier: string }, period: string) {
  return generatePartnerStatement({ id: partner.id, tier: partner.tier as "gold" }, period, generationContext(await loadPlanVersions()));
}

/** The partner's plugin lines of a period: kind, product line, base, rate, amount. */
async function rebateLines(partnerId: string, period: string) {
  const lines = await baseDb().commissionLine.findMany({ where: { partnerId, period, key: { startsWith: "plugin:" } }, orderBy: { key: "asc" } });
  return lines
    .map((l) => {
      const detail = l.detail as { ruleType: string; description: { params: { productLine: string } } };
      expect(detail.ruleType).toBe(REBATE);
      return [l.kind, detail.description.params.productLine, l.base.toFixed(2), l.rate?.toFixed() ?? null, l.amount.toFixed(2)];
    })
    .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
}

async function activatePlan(name: string, effectiveFrom: Date, rules: Record<string, unknown>): Promise<void> {
  const created = await api("POST", "/commission-plans", { token: finance, body: { name, effectiveFrom: effectiveFrom.toISOString(), rules } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await api("POST", `/commission-plans/${created.body.id}/activate`, { token: finance })).status).toBe(200);
}

beforeAll(async () => {
  const [developer, reviewer, admin, financeUser] = await Promise.all([createTestDeveloper(), createTestPlatformUser(["reviewer"]), createTestPlatformUser(["admin"]), createTestPlatformUser(["finance"])]);
  platformAdmin = await apiToken(admin);
  finance = await apiToken(financeUser);
  const { pkg, permissions } = await packBuiltinPluginAs("manufacturing", tag);
  const uploaded = await api("POST", `/plugins/${PLUGIN_ID}/versions`, { token: await apiToken(developer), body: pkg });
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  // The review checks ran the plugin's own sandbox tests: all of them passed.
  expect(uploaded.body.status, JSON.stringify(uploaded.body.checks)).toBe("in_review");
  expect((await api("POST", `/plugin-reviews/${uploaded.body.id}/approve`, { token: await apiToken(reviewer), body: {} })).status).toBe(200);
  // Commission plans are the platform's: a rule type is offered by a platform-wide install.
  const installed = await api("POST", "/plugin-installs", { token: platformAdmin, body: { pluginId: PLUGIN_ID, scope: "platform", consentedPermissions: permissions } });
  expect(installed.status, JSON.stringify(installed.body)).toBe(201);
  installId = installed.body.id as string;
  forgetInstalledPlugins();
}, 240_000);

afterAll(async () => {
  await flushHookStats();
  // Other test files share the database: the platform-wide install goes away with this file.
  if (installId) await api("POST", `/plugin-installs/${installId}/uninstall`, { token: platformAdmin });
  resetPluginHost();
  await disconnectDb();
});

describe("the quarterly tiered rebate per product line", () => {
  const partners: Record<string, Awaited<ReturnType<typeof partnerWithCustomer>>> = {};

  beforeAll(async () => {
    // Q1 2014: lathes and spare parts on whole-volume tiers, machining centres marginally; then a plan without it.
    await activatePlan(`制造返利 ${tag}`, new Date(Date.UTC(2013, 11, 31, 16) + randomInt(0, 3_000_000)), {
      rates: [{ rate: "0.01" }],
      pluginRules: [
        { type: REBATE, window: "quarter", params: { productLines: "cnc-lathe, spare-parts", tiers: TIERS, mode: "whole" } },
        { type: REBATE, window: "quarter", params: { productLines: "machining-center", tiers: TIERS, mode: "marginal" } },
      ],
    });
    await activatePlan(`制造返利之后 ${tag}`, new Date(Date.UTC(2014, 11, 31, 16) + randomInt(0, 3_000_000)), { rates: [{ rate: "0.01" }] });

    const make = async (name: string) => (partners[name] = await partnerWithCustomer());
    await make("below");
    await order(partners.below!, at("2014-02", 3), [item("cnc-lathe", "499999.99")]);
    await make("onFirst");
    await order(partners.onFirst!, at("2014-01", 15), [item("cnc-lathe", "125000.00", "4")]);
    await make("centBelowSecond");
    await order(partners.centBelowSecond!, at("2014-03", 20), [item("cnc-lathe", "999999.99")]);
    await make("onSecond");
    await order(partners.onSecond!, at("2014-01", 9), [item("cnc-lathe", "600000.00")]);
    await order(partners.onSecond!, at("2014-03", 28), [item("cnc-lathe", "400000.00")]);
    // April is the next quarter: it does not count for Q1.
    await order(partners.onSecond!, at("2014-04", 2), [item("cnc-lathe", "900000.00")]);
    await make("severalLines");
    await order(partners.severalLines!, at("2014-02", 11), [item("cnc-lathe", "400000.00", "2"), item("spare-parts", "1520000.00"), item("tooling", "9000000.00")]);
    await make("marginal");
    await order(partners.marginal!, at("2014-02", 18), [item("machining-center", "1234567.89")]);
    await make("refund");
    const refunded = await order(partners.refund!, at("2014-01", 6), [item("cnc-lathe", "600000.00"), item("spare-parts", "200000.00")]);
    await order(partners.refund!, at("2014-02", 6), [item("cnc-lathe", "445000.00")]);
    const refund = await api("POST", `/orders/${refunded}/refunds`, { token: finance, body: { externalId: `RF-${tag}-${randomUUID()}`, amount: "60000.00", refundedAt: at("2014-03", 10).toISOString() } });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
  }, 240_000);

  // partner, expected March lines: [kind, product line, base, rate, amount]
  const cases: Array<[string, Array<[string, string, string, string | null, string]>]> = [
    ["below", []],
    ["onFirst", [["bonus", "cnc-lathe", "500000.00", "0.02", "10000.00"]]],
    // 999 999.99 × 2 % = 19 999.9998 → 20 000.00
    ["centBelowSecond", [["bonus", "cnc-lathe", "999999.99", "0.02", "20000.00"]]],
    ["onSecond", [["bonus", "cnc-lathe", "1000000.00", "0.035", "35000.00"]]],
    [
      "severalLines",
      [
        ["bonus", "cnc-lathe", "800000.00", "0.02", "16000.00"],
        ["bonus", "spare-parts", "1520000.00", "0.035", "53200.00"],
      ],
    ],
    // (1 000 000 − 500 000) × 2 % + 234 567.89 × 3.5 % = 10 000 + 8 209.88 (8 209.876150 to the cent), no single rate.
    ["marginal", [["bonus", "machining-center", "1234567.89", null, "18209.88"]]],
    // 1 045 000 of lathes less 3⁄4 of the 60 000 refund = 1 000 000.00, exactly on the threshold; parts 185 000 earn nothing.
    ["refund", [["bonus", "cnc-lathe", "1000000.00", "0.035", "35000.00"]]],
  ];

  it.each(cases)("partner %s: the March statement holds exactly these rebate lines, January and February none", async (name, expected) => {
    const partner = partners[name]!;
    for (const period of ["2014-01", "2014-02", "2014-03"]) await generate(partner, period);
    expect(await rebateLines(partner.id, "2014-01")).toEqual([]);
    expect(await rebateLines(partner.id, "2014-02")).toEqual([]);
    expect(await rebateLines(partner.id, "2014-03")).toEqual(expected);
    // A rerun writes nothing.
    const stored = await baseDb().commissionLine.findMany({ where: { partnerId: partner.id }, orderBy: { id: "asc" } });
    for (const period of ["2014-01", "2014-02", "2014-03"]) expect(await generate(partner, period)).toMatchObject({ created: 0, updated: 0, removed: 0 });
    expect(await baseDb().commissionLine.findMany({ where: { partnerId: partner.id }, orderBy: { id: "asc" } })).toEqual(stored);
  });

  it("the statement explains a rebate line in the plugin's words, in the reader's language", async () => {
    const partner = partners.onSecond!;
    await generate(partner, "2014-03");
    const list = await api("GET", `/statements?period=2014-03&partnerId=${partner.id}`, { token: finance });
    const statement = await api("GET", `/statements/${list.body.items[0].id}`, { token: finance, headers: { "accept-language": "en" } });
    const rebate = statement.body.lines.find((l: { detail: { ruleType?: string } }) => l.detail.ruleType === REBATE);
    expect(rebate).toMatchObject({ amount: "35000.00", rate: "0.035" });
    expect(rebate.detail.description.text).toMatchObject({
      en: "cnc-lathe bought 2014-01 to 2014-03: 1000000.00 CNY, tier from 1000000.00 CNY, rebate 3.5%",
      "zh-CN": "cnc-lathe 2014-01 至 2014-03 采购额 1000000.00 元，达到 1000000.00 元档，返利 3.5%",
    });
  });
});
