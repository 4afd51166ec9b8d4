/**
 * 报备 in the portal: a rep registers a new company and sees the decision at once ("已通过，保护至 …");
 * a rep of another partner registering the same company written differently (Traditional
 * characters, full-width brackets, `+86-` phone with dashes) is refused with the reason, and learns
 * nothing about who holds it. A USCC with a wrong check digit is marked under its field; an accepted
 * registration can ask for one extension.
 */
import { expect, test, type Page } from "@playwright/test";
import { signInToPortal } from "../portal-sign-in";

const baseURL = process.env.PORTAL_BASE_URL;

/** A company name and a mobile number nobody else in this database has. */
function uniqueCompany() {
  const run = `${String(Date.now()).slice(-6)}${Math.floor(Math.random() * 10)}`;
  const digits = String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
  return {
    // 广州 / 云帆 / 软件 all have Traditional forms (廣州 / 雲帆 / 軟件).
    name: `广州云帆软件${run}有限公司`,
    nameTraditional: `廣州雲帆軟件${run}（有限公司）`,
    mobile: `139 ${digits.slice(0, 4)} ${digits.slice(4)}`,
    mobileWritten: `+86-139-${digits.slice(0, 4)}-${digits.slice(4)}`,
  };
}

async function registerCompany(page: Page, name: string, city: string, phone: string): Promise<void> {
  await page.locator("input[name=name]").fill(name);
  await page.locator("input[name=city]").fill(city);
  await page.locator("input[name=phone]").fill(phone);
  await page.getByRole("button", { name: "提交报备" }).click();
}

