/**
 * A partner manager defines a tag, puts it on one of the partner's customers, filters the customer
 * list by it and saves that filter for the team; the saved filter later opens the same list.
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import { PLATFORM_ADMIN } from "../../platform/platform-admin";
import { signInToPortal } from "../portal-sign-in";
import { API, apiAuth } from "../../support/api";


/** A partner of this run with a manager who registered two customers: nothing another spec touches. */
async function partnerWithCustomers(request: APIRequestContext, run: number) {
  const admin = await apiAuth(request, PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
  const partner = await request.post(`${API}/partners`, { headers: admin, data: { name: `标签测试渠道 ${run}`, region: "杭州" } });
  expect(partner.status()).toBe(201);
  const partnerId = ((await partner.json()) as { id: string }).id;
  const manager = { email: `manager.${run}@tags.e2e.test`, password: `Qudao-${run}` };
  const created = await request.post(`${API}/partners/${partnerId}/users`, { headers: admin, data: { ...manager, name: `标签经理 ${run}`, role: "manager" } });
  expect(created.status()).toBe(201);
  const headers = await apiAuth(request, manager.email, manager.password);
  const names = [`杭州云帆标签科技有限公司${run}`, `杭州远山标签贸易有限公司${run}`];
  for (const name of names) {
    const registration = await request.post(`${API}/registrations`, { headers, data: { customer: { kind: "company", name, city: "杭州" } } });
    expect(((await registration.json()) as { status: string }).status).toBe("accepted");
  }
  return { manager, names };
}

test.describe("portal: customer tags and saved filters", () => {
  test.use({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN" });

  test("a manager tags a customer, filters the list by the tag and saves the filter", async ({ page, request }) => {
    const run = Date.now();
    const { manager, names } = await partnerWithCustomers(request, run);
    const [tagged, untagged] = names as [string, string];
    const tagName = `重点跟进${String(run).slice(-5)}`;
    const filterName = `重点客户 ${String(run).slice(-5)}`;

    await signInToPortal(page, manager.email, manager.password);

    // The manager defines the tag on the tags page.
    await page.goto("/tags");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("标签管理");
    const create = page.locator("form").filter({ has: page.locator("input[name=intent][value=create]") });
    await create.getByLabel("名称").fill(tagName);
    await create.getByRole("button", { name: "创建标签" }).click();
    await expect(page.getByRole("status")).toHaveText(`已创建标签「${tagName}」。`);
    await expect(page.getByRole("row").filter({ hasText: tagName })).toContainText("0");

    // …and puts it on one customer.
    await page.goto("/customers");
    await page.getByRole("link", { name: tagged, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(tagged);
    const tags = page.locator("section").filter({ has: page.getByRole("heading", { name: "标签", exact: true }) });
    await expect(tags).toContainText("无标签");
    await tags.getByLabel("添加标签").selectOption({ label: tagName });
    await tags.getByRole("button", { name: "添加", exact: true }).click();
    await expect(tags.getByRole("listitem").filter({ hasText: tagName })).toBeVisible();
    await expect(tags.getByRole("button", { name: `移除标签「${tagName}」` })).toBeVisible();

    // The list shows the tag on the row, and filters by it.
    await page.goto("/customers");
    await expect(page.getByRole("row").filter({ hasText: tagged })).toContainText(tagName);
    await page.locator("select[name=tagId]").selectOption({ label: tagName });
    await page.getByRole("button", { name: "搜索", exact: true }).click();
    await expect(page).toHaveURL(/[?&]tagId=[0-9a-f-]{36}/);
    await expect(page.getByRole("link", { name: tagged, exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: untagged, exact: true })).toHaveCount(0);
    const filteredUrl = new URL(page.url());

    // Saves the filter for the team.
    const saved = page.getByRole("region", { name: "已保存的筛选" });
    await saved.getByText("保存筛选", { exact: true }).click();
    await saved.getByLabel("筛选名称").fill(filterName);
    await saved.getByLabel("与团队共享").check();
    await saved.getByRole("button", { name: "保存", exact: true }).click();
    await expect(saved.getByRole("status")).toHaveText(`已保存筛选「${filterName}」。`);

    // Later, from the unfiltered list, the saved filter opens the same list.
    await page.getByRole("link", { name: "重置" }).click();
    await expect(page.getByRole("link", { name: untagged, exact: true })).toBeVisible();
    await saved.getByText(/已保存的筛选/).click();
    const entry = saved.getByRole("listitem").filter({ hasText: filterName });
    await expect(entry).toContainText("已共享");
    await entry.getByRole("link", { name: filterName }).click();
    await expect(page).toHaveURL((url) => url.searchParams.get("tagId") === filteredUrl.searchParams.get("tagId"));
    await expect(page.getByRole("link", { name: tagged, exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: untagged, exact: true })).toHaveCount(0);
  });
});
