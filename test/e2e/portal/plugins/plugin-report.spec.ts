/**
 * A plugin's report and home widget (issue 7): a partner installs a sample-tracking plugin whose
 * `report` hook sums the partner's sample issues per doctor. The rep opens the report from the menu:
 * the table shows money with two places, shares as percentages, each doctor's latest issue as a link
 * to the record, a totals row and the plugin's note; a filter narrows it, a bad filter is refused on
 * its field, and the CSV download holds the same table. The rep's home shows the report's first row
 * with a link to the whole report. Platform staff open the same report (every partner's data) from
 * the console's menu and see its widget on the console's home.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { API, apiAuth } from "../../support/api";
import { createDeveloper, createPartnerWithTeam, type PartnerFixture } from "../../support/plugin-fixture";
import { signInAsPlatformAdmin } from "../../platform/platform-admin";
import { signInToPortal } from "../portal-sign-in";

const PLATFORM_ADMIN = "admin@qudao.demo";

type Fixture = { tag: string; pluginId: string; ns: string; sample: string; report: string; name: string; reportLabel: string; permissions: string[] };

function samplePlugin(): { fixture: Fixture; pkg: unknown } {
  const tag = randomBytes(4).toString("hex");
  const pluginId = `e2e.s${tag}`;
  const ns = `e2e_s${tag}`;
  const sample = `${ns}__sample`;
  const report = `${ns}__reconciliation`;
  const name = `样品对账助手 ${tag}`;
  const reportLabel = `样品对账 ${tag}`;
  const text = (zh: string, en: string) => ({ "zh-CN": zh, en });
  const permissions = [`records:write:${sample}`];
  const manifest = {
    id: pluginId,
    name: text(name, `Sample reconciliation ${tag}`),
    description: text("记录样品发放，按医生对账。", "Records sample issues and reconciles them per doctor."),
    version: "1.0.0",
    publisher: { name: "E2E 工作室" },
    engines: { qudao: ">=0.1.0" },
    surfaces: ["platform", "portal"],
    categories: ["industry"],
    permissions,
    hooks: [{ name: "reconcile", kind: "report" }],
    contributes: {
      objects: [
        {
          name: sample,
          label: text("样品发放", "Sample issue"),
          labelPlural: text("样品发放", "Sample issues"),
          titleField: "lot",
          fields: [
            { name: "lot", type: "text", label: text("批号", "Lot"), required: true },
            { name: "doctor", type: "text", label: text("医生", "Doctor"), required: true },
            { name: "qty", type: "integer", label: text("数量", "Quantity"), required: true },
            { name: "value", type: "decimal", label: text("金额", "Value"), required: true },
          ],
          views: {
            list: { columns: ["lot", "doctor", "qty", "value"] },
            detail: { sections: [{ title: text("发放", "Issue"), fields: ["lot", "doctor", "qty", "value"] }] },
            form: { fields: ["lot", "doctor", "qty", "value"] },
          },
        },
      ],
      reports: [
        {
          name: report,
          label: text(reportLabel, `Sample reconciliation ${tag}`),
          description: text("按医生汇总的样品发放", "Sample issues per doctor"),
          hook: "reconcile",
          params: [{ name: "minQty", type: "integer", label: text("最少数量", "Minimum quantity"), min: 0 }],
          columns: [
            { key: "doctor", label: text("医生", "Doctor"), type: "text" },
            { key: "latest", label: text("最近发放", "Latest issue"), type: "text", link: sample },
            { key: "qty", label: text("数量", "Quantity"), type: "integer" },
            { key: "value", label: text("金额", "Value"), type: "money" },
            { key: "share", label: text("占比", "Share"), type: "percent" },
          ],
        },
      ],
      navigation: [
        { name: `${ns}__reconciliationNav`, label: text(reportLabel, `Sample reconciliation ${tag}`), surface: "portal", report },
        { name: `${ns}__reconciliationConsole`, label: text(reportLabel, `Sample reconciliation ${tag}`), surface: "platform", report },
      ],
      homeWidgets: [
        { name: `${ns}__topDoctor`, report, surface: "portal", title: text(`样品概览 ${tag}`, `Samples at a glance ${tag}`), maxRows: 1 },
        { name: `${ns}__consoleSamples`, report, surface: "platform", title: text(`全平台样品 ${tag}`, `Samples everywhere ${tag}`), maxRows: 3 },
      ],
    },
  };
  // Money in cents, back to a decimal string: a report never hands the host a JS number for money.
  const hooks = `globalThis.__qudaoPlugin = { hooks: {
    reconcile(ctx) {
      function cents(v) { var p = String(v).split("."); return Number(p[0]) * 100 + Number(((p[1] || "") + "00").slice(0, 2)); }
      function money(c) { var s = String(c % 100); return Math.floor(c / 100) + "." + (s.length < 2 ? "0" + s : s); }
      var min = ctx.params.minQty === null || ctx.params.minQty === undefined ? 0 : ctx.params.minQty;
      var issues = ctx.records.query(${JSON.stringify(sample)}, {}, 200);
      var by = {}, qty = 0, total = 0;
      for (var i = 0; i < issues.length; i++) {
        var s = issues[i];
        if (s.qty < min) continue;
        var row = by[s.doctor] || (by[s.doctor] = { doctor: s.doctor, latest: s.id, lot: s.lot, qty: 0, cents: 0 });
        row.qty += s.qty; row.cents += cents(s.value);
        if (s.lot > row.lot) { row.lot = s.lot; row.latest = s.id; }
        qty += s.qty; total += cents(s.value);
      }
      var rows = Object.keys(by).sort(function (a, b) { return by[b].qty - by[a].qty; }).map(function (k) { var r = by[k]; return { doctor: r.doctor, latest: r.latest, qty: r.qty, value: money(r.cents), share: qty ? String(r.qty / qty) : null }; });
      return { rows: rows, totals: { qty: qty, value: money(total) }, notes: [{ messageKey: "notes.doctors", params: { count: rows.length } }] };
    }
  } };`;
  const pkg = {
    format: 1,
    manifest,
    hooks,
    tests: null,
    locales: { "zh-CN": { "notes.doctors": "共 {{count}} 位医生" }, en: { "notes.doctors": "{{count}} doctors" } },
    assets: {},
  };
  return { fixture: { tag, pluginId, ns, sample, report, name, reportLabel, permissions }, pkg };
}

async function publishSamplePlugin(request: APIRequestContext): Promise<Fixture> {
  const { fixture, pkg } = samplePlugin();
  const developer = await apiAuth(request, await createDeveloper());
  const uploaded = await request.post(`${API}/plugins/${fixture.pluginId}/versions`, { headers: developer, data: pkg });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  const version = (await uploaded.json()) as { id: string; status: string; checks: unknown };
  expect(version.status, JSON.stringify(version.checks)).toBe("in_review");
  const admin = await apiAuth(request, PLATFORM_ADMIN);
  const approved = await request.post(`${API}/plugin-reviews/${version.id}/approve`, { headers: admin, data: { notes: "e2e" } });
  expect(approved.status(), await approved.text()).toBe(200);
  const policy = await request.put(`${API}/plugins/${fixture.pluginId}/policy`, { headers: admin, data: { partnerInstallAllowed: true } });
  expect(policy.status(), await policy.text()).toBe(200);
  return fixture;
}

test.describe.serial("portal: a plugin's report and home widget", () => {
  test.use({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN" });

  let plugin: Fixture;
  let partner: PartnerFixture;
  const lots: Record<string, string> = {};
  const nav = (page: Page) => page.getByRole("navigation", { name: "主导航" });

  test.beforeAll(async ({ request }) => {
    plugin = await publishSamplePlugin(request);
    partner = await createPartnerWithTeam(request);
    const admin = await apiAuth(request, partner.admin);
    const installed = await request.post(`${API}/plugin-installs`, { headers: admin, data: { pluginId: plugin.pluginId, scope: "partner", consentedPermissions: plugin.permissions } });
    expect(installed.status(), await installed.text()).toBe(201);
    const rep = await apiAuth(request, partner.rep);
    for (const [lot, doctor, qty, value] of [
      ["L-001", "王医生", 6, "12.5"],
      ["L-002", "王医生", 6, "30"],
      ["L-003", "李医生", 4, "7.25"],
    ] as const) {
      const created = await request.post(`${API}/records/${plugin.sample}`, { headers: rep, data: { object: plugin.sample, values: { lot, doctor, qty, value } } });
      expect(created.status(), await created.text()).toBe(201);
      lots[lot] = ((await created.json()) as { id: string }).id;
    }
  });

  test("the rep opens the report from the menu: typed cells, linked records, totals, the plugin's note; filters narrow it", async ({ page }) => {
    await signInToPortal(page, partner.rep);
    // Each app process reads installs with a few seconds' cache: the new install shows within it.
    await expect(async () => {
      await page.goto("/leads");
      await expect(nav(page).getByRole("link", { name: plugin.reportLabel })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await nav(page).getByRole("link", { name: plugin.reportLabel }).click();
    await expect(page).toHaveURL(new RegExp(`/r/${plugin.report}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(plugin.reportLabel);
    await expect(page.getByText(`来自插件「${plugin.name}」`)).toBeVisible();

    const table = page.getByRole("table", { name: `${plugin.reportLabel}：结果` });
    const rows = table.locator("tbody tr");
    await expect(rows).toHaveCount(2);
    const wang = rows.filter({ hasText: "王医生" });
    await expect(wang.locator('[data-column="qty"]')).toHaveText("12");
    await expect(wang.locator('[data-column="value"]')).toHaveText("¥42.50");
    await expect(wang.locator('[data-column="share"]')).toHaveText("75%");
    // The doctor's latest issue is a link to that record, titled by it.
    await expect(wang.getByRole("link", { name: "L-002" })).toHaveAttribute("href", `/x/${plugin.sample}/${lots["L-002"]}`);
    await expect(rows.filter({ hasText: "李医生" }).locator('[data-column="value"]')).toHaveText("¥7.25");
    const totals = table.locator("tfoot tr");
    await expect(totals).toContainText("合计");
    await expect(totals.locator('[data-column="qty"]')).toHaveText("16");
    await expect(totals.locator('[data-column="value"]')).toHaveText("¥49.75");
    await expect(page.getByRole("region", { name: "说明" })).toContainText("共 2 位医生");

    // A filter the hook receives typed: only issues of at least 5.
    const filters = page.getByRole("region", { name: "筛选条件" });
    await filters.getByLabel("最少数量").fill("5");
    await filters.getByRole("button", { name: "生成报表" }).click();
    await expect(page).toHaveURL(/minQty=5/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("王医生");
    await expect(totals.locator('[data-column="value"]')).toHaveText("¥42.50");
    await expect(page.getByLabel("最少数量")).toHaveValue("5");

    // Not a number: refused on the field, in the reader's language; nothing is shown as if it ran.
    await page.getByLabel("最少数量").fill("很多");
    await page.getByRole("button", { name: "生成报表" }).click();
    const field = page.getByLabel("最少数量");
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAccessibleDescription(/请输入整数/);
    await expect(page.getByRole("alert")).toContainText("筛选条件有误");
    await expect(table).toHaveCount(0);
  });

  test("the CSV download is the same table, in the reader's language", async ({ page }) => {
    await signInToPortal(page, partner.rep);
    await page.goto(`/r/${plugin.report}`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载 CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const text = await readFile((await download.path())!, "utf8");
    const lines = text.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("医生,最近发放,数量,金额,占比");
    expect(lines).toContain("王医生,L-002,12,42.50,75%");
    expect(lines).toContain("李医生,L-003,4,7.25,25%");
    expect(lines).toContain("合计,,16,49.75,");
  });

  test("the rep's home shows the report's first row, with the way to the whole report", async ({ page }) => {
    await signInToPortal(page, partner.rep);
    await page.goto("/");
    const widget = page.getByRole("region", { name: `样品概览 ${plugin.tag}` });
    await expect(widget.locator("tbody tr")).toHaveCount(1);
    await expect(widget.locator("tbody tr").first()).toContainText("王医生");
    await expect(widget).toContainText("只显示前 1 行");
    await expect(widget.locator('tfoot [data-column="value"]')).toHaveText("¥49.75");
    await widget.getByRole("link", { name: "查看完整报表" }).click();
    await expect(page).toHaveURL(new RegExp(`/r/${plugin.report}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(plugin.reportLabel);
  });

  test("platform staff open the report over every partner's data from the console's menu, and see its widget on the console's home", async ({ browser }) => {
    const context = await browser.newContext({ baseURL: process.env.PLATFORM_BASE_URL, locale: "zh-CN" });
    const page = await context.newPage();
    await signInAsPlatformAdmin(page);
    await expect(async () => {
      await page.goto("/");
      await expect(page.getByRole("region", { name: `全平台样品 ${plugin.tag}` })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    const widget = page.getByRole("region", { name: `全平台样品 ${plugin.tag}` });
    await expect(widget.locator("tbody tr")).toHaveCount(2);
    await expect(page.getByRole("link", { name: "进入工作台" })).toHaveAttribute("href", "/leads");

    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: plugin.reportLabel }).click();
    await expect(page).toHaveURL(new RegExp(`/r/${plugin.report}$`));
    const table = page.getByRole("table", { name: `${plugin.reportLabel}：结果` });
    await expect(table.locator("tbody tr")).toHaveCount(2);
    await expect(table.locator('tfoot [data-column="value"]')).toHaveText("¥49.75");
    await context.close();
  });
});
