/**
 * Imports of an importable plugin object's records (ADR 026), over /api/v1 against a real
 * database. A test plugin (installed for partner A only) has an importable "quote" object with typed
 * fields, a manyToOne relation to its "account" object and a validate hook refusing names with
 * REFUSE. Headers are recognised by field name or label in any language; a GBK CSV and an XLSX file
 * go in; each row is saved through the form's create (hooks, audit, `<object>.created`); bad values,
 * an unknown or another partner's related record, and the hook's refusal are row errors in the error
 * file, and nothing of a refused row is written; "all or nothing" writes nothing when one row fails.
 */
import { randomBytes } from "node:crypto";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb } from "../../db/index.ts";
import { api, apiToken, createTestDeveloper, createTestPartner, createTestPartnerUser, createTestPlatformUser, type TestPartnerUser } from "../../testing/index.ts";
import { installTestPlugin, localized, testPluginPackage } from "../../testing/plugin-factories.ts";
import { resetPluginHost } from "../plugins/index.ts";
import { runImport } from "./import-run.service.ts";

const tag = `t${randomBytes(4).toString("hex")}`;
const PLUGIN_ID = `qi.${tag}`;
const NS = `qi_${tag}`;
const QUOTE = `${NS}__quote`;
const ACCOUNT = `${NS}__account`;

function manifest() {
  const views = (fields: string[]) => ({ list: { columns: [fields[0]!] }, detail: { sections: [{ title: localized("详情", "Details"), fields }] }, form: { fields } });
  return {
    id: PLUGIN_ID,
    name: localized("报价导入", "Quote imports"),
    description: localized("可导入的报价", "Importable quotes"),
    version: "1.0.0",
    publisher: { name: "QA" },
    engines: { qudao: ">=0.1.0" },
    surfaces: ["platform", "portal"],
    categories: ["sales"],
    permissions: [`records:write:${QUOTE}`, `records:write:${ACCOUNT}`],
    hooks: [{ name: "checkQuote", kind: "validate", object: QUOTE, on: ["create", "update"], failMode: "closed" }],
    contributes: {
      objects: [
        { name: ACCOUNT, label: localized("客户账户", "Account"), labelPlural: localized("客户账户", "Accounts"), titleField: "name", fields: [{ name: "name", type: "text", label: localized("名称", "Name"), required: true }], views: views(["name"]) },
        {
          name: QUOTE,
          label: localized("报价单", "Quote"),
          labelPlural: localized("报价单", "Quotes"),
          titleField: "name",
          importable: true,
          fields: [
            { name: "name", type: "text", label: localized("报价名称", "Quote name"), required: true },
            { name: "amount", type: "decimal", label: localized("金额", "Amount") },
            { name: "quantity", type: "integer", label: localized("数量", "Quantity"), min: 1 },
            {
              name: "grade",
              type: "select",
              label: localized("等级", "Grade"),
              options: [
                { value: "a", label: localized("甲级", "Grade A") },
                { value: "b", label: localized("乙级", "Grade B") },
              ],
            },
            { name: "validUntil", type: "date", label: localized("有效期至", "Valid until") },
            { name: "urgent", type: "boolean", label: localized("加急", "Urgent") },
          ],
          relations: [{ name: "account", to: ACCOUNT, kind: "manyToOne", label: localized("客户账户", "Account") }],
          views: views(["name", "amount", "quantity", "grade", "validUntil", "urgent", "account"]),
        },
      ],
    },
  };
}

const HOOKS = `globalThis.__qudaoPlugin = { hooks: {
  checkQuote(ctx) {
    if (String(ctx.record.name || "").indexOf("REFUSE") >= 0) return [{ field: "name", messageKey: "errors.refused" }];
    return [];
  }
} };`;
const LOCALES = { "zh-CN": { "errors.refused": "插件不接受这个报价名称" }, en: { "errors.refused": "The plugin does not accept this quote name" } };

let admin: TestPartnerUser, otherAdmin: TestPartnerUser;
let adminToken: string, otherToken: string, staffToken: string;
let accountId: string, othersAccountId: string;
let partnerAId: string;
const unique = () => randomBytes(3).toString("hex");

const csv = (lines: string[][]) => `${lines.map((cells) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\r\n")}\r\n`;
const base64 = (bytes: Buffer | string) => Buffer.from(bytes).toString("base64");

async function upload(token: string, content: Buffer | string, fileName = "报价.csv", object = QUOTE) {
  return api("POST", "/imports", { token, body: { entity: "plugin_records", object, fileName, content: base64(content) } });
}

/** Upload, start and run (the worker's handler, called directly); answers the job id and the run's result. */
async function importFile(token: string, content: Buffer | string, mode: "valid_rows" | "all_or_nothing", fileName = "报价.csv") {
  const uploaded = await upload(token, content, fileName);
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  const started = await api("POST", `/imports/${uploaded.body.id}/run`, { token, body: { mode } });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  return { id: uploaded.body.id as string, upload: uploaded.body, result: await runImport(uploaded.body.id, "zh-CN") };
}

