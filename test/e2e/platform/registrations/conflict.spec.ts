/**
 * The review console shows WHY two claims collided — the identity keys each side has, the shared ones
 * marked — and the extension queue shows how long each extension request has waited.
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import { PLATFORM_ADMIN, signInAsPlatformAdmin } from "../platform-admin";

test.use({ baseURL: process.env.PLATFORM_BASE_URL });

const API = `${process.env.PLATFORM_BASE_URL}/api/v1`;
const OWNER_REP = "rep1@huadong.demo";
const OWNER_PARTNER = "上海华东渠道科技有限公司";
const OTHER_REP = "rep1@jinglian.demo";

async function apiToken(request: APIRequestContext, email: string): Promise<string> {
  // Demo accounts share the bootstrap admin's password (QUDAO_ADMIN_PASSWORD).
  const response = await request.post(`${API}/sessions`, { data: { email, password: PLATFORM_ADMIN.password } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

async function register(request: APIRequestContext, token: string, customer: Record<string, string>) {
  const response = await request.post(`${API}/registrations`, { headers: { authorization: `Bearer ${token}` }, data: { customer } });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; status: string };
}

test("the conflict view marks the identity keys two claims share; the extension queue shows the request's age", async ({ page, request }) => {
  test.slow();
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const mobile = `137${String(Date.now() % 100_000_000).padStart(8, "0")}`;
  const ownerName = `宁波海曙${run}电子有限公司`;
  const otherName = `宁波${run}电子商行`;
  const ownerToken = await apiToken(request, OWNER_REP);
  const owner = await register(request, ownerToken, { kind: "company", name: ownerName, phone: mobile, email: `sales-${run}@haishu.example` });
  expect(owner.status).toBe("accepted");
  // Another company name and e-mail, but the same phone: refused.
  const other = await register(request, await apiToken(request, OTHER_REP), { kind: "company", name: otherName, phone: `+86 ${mobile}`, email: `boss-${run}@shanghang.example` });
  expect(other.status).toBe("rejected");

  await signInAsPlatformAdmin(page);
  await page.goto(`/registrations/${other.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(otherName);
  const phoneKey = `+86${mobile}`;

  const claimKeys = page.getByRole("list", { name: "本次报备" });
  await expect(claimKeys.getByRole("listitem").filter({ hasText: phoneKey })).toContainText("相同");
  await expect(claimKeys.getByRole("listitem").filter({ hasText: `boss-${run}@shanghang.example` })).not.toContainText("相同");

  const customerKeys = page.getByRole("list", { name: "匹配到的客户" });
  await expect(customerKeys.getByRole("listitem").filter({ hasText: phoneKey })).toContainText("相同");
  await expect(customerKeys.getByRole("listitem").filter({ hasText: `sales-${run}@haishu.example` })).not.toContainText("相同");
  await expect(page.locator("main")).toContainText("标为「相同」的识别信息与本次报备一致");

  const competing = page.locator("section", { has: page.getByRole("heading", { name: /同一客户的其他报备/ }) }).locator("tbody tr", { hasText: OWNER_PARTNER });
  await expect(competing).toHaveCount(1);
  await expect(competing.getByRole("list", { name: ownerName }).getByRole("listitem").filter({ hasText: phoneKey })).toContainText("相同");

  // The owner asks for an extension: the queue shows how long the request has waited.
  const extension = await request.post(`${API}/registrations/${owner.id}/extension`, { headers: { authorization: `Bearer ${ownerToken}` }, data: { reason: `e2e ${run}` } });
  expect(extension.status()).toBe(200);
  await page.goto("/registrations?view=extensions");
  await expect(page.getByRole("columnheader", { name: "申请等待" })).toBeVisible();
  const row = page.locator("tbody tr", { hasText: ownerName });
  await expect(row).toHaveCount(1);
  await expect(row.locator("td.request-age")).toHaveText(/刚刚提交|已等待 \d+ 分钟/);
  await expect(row.locator("td.request-age")).toHaveAttribute("title", /^延期申请于 /);
});
