/**
 * Issue 4's "done when": a 100 000-row CSV (GBK, as Excel in mainland China saves it, with 1 bad row
 * in 200) uploaded in the portal imports through the worker with a live progress bar, and the error
 * file lists exactly the bad rows with their row numbers and reasons.
 * A partner of its own (made through the platform API), so 99 500 leads burden no other journey.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test, type APIRequestContext } from "@playwright/test";
import iconv from "iconv-lite";
import { PLATFORM_ADMIN } from "../../platform/platform-admin";
import { API, apiAuth } from "../../support/api";
import { signInToPortal } from "../portal-sign-in";

const ROWS = 100_000;
const BAD_EVERY = 200;

async function partnerWithRep(request: APIRequestContext, tag: string): Promise<{ email: string; password: string }> {
  const headers = await apiAuth(request, PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
  const partner = await request.post(`${API}/partners`, { headers, data: { name: `无锡大批量导入${tag}贸易有限公司`, tier: "silver", region: "无锡" } });
  expect(partner.status()).toBe(201);
  const { id } = (await partner.json()) as { id: string };
  const rep = { email: `import-${tag}@bulk.demo`, password: `bulk-${tag}-password` };
  const user = await request.post(`${API}/partners/${id}/users`, { headers, data: { ...rep, name: "批量导入员", role: "rep" } });
  expect(user.status()).toBe(201);
  return rep;
}

/** Row n (1-based, as the error file numbers data rows from 2 under the header). */
function row(n: number, tag: string): string {
  const phone = `13${String(n).padStart(9, "0")}`;
  if (n % BAD_EVERY === 0) return `批量${tag}-${n},无锡测试${n}有限公司,${phone},bad@,`;
  return `批量${tag}-${n},无锡测试${n}有限公司,${phone},lead${n}@bulk${tag}.cn,展会`;
}

test.describe("portal: a 100 000-row import", () => {
  test.use({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN" });

  test("imports the valid rows with a progress bar that moves, and the error file lists every bad row", async ({ page, request }) => {
    test.setTimeout(240_000);
    const tag = randomBytes(3).toString("hex");
    const rep = await partnerWithRep(request, tag);
    const lines = ["姓名,公司名称,手机号码,邮箱,来源"];
    for (let n = 1; n <= ROWS; n++) lines.push(row(n, tag));
    const file = iconv.encode(`${lines.join("\r\n")}\r\n`, "gbk");

    await signInToPortal(page, rep.email, rep.password);
    await page.goto("/imports/new?entity=leads");
    await page.locator("input[type=file]").setInputFiles({ name: `展会线索${tag}.csv`, mimeType: "text/csv", buffer: file });
    await page.getByRole("button", { name: "上传并预览" }).click();
    await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    await expect(page.getByText(`文件“展会线索${tag}.csv”：100000 行数据。`)).toBeVisible();
    await expect(page.getByLabel("姓名 *").locator("option:checked")).toHaveText("姓名");

    await page.getByLabel(/只导入有效行/).check();
    await page.getByRole("button", { name: "开始导入" }).click();
    const bar = page.getByRole("progressbar", { name: "导入进度" });
    await expect(bar).toBeVisible();
    // The bar moves while the worker runs: some value strictly between 0 and 100 is shown on the way.
    const seen = new Set<number>();
    await expect(async () => {
      seen.add(Number(await bar.getAttribute("aria-valuenow")));
      expect(seen.has(100)).toBe(true);
    }).toPass({ timeout: 180_000, intervals: [100] });
    expect([...seen].some((value) => value > 0 && value < 100), `progress seen: ${[...seen].sort((a, b) => a - b).join(", ")}`).toBe(true);
    const bad = ROWS / BAD_EVERY;
    await expect(page.getByText(`导入完成：成功 ${ROWS - bad} 行，失败 ${bad} 行。`)).toBeVisible();

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载错误文件（CSV）" }).click()]);
    const errors = (await readFile((await download.path())!)).subarray(3).toString("utf8").split("\r\n").filter(Boolean);
    expect(errors[0]).toBe("行号,姓名,公司名称,手机号码,邮箱,来源,错误代码,原因");
    expect(errors).toHaveLength(bad + 1);
    expect(errors[1]).toBe(`${BAD_EVERY + 1},批量${tag}-${BAD_EVERY},无锡测试${BAD_EVERY}有限公司,13000000${BAD_EVERY},bad@,,VALIDATION_FAILED,邮箱：请输入有效的邮箱地址。`);
    expect(errors.at(-1)).toMatch(new RegExp(`^${ROWS + 1},批量${tag}-${ROWS},`));

    // The leads are there: the list finds the last valid row.
    await page.goto(`/leads?q=${encodeURIComponent(`批量${tag}-${ROWS - 1}`)}`);
    await expect(page.getByRole("link", { name: `批量${tag}-${ROWS - 1}`, exact: true })).toBeVisible();
  });
});
