/**
 * Import and export in the portal: a rep uploads a CSV that Excel saved in GBK, with a bad row; the
 * columns are recognised, one is mapped by hand, the preview flags the bad row; the rep runs "import
 * the valid rows", watches the progress bar reach 100 %, downloads the error file (row number,
 * original cells, reason), finds the leads in the list and exports the list to CSV.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import iconv from "iconv-lite";
import { signInToPortal } from "../portal-sign-in";

test.describe("portal: import leads and export the list", () => {
  test.use({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN" });

  test("a rep imports a CSV with a bad row, sees the progress reach 100 %, downloads the error file and exports the leads", async ({ page }) => {
    // A whole journey: upload, preview, run, two downloads.
    test.setTimeout(120_000);
    // 吴中's rep2 is used by no other spec.
    await signInToPortal(page, "rep2@wuzhong.demo");
    const tag = randomBytes(3).toString("hex");
    const csv = [
      "姓名,公司名称,手机号码,邮箱,介绍人",
      `导入甲${tag},苏州恒通电子有限公司,13912345678,jia@hengtong.com.cn,老王介绍`,
      `导入乙${tag},,13812345678,yi@,`,
      `导入丙${tag},"苏州瑞丰科技有限公司,园区分部",13712345678,,`,
    ].join("\r\n");

    await page.getByRole("link", { name: "导入", exact: true }).click();
    await expect(page).toHaveURL(/\/imports\/new\?entity=leads$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("导入数据");
    await page.locator("input[type=file]").setInputFiles({ name: `线索${tag}.csv`, mimeType: "text/csv", buffer: iconv.encode(`${csv}\r\n`, "gbk") });
    await page.getByRole("button", { name: "上传并预览" }).click();
    await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/);
    await expect(page.getByText(`文件“线索${tag}.csv”：3 行数据。`)).toBeVisible();

    // Recognised from the Chinese headers; "介绍人" is not a known header, so the rep maps it to notes.
    await expect(page.getByLabel("姓名 *").locator("option:checked")).toHaveText("姓名");
    await expect(page.getByLabel("电话").locator("option:checked")).toHaveText("手机号码");
    await expect(page.getByLabel("备注").locator("option:checked")).toHaveText("（不导入）");
    await page.getByLabel("备注").selectOption({ label: "介绍人" });
    await expect(page).toHaveURL(/m\.notes=4/);
    await expect(page.getByRole("cell", { name: "老王介绍" })).toBeVisible();

    // The preview checks every row like the lead form.
    await expect(page.getByText("共 3 行：2 行有效，1 行有误。")).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: `导入乙${tag}` })).toContainText("邮箱：请输入有效的邮箱地址。");

    await page.getByLabel(/只导入有效行/).check();
    await page.getByRole("button", { name: "开始导入" }).click();
    const bar = page.getByRole("progressbar", { name: "导入进度" });
    await expect(bar).toBeVisible();
    await expect(bar).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
    await expect(page.getByText("导入完成：成功 2 行，失败 1 行。")).toBeVisible();

    const [errorDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载错误文件（CSV）" }).click()]);
    expect(errorDownload.suggestedFilename()).toBe(`线索${tag}-errors.csv`);
    const errorFile = await readFile((await errorDownload.path())!);
    expect([...errorFile.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(errorFile.subarray(3).toString("utf8")).toBe(
      "行号,姓名,公司名称,手机号码,邮箱,介绍人,错误代码,原因\r\n" + `3,导入乙${tag},,13812345678,yi@,,VALIDATION_FAILED,邮箱：请输入有效的邮箱地址。\r\n`,
    );

    // The imported leads are the rep's; the list exports with its search filter, every row.
    await page.getByRole("link", { name: "查看线索" }).click();
    await expect(page).toHaveURL(/\/leads$/);
    await page.getByPlaceholder("姓名、公司、电话或邮箱").fill(tag);
    await page.getByRole("button", { name: "搜索", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`q=${tag}`));
    await expect(page.getByRole("link", { name: `导入甲${tag}` })).toBeVisible();
    await expect(page.getByRole("link", { name: `导入丙${tag}` })).toBeVisible();

    const [exported] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出 CSV" }).click()]);
    expect(exported.suggestedFilename()).toMatch(/^线索-\d{4}-\d{2}-\d{2}\.csv$/);
    const exportFile = await readFile((await exported.path())!);
    expect([...exportFile.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = exportFile.subarray(3).toString("utf8").split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("姓名,公司,电话,邮箱,来源,备注,状态,状态说明,负责人,合作伙伴,创建时间,更新时间");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(new RegExp(`^导入丙${tag},"苏州瑞丰科技有限公司,园区分部",13712345678,,,,新线索,`));
    expect(lines[2]).toMatch(new RegExp(`^导入甲${tag},苏州恒通电子有限公司,13912345678,jia@hengtong.com.cn,,老王介绍,新线索,`));
  });
});
