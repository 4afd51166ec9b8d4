/**
 * Customer entitlements across both apps in real Chromium: a rep asks a coupon for a demo customer
 * their partner owns, from the customer's page; a coupon above the per-request limit is refused with
 * the translated reason under the amount, nothing saved; the platform admin approves and issues it
 * from the entitlement queue; the portal then shows it issued with the voucher reference, and both
 * apps show it on the customer's timeline.
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import { API, apiAuth } from "../support/api";
import { signIn } from "../support/sign-in";
import { signInAsPlatformAdmin } from "../platform/platform-admin";

const portal = process.env.PORTAL_BASE_URL!;
const platform = process.env.PLATFORM_BASE_URL!;
const REP = "rep1@jinglian.demo";
const PARTNER_ADMIN = "admin@jinglian.demo";

/** A demo customer the rep's partner owns and nobody has asked a benefit for yet (the seed asks for a few). */
async function customerWithoutEntitlements(request: APIRequestContext): Promise<{ id: string; name: string }> {
  const rep = await apiAuth(request, REP);
  const admin = await apiAuth(request, PARTNER_ADMIN);
  const customers = (await (await request.get(`${API}/customers?limit=200`, { headers: rep })).json()) as { items: Array<{ id: string; name: string; partnerId: string | null }> };
  const asked = (await (await request.get(`${API}/entitlements?limit=200`, { headers: admin })).json()) as { items: Array<{ customerId: string }> };
  const taken = new Set(asked.items.map((e) => e.customerId));
  const customer = customers.items.find((c) => c.partnerId !== null && !taken.has(c.id));
  if (!customer) throw new Error(`${REP}'s partner has no demo customer without entitlements`);
  return customer;
}

test("a rep asks a coupon for an owned customer, the platform approves and issues it once, and both timelines show it", async ({ browser, request }) => {
  test.slow();
  const customer = await customerWithoutEntitlements(request);
  const reference = `CPN-E2E-${Date.now().toString(36).toUpperCase()}`;
  const reason = `续签三年服务合同 ${Date.now().toString(36)}`;

  // The rep asks from the customer's page.
  const rep = await browser.newPage();
  await signIn(rep, portal, REP);
  await rep.goto(`${portal}/customers/${customer.id}`);
  await expect(rep.getByRole("heading", { level: 1 })).toContainText(customer.name);
  await rep.getByRole("link", { name: "申请权益" }).click();
  await expect(rep.getByRole("heading", { level: 1, name: "申请权益" })).toBeVisible();
  await expect(rep.getByText(`为「${customer.name}」申请权益`)).toBeVisible();

  const type = rep.getByLabel("权益类型");
  const value = rep.getByLabel("价值");
  await type.selectOption({ label: "优惠券" });
  // The chosen type's limits are shown with it.
  await expect(type).toHaveAccessibleDescription("单次最多 500.00 元；每位客户每期最多 3 次，合计不超过 1000.00 元。");

  // Above the per-request limit: refused, translated, under the amount; what was typed stays.
  await value.fill("600");
  await rep.getByLabel("申请理由").fill(reason);
  await rep.getByRole("button", { name: "提交申请" }).click();
  await expect(rep.getByRole("alert")).toHaveText("单次申请的「优惠券」价值不能超过 500.00 元。");
  await expect(value).toHaveAttribute("aria-invalid", "true");
  await expect(value).toHaveAccessibleDescription(/单次申请的「优惠券」价值不能超过 500\.00 元。/);
  await expect(rep.getByLabel("申请理由")).toHaveValue(reason);
  const adminApi = await apiAuth(request, PARTNER_ADMIN);
  const before = (await (await request.get(`${API}/entitlements?customerId=${customer.id}`, { headers: adminApi })).json()) as { items: unknown[] };
  expect(before.items).toHaveLength(0);

  await value.fill("200");
  await rep.getByRole("button", { name: "提交申请" }).click();
  await expect(rep).toHaveURL(/\/entitlements\?requested=/);
  await expect(rep.getByRole("status")).toHaveText("申请已提交，等待平台审批。");
  const requestedRow = rep.locator("tbody tr", { hasText: customer.name });
  await expect(requestedRow).toHaveCount(1);
  await expect(requestedRow.locator("[data-field=status]")).toContainText("待审批");
  await expect(requestedRow).toContainText("¥200.00");

  // The platform admin decides from the queue: approve with a note, then issue with the voucher code.
  const staff = await browser.newPage({ baseURL: platform });
  await signInAsPlatformAdmin(staff);
  await staff.getByRole("navigation").getByRole("link", { name: "权益审批" }).click();
  await expect(staff.getByRole("heading", { level: 1, name: "权益审批" })).toBeVisible();
  const waiting = staff.locator("tbody tr", { hasText: customer.name });
  await expect(waiting).toContainText(reason);
  // Its age against the 24-hour review time; the demo's request of yesterday is overdue.
  await expect(waiting).toContainText("刚刚提交");
  await expect(staff.locator("tbody tr", { has: staff.locator(".age.overdue") }).first()).toContainText("已等待 1 天");
  await waiting.getByText("批准", { exact: true }).click();
  await waiting.getByLabel("给合作伙伴的备注（可选）").fill("老客户续约，同意");
  await waiting.getByRole("button", { name: "确认批准" }).click();
  await expect(staff.getByRole("status")).toHaveText("已批准，等待发放。");
  await expect(staff.locator("tbody tr", { hasText: customer.name })).toHaveCount(0);

  await staff.getByRole("link", { name: "待发放", exact: true }).click();
  const toIssue = staff.locator("tbody tr", { hasText: customer.name });
  await expect(toIssue).toContainText("已批准");
  await toIssue.getByText("发放", { exact: true }).click();
  await toIssue.getByLabel("发放凭证（可选，例如券码或工单号）").fill(reference);
  await toIssue.getByRole("button", { name: "确认发放" }).click();
  await expect(staff.getByRole("status")).toHaveText("已发放。");
  await staff.getByRole("link", { name: "全部", exact: true }).click();
  const issuedRow = staff.locator("tbody tr", { hasText: customer.name });
  await expect(issuedRow).toContainText("已发放");
  await expect(issuedRow).toContainText(reference);

  // The platform's customer timeline has the whole story, ending with the issue and its reference.
  await staff.goto(`/customers/${customer.id}`);
  const platformTimeline = staff.getByRole("list", { name: "归属时间线" });
  const issuedStep = platformTimeline.locator("li[data-entitlement-id]").last();
  await expect(issuedStep).toContainText("权益已发放");
  await expect(issuedStep).toContainText("优惠券 · ¥200.00");
  await expect(issuedStep).toContainText(reference);
  await expect(platformTimeline.locator("li[data-entitlement-id]")).toHaveCount(3);

  // Issued once: the API answers a second issue with the same entitlement, and nothing more happens.
  const staffApi = await apiAuth(request, "admin@qudao.demo");
  const listed = (await (await request.get(`${API}/entitlements?customerId=${customer.id}`, { headers: staffApi })).json()) as { items: Array<{ id: string; issuedAt: string }> };
  const again = await request.post(`${API}/entitlements/${listed.items[0]!.id}/issue`, { headers: staffApi, data: { reference: "ANOTHER" } });
  expect(again.status()).toBe(200);
  expect(await again.json()).toMatchObject({ status: "issued", issueReference: reference, issuedAt: listed.items[0]!.issuedAt });

  // The rep sees it issued, with the platform's note and the reference, and on the customer's timeline.
  await rep.goto(`${portal}/entitlements`);
  const doneRow = rep.locator("tbody tr", { hasText: customer.name });
  await expect(doneRow.locator("[data-field=status]")).toContainText("已发放");
  await expect(doneRow).toContainText("平台说明：老客户续约，同意");
  await expect(doneRow).toContainText(reference);
  await rep.goto(`${portal}/customers/${customer.id}`);
  const portalTimeline = rep.getByRole("region", { name: "跟进记录" });
  await expect(portalTimeline.locator("[data-entitlement-step=issued]")).toContainText("权益已发放");
  await expect(portalTimeline.locator("[data-entitlement-step=issued]")).toContainText("优惠券 · ¥200.00");
  await expect(portalTimeline.locator("[data-entitlement-step]")).toHaveCount(3);

  // The decision reached the rep as a notification.
  await rep.goto(`${portal}/notifications`);
  await expect(rep.getByText(`你为「${customer.name}」申请的优惠券（200.00 元）已发放。`)).toBeVisible();
});

