/**
 * Disputes and payouts in the console (ADR 022). Set up over the API: a plan version in force from a
 * random minute of a 2016 month no other active version starts in, a new partner with its admin, a
 * customer it has owned since before that month and an order; the period is generated and issued.
 * The partner's admin disputes the order's line with an attachment (API), and the dispute waited six
 * days (moved back in this run's database). Finance finds it at the top of the queue, highlighted as
 * past the SLA, downloads the attachment, reads the line's explanation and accepts it with a
 * correction: the statement (page and API) carries the adjustment line and goes back to the partner.
 * Once confirmed and approved, finance records a payout against it on the payouts page; the balance
 * is settled and the statement paid.
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { signInAsPlatformAdmin } from "../platform-admin";
import { API, apiAuth } from "../../support/api";
import { DEMO_PASSWORD } from "../../support/sign-in";

test.use({ baseURL: process.env.PLATFORM_BASE_URL });

const pad = (n: number) => String(n).padStart(2, "0");

async function json<T>(response: Awaited<ReturnType<APIRequestContext["post"]>>, status: number): Promise<T> {
  expect(response.status(), await response.text()).toBe(status);
  return (await response.json()) as T;
}

/** Writes the public API cannot make: a registration or a dispute in the past, in this run's database. */
async function database(sql: string, values: unknown[]): Promise<number> {
  const client = new pg.Client({ connectionString: process.env.QUDAO_E2E_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, values)).rowCount ?? 0;
  } finally {
    await client.end();
  }
}

/** A 2016 month in which no active plan version starts, so this spec's version decides all of it. */
async function freeMonth(request: APIRequestContext, headers: { authorization: string }): Promise<number> {
  const plans = await json<{ items: Array<{ effectiveFrom: string }> }>(await request.get(`${API}/commission-plans?status=active&limit=200`, { headers }), 200);
  const taken = new Set(plans.items.map((p) => new Date(Date.parse(p.effectiveFrom) + 8 * 3_600_000).toISOString().slice(0, 7)));
  const free = Array.from({ length: 12 }, (_, i) => i + 1).filter((m) => !taken.has(`2016-${pad(m)}`));
  expect(free.length, "a 2016 month without another plan version").toBeGreaterThan(0);
  return free[Math.floor(Math.random() * free.length)]!;
}

