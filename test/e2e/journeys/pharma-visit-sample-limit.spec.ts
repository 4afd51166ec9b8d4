/**
 * Issue 7, "done when" (pharma): a pharma rep of the demo distributor 杭州康润医药 — whose admin
 * installed the built-in `qudao.pharma` plugin from the marketplace in the demo seed — logs a call
 * report on a doctor, then issues samples on it. More samples than the per-doctor limit allows are
 * refused by the plugin's validate hook in the rep's language, on the quantity, with what is still
 * allowed; a quantity within the limit is saved. Submitting the report locks it.
 */
import { expect, test } from "@playwright/test";
import { signInToPortal } from "../portal/portal-sign-in";

const PORTAL = process.env.PORTAL_BASE_URL!;
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;

/** Today in China (the demo's and the hooks' calendar). */
function chinaToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

test.use({ baseURL: PORTAL, locale: "zh-CN" });

test("a pharma rep logs a call, is refused samples beyond the per-doctor limit, and issues a smaller quantity", async ({ page }) => {
  test.slow();
  await signInToPortal(page, "rep1@kangrun.demo");
  const nav = page.getByRole("navigation", { name: "主导航" });

  // A call report on 王建国 at 浙一, with the doctor's consent.
  await nav.getByRole("link", { name: "拜访报告" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "拜访报告" })).toBeVisible();
  await page.getByRole("link", { name: "新建拜访报告" }).click();
  const visit = page.locator("main form");
  const subject = `康欣学术拜访 ${run}`;
  await visit.getByLabel("主题").fill(subject);
  await visit.getByLabel(/^医生\*?$/).selectOption({ label: "王建国" });
  await visit.getByLabel(/^医院\*?$/).selectOption({ label: "浙江大学医学院附属第一医院" });
  await visit.getByLabel("拜访日期").fill(chinaToday());
  await visit.getByLabel("拜访方式").selectOption({ label: "面对面拜访" });
  await visit.getByLabel("关键信息").fill("介绍康欣20mg在冠心病二级预防中的LDL-C达标证据，以及用法用量。");
  await visit.getByLabel("已取得知情同意").check();
  await visit.getByRole("button", { name: "创建" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(subject);
  const visitUrl = page.url();

  // Seven samples for one doctor in a quarter: refused by the plugin, in its words, on the quantity.
  await nav.getByRole("link", { name: "样品发放" }).click();
  await page.getByRole("link", { name: "新建样品发放" }).click();
  const issue = page.locator("main form");
  await issue.getByLabel("拜访报告").selectOption({ label: subject });
  await issue.getByLabel(/^医生\*?$/).selectOption({ label: "王建国" });
  await issue.getByLabel("样品批次").selectOption({ label: "KX2601A" });
  await issue.getByLabel("数量").fill("7");
  await issue.getByLabel("发放日期").fill(chinaToday());
  await issue.getByRole("button", { name: "创建" }).click();
  const quantityError = issue.locator('[data-field="quantity"] .field-error');
  await expect(quantityError).toContainText("超出样品限额：每位医生每周期最多 6 个");
  await expect(quantityError).toContainText("最多还能发");
  // Nothing was saved, and the form keeps what the rep chose.
  await expect(issue.getByLabel("拜访报告")).toHaveValue(/[0-9a-f-]{36}/);

  // One sample is within the limit: saved, with the plugin's summary as its title.
  await issue.getByLabel("数量").fill("1");
  await issue.getByRole("button", { name: "创建" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("康欣 KX2601A × 1");

  // Submitting the call report locks it: a correction would be a new report.
  await page.goto(visitUrl);
  await page.getByRole("link", { name: "编辑", exact: true }).click();
  await page.locator("main form").getByLabel("已提交").check();
  await page.locator("main form").getByRole("button", { name: "保存" }).click();
  // The title now carries the "locked" badge.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${subject}已锁定`);
  await expect(page.getByRole("link", { name: "编辑", exact: true })).toHaveCount(0);
});
