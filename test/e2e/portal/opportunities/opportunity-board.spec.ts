/**
 * A rep on a 375 px phone: creates an opportunity (per-field errors first), moves it across the board
 * with each card's "移至…" select to won, and sees the forecast's won figure for this month grow by
 * exactly its amount — and the page never scrolls sideways (the board scrolls inside itself).
 * On a desktop, a card is dragged to another column, and losing a deal asks for the reason.
 */
import { expect, test, type Page } from "@playwright/test";
import { signInToPortal } from "../portal-sign-in";

const WIDTH = 375;
const STAGES = {
  qualification: "01936a00-0000-7000-8000-000000000011",
  needs: "01936a00-0000-7000-8000-000000000012",
  proposal: "01936a00-0000-7000-8000-000000000013",
  negotiation: "01936a00-0000-7000-8000-000000000014",
  won: "01936a00-0000-7000-8000-000000000015",
  lost: "01936a00-0000-7000-8000-000000000016",
};

/** Today and this month in the platform's time zone. */
function today(): { date: string; month: string } {
  const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  return { date, month: date.slice(0, 7) };
}

/** "¥12,345.60" → 1234560 (cents), so sums compare exactly. */
function cents(text: string): number {
  const digits = text.replace(/[^\d]/g, "");
  return Number(digits);
}

async function wonThisMonth(page: Page): Promise<number> {
  await page.goto("/opportunities/forecast");
  const cell = page.locator(`tr[data-month="${today().month}"] td[data-field="won"]`);
  await expect(cell).toBeVisible();
  return cents((await cell.textContent()) ?? "");
}

async function createOpportunity(page: Page, name: string, amount: string): Promise<string> {
  await page.goto("/opportunities/new");
  await page.getByLabel("商机名称").fill(name);
  await page.getByLabel("金额（元）").fill(amount);
  await page.getByLabel("预计成交日期").fill(today().date);
  await page.getByRole("button", { name: "创建商机" }).click();
  await expect(page.getByRole("status")).toHaveText("商机已创建。");
  const id = /\/opportunities\/([0-9a-f-]{36})/.exec(page.url())?.[1];
  expect(id).toBeTruthy();
  return id!;
}

/** The board is interactive once hydrated: the no-JavaScript "移动" buttons are gone then. */
async function boardReady(page: Page): Promise<void> {
  await expect(page.locator(".deal-move button")).toHaveCount(0);
}

async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
}

test.describe("portal: opportunities on a phone", () => {
  test.use({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN", viewport: { width: WIDTH, height: 812 }, isMobile: true, hasTouch: true });

  test("a rep creates a deal, moves it stage by stage to won, and the forecast's won figure grows by its amount", async ({ page }) => {
    const name = `宁波海曙精工 年度采购 ${Date.now()}`;
    await signInToPortal(page, "rep1@jinglian.demo");
    const wonBefore = await wonThisMonth(page);

    // Bad input is refused field by field, with what was typed kept.
    await page.goto("/opportunities/new");
    await expectNoHorizontalOverflow(page);
    await page.getByLabel("商机名称").fill(name);
    await page.getByLabel("金额（元）").fill("12.345");
    await page.getByRole("button", { name: "创建商机" }).click();
    await expect(page.getByLabel("金额（元）")).toHaveAccessibleDescription(/请输入金额，最多两位小数/);
    await expect(page.getByLabel("预计成交日期")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("商机名称")).toHaveValue(name);

    const id = await createOpportunity(page, name, "12,345.60");
    await expect(page.locator("[data-field=stage]")).toContainText("初步接洽");

    // The board: one column per screen, the page itself never wider than the phone.
    await page.goto("/opportunities");
    await boardReady(page);
    await expectNoHorizontalOverflow(page);
    const card = (stage: string) => page.locator(`section[data-stage-id="${stage}"] [data-opportunity-id="${id}"]`);
    await expect(card(STAGES.qualification)).toBeVisible();
    for (const [stage, label] of [
      [STAGES.needs, "需求分析"],
      [STAGES.proposal, "方案报价"],
      [STAGES.negotiation, "商务谈判"],
      [STAGES.won, "赢单"],
    ] as const) {
      const select = page.locator(`[data-opportunity-id="${id}"] select[name=stageId]`);
      const box = await select.boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(40);
      await select.selectOption({ label: label });
      await expect(page.getByRole("status").filter({ hasText: `已移至「${label}」` })).toBeVisible();
      await expect(card(stage)).toBeVisible();
    }
    await expectNoHorizontalOverflow(page);

    // The detail page tells the story: four moves, the time in each stage, won.
    await page.goto(`/opportunities/${id}`);
    await expect(page.locator("h1")).toContainText("赢单");
    await expect(page.locator(".stage-history li")).toHaveCount(5);
    await expectNoHorizontalOverflow(page);

    const wonAfter = await wonThisMonth(page);
    expect(wonAfter - wonBefore).toBe(1_234_560);
    await expectNoHorizontalOverflow(page);

    // Home shows the rep's pipeline and the forecast at phone width too.
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 2, name: "我的商机" })).toBeVisible();
    await expect(page.getByRole("img", { name: "未来 6 个月的加权预测与赢单金额" })).toBeVisible();
    await expectNoHorizontalOverflow(page);
  });
});

test.describe("portal: opportunities on a desktop", () => {
  test.use({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN", viewport: { width: 1400, height: 900 } });

  test("a card dragged to another column moves there; dropping on lost asks why first", async ({ page }) => {
    await signInToPortal(page, "rep2@jinglian.demo");
    const id = await createOpportunity(page, `拖动测试 ${Date.now()}`, "800");
    await page.goto("/opportunities");
    await boardReady(page);
    const cardIn = (stage: string) => page.locator(`section[data-stage-id="${stage}"] [data-opportunity-id="${id}"]`);
    await cardIn(STAGES.qualification).locator(".deal-amount").dragTo(page.locator(`section[data-stage-id="${STAGES.proposal}"]`));
    await expect(cardIn(STAGES.proposal)).toBeVisible();

    await cardIn(STAGES.proposal).locator(".deal-amount").dragTo(page.locator(`section[data-stage-id="${STAGES.lost}"]`));
    const dialog = page.getByRole("dialog", { name: "输单原因" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("textbox").fill("选择了竞争对手");
    await dialog.getByRole("button", { name: "确认输单" }).click();
    await expect(cardIn(STAGES.lost)).toBeVisible();
    await page.goto(`/opportunities/${id}`);
    await expect(page.locator(".detail-list")).toContainText("选择了竞争对手");
  });
});
