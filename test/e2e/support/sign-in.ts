import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = process.env.QUDAO_ADMIN_PASSWORD ?? "qudao-demo-2026";

/** Sign in through the real login form of whichever app `page` is pointed at. */
export async function signIn(page: Page, baseURL: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseURL}/login`);
  await page.locator("input[name=email]").fill(email);
  await page.locator("input[name=password]").fill(password);
  await page.locator("form button[type=submit]").first().click();
  await expect(page).not.toHaveURL(/\/login/);
}
