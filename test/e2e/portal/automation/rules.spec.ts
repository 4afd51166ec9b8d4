/**
 * A partner admin sees the platform's rules read-only and adds one of its own; a rep has no rules page.
 */
import { expect, test } from "@playwright/test";
import { signIn } from "../../support/sign-in";

const PORTAL = process.env.PORTAL_BASE_URL!;

test("the partner admin reads the platform's rule and creates its own", async ({ page }) => {
  test.slow();
  const name = `回归客户通知管理员 ${Date.now()}`;
  await signIn(page, PORTAL, "admin@jinglian.demo");
  await page.goto(`${PORTAL}/automation`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("自动化规则");
  const platform = page.locator("section", { has: page.getByRole("heading", { name: "平台规则" }) });
  const builtIn = platform.getByTestId("rule-row").filter({ hasText: "沉睡客户回归" });
  await expect(builtIn).toContainText("只读");
  await builtIn.getByRole("link", { name: "沉睡客户回归" }).click();
  await expect(page.getByLabel("规则名称", { exact: true })).toBeDisabled();
  await expect(page.getByRole("button", { name: "保存规则" })).toHaveCount(0);

  await page.goto(`${PORTAL}/automation/new`);
  const form = page.locator("main form");
  await form.getByLabel("规则名称", { exact: true }).fill(name);
  await form.getByLabel("事件", { exact: true }).selectOption({ label: "沉睡客户重新活跃" });
  const action = form.getByTestId("action-row");
  await action.getByLabel("动作", { exact: true }).selectOption({ label: "发送站内通知" });
  await action.getByLabel("通知谁", { exact: true }).selectOption({ label: "合作伙伴管理员" });
  await form.getByRole("button", { name: "保存规则" }).click();
  await expect(page).toHaveURL(/\/automation\?notice=created$/);
  const own = page.locator("section", { has: page.getByRole("heading", { name: "本公司规则" }) });
  await expect(own.getByTestId("rule-row").filter({ hasText: name })).toContainText("发送站内通知");
});

test("a rep gets no rules page", async ({ page }) => {
  await signIn(page, PORTAL, "rep1@jinglian.demo");
  const response = await page.goto(`${PORTAL}/automation`);
  expect(response?.status()).toBe(403);
});

test.describe("at 375 px", () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test("the rules page and the rule form fit a phone", async ({ page }) => {
    await signIn(page, PORTAL, "admin@yuetong.demo");
    for (const path of ["/automation", "/automation/new"]) {
      await page.goto(`${PORTAL}${path}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    }
  });
});
