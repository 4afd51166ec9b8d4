/**
 * The platform merges two records of the same company — one registered by name + city, the other by
 * phone — from the survivor's 360 page: search, pick, confirm with a reason. The ownership timeline
 * shows the merge step, the duplicate disappears from the list, and the merge can be reversed — a
 * step on both customers' timelines, each linking to the other.
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import { PLATFORM_ADMIN, signInAsPlatformAdmin } from "../platform-admin";

test.use({ baseURL: process.env.PLATFORM_BASE_URL });

const API = `${process.env.PLATFORM_BASE_URL}/api/v1`;
const REP = "rep1@wuzhong.demo";

async function apiToken(request: APIRequestContext, email: string): Promise<string> {
  // Demo accounts share the bootstrap admin's password (QUDAO_ADMIN_PASSWORD).
  const response = await request.post(`${API}/sessions`, { data: { email, password: PLATFORM_ADMIN.password } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

/**
 * Registers a customer as the demo rep and returns its id. Another spec may have switched the
 * policy to "review" for a moment; a registration caught in that window is approved over the API.
 */
async function registerAccepted(request: APIRequestContext, tokens: { rep: string; admin: string }, customer: Record<string, string>): Promise<string> {
  const response = await request.post(`${API}/registrations`, { headers: { authorization: `Bearer ${tokens.rep}` }, data: { customer } });
  expect(response.status()).toBe(201);
  let registration = (await response.json()) as { id: string; status: string; customerId?: string };
  if (registration.status === "pending") {
    const decided = await request.post(`${API}/registrations/${registration.id}/decision`, {
      headers: { authorization: `Bearer ${tokens.admin}` },
      data: { decision: "approve", reason: "e2e" },
    });
    expect(decided.status()).toBe(200);
    registration = (await decided.json()) as typeof registration;
  }
  expect(registration.status).toBe("accepted");
  return registration.customerId!;
}

