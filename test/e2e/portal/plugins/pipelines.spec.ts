/**
 * A plugin's pipeline on its own object (ADR 024 addendum): a rep opens the board of the plugin's
 * "follow-up" pipeline, moves a visit report to the next stage with the card's move form, sees the
 * stage on the record's page and moves it into the won stage there (it is closed), filters the list
 * by stage, and moves another card on the board with JavaScript switched off. Staff see the same
 * board in the console. The plugin's opportunity pipeline shows in the partner's pipeline settings,
 * named after the plugin and read-only.
 */
import { expect, test, type Page } from "@playwright/test";
import { API, apiAuth } from "../../support/api";
import { createPartnerWithTeam, publishApprovedPlugin, type PartnerFixture, type PluginFixture } from "../../support/plugin-fixture";
import { signIn } from "../../support/sign-in";
import { signInAsPlatformAdmin } from "../../platform/platform-admin";
import { signInToPortal } from "../portal-sign-in";

const text = (zh: string, en: string) => ({ "zh-CN": zh, en });

test.describe.serial("portal: a plugin object's pipeline as a board", () => {
  test.use({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN" });

  let plugin: PluginFixture;
  let partner: PartnerFixture;
  const stamp = Date.now();
  const summary = `设备巡检后跟进 ${stamp}`;
  const other = `门诊部初次拜访 ${stamp}`;

  test.beforeAll(async ({ request }) => {
    plugin = await publishApprovedPlugin(request, {
      pipelines: (object, ns) => [
        {
          name: `${ns}__followUp`,
          object,
          label: text("跟进进度", "Follow-up"),
          stages: [
            { key: "todo", label: text("待跟进", "To do") },
            { key: "doing", label: text("跟进中", "In progress") },
            { key: "won", label: text("已成交", "Won"), kind: "won" },
            { key: "lost", label: text("已放弃", "Dropped"), kind: "lost" },
          ],
        },
        {
          name: `${ns}__hospitalAccess`,
          object: "opportunity",
          label: text("医院准入流程", "Hospital access"),
          stages: [
            { key: "entry", label: text("进院", "Hospital entry"), probability: 20 },
            { key: "listing", label: text("挂网", "Listing"), probability: 50 },
            { key: "vbp", label: text("带量采购", "Volume-based procurement"), kind: "won" },
            { key: "lost", label: text("未准入", "Not admitted"), kind: "lost" },
          ],
        },
      ],
    });
    partner = await createPartnerWithTeam(request);
    const admin = await apiAuth(request, partner.admin);
    const installed = await request.post(`${API}/plugin-installs`, { headers: admin, data: { pluginId: plugin.pluginId, scope: "partner", consentedPermissions: plugin.permissions } });
    expect(installed.status(), await installed.text()).toBe(201);
    const rep = await apiAuth(request, partner.rep);
    for (const title of [other, summary]) {
      const created = await request.post(`${API}/records/${plugin.object}`, { headers: rep, data: { object: plugin.object, values: { summary: title, visitedOn: "2026-12-01" } } });
      expect(created.status(), await created.text()).toBe(201);
    }
  });

  const column = (page: Page, stage: string) => page.locator(`.plugin-board-column[data-stage="${stage}"]`);
  const boardUrl = () => `/x/${plugin.object}?board=${plugin.object.split("__")[0]}__followUp`;

  test("the rep moves a record to the next stage on the board", async ({ page }) => {
    await signInToPortal(page, partner.rep);
    // The list shows each record's stage; new records start in the first one. (Each app process reads
    // installs with a few seconds' cache: the install made over the API shows within it.)
    await expect(async () => {
      await page.goto(`/x/${plugin.object}`);
      await expect(page.getByRole("row").filter({ hasText: summary }).locator(`[data-pipeline]`)).toHaveText("待跟进", { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await page.getByRole("navigation", { name: "显示方式" }).getByRole("link", { name: "看板：跟进进度" }).click();

    const board = page.getByRole("region", { name: "跟进进度看板" });
    await expect(board).toBeVisible();
    await expect(column(page, "todo").locator(".plugin-board-count")).toHaveText("2 条");
    await expect(column(page, "doing")).toContainText("暂无记录");
    const card = column(page, "todo").getByRole("article", { name: summary });
    await card.getByLabel(`把「${summary}」移到`).selectOption({ label: "跟进中" });
    await card.getByRole("button", { name: "移动" }).click();

    await expect(page.getByRole("status")).toHaveText(`「${summary}」已移到「跟进中」。`);
    await expect(page).toHaveURL(/board=/);
    await expect(column(page, "todo").locator(".plugin-board-count")).toHaveText("1 条");
    await expect(column(page, "doing").locator(".plugin-board-count")).toHaveText("1 条");
    await expect(column(page, "doing").getByRole("article", { name: summary })).toBeVisible();
  });

  test("the record's page shows its stage and moves it into the won stage, which closes it", async ({ page }) => {
    await signInToPortal(page, partner.rep);
    await page.goto(boardUrl());
    await column(page, "doing").getByRole("link", { name: summary }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(summary);

    const stages = page.getByRole("region", { name: "跟进进度" });
    await expect(stages.locator('[aria-current="step"]')).toHaveText("跟进中");
    await stages.getByLabel("移到阶段").selectOption({ label: "已成交" });
    await stages.getByRole("button", { name: "移动" }).click();

    await expect(page.getByRole("status")).toHaveText(`「${summary}」已移到「已成交」。`);
    await expect(stages.locator('[aria-current="step"]')).toHaveText("已成交");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("已关闭 · 成功");
    await expect(stages).toContainText("关闭于");
  });

  test("the list filters by stage", async ({ page }) => {
    await signInToPortal(page, partner.rep);
    await page.goto(`/x/${plugin.object}`);
    await page.getByLabel("阶段（跟进进度）").selectOption({ label: "已成交" });
    await page.getByRole("button", { name: "搜索" }).click();
    await expect(page).toHaveURL(/stage=/);
    await expect(page.getByRole("row").filter({ hasText: summary })).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: other })).toHaveCount(0);
    await page.getByLabel("阶段（跟进进度）").selectOption({ label: "跟进中" });
    await page.getByRole("button", { name: "搜索" }).click();
    await expect(page.getByText("没有符合条件的记录。")).toBeVisible();
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("a card still moves: the form posts and the board comes back", async ({ page }) => {
      await signIn(page, process.env.PORTAL_BASE_URL!, partner.rep);
      await page.goto(boardUrl());
      const card = column(page, "todo").getByRole("article", { name: other });
      await card.getByLabel(`把「${other}」移到`).selectOption({ label: "已放弃" });
      await card.getByRole("button", { name: "移动" }).click();
      await expect(page.getByRole("status")).toHaveText(`「${other}」已移到「已放弃」。`);
      const dropped = column(page, "lost").getByRole("article", { name: other });
      await expect(dropped).toBeVisible();
      await expect(dropped).toContainText("已关闭 · 未成功");
      await expect(column(page, "todo")).toContainText("暂无记录");
    });
  });

  test("staff see the same board in the console", async ({ browser }) => {
    const context = await browser.newContext({ baseURL: process.env.PLATFORM_BASE_URL, locale: "zh-CN" });
    const page = await context.newPage();
    await signInAsPlatformAdmin(page);
    await page.goto(`/x/${plugin.object}`);
    await page.getByRole("link", { name: "看板：跟进进度" }).click();
    await expect(column(page, "won").getByRole("article", { name: summary })).toBeVisible();
    await expect(column(page, "lost").getByRole("article", { name: other })).toBeVisible();
    await context.close();
  });

  test("the plugin's opportunity pipeline is in the partner's settings, named after the plugin and read-only", async ({ page }) => {
    await signInToPortal(page, partner.admin);
    await page.goto("/pipelines");
    const item = page.locator(".pipeline-item").filter({ hasText: "医院准入流程" });
    await expect(item).toContainText(`插件：${plugin.name}`);
    await expect(item).toContainText("进院 · 20%");
    await expect(item.getByRole("link", { name: "只读" })).toBeVisible();
    await item.getByRole("link", { name: "医院准入流程" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "医院准入流程" })).toBeVisible();
    await expect(page.getByRole("note")).toHaveText(`此流程由插件「${plugin.name}」提供，随插件的安装、升级和卸载变化，不能在这里修改。`);
    await expect(page.getByRole("button", { name: "保存流程" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "归档此流程" })).toHaveCount(0);
  });
});
