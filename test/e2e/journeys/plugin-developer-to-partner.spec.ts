/**
 * Issue 6, "done when", tried as a new plugin developer would: sign up in the console and make an API
 * key; `qudao-plugin init` → edit → `test` → `publish` to this Qudao with the real CLI; a reviewer
 * approves (signs) the version and the platform lets partners install it; a partner admin installs it
 * in the portal with consent, its object appears in the navigation with list, form and detail pages,
 * and its event hook — run by the worker from the outbox through BullMQ — creates a follow-up task.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../support/sign-in";
import { signInAsPlatformAdmin } from "../platform/platform-admin";
import { signInToPortal } from "../portal/portal-sign-in";
import { pluginHookDiagnostics } from "../support/worker-diagnostics";

const PLATFORM = process.env.PLATFORM_BASE_URL!;
const PORTAL = process.env.PORTAL_BASE_URL!;
const root = path.resolve(__dirname, "../../..");
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
const PLUGIN_ID = `e2e${run}.visits`;
const NAME = `拜访纪要 ${run}`;
/** This run's menu entry (a retry installs a plugin of its own next to the first attempt's, with the same label). */
const NAV_ENTRY = `e2e${run}_visits__visitNotes`;

/** The CLI as a developer runs it (`npx qudao-plugin …`), in zh-CN. */
function cli(args: string[], cwd: string): { status: number; output: string } {
  const result = spawnSync(process.execPath, [path.join(root, "packages/plugins/bin/qudao-plugin.mjs"), ...args, "--locale", "zh-CN"], { cwd, encoding: "utf8", timeout: 120_000 });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

async function page(browser: Browser, baseURL: string): Promise<Page> {
  return (await browser.newContext({ baseURL, locale: "zh-CN" })).newPage();
}

test("a new developer publishes a plugin with the CLI; a partner admin installs it and its hook creates a task", async ({ browser }) => {
  test.slow();
  const work = mkdtempSync(path.join(tmpdir(), "qudao-plugin-dev-"));
  try {
    // Sign up and make an API key for the CLI.
    const developer = await page(browser, PLATFORM);
    await developer.goto("/developers/signup");
    await developer.getByLabel("姓名或团队名称").fill(`独立开发者 ${run}`);
    await developer.getByLabel("邮箱").fill(`indie-${run}@e2e.demo`);
    await developer.getByLabel("密码").fill(DEMO_PASSWORD);
    await developer.getByRole("button", { name: "注册并登录" }).click();
    await expect(developer.getByRole("heading", { level: 1 })).toHaveText("我的插件");
    await developer.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "API 密钥" }).click();
    await developer.getByLabel("名称").fill("CLI");
    await developer.getByRole("button", { name: "创建密钥" }).click();
    const apiKey = (await developer.getByTestId("api-key-secret").textContent())!.trim();

    // init → edit → test → publish.
    const dir = path.join(work, "visits");
    const init = cli(["init", dir, "--id", PLUGIN_ID], work);
    expect(init.status, init.output).toBe(0);
    const manifestFile = path.join(dir, "manifest.json");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { name: Record<string, string> };
    manifest.name = { "zh-CN": NAME, "zh-TW": NAME, en: `Visit notes ${run}` };
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    const tested = cli(["test", dir], work);
    expect(tested.status, tested.output).toBe(0);
    const published = cli(["publish", dir, "--url", PLATFORM, "--key", apiKey], work);
    expect(published.status, published.output).toBe(0);
    await developer.goto("/developer");
    await expect(developer.locator(`tr[data-plugin-id="${PLUGIN_ID}"] [data-version-status]`)).toHaveText("审核中");

    // The reviewer approves; the platform admin opens it to partners.
    const reviewer = await page(browser, PLATFORM);
    await signInAsPlatformAdmin(reviewer, "reviewer@qudao.demo");
    await reviewer.goto("/plugin-reviews");
    await reviewer.locator(`tr[data-plugin-id="${PLUGIN_ID}"]`).getByRole("link", { name: "审核" }).click();
    await reviewer.getByRole("form", { name: "批准并签名发布" }).getByRole("button", { name: "批准并签名发布" }).click();
    await expect(reviewer.getByRole("status")).toHaveText("已批准并签名，此版本已上架。");
    const admin = await page(browser, PLATFORM);
    await signInAsPlatformAdmin(admin);
    await admin.goto("/plugins");
    await admin.locator(`tr[data-plugin-id="${PLUGIN_ID}"]`).getByRole("link", { name: NAME }).click();
    await admin.locator('form[data-policy="partnerInstallAllowed"]').getByRole("button", { name: "允许合作伙伴安装" }).click();
    await expect(admin.getByRole("status")).toHaveText("策略已保存。");

    // A partner admin installs it with consent; its object is in the navigation.
    const partner = await page(browser, PORTAL);
    await signInToPortal(partner, "admin@jinglian.demo");
    const nav = partner.getByRole("navigation", { name: "主导航" });
    await nav.getByRole("link", { name: "插件市场" }).click();
    await partner.getByRole("link", { name: NAME }).click();
    await partner.getByRole("link", { name: "为我公司安装" }).click();
    const consent = partner.locator("main form");
    await expect(consent.getByRole("listitem")).toHaveCount(2);
    await expect(consent).toContainText("为您的团队创建任务");
    await expect(consent.getByLabel("纪要最少字数")).toHaveValue("20");
    await consent.getByRole("button", { name: "同意并安装" }).click();
    await expect(partner.getByRole("status")).toHaveText("插件已安装，相关页面已出现在导航中。");
    await nav.getByRole("link", { name: "拜访纪要" }).and(partner.locator(`[data-plugin-nav="${NAV_ENTRY}"]`)).click();
    await expect(partner.getByRole("heading", { level: 1, name: "拜访纪要" })).toBeVisible();

    // The form from the manifest; the plugin's validate hook refuses a short note with its own words.
    await partner.getByRole("link", { name: "新建拜访纪要" }).click();
    const form = partner.locator("main form");
    const subject = `与王总沟通试点方案 ${run}`;
    await form.getByLabel("主题").fill(subject);
    await form.getByLabel("拜访日期").fill("2026-12-01");
    await form.getByLabel("纪要").fill("谈了试点");
    await form.getByLabel("下一步").fill(`发送试点报价 ${run}`);
    await form.getByRole("button", { name: "创建" }).click();
    await expect(form.locator(".field-error").first()).toContainText("20");
    await expect(form.getByLabel("主题")).toHaveValue(subject);
    await form.getByLabel("纪要").fill("王总同意下月在两个门店试点，需要我们先给出报价和实施计划。");
    await form.getByRole("button", { name: "创建" }).click();
    await expect(partner.getByRole("heading", { level: 1 })).toHaveText(subject);

    // The list shows it.
    await nav.getByRole("link", { name: "拜访纪要" }).and(partner.locator(`[data-plugin-nav="${NAV_ENTRY}"]`)).click();
    await expect(partner.getByRole("row").filter({ hasText: subject })).toBeVisible();

    // After commit, the worker runs the event hook: its createTask intent becomes the admin's task.
    try {
      await expect(async () => {
        await partner.goto("/tasks");
        await expect(partner.getByRole("link", { name: `发送试点报价 ${run}` })).toBeVisible({ timeout: 1_000 });
        // The worker also runs the other workers' imports and statement runs: give it a minute under load.
      }).toPass({ timeout: 60_000 });
    } catch (error) {
      // Where the chain outbox → domain event → plugin hook → task stopped.
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n\n${await pluginHookDiagnostics(PLUGIN_ID)}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
