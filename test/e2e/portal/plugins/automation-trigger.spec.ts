/**
 * A plugin's automation trigger in the rule editor: a partner admin whose company installed the plugin
 * finds the trigger grouped under the plugin's name, conditions it on a payload field the plugin
 * declares, and saves the rule; the list names the trigger in the manifest's words. While the plugin is
 * uninstalled the rule stays, marked unavailable in the list and the editor; restoring the plugin makes
 * it available again. (That the rule fires on the plugin's event is asserted by the database tests.)
 */
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { API, apiAuth } from "../../support/api";
import { createDeveloper, createPartnerWithTeam, type PartnerFixture } from "../../support/plugin-fixture";
import { signInToPortal } from "../portal-sign-in";

const PLATFORM_ADMIN = "admin@qudao.demo";

type TriggerPlugin = { pluginId: string; name: string; permissions: string[] };

/** Uploads and approves a plugin that emits `<id>.visitDone` and offers it as a trigger with two payload fields. */
async function publishTriggerPlugin(request: APIRequestContext): Promise<TriggerPlugin> {
  const tag = randomBytes(4).toString("hex");
  const pluginId = `e2e.t${tag}`;
  const ns = `e2e_t${tag}`;
  const object = `${ns}__visit`;
  const name = `拜访评分 ${tag}`;
  const text = (zh: string, en: string) => ({ "zh-CN": zh, en });
  const permissions = [`records:write:${object}`, "events:emit"];
  const manifest = {
    id: pluginId,
    name: text(name, `Visit scores ${tag}`),
    description: text("拜访完成时触发自动化规则。", "Fires automation rules when a visit is done."),
    version: "1.0.0",
    publisher: { name: "E2E 工作室" },
    engines: { qudao: ">=0.1.0" },
    surfaces: ["platform", "portal"],
    categories: ["sales"],
    permissions,
    hooks: [{ name: "onVisit", kind: "event", events: [`${object}.created`] }],
    contributes: {
      objects: [
        {
          name: object,
          label: text("拜访", "Visit"),
          labelPlural: text("拜访", "Visits"),
          titleField: "summary",
          fields: [
            { name: "summary", type: "text", label: text("摘要", "Summary"), required: true },
            { name: "score", type: "decimal", label: text("评分", "Score") },
          ],
          views: { list: { columns: ["summary", "score"] }, detail: { sections: [{ title: text("拜访", "Visit"), fields: ["summary", "score"] }] }, form: { fields: ["summary", "score"] } },
        },
      ],
      automationTriggers: [
        {
          name: `${ns}__visitDone`,
          event: `${pluginId}.visitDone`,
          label: text("拜访完成", "Visit done"),
          fields: [
            { name: "score", type: "decimal", label: text("拜访评分", "Visit score") },
            { name: "outcome", type: "text", label: text("拜访结果", "Visit outcome") },
          ],
        },
      ],
    },
  };
  const hooks = `globalThis.__qudaoPlugin = { hooks: {
    onVisit(ctx) {
      const visit = ctx.records.get(${JSON.stringify(object)}, ctx.event.payload.recordId);
      return visit ? [{ type: "emitEvent", name: ${JSON.stringify(`${pluginId}.visitDone`)}, payload: { score: visit.score, outcome: "positive" } }] : [];
    }
  } };`;
  const developer = await apiAuth(request, await createDeveloper());
  const uploaded = await request.post(`${API}/plugins/${pluginId}/versions`, { headers: developer, data: { format: 1, manifest, hooks, tests: null, locales: { "zh-CN": {}, en: {} }, assets: {} } });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  const version = (await uploaded.json()) as { id: string; status: string };
  expect(version.status).toBe("in_review");
  const admin = await apiAuth(request, PLATFORM_ADMIN);
  const approved = await request.post(`${API}/plugin-reviews/${version.id}/approve`, { headers: admin, data: { notes: "e2e" } });
  expect(approved.status(), await approved.text()).toBe(200);
  const policy = await request.put(`${API}/plugins/${pluginId}/policy`, { headers: admin, data: { partnerInstallAllowed: true } });
  expect(policy.status(), await policy.text()).toBe(200);
  return { pluginId, name, permissions };
}

