/** Creating a partner leaves an audit entry that a platform admin can find; other staff cannot read the log. */
import { expect, test } from "@playwright/test";
import { createPartner, signInAsPlatformAdmin } from "../platform-admin";

test.use({ baseURL: process.env.PLATFORM_BASE_URL });

test("the audit log lists partner.created for a new partner, with what was created", async ({ page }) => {
  const name = `审计测试代理商 ${Date.now()}`;
  await signInAsPlatformAdmin(page);
  const partnerId = await createPartner(page, { name, tier: "silver", region: "南京" });

  await page.goto("/audit");
  const filters = page.getByRole("search");
  await filters.locator("input[name=entityType]").fill("Partner");
  await filters.locator("input[name=action]").fill("partner.created");
  await filters.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/action=partner\.created/);

  const row = page.locator("tbody tr", { has: page.locator(`a[href="/partners/${partnerId}"]`) });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("partner.created");
  await expect(row).toContainText("创建合作伙伴");
  await expect(row).toContainText("admin@qudao.demo");
  await row.getByText("查看变更").click();
  await expect(row.locator("pre.json")).toBeVisible();
  await expect(row.locator("pre.json")).toContainText(name);
  await expect(row.locator("pre.json")).toContainText('"tier": "silver"');
});

test("staff without the admin role get no audit log", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: process.env.PLATFORM_BASE_URL });
  const page = await context.newPage();
  await page.goto("/login");
  await page.locator("input[name=email]").fill("channel@qudao.demo");
  await page.locator("input[name=password]").fill(process.env.QUDAO_ADMIN_PASSWORD ?? "qudao-demo-2026");
  await page.locator("form[method=post] button[type=submit]").first().click();
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.locator('nav a[href="/audit"]')).toHaveCount(0);
  const response = await page.goto("/audit");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("alert")).toBeVisible();
  await context.close();
});