async function errorFile(token: string, id: string): Promise<string> {
  const response = await api("GET", `/imports/${id}/error-file`, { token });
  expect(response.status).toBe(200);
  return Buffer.from(response.body.content, "base64").toString("utf8");
}

const quotes = (names: string[]) => baseDb().customObjectRecord.findMany({ where: { object: QUOTE, title: { in: names } }, orderBy: { title: "asc" } });

beforeAll(async () => {
  const [partnerA, partnerB] = await Promise.all([createTestPartner(), createTestPartner()]);
  partnerAId = partnerA.id;
  [admin, otherAdmin] = await Promise.all([createTestPartnerUser(partnerA.id, "admin"), createTestPartnerUser(partnerB.id, "admin")]);
  const [developer, reviewer, platformAdmin] = await Promise.all([createTestDeveloper(), createTestPlatformUser(["reviewer"]), createTestPlatformUser(["admin"])]);
  [adminToken, otherToken] = await Promise.all([apiToken(admin), apiToken(otherAdmin)]);
  staffToken = await apiToken(platformAdmin);
  const tokens = { developer: await apiToken(developer), reviewer: await apiToken(reviewer), platformAdmin: staffToken, partnerAdmin: adminToken };
  await installTestPlugin({ pkg: testPluginPackage({ manifest: manifest(), hooks: HOOKS, locales: LOCALES }), tokens });
  // B installs it too, so B has an account of its own that A must not be able to point at.
  await api("POST", "/plugin-installs", { token: otherToken, body: { pluginId: PLUGIN_ID, scope: "partner", consentedPermissions: manifest().permissions } });
  const account = await api("POST", `/records/${ACCOUNT}`, { token: adminToken, body: { values: { name: `华东医药 ${tag}` } } });
  expect(account.status, JSON.stringify(account.body)).toBe(201);
  accountId = account.body.id;
  const othersAccount = await api("POST", `/records/${ACCOUNT}`, { token: otherToken, body: { values: { name: `别家账户 ${tag}` } } });
  expect(othersAccount.status, JSON.stringify(othersAccount.body)).toBe(201);
  othersAccountId = othersAccount.body.id;
}, 120_000);

afterAll(async () => {
  resetPluginHost();
  await disconnectDb();
});

