/**
 * A commission statement from generation to approval, across both apps. Set up over the API: a plan
 * version (category rates, a tier rate, a new-customer bonus, volume tiers and a cap) in force from a
 * random minute of a 2015 month no other active version starts in, a new gold partner with its
 * admin, a customer the partner has owned since before that month, two orders and a refund. Finance
 * generates the period and watches the run reach 100 %, reads every line's explanation and issues
 * the statement (approving it before the partner confirmed is refused, in Chinese); the partner's
 * admin sees it in the portal with the earnings chart, drills a line down to its order and confirms;
 * finance approves and the statement is locked. A partner's manager disputes a line (a bad expected
 * amount is refused under the field, in Chinese), attaches a file, sees the dispute's state and age on
 * the line, and reads finance's rejection there. A statement of more than 500 lines is read a kind and
 * a page at a time; a rep has no statements at all.
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { signInAsPlatformAdmin } from "../platform/platform-admin";
import { signInToPortal } from "../portal/portal-sign-in";
import { API, apiAuth } from "../support/api";
import { DEMO_PASSWORD } from "../support/sign-in";

test.use({ baseURL: process.env.PLATFORM_BASE_URL });

const pad = (n: number) => String(n).padStart(2, "0");

async function json<T>(response: Awaited<ReturnType<APIRequestContext["post"]>>, status: number): Promise<T> {
  expect(response.status(), await response.text()).toBe(status);
  return (await response.json()) as T;
}

/** A 2015 month in which no active plan version starts yet, so this journey's version decides all of it. */
async function freeMonth(request: APIRequestContext, headers: { authorization: string }): Promise<number> {
  const plans = await json<{ items: Array<{ effectiveFrom: string }> }>(await request.get(`${API}/commission-plans?status=active&limit=200`, { headers }), 200);
  // Periods are Shanghai months (UTC+8).
  const taken = new Set(plans.items.map((p) => new Date(Date.parse(p.effectiveFrom) + 8 * 3_600_000).toISOString().slice(0, 7)));
  const free = Array.from({ length: 12 }, (_, i) => i + 1).filter((m) => !taken.has(`2015-${pad(m)}`));
  expect(free.length, "a 2015 month without another plan version").toBeGreaterThan(0);
  return free[Math.floor(Math.random() * free.length)]!;
}

/**
 * The public API has no way to register a customer in the past (registrations happen now), so the
 * ownership record's instant is moved back to before the orders, directly in this run's database.
 */
async function ownedSince(customerId: string, at: Date): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.QUDAO_E2E_DATABASE_URL });
  await client.connect();
  try {
    const { rowCount } = await client.query(`UPDATE "CustomerOwnership" SET at = $2 WHERE "customerId" = $1 AND event = 'registration_accepted'`, [customerId, at]);
    expect(rowCount).toBe(1);
  } finally {
    await client.end();
  }
}

type Journey = {
  run: string;
  period: string;
  month: number;
  plan: { id: string; version: number };
  partner: { id: string; name: string };
  adminEmail: string;
  managerEmail: string;
  orderA: { id: string; externalId: string };
  orderB: { id: string; externalId: string };
  refundId: string;
};

/**
 * A plan version in force from a random minute of a free 2015 month, a new gold partner with an
 * admin and a manager, a customer it has owned since before that month, two orders and a refund.
 */
