/**
 * A distributor's portal names the sub-dealer on rows that belong to it ("由 <分销商> 报备/跟进"),
 * never on its own; the customer page lists the customer's registrations.
 */
import { expect, test, type Page } from "@playwright/test";
import { signInToPortal } from "../portal-sign-in";

const baseURL = process.env.PORTAL_BASE_URL;
const SUB_DEALER = "苏州吴中伟业贸易有限公司";

function uniqueCompany(prefix: string) {
  const run = `${String(Date.now()).slice(-6)}${Math.floor(Math.random() * 100)}`;
  const digits = String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
  return { run, name: `${prefix}${run}有限公司`, mobile: `136 ${digits.slice(0, 4)} ${digits.slice(4)}` };
}

async function registerCompany(page: Page, company: { name: string; mobile: string }): Promise<void> {
  await page.goto("/registrations/new");
  await page.locator("input[name=name]").fill(company.name);
  await page.locator("input[name=city]").fill("苏州");
  await page.locator("input[name=phone]").fill(company.mobile);
  await page.getByRole("button", { name: "提交报备" }).click();
  await expect(page.getByRole("status")).toContainText("已通过");
}

test.describe("portal: a distributor's lists", () => {
  test.use({ baseURL, locale: "zh-CN" });

  test("name the sub-dealer on its rows, not on the distributor's own, and the customer page lists its registrations", async ({ page, browser }) => {
    test.slow();
    const bySub = uniqueCompany("苏州吴中分销客户");
    const own = uniqueCompany("上海总代自有客户");

    // ── the sub-dealer's rep registers; its own list carries no "由 …" ──────────────────────────
    await signInToPortal(page, "rep1@wuzhong.demo");
    await registerCompany(page, bySub);
    await page.goto("/registrations");
    await expect(page.getByRole("row").filter({ hasText: bySub.name })).not.toContainText("由 ");

    // ── the distributor's admin ───────────────────────────────────────────────────────────────
    const distributor = await browser.newContext({ baseURL, locale: "zh-CN" });
    const admin = await distributor.newPage();
    await signInToPortal(admin, "admin@huadong.demo");
    await registerCompany(admin, own);

    await admin.goto("/registrations");
    await expect(admin.getByRole("row").filter({ hasText: bySub.name })).toContainText(`由 ${SUB_DEALER} 报备`);
    await expect(admin.getByRole("row").filter({ hasText: own.name })).not.toContainText("由 ");

    await admin.goto(`/customers?q=${encodeURIComponent(bySub.run)}`);
    const subRow = admin.getByRole("row").filter({ hasText: bySub.name });
    await expect(subRow).toContainText(`由 ${SUB_DEALER} 跟进`);
    await admin.goto(`/customers?q=${encodeURIComponent(own.run)}`);
    await expect(admin.getByRole("row").filter({ hasText: own.name })).not.toContainText("由 ");

    // The customer page lists the customer's registration, accepted and protected, with a link to it.
    await admin.goto(`/customers?q=${encodeURIComponent(bySub.run)}`);
    await admin.getByRole("link", { name: bySub.name }).click();
    await expect(admin).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
    const registrations = admin.locator("section", { has: admin.getByRole("heading", { name: "该客户的报备" }) });
    const row = registrations.locator("tbody tr");
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("已通过");
    await expect(row).toContainText(/还剩 \d+ 天/);
    await row.getByRole("link").click();
    await expect(admin).toHaveURL(/\/registrations\/[0-9a-f-]{36}$/);
    await expect(admin.getByRole("heading", { level: 1 })).toContainText(bySub.name);
    await distributor.close();
  });
});
