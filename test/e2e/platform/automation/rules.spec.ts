/**
 * Platform staff build an automation rule in the structured form: a bad cron expression is refused
 * under its field in zh-CN, the saved rule is listed next to the built-in "沉睡客户回归" rule, and it
 * can be disabled from the list.
 */
import { expect, test } from "@playwright/test";
import { signInAsPlatformAdmin } from "../platform-admin";

test.use({ baseURL: process.env.PLATFORM_BASE_URL });

test("a schedule with an hour that does not exist is refused under its field, in zh-CN, and nothing is saved", async ({ page }) => {
  const name = `定时规则 ${Date.now()}`;
  await signInAsPlatformAdmin(page);
  await page.goto("/automation/new");
  const form = page.locator("main form");
  await form.getByLabel("规则名称", { exact: true }).fill(name);
  await form.getByLabel("按时间定时", { exact: true }).check();
  await form.getByLabel("定时表达式（cron）", { exact: true }).fill("0 25 * * *");
  await form.getByRole("button", { name: "保存规则" }).click();
  const cron = form.getByLabel("定时表达式（cron）", { exact: true });
  await expect(cron).toHaveAttribute("aria-invalid", "true");
  await expect(cron).toHaveAccessibleDescription(/定时表达式无效/);
  await expect(form.getByRole("alert")).toBeVisible();
  await expect(page).toHaveURL(/\/automation\/new$/);
  // What was typed is still there.
  await expect(cron).toHaveValue("0 25 * * *");
  await page.goto("/automation");
  await expect(page.getByTestId("rule-row").filter({ hasText: name })).toHaveCount(0);
});

test("the platform admin creates a rule with a condition and an action, sees it listed, and disables it", async ({ page }) => {
  test.slow();
  const name = `VIP 客户打标后跟进 ${Date.now()}`;
  await signInAsPlatformAdmin(page);
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "自动化规则" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("自动化规则");
  await expect(page.getByTestId("rule-row").filter({ hasText: "沉睡客户回归" })).toContainText("事件：沉睡客户重新活跃");

  await page.getByRole("link", { name: "新建规则" }).click();
  const form = page.locator("main form");
  await form.getByLabel("规则名称", { exact: true }).fill(name);
  await form.getByLabel("事件", { exact: true }).selectOption({ label: "客户被打标签" });
  await form.getByRole("button", { name: "添加条件" }).click();
  const condition = form.getByTestId("condition-row");
  await condition.getByLabel("字段", { exact: true }).selectOption({ label: "客户标签" });
  await condition.getByLabel("比较", { exact: true }).selectOption({ label: "包含" });
  await condition.getByLabel("值", { exact: true }).fill("VIP");
  const action = form.getByTestId("action-row");
  await action.getByLabel("动作", { exact: true }).selectOption({ label: "创建任务" });
  await action.getByLabel("内置文案", { exact: true }).selectOption("followUpCustomer");
  await action.getByLabel("交给", { exact: true }).selectOption({ label: "合作伙伴管理员" });
  await action.getByLabel(/截止时间/).fill("8");
  await form.getByRole("button", { name: "保存规则" }).click();

  await expect(page).toHaveURL(/\/automation\?notice=created$/);
  await expect(page.getByRole("status")).toHaveText("规则已创建。");
  const row = page.getByTestId("rule-row").filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("平台（全部合作伙伴）");
  await expect(row).toContainText("事件：客户被打标签");
  await expect(row).toContainText("1 个条件");
  await expect(row).toContainText("创建任务");
  await expect(row).toContainText("已启用");

  // The saved rule opens in the form as it was built.
  await row.getByRole("link", { name }).click();
  await expect(page.getByTestId("condition-row").getByLabel("值", { exact: true })).toHaveValue("VIP");
  await expect(page.getByTestId("action-row").getByLabel(/截止时间/)).toHaveValue("8");
  await page.getByRole("link", { name: "取消" }).click();

  await page.getByTestId("rule-row").filter({ hasText: name }).getByRole("button", { name: "停用" }).click();
  await expect(page.getByRole("status")).toHaveText("规则已停用。");
  await expect(page.getByTestId("rule-row").filter({ hasText: name })).toContainText("已停用");
});
