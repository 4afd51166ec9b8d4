/**
 * Platform review of registrations (报备审核): the admin switches the protection policy to "review"
 * in /settings, a demo rep registers a company over the API and it waits in the queue; the admin
 * refuses to reject without a reason, then approves it with one and the customer is protected.
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import { PLATFORM_ADMIN, signInAsPlatformAdmin } from "../platform-admin";

test.use({ baseURL: process.env.PLATFORM_BASE_URL });

const API = `${process.env.PLATFORM_BASE_URL}/api/v1`;
const REP = "rep1@wuzhong.demo";
const REP_PARTNER = "苏州吴中伟业贸易有限公司";

async function apiToken(request: APIRequestContext, email: string): Promise<string> {
  // Demo accounts share the bootstrap admin's password (QUDAO_ADMIN_PASSWORD).
  const response = await request.post(`${API}/sessions`, { data: { email, password: PLATFORM_ADMIN.password } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

/** Back to automatic decisions, so specs running next to this one get their usual answers. */
async function restoreAutoReview(request: APIRequestContext, adminToken: string): Promise<void> {
  const headers = { authorization: `Bearer ${adminToken}` };
  const policy = await request.get(`${API}/settings/protection-policy`, { headers });
  expect(policy.status()).toBe(200);
  const restored = await request.put(`${API}/settings/protection-policy`, { headers, data: { ...(await policy.json()), reviewMode: "auto" } });
  expect(restored.status()).toBe(200);
}

test("in review mode a registration waits in the queue and the admin approves it with a reason", async ({ page, request }) => {
  // A long journey (API set-up, several pages and forms): triple the default time limit.
  test.slow();
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const companyName = `杭州云栖${run}数据科技有限公司`;
  const adminToken = await apiToken(request, PLATFORM_ADMIN.email);
  const repToken = await apiToken(request, REP);

  await signInAsPlatformAdmin(page);
  await page.goto("/settings");
  const reviewEverything = page.locator("input[name=reviewMode][value=review]");
  await expect(page.locator("input[name=reviewMode][value=auto]")).toBeChecked();

  let registrationId: string;
  try {
    await reviewEverything.check();
    await page.getByRole("form", { name: "客户保护策略" }).getByRole("button", { name: "保存" }).click();
    await expect(page).toHaveURL(/\/settings\?notice=settingsSaved$/);
    await expect(page.getByRole("status")).toHaveText("设置已保存。");
    await expect(reviewEverything).toBeChecked();

    const response = await request.post(`${API}/registrations`, {
      headers: { authorization: `Bearer ${repToken}` },
      data: { customer: { kind: "company", name: companyName, city: "杭州" }, note: "展会上认识的客户" },
    });
    expect(response.status()).toBe(201);
    const registration = (await response.json()) as { id: string; status: string; reason?: { code: string } };
    expect(registration).toMatchObject({ status: "pending", reason: { code: "REVIEW_REQUIRED" } });
    registrationId = registration.id;
  } finally {
    // Review mode is platform-wide: keep the window short and always close it.
    await restoreAutoReview(request, adminToken);
  }

  // The pending queue (the default tab) lists it with the partner and how long it has waited.
  await page.goto("/registrations");
  await expect(page.getByRole("link", { name: "待审核", exact: true })).toHaveAttribute("aria-current", "page");
  const row = page.locator("tbody tr", { hasText: companyName });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(REP_PARTNER);
  await expect(row).toContainText("待审核");
  await expect(row).toContainText("已提交，等待平台审核。");
  await expect(row).toContainText(/刚刚提交|已等待 \d+ 分钟/);
  await row.getByRole("link", { name: companyName }).click();
  await expect(page).toHaveURL(new RegExp(`/registrations/${registrationId}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(companyName);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("待审核");

  // Rejecting needs a reason the partner will read.
  const decision = page.locator("form", { has: page.locator("input[name=intent][value=decide]") });
  await decision.getByRole("button", { name: "驳回", exact: true }).click();
  const reason = decision.locator("textarea[name=reason]");
  await expect(reason).toHaveAttribute("aria-invalid", "true");
  await expect(reason).toHaveAccessibleDescription(/驳回时请填写理由，合作伙伴会看到它。/);

  await reason.fill("资料齐全，首次报备");
  await decision.getByRole("button", { name: "批准", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/registrations/${registrationId}\\?notice=registrationApproved$`));
  await expect(page.getByRole("status")).toHaveText("报备已批准，客户已受保护。");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("已通过");
  const claim = page.locator("section", { has: page.getByRole("heading", { name: "本次报备" }) });
  await expect(claim).toContainText("资料齐全，首次报备");
  await expect(claim).toContainText(/保护期至\s*\d{4}年\d{1,2}月\d{1,2}日/);
  // No decision form once decided.
  await expect(page.locator("input[name=intent][value=decide]")).toHaveCount(0);

  // Gone from the pending queue; the partner sees it accepted and protected.
  await page.goto("/registrations");
  await expect(page.locator("tbody tr", { hasText: companyName })).toHaveCount(0);
  const asPartner = await request.get(`${API}/registrations/${registrationId}`, { headers: { authorization: `Bearer ${repToken}` } });
  expect(asPartner.status()).toBe(200);
  const accepted = (await asPartner.json()) as { status: string; protectedUntil: string | null; customerId: string | null };
  expect(accepted.status).toBe("accepted");
  expect(accepted.protectedUntil).not.toBeNull();

  // The customer's ownership timeline starts with this registration.
  await page.goto(`/customers/${accepted.customerId}`);
  const firstStep = page.getByRole("list", { name: "归属时间线" }).getByRole("listitem").first();
  await expect(firstStep).toContainText("报备通过");
  await expect(firstStep).toContainText(REP_PARTNER);

  // And the policy is back to automatic decisions.
  await page.goto("/settings");
  await expect(page.locator("input[name=reviewMode][value=auto]")).toBeChecked();
});
