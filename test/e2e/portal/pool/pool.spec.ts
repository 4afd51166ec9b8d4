/**
 * The public pool (公海): a rep sees how many claims are left this period, finds a customer by name,
 * claims it, lands on the customer (now protected for them) and finds it among their customers; the
 * pool no longer lists it and one claim fewer is left.
 */
import { expect, test, type Page } from "@playwright/test";
import { signInToPortal } from "../portal-sign-in";

async function claimsLeft(page: Page): Promise<number> {
  const text = await page.getByText(/本期还可领取 \d+ 个/).innerText();
  return Number(/(\d+)/.exec(text)![1]);
}

test.describe("portal: public pool", () => {
  test.use({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN" });

  test("a rep claims a pool customer and finds it under their customers", async ({ page }) => {
    // 粤通's rep1 is used by no other spec, so the claim cap is theirs alone.
    await signInToPortal(page, "rep1@yuetong.demo");
    const nav = page.getByRole("navigation", { name: "主导航" });
    await nav.getByRole("link", { name: "公海" }).click();
    await expect(page).toHaveURL(/\/pool$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("公海");
    const before = await claimsLeft(page);
    expect(before).toBeGreaterThan(0);

    // The seeded pool has unowned customers: take the first company and find it by name and city.
    const first = page.getByRole("row").filter({ hasText: "企业" }).first();
    const name = (await first.locator("td").first().innerText()).trim();
    const city = (await first.locator("td").nth(2).innerText()).trim();
    expect(name.length).toBeGreaterThan(0);
    await page.locator("input[name=q]").fill(name);
    await page.locator("input[name=city]").fill(city);
    await page.getByRole("button", { name: "搜索", exact: true }).click();
    await expect(page).toHaveURL(/[?&]q=/);
    const matching = page.getByRole("row").filter({ has: page.getByRole("cell", { name, exact: true }) });
    await expect(matching.first()).toBeVisible();
    const sameName = await matching.count();
    const row = matching.first();
    // Pool entries carry no contact data.
    await expect(row).not.toContainText(/1\d{2} \d{4} \d{4}|@/);

    await row.getByRole("button", { name: `领取「${name}」` }).click();
    await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("status")).toHaveText("领取成功，该客户现在受你方保护。");
    await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
    await expect(page.locator("main")).toContainText(/保护至 .+还剩 \d+ 天/);
    // Reps do not give customers back: that is for admins and managers.
    await expect(page.getByRole("link", { name: /释放到公海/ })).toHaveCount(0);

    // Gone from the pool, one claim used.
    await nav.getByRole("link", { name: "公海" }).click();
    await expect(page).toHaveURL(/\/pool$/);
    expect(await claimsLeft(page)).toBe(before - 1);
    await page.locator("input[name=q]").fill(name);
    await page.locator("input[name=city]").fill(city);
    await page.getByRole("button", { name: "搜索", exact: true }).click();
    await expect(page).toHaveURL(/[?&]q=/);
    if (sameName === 1) await expect(page.getByText("没有符合条件的公海客户。")).toBeVisible();
    else await expect(matching).toHaveCount(sameName - 1);

    // Under "my customers".
    await nav.getByRole("link", { name: "客户", exact: true }).click();
    await expect(page).toHaveURL(/\/customers$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("客户");
    await page.getByRole("searchbox").fill(name);
    await page.getByRole("button", { name: "搜索", exact: true }).click();
    const mine = page.getByRole("row").filter({ has: page.getByRole("cell", { name, exact: true }) }).first();
    await expect(mine).toContainText(/还剩 \d+ 天/);
    await mine.getByRole("link", { name }).click();
    await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  });
});