test("a platform admin edits the benefit limits on the settings page; a total below one request's maximum is refused under its field", async ({ browser, request }) => {
  const staffApi = await apiAuth(request, "admin@qudao.demo");
  const original = await (await request.get(`${API}/settings/entitlement-policy`, { headers: staffApi })).json();
  const staff = await browser.newPage({ baseURL: platform });
  try {
    await signInAsPlatformAdmin(staff);
    await staff.goto("/settings");
    const card = staff.locator("form", { has: staff.getByRole("heading", { name: "客户权益额度" }) });
    const giftTotal = card.getByLabel("礼品 · 每期合计上限（元）");
    await expect(giftTotal).toHaveValue("500.00");
    await expect(card.getByLabel("培训名额 · 提供")).not.toBeChecked();

    await giftTotal.fill("100");
    await card.getByRole("button", { name: "保存" }).click();
    await expect(giftTotal).toHaveAttribute("aria-invalid", "true");
    await expect(giftTotal).toHaveAccessibleDescription("每期合计上限不能低于单次上限。");
    expect(await (await request.get(`${API}/settings/entitlement-policy`, { headers: staffApi })).json()).toEqual(original);

    await giftTotal.fill("1,200");
    await card.getByRole("button", { name: "保存" }).click();
    await expect(card.getByRole("status")).toHaveText("客户权益额度已保存。");
    // Partners ask within the new limit straight away.
    const offered = (await (await request.get(`${API}/entitlement-types`, { headers: await apiAuth(request, REP) })).json()) as Array<{ code: string; maxTotalValuePerPeriod: string }>;
    expect(offered.find((type) => type.code === "gift")?.maxTotalValuePerPeriod).toBe("1200.00");
  } finally {
    expect((await request.put(`${API}/settings/entitlement-policy`, { headers: staffApi, data: original })).status()).toBe(200);
  }
});
