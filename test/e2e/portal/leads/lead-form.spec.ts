/**
 * The new-lead form validates on the server: each wrong field gets its translated message right
 * under it (aria-invalid + aria-describedby), nothing the user typed is lost, and once fixed the
 * lead is created and listed.
 */
import { expect, test } from "@playwright/test";
import { signInToPortal } from "../portal-sign-in";

test.describe("portal: new-lead form", () => {
  test.use({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN" });

  test("a rep sees per-field errors, keeps what they typed, and creates the lead after fixing it", async ({ page }) => {
    const run = Date.now();
    const company = `杭州云帆科技有限公司 ${run}`;
    const leadName = `王总 ${run}`;

    await signInToPortal(page, "rep1@huadong.demo");
    await page.getByRole("link", { name: "新建线索" }).click();
    await expect(page).toHaveURL(/\/leads\/new$/);
    // Reps always own their new leads: no assignee choice.
    await expect(page.locator("select[name=assigneeId]")).toHaveCount(0);

    const name = page.getByLabel("姓名", { exact: true });
    const email = page.getByLabel("邮箱", { exact: true });
    await page.locator("input[name=company]").fill(company);
    await page.locator("input[name=phone]").fill("0571-8888 6666");
    await email.fill("wang@@yunfan");
    await page.locator("textarea[name=notes]").fill("展会上认识，想要报价。");
    await page.getByRole("button", { name: "创建线索" }).click();

    // The translated summary at the top, and each message under its field.
    await expect(page.getByRole("alert")).toHaveText(/提交的内容有误，请检查标出的字段。/);
    await expect(name).toHaveAttribute("aria-invalid", "true");
    await expect(name).toHaveAccessibleDescription("必填项。");
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(email).toHaveAccessibleDescription("请输入有效的邮箱地址。");
    await expect(page.locator("input[name=company]")).not.toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/leads\/new$/);

    // Nothing typed was lost.
    await expect(page.locator("input[name=company]")).toHaveValue(company);
    await expect(page.locator("input[name=phone]")).toHaveValue("0571-8888 6666");
    await expect(email).toHaveValue("wang@@yunfan");
    await expect(page.locator("textarea[name=notes]")).toHaveValue("展会上认识，想要报价。");

    await name.fill(leadName);
    await email.fill("wang@yunfan.example.cn");
    await page.getByRole("button", { name: "创建线索" }).click();

    await expect(page).toHaveURL(/\/leads$/);
    await expect(page.getByRole("status")).toContainText("线索已创建。");
    const row = page.getByRole("row").filter({ hasText: leadName });
    await expect(row).toBeVisible();
    await expect(row).toContainText(company);
    await expect(row).toContainText("新线索");
    await expect(row).toContainText("刘洋");

    // The lead page shows what was saved.
    await row.getByRole("link", { name: leadName }).click();
    await expect(page).toHaveURL(/\/leads\/[0-9a-f-]{36}$/);
    await expect(page.locator("input[name=email]")).toHaveValue("wang@yunfan.example.cn");
    await expect(page.locator("input[name=phone]")).toHaveValue("0571-8888 6666");
  });
});
