/**
 * A partner admin grows the team: adds a sales rep on /team (a taken email is refused under the
 * field), and the new rep can sign in to the portal straight away with the initial password.
 */
import { expect, test } from "@playwright/test";
import { signInToPortal } from "../portal-sign-in";

const baseURL = process.env.PORTAL_BASE_URL;

test.describe("portal: team", () => {
  test.use({ baseURL, locale: "zh-CN" });

  test("the partner admin adds a rep, and the new rep can sign in", async ({ page, browser }) => {
    const run = Date.now();
    const repName = `新同事 ${run}`;
    const repEmail = `rep.${run}@huadong.demo`;
    const password = `Qudao-${run}`;

    await signInToPortal(page, "admin@huadong.demo");
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "团队" }).click();
    await expect(page).toHaveURL(/\/team$/);
    await expect(page.getByRole("row").filter({ hasText: "admin@huadong.demo" })).toContainText("管理员");

    const form = page.locator("form").filter({ has: page.locator("input[name=password]") });
    // An email already in use is refused under the email field, keeping the other values.
    await form.getByLabel("姓名").fill(repName);
    await form.getByLabel("邮箱").fill("rep1@huadong.demo");
    await form.locator("select[name=role]").selectOption("rep");
    await form.locator("input[name=password]").fill(password);
    await form.getByRole("button", { name: "添加成员" }).click();
    const email = form.locator("input[name=email]");
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(email).toHaveAccessibleDescription("该邮箱已被使用。");
    await expect(form.locator("input[name=name]")).toHaveValue(repName);

    await email.fill(repEmail);
    await form.locator("input[name=password]").fill(password);
    await form.getByRole("button", { name: "添加成员" }).click();
    await expect(page.getByRole("status")).toContainText(repName);
    const row = page.getByRole("row").filter({ hasText: repEmail });
    await expect(row).toContainText(repName);
    await expect(row).toContainText("销售代表");
    await expect(row).toContainText("在职");
    await expect(row).toContainText("从未登录");

    // The new rep, in a browser of their own.
    const repContext = await browser.newContext({ baseURL, locale: "zh-CN" });
    const repPage = await repContext.newPage();
    await signInToPortal(repPage, repEmail, password);
    await expect(repPage.locator("header .partner-name")).toHaveText("上海华东渠道科技有限公司");
    const nav = repPage.getByRole("navigation", { name: "主导航" });
    await expect(nav.getByRole("link", { name: "线索" })).toBeVisible();
    // Reps manage neither the team nor API keys.
    await expect(nav.getByRole("link", { name: "团队" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "API 密钥" })).toHaveCount(0);
    await expect(repPage.locator("main")).toContainText("还没有线索");
    await repContext.close();

    // Back on /team the admin sees the first sign-in.
    await page.reload();
    await expect(page.getByRole("row").filter({ hasText: repEmail })).not.toContainText("从未登录");
  });
});
