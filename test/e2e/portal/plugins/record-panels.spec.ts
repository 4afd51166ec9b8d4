/**
 * A plugin's fields on a core record: a partner installs a hospital-profile plugin that puts fields on
 * leads, shows two of them as lead-list columns and groups them in a panel on the lead's page (with
 * the plugin's visit records about the lead). The rep sees the columns and the panel, edits the
 * fields — the plugin's validate hook refuses too few beds in its own words, on the field — and the
 * saved values (and the plugin's computed one) show in the panel and the list. A field no panel
 * lists still shows, in the plugin's default panel. Platform staff see the same on their lead page.
 */
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { API, apiAuth } from "../../support/api";
import { createDeveloper, createPartnerWithTeam, type PartnerFixture } from "../../support/plugin-fixture";
import { signInAsPlatformAdmin } from "../../platform/platform-admin";
import { signInToPortal } from "../portal-sign-in";

const PLATFORM_ADMIN = "admin@qudao.demo";

type Fixture = { pluginId: string; name: string; ns: string; visit: string; permissions: string[] };

function hospitalPlugin(): { fixture: Fixture; pkg: unknown } {
  const tag = randomBytes(4).toString("hex");
  const pluginId = `e2e.h${tag}`;
  const ns = `e2e_h${tag}`;
  const name = `医院档案助手 ${tag}`;
  const visit = `${ns}__visit`;
  const text = (zh: string, en: string) => ({ "zh-CN": zh, en });
  const field = (key: string) => `${ns}__${key}`;
  const permissions = ["records:read:lead", `records:write:${visit}`];
  const manifest = {
    id: pluginId,
    name: text(name, `Hospital profiles ${tag}`),
    description: text("在线索上记录医院的等级和床位数。", "Records a hospital's grade and beds on leads."),
    version: "1.0.0",
    publisher: { name: "E2E 工作室" },
    engines: { qudao: ">=0.1.0" },
    surfaces: ["platform", "portal"],
    categories: ["industry"],
    permissions,
    hooks: [
      { name: "checkBeds", kind: "validate", object: "lead", on: ["create", "update"], failMode: "closed" },
      { name: "sizeBand", kind: "compute", object: "lead", on: ["create", "update"], failMode: "open" },
    ],
    contributes: {
      fields: [
        {
          object: "lead",
          name: field("level"),
          type: "select",
          label: text("医院等级", "Hospital grade"),
          options: [
            { value: "a3", label: text("三甲", "Grade 3A") },
            { value: "a2", label: text("二甲", "Grade 2A") },
          ],
        },
        { object: "lead", name: field("beds"), type: "integer", label: text("床位数", "Beds"), help: text("医院的开放床位数", "The hospital's open beds") },
        { object: "lead", name: field("band"), type: "text", label: text("规模", "Size"), computed: true },
        { object: "lead", name: field("dean"), type: "text", label: text("院长", "Dean") },
      ],
      objects: [
        {
          name: visit,
          label: text("拜访记录", "Visit"),
          labelPlural: text("拜访记录", "Visits"),
          titleField: "summary",
          fields: [{ name: "summary", type: "text", label: text("摘要", "Summary"), required: true }],
          relations: [{ name: "lead", to: "lead", kind: "manyToOne", label: text("线索", "Lead") }],
          views: {
            list: { columns: ["summary", "lead"] },
            detail: { sections: [{ title: text("拜访", "Visit"), fields: ["summary", "lead"] }] },
            form: { fields: ["summary", "lead"] },
          },
        },
      ],
      listColumns: [
        { object: "lead", field: field("beds") },
        { object: "lead", field: field("level") },
      ],
      recordPanels: [
        { name: field("profile"), object: "lead", title: text("医院档案", "Hospital profile"), fields: [field("level"), field("beds"), field("band")], relatedObject: visit, surfaces: ["platform", "portal"] },
      ],
    },
  };
  // Plugin fields of a core record come to hooks under `customFields`.
  const hooks = `globalThis.__qudaoPlugin = { hooks: {
    checkBeds(ctx) {
      const fields = ctx.record.customFields || {};
      const beds = fields[${JSON.stringify(field("beds"))}];
      return beds !== null && beds !== undefined && beds < 10 ? [{ field: ${JSON.stringify(field("beds"))}, messageKey: "errors.bedsTooFew", params: { min: 10 } }] : [];
    },
    sizeBand(ctx) {
      const beds = (ctx.record.customFields || {})[${JSON.stringify(field("beds"))}];
      if (beds === null || beds === undefined) return {};
      return { ${JSON.stringify(field("band"))}: beds >= 500 ? "大型医院" : "中小型医院" };
    }
  } };`;
  const pkg = {
    format: 1,
    manifest,
    hooks,
    tests: null,
    locales: { "zh-CN": { "errors.bedsTooFew": "床位数至少 {{min}} 张" }, en: { "errors.bedsTooFew": "A hospital has at least {{min}} beds" } },
    assets: {},
  };
  return { fixture: { pluginId, name, ns, visit, permissions }, pkg };
}

