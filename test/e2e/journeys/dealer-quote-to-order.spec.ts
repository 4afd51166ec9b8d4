/**
 * Issue 7, "done when" (manufacturing): a sales rep of the demo equipment dealer 宁波精工机电 — whose
 * admin installed the built-in `qudao.manufacturing` plugin from the marketplace in the demo seed —
 * quotes three CK6150 lathes at a 12 % discount. The line is priced from the dealer's silver price
 * list; the quote is above the approval threshold, so the rep submits it and cannot approve it (the
 * plugin says why, in the rep's language); the dealer's manager approves it; the rep turns it into an
 * order. The plugin's event hook places the order on the platform, where it shows in the period's
 * reconciliation, attributed to the dealer, with the quote's amount to the cent.
 */
import { expect, test, type Page } from "@playwright/test";
import { signInAsPlatformAdmin } from "../platform/platform-admin";
import { signInToPortal } from "../portal/portal-sign-in";

const PORTAL = process.env.PORTAL_BASE_URL!;
const PLATFORM = process.env.PLATFORM_BASE_URL!;
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
const QUOTE = "qudao_manufacturing__quote";
const QUOTE_LINE = "qudao_manufacturing__quoteLine";

/** A China calendar date `days` from today (the demo's and the hooks' calendar). */
function chinaDate(days = 0): string {
  return new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Move the record on its page to another stage of its pipeline. */
async function moveTo(page: Page, stage: string): Promise<void> {
  const form = page.locator("form.plugin-stage-move");
  await form.getByLabel("移到阶段").selectOption({ label: stage });
  await form.getByRole("button", { name: "移动" }).click();
}

test("a dealer rep quotes above the threshold, the manager approves, the rep orders, and the order reaches the platform's reconciliation", async ({ browser }) => {
  test.slow();
  const subject = `CK6150 数控车床三台 ${run}`;

  // The rep: a quote for one of the dealer's customers…
  const repContext = await browser.newContext({ baseURL: PORTAL, locale: "zh-CN" });
  const rep = await repContext.newPage();
  await signInToPortal(rep, "rep1@jinggong.demo");
  const nav = rep.getByRole("navigation", { name: "主导航" });
  await nav.getByRole("link", { name: "报价单" }).click();
  await expect(rep.getByRole("heading", { level: 1, name: "报价单" })).toBeVisible();
  await rep.getByRole("link", { name: "新建报价单" }).click();
  const quoteForm = rep.locator("main form");
  await quoteForm.getByLabel("主题").fill(subject);
  await quoteForm.getByLabel("客户").selectOption({ index: 1 });
  await quoteForm.getByLabel("联系人").fill("周工");
  await quoteForm.getByLabel("有效期至").fill(chinaDate(30));
  await quoteForm.getByLabel("付款条件").fill("预付 30%，发货前付清");
  await quoteForm.getByRole("button", { name: "创建" }).click();
  await expect(rep.getByRole("heading", { level: 1 })).toHaveText(subject);
  const quoteUrl = rep.url();
  const quoteId = quoteUrl.split("?")[0]!.split("/").pop()!;
  await expect(rep.locator("[data-stage]")).toHaveText("草稿");

  // …with three lathes at 12 % off: priced from the silver list (CK6150 single-unit break, 5 % off 268 000.00).
  await rep.goto(`/x/${QUOTE_LINE}/new?quote=${quoteId}`);
  const lineForm = rep.locator("main form");
  await expect(lineForm.getByLabel("报价单")).toHaveValue(quoteId);
  await lineForm.getByLabel("产品").selectOption({ label: "CK6150" });
  await lineForm.getByLabel("数量").fill("3");
  await lineForm.getByLabel("折扣（%）").fill("12");
  await lineForm.getByRole("button", { name: "创建" }).click();
  await expect(rep.getByRole("heading", { level: 1 })).toContainText("CK6150");
  const pricing = rep.locator("main");
  // 268 000.00 × 0.95 = 254 600.00; × 0.88 = 224 048.00; × 3 = 672 144.00.
  await expect(pricing.locator('[data-field="unitPrice"]')).toContainText("254600.00");
  await expect(pricing.locator('[data-field="netUnitPrice"]')).toContainText("224048.00");
  await expect(pricing.locator('[data-field="amount"]')).toContainText("672144.00");

  // Submitted for approval; the rep cannot approve a quote above the threshold.
  await rep.goto(quoteUrl);
  await moveTo(rep, "待审批");
  await expect(rep.locator("[data-stage]")).toHaveText("待审批");
  await expect(rep.locator('main [data-field="total"]')).toContainText("672144.00");
  await moveTo(rep, "已批准");
  const refusal = rep.getByRole("alert").filter({ hasText: "超过审批阈值" });
  await expect(refusal).toContainText("报价合计 672144.00 元、最大行折扣 12.00%");
  await expect(refusal).toContainText("须由经理或管理员批准");
  await expect(rep.locator("[data-stage]")).toHaveText("待审批");

  // The dealer's manager approves it.
  const managerContext = await browser.newContext({ baseURL: PORTAL, locale: "zh-CN" });
  const manager = await managerContext.newPage();
  await signInToPortal(manager, "manager@jinggong.demo");
  await manager.goto(quoteUrl);
  await expect(manager.getByRole("heading", { level: 1 })).toHaveText(subject);
  await moveTo(manager, "已批准");
  await expect(manager.locator("[data-stage]")).toHaveText("已批准");
  await managerContext.close();

  // The rep turns it into an order; the plugin places it on the platform (the worker runs its hook).
  await rep.goto(quoteUrl);
  await moveTo(rep, "已转订单");
  await expect(rep.locator("[data-stage]")).toHaveText("已转订单");
  await expect(async () => {
    await rep.reload();
    await expect(rep.locator("main")).toContainText(`QDM-Q-${quoteId}`, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await repContext.close();

  // The platform: the order is in this period's reconciliation, attributed to the dealer, to the cent.
  const staffContext = await browser.newContext({ baseURL: PLATFORM, locale: "zh-CN" });
  const staff = await staffContext.newPage();
  await signInAsPlatformAdmin(staff);
  const period = chinaDate().slice(0, 7);
  await staff.goto(`/reconciliation?period=${period}`);
  await expect(staff.getByRole("heading", { level: 1 })).toBeVisible();
  await staff.locator('[data-section="orders"] a').first().click();
  await expect(staff).toHaveURL(new RegExp(`/reconciliation/${period}/orders`));
  const row = staff.locator("tr", { hasText: `QDM-Q-${quoteId}` });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(/672,?144\.00/);
  await expect(row).toContainText("宁波精工机电设备有限公司");
  await staffContext.close();
});
