/** Helpers for the platform console specs: the seeded admin, signed in through the real form. */
import { expect, type Page } from "@playwright/test";
import { rememberSession, reuseSession } from "../support/sign-in";

export const PLATFORM_ADMIN = { email: "admin@qudao.demo", password: process.env.QUDAO_ADMIN_PASSWORD ?? "qudao-demo-2026" };

/**
 * Signs in as the platform admin, or another seeded staff member (the spec's baseURL must be the
 * platform app), and makes sure the console speaks zh-CN, the seeded language, whatever another spec
 * left saved on the user. The login form the first time this worker signs the user in; after that the
 * session it gave (support/sign-in.ts).
 */
export async function signInAsPlatformAdmin(page: Page, email = PLATFORM_ADMIN.email): Promise<void> {
  if (await reuseSession(page, "platform", email, "/")) {
    // A page that has finished loading: its language is the one saved on the user.
    if ((await page.locator("html").getAttribute("lang")) === "zh-CN") return;
  } else {
    await page.goto("/login");
    await page.locator("input[name=email]").fill(email);
    await page.locator("input[name=password]").fill(PLATFORM_ADMIN.password);
    await page.locator("form[method=post] button[type=submit]").first().click();
    await expect(page).not.toHaveURL(/\/login/);
    await rememberSession(page, "platform", email);
  }
  // Saved on the user, so set it after the form every time (idempotent) instead of reading the page mid-navigation.
  await page.locator("button[name=locale][value=zh-CN]").first().click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
}

/** Creates a partner through /partners/new and returns its id (from the page it lands on). */
export async function createPartner(page: Page, partner: { name: string; tier?: string; region?: string; parentName?: string }): Promise<string> {
  await page.goto("/partners/new");
  const form = page.locator("main form");
  await form.locator("input[name=name]").fill(partner.name);
  if (partner.tier) await form.locator("select[name=tier]").selectOption(partner.tier);
  if (partner.region) await form.locator("input[name=region]").fill(partner.region);
  if (partner.parentName) await form.locator("select[name=parentPartnerId]").selectOption({ label: partner.parentName });
  await form.getByRole("button", { name: "新建" }).click();
  await expect(page).toHaveURL(/\/partners\/[0-9a-f-]{36}\?notice=partnerCreated$/);
  await expect(page.getByRole("status")).toHaveText("合作伙伴已创建。");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(partner.name);
  const id = new URL(page.url()).pathname.split("/").pop();
  if (!id) throw new Error(`no partner id in ${page.url()}`);
  return id;
}
