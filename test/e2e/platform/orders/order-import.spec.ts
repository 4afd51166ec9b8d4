/**
 * Finance imports orders from a spreadsheet (ADR 021): from the orders list to the import page, a CSV
 * with a two-row order, a one-row order and one bad row is uploaded; the columns are recognised and
 * the preview flags the bad row; "import the valid rows" runs in the worker with a progress bar to
 * 100 %; the good orders are in the orders list, and the error file lists the bad row with its row
 * number and reason.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { API, apiAuth } from "../../support/api";
import { PLATFORM_ADMIN, signInAsPlatformAdmin } from "../platform-admin";

test.use({ baseURL: process.env.PLATFORM_BASE_URL });

/** How a spreadsheet in the platform's time zone (Asia/Shanghai) writes a minute `minutesAgo` minutes ago. */
function shanghaiWallClock(minutesAgo: number): string {
  const at = new Date(Date.now() - minutesAgo * 60_000 + 8 * 3_600_000);
  return at.toISOString().slice(0, 16).replace("T", " ");
}

test("finance imports an orders CSV with a bad row: progress to 100 %, the orders in the list, the bad row in the error file", async ({ page, request }) => {
  test.setTimeout(90_000);
  const auth = await apiAuth(request, PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
  const customers = ((await (await request.get(`${API}/customers?inPool=false&limit=50`, { headers: auth })).json()) as { items: Array<{ id: string; ownerPartnerId: string | null }> }).items;
  const owned = customers.find((c) => c.ownerPartnerId);
  expect(owned, "the demo has owned customers").toBeTruthy();

  const tag = randomBytes(3).toString("hex").toUpperCase();
  const [two, one, bad] = [`IMP-${tag}-1`, `IMP-${tag}-2`, `IMP-${tag}-3`];
  const orderedAt = shanghaiWallClock(2);
  const csv = [
    "订单号,客户编号,下单时间,币种,SKU,品类,数量,单价",
    `${two},${owned!.id},${orderedAt},CNY,SRV-PRO,software,2,1999.50`,
    `${one},${owned!.id},${orderedAt},,HW-BOX,hardware,1,860.00`,
    `${two},${owned!.id},${orderedAt},CNY,HW-BOX,hardware,1,860.00`,
    `${bad},${owned!.id},${orderedAt},CNY,HW-BOX,hardware,-1,860.00`,
  ].join("\r\n");

  await signInAsPlatformAdmin(page, "finance@qudao.demo");
  await page.getByRole("navigation").getByRole("link", { name: "订单", exact: true }).click();
  await page.getByRole("link", { name: "导入订单或退款" }).click();
  await expect(page).toHaveURL(/\/orders\/import$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("导入订单和退款");
  await expect(page.getByLabel("订单", { exact: true })).toBeChecked();
  await page.locator("input[type=file]").setInputFiles({ name: `订单${tag}.csv`, mimeType: "text/csv", buffer: Buffer.from(`${csv}\r\n`) });
  await page.getByRole("button", { name: "上传并预览" }).click();
  await expect(page).toHaveURL(/\/orders\/import\/[0-9a-f-]{36}$/);
  await expect(page.getByText(`文件“订单${tag}.csv”：4 行数据。`)).toBeVisible();

  // Recognised from the headers; the preview checks whole orders like POST /orders does.
  await expect(page.getByLabel("订单号 *").locator("option:checked")).toHaveText("订单号");
  await expect(page.getByLabel("单价 *").locator("option:checked")).toHaveText("单价");
  await expect(page.getByText("共 4 行：3 行有效，1 行有误。")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: bad })).toContainText("数量：请输入数量");

  await page.getByLabel(/只导入有效行/).check();
  await page.getByRole("button", { name: "开始导入" }).click();
  const bar = page.getByRole("progressbar", { name: "导入进度" });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
  await expect(page.getByText("导入完成：新记录 3 行，已记录过 0 行，失败 1 行。")).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载错误文件（CSV）" }).click()]);
  expect(download.suggestedFilename()).toBe(`订单${tag}-errors.csv`);
  const errorFile = await readFile((await download.path())!);
  expect([...errorFile.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = errorFile.subarray(3).toString("utf8").split("\r\n").filter(Boolean);
  expect(lines).toEqual([
    "行号,订单号,客户编号,下单时间,币种,SKU,品类,数量,单价,错误代码,原因",
    `5,${bad},${owned!.id},${orderedAt},CNY,HW-BOX,hardware,-1,860.00,VALIDATION_FAILED,"数量：请输入数量（字符串，最多四位小数，例如 ""2"" 或 ""0.5""）。"`,
  ]);

  // The good orders are in the orders list (the newest first), the two-row one with both items' total.
  await page.getByRole("link", { name: "查看订单" }).click();
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByRole("row").filter({ hasText: two })).toContainText("4,859.00");
  await expect(page.getByRole("row").filter({ hasText: one })).toContainText("860.00");
  await expect(page.getByRole("row").filter({ hasText: bad })).toHaveCount(0);
});
