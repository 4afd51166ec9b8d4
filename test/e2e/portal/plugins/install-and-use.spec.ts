/**
 * A partner admin finds a plugin in the marketplace, reads what it may do in plain words, installs it
 * for the partner with consent, and its object appears in the navigation with list, form and detail
 * pages drawn from the manifest; the plugin's own validate hook refuses a short summary in words on
 * the field. Managers browse but cannot install; reps see no marketplace. Uninstalling keeps the data,
 * and restoring brings the record back.
 */
import { expect, test, type Page } from "@playwright/test";
import { API, apiAuth } from "../../support/api";
import { createPartnerWithTeam, publishApprovedPlugin, type PartnerFixture, type PluginFixture } from "../../support/plugin-fixture";
import { signInAsPlatformAdmin } from "../../platform/platform-admin";
import { signInToPortal } from "../portal-sign-in";

test.describe.serial("portal: a plugin from the marketplace", () => {
  test.use({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN" });

  let plugin: PluginFixture;
  let partner: PartnerFixture;
  const summary = `客户同意下月试点 ${Date.now()}`;

  test.beforeAll(async ({ request }) => {
    plugin = await publishApprovedPlugin(request);
    partner = await createPartnerWithTeam(request);
  });

  const nav = (page: Page) => page.getByRole("navigation", { name: "主导航" });

  test("a manager browses the marketplace but only admins may install", async ({ page }) => {
    await signInToPortal(page, partner.manager);
    await nav(page).getByRole("link", { name: "插件市场" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "插件市场" })).toBeVisible();
    await page.getByRole("link", { name: plugin.name }).click();
    await expect(page.getByRole("heading", { level: 1, name: plugin.name })).toBeVisible();
    await expect(page.getByText("只有贵公司的管理员可以安装插件。")).toBeVisible();
    await expect(page.getByRole("link", { name: "为我公司安装" })).toHaveCount(0);
    // The consent screen itself refuses a manager.
    await page.goto(`/marketplace/${plugin.pluginId}/install`);
    await expect(page.getByRole("heading", { level: 1, name: "403" })).toBeVisible();
  });

  test("a rep has no marketplace and cannot install", async ({ page }) => {
    await signInToPortal(page, partner.rep);
    await expect(nav(page).getByRole("link", { name: "插件市场" })).toHaveCount(0);
    await page.goto(`/marketplace/${plugin.pluginId}/install`);
    await expect(page.getByRole("heading", { level: 1, name: "403" })).toBeVisible();
    await page.goto("/marketplace");
    await expect(page.getByRole("heading", { level: 1, name: "403" })).toBeVisible();
  });

  test("the admin installs it with consent, and creates a record through its form", async ({ page }) => {
    await signInToPortal(page, partner.admin);
    await expect(nav(page).getByRole("link", { name: plugin.objectLabel })).toHaveCount(0);
    await nav(page).getByRole("link", { name: "插件市场" }).click();

    // Search by words and category.
    await page.getByRole("searchbox", { name: "搜索插件" }).fill(plugin.name);
    await page.getByRole("combobox", { name: "分类" }).selectOption({ label: "销售" });
    await page.getByRole("button", { name: "搜索" }).click();
    await expect(page).toHaveURL(/category=sales/);
    const card = page.locator(".plugin-card").filter({ hasText: plugin.name });
    await expect(card).toContainText("开发者：E2E 工作室");
    await card.getByRole("link", { name: plugin.name }).click();

    // The listing says what the plugin may do, in plain words.
    await expect(page.getByRole("heading", { level: 1, name: plugin.name })).toBeVisible();
    const permissions = page.getByRole("region", { name: "需要的权限" });
    await expect(permissions.getByRole("listitem")).toHaveCount(3);
    await expect(permissions).toContainText("读取和修改「拜访报告」记录");
    await expect(permissions).toContainText("读取「客户」记录");
    await expect(permissions).toContainText("为您的团队创建任务");
    await expect(page.getByRole("region", { name: "版本历史" })).toContainText("1.0.0");
    // The screenshot comes from the approved package.
    const screenshot = page.getByRole("img", { name: plugin.screenshot });
    await expect(screenshot).toBeVisible();
    await expect.poll(() => screenshot.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(160);
    await page.getByRole("link", { name: "为我公司安装" }).click();

    // Consent: every permission again, the settings with their defaults, one confirm button.
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`安装「${plugin.name}」`);
    const consent = page.locator("main form");
    await expect(consent.getByRole("listitem")).toHaveCount(3);
    await expect(consent).toContainText("读取和修改「拜访报告」记录");
    await expect(consent.getByLabel("摘要最少字数")).toHaveValue("5");
    await consent.getByRole("button", { name: "同意并安装" }).click();

    await expect(page).toHaveURL(new RegExp(`/plugins/${plugin.pluginId.replace(".", "\\.")}\\?installed=1$`));
    await expect(page.getByRole("status")).toHaveText("插件已安装，相关页面已出现在导航中。");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("已安装");

    // The plugin's object is in the navigation now.
    await nav(page).getByRole("link", { name: plugin.objectLabel }).click();
    await expect(page).toHaveURL(new RegExp(`/x/${plugin.object}$`));
    await expect(page.getByRole("heading", { level: 1, name: "拜访报告" })).toBeVisible();
    await expect(page.getByText("还没有拜访报告。")).toBeVisible();
    await page.getByRole("link", { name: "新建拜访报告" }).click();

    // The form comes from views.form: required marks, help text, a control per field type.
    const form = page.locator("main form");
    const summaryInput = form.getByLabel("摘要");
    await expect(summaryInput).toHaveAttribute("aria-required", "true");
    await expect(summaryInput).toHaveAccessibleDescription("一句话写下这次拜访的要点");
    await expect(form.getByRole("combobox", { name: "结果" })).toBeVisible();
    await expect(form.getByRole("checkbox", { name: "需要跟进" })).toBeVisible();

    // The plugin's validate hook refuses a short summary, in its own words, on the field; the input stays.
    await summaryInput.fill("太短");
    await form.getByLabel("拜访日期").fill("2026-11-20");
    await form.getByRole("combobox", { name: "结果" }).selectOption({ label: "积极" });
    await form.getByRole("button", { name: "创建" }).click();
    await expect(summaryInput).toHaveAttribute("aria-invalid", "true");
    await expect(summaryInput).toHaveAccessibleDescription(/摘要至少 5 个字/);
    await expect(summaryInput).toHaveValue("太短");
    await expect(form.getByLabel("拜访日期")).toHaveValue("2026-11-20");
    await expect(form.getByRole("combobox", { name: "结果" })).toHaveValue("positive");

    await summaryInput.fill(summary);
    await form.getByRole("checkbox", { name: "需要跟进" }).check();
    await form.getByRole("button", { name: "创建" }).click();

    // The detail page: the manifest's section, values in words.
    await expect(page.getByRole("status")).toHaveText("拜访报告已创建。");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(summary);
    const section = page.getByRole("region", { name: "拜访" });
    await expect(section.locator("[data-field=outcome] dd")).toHaveText("积极");
    await expect(section.locator("[data-field=followUp] dd")).toHaveText("是");
    await expect(section.locator("[data-field=customer] dd")).toHaveText("—");

    // And in the list.
    await page.getByRole("link", { name: "返回拜访报告" }).click();
    const row = page.getByRole("row").filter({ hasText: summary });
    await expect(row.locator("[data-field=outcome]")).toHaveText("积极");
    await expect(row.getByRole("link", { name: summary })).toBeVisible();
  });

  test("the plugin's pages speak the reader's language (Traditional Chinese converted when the plugin has none)", async ({ page }) => {
    await signInToPortal(page, partner.manager);
    const switchTo = async (locale: string) => {
      await page.locator("details.account summary").click();
      await page.locator(`details.account button[name=locale][value=${locale}]`).click();
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
    };
    await page.goto(`/x/${plugin.object}`);
    await switchTo("zh-TW");
    await expect(page.getByRole("heading", { level: 1, name: "拜訪報告" })).toBeVisible();
    // The navigation is named in the reader's language too, so it is found by its place here.
    await expect(page.locator(".topbar nav").getByRole("link", { name: "拜訪報告" })).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: summary }).locator("[data-field=outcome]")).toHaveText("積極");
    await switchTo("en");
    await expect(page.getByRole("heading", { level: 1, name: "Visit reports" })).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: summary });
    await expect(row.locator("[data-field=outcome]")).toHaveText("Positive");
    await expect(row.locator("[data-field=followUp]")).toHaveText("Yes");
    await switchTo("zh-CN");
  });

  test("platform staff see the partner's record in the console", async ({ browser }) => {
    const context = await browser.newContext({ baseURL: process.env.PLATFORM_BASE_URL, locale: "zh-CN" });
    const page = await context.newPage();
    await signInAsPlatformAdmin(page);
    await page.goto(`/x/${plugin.object}`);
    await expect(page.getByRole("heading", { level: 1, name: "拜访报告" })).toBeVisible();
    await page.getByRole("row").filter({ hasText: summary }).getByRole("link", { name: summary }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(summary);
    await expect(page.getByRole("link", { name: partner.name })).toBeVisible();
    await expect(page.getByRole("region", { name: "拜访" }).locator("[data-field=outcome] dd")).toHaveText("积极");
    await context.close();
  });

  test("uninstalling keeps the data for 30 days; restoring brings the record back", async ({ page }) => {
    await signInToPortal(page, partner.admin);
    await page.goto(`/plugins/${plugin.pluginId}`);
    await page.getByText("卸载插件…").click();
    await expect(page.getByText("插件的数据保留 30 天，期间可以恢复")).toBeVisible();
    await page.getByRole("button", { name: "确认卸载" }).click();
    await expect(page.getByRole("status")).toHaveText("插件已卸载，数据保留期内可以恢复。");
    await expect(nav(page).getByRole("link", { name: plugin.objectLabel })).toHaveCount(0);
    await page.goto(`/x/${plugin.object}`);
    await expect(page.getByRole("heading", { level: 1, name: "404" })).toBeVisible();

    await page.goto(`/plugins/${plugin.pluginId}`);
    await page.getByRole("button", { name: "恢复插件和数据" }).click();
    await expect(page.getByRole("status")).toHaveText("插件已恢复，数据已找回。");
    await nav(page).getByRole("link", { name: plugin.objectLabel }).click();
    await expect(page.getByRole("row").filter({ hasText: summary })).toBeVisible();
  });

  test("a plugin that keeps failing is stopped; the admin hears of it and starts it again", async ({ page, request }) => {
    // Five saves the plugin's hook crashes on (through the API, as an integration would send them).
    const auth = await apiAuth(request, partner.admin);
    // The plugin was restored in the portal a moment ago: the API (the platform app, another process) knows within a second.
    await expect.poll(async () => (await request.get(`${API}/records/${plugin.object}`, { headers: auth })).status()).toBe(200);
    for (let i = 0; i < 5; i += 1) {
      const refused = await request.post(`${API}/records/${plugin.object}`, { headers: auth, data: { object: plugin.object, values: { summary: "boom", visitedOn: "2026-11-21" } } });
      expect(refused.status(), await refused.text()).toBe(422);
    }

    await signInToPortal(page, partner.admin);
    // The portal's process caches what is installed for a few seconds: the stop shows within that.
    await expect(async () => {
      await page.goto("/leads");
      await expect(nav(page).getByRole("link", { name: plugin.objectLabel })).toHaveCount(0, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    const notice = page.getByRole("listitem").filter({ hasText: `插件 ${plugin.pluginId} 的 checkVisit 连续失败 5 次，已自动停用` });
    await expect(async () => {
      await page.goto("/notifications");
      await expect(notice).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await notice.getByRole("link", { name: "查看" }).click();

    await expect(page).toHaveURL(new RegExp(`/plugins/${plugin.pluginId.replace(".", "\\.")}$`));
    const stopped = page.getByRole("region", { name: "插件已停用" });
    await expect(stopped).toContainText("插件连续多次运行失败，系统已自动停用它");
    await stopped.getByRole("button", { name: "重新启用" }).click();
    await expect(page.getByRole("status")).toHaveText("插件已重新启用。");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("已安装");
    await nav(page).getByRole("link", { name: plugin.objectLabel }).click();
    await expect(page.getByRole("row").filter({ hasText: summary })).toBeVisible();
  });
});
