/** The console exports its lists with the filters on screen: the leads of one status as Excel-ready CSV. */
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { signInAsPlatformAdmin } from "../platform-admin";

test.describe("platform: export a list", () => {
  test.use({ baseURL: process.env.PLATFORM_BASE_URL, locale: "zh-CN" });

  test("staff export the filtered lead list to CSV, every row of that filter and nothing else", async ({ page }) => {
    await signInAsPlatformAdmin(page);
    await page.goto("/leads?status=qualified");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("线索");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出 CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^线索-\d{4}-\d{2}-\d{2}\.csv$/);
    const file = await readFile((await download.path())!);
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = file.subarray(3).toString("utf8").split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("姓名,公司,电话,邮箱,来源,备注,状态,状态说明,负责人,合作伙伴,创建时间,更新时间");
    expect(lines.length).toBeGreaterThan(1);
    // Every exported lead has the filtered status (the status column, read with CSV quoting).
    for (const line of lines.slice(1)) expect(line).toContain(",已确认,");
  });
});
