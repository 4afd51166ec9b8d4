/**
 * The foundation's promise, across both apps in real Chromium: a rep's lead is visible to its own
 * partner, invisible to another partner, and visible to the platform with the partner's name.
 */
import { expect, test } from "@playwright/test";
import { signIn } from "../support/sign-in";

const portal = process.env.PORTAL_BASE_URL!;
const platform = process.env.PLATFORM_BASE_URL!;

test("a rep creates a lead that only their partner and the platform can see", async ({ browser }) => {
  const leadName = `杭州云帆科技 王总 ${Date.now()}`;

  const rep = await browser.newPage();
  await signIn(rep, portal, "rep1@huadong.demo");
  await rep.goto(`${portal}/leads/new`);
  await rep.locator("input[name=name]").fill(leadName);
  await rep.locator("input[name=company]").fill("杭州云帆科技有限公司");
  await rep.locator("input[name=phone]").fill("13912345678");
  await rep.locator("form button[type=submit]").last().click();
  // Saved once the app is back on the list (navigating away earlier would cancel the submission).
  await expect(rep).toHaveURL(`${portal}/leads`);
  await rep.goto(`${portal}/leads?q=${encodeURIComponent(leadName)}`);
  await expect(rep.getByText(leadName)).toBeVisible();

  const competitor = await browser.newPage();
  await signIn(competitor, portal, "rep1@jinglian.demo");
  await competitor.goto(`${portal}/leads?q=${encodeURIComponent(leadName)}`);
  await expect(competitor.locator("main")).toBeVisible();
  await expect(competitor.getByText(leadName)).toHaveCount(0);

  const staff = await browser.newPage();
  await signIn(staff, platform, "admin@qudao.demo");
  await staff.goto(`${platform}/leads?q=${encodeURIComponent(leadName)}`);
  const row = staff.locator("tr", { hasText: leadName });
  await expect(row).toBeVisible();
  await expect(row).toContainText("上海华东渠道科技有限公司");
});

test("a wrong password shows a translated error, in Chinese by default and in English after switching", async ({ page }) => {
  await page.goto(`${portal}/login`);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.locator("input[name=email]").fill("rep2@huadong.demo");
  await page.locator("input[name=password]").fill("not-the-password");
  await page.locator("form button[type=submit]").first().click();
  await expect(page.getByRole("alert")).toHaveText("邮箱或密码不正确。");

  await page.locator("button[name=locale][value=en]").first().click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator("form button[type=submit]").first()).toHaveText("Sign in");
  await page.locator("input[name=email]").fill("rep2@huadong.demo");
  await page.locator("input[name=password]").fill("still-not-the-password");
  await page.locator("form button[type=submit]").first().click();
  await expect(page.getByRole("alert")).toHaveText("The email or password is incorrect.");
});

test("switching to English in the app changes the UI and is remembered for the user", async ({ browser }) => {
  const page = await browser.newPage();
  await signIn(page, platform, "channel@qudao.demo");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("link", { name: "合作伙伴" })).toBeVisible();
  await page.locator("button[name=locale][value=en]").first().click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "Partners" })).toBeVisible();

  // A fresh browser (no language cookie) still gets English after signing in: it is saved on the user.
  const fresh = await browser.newContext();
  const again = await fresh.newPage();
  await signIn(again, platform, "channel@qudao.demo");
  await expect(again.locator("html")).toHaveAttribute("lang", "en");
  await again.locator("button[name=locale][value=zh-CN]").first().click();
  await expect(again.locator("html")).toHaveAttribute("lang", "zh-CN");
  await fresh.close();
});