describe("plugin record imports", () => {
  it("recognises the columns by field name or by label in Simplified, Traditional or English", async () => {
    const response = await upload(adminToken, csv([["Quote name", "金額", "quantity", "等級", "有效期至", "Account", "备注"], [`甲 ${unique()}`, "1", "1", "a", "2026-01-01", accountId, "x"]]));
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ entity: "plugin_records", object: QUOTE, totalRows: 1 });
    expect(response.body.mapping).toEqual({ name: 0, amount: 1, quantity: 2, grade: 3, validUntil: 4, urgent: null, account: 5 });
    const preview = await api("POST", `/imports/${response.body.id}/preview`, { token: adminToken, headers: { "accept-language": "en" }, body: {} });
    expect(preview.status).toBe(200);
    expect(preview.body.fields.map((f: { label: string }) => f.label)).toEqual(["Quote name", "Amount", "Quantity", "Grade", "Valid until", "Urgent", "Account"]);
    expect(preview.body.summary).toEqual({ total: 1, valid: 1, invalid: 0 });
  });

  it("a GBK CSV: each row becomes a record as the form creates it, relations by title, values by type", async () => {
    const [first, second] = [`一号报价 ${unique()}`, `二号报价 ${unique()}`];
    const file = iconv.encode(
      csv([
        ["报价名称", "金额", "数量", "等级", "有效期至", "加急", "客户账户"],
        [first, "12,345.50", "3", "甲级", "2026/3/5", "是", `华东医药 ${tag}`],
        [second, "8", "1", "b", "", "否", accountId],
      ]),
      "gbk",
    );
    const { id, result } = await importFile(adminToken, file, "valid_rows");
    expect(result).toEqual({ status: "completed", importedRows: 2, errorRows: 0, alreadyRecordedRows: 0 });
    const [one, two] = await quotes([first, second]);
    expect(one!.values).toMatchObject({ name: first, amount: "12345.50", quantity: 3, grade: "a", validUntil: "2026-03-05", urgent: true, account: accountId });
    expect(two!.values).toMatchObject({ name: second, amount: "8", quantity: 1, grade: "b", urgent: false, account: accountId });
    expect(one!.partnerId).toBe(partnerAId);
    // The form's own path: audited and announced like a record created by hand.
    expect(await baseDb().auditLog.count({ where: { entityId: one!.id, action: "customRecord.created" } })).toBe(1);
    const events = await baseDb().outboxEvent.findMany({ where: { type: `${QUOTE}.created` } });
    expect(events.some((e) => (e.payload as { recordId?: string }).recordId === two!.id)).toBe(true);
    expect((await api("GET", `/imports/${id}`, { token: adminToken })).body).toMatchObject({ status: "completed", importedRows: 2, errorRows: 0, hasErrorFile: false });
  });

  it("an XLSX file: numbers and dates as Excel stores them", async () => {
    const name = `表格报价 ${unique()}`;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("报价");
    sheet.addRow(["name", "amount", "quantity", "validUntil", "account"]);
    sheet.addRow([name, 99.5, 2, new Date(Date.UTC(2026, 5, 30)), `华东医药 ${tag}`]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const { result } = await importFile(adminToken, bytes, "valid_rows", "报价.xlsx");
    expect(result).toMatchObject({ status: "completed", importedRows: 1, errorRows: 0 });
    const [quote] = await quotes([name]);
    expect(quote!.values).toMatchObject({ name, amount: "99.5", quantity: 2, validUntil: "2026-06-30", account: accountId });
  });

  it("bad values, an unknown or another partner's account, and the plugin's refusal are row errors; nothing of those rows is written", async () => {
    const names = { good: `好报价 ${unique()}`, badNumber: `坏数字 ${unique()}`, unknown: `无账户 ${unique()}`, others: `别家 ${unique()}`, refused: `REFUSE ${unique()}` };
    const file = csv([
      ["报价名称", "金额", "数量", "等级", "客户账户"],
      [names.good, "10", "1", "a", accountId],
      [names.badNumber, "十块", "0", "丙级", ""],
      [names.unknown, "1", "1", "", "不存在的账户"],
      [names.others, "1", "1", "", othersAccountId],
      [names.refused, "1", "1", "", ""],
      ["", "1", "1", "", ""],
    ]);
    const { id, result } = await importFile(adminToken, file, "valid_rows");
    expect(result).toEqual({ status: "completed", importedRows: 1, errorRows: 5, alreadyRecordedRows: 0 });
    expect((await quotes(Object.values(names))).map((q) => q.title)).toEqual([names.good]);
    const lines = (await errorFile(adminToken, id)).replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("行号,报价名称,金额,数量,等级,客户账户,错误代码,原因");
    expect(lines[1]).toMatch(/^3,.*金额：.*；数量：.*；等级：/);
    expect(lines[2]).toContain("4,");
    expect(lines[2]).toContain("客户账户：找不到“不存在的账户”");
    // Another partner's account is "not found", as if it did not exist.
    expect(lines[3]).toContain(`客户账户：找不到“${othersAccountId}”`);
    expect(lines[4]).toContain("报价名称：插件不接受这个报价名称");
    expect(lines[5]).toMatch(/^7,.*报价名称：/);
  });

  it("all or nothing: one bad row, or one the plugin refuses, and no row is written", async () => {
    const good = `全有 ${unique()}`;
    const refused = await importFile(adminToken, csv([["报价名称", "金额"], [good, "1"], [`REFUSE ${unique()}`, "2"]]), "all_or_nothing");
    expect(refused.result).toMatchObject({ status: "failed", importedRows: 0, errorRows: 1 });
    expect(await quotes([good])).toHaveLength(0);
    const done = await importFile(adminToken, csv([["报价名称", "金额"], [good, "1"]]), "all_or_nothing");
    expect(done.result).toMatchObject({ status: "completed", importedRows: 1, errorRows: 0 });
  });

  it("platform staff import master data: the records and the job belong to no partner", async () => {
    const name = `主数据 ${unique()}`;
    const { id, result } = await importFile(staffToken, csv([["报价名称", "金额"], [name, "5"]]), "valid_rows");
    expect(result).toMatchObject({ status: "completed", importedRows: 1 });
    const [quote] = await quotes([name]);
    expect(quote!.partnerId).toBeNull();
    expect((await baseDb().importJob.findUniqueOrThrow({ where: { id } })).partnerId).toBeNull();
    // A partner does not see the platform's import.
    expect((await api("GET", `/imports/${id}`, { token: adminToken })).status).toBe(404);
  });

  it("only an importable object installed for the importer's tenant, and its jobs only for its partner", async () => {
    expect((await upload(adminToken, csv([["名称"], ["x"]]), "a.csv", ACCOUNT)).status).toBe(403);
    const { id } = await importFile(adminToken, csv([["报价名称"], [`列表 ${unique()}`]]), "valid_rows");
    expect((await api("GET", `/imports/${id}`, { token: otherToken })).status).toBe(404);
    const listed = await api("GET", `/imports?entity=plugin_records&object=${QUOTE}`, { token: adminToken });
    expect(listed.body.items.map((j: { id: string }) => j.id)).toContain(id);
    // The portal's general import history lists leads and customers only.
    const general = await api("GET", "/imports", { token: adminToken });
    expect(general.body.items.map((j: { id: string }) => j.id)).not.toContain(id);
  });
});