test.describe("portal: register a customer", () => {
  test.use({ baseURL, locale: "zh-CN" });

  test("a USCC with a wrong check digit is marked under its field and nothing typed is lost", async ({ page }) => {
    const company = uniqueCompany();
    await signInToPortal(page, "rep2@yuetong.demo");
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "客户", exact: true }).click();
    await expect(page).toHaveURL(/\/customers$/);
    await page.getByRole("link", { name: "报备客户" }).click();
    await expect(page).toHaveURL(/\/registrations\/new$/);

    // A person has no USCC: the field goes away, and comes back for a company.
    await page.getByLabel("个人", { exact: true }).check();
    await expect(page.locator("input[name=uscc]")).toHaveCount(0);
    await page.getByLabel("企业", { exact: true }).check();
    const uscc = page.locator("input[name=uscc]");
    await expect(uscc).toBeVisible();

    await page.locator("input[name=name]").fill(company.name);
    await page.locator("input[name=city]").fill("广州");
    await uscc.fill("91440101MA5CY8XK01");
    await page.getByRole("button", { name: "提交报备" }).click();
    await expect(page.getByRole("alert")).toHaveText("提交的内容有误，请检查标出的字段。");
    await expect(uscc).toHaveAttribute("aria-invalid", "true");
    await expect(uscc).toHaveAccessibleDescription(/统一社会信用代码校验位不正确，请核对后重新输入。/);
    await expect(uscc).toHaveValue("91440101MA5CY8XK01");
    await expect(page.locator("input[name=name]")).toHaveValue(company.name);
    await expect(page.locator("input[name=name]")).not.toHaveAttribute("aria-invalid", "true");
    // No decision was made.
    await expect(page.getByRole("status")).toHaveCount(0);
  });

  test("accepted at once for the first partner; another partner's differently written copy is refused without naming the owner", async ({ page, browser }) => {
    // Two partners sign in (argon2 on purpose) and submit four times: more than the default budget on a busy machine.
    test.slow();
    const company = uniqueCompany();

    // ── 粤通 (rep2) ──────────────────────────────────────────────────────────────────────────────
    await signInToPortal(page, "rep2@yuetong.demo");
    await page.goto("/registrations/new");
    await registerCompany(page, company.name, "广州", company.mobile);
    const decision = page.getByRole("status");
    await expect(decision).toContainText(/已通过，保护至 \d{4}年\d{1,2}月\d{1,2}日（还剩 \d+ 天）/);
    await expect(page).toHaveURL(/\/registrations\/new$/);
    // The form starts again for the next customer.
    await expect(page.locator("input[name=name]")).toHaveValue("");

    // The customer is ours now, protected.
    await decision.getByRole("link", { name: "查看客户" }).click();
    await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(company.name);
    await expect(page.locator("main")).toContainText(/还剩 \d+ 天/);
    await expect(page.locator("main")).toContainText(company.mobile);

    // ── 京联 (rep2): the same company, written differently ──────────────────────────────────────
    const other = await browser.newContext({ baseURL, locale: "zh-CN" });
    const otherPage = await other.newPage();
    await signInToPortal(otherPage, "rep2@jinglian.demo");
    await otherPage.goto("/registrations/new");

    // By name and city alone: Traditional characters, full-width brackets round the legal form, 市.
    await registerCompany(otherPage, company.nameTraditional, "廣州市", "");
    const refusal = otherPage.getByRole("status");
    await expect(refusal).toContainText("未通过");
    await expect(refusal).toContainText("该客户已在其他合作伙伴的保护期内，暂不能报备。");

    // By the phone as people write it (+86, dashes), the name in Traditional characters, no city.
    await registerCompany(otherPage, company.nameTraditional, "", company.mobileWritten);
    await expect(refusal).toContainText("该客户已在其他合作伙伴的保护期内，暂不能报备。");
    // Nothing about the owner: no partner name, no rep, no way to the customer.
    await expect(otherPage.locator("main")).not.toContainText("粤通");
    await expect(otherPage.locator("main")).not.toContainText("何俊杰");
    await expect(refusal.getByRole("link", { name: /客户/ })).toHaveCount(0);
    // What was typed stays, to correct it.
    await expect(otherPage.locator("input[name=phone]")).toHaveValue(company.mobileWritten);

    // Their list shows the refusal with its reason, and no protection.
    await otherPage.goto("/registrations?status=rejected");
    const row = otherPage.getByRole("row").filter({ hasText: company.nameTraditional }).first();
    await expect(row).toContainText("未通过");
    await expect(row).toContainText("该客户已在其他合作伙伴的保护期内");
    await expect(row).toContainText("未受保护");
    await expect(otherPage.locator("main")).not.toContainText("粤通");
    await other.close();
  });

  test("an accepted registration shows its countdown and can ask for one extension", async ({ page }) => {
    const company = uniqueCompany();
    await signInToPortal(page, "rep2@yuetong.demo");
    await page.goto("/registrations/new");
    await registerCompany(page, company.name, "广州", company.mobile);
    const decision = page.getByRole("status");
    await expect(decision).toContainText("已通过");
    await decision.getByRole("link", { name: "查看报备详情" }).click();
    await expect(page).toHaveURL(/\/registrations\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(company.name);
    await expect(page.locator("main")).toContainText(/保护至 .+还剩 \d+ 天/);
    await expect(page.locator("main")).toContainText("未申请");

    // The reason is required.
    const reason = page.locator("textarea[name=reason]");
    await page.getByRole("button", { name: "提交延期申请" }).click();
    await expect(reason).toHaveAttribute("aria-invalid", "true");
    await expect(reason).toHaveAccessibleDescription(/必填项。/);
    await reason.fill("正在商谈合同，预计下月签约。");
    await page.getByRole("button", { name: "提交延期申请" }).click();
    await expect(page.getByRole("status")).toHaveText("延期申请已提交，等待平台审核。");
    await expect(page.locator("main")).toContainText("延期审核中");
    // Only once: the form is gone for good.
    await page.reload();
    await expect(page.locator("main")).toContainText("正在商谈合同，预计下月签约。");
    await expect(page.locator("textarea[name=reason]")).toHaveCount(0);

    // The list shows it too.
    await page.goto("/registrations?status=accepted");
    const row = page.getByRole("row").filter({ hasText: company.name });
    await expect(row).toContainText(/还剩 \d+ 天/);
    await expect(row).toContainText("延期审核中");
  });
});
