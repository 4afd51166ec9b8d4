/**
 * The customer 360's transfer form offers partners with their tier and refuses, up front, a partner
 * that cannot receive customers (suspended: shown, not selectable; terminated: not offered). The
 * record shows the lifecycle stage in core's words.
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import { PLATFORM_ADMIN, signInAsPlatformAdmin } from "../platform-admin";

test.use({ baseURL: process.env.PLATFORM_BASE_URL });

const API = `${process.env.PLATFORM_BASE_URL}/api/v1`;
const REP = "rep1@wuzhong.demo";
const GOLD_PARTNER = "上海华东渠道科技有限公司";

async function apiToken(request: APIRequestContext, email: string): Promise<string> {
  // Demo accounts share the bootstrap admin's password (QUDAO_ADMIN_PASSWORD).
  const response = await request.post(`${API}/sessions`, { data: { email, password: PLATFORM_ADMIN.password } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

async function partnerWithStatus(request: APIRequestContext, token: string, name: string, status: "suspended" | "terminated"): Promise<void> {
  const headers = { authorization: `Bearer ${token}` };
  const created = await request.post(`${API}/partners`, { headers, data: { name, tier: "silver" } });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await request.patch(`${API}/partners/${id}`, { headers, data: { status } })).status()).toBe(200);
}

test("the transfer select shows tiers and does not let a reviewer pick an inactive partner", async ({ page, request }) => {
  test.slow();
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const adminToken = await apiToken(request, PLATFORM_ADMIN.email);
  const suspended = `暂停伙伴 ${run}`;
  const terminated = `终止伙伴 ${run}`;
  await partnerWithStatus(request, adminToken, suspended, "suspended");
  await partnerWithStatus(request, adminToken, terminated, "terminated");
  const registered = await request.post(`${API}/registrations`, {
    headers: { authorization: `Bearer ${await apiToken(request, REP)}` },
    data: { customer: { kind: "company", name: `无锡转移${run}机电有限公司`, city: "无锡" } },
  });
  expect(registered.status()).toBe(201);
  const { customerId } = (await registered.json()) as { customerId: string };

  await signInAsPlatformAdmin(page);
  await page.goto(`/customers/${customerId}`);
  const record = page.locator("section", { has: page.getByRole("heading", { name: "客户档案" }) });
  await expect(record).toContainText("潜在客户");

  const select = page.locator("#transfer select[name=toPartnerId]");
  await expect(select.locator("option", { hasText: GOLD_PARTNER })).toHaveText(`${GOLD_PARTNER} · 金牌`);
  await expect(select.locator("option", { hasText: GOLD_PARTNER })).toBeEnabled();
  const suspendedOption = select.locator("option", { hasText: suspended });
  await expect(suspendedOption).toBeDisabled();
  await expect(suspendedOption).toContainText("已暂停");
  await expect(select.locator("option", { hasText: terminated })).toHaveCount(0);
  await expect(select.locator("option", { hasText: "当前所有者" })).toBeDisabled();
});