test("finance accepts a partner's overdue dispute with a correction and pays the approved statement", async ({ page, request }) => {
  test.slow();
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const finance = await apiAuth(request, "finance@qudao.demo");
  const admin = await apiAuth(request, "admin@qudao.demo");
  const month = await freeMonth(request, finance);
  const period = `2016-${pad(month)}`;
  // Shanghai is UTC+8: day 2 of the month, a random minute in the (local) working day.
  const effectiveFrom = new Date(Date.UTC(2016, month - 1, 2, 2 + Math.floor(Math.random() * 8), Math.floor(Math.random() * 60)));
  const plan = await json<{ id: string }>(
    await request.post(`${API}/commission-plans`, { headers: finance, data: { name: `异议付款方案 ${run}`, effectiveFrom: effectiveFrom.toISOString(), rules: { rates: [{ rate: "0.10" }] } } }),
    201,
  );
  await json(await request.post(`${API}/commission-plans/${plan.id}/activate`, { headers: finance }), 200);

  const partnerName = `异议付款${run}贸易有限公司`;
  const partner = await json<{ id: string }>(await request.post(`${API}/partners`, { headers: admin, data: { name: partnerName, tier: "silver", region: "华南" } }), 201);
  const adminEmail = `dispute-admin-${run}@e2e.demo`;
  await json(await request.post(`${API}/partners/${partner.id}/users`, { headers: admin, data: { email: adminEmail, name: `异议管理员${run}`, role: "admin", password: DEMO_PASSWORD } }), 201);
  const partnerAdmin = await apiAuth(request, adminEmail);
  let registration = await json<{ id: string; status: string; customerId?: string }>(
    await request.post(`${API}/registrations`, { headers: partnerAdmin, data: { customer: { kind: "company", name: `异议客户${run}有限公司`, city: "广州" } } }),
    201,
  );
  // Another spec may switch registrations to review for a moment; approve one caught in that window.
  if (registration.status === "pending")
    registration = await json(await request.post(`${API}/registrations/${registration.id}/decision`, { headers: admin, data: { decision: "approve", reason: "e2e" } }), 200);
  expect(registration.status).toBe("accepted");
  expect(await database(`UPDATE "CustomerOwnership" SET at = $2 WHERE "customerId" = $1 AND event = 'registration_accepted'`, [registration.customerId, new Date(Date.UTC(2016, month - 1, 1))])).toBe(1);

  const externalId = `SO-DSP-${run}`;
  const order = await json<{ id: string; attributedPartnerId: string }>(
    await request.post(`${API}/orders`, {
      headers: finance,
      data: {
        externalId,
        customerId: registration.customerId,
        orderedAt: new Date(effectiveFrom.getTime() + 3_600_000).toISOString(),
        currency: "CNY",
        items: [{ sku: "ERP-STD", category: "software", quantity: "1", unitPrice: "20000.00" }],
      },
    }),
    201,
  );
  expect(order.attributedPartnerId).toBe(partner.id);

  const job = await json<{ jobId: string }>(await request.post(`${API}/statements/generate`, { headers: finance, data: { period } }), 202);
  await expect.poll(async () => ((await (await request.get(`${API}/jobs/${job.jobId}`, { headers: finance })).json()) as { status: string }).status, { timeout: 30_000 }).toBe("completed");
  const listed = await json<{ items: Array<{ id: string; total: string }> }>(await request.get(`${API}/statements?period=${period}&partnerId=${partner.id}`, { headers: finance }), 200);
  const statementId = listed.items[0]!.id;
  expect(listed.items[0]!.total).toBe("2000.00");
  await json(await request.post(`${API}/statements/${statementId}/issue`, { headers: finance }), 200);

  // ── the partner's admin disputes the order's line, with the contract attached ───────────────
  const statement = await json<{ lines: Array<{ id: string; kind: string; orderId: string | null }> }>(await request.get(`${API}/statements/${statementId}`, { headers: partnerAdmin }), 200);
  const line = statement.lines.find((l) => l.kind === "earn" && l.orderId === order.id)!;
  const contract = Buffer.from(`%PDF-1.4\n% 合同 ${run}\n%%EOF\n`);
  const reason = `合同约定首年软件按 10.75% 计算 ${run}`;
  const dispute = await json<{ id: string; status: string }>(
    await request.post(`${API}/statements/${statementId}/disputes`, {
      headers: partnerAdmin,
      data: { lineId: line.id, reason, expectedAmount: "2150.00", attachment: { fileName: "合同.pdf", contentBase64: contract.toString("base64") } },
    }),
    201,
  );
  expect(dispute.status).toBe("open");
  // It has waited six days: past the 120-hour target.
  expect(await database(`UPDATE "CommissionDispute" SET "createdAt" = now() - interval '6 days' WHERE id = $1`, [dispute.id])).toBe(1);

  // ── finance's queue ─────────────────────────────────────────────────────────────────────────
  await signInAsPlatformAdmin(page, "finance@qudao.demo");
  await page.getByRole("navigation").getByRole("link", { name: "佣金异议" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("佣金异议");
  await page.getByLabel("合作伙伴").selectOption({ label: partnerName });
  await page.getByRole("button", { name: "筛选" }).click();
  const row = page.locator(`tr[data-dispute-id="${dispute.id}"]`);
  await expect(row).toContainText(reason);
  await expect(row).toContainText(`${period} 对账单`);
  await expect(row.getByRole("link", { name: externalId })).toHaveAttribute("href", `/orders/${order.id}`);
  await expect(row).toContainText("当前金额 ¥2,000.00");
  await expect(row).toContainText("期望 ¥2,150.00");
  await expect(row.locator("[data-field=age] .age")).toHaveClass(/overdue/);
  await expect(row.locator("[data-field=age]")).toContainText("已等待 144 小时");
  await expect(row.locator("[data-field=age]")).toContainText("已超过处理时限（120 小时）");
  await expect(row.locator("[data-field=dispute-status]")).toHaveText("待处理");

  await row.getByRole("link", { name: "处理" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`${partnerName} · ${period} 对账单的异议`);
  const download = page.getByRole("link", { name: "下载 合同.pdf" });
  const file = await page.request.get(new URL((await download.getAttribute("href"))!, page.url()).toString());
  expect(file.status()).toBe(200);
  expect(file.headers()["content-type"]).toBe("application/pdf");
  expect(file.headers()["content-disposition"]).toContain(encodeURIComponent("合同.pdf"));
  expect(Buffer.from(await file.body()).equals(contract)).toBe(true);
  const disputed = page.locator("table.statement-lines tr[data-kind=earn]");
  await expect(disputed).toContainText("1 × ¥20,000.00 = ¥20,000.00");
  await expect(disputed).toContainText("适用比例 10%");
  await expect(disputed.locator("[data-field=amount]")).toHaveText("¥2,000.00");

  // A correction is required, and must not be zero.
  await page.getByRole("button", { name: "接受并记入调整" }).click();
  await expect(page.getByLabel("更正金额")).toHaveAccessibleDescription(/接受异议时请填写更正金额。/);
  await page.getByLabel("更正金额").fill("150.00");
  await page.getByLabel("说明（可选）").fill("按合同补发 0.75%");
  await page.getByRole("button", { name: "接受并记入调整" }).click();
  await expect(page.getByRole("status")).toHaveText("已接受：调整明细已记入对账单。");
  await expect(page.locator("[data-field=resolution]")).toContainText("已接受");
  await expect(page.locator("[data-field=adjustmentAmount]")).toContainText("¥150.00");
  await expect(page.locator("[data-field=resolutionNote]")).toHaveText("按合同补发 0.75%");

  // The statement shows the adjustment, caused by the dispute, and is back with the partner.
  await page.locator("[data-field=statement]").click();
  const adjustment = page.locator("table.statement-lines tr[data-kind=adjustment]");
  await expect(adjustment).toContainText("异议处理结果");
  await expect(adjustment).toContainText("按合同补发 0.75%");
  await expect(adjustment.locator("[data-field=amount]")).toHaveText("¥150.00");
  await expect(page.locator("h1 [data-field=status]")).toHaveText("已发出");
  const corrected = await json<{ status: string; total: string; adjustmentTotal: string; lines: Array<{ key: string; amount: string; detail: { cause?: { type: string; id: string } } }> }>(
    await request.get(`${API}/statements/${statementId}`, { headers: finance }),
    200,
  );
  expect(corrected).toMatchObject({ status: "issued", total: "2150.00", adjustmentTotal: "150.00" });
  expect(corrected.lines.find((l) => l.key === `adjustment:dispute:${dispute.id}`)).toMatchObject({ amount: "150.00", detail: { cause: { type: "dispute", id: dispute.id } } });

  // ── confirmed and approved, then paid on the payouts page ─────────────────────────────────────
  await json(await request.post(`${API}/statements/${statementId}/confirm`, { headers: partnerAdmin }), 200);
  await json(await request.post(`${API}/statements/${statementId}/approve`, { headers: finance }), 200);

  await page.getByRole("navigation").getByRole("link", { name: "付款", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("付款");
  await page.goto(`/payouts?partnerId=${partner.id}`);
  const balance = page.locator(`section[data-partner-id="${partner.id}"]`);
  await expect(balance.getByRole("heading", { level: 2 })).toHaveText(`${partnerName} 的余额`);
  await expect(balance.locator("[data-field=partner-balance]")).toHaveText("余额 ¥2,150.00");
  await expect(balance.locator(`tr[data-period="${period}"] [data-field=settled]`)).toHaveText("未结清");
  await expect(balance.getByRole("combobox", { name: /^对账单/ })).toHaveValue(statementId);
  await expect(balance.getByRole("textbox", { name: /^金额/ })).toHaveValue("2150.00");
  const reference = `CMB-${run}`;
  await balance.getByLabel("付款流水号").fill(reference);
  await balance.getByLabel("备注").fill(`${period} 佣金`);
  await balance.getByRole("button", { name: "记录付款" }).click();
  await expect(page.getByRole("status")).toHaveText("付款已记录。");
  await expect(balance.locator("[data-field=partner-balance]")).toHaveText("余额 ¥0.00");
  await expect(balance.locator(`tr[data-period="${period}"] [data-field=settled]`)).toHaveText("已结清");
  await expect(balance.locator(`tr[data-period="${period}"] [data-field=status]`)).toHaveText("已付款");
  const paid = page.locator(`tr[data-payout-reference="${reference}"]`);
  await expect(paid).toContainText(partnerName);
  await expect(paid).toContainText("¥2,150.00");
  await expect(paid).toContainText(period);

  const after = await json<{ status: string; paidAmount: string }>(await request.get(`${API}/statements/${statementId}`, { headers: finance }), 200);
  expect(after).toMatchObject({ status: "paid", paidAmount: "2150.00" });
  // The same payout sent again is recorded once.
  const replay = await request.post(`${API}/payouts`, { headers: finance, data: { statementId, amount: "2150.00", paidOn: await balanceDate(request, finance, reference), reference, note: `${period} 佣金` } });
  expect(replay.status()).toBe(200);
});

/** The date the console recorded the payout on (today in the platform's time zone). */
async function balanceDate(request: APIRequestContext, headers: { authorization: string }, reference: string): Promise<string> {
  const payouts = await json<{ items: Array<{ reference: string; paidOn: string }> }>(await request.get(`${API}/payouts?limit=200`, { headers }), 200);
  return payouts.items.find((p) => p.reference === reference)!.paidOn;
}
