/**
 * A rep converts a qualified lead on a phone: the customer is registered (and protected for the
 * partner) and an opportunity opens in the default pipeline; the lead reads "converted".
 */
import { expect, test } from "@playwright/test";
import { signInToPortal } from "../portal-sign-in";
import { createLead, PHONE, REP } from "./support";

test.describe("portal: converting a lead on a phone", () => {
  test.use({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN", ...PHONE });

  test("a rep converts a qualified lead into a customer and an opportunity", async ({ page, request }) => {
    const run = Date.now();
    const company = `杭州云帆${run}科技有限公司`;
    const phone = `139${String(run).slice(-8)}`;
    const lead = await createLead(request, { name: `王总 ${run}`, company, phone }, "qualified");

    await signInToPortal(page, REP);
    await page.goto(`/leads/${lead.id}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("已确认");
    await page.getByRole("link", { name: "转化为客户" }).tap();
    await expect(page).toHaveURL(new RegExp(`/leads/${lead.id}/convert$`));

    // The lead's details are filled in; the rep adds the city and an amount.
    await expect(page.getByLabel("客户名称")).toHaveValue(company);
    await expect(page.getByLabel("电话")).toHaveValue(phone);
    await expect(page.getByRole("radio", { name: "企业" })).toBeChecked();
    await page.getByLabel("城市").fill("杭州");
    await page.getByLabel("预计金额（元）").fill("abc");
    await page.getByRole("button", { name: "报备并转化" }).tap();
    // A bad amount is refused before anything is registered, with the message under the field.
    await expect(page.getByLabel("预计金额（元）")).toHaveAttribute("aria-invalid", "true");
    await page.getByLabel("预计金额（元）").fill("58000");
    await page.getByRole("button", { name: "报备并转化" }).tap();

    await expect(page).toHaveURL(new RegExp(`/leads/${lead.id}$`));
    await expect(page.getByRole("status").filter({ hasText: "线索已转化：客户已报备，商机已创建。" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("已转化");
    await expect(page.getByRole("link", { name: "转化为客户" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "查看商机" })).toHaveAttribute("href", /\/opportunities\/[0-9a-f-]{36}$/);

    await page.getByRole("link", { name: "查看客户" }).tap();
    await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(company);
    await expect(page.getByText("杭州", { exact: true })).toBeVisible();

    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
  });
});
