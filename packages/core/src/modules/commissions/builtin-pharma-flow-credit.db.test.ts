/**
 * The pharma plugin's commission rule type `flowCredit` (issue 7) through real statement generation
 * on a real database. The built-in plugin (packages/plugins/builtin/pharma) is packed by the CLI as
 * it ships — under an id of this run (`qudao.pharma<tag>`, every name renamed alike), because the
 * test database is shared and `qudao.pharma` belongs to whoever uploads it first — uploaded with its
 * automated checks (its own sandbox tests included), approved, and installed platform-wide (the
 * commission plan is the platform's). Staff keep the hospital and product master; a partner imports
 * its distributor sell-out rows, which the plugin's compute hook cleanses and matches to the master.
 * Statements then hold one earn line per hospital in the partner's territory: matched rows' amount ×
 * rate to the cent; unmatched and ignored rows, other territories, other products (with a filter) and
 * other months earn nothing. Periods are in 2013, which no other test file uses.
 */
import { randomBytes, randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb } from "../../db/index.ts";
import { api, apiToken, createTestDeveloper, createTestPartner, createTestPartnerUser, createTestPlatformUser } from "../../testing/index.ts";
import { packBuiltinPluginAs } from "../../testing/builtin-plugin-package.ts";
import { flushHookStats, forgetInstalledPlugins, resetPluginHost } from "../plugins/index.ts";
import { generatePartnerStatement, generationContext, loadPlanVersions } from "./statement-generation.service.ts";

const tag = randomBytes(4).toString("hex").replace(/^\d/, "a");
const PLUGIN_ID = `qudao.pharma${tag}`;
const NS = `qudao_pharma${tag}`;
const HOSPITAL = `${NS}__hospital`;
const PRODUCT = `${NS}__product`;
const FLOW_ROW = `${NS}__flowRow`;
const FLOW = `${NS}__flowCredit`;
const TERRITORY = `浙${tag}`;
const EN = { "accept-language": "en" };

let finance: string, platformAdmin: string;
let installId: string;

