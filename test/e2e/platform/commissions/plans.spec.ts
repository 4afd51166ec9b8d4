/**
 * Finance writes a commission plan version in the console: rules that are not JSON, then a rate that
 * is a number, are refused under the rules box in zh-CN with nothing saved; the fixed draft is created,
 * its preview shows what a gold partner earns on software (and on a first order), and once activated
 * the version is read-only.
 */
import { expect, test } from "@playwright/test";
import { signInAsPlatformAdmin } from "../platform-admin";

test.use({ baseURL: process.env.PLATFORM_BASE_URL });

test("finance drafts a plan version, sees its rates per tier, and activates it", async ({ page }) => {
  const name = `2099 渠道方案 ${Date.now()}`;
  // A start far enough ahead and unlikely to be taken by another run (active versions may not share one).
  const start = `2${String(100 + Math.floor(Math.random() * 800))}-0${1 + Math.floor(Math.random() * 9)}-01T08:00`;
  await signInAsPlatformAdmin(page, "finance@qudao.demo");
  await page.getByRole("navigation").getByRole("link", { name: "佣金方案" }).click();
  await page.getByRole("link", { name: "新建版本" }).click();

  const rules = page.getByLabel("规则（JSON）");
  await page.getByLabel("名称").fill(name);
  await page.getByLabel("生效时间").fill(start);
  await rules.fill('{ "rates": [ { "rate": "0.05" }, ');
  await page.getByRole("button", { name: "创建草稿" }).click();
  await expect(rules).toHaveAttribute("aria-invalid", "true");
  await expect(rules).toHaveAccessibleDescription(/规则不是有效的 JSON/);
  await expect(page.getByLabel("名称")).toHaveValue(name);

  await rules.fill(JSON.stringify({ rates: [{ rate: 0.05 }] }));
  await page.getByRole("button", { name: "创建草稿" }).click();
  await expect(rules).toHaveAccessibleDescription(/rates\.0\.rate：请输入小数形式的比例/);

  await rules.fill(
    JSON.stringify({
      rates: [{ rate: "0.05" }, { category: "software", rate: "0.08" }, { category: "software", partnerTier: "gold", rate: "0.10" }],
      newCustomerBonus: "0.02",
    }),
  );
  await page.getByRole("button", { name: "创建草稿" }).click();
  await expect(page.getByRole("status")).toHaveText("草稿已创建。");
  await expect(page.locator("[data-field=status]")).toHaveText("草稿");

  const software = page.locator('tr[data-category="software"]');
  await expect(software.locator('td[data-tier="gold"] [data-field=rate]')).toHaveText("0.1");
  await expect(software.locator('td[data-tier="gold"]')).toContainText("首单 0.12");
  await expect(software.locator('td[data-tier="bronze"] [data-field=rate]')).toHaveText("0.08");
  await expect(page.locator('tr[data-category=""] td[data-tier="gold"] [data-field=rate]')).toHaveText("0.05");

  await page.getByRole("button", { name: "启用" }).click();
  await expect(page.getByRole("status")).toHaveText("已启用：自生效时间起下单的订单按此版本计算。");
  await expect(page.locator("[data-field=status]")).toHaveText("已启用");
  await expect(page.getByLabel("名称")).toBeDisabled();
  await expect(page.getByRole("button", { name: "保存草稿" })).toHaveCount(0);

  await page.getByRole("link", { name: "返回方案列表" }).click();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("已启用");
});
