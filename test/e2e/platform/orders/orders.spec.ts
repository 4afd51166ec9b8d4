/**
 * Orders in the console: the platform's shop pushes an order for a customer a partner owns and one
 * for a customer in the public pool (POST /api/v1/orders, a replay answers 200 with the same order);
 * finance finds the pool customer's order in the unattributed work list with its reason, and the
 * owned one's page says whom it counts for, with its items and a refund.
 */
import { expect, test } from "@playwright/test";
import { API, apiAuth } from "../../support/api";
import { PLATFORM_ADMIN, signInAsPlatformAdmin } from "../platform-admin";

test.use({ baseURL: process.env.PLATFORM_BASE_URL });

test("an unowned customer's order waits in the unattributed list with its reason; an owned one counts for its partner", async ({ page, request }) => {
  const auth = await apiAuth(request, PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
  const customers = async (query: string) => ((await (await request.get(`${API}/customers?${query}&limit=50`, { headers: auth })).json()) as { items: Array<{ id: string; name: string; ownerPartnerId: string | null }> }).items;
  const pooled = (await customers("inPool=true"))[0];
  const owned = (await customers("inPool=false")).find((c) => c.ownerPartnerId);
  expect(pooled, "the demo has customers in the pool").toBeTruthy();
  expect(owned, "the demo has owned customers").toBeTruthy();

  const run = Date.now();
  const orderedAt = new Date().toISOString();
  const body = (externalId: string, customerId: string) => ({
    externalId,
    customerId,
    orderedAt,
    currency: "CNY",
    items: [
      { sku: "SRV-PRO", category: "software", quantity: "2", unitPrice: "1999.50" },
      { sku: "HW-BOX", category: "hardware", quantity: "1", unitPrice: "860.00" },
    ],
  });
  const unowned = await request.post(`${API}/orders`, { headers: auth, data: body(`SO-POOL-${run}`, pooled!.id) });
  expect(unowned.status()).toBe(201);
  const unownedOrder = (await unowned.json()) as { attributedPartnerId: string | null; attributionReason: { code: string; message: string }; total: string };
  expect(unownedOrder).toMatchObject({ attributedPartnerId: null, total: "4859.00" });
  // Released to the pool, or never registered: either way nobody owned it at orderedAt.
  expect(["NO_OWNER_AT_ORDER_TIME", "NOT_YET_OWNED_AT_ORDER_TIME"]).toContain(unownedOrder.attributionReason.code);
  const first = await request.post(`${API}/orders`, { headers: auth, data: body(`SO-OWNED-${run}`, owned!.id) });
  expect(first.status()).toBe(201);
  const order = (await first.json()) as { id: string; attributedPartnerId: string };
  expect(order.attributedPartnerId).toBe(owned!.ownerPartnerId);
  const replay = await request.post(`${API}/orders`, { headers: auth, data: body(`SO-OWNED-${run}`, owned!.id) });
  expect(replay.status()).toBe(200);
  expect(((await replay.json()) as { id: string }).id).toBe(order.id);
  const refund = await request.post(`${API}/orders/SO-OWNED-${run}/refunds`, { headers: auth, data: { externalId: `RF-${run}`, amount: "860.00", refundedAt: new Date().toISOString() } });
  expect(refund.status()).toBe(201);

  await signInAsPlatformAdmin(page);
  await page.getByRole("navigation").getByRole("link", { name: "订单", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("订单");
  await page.getByLabel("归属").selectOption({ label: "未归属" });
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/attribution=unattributed/);
  const row = page.getByRole("row").filter({ hasText: `SO-POOL-${run}` });
  await expect(row).toContainText(pooled!.name);
  await expect(row).toContainText(unownedOrder.attributionReason.message);
  await expect(page.getByRole("row").filter({ hasText: `SO-OWNED-${run}` })).toHaveCount(0);

  await page.goto(`/orders/${order.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`订单 SO-OWNED-${run}`);
  await expect(page.locator("[data-field=attribution]")).toContainText("记入");
  await expect(page.getByRole("region", { name: "商品行" }).getByRole("row")).toHaveCount(3);
  await expect(page.getByRole("region", { name: "退款" })).toContainText(`RF-${run}`);
  await expect(page.locator("[data-field=net]")).toContainText("3,999.00");
});