test("the admin merges a duplicate into the survivor on the 360 page, sees it on the timeline, and reverses it", async ({ page, request }) => {
  // A long journey (API set-up, several pages and forms): triple the default time limit.
  test.slow();
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const survivorName = `苏州恒远${run}精密机械有限公司`;
  const duplicateName = `恒远${run}苏州分部`;
  const mobile = `139${String(Date.now() % 100_000_000).padStart(8, "0")}`;
  const reason = `同一家公司，分部重复报备 ${run}`;

  const tokens = { rep: await apiToken(request, REP), admin: await apiToken(request, PLATFORM_ADMIN.email) };
  const survivorId = await registerAccepted(request, tokens, { kind: "company", name: survivorName, city: "苏州" });
  const duplicateId = await registerAccepted(request, tokens, { kind: "company", name: duplicateName, phone: mobile });
  expect(duplicateId).not.toBe(survivorId);

  await signInAsPlatformAdmin(page);
  // Both records are in the customer list.
  await page.goto(`/customers?q=${encodeURIComponent(run)}`);
  await expect(page.locator("tbody tr")).toHaveCount(2);

  await page.goto(`/customers/${survivorId}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(survivorName);
  const merge = page.locator("section", { has: page.getByRole("heading", { name: "合并重复客户" }) });
  await merge.getByRole("searchbox").fill(run);
  await merge.getByRole("button", { name: "搜索" }).click();
  // The survivor itself is not offered; the duplicate is.
  const candidates = merge.getByRole("list", { name: "候选客户" });
  await expect(candidates.getByRole("listitem")).toHaveCount(1);
  await candidates.getByRole("link", { name: `选择「${duplicateName}」` }).click();

  // The confirmation names both customers; a reason is required.
  const confirm = merge.locator(".merge-confirm");
  await expect(confirm).toContainText(duplicateName);
  await expect(confirm).toContainText(survivorName);
  await confirm.getByRole("button", { name: "确认合并" }).click();
  const reasonField = confirm.locator("textarea[name=reason]");
  await expect(reasonField).toHaveAttribute("aria-invalid", "true");
  await expect(reasonField).toHaveAccessibleDescription("必填项。");
  await reasonField.fill(reason);
  await confirm.getByRole("button", { name: "确认合并" }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${survivorId}\\?notice=customersMerged$`));
  await expect(page.getByRole("status")).toHaveText("重复客户已合并。");

  // The timeline's last step is the merge, naming the duplicate and the reviewer's reason.
  const timeline = page.getByRole("list", { name: "归属时间线" });
  await expect(timeline.getByRole("listitem")).toHaveCount(2);
  await expect(timeline.getByRole("listitem").first()).toContainText("报备通过");
  const mergeStep = timeline.getByRole("listitem").last();
  await expect(mergeStep).toContainText("重复客户合并");
  await expect(mergeStep.getByRole("link", { name: duplicateName })).toHaveAttribute("href", `/customers/${duplicateId}`);
  await expect(mergeStep).toContainText(reason);
  await expect(mergeStep).toContainText(PLATFORM_ADMIN.email);
  // The duplicate's phone now identifies the survivor.
  const identities = page.locator("section", { has: page.getByRole("heading", { name: /识别信息/ }) });
  await expect(identities).toContainText("电话");

  // The duplicate is hidden from the list and says where it went.
  await page.goto(`/customers?q=${encodeURIComponent(run)}`);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody tr")).toContainText(survivorName);
  await page.goto(`/customers/${duplicateId}`);
  await expect(page.getByRole("note")).toContainText(survivorName);

  // Reverse it: a confirmation step, then both records are back.
  await page.goto(`/customers/${survivorId}`);
  const merges = page.locator("section", { has: page.getByRole("heading", { name: /合并记录/ }) });
  const mergeRow = merges.locator("tbody tr", { hasText: duplicateName });
  await mergeRow.getByText("撤销合并", { exact: true }).click();
  await mergeRow.getByRole("button", { name: "确认撤销" }).click();
  await expect(page).toHaveURL(/notice=mergeReversed$/);
  await expect(page.getByRole("status")).toHaveText("合并已撤销。");
  await expect(merges.locator("tbody tr", { hasText: duplicateName })).toContainText(/已于 .+ 撤销/);
  await expect(merges.getByRole("button", { name: "确认撤销" })).toHaveCount(0);
  await expect(identities).not.toContainText("电话");
  // The survivor's timeline ends with the reversal, naming the duplicate that left.
  const survivorSteps = page.getByRole("list", { name: "归属时间线" }).getByRole("listitem");
  await expect(survivorSteps).toHaveCount(3);
  await expect(survivorSteps.last()).toContainText("撤销合并");
  await expect(survivorSteps.last().getByRole("link", { name: duplicateName })).toHaveAttribute("href", `/customers/${duplicateId}`);

  await page.goto(`/customers?q=${encodeURIComponent(run)}`);
  await expect(page.locator("tbody tr")).toHaveCount(2);
  // The restored duplicate's timeline keeps every step: accepted, merged away, restored.
  await page.goto(`/customers/${duplicateId}`);
  await expect(page.getByRole("note")).toHaveCount(0);
  const restored = page.getByRole("list", { name: "归属时间线" }).getByRole("listitem");
  await expect(restored).toHaveCount(3);
  await expect(restored.nth(1)).toContainText("重复客户合并");
  await expect(restored.nth(1)).toContainText(reason);
  await expect(restored.nth(1).getByRole("link", { name: survivorName })).toHaveAttribute("href", `/customers/${survivorId}`);
  await expect(restored.nth(2)).toContainText("撤销合并");
  await expect(restored.nth(2)).toContainText("苏州吴中伟业贸易有限公司");
  await expect(restored.nth(2).getByRole("link", { name: survivorName })).toHaveAttribute("href", `/customers/${survivorId}`);
});
