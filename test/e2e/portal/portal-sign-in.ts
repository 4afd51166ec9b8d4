import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD, rememberSession, reuseSession } from "../support/sign-in";

export { DEMO_PASSWORD };

/**
 * Signed in to the portal on the lead list (relative URLs: the describe block sets `baseURL`): through
 * the login form, or with the session this worker's form sign-in of the same user gave (support/sign-in.ts).
 */
export async function signInToPortal(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  if (!(await reuseSession(page, "portal", email, "/leads"))) {
    await page.goto("/login");
    await page.locator("input[name=email]").fill(email);
    await page.locator("input[name=password]").fill(password);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    // The portal opens on the user's day (home); most journeys start from the lead list.
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { level: 1, name: "今天" })).toBeVisible();
    await rememberSession(page, "portal", email);
    await page.goto("/leads");
  }
  await expect(page.getByRole("heading", { level: 1, name: "线索" })).toBeVisible();
}