async function setUp(request: APIRequestContext, options: { bulkItems?: number } = {}): Promise<Journey> {
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const finance = await apiAuth(request, "finance@qudao.demo");
  const admin = await apiAuth(request, "admin@qudao.demo");
  const month = await freeMonth(request, finance);
  const period = `2015-${pad(month)}`;
  // Shanghai is UTC+8 all year (no DST): day 2 of the month, 10:00–17:59 local, a random minute.
  const effectiveFrom = new Date(Date.UTC(2015, month - 1, 2, 2 + Math.floor(Math.random() * 8), Math.floor(Math.random() * 60)));
  const at = (minutes: number) => new Date(effectiveFrom.getTime() + minutes * 60_000).toISOString();

  const plan = await json<{ id: string; version: number }>(
    await request.post(`${API}/commission-plans`, {
      headers: finance,
      data: {
        name: `对账单旅程方案 ${run}`,
        effectiveFrom: effectiveFrom.toISOString(),
        rules: {
          rates: [
            { rate: "0.05" },
            { category: "software", rate: "0.08" },
            { category: "software", partnerTier: "gold", rate: "0.10" },
            { category: "hardware", rate: "0.07" },
            { partnerTier: "gold", rate: "0.06" },
          ],
          newCustomerBonus: "0.02",
          volumeTiers: [
            { minBase: "5000.00", bonusRate: "0.01" },
            { minBase: "10000.00", bonusRate: "0.02" },
          ],
          capPerPeriod: "1000.00",
        },
      },
    }),
    201,
  );
  await json(await request.post(`${API}/commission-plans/${plan.id}/activate`, { headers: finance }), 200);

  const partnerName = `对账旅程${run}科技有限公司`;
  const partner = await json<{ id: string }>(await request.post(`${API}/partners`, { headers: admin, data: { name: partnerName, tier: "gold", region: "华东" } }), 201);
  const adminEmail = `statement-admin-${run}@e2e.demo`;
  await json(await request.post(`${API}/partners/${partner.id}/users`, { headers: admin, data: { email: adminEmail, name: `对账管理员${run}`, role: "admin", password: DEMO_PASSWORD } }), 201);
  const managerEmail = `statement-manager-${run}@e2e.demo`;
  await json(await request.post(`${API}/partners/${partner.id}/users`, { headers: admin, data: { email: managerEmail, name: `对账经理${run}`, role: "manager", password: DEMO_PASSWORD } }), 201);
  const partnerAdmin = await apiAuth(request, adminEmail);

  let registration = await json<{ id: string; status: string; customerId?: string }>(
    await request.post(`${API}/registrations`, { headers: partnerAdmin, data: { customer: { kind: "company", name: `对账客户${run}有限公司`, city: "杭州" } } }),
    201,
  );
  // Another spec may switch registrations to review for a moment; approve one caught in that window.
  if (registration.status === "pending")
    registration = await json(await request.post(`${API}/registrations/${registration.id}/decision`, { headers: admin, data: { decision: "approve", reason: "e2e" } }), 200);
  expect(registration.status).toBe("accepted");
  const customerId = registration.customerId!;
  await ownedSince(customerId, new Date(Date.UTC(2015, month - 1, 1, 0, 0)));

  // Order A is the customer's first (new-customer bonus): software earns category + tier 10 % (+2 %),
  // hardware the category's 7 % (+2 %). Order B earns the gold tier's 6 %; a quarter of it is refunded.
  const orderA = `SO-ST-${run}-A`;
  const orderB = `SO-ST-${run}-B`;
  const refundId = `RF-ST-${run}`;
  const created = await json<{ id: string; attributedPartnerId: string | null }>(
    await request.post(`${API}/orders`, {
      headers: finance,
      data: {
        externalId: orderA,
        customerId,
        orderedAt: at(60),
        currency: "CNY",
        items: [
          { sku: "SW-PRO", category: "software", quantity: "2", unitPrice: "3000.00" },
          { sku: "HW-BOX", category: "hardware", quantity: "1", unitPrice: "1500.00" },
        ],
      },
    }),
    201,
  );
  expect(created.attributedPartnerId).toBe(partner.id);
  const second = await json<{ id: string; attributedPartnerId: string | null }>(
    await request.post(`${API}/orders`, {
      headers: finance,
      data: { externalId: orderB, customerId, orderedAt: at(120), currency: "CNY", items: [{ sku: "SVC-1Y", category: "service", quantity: "1", unitPrice: "4000.00" }] },
    }),
    201,
  );
  expect(second.attributedPartnerId).toBe(partner.id);
  await json(await request.post(`${API}/orders/${orderB}/refunds`, { headers: finance, data: { externalId: refundId, amount: "1000.00", refundedAt: at(24 * 60) } }), 201);
  if (options.bulkItems) {
    const items = Array.from({ length: options.bulkItems }, (_, i) => ({ sku: `PART-${i + 1}`, category: "service", quantity: "1", unitPrice: "10.00" }));
    await json(await request.post(`${API}/orders`, { headers: finance, data: { externalId: `SO-ST-${run}-C`, customerId, orderedAt: at(180), currency: "CNY", items } }), 201);
  }

  return {
    run,
    period,
    month,
    plan,
    partner: { id: partner.id, name: partnerName },
    adminEmail,
    managerEmail,
    orderA: { id: created.id, externalId: orderA },
    orderB: { id: second.id, externalId: orderB },
    refundId,
  };
}

