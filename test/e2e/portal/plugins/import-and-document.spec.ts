/**
 * Issue 7 items 8 and 9 in the portal: a rep imports quotes of a plugin object whose manifest says
 * `importable` from a CSV (headers are the form's labels, the account matched by its name), sees the
 * preview with the bad row's reason, runs it and downloads the error file; then downloads a quote's
 * PDF (its object has a document view) from the record page. Platform staff import the same object in
 * the console as master data and print the partner's quote. A plugin and a partner of its own, made
 * through the API.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { API, apiAuth } from "../../support/api";
import { createDeveloper, createPartnerWithTeam, type PartnerFixture } from "../../support/plugin-fixture";
import { signInAsPlatformAdmin } from "../../platform/platform-admin";
import { signInToPortal } from "../portal-sign-in";

const PLATFORM_ADMIN = "admin@qudao.demo";
const tag = randomBytes(4).toString("hex");
const PLUGIN_ID = `e2e.q${tag}`;
const NS = `e2e_q${tag}`;
const QUOTE = `${NS}__quote`;
const LINE = `${NS}__quoteLine`;
const ACCOUNT = `${NS}__account`;
const text = (zh: string, en: string) => ({ "zh-CN": zh, en });
const views = (fields: string[]) => ({ list: { columns: fields.slice(0, 3) }, detail: { sections: [{ title: text("详情", "Details"), fields }] }, form: { fields } });

function manifest() {
  return {
    id: PLUGIN_ID,
    name: text(`报价助手 ${tag}`, `Quotes ${tag}`),
    description: text("报价单的导入与打印", "Quote imports and printing"),
    version: "1.0.0",
    publisher: { name: "E2E 工作室" },
    engines: { qudao: ">=0.1.0" },
    surfaces: ["platform", "portal"],
    categories: ["sales"],
    permissions: [`records:write:${QUOTE}`, `records:write:${LINE}`, `records:write:${ACCOUNT}`],
    hooks: [],
    contributes: {
      objects: [
        { name: ACCOUNT, label: text("客户账户", "Account"), labelPlural: text("客户账户", "Accounts"), titleField: "name", fields: [{ name: "name", type: "text", label: text("名称", "Name"), required: true }], views: views(["name"]) },
        {
          name: QUOTE,
          label: text("报价单", "Quote"),
          labelPlural: text("报价单", "Quotes"),
          titleField: "number",
          importable: true,
          fields: [
            { name: "number", type: "text", label: text("报价编号", "Quote number"), required: true },
            { name: "amount", type: "decimal", label: text("金额", "Amount") },
          ],
          relations: [{ name: "account", to: ACCOUNT, kind: "manyToOne", label: text("客户账户", "Account") }],
          views: {
            ...views(["number", "amount", "account"]),
            document: {
              title: text("报价单", "Quotation"),
              fields: ["number", "account"],
              lines: { object: LINE, relation: "quote", columns: ["item", "quantity", "amount"], totals: ["quantity", "amount"] },
              footer: text("自开具之日起三十日内有效。", "Valid for 30 days."),
            },
          },
        },
        {
          name: LINE,
          label: text("报价明细", "Quote line"),
          labelPlural: text("报价明细", "Quote lines"),
          titleField: "item",
          fields: [
            { name: "item", type: "text", label: text("物料", "Item"), required: true },
            { name: "quantity", type: "integer", label: text("数量", "Qty") },
            { name: "amount", type: "decimal", label: text("金额", "Amount") },
          ],
          relations: [{ name: "quote", to: QUOTE, kind: "manyToOne", label: text("报价单", "Quote"), required: true }],
          views: views(["item", "quantity", "amount", "quote"]),
        },
      ],
      navigation: [{ name: `${NS}__quotes`, label: text("报价单", "Quotes"), surface: "portal", object: QUOTE }],
    },
  };
}

test.describe.serial("portal: importing a plugin object's records and printing one", () => {
  test.use({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN" });

  let partner: PartnerFixture;
  const accountName = `宁波精密机械 ${tag}`;

  test.beforeAll(async ({ request }) => {
    const pkg = { format: 1, manifest: manifest(), hooks: "globalThis.__qudaoPlugin = { hooks: {} };", tests: null, locales: { "zh-CN": {}, en: {} }, assets: {} };
    const developer = await apiAuth(request, await createDeveloper());
    const uploaded = await request.post(`${API}/plugins/${PLUGIN_ID}/versions`, { headers: developer, data: pkg });
    expect(uploaded.status(), await uploaded.text()).toBe(201);
    const version = (await uploaded.json()) as { id: string; status: string };
    expect(version.status).toBe("in_review");
    const admin = await apiAuth(request, PLATFORM_ADMIN);
    expect((await request.post(`${API}/plugin-reviews/${version.id}/approve`, { headers: admin, data: { notes: "e2e" } })).status()).toBe(200);
    expect((await request.put(`${API}/plugins/${PLUGIN_ID}/policy`, { headers: admin, data: { partnerInstallAllowed: true } })).status()).toBe(200);
    partner = await createPartnerWithTeam(request);
    const partnerAdmin = await apiAuth(request, partner.admin);
    const installed = await request.post(`${API}/plugin-installs`, { headers: partnerAdmin, data: { pluginId: PLUGIN_ID, scope: "partner", consentedPermissions: pkg.manifest.permissions } });
    expect(installed.status(), await installed.text()).toBe(201);
    const account = await request.post(`${API}/records/${ACCOUNT}`, { headers: await apiAuth(request, partner.rep), data: { values: { name: accountName } } });
    expect(account.status(), await account.text()).toBe(201);
  });

  test("a rep imports quotes from a CSV: preview, run, result and the error file", async ({ page }) => {
    await signInToPortal(page, partner.rep);
    // The install was made through the console's API: the portal's installed-plugins cache (3 s) may not know it yet.
    await expect(async () => {
      await page.goto(`/x/${QUOTE}`);
      await expect(page.getByRole("link", { name: "导入", exact: true })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await page.getByRole("link", { name: "导入", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "导入报价单" })).toBeVisible();
    const csv = `\uFEFF报价编号,金额,客户账户\r\nQ-${tag}-1,"12,000.50",${accountName}\r\nQ-${tag}-2,88,\r\nQ-${tag}-3,很多,${accountName}\r\n`;
    await page.locator("input[type=file]").setInputFiles({ name: "报价.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await page.getByRole("button", { name: "上传并预览" }).click();

    await expect(page.getByRole("status").filter({ hasText: "共 3 行：2 行有效，1 行有误。" })).toBeVisible();
    await expect(page.locator("select[name='m.account']")).toHaveValue("2");
    await expect(page.locator("tr.row-invalid")).toContainText("金额：");
    await page.getByRole("button", { name: "开始导入" }).click();

    await expect(page.getByText("导入完成：新建 2 条，失败 1 条。")).toBeVisible({ timeout: 20_000 });
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "下载错误文件（CSV）" }).click();
    const errors = await readFile((await (await downloading).path())!, "utf8");
    expect(errors).toContain(`4,Q-${tag}-3,很多,${accountName}`);

    await page.getByRole("link", { name: "查看报价单" }).click();
    await expect(page.getByRole("link", { name: `Q-${tag}-1` })).toBeVisible();
    await expect(page.getByRole("link", { name: `Q-${tag}-2` })).toBeVisible();
  });

  test("the quote's page downloads its PDF", async ({ page, request }) => {
    const rep = await apiAuth(request, partner.rep);
    const list = await request.get(`${API}/records/${QUOTE}?q=${encodeURIComponent(`Q-${tag}-1`)}`, { headers: rep });
    const quote = ((await list.json()) as { items: Array<{ id: string }> }).items[0]!;
    for (const [item, quantity, amount] of [["离心泵", 2, "10000.50"], ["密封圈", 10, "2000"]] as const) {
      const line = await request.post(`${API}/records/${LINE}`, { headers: rep, data: { values: { item, quantity, amount, quote: quote.id } } });
      expect(line.status(), await line.text()).toBe(201);
    }
    await signInToPortal(page, partner.rep);
    await page.goto(`/x/${QUOTE}/${quote.id}`);
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "下载 PDF" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`报价单-Q-${tag}-1.pdf`);
    const pdf = await readFile((await download.path())!);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.toString("latin1")).toMatch(/\/BaseFont \/[A-Z]{6}\+WenQuanYiMicroHei/);
  });

  test("platform staff import master data in the console and print the partner's quote", async ({ browser, request }) => {
    const page = await browser.newPage({ baseURL: process.env.PLATFORM_BASE_URL, locale: "zh-CN" });
    await signInAsPlatformAdmin(page);
    await page.goto(`/x/${QUOTE}`);
    await page.getByRole("link", { name: "导入", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "导入报价单" })).toBeVisible();
    await page.locator("input[type=file]").setInputFiles({ name: "主数据.csv", mimeType: "text/csv", buffer: Buffer.from(`Quote number,Amount\r\nQ-${tag}-M,5\r\n`, "utf8") });
    await page.getByRole("button", { name: "上传并预览" }).click();
    await expect(page.getByRole("status").filter({ hasText: "共 1 行：1 行有效，0 行有误。" })).toBeVisible();
    await page.getByRole("button", { name: "开始导入" }).click();
    await expect(page.getByText("导入完成：新建 1 条，失败 0 条。")).toBeVisible({ timeout: 20_000 });
    await page.getByRole("link", { name: "导入记录" }).click();
    await expect(page.getByRole("link", { name: "主数据.csv" })).toBeVisible();

    const rep = await apiAuth(request, partner.rep);
    const list = await request.get(`${API}/records/${QUOTE}?q=${encodeURIComponent(`Q-${tag}-1`)}`, { headers: rep });
    const quote = ((await list.json()) as { items: Array<{ id: string }> }).items[0]!;
    await page.goto(`/x/${QUOTE}/${quote.id}`);
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "下载 PDF" }).click();
    const pdf = await readFile((await (await downloading).path())!);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await page.close();
  });
});
