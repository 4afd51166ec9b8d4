/**
 * A partner admin invites a new rep by link; the rep opens it in their own browser, sets a password
 * and lands in the portal, and works a lead. When the rep leaves, the admin deactivates them choosing
 * a successor: the rep is signed out, the used link stays used, and the lead now belongs to the successor.
 */
import { expect, test } from "@playwright/test";
import { signInToPortal } from "../portal-sign-in";

const baseURL = process.env.PORTAL_BASE_URL;

test.describe("portal: invites and deactivation", () => {
  test.use({ baseURL, locale: "zh-CN" });

  test("invite → accept → work a lead → deactivate with a successor", async ({ page, browser }) => {
    // Two browsers and a dozen page loads: more than the default budget on a busy machine.
    test.slow();
    const run = Date.now();
    const repName = `受邀同事 ${run}`;
    const repEmail = `invited.${run}@huadong.demo`;
    const password = `Qudao-${run}`;
    const leadName = `交接线索 ${run}`;

    await signInToPortal(page, "admin@huadong.demo");
    await page.goto("/team");
    const inviteForm = page.locator("form").filter({ has: page.locator("input[name=intent][value=invite]") });
    await inviteForm.getByLabel("姓名").fill(repName);
    await inviteForm.getByLabel("邮箱").fill(repEmail);
    await inviteForm.getByLabel("角色").selectOption("rep");
    await inviteForm.getByRole("button", { name: "生成邀请链接" }).click();

    await expect(page.getByRole("status")).toContainText(`已为 ${repEmail} 生成邀请链接`);
    const link = (await page.getByTestId("invite-link").textContent())?.trim() ?? "";
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    const inviteRow = page.getByRole("row").filter({ hasText: repEmail });
    await expect(inviteRow).toContainText("待接受");
    await expect(inviteRow).toContainText("销售代表");

    // The invitee, in a browser of their own.
    const repContext = await browser.newContext({ baseURL, locale: "zh-CN" });
    const repPage = await repContext.newPage();
    await repPage.goto(link);
    await expect(repPage.getByRole("heading", { level: 1 })).toHaveText("加入 上海华东渠道科技有限公司");
    await expect(repPage.locator("main")).toContainText("以「销售代表」身份加入");
    await expect(repPage.getByLabel("登录邮箱")).toHaveValue(repEmail);
    await expect(repPage.getByLabel("你的姓名")).toHaveValue(repName);
    // Two different passwords are caught before anything is created.
    await repPage.getByLabel("设置密码").fill(password);
    await repPage.getByLabel("再次输入密码").fill(`${password}x`);
    await repPage.getByRole("button", { name: "加入并登录" }).click();
    await expect(repPage.getByLabel("再次输入密码")).toHaveAccessibleDescription("两次输入的密码不一致。");
    await repPage.getByLabel("设置密码").fill(password);
    await repPage.getByLabel("再次输入密码").fill(password);
    await repPage.getByRole("button", { name: "加入并登录" }).click();

    // Signed in and in the portal.
    await expect(repPage).not.toHaveURL(/\/invite\//);
    await expect(repPage.locator("header .partner-name")).toHaveText("上海华东渠道科技有限公司");
    await expect(repPage.locator("header .account-name")).toHaveText(repName);

    // The rep takes a lead.
    await repPage.goto("/leads/new");
    await repPage.getByLabel("姓名", { exact: true }).fill(leadName);
    await repPage.getByRole("button", { name: "创建线索" }).click();
    await expect(repPage).toHaveURL(/\/leads$/);
    await expect(repPage.getByRole("row").filter({ hasText: leadName })).toContainText(repName);

    // The link worked once.
    const again = await repContext.newPage();
    await again.goto(link);
    await expect(again.getByRole("alert")).toHaveText("该邀请链接已经使用过。如果是你本人接受的，请直接登录。");
    await again.close();

    // The rep leaves: the admin deactivates them and hands their work to 刘洋.
    await page.reload();
    await expect(page.getByRole("row").filter({ hasText: repEmail }).filter({ hasText: "待接受" })).toHaveCount(0);
    const memberRow = page.getByRole("row").filter({ hasText: repEmail });
    await expect(memberRow).toContainText("在职");
    await memberRow.getByText("停用", { exact: true }).click();
    await memberRow.getByLabel("接手人").selectOption({ label: "刘洋（销售代表）" });
    await memberRow.getByRole("button", { name: "确认停用并交接" }).click();
    await expect(page.getByRole("status")).toHaveText(`已停用 ${repName}。已交接给 刘洋：1 条线索、0 个商机、0 个任务、0 个报备。`);
    await expect(page.getByRole("row").filter({ hasText: repEmail })).toContainText("已停用");

    // The rep's session ended with the account.
    await repPage.goto("/leads");
    await expect(repPage).toHaveURL(/\/login/);
    await repContext.close();

    // Their lead now shows the successor.
    await page.goto(`/leads?q=${encodeURIComponent(leadName)}`);
    await expect(page.getByRole("row").filter({ hasText: leadName })).toContainText("刘洋");
    await page.getByRole("row").filter({ hasText: leadName }).getByRole("link", { name: leadName }).click();
    await expect(page.locator("select[name=assigneeId] option:checked")).toHaveText("刘洋");
  });

  test("a distributor's admin sees its sub-dealer's numbers and opens its leads", async ({ page }) => {
    await signInToPortal(page, "admin@huadong.demo");
    await page.goto("/team");
    const section = page.getByRole("region", { name: "下级经销商" });
    const dealer = section.getByRole("row").filter({ hasText: "苏州吴中伟业贸易有限公司" });
    await expect(dealer).toBeVisible();
    await dealer.getByRole("link", { name: "线索" }).click();
    await expect(page).toHaveURL(/\/leads\?partnerId=[0-9a-f-]{36}$/);
    const rows = page.locator("tbody tr");
    await expect(rows.first()).toBeVisible();
    for (const text of await rows.allTextContents()) expect(text).toContain("苏州吴中伟业贸易有限公司");
  });
});
