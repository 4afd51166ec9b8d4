/**
 * Issue 4's "done when", in real Chromium at phone width (375 px):
 *  1. a rep works a lead from creation to a won opportunity — create it, log a call, convert it
 *     (registration, so the customer is protected for the partner, plus an opportunity), move the deal
 *     to won — and the forecast's won figure grows by its amount while the customer turns from a
 *     prospect into a new customer (the worker recomputes its lifecycle from the won deal);
 *  2. a customer silent for a long time logs in again (the platform pushes the event through the API)
 *     and, through the worker, the built-in rule gives the owning partner a "contact within 24 h" task
 *     within a minute.
 * 吴中's rep1 wins no other deal in the suite, so the forecast difference is this deal's alone.
 */
import { expect, test, type Page } from "@playwright/test";
import { signInToPortal } from "../portal/portal-sign-in";
import { PHONE } from "../portal/work/support";
import { API, apiAuth } from "../support/api";

const REP = "rep1@wuzhong.demo";

/** The won amount of this month on the forecast page, in cents (exact). */
async function wonThisMonth(page: Page): Promise<number> {
  const month = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" }).format(new Date()).slice(0, 7);
  await page.goto("/opportunities/forecast");
  const cell = page.locator(`tr[data-month="${month}"] td[data-field="won"]`);
  await expect(cell).toBeVisible();
  return Number(((await cell.textContent()) ?? "").replace(/[^\d]/g, ""));
}

async function expectFitsThePhone(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.viewport.width);
}

test.describe("journey: a rep on a phone", () => {
  test.use({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN", ...PHONE });

  test("works a lead from creation to a won opportunity; the forecast and the customer's lifecycle follow", async ({ page }) => {
    test.setTimeout(120_000);
    const run = Date.now();
    const company = `常州晨光${run}精密机械有限公司`;
    const leadName = `周经理 ${run}`;
    await signInToPortal(page, REP);
    const wonBefore = await wonThisMonth(page);

    // Create the lead from the leads list.
    await page.goto("/leads");
    await page.getByRole("link", { name: "新建线索" }).tap();
    await page.getByLabel("姓名", { exact: true }).fill(leadName);
    await page.locator("input[name=company]").fill(company);
    await page.locator("input[name=phone]").fill(`137${String(run).slice(-8)}`);
    await expectFitsThePhone(page);
    await page.getByRole("button", { name: "创建线索" }).tap();
    await expect(page.getByRole("status")).toContainText("线索已创建。");
    await page.getByRole("link", { name: leadName }).tap();
    await expect(page).toHaveURL(/\/leads\/[0-9a-f-]{36}$/);

    // Log the first call: the kind, save.
    const quickLog = page.getByRole("region", { name: "记录跟进" });
    await quickLog.getByText("电话", { exact: true }).tap();
    await quickLog.getByRole("button", { name: "保存" }).tap();
    await expect(quickLog.getByRole("status")).toHaveText("已记录电话。");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("已联系");

    // Convert: the customer is registered for the partner and a deal opens.
    await page.getByRole("link", { name: "转化为客户" }).tap();
    await expect(page.getByLabel("客户名称")).toHaveValue(company);
    await page.getByLabel("城市").fill("常州");
    await page.getByLabel("预计金额（元）").fill("86,400.50");
    await expectFitsThePhone(page);
    await page.getByRole("button", { name: "报备并转化" }).tap();
    await expect(page.getByRole("status").filter({ hasText: "线索已转化：客户已报备，商机已创建。" })).toBeVisible();

    const customerHref = await page.getByRole("link", { name: "查看客户" }).getAttribute("href");
    expect(customerHref).toMatch(/^\/customers\/[0-9a-f-]{36}$/);
    await page.goto(customerHref!);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(company);
    await expect(page.locator(".badge.lifecycle-prospect")).toHaveText("潜在客户");

    // The customer's page lists the deal the conversion opened; work it from its page, stage by stage, to won.
    const deals = page.getByRole("region", { name: "商机" });
    await expect(deals.getByRole("listitem")).toHaveCount(1);
    await expect(deals).toContainText("初步接洽");
    await deals.getByRole("link", { name: company }).tap();
    await expect(page).toHaveURL(/\/opportunities\/[0-9a-f-]{36}$/);
    for (const stage of ["需求分析", "方案报价", "商务谈判", "赢单"]) {
      await page.getByLabel("移至…").selectOption({ label: stage });
      await page.getByRole("button", { name: "移动", exact: true }).tap();
      await expect(page.getByRole("status").filter({ hasText: `已移至「${stage}」` })).toBeVisible();
    }
    await expect(page.locator("h1")).toContainText("赢单");
    await expectFitsThePhone(page);

    // The forecast counts the win, to the cent.
    expect((await wonThisMonth(page)) - wonBefore).toBe(8_640_050);
    await expectFitsThePhone(page);

    // The won deal is the customer's first purchase: a new customer, once the worker has caught up.
    await expect(async () => {
      await page.goto(customerHref!);
      await expect(page.locator(".badge.lifecycle-new")).toHaveText("新客户", { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByRole("region", { name: "商机" })).toContainText("赢单");
    await expectFitsThePhone(page);
  });
});

test.describe("journey: a dormant customer comes back", () => {
  test.use({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN", ...PHONE });

  test("the platform pushes a login for a long-silent customer; within a minute the partner has a task to contact it within 24 h", async ({ page, request }) => {
    test.setTimeout(120_000);
    const admin = "admin@jinglian.demo";
    const partnerAuth = await apiAuth(request, admin);
    const staffAuth = await apiAuth(request, "channel@qudao.demo");

    // One of the partner's customers that has gone quiet (the demo has some dormant and churned ones).
    let customer: { id: string; name: string } | undefined;
    for (const stage of ["churned", "dormant"]) {
      const list = await request.get(`${API}/customers?lifecycleStage=${stage}&limit=50`, { headers: partnerAuth });
      expect(list.status()).toBe(200);
      const items = ((await list.json()) as { items: Array<{ id: string; name: string }> }).items;
      customer = items[Math.floor(Math.random() * items.length)];
      if (customer) break;
    }
    expect(customer, "the demo gives 精联 a dormant or churned customer").toBeTruthy();

    const pushed = await request.post(`${API}/customers/${customer!.id}/events`, {
      headers: staffAuth,
      data: { type: "login", occurredAt: new Date().toISOString(), externalId: `e2e-login-${Date.now()}`, source: "app" },
    });
    expect(pushed.status()).toBe(201);

    await signInToPortal(page, admin);
    const task = page.getByRole("link", { name: `24 小时内联系该客户「${customer!.name}」` });
    await expect(async () => {
      await page.goto(`/customers/${customer!.id}`);
      await expect(task).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 60_000, intervals: [1_000, 2_000] });
    await expect(page.locator(".badge.lifecycle-reactivated")).toHaveText("已召回");
    await expectFitsThePhone(page);
  });
});