async function create(token: string, object: string, values: Record<string, unknown>): Promise<{ id: string; values: Record<string, unknown> }> {
  const response = await api("POST", `/records/${object}`, { token, body: { object, values } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { id: response.body.id as string, values: response.body.values as Record<string, unknown> };
}

async function activatePlan(name: string, effectiveFrom: Date, rules: Record<string, unknown>): Promise<string> {
  const created = await api("POST", "/commission-plans", { token: finance, body: { name, effectiveFrom: effectiveFrom.toISOString(), rules } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await api("POST", `/commission-plans/${created.body.id}/activate`, { token: finance })).status).toBe(200);
  return created.body.id as string;
}

const minute = () => randomInt(0, 59) * 60_000 + randomInt(0, 59) * 1000;

beforeAll(async () => {
  const [developer, reviewer, admin, financeUser] = await Promise.all([createTestDeveloper(), createTestPlatformUser(["reviewer"]), createTestPlatformUser(["admin"]), createTestPlatformUser(["finance"])]);
  platformAdmin = await apiToken(admin);
  finance = await apiToken(financeUser);
  const { pkg, permissions } = await packBuiltinPluginAs("pharma", tag);
  const uploaded = await api("POST", `/plugins/${PLUGIN_ID}/versions`, { token: await apiToken(developer), body: pkg });
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  expect(uploaded.body.status, JSON.stringify(uploaded.body.checks)).toBe("in_review");
  expect((await api("POST", `/plugin-reviews/${uploaded.body.id}/approve`, { token: await apiToken(reviewer), body: {} })).status).toBe(200);
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

describe("credit by sell-out (qudao_pharma__flowCredit)", () => {
  const hospitals: Record<string, string> = {};
  const products: Record<string, string> = {};
  let partner: { id: string; tier: "silver" };
  let quiet: { id: string; tier: "silver" };
  let marchPlan: string;
  let q2Plan: string;

  beforeAll(async () => {
    // 2013-01 … 2013-03: 3 % a month; Q2 2013: 2 % over the quarter, plus 5 % on RP-5 only; then nothing.
    marchPlan = await activatePlan(`流向计佣 ${tag}`, new Date(Date.UTC(2012, 11, 31, 16) + minute()), { rates: [{ rate: "0.01" }], pluginRules: [{ type: FLOW, params: { rate: "0.03" } }] });
    q2Plan = await activatePlan(`流向计佣 Q2 ${tag}`, new Date(Date.UTC(2013, 2, 31, 16) + minute()), {
      rates: [{ rate: "0.01" }],
      pluginRules: [
        { type: FLOW, window: "quarter", params: { rate: "0.02" } },
        { type: FLOW, window: "quarter", params: { rate: "0.05", productCodes: `RP-${tag}` } },
      ],
    });
    await activatePlan(`流向计佣之后 ${tag}`, new Date(Date.UTC(2013, 5, 30, 16) + minute()), { rates: [{ rate: "0.01" }] });

    // The platform's master data.
    const hospital = async (key: string, name: string, values: Record<string, unknown>) => {
      hospitals[key] = (
        await create(platformAdmin, HOSPITAL, { name, grade: "tier3A", type: "general", province: "浙江省", city: "杭州市", licenceNo: `LIC-${tag}-${key}`, licenceExpiresOn: "2030-12-31", ...values })
      ).id;
    };
    await hospital("city", `${tag}市第一人民医院`, { city: `${TERRITORY}市` });
    await hospital("territory", `${tag}康复医院`, { territory: TERRITORY, city: "丽水市" });
    await hospital("elsewhere", `${tag}宁波医院`, { city: `${TERRITORY}市`, territory: `宁波${tag}` });
    await hospital("other", `${tag}温州医院`, { city: "温州市" });
    products.kx = (await create(platformAdmin, PRODUCT, { name: `康欣${tag}`, genericName: "阿托伐他汀钙片", spec: "20mg×7片", code: `KX-${tag}`, approvalNo: `国药准字H${tag}1` })).id;
    products.rp = (await create(platformAdmin, PRODUCT, { name: `润平${tag}`, genericName: "氨氯地平片", spec: "5mg×14片", code: `RP-${tag}`, approvalNo: `国药准字H${tag}2` })).id;

    // The partner (its region is its territory) imports its sell-out rows.
    const created = await createTestPartner({ tier: "silver", region: TERRITORY, name: `流向计佣 ${tag}` });
    partner = { id: created.id, tier: "silver" };
    const admin = await apiToken(await createTestPartnerUser(partner.id, "admin"));
    const row = (saleDate: string, hospitalName: string, amount: string, extra: Record<string, unknown> = {}) =>
      create(admin, FLOW_ROW, { distributor: "康润医药", saleDate, productName: `康欣${tag} 20mg×7片`, productCode: `KX-${tag}`, hospitalName, quantity: "1", amount, ...extra });
    // March: two rows of one hospital (one under another spelling), one of the territory hospital (RP-5).
    const exact = await row("2013-03-02", `${tag}市第一人民医院`, "12345.67");
    const spelled = await row("2013-03-09", ` ${tag}第1人民医院（药剂科）`, "0.01");
    const rp = await row("2013-03-05", `${tag}康复医院`, "1000.10", { productName: `润平${tag}`, productCode: `RP-${tag}` });
    expect([exact.values.matchStatus, exact.values.matchMethod, exact.values.matchedHospital]).toEqual(["matched", "exact", hospitals.city]);
    expect([spelled.values.matchStatus, spelled.values.matchMethod, spelled.values.matchedHospital]).toEqual(["matched", "normalized", hospitals.city]);
    expect([rp.values.matchedHospital, rp.values.matchedProduct]).toEqual([hospitals.territory, products.rp]);
    // Not credited: out of territory, unmatched, ignored, another month.
    await row("2013-03-06", `${tag}宁波医院`, "9999.00");
    await row("2013-03-06", `${tag}温州医院`, "8888.00");
    const unmatched = await row("2013-03-07", "某某诊所", "777.00");
    expect(unmatched.values.matchStatus).toBe("unmatched");
    const ignored = await row("2013-03-08", `${tag}市第一人民医院`, "666.00", { ignored: true });
    expect(ignored.values.matchStatus).toBe("ignored");
    await row("2013-02-28", `${tag}市第一人民医院`, "5000.00");
    // Q2: April … June, both products; July is another quarter.
    await row("2013-04-01", `${tag}市第一人民医院`, "100.00");
    await row("2013-05-15", `${tag}康复医院`, "250.50", { productName: `润平${tag}`, productCode: `RP-${tag}` });
    await row("2013-06-30", `${tag}康复医院`, "49.50", { productName: `润平${tag}`, productCode: `RP-${tag}` });
    await row("2013-07-01", `${tag}康复医院`, "1000.00");

    quiet = { id: (await createTestPartner({ tier: "silver", region: TERRITORY, name: `流向计佣无流向 ${tag}` })).id, tier: "silver" };
  }, 240_000);

  const generate = async (p: { id: string; tier: "silver" }, period: string) => generatePartnerStatement(p, period, generationContext(await loadPlanVersions()));
  const linesOf = (partnerId: string, period: string) => baseDb().commissionLine.findMany({ where: { partnerId, period }, orderBy: { key: "asc" } });
  type Line = Awaited<ReturnType<typeof linesOf>>[number];
  const shown = (lines: Line[]) =>
    lines
      .map((l) => [l.kind, l.key.split(":").slice(0, 3).join(":"), l.base.toFixed(2), l.rate?.toFixed() ?? null, l.amount.toFixed(2), (l.detail as { sourceRef?: { id: string } }).sourceRef?.id ?? null])
      .sort((a, b) => `${a[1]}${a[2]}`.localeCompare(`${b[1]}${b[2]}`));

  it("a month: matched rows in the territory, per hospital, credited to the cent; nothing else", async () => {
    expect(await generate(partner, "2013-03")).toMatchObject({ created: 2, updated: 0, removed: 0 });
    const lines = await linesOf(partner.id, "2013-03");
    expect(shown(lines)).toEqual([
      // 1000.10 × 0.03 = 30.003 → 30.00
      ["earn", "plugin:2013-03:0", "1000.10", "0.03", "30.00", hospitals.territory],
      // 12345.67 + 0.01 = 12345.68 × 0.03 = 370.3704 → 370.37
      ["earn", "plugin:2013-03:0", "12345.68", "0.03", "370.37", hospitals.city],
    ]);
    expect(lines.every((l) => l.orderId === null)).toBe(true);

    // The statement explains each line in the plugin's words, in the reader's language.
    const list = await api("GET", `/statements?period=2013-03&partnerId=${partner.id}`, { token: finance });
    const statement = await api("GET", `/statements/${list.body.items[0].id}`, { token: finance, headers: EN });
    expect(statement.body).toMatchObject({ earnTotal: "400.37", total: "400.37", lineCount: 2 });
    const city = statement.body.lines.find((l: { detail: { sourceRef: { id: string } } }) => l.detail.sourceRef.id === hospitals.city);
    expect(city.detail).toMatchObject({
      ruleType: FLOW,
      ruleLabel: { en: "Credit by sell-out", "zh-CN": "按流向计佣" },
      description: { messageKey: "commission.flowCredit", text: { en: `Sell-out to ${tag}市第一人民医院 2013-03 to 2013-03: CNY 12345.68 (2 rows)` } },
    });
    expect(lines.every((l) => l.planVersionId === marchPlan)).toBe(true);
  });

  it("a rerun writes nothing", async () => {
    const before = await linesOf(partner.id, "2013-03");
    expect(await generate(partner, "2013-03")).toMatchObject({ created: 0, updated: 0, removed: 0 });
    expect(await linesOf(partner.id, "2013-03")).toEqual(before);
  });

  it("months that only open a quarter settle nothing; the quarter's last month credits the quarter, and the product filter keeps only its product", async () => {
    for (const period of ["2013-04", "2013-05"]) {
      await generate(partner, period);
      expect((await linesOf(partner.id, period)).filter((l) => l.key.startsWith("plugin:"))).toEqual([]);
    }
    await generate(partner, "2013-06");
    expect(shown(await linesOf(partner.id, "2013-06"))).toEqual([
      // Rule 0, 2 %: the city hospital's April 100.00; the territory hospital's May and June 300.00 (July is not in Q2).
      ["earn", "plugin:2013-06:0", "100.00", "0.02", "2.00", hospitals.city],
      ["earn", "plugin:2013-06:0", "300.00", "0.02", "6.00", hospitals.territory],
      // Rule 1, 5 % on RP only.
      ["earn", "plugin:2013-06:1", "300.00", "0.05", "15.00", hospitals.territory],
    ]);
    const lines = await linesOf(partner.id, "2013-06");
    expect(lines.every((l) => l.planVersionId === q2Plan)).toBe(true);
  });

  it("a partner of the territory without sell-out rows gets no line and no statement", async () => {
    await generate(quiet, "2013-03");
    expect(await linesOf(quiet.id, "2013-03")).toEqual([]);
    expect(await baseDb().commissionStatement.count({ where: { partnerId: quiet.id } })).toBe(0);
  });
});
