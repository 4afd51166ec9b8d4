/**
 * Plugin reports and home widgets (issue 7), against a real database over /api/v1: a sample-tracking
 * plugin installed by partners A and B contributes a reconciliation report (params, a linked column,
 * money, percent, totals, a note), a report only admins may run, one that needs a filter, one whose
 * hook crashes and one that answers money as a JS number, and two portal home widgets.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PartnerActor } from "../../actor/index.ts";
import { baseDb, disconnectDb, runAsActor } from "../../db/index.ts";
import { api, apiToken, createTestDeveloper, createTestPartner, createTestPartnerUser, createTestPlatformUser, type TestPartnerUser } from "../../testing/index.ts";
import { flushHookStats, reportCsv, resetPluginHost } from "./index.ts";

const tag = `r${randomBytes(4).toString("hex")}`;
const PLUGIN_ID = `acme.${tag}`;
const NS = `acme_${tag}`;
const SAMPLE = `${NS}__sample`;
const REPORT = `${NS}__samples`;
const ADMIN_ONLY = `${NS}__adminOnly`;
const NEEDS = `${NS}__byHcp`;
const BROKEN = `${NS}__broken`;
const BAD = `${NS}__bad`;
const PERMISSIONS = [`records:write:${SAMPLE}`];
const EN = { "accept-language": "en" };

const label = (zh: string, en: string) => ({ "zh-CN": zh, en });

const COLUMNS = [
  { key: "sample", label: label("最近样品", "Latest sample"), type: "text", link: SAMPLE },
  { key: "hcp", label: label("医生", "HCP"), type: "text" },
  { key: "qty", label: label("数量", "Quantity"), type: "integer" },
  { key: "value", label: label("金额", "Value"), type: "money" },
  { key: "share", label: label("占比", "Share"), type: "percent" },
  { key: "lastIssued", label: label("最近发放", "Last issued"), type: "date" },
  { key: "flagged", label: label("超量", "Over limit"), type: "boolean" },
  { key: "band", label: label("级别", "Band"), type: "text", options: [{ value: "high", label: label("高", "High") }, { value: "low", label: label("低", "Low") }] },
];

const manifest = {
  id: PLUGIN_ID,
  name: label("样品管理", "Sample tracking"),
  description: label("样品发放与对账", "Sample issues and reconciliation"),
  version: "1.0.0",
  publisher: { name: "Acme" },
  engines: { qudao: ">=0.1.0" },
  surfaces: ["platform", "portal"],
  categories: ["industry"],
  permissions: PERMISSIONS,
  hooks: [
    { name: "sampleReport", kind: "report" },
    { name: "hcpReport", kind: "report" },
    { name: "brokenReport", kind: "report" },
    { name: "badReport", kind: "report" },
  ],
  contributes: {
    objects: [
      {
        name: SAMPLE,
        label: label("样品发放", "Sample issue"),
        labelPlural: label("样品发放", "Sample issues"),
        titleField: "lot",
        fields: [
          { name: "lot", type: "text", label: label("批号", "Lot"), required: true },
          { name: "hcp", type: "text", label: label("医生", "HCP"), required: true },
          { name: "qty", type: "integer", label: label("数量", "Quantity"), required: true },
          { name: "value", type: "decimal", label: label("金额", "Value"), required: true },
          { name: "issuedOn", type: "date", label: label("发放日期", "Issued on"), required: true },
        ],
        views: { list: { columns: ["lot", "hcp"] }, detail: { sections: [{ title: label("发放", "Issue"), fields: ["lot", "hcp", "qty", "value", "issuedOn"] }] }, form: { fields: ["lot", "hcp", "qty", "value", "issuedOn"] } },
      },
    ],
    reports: [
      {
        name: REPORT,
        label: label("样品对账", "Sample reconciliation"),
        description: label("按医生汇总的样品发放", "Sample issues per HCP"),
        hook: "sampleReport",
        params: [
          { name: "minQty", type: "integer", label: label("最少数量", "Minimum quantity"), min: 0 },
          { name: "since", type: "date", label: label("起始日期", "Since") },
        ],
        columns: COLUMNS,
      },
      { name: ADMIN_ONLY, label: label("样品对账（管理员）", "Sample reconciliation (admins)"), hook: "sampleReport", roles: ["admin"], columns: COLUMNS },
      {
        name: NEEDS,
        label: label("单个医生的样品", "Samples of one HCP"),
        hook: "hcpReport",
        surfaces: ["portal"],
        params: [{ name: "hcp", type: "text", label: label("医生", "HCP"), required: true }],
        columns: [{ key: "lot", label: label("批号", "Lot"), type: "text" }],
      },
      { name: BROKEN, label: label("坏报表", "Broken report"), hook: "brokenReport", columns: [{ key: "n", label: label("数", "N"), type: "integer" }] },
      { name: BAD, label: label("错误格式", "Bad cells"), hook: "badReport", columns: [{ key: "value", label: label("金额", "Value"), type: "money" }] },
    ],
    homeWidgets: [
      { name: `${NS}__samplesWidget`, report: REPORT, surface: "portal", title: label("样品概览", "Samples at a glance"), maxRows: 1 },
      { name: `${NS}__hcpWidget`, report: NEEDS, surface: "portal", title: label("医生样品", "HCP samples") },
    ],
  },
};

const HOOKS = `globalThis.__qudaoPlugin = { hooks: {
  sampleReport(ctx) {
    function cents(v) { var p = String(v).split("."); return Number(p[0]) * 100 + Number(((p[1] || "") + "00").slice(0, 2)); }
    function money(c) { var s = String(c % 100); return Math.floor(c / 100) + "." + (s.length < 2 ? "0" + s : s); }
    var min = ctx.params.minQty === null || ctx.params.minQty === undefined ? 0 : ctx.params.minQty;
    var samples = ctx.records.query(${JSON.stringify(SAMPLE)}, {}, 200);
    var by = {}, totalQty = 0, totalCents = 0;
    for (var i = 0; i < samples.length; i++) {
      var s = samples[i];
      if (s.qty < min) continue;
      if (ctx.params.since && s.issuedOn < ctx.params.since) continue;
      var row = by[s.hcp] || (by[s.hcp] = { sample: s.id, hcp: s.hcp, qty: 0, cents: 0, lastIssued: s.issuedOn });
      row.qty += s.qty; row.cents += cents(s.value);
      if (s.issuedOn > row.lastIssued) { row.lastIssued = s.issuedOn; row.sample = s.id; }
      totalQty += s.qty; totalCents += cents(s.value);
    }
    var rows = Object.keys(by).sort().map(function (k) { var r = by[k]; return { sample: r.sample, hcp: r.hcp, qty: r.qty, value: money(r.cents), share: totalQty ? r.qty / totalQty : null, lastIssued: r.lastIssued, flagged: r.qty > 10, band: r.qty > 10 ? "high" : "low" }; });
    return { rows: rows, totals: { qty: totalQty, value: money(totalCents) }, notes: [{ messageKey: "notes.hcps", params: { count: rows.length, who: ctx.actor.role || "-" } }] };
  },
  hcpReport(ctx) { return { rows: [{ lot: "for " + ctx.params.hcp }] }; },
  brokenReport(ctx) { throw new Error("boom"); },
  badReport(ctx) { return { rows: [{ value: 12.5 }] }; }
} };`;

const pkg = {
  format: 1,
  manifest,
  hooks: HOOKS,
  tests: null,
  locales: { "zh-CN": { "notes.hcps": "共 {{count}} 位医生（{{who}}）" }, en: { "notes.hcps": "{{count}} HCPs ({{who}})" } },
  assets: {},
};

const tokens: Record<string, string> = {};
let aRep: TestPartnerUser;
let partnerA: { id: string };
const sampleIds: Record<string, string> = {};

async function createSample(token: string, values: Record<string, unknown>): Promise<string> {
  const created = await api("POST", `/records/${SAMPLE}`, { token, body: { object: SAMPLE, values } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
}

beforeAll(async () => {
  const [developer, reviewer, platformAdmin, finance] = await Promise.all([createTestDeveloper(), createTestPlatformUser(["reviewer"]), createTestPlatformUser(["admin"]), createTestPlatformUser(["finance"])]);
  const [a, partnerB, partnerC] = await Promise.all([createTestPartner(), createTestPartner(), createTestPartner()]);
  partnerA = a;
  const [aAdmin, rep, bAdmin, cAdmin] = await Promise.all([
    createTestPartnerUser(partnerA.id, "admin"),
    createTestPartnerUser(partnerA.id, "rep"),
    createTestPartnerUser(partnerB.id, "admin"),
    createTestPartnerUser(partnerC.id, "admin"),
  ]);
  aRep = rep;
  for (const [name, user] of Object.entries({ developer, reviewer, platformAdmin, finance, aAdmin, aRep, bAdmin, cAdmin })) tokens[name] = await apiToken(user);
  const uploaded = await api("POST", `/plugins/${PLUGIN_ID}/versions`, { token: tokens.developer, body: pkg });
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  expect(uploaded.body.status, JSON.stringify(uploaded.body.checks)).toBe("in_review");
  expect((await api("POST", `/plugin-reviews/${uploaded.body.id}/approve`, { token: tokens.reviewer, body: {} })).status).toBe(200);
  expect((await api("PUT", `/plugins/${PLUGIN_ID}/policy`, { token: tokens.platformAdmin, body: { partnerInstallAllowed: true } })).status).toBe(200);
  for (const admin of ["aAdmin", "bAdmin"]) {
    const installed = await api("POST", "/plugin-installs", { token: tokens[admin], body: { pluginId: PLUGIN_ID, scope: "partner", consentedPermissions: PERMISSIONS } });
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
  }
  sampleIds.wang1 = await createSample(tokens.aRep!, { lot: "L-001", hcp: "王医生", qty: 6, value: "12.5", issuedOn: "2026-11-02" });
  sampleIds.wang2 = await createSample(tokens.aRep!, { lot: "L-002", hcp: "王医生", qty: 6, value: "30", issuedOn: "2026-11-20" });
  sampleIds.li = await createSample(tokens.aRep!, { lot: "L-003", hcp: "李医生", qty: 4, value: "7.25", issuedOn: "2026-10-15" });
  // Partner B's own sample: never in A's report.
  sampleIds.zhao = await createSample(tokens.bAdmin!, { lot: "B-001", hcp: "赵医生", qty: 100, value: "999.99", issuedOn: "2026-11-01" });
});

afterAll(async () => {
  await flushHookStats();
  resetPluginHost();
  await disconnectDb();
});

const run = (token: string, report: string, params: Record<string, unknown> = {}, headers: Record<string, string> = {}) => api("POST", `/plugin-reports/${report}/run`, { token, body: { params }, headers });

describe("which reports a user may run", () => {
  it("a partner's rep gets its installed reports for the portal, not the admins' one", async () => {
    const listed = await api("GET", "/plugin-reports", { token: tokens.aRep! });
    expect(listed.status).toBe(200);
    const names = (listed.body as Array<{ name: string }>).map((r) => r.name).filter((n) => n.startsWith(NS));
    expect(names).toEqual([REPORT, NEEDS, BROKEN, BAD]);
    const report = (listed.body as Array<Record<string, unknown>>).find((r) => r.name === REPORT)!;
    expect(report).toMatchObject({ pluginId: PLUGIN_ID, label: { "zh-CN": "样品对账", "zh-TW": "樣品對賬", en: "Sample reconciliation" } });
    expect((report.columns as Array<{ key: string; type: string; link: string | null }>).map((c) => [c.key, c.type, c.link])).toEqual(COLUMNS.map((c) => [c.key, c.type, c.link ?? null]));
    expect((report.columns as Array<{ key: string; options: unknown }>).find((c) => c.key === "band")!.options).toEqual([
      { value: "high", label: { "zh-CN": "高", "zh-TW": "高", en: "High" } },
      { value: "low", label: { "zh-CN": "低", "zh-TW": "低", en: "Low" } },
    ]);
  });

  it("the partner's admin also gets the admins' report; a partner without the plugin gets none", async () => {
    const admin = await api("GET", "/plugin-reports", { token: tokens.aAdmin! });
    expect((admin.body as Array<{ name: string }>).map((r) => r.name)).toContain(ADMIN_ONLY);
    const other = await api("GET", "/plugin-reports", { token: tokens.cAdmin! });
    expect((other.body as Array<{ name: string }>).some((r) => r.name.startsWith(NS))).toBe(false);
  });

  it("staff get every report offered in the console (whatever the roles), not the portal-only one", async () => {
    const listed = await api("GET", "/plugin-reports", { token: tokens.finance! });
    expect(listed.status).toBe(200);
    expect((listed.body as Array<{ name: string }>).map((r) => r.name).filter((n) => n.startsWith(NS))).toEqual([REPORT, ADMIN_ONLY, BROKEN, BAD]);
  });

  it("a report the user may not run looks absent (404)", async () => {
    expect((await run(tokens.aRep!, ADMIN_ONLY)).status).toBe(404);
    expect((await run(tokens.cAdmin!, REPORT)).status).toBe(404);
    expect((await run(tokens.finance!, NEEDS)).status).toBe(404);
  });
});

describe("running a report", () => {
  it("computes from the partner's own records: typed cells, linked titles, totals, translated notes", async () => {
    const ran = await run(tokens.aRep!, REPORT);
    expect(ran.status, JSON.stringify(ran.body)).toBe(200);
    expect(ran.body.rows).toEqual([
      { sample: sampleIds.li, hcp: "李医生", qty: 4, value: "7.25", share: 0.25, lastIssued: "2026-10-15", flagged: false, band: "low" },
      { sample: sampleIds.wang2, hcp: "王医生", qty: 12, value: "42.50", share: 0.75, lastIssued: "2026-11-20", flagged: true, band: "high" },
    ]);
    expect(ran.body.totals).toEqual({ sample: null, hcp: null, qty: 16, value: "49.75", share: null, lastIssued: null, flagged: null, band: null });
    expect(ran.body.titles).toEqual({ [sampleIds.li!]: "L-003", [sampleIds.wang2!]: "L-002" });
    expect(ran.body.notes).toEqual([{ messageKey: "notes.hcps", text: { "zh-CN": "共 2 位医生（rep）", "zh-TW": "共 2 位醫生（rep）", en: "2 HCPs (rep)" } }]);
    expect(ran.body.params).toEqual({ minQty: null, since: null });
  });

  it("passes the params typed to the hook", async () => {
    const ran = await run(tokens.aRep!, REPORT, { minQty: "5", since: "2026-11-10" });
    expect(ran.status).toBe(200);
    expect(ran.body.params).toEqual({ minQty: 5, since: "2026-11-10" });
    expect(ran.body.rows.map((r: { hcp: string; qty: number }) => [r.hcp, r.qty])).toEqual([["王医生", 6]]);
  });

  it("refuses bad params per field, translated, without running the hook", async () => {
    const calls = await baseDb().pluginError.count({ where: { pluginId: PLUGIN_ID } });
    const refused = await run(tokens.aRep!, REPORT, { minQty: "many", since: "yesterday", colour: "red" }, EN);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe("Check the filters");
    expect(refused.body.error.details).toEqual(
      expect.arrayContaining([
        { path: "params.minQty", message: "Enter a whole number" },
        { path: "params.since", message: expect.stringContaining("YYYY-MM-DD") },
        { path: "params.colour", message: expect.any(String) },
      ]),
    );
    const below = await run(tokens.aRep!, REPORT, { minQty: "-1" }, EN);
    expect(below.body.error.details).toEqual([{ path: "params.minQty", message: expect.stringContaining("0") }]);
    expect(await baseDb().pluginError.count({ where: { pluginId: PLUGIN_ID } })).toBe(calls);
  });

  it("staff run it in the platform tenant, over every partner's records", async () => {
    const ran = await run(tokens.finance!, REPORT);
    expect(ran.status, JSON.stringify(ran.body)).toBe(200);
    expect(ran.body.rows.map((r: { hcp: string }) => r.hcp)).toEqual(["李医生", "王医生", "赵医生"]);
    expect(ran.body.totals.value).toBe("1049.74");
  });

  it("a crashing hook is the plugin's error: a translated refusal naming the plugin, recorded for the developer", async () => {
    const failed = await run(tokens.aRep!, BROKEN, {}, EN);
    expect(failed.status).toBe(422);
    expect(failed.body.error.message).toBe("The report \u201cBroken report\u201d of the plugin \u201cSample tracking\u201d could not be computed (the plugin's code failed). Try again later; the plugin's developer has been told.");
    await expect.poll(() => baseDb().pluginError.count({ where: { pluginId: PLUGIN_ID, hook: "brokenReport", partnerId: partnerA.id, outcome: "error" } })).toBe(1);
  });

  it("money as a JS number is refused whole and recorded as invalid output", async () => {
    const failed = await run(tokens.aRep!, BAD);
    expect(failed.status).toBe(422);
    expect(failed.body.error.message).toContain("样品管理");
    expect(failed.body.error.message).toContain("某个值与列的类型不符");
    const recorded = await baseDb().pluginError.findFirstOrThrow({ where: { pluginId: PLUGIN_ID, hook: "badReport" } });
    expect(recorded).toMatchObject({ outcome: "invalid_output", code: "output_invalid", partnerId: partnerA.id });
    expect(recorded.message).toBe(`${BAD}: report_cell_type row #1 "value": 12.5`);
    // Counted like a crash: the install's run of failures grows (the circuit breaker reads it).
    const install = await baseDb().pluginInstall.findFirstOrThrow({ where: { pluginId: PLUGIN_ID, partnerId: partnerA.id } });
    expect(install.consecutiveFailures).toBeGreaterThanOrEqual(2);
  });
});

describe("home widgets", () => {
  it("show the first rows of their report, or why they cannot", async () => {
    const widgets = await api("GET", "/plugin-widgets", { token: tokens.aRep!, headers: EN });
    expect(widgets.status).toBe(200);
    const mine = (widgets.body as Array<Record<string, unknown>>).filter((w) => String(w.name).startsWith(NS));
    expect(mine.map((w) => w.name)).toEqual([`${NS}__samplesWidget`, `${NS}__hcpWidget`]);
    expect(mine[0]).toMatchObject({ title: { en: "Samples at a glance" }, maxRows: 1, more: true, error: null, totals: { qty: 16, value: "49.75" }, rows: [{ hcp: "李医生" }] });
    expect(mine[1]).toMatchObject({ rows: [], more: false, error: "This report needs filters: open the full report to choose them." });
  });

  it("staff have no console widgets from it; a partner without the plugin none at all", async () => {
    for (const token of [tokens.finance!, tokens.cAdmin!]) {
      const widgets = await api("GET", "/plugin-widgets", { token });
      expect(widgets.status).toBe(200);
      expect((widgets.body as Array<{ name: string }>).some((w) => w.name.startsWith(NS))).toBe(false);
    }
  });
});

describe("CSV download", () => {
  it("is the table as the reader reads it, with the totals row last", async () => {
    const actor: PartnerActor = { kind: "partner", userId: aRep.id, email: aRep.email, name: aRep.name, partnerId: partnerA.id, role: "rep", visiblePartnerIds: [partnerA.id], via: "session" };
    const file = await runAsActor(actor, () => reportCsv(actor, { report: REPORT, params: {} }, "zh-CN", "Asia/Shanghai"));
    expect(file.contentType).toBe("text/csv; charset=utf-8");
    expect(file.disposition).toContain(encodeURIComponent("样品对账"));
    expect(file.body.split("\r\n")).toEqual([
      "\uFEFF最近样品,医生,数量,金额,占比,最近发放,超量,级别",
      "L-003,李医生,4,7.25,25%,2026-10-15,否,低",
      "L-002,王医生,12,42.50,75%,2026-11-20,是,高",
      "合计,,16,49.75,,,,",
      "",
    ]);
  });
});
