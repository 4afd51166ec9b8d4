/**
 * A partner's admin reads the orders the platform counts for it: an order the shop pushes for one of
 * its customers shows up under 订单 with its refund and net amount; a rep has no such page.
 */
import { expect, test } from "@playwright/test";
import { PLATFORM_ADMIN } from "../../platform/platform-admin";
import { API, apiAuth } from "../../support/api";
import { signInToPortal } from "../portal-sign-in";

test.describe("portal: the partner's orders", () => {
  test.use({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN" });

  test("the admin sees an order pushed for its customer, with the refund taken off", async ({ page, request }) => {
    const headers = await apiAuth(request, PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
    const partners = ((await (await request.get(`${API}/partners?limit=200`, { headers })).json()) as { items: Array<{ id: string; name: string }> }).items;
    const jinglian = partners.find((p) => p.name === "北京京联信息技术有限公司");
    expect(jinglian).toBeTruthy();
    const customers = ((await (await request.get(`${API}/customers?ownerPartnerId=${jinglian!.id}&limit=1`, { headers })).json()) as { items: Array<{ id: string; name: string }> }).items;
    expect(customers.length).toBe(1);

    const externalId = `SO-JL-${Date.now()}`;
    const created = await request.post(`${API}/orders`, {
      headers,
      data: { externalId, customerId: customers[0]!.id, orderedAt: new Date().toISOString(), currency: "CNY", items: [{ sku: "SRV-STD", category: "software", quantity: "3", unitPrice: "1200.00" }] },
    });
    expect(created.status()).toBe(201);
    expect((await created.json()).attributedPartnerId).toBe(jinglian!.id);
    await request.post(`${API}/orders/${externalId}/refunds`, { headers, data: { externalId: `RF-${externalId}`, amount: "1200.00", refundedAt: new Date().toISOString() } });

    await signInToPortal(page, "admin@jinglian.demo");
    await page.goto("/orders");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("订单");
    const row = page.getByRole("row").filter({ hasText: externalId });
    await expect(row).toContainText(customers[0]!.name);
    await expect(row.locator("[data-field=net]")).toContainText("2,400.00");
  });

  test("a rep has no orders page", async ({ page }) => {
    await signInToPortal(page, "rep2@jinglian.demo");
    await expect(page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "订单", exact: true })).toHaveCount(0);
    const response = await page.goto("/orders");
    expect(response?.status()).toBe(403);
  });
});
