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

// ── session reuse ──────────────────────────────────────────────────────────────────────────────
// The role helpers (signInAsPlatformAdmin, signInToPortal) sign a user in through the login form the
// first time this worker needs them, and keep the session cookie the form set; later tests of the
// worker start from that cookie instead of the form (a sign-in is four page loads). A session that no
// longer works (signed out, sessions revoked) sends the page to /login: the helper forgets it and
// uses the form again. `signIn` above always uses the form: the journeys about signing in use it.

export type AppName = "platform" | "portal";

const COOKIE: Record<AppName, string> = { platform: "qd_platform_session", portal: "qd_portal_session" };
const sessions = new Map<string, string>();
const key = (app: AppName, email: string) => `${app}:${email.toLowerCase()}`;

/** Keep the session the form just gave `email` in `page`'s context. */
export async function rememberSession(page: Page, app: AppName, email: string): Promise<void> {
  const cookie = (await page.context().cookies()).find((c) => c.name === COOKIE[app]);
  if (cookie) sessions.set(key(app, email), cookie.value);
}

/**
 * Open `path` (relative to the page's baseURL) signed in with the session kept for `email`. False
 * (and the session forgotten) when there is none or it no longer works: sign in with the form then.
 */
export async function reuseSession(page: Page, app: AppName, email: string, path: string): Promise<boolean> {
  const value = sessions.get(key(app, email));
  if (!value) return false;
  const base = app === "platform" ? process.env.PLATFORM_BASE_URL : process.env.PORTAL_BASE_URL;
  await page.context().addCookies([{ name: COOKIE[app], value, url: base! }]);
  await page.goto(path);
  if (new URL(page.url()).pathname !== "/login") return true;
  sessions.delete(key(app, email));
  await page.context().clearCookies({ name: COOKIE[app] });
  return false;
}
