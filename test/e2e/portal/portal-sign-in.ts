import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../support/sign-in";

export { DEMO_PASSWORD };

/** Sign in through the portal's login form (relative URLs: the describe block sets `baseURL`). */
export async function signInToPortal(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.locator("input[name=email]").fill(email);
  await page.locator("input[name=password]").fill(password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  // The portal opens on the user's day (home); most journeys start from the lead list.
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1, name: "今天" })).toBeVisible();
  await page.goto("/leads");
  await expect(page.getByRole("heading", { level: 1, name: "线索" })).toBeVisible();
}
