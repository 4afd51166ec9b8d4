/**
 * The portal on a 375 px phone: nothing scrolls sideways, the navigation is a bottom tab bar of at
 * most five finger-sized tabs (the rest under "More"), leads, customers and the pool read as cards,
 * and the new-lead and registration forms are one tap from their lists.
 */
import { expect, test, type Page } from "@playwright/test";
import { signInToPortal } from "../portal-sign-in";

const WIDTH = 375;

async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(WIDTH);
}

test.describe("portal: phone layout", () => {
  test.use({
    baseURL: process.env.PORTAL_BASE_URL,
    locale: "zh-CN",
    viewport: { width: WIDTH, height: 740 },
    isMobile: true,
    hasTouch: true,
  });

  test("leads, customers, pool, navigation and the forms are usable at 375 px", async ({ page }) => {
    await page.goto("/login");
    await expectNoHorizontalOverflow(page);

    // A distributor admin: the widest case (sub-dealer column, every nav item).
    await signInToPortal(page, "admin@huadong.demo");
    await expectNoHorizontalOverflow(page);

    const nav = page.getByRole("navigation", { name: "主导航" });
    await expect(nav).toBeVisible();
    const navBox = await nav.boundingBox();
    expect(navBox).not.toBeNull();
    // A tab bar along the bottom of the screen: four tabs and "More", each finger-sized.
    expect(navBox!.y + navBox!.height).toBeGreaterThanOrEqual(740 - 2);
    // "More" is a <summary> (it opens without JavaScript too), which has no ARIA role to find it by.
    const more = nav.locator("summary", { hasText: "更多" });
    for (const tab of [...["线索", "客户", "公海", "通知"].map((label) => nav.getByRole("link", { name: label, exact: true })), more]) {
      await expect(tab).toBeVisible();
      const box = await tab.boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(40);
      expect(box!.width).toBeGreaterThanOrEqual(60);
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(WIDTH);
    }
    // The rest is one tap further, under "More".
    for (const label of ["报备", "团队", "API 密钥"]) await expect(nav.getByRole("link", { name: label, exact: true })).toHaveCount(0);
    await more.tap();
    for (const label of ["报备", "团队", "API 密钥"]) {
      const link = nav.getByRole("link", { name: label, exact: true });
      await expect(link).toBeVisible();
      const box = await link.boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(40);
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(WIDTH);
    }
    await more.tap();
    await expect(nav.getByRole("link", { name: "团队", exact: true })).toHaveCount(0);

    // Leads are cards that fit the screen, each opening with a big enough tap target.
    const firstLead = page.locator("main table a[href^='/leads/']").first();
    await expect(firstLead).toBeVisible();
    const leadBox = await firstLead.boundingBox();
    expect(leadBox!.height).toBeGreaterThanOrEqual(40);
    expect(leadBox!.x + leadBox!.width).toBeLessThanOrEqual(WIDTH);
    await expect(page.getByRole("searchbox")).toBeVisible();

    // Filtering keeps the layout.
    await page.locator("select[name=status]").selectOption("contacted");
    await page.getByRole("button", { name: "搜索", exact: true }).tap();
    await expect(page).toHaveURL(/status=contacted/);
    await expectNoHorizontalOverflow(page);

    // The tab bar navigates, "More" included.
    await more.tap();
    await nav.getByRole("link", { name: "团队" }).tap();
    await expect(page).toHaveURL(/\/team$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("团队成员");
    await expectNoHorizontalOverflow(page);

    // Customers, with registrations and the registration form one tap away.
    await nav.getByRole("link", { name: "客户", exact: true }).tap();
    await expect(page).toHaveURL(/\/customers$/);
    await expectNoHorizontalOverflow(page);
    await page.getByRole("link", { name: "报备客户" }).tap();
    await expect(page).toHaveURL(/\/registrations\/new$/);
    await expectNoHorizontalOverflow(page);
    const registrationName = page.locator("input[name=name]");
    const registrationBox = await registrationName.boundingBox();
    expect(registrationBox!.height).toBeGreaterThanOrEqual(40);
    expect(registrationBox!.x + registrationBox!.width).toBeLessThanOrEqual(WIDTH);
    await nav.getByRole("link", { name: "公海" }).tap();
    await expect(page).toHaveURL(/\/pool$/);
    await expectNoHorizontalOverflow(page);
    const claim = page.getByRole("button", { name: /^领取/ }).first();
    const claimBox = await claim.boundingBox();
    expect(claimBox!.height).toBeGreaterThanOrEqual(40);
    expect(claimBox!.x + claimBox!.width).toBeLessThanOrEqual(WIDTH);

    await nav.getByRole("link", { name: "线索" }).tap();
    await expect(page).toHaveURL(/\/leads$/);
    const newLead = page.getByRole("link", { name: "新建线索" });
    const newLeadBox = await newLead.boundingBox();
    expect(newLeadBox!.height).toBeGreaterThanOrEqual(40);
    await newLead.tap();
    await expect(page).toHaveURL(/\/leads\/new$/);
    await expectNoHorizontalOverflow(page);
    const nameInput = page.locator("input[name=name]");
    await expect(nameInput).toBeVisible();
    const inputBox = await nameInput.boundingBox();
    expect(inputBox!.height).toBeGreaterThanOrEqual(40);
    expect(inputBox!.x + inputBox!.width).toBeLessThanOrEqual(WIDTH);
    const submit = page.getByRole("button", { name: "创建线索" });
    await submit.scrollIntoViewIfNeeded();
    await expect(submit).toBeVisible();

    // Account, language and sign-out live in a menu under the avatar.
    await page.getByLabel("账户菜单").tap();
    const signOut = page.getByRole("button", { name: "退出登录" });
    await expect(signOut).toBeVisible();
    const signOutBox = await signOut.boundingBox();
    expect(signOutBox!.x + signOutBox!.width).toBeLessThanOrEqual(WIDTH);
    await expectNoHorizontalOverflow(page);
  });
});