/** Uploaded by a developer, approved by the platform and opened to partners, over the real API. */
async function publishHospitalPlugin(request: APIRequestContext): Promise<Fixture> {
  const { fixture, pkg } = hospitalPlugin();
  const developer = await apiAuth(request, await createDeveloper());
  const uploaded = await request.post(`${API}/plugins/${fixture.pluginId}/versions`, { headers: developer, data: pkg });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  const version = (await uploaded.json()) as { id: string; status: string };
  expect(version.status).toBe("in_review");
  const admin = await apiAuth(request, PLATFORM_ADMIN);
  const approved = await request.post(`${API}/plugin-reviews/${version.id}/approve`, { headers: admin, data: { notes: "e2e" } });
  expect(approved.status(), await approved.text()).toBe(200);
  const policy = await request.put(`${API}/plugins/${fixture.pluginId}/policy`, { headers: admin, data: { partnerInstallAllowed: true } });
  expect(policy.status(), await policy.text()).toBe(200);
  return fixture;
}

test.describe.serial("portal: a plugin's fields on leads — list columns and a record panel", () => {
  test.use({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN" });

  let plugin: Fixture;
  let partner: PartnerFixture;
  let leadId: string;
  const leadName = `仁和医院 ${Date.now()}`;
  const field = (key: string) => `${plugin.ns}__${key}`;

  test.beforeAll(async ({ request }) => {
    plugin = await publishHospitalPlugin(request);
    partner = await createPartnerWithTeam(request);
    const admin = await apiAuth(request, partner.admin);
    const installed = await request.post(`${API}/plugin-installs`, { headers: admin, data: { pluginId: plugin.pluginId, scope: "partner", consentedPermissions: plugin.permissions } });
    expect(installed.status(), await installed.text()).toBe(201);
    const lead = await request.post(`${API}/leads`, { headers: await apiAuth(request, partner.rep), data: { name: leadName, company: "仁和医院" } });
    expect(lead.status(), await lead.text()).toBe(201);
    leadId = ((await lead.json()) as { id: string }).id;
  });

  test("the rep sees the plugin's columns on the lead list and its panels on the lead's page", async ({ page }) => {
    await signInToPortal(page, partner.rep);
    const table = page.locator("table.lead-table");
    // Each app process reads installs with a few seconds' cache: the new install shows within it.
    await expect(async () => {
      await page.goto("/leads");
      await expect(table.getByRole("columnheader", { name: "床位数" })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(table.getByRole("columnheader", { name: "医院等级" })).toBeVisible();
    const row = table.getByRole("row").filter({ hasText: leadName });
    await expect(row.locator(`[data-field="${field("beds")}"]`)).toHaveText("—");

    await row.getByRole("link", { name: leadName }).click();
    await expect(page).toHaveURL(new RegExp(`/leads/${leadId}$`));
    const panel = page.getByRole("region", { name: "医院档案", exact: true });
    await expect(panel).toContainText(`来自插件「${plugin.name}」`);
    await expect(panel.locator(`[data-field="${field("level")}"] dt`)).toHaveText("医院等级");
    await expect(panel.locator(`[data-field="${field("beds")}"] dd`)).toHaveText("—");
    await expect(panel.locator(`[data-field="${field("band")}"] dt`)).toContainText("（自动计算）");
    // The plugin's visit records about this lead: none yet, and "new" starts one about it.
    const visits = panel.getByRole("group", { name: "拜访记录" });
    await expect(visits).toContainText("还没有拜访记录。");
    await expect(visits.getByRole("link", { name: "新建拜访记录" })).toHaveAttribute("href", `/x/${plugin.visit}/new?lead=${leadId}`);
    // A field no panel lists is not lost: the plugin's default panel shows it.
    const rest = page.getByRole("region", { name: `${plugin.name}：插件字段` });
    await expect(rest.locator(`[data-field="${field("dean")}"] dt`)).toHaveText("院长");
  });

  test("editing the panel: the plugin's validate hook refuses on the field; saved values show in the panel and the list", async ({ page }) => {
    await signInToPortal(page, partner.rep);
    await page.goto(`/leads/${leadId}`);
    await page.getByRole("region", { name: "医院档案", exact: true }).getByRole("link", { name: "编辑" }).click();

    await expect(page.getByRole("heading", { level: 1 })).toHaveText("编辑「医院档案」");
    const form = page.locator("main form");
    const beds = form.getByLabel("床位数");
    await expect(beds).toHaveAccessibleDescription("医院的开放床位数");
    // The computed field is the plugin's: shown, not editable.
    await expect(form.getByLabel("规模")).toBeDisabled();
    await form.getByRole("combobox", { name: "医院等级" }).selectOption({ label: "三甲" });
    await beds.fill("5");
    await form.getByRole("button", { name: "保存" }).click();

    // Refused in the plugin's words, under the field; what was typed stays.
    await expect(beds).toHaveAttribute("aria-invalid", "true");
    await expect(beds).toHaveAccessibleDescription(/床位数至少 10 张/);
    await expect(beds).toHaveValue("5");
    await expect(form.getByRole("combobox", { name: "医院等级" })).toHaveValue("a3");

    // Not a number: core's own check, on the same field.
    await beds.fill("很多");
    await form.getByRole("button", { name: "保存" }).click();
    await expect(beds).toHaveAttribute("aria-invalid", "true");
    await expect(beds).not.toHaveAccessibleDescription(/床位数至少 10 张/);

    await beds.fill("650");
    await form.getByRole("button", { name: "保存" }).click();
    await expect(page).toHaveURL(new RegExp(`/leads/${leadId}\\?pluginSaved=`));
    const panel = page.getByRole("region", { name: "医院档案", exact: true });
    await expect(panel.getByRole("status")).toHaveText("「医院档案」已保存。");
    await expect(panel.locator(`[data-field="${field("beds")}"] dd`)).toHaveText("650");
    await expect(panel.locator(`[data-field="${field("level")}"] dd`)).toHaveText("三甲");
    // The plugin's compute hook filled its field from the saved beds.
    await expect(panel.locator(`[data-field="${field("band")}"] dd`)).toHaveText("大型医院");

    await page.goto("/leads");
    const row = page.locator("table.lead-table").getByRole("row").filter({ hasText: leadName });
    await expect(row.locator(`[data-field="${field("beds")}"]`)).toHaveText("650");
    await expect(row.locator(`[data-field="${field("level")}"]`)).toHaveText("三甲");
  });

  test("a visit recorded from the panel is listed in it", async ({ page }) => {
    await signInToPortal(page, partner.rep);
    await page.goto(`/leads/${leadId}`);
    await page.getByRole("region", { name: "医院档案", exact: true }).getByRole("link", { name: "新建拜访记录" }).click();
    const form = page.locator("main form");
    // The new visit is about this lead already.
    await expect(form.getByRole("combobox", { name: "线索" })).toHaveValue(leadId);
    await form.getByLabel("摘要").fill("院长同意试用");
    await form.getByRole("button", { name: "创建" }).click();
    await expect(page.getByRole("status")).toHaveText("拜访记录已创建。");

    await page.goto(`/leads/${leadId}`);
    const visits = page.getByRole("region", { name: "医院档案", exact: true }).getByRole("group", { name: "拜访记录" });
    await expect(visits.getByRole("link", { name: "院长同意试用" })).toBeVisible();
  });

  test("platform staff see the column and the panel on their lead pages", async ({ browser }) => {
    const context = await browser.newContext({ baseURL: process.env.PLATFORM_BASE_URL, locale: "zh-CN" });
    const page = await context.newPage();
    await signInAsPlatformAdmin(page);
    await page.goto(`/leads?partnerId=${partner.id}`);
    const row = page.getByRole("row").filter({ hasText: leadName });
    await expect(page.getByRole("columnheader", { name: "床位数" })).toBeVisible();
    await expect(row.locator(`[data-field="${field("beds")}"]`)).toHaveText("650");
    await row.getByRole("link", { name: leadName }).click();
    const panel = page.getByRole("region", { name: "医院档案", exact: true });
    await expect(panel.locator(`[data-field="${field("beds")}"] dd`)).toHaveText("650");
    await expect(panel.locator(`[data-field="${field("band")}"] dd`)).toHaveText("大型医院");
    await context.close();
  });
});