test("finance generates, explains, issues and approves a statement the partner's admin confirms in the portal", async ({ page, request, browser }) => {
  test.slow();
  const journey = await setUp(request);
  const { period, month, plan, adminEmail, refundId } = journey;
  const partnerName = journey.partner.name;
  const orderA = journey.orderA.externalId;
  const orderB = journey.orderB.externalId;

  // ── finance generates the period ───────────────────────────────────────────────────────────
  await signInAsPlatformAdmin(page, "finance@qudao.demo");
  await page.getByRole("navigation").getByRole("link", { name: "对账单", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("对账单");
  await page.getByLabel("账期").fill(period);
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(new RegExp(`period=${period}`));
  await page.getByRole("button", { name: `生成对账单 · ${period}` }).click();
  const progress = page.getByRole("progressbar", { name: "生成进度" });
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
  const runCard = page.locator("section[data-run-id]");
  await expect(runCard.getByRole("heading")).toContainText(`${period} 已完成`);
  await expect(runCard.locator("[data-count=created] dd")).not.toHaveText("0");

  // Totals: earn 720 + 135 + 240 = 1095, clawback −60, bonus 2 % × 11500 = 230, cap 1000 − 1325 = −325.
  const row = page.getByRole("row").filter({ hasText: partnerName });
  await expect(row.locator("[data-field=status]")).toHaveText("草稿");
  await expect(row.locator("[data-field=total]")).toHaveText("¥940.00");
  await row.getByRole("link", { name: partnerName }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`${partnerName} · ${period} 对账单`);

  // Every line explained.
  const lines = page.locator("table.statement-lines tbody tr");
  await expect(lines).toHaveCount(6);
  for (const line of await lines.all()) expect(await line.locator(".line-explanation li").count()).toBeGreaterThanOrEqual(2);
  const software = page.locator("tr[data-kind=earn]").filter({ hasText: "品类 software" });
  await expect(software).toContainText(`订单 ${orderA}`);
  await expect(software).toContainText("2 × ¥3,000.00 = ¥6,000.00");
  await expect(software).toContainText("匹配比例（品类+等级）10%");
  await expect(software).toContainText("新客户首单加成 +2%");
  await expect(software).toContainText("适用比例 12%");
  await expect(software.locator("[data-field=amount]")).toHaveText("¥720.00");
  await expect(software.getByRole("link", { name: `方案 v${plan.version}` })).toHaveAttribute("href", `/commission-plans/${plan.id}`);
  await expect(software.getByRole("link", { name: `订单 ${orderA}` })).toHaveAttribute("href", `/orders/${journey.orderA.id}`);
  const hardware = page.locator("tr[data-kind=earn]").filter({ hasText: "品类 hardware" });
  await expect(hardware).toContainText("匹配比例（品类）7%");
  await expect(hardware.locator("[data-field=amount]")).toHaveText("¥135.00");
  const service = page.locator("tr[data-kind=earn]").filter({ hasText: `订单 ${orderB}` });
  await expect(service).toContainText("匹配比例（等级）6%");
  await expect(service).not.toContainText("新客户首单加成");
  await expect(service.locator("[data-field=amount]")).toHaveText("¥240.00");
  const clawback = page.locator("tr[data-kind=clawback]");
  await expect(clawback).toContainText("−¥1,000.00 ÷ 订单金额 ¥4,000.00 × 该订单佣金 ¥240.00");
  await expect(clawback.locator("[data-field=amount]")).toHaveText("-¥60.00");
  const bonus = page.locator("tr[data-kind=bonus]");
  await expect(bonus).toContainText("本期商品基数 ¥11,500.00 达到阶梯 ≥ ¥10,000.00");
  await expect(bonus).toContainText("2% × ¥11,500.00");
  await expect(bonus.locator("[data-field=amount]")).toHaveText("¥230.00");
  const cap = page.locator("tr[data-kind=cap]");
  await expect(cap).toContainText("每期封顶 ¥1,000.00；佣金 + 奖励 ¥1,325.00；超出 ¥325.00");
  await expect(cap.locator("[data-field=amount]")).toHaveText("-¥325.00");

  await page.getByRole("button", { name: "发出" }).click();
  await expect(page.getByRole("status")).toHaveText("对账单已发出。");
  await expect(page.locator("h1 [data-field=status]")).toHaveText("已发出");
  // Not confirmed by the partner yet: approving is refused, with core's reason in Chinese.
  await page.getByRole("button", { name: "审批通过" }).click();
  await expect(page.getByRole("alert")).toHaveText("对账单当前状态不允许此操作。");
  await expect(page.locator("h1 [data-field=status]")).toHaveText("已发出");
  const statementUrl = page.url().replace(/\?.*$/, "");

  // ── the partner's admin in the portal ──────────────────────────────────────────────────────
  const portal = await browser.newContext({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN" });
  const partnerPage = await portal.newPage();
  await signInToPortal(partnerPage, adminEmail);
  await partnerPage.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "对账单", exact: true }).click();
  await expect(partnerPage.getByRole("heading", { level: 1 })).toHaveText("对账单");
  const previousYear = month === 12 ? `2015-01` : `2014-${pad(month + 1)}`;
  const chart = partnerPage.getByRole("img", { name: `${previousYear} 至 ${period} 各账期对账单合计` });
  await expect(chart).toBeVisible();
  await expect(partnerPage.locator(".earnings-chart table tr").filter({ hasText: period })).toContainText("¥940.00");
  await expect(partnerPage.locator(`.earnings-chart g[data-period="${period}"] rect`)).toHaveCount(1);
  const listed = partnerPage.locator(`tr[data-period="${period}"]`);
  await expect(listed.locator("[data-field=status]")).toHaveText("已发出");
  await expect(listed.locator("[data-field=total]")).toContainText("¥940.00");
  await listed.getByRole("link", { name: `${period} 对账单` }).click();
  await expect(partnerPage.getByRole("heading", { level: 1 })).toContainText(`${period} 对账单`);
  await expect(partnerPage.locator("table.statement-lines tbody tr")).toHaveCount(6);
  await expect(partnerPage.locator("tr[data-kind=cap]")).toContainText("超出 ¥325.00");
  // Partners see which plan version paid them, not the plan itself.
  await expect(partnerPage.locator("tr[data-kind=bonus]").getByText(`方案 v${plan.version}`)).toBeVisible();
  await expect(partnerPage.locator("tr[data-kind=bonus]").getByRole("link", { name: `方案 v${plan.version}` })).toHaveCount(0);

  // Drill down from the clawback to its order.
  await partnerPage
    .locator("tr[data-kind=clawback]")
    .getByRole("link", { name: `订单 ${orderB}` })
    .click();
  await expect(partnerPage.getByRole("heading", { level: 1 })).toHaveText(`订单 ${orderB}`);
  const orderLines = partnerPage.getByRole("region", { name: "本对账单中该订单的明细" });
  await expect(orderLines.locator("tr[data-kind=earn] [data-field=amount]")).toHaveText("¥240.00");
  await expect(orderLines.locator("tr[data-kind=clawback] [data-field=amount]")).toHaveText("-¥60.00");
  await expect(partnerPage.getByRole("region", { name: "退款" })).toContainText(refundId);
  await expect(partnerPage.locator("[data-field=net]")).toHaveText("¥3,000.00");
  await partnerPage.getByRole("link", { name: `返回 ${period} 对账单` }).click();

  await partnerPage.getByRole("button", { name: "确认对账单" }).click();
  await expect(partnerPage.getByRole("status")).toHaveText("对账单已确认，等待平台审批。");
  await expect(partnerPage.locator("h1 [data-field=status]")).toHaveText("已确认");
  await expect(partnerPage.getByRole("button", { name: "确认对账单" })).toHaveCount(0);
  await portal.close();

  // ── finance approves ───────────────────────────────────────────────────────────────────────
  await page.goto(statementUrl);
  await expect(page.locator("h1 [data-field=status]")).toHaveText("已确认");
  await page.getByRole("button", { name: "审批通过" }).click();
  await expect(page.getByRole("status")).toHaveText("对账单已审批并锁定。");
  await expect(page.locator("h1 [data-field=status]")).toHaveText("已审批");
  await expect(page.getByText("已审批锁定：之后的更正计入下一个未结账期。")).toBeVisible();
  await expect(page.getByRole("button", { name: "审批通过" })).toHaveCount(0);
});

test("a partner's manager disputes a line with an attachment and reads finance's answer on it", async ({ request, browser }) => {
  test.slow();
  const journey = await setUp(request);
  const finance = await apiAuth(request, "finance@qudao.demo");
  // Generated and issued over the API (the journey above does it in the console).
  const accepted = await json<{ jobId: string }>(await request.post(`${API}/statements/generate`, { headers: finance, data: { period: journey.period } }), 202);
  await expect.poll(async () => ((await (await request.get(`${API}/jobs/${accepted.jobId}`, { headers: finance })).json()) as { status: string }).status, { timeout: 30_000 }).toBe("completed");
  const listed = await json<{ items: Array<{ id: string }> }>(await request.get(`${API}/statements?period=${journey.period}&partnerId=${journey.partner.id}`, { headers: finance }), 200);
  expect(listed.items).toHaveLength(1);
  const statementId = listed.items[0]!.id;
  await json(await request.post(`${API}/statements/${statementId}/issue`, { headers: finance }), 200);

  const portal = await browser.newContext({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN" });
  const page = await portal.newPage();
  await signInToPortal(page, journey.managerEmail);
  await page.goto(`/statements/${statementId}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`${journey.period} 对账单`);
  // A manager reads and disputes; only the admin confirms.
  await expect(page.getByRole("button", { name: "确认对账单" })).toHaveCount(0);

  const service = page.locator("tr[data-kind=earn]").filter({ hasText: `订单 ${journey.orderB.externalId}` });
  await service.getByText("提出异议", { exact: true }).click();
  const form = service.getByRole("form", { name: "对这条明细提出异议" });
  await form.getByLabel("异议原因").fill("该订单是续费，应按软件类目 10% 计算。");
  await form.getByLabel("期望金额（可选）").fill("四百");
  await form.getByRole("button", { name: "提交异议" }).click();
  const expected = form.getByLabel("期望金额（可选）");
  await expect(expected).toHaveAttribute("aria-invalid", "true");
  await expect(expected).toHaveAccessibleDescription("请输入金额，最多两位小数，可为负数，如 -120.50。");
  await expect(form.getByLabel("异议原因")).toHaveValue("该订单是续费，应按软件类目 10% 计算。");

  await expected.fill("400.00");
  await form.getByLabel("附件（可选）").setInputFiles({ name: "续费合同.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% 续费合同\n%%EOF\n") });
  await form.getByRole("button", { name: "提交异议" }).click();
  await expect(page.getByRole("status")).toHaveText("异议已提交，平台处理后会通知您。");
  await expect(page.locator("h1 [data-field=status]")).toHaveText("有异议");
  await expect(service).toContainText("异议处理中");
  await expect(service.locator("[data-field=dispute]")).toContainText("待处理");
  await expect(service.locator("[data-field=dispute] [data-field=age]")).toHaveText("已等待 0 小时");
  await expect(service.locator("[data-field=dispute]")).toContainText("期望金额 ¥400.00");
  await expect(service.getByText("提出异议", { exact: true })).toHaveCount(0);

  // Finance rejects it; with no other dispute open the statement counts as confirmed again.
  const disputes = await json<{ items: Array<{ id: string; attachment: { fileName: string } | null }> }>(await request.get(`${API}/disputes?statementId=${statementId}`, { headers: finance }), 200);
  expect(disputes.items).toHaveLength(1);
  expect(disputes.items[0]!.attachment?.fileName).toBe("续费合同.pdf");
  const note = `续费订单按服务类目计算，比例无误 ${journey.run}`;
  await json(await request.post(`${API}/disputes/${disputes.items[0]!.id}/resolve`, { headers: finance, data: { decision: "reject", note } }), 200);

  await page.reload();
  await expect(page.locator("h1 [data-field=status]")).toHaveText("已确认");
  await expect(service.locator("[data-field=dispute]")).toContainText("已驳回");
  await expect(service.locator("[data-field=dispute] [data-field=resolution]")).toHaveText(`处理说明：${note}`);
  await expect(service.locator("[data-field=dispute] [data-field=age]")).toHaveText("用时 0 小时");
  await expect(service).not.toContainText("异议处理中");
  await portal.close();
});

test("a statement of more than 500 lines is read one kind and one page at a time", async ({ page, request }) => {
  test.slow();
  // 3 + 500 items, a clawback, the volume bonus and the cap: 506 lines.
  const journey = await setUp(request, { bulkItems: 500 });
  const finance = await apiAuth(request, "finance@qudao.demo");
  const accepted = await json<{ jobId: string }>(await request.post(`${API}/statements/generate`, { headers: finance, data: { period: journey.period } }), 202);
  await expect.poll(async () => ((await (await request.get(`${API}/jobs/${accepted.jobId}`, { headers: finance })).json()) as { status: string }).status, { timeout: 30_000 }).toBe("completed");
  const listed = await json<{ items: Array<{ id: string; lineCount: number }> }>(
    await request.get(`${API}/statements?period=${journey.period}&partnerId=${journey.partner.id}`, { headers: finance }),
    200,
  );
  expect(listed.items[0]!.lineCount).toBe(506);

  await signInAsPlatformAdmin(page, "finance@qudao.demo");
  await page.goto(`/statements/${listed.items[0]!.id}`);
  await expect(page.getByText("共 506 条明细，分页显示")).toBeVisible();
  const rows = page.locator("table.statement-lines tbody tr");
  await expect(rows).toHaveCount(200);
  await expect(page.locator("tr[data-kind=earn]")).toHaveCount(200);
  const firstPage = await rows.first().getAttribute("data-line-key");
  await page.getByRole("link", { name: "下一页" }).click();
  await expect(page).toHaveURL(/kind=earn&cursor=/);
  await expect(rows).toHaveCount(200);
  await expect(rows.first()).not.toHaveAttribute("data-line-key", firstPage!);
  await page.getByRole("link", { name: "下一页" }).click();
  await expect(rows).toHaveCount(103);
  await expect(page.getByRole("link", { name: "下一页" })).toHaveCount(0);
  await page.getByRole("link", { name: "第一页" }).click();
  await expect(rows).toHaveCount(200);

  // The volume bonus and the cap are the API's adjustments.
  await page.getByLabel("类型").selectOption({ label: "调整" });
  await page.getByRole("button", { name: "显示" }).click();
  await expect(page).toHaveURL(/kind=adjustment/);
  await expect(rows).toHaveCount(2);
  await expect(page.locator("tr[data-kind=bonus]")).toContainText("达到阶梯 ≥ ¥10,000.00");
  await expect(page.locator("tr[data-kind=cap]")).toContainText("每期封顶 ¥1,000.00");
});

test("a rep has no statements page", async ({ browser }) => {
  const portal = await browser.newContext({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN" });
  const page = await portal.newPage();
  await signInToPortal(page, "rep2@jinglian.demo");
  await expect(page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "对账单", exact: true })).toHaveCount(0);
  const response = await page.goto("/statements");
  expect(response?.status()).toBe(403);
  await portal.close();
});