test.describe.serial("portal: a plugin's trigger in the automation rule editor", () => {
  test.use({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN" });

  let plugin: TriggerPlugin;
  let partner: PartnerFixture;
  let installId: string;
  const ruleName = `高分拜访后跟进 ${Date.now()}`;

  test.beforeAll(async ({ request }) => {
    plugin = await publishTriggerPlugin(request);
    partner = await createPartnerWithTeam(request);
    const admin = await apiAuth(request, partner.admin);
    const installed = await request.post(`${API}/plugin-installs`, { headers: admin, data: { pluginId: plugin.pluginId, scope: "partner", consentedPermissions: plugin.permissions } });
    expect(installed.status(), await installed.text()).toBe(201);
    installId = ((await installed.json()) as { id: string }).id;
  });

  test("the admin picks the plugin's trigger, conditions it on the plugin's payload field, and saves the rule", async ({ page }) => {
    await signInToPortal(page, partner.admin);
    const form = page.locator("main form");
    // The plugin's triggers are a group of their own, named after the plugin, labelled from its manifest.
    const event = form.getByLabel("事件", { exact: true });
    const group = event.locator("optgroup", { hasText: "拜访完成" });
    // Each app process reads installs with a few seconds' cache: the new install shows within it.
    await expect(async () => {
      await page.goto("/automation/new");
      await expect(page.getByRole("heading", { level: 1, name: "新建规则" })).toBeVisible({ timeout: 1_000 });
      await expect(group).toHaveAttribute("label", `插件：${plugin.name}`, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await form.getByLabel("规则名称", { exact: true }).fill(ruleName);
    await expect(event.locator("optgroup[label='系统事件'] option", { hasText: "沉睡客户重新活跃" })).toHaveCount(1);
    await event.selectOption({ label: "拜访完成" });

    // Its declared payload fields are what conditions can test.
    await form.getByRole("button", { name: "添加条件" }).click();
    const condition = form.getByTestId("condition-row");
    const field = condition.getByLabel("字段", { exact: true });
    await expect(field.locator("option", { hasText: "事件：拜访评分" })).toHaveCount(1);
    await expect(field.locator("option", { hasText: "事件：拜访结果" })).toHaveCount(1);
    await field.selectOption({ label: "事件：拜访评分" });
    await condition.getByLabel("比较", { exact: true }).selectOption({ label: "大于等于" });
    await condition.getByLabel("值", { exact: true }).fill("4.5");

    // A plugin event carries no customer: the task gets the admin's own words.
    const action = form.getByTestId("action-row");
    await action.getByLabel("动作", { exact: true }).selectOption({ label: "创建任务" });
    await action.getByLabel("任务标题", { exact: true }).selectOption({ label: "自定义文字" });
    await action.getByLabel("文字", { exact: true }).fill("跟进这次高分拜访");
    await action.getByLabel("交给", { exact: true }).selectOption({ label: "合作伙伴管理员" });
    await form.getByRole("button", { name: "保存规则" }).click();

    await expect(page).toHaveURL(/\/automation\?notice=created$/);
    await expect(page.getByRole("status")).toHaveText("规则已创建。");
    const row = page.getByTestId("rule-row").filter({ hasText: ruleName });
    await expect(row).toContainText(`插件事件：拜访完成（${plugin.name}）`);
    await expect(row).toContainText("1 个条件");
    await expect(row).not.toContainText("触发器不可用");

    // Opened again, the editor shows the saved trigger and condition.
    await row.getByRole("link", { name: ruleName }).click();
    await expect(page.getByLabel("事件", { exact: true })).toHaveValue(`${plugin.pluginId}.visitDone`);
    await expect(page.getByTestId("condition-row").getByLabel("字段", { exact: true })).toHaveValue("event.score");
    await expect(page.getByTestId("condition-row").getByLabel("值", { exact: true })).toHaveValue("4.5");
  });

  test("uninstalled, the plugin's rule is kept but marked unavailable; restored, it is available again", async ({ page, request }) => {
    const admin = await apiAuth(request, partner.admin);
    const uninstalled = await request.post(`${API}/plugin-installs/${installId}/uninstall`, { headers: admin });
    expect(uninstalled.status(), await uninstalled.text()).toBe(200);

    await signInToPortal(page, partner.admin);
    const row = page.getByTestId("rule-row").filter({ hasText: ruleName });
    // Each app process caches what is installed for a few seconds.
    await expect(async () => {
      await page.goto("/automation");
      await expect(row).toContainText("触发器不可用", { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(row).toContainText(`插件事件：拜访完成（${plugin.name}）`);
    await row.getByRole("link", { name: ruleName }).click();
    const event = page.getByLabel("事件", { exact: true });
    await expect(event).toHaveValue(`${plugin.pluginId}.visitDone`);
    await expect(event.locator("option:checked")).toHaveText(`拜访完成 · ${plugin.name}（不可用）`);
    await expect(event).toHaveAccessibleDescription("提供此触发器的插件已卸载或停用：规则保留，但暂不运行；插件恢复后会继续运行。");
    // Saving it unchanged is refused on the trigger, in words.
    await page.getByRole("button", { name: "保存规则" }).click();
    await expect(event).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("没有为此规则的公司安装提供该触发器的插件")).toBeVisible();

    const restored = await request.post(`${API}/plugin-installs/${installId}/restore`, { headers: admin });
    expect(restored.status(), await restored.text()).toBe(200);
    await expect(async () => {
      await page.goto("/automation");
      await expect(page.getByTestId("rule-row").filter({ hasText: ruleName })).not.toContainText("触发器不可用", { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
  });
});
