/**
 * Platform imports (ADR 021) against a real database and the real job path: finance uploads orders
 * and refunds files over /api/v1 (base64), previews, starts (BullMQ `imports` queue, consumed by a
 * worker started here) and reads the result and the error file. Each order goes through the order
 * API's own ingest: replays are "already recorded", a different body is the 409 message, an
 * over-refund the 422 message; "all or nothing" rolls every order back. Partners never see or start
 * a platform import.
 */
import { randomInt, randomUUID } from "node:crypto";
import { Worker } from "bullmq";
import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../actor/index.ts";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { baseDb, disconnectDb, runAsActor } from "../../db/index.ts";
import { env } from "../../env/index.ts";
import { queuePrefix, redisConnection } from "../../jobs/connection.ts";
import { handleImportJob } from "../../jobs/import.handler.ts";
import { closeImportsQueue, IMPORTS_QUEUE } from "../../jobs/import.job.ts";
import { api, apiToken, createTestPartner, createTestPartnerUser, createTestPlatformUser, type TestPartnerUser } from "../../testing/index.ts";
import { registerCustomer } from "../registrations/index.ts";
import { instantToLocalDateTime } from "../tasks/index.ts";
import { runImport } from "./import-run.service.ts";

const DAY = 86_400_000;
let worker: Worker;
let financeToken: string, adminToken: string, managerToken: string, partnerAdminToken: string, partnerRepToken: string;
let finance: { id: string };
let partner: { id: string };
let partnerAdmin: TestPartnerUser;

beforeAll(async () => {
  worker = new Worker(IMPORTS_QUEUE, (job) => handleImportJob(job.data), { connection: redisConnection(), prefix: queuePrefix(), concurrency: 2 });
  const [financeUser, admin, manager] = await Promise.all([createTestPlatformUser(["finance"]), createTestPlatformUser(["admin"]), createTestPlatformUser(["channel_manager"])]);
  finance = financeUser;
  partner = await createTestPartner({ name: `订单导入伙伴 ${randomUUID().slice(0, 6)}` });
  partnerAdmin = await createTestPartnerUser(partner.id, "admin");
  const rep = await createTestPartnerUser(partner.id, "rep");
  [financeToken, adminToken, managerToken, partnerAdminToken, partnerRepToken] = await Promise.all([apiToken(financeUser), apiToken(admin), apiToken(manager), apiToken(partnerAdmin), apiToken(rep)]);
}, 120_000);

afterAll(async () => {
  await worker.close();
  await closeImportsQueue();
  await disconnectDb();
});

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────

const csv = (lines: string[][]) => `${lines.map((cells) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\r\n")}\r\n`;
const base64 = (bytes: Buffer | string) => Buffer.from(bytes).toString("base64");
const tagged = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** An instant `days` ago, to the minute, and how a spreadsheet in the platform's time zone writes it. */
function wallClock(days: number): { at: Date; text: string } {
  const at = new Date(Math.floor((Date.now() - days * DAY) / 60_000) * 60_000);
  return { at, text: instantToLocalDateTime(at, env().PLATFORM_TIMEZONE).replace("T", " ") };
}

async function actorOf(userId: string): Promise<Actor> {
  return (await actorForUserId(userId, "session"))!.actor;
}

/** A customer the partner registered `days` ago (its owner since then). */
async function ownedCustomer(days: number): Promise<string> {
  const actor = await actorOf(partnerAdmin.id);
  const decision = await runAsActor(actor, () =>
    registerCustomer(actor, { customer: { kind: "company", name: `订单导入客户${randomUUID().slice(0, 8)}有限公司`, phone: `139${String(randomInt(0, 1e8)).padStart(8, "0")}`, city: "苏州" } }, "zh-CN", new Date(Date.now() - days * DAY)),
  );
  expect(decision.status).toBe("accepted");
  return decision.customerId!;
}

async function unownedCustomer(): Promise<string> {
  return (await baseDb().customer.create({ data: { kind: "company", name: `无主订单客户 ${randomUUID().slice(0, 8)}` } })).id;
}

async function upload(token: string, entity: string, content: Buffer | string, fileName = "订单.csv") {
  return api("POST", "/imports", { token, body: { entity, fileName, content: base64(content) } });
}

async function waitFinished(id: string, token = financeToken) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await api("GET", `/imports/${id}`, { token });
    expect(response.status).toBe(200);
    if (response.body.status === "completed" || response.body.status === "failed") return response.body;
    if (Date.now() > deadline) throw new Error(`import ${id} did not finish: ${JSON.stringify(response.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function importAndWait(entity: "orders" | "order_refunds", content: Buffer | string, mode: "valid_rows" | "all_or_nothing", fileName = "订单.csv") {
  const uploaded = await upload(financeToken, entity, content, fileName);
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  const started = await api("POST", `/imports/${uploaded.body.id}/run`, { token: financeToken, body: { mode } });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  return waitFinished(uploaded.body.id);
}

/** The error file's rows (header first), as cells. */
async function errorRows(id: string): Promise<string[][]> {
  const response = await api("GET", `/imports/${id}/error-file`, { token: financeToken });
  expect(response.status).toBe(200);
  const bytes = Buffer.from(response.body.content, "base64");
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parseCsv(bytes.subarray(3).toString("utf8")) as string[][];
}

const ORDER_HEADERS = ["订单号", "客户编号", "下单时间", "币种", "SKU", "品类", "数量", "单价"];

function orderBody(externalId: string, customerId: string, at: Date, items: Array<[string, string, string, string]>) {
  return { externalId, customerId, orderedAt: at.toISOString(), currency: "CNY", items: items.map(([sku, category, quantity, unitPrice]) => ({ sku, category, quantity, unitPrice })) };
}

// ── orders ──────────────────────────────────────────────────────────────────────────────────────

describe("orders: a mixed file, valid rows", () => {
  it("records the good orders through the ingest, counts a replay as already recorded, and lists every other row with its row number and reason", async () => {
    const owned = await ownedCustomer(10);
    const unowned = await unownedCustomer();
    const when = wallClock(2);
    const [good, pooled, replay, conflict, bad, mixed, unknown] = ["SO-GOOD", "SO-POOL", "SO-REPLAY", "SO-CONFLICT", "SO-BAD", "SO-MIXED", "SO-UNKNOWN"].map(tagged) as [string, string, string, string, string, string, string];
    // Pushed before through the API: once exactly as the file has it, once with another price.
    expect((await api("POST", "/orders", { token: financeToken, body: orderBody(replay, owned, when.at, [["SVC-1Y", "service", "1", "99.99"]]) })).status).toBe(201);
    expect((await api("POST", "/orders", { token: financeToken, body: orderBody(conflict, owned, when.at, [["SVC-1Y", "service", "1", "88.00"]]) })).status).toBe(201);
    const missingCustomer = randomUUID();

    const rows = [
      [good, owned, when.text, "CNY", "PUMP-200", "hardware", "3", "1,234.50"],
      [pooled, unowned, when.at.toISOString().replace("Z", "+00:00"), "", "HW-BOX", "hardware", "1", "860"],
      [replay, owned, when.text, "cny", "SVC-1Y", "service", "1.000", "99.99"],
      [good, owned, when.text, "CNY", "SVC-1Y", "service", "0.5", "99.99"],
      [conflict, owned, when.text, "CNY", "SVC-1Y", "service", "1", "99.99"],
      [bad, owned, when.text, "CNY", "PUMP-200", "hardware", "abc", "10"],
      [mixed, owned, when.text, "CNY", "A", "hardware", "1", "10"],
      [mixed, unowned, when.text, "CNY", "B", "hardware", "1", "10"],
      [unknown, missingCustomer, when.text, "CNY", "A", "hardware", "1", "10"],
    ];
    const uploaded = await upload(financeToken, "orders", csv([ORDER_HEADERS, ...rows]));
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.body).toMatchObject({
      entity: "orders",
      status: "uploaded",
      totalRows: 9,
      mapping: { externalId: 0, customerId: 1, orderedAt: 2, currency: 3, sku: 4, category: 5, quantity: 6, unitPrice: 7 },
    });

    // The preview checks whole orders without writing anything: the bad row, and both rows of the order that disagrees.
    const preview = await api("POST", `/imports/${uploaded.body.id}/preview`, { token: financeToken, body: {} });
    expect(preview.status).toBe(200);
    expect(preview.body.summary).toEqual({ total: 9, valid: 6, invalid: 3 });
    const previewIssues = Object.fromEntries(preview.body.rows.map((r: { rowNumber: number; issues: Array<{ message: string }> }) => [r.rowNumber, r.issues.map((i) => i.message)]));
    expect(previewIssues[7]).toEqual(['数量：请输入数量（字符串，最多四位小数，例如 "2" 或 "0.5"）。']);
    expect(previewIssues[8]).toEqual(["客户编号：同一订单号的各行（第 8, 9 行）填写不一致，整笔订单都没有导入。"]);
    expect(previewIssues[2]).toEqual([]);
    expect(await baseDb().order.count({ where: { externalId: good } })).toBe(0);

    const started = await api("POST", `/imports/${uploaded.body.id}/run`, { token: financeToken, body: { mode: "valid_rows" } });
    expect(started.status).toBe(200);
    const result = await waitFinished(uploaded.body.id);
    expect(result).toMatchObject({ status: "completed", totalRows: 9, processedRows: 9, importedRows: 3, alreadyRecordedRows: 1, errorRows: 5, hasErrorFile: true, failure: null });

    // The two-row order is one order, its items in row order, exact money, attributed to the owner at orderedAt.
    const order = await baseDb().order.findUniqueOrThrow({ where: { externalId: good }, include: { items: { orderBy: { position: "asc" } } } });
    expect(order).toMatchObject({ customerId: owned, currency: "CNY", attributedPartnerId: partner.id, attributionReason: null });
    expect(order.orderedAt.toISOString()).toBe(when.at.toISOString());
    // 3 × 1234.50 = 3703.50; 0.5 × 99.99 = 49.995 → 50.00 (half-even)
    expect(order.total.toFixed(2)).toBe("3753.50");
    expect(order.items.map((i) => [i.position, i.sku, i.quantity.toString(), i.unitPrice.toFixed(2), i.amount.toFixed(2)])).toEqual([
      [1, "PUMP-200", "3", "1234.50", "3703.50"],
      [2, "SVC-1Y", "0.5", "99.99", "50.00"],
    ]);
    const pooledOrder = await baseDb().order.findUniqueOrThrow({ where: { externalId: pooled } });
    expect(pooledOrder).toMatchObject({ attributedPartnerId: null, attributionReason: "NOT_YET_OWNED_AT_ORDER_TIME", currency: "CNY" });
    // No duplicate of the replay; the conflicting order kept what was first recorded; nothing of the refused ones.
    expect(await baseDb().order.count({ where: { externalId: replay } })).toBe(1);
    expect((await baseDb().orderItem.findFirstOrThrow({ where: { order: { externalId: conflict } } })).unitPrice.toFixed(2)).toBe("88.00");
    expect(await baseDb().order.count({ where: { externalId: { in: [bad, mixed, unknown] } } })).toBe(0);

    // Audited as the finance user who imported, with the ingest's own event.
    const audit = await baseDb().auditLog.findFirstOrThrow({ where: { entityId: order.id, action: "order.ingested" } });
    expect(audit.actorUserId).toBe(finance.id);
    expect(await baseDb().outboxEvent.count({ where: { type: "order.ingested", aggregateId: order.id } })).toBe(1);
    const importAudit = await baseDb().auditLog.findFirstOrThrow({ where: { entityType: "ImportJob", entityId: result.id } });
    expect(importAudit).toMatchObject({ action: "import.completed", actorUserId: finance.id, partnerId: null });

    const errors = await errorRows(result.id);
    expect(errors[0]).toEqual(["行号", ...ORDER_HEADERS, "错误代码", "原因"]);
    expect(errors.slice(1).map((r) => [r[0], r[1], r[9], r[10]])).toEqual([
      ["6", conflict, "CONFLICT", "该订单号（externalId）已用于另一笔内容不同的订单。"],
      ["7", bad, "VALIDATION_FAILED", '数量：请输入数量（字符串，最多四位小数，例如 "2" 或 "0.5"）。'],
      ["8", mixed, "VALIDATION_FAILED", "客户编号：同一订单号的各行（第 8, 9 行）填写不一致，整笔订单都没有导入。"],
      ["9", mixed, "VALIDATION_FAILED", "客户编号：同一订单号的各行（第 8, 9 行）填写不一致，整笔订单都没有导入。"],
      ["10", unknown, "VALIDATION_FAILED", "客户编号：找不到该客户。"],
    ]);
    // The original cells are kept as they were in the file.
    expect(errors[2]).toEqual(["7", ...rows[5]!, "VALIDATION_FAILED", '数量：请输入数量（字符串，最多四位小数，例如 "2" 或 "0.5"）。']);

    // The good orders are in finance's list.
    const list = await api("GET", `/orders?externalId=${encodeURIComponent(good)}`, { token: financeToken });
    expect(list.body.items).toEqual([expect.objectContaining({ externalId: good, total: "3753.50", attributedPartnerId: partner.id })]);
  });
});

describe("orders: resuming", () => {
  it("a run taken over after a crash continues behind the orders it had committed, without recording them again", async () => {
    const owned = await ownedCustomer(10);
    const when = wallClock(2);
    const [first, second] = [tagged("RESUME-1"), tagged("RESUME-2")];
    const uploaded = await upload(financeToken, "orders", csv([ORDER_HEADERS, [first, owned, when.text, "", "A", "hardware", "1", "10"], [first, owned, when.text, "", "B", "hardware", "1", "5"], [second, owned, when.text, "", "C", "hardware", "1", "7"]]));
    // What a crashed attempt left: the first order (rows 2–3) recorded, with its counters.
    expect((await api("POST", "/orders", { token: financeToken, body: orderBody(first, owned, when.at, [["A", "hardware", "1", "10"], ["B", "hardware", "1", "5"]]) })).status).toBe(201);
    await baseDb().importJob.update({ where: { id: uploaded.body.id }, data: { status: "running", mode: "valid_rows", processedRows: 2, importedRows: 2, startedAt: new Date() } });
    expect(await runImport(uploaded.body.id, "zh-CN")).toEqual({ status: "completed", importedRows: 3, errorRows: 0, alreadyRecordedRows: 0 });
    expect(await baseDb().order.count({ where: { externalId: { in: [first, second] } } })).toBe(2);
    expect(await baseDb().auditLog.count({ where: { action: "order.ingested", after: { path: ["externalId"], equals: first } } })).toBe(1);
  });
});

describe("orders: XLSX", () => {
  it("reads an Excel sheet with English headers, date-time cells in the platform's time zone and number cells", async () => {
    const owned = await ownedCustomer(10);
    const when = wallClock(1);
    const externalId = tagged("XLSX");
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Orders");
    sheet.addRow(["Order No", "Customer ID", "Order Date", "SKU", "Category", "Qty", "Unit Price"]);
    // Excel keeps the wall clock without a zone; exceljs writes a Date's UTC reading as that wall clock.
    const cell = new Date(`${when.text.replace(" ", "T")}:00Z`);
    sheet.addRow([externalId, owned, cell, "PUMP-200", "hardware", 2, 1234.5]);
    sheet.addRow([externalId, owned, cell, "SVC-1Y", "service", 1, 99.99]);
    const bytes = Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    const result = await importAndWait("orders", bytes, "valid_rows", "orders.xlsx");
    expect(result).toMatchObject({ status: "completed", format: "xlsx", totalRows: 2, importedRows: 2, errorRows: 0, alreadyRecordedRows: 0 });
    const order = await baseDb().order.findUniqueOrThrow({ where: { externalId }, include: { items: { orderBy: { position: "asc" } } } });
    expect(order.orderedAt.toISOString()).toBe(when.at.toISOString());
    expect(order.total.toFixed(2)).toBe("2568.99");
    expect(order.items.map((i) => `${i.sku} ${i.quantity.toString()} × ${i.unitPrice.toFixed(2)}`)).toEqual(["PUMP-200 2 × 1234.50", "SVC-1Y 1 × 99.99"]);
    expect(order.attributedPartnerId).toBe(partner.id);
  });
});

describe("orders: all or nothing", () => {
  it("one refused order (a different body for a recorded externalId) rolls back every order of the file", async () => {
    const owned = await ownedCustomer(10);
    const when = wallClock(2);
    const [fresh, conflict] = [tagged("AON-NEW"), tagged("AON-CONFLICT")];
    expect((await api("POST", "/orders", { token: financeToken, body: orderBody(conflict, owned, when.at, [["A", "hardware", "1", "10.00"]]) })).status).toBe(201);
    const file = csv([ORDER_HEADERS, [fresh, owned, when.text, "", "A", "hardware", "1", "10"], [conflict, owned, when.text, "", "A", "hardware", "2", "10"]]);
    const result = await importAndWait("orders", file, "all_or_nothing");
    expect(result).toMatchObject({ status: "failed", processedRows: 2, importedRows: 0, alreadyRecordedRows: 0, errorRows: 1, failure: "有 1 行数据有误。按“全部有效才导入”的设置，没有导入任何数据。" });
    expect(await baseDb().order.count({ where: { externalId: fresh } })).toBe(0);
    expect(await baseDb().outboxEvent.count({ where: { type: "order.ingested", payload: { path: ["externalId"], equals: fresh } } })).toBe(0);
    expect((await errorRows(result.id)).slice(1).map((r) => [r[0], r[9], r[10]])).toEqual([["3", "CONFLICT", "该订单号（externalId）已用于另一笔内容不同的订单。"]]);
  });

  it("an invalid row stops the file before anything is recorded; when every order goes in, all of them are recorded", async () => {
    const owned = await ownedCustomer(10);
    const when = wallClock(2);
    const [first, second] = [tagged("AON-1"), tagged("AON-2")];
    const invalid = await importAndWait("orders", csv([ORDER_HEADERS, [first, owned, when.text, "", "A", "hardware", "1", "10"], [second, owned, "昨天", "", "A", "hardware", "1", "10"]]), "all_or_nothing");
    expect(invalid).toMatchObject({ status: "failed", importedRows: 0, errorRows: 1 });
    expect(await baseDb().order.count({ where: { externalId: { in: [first, second] } } })).toBe(0);

    const valid = await importAndWait("orders", csv([ORDER_HEADERS, [first, owned, when.text, "", "A", "hardware", "1", "10"], [second, owned, when.text, "", "B", "service", "2", "5.50"]]), "all_or_nothing");
    expect(valid).toMatchObject({ status: "completed", importedRows: 2, errorRows: 0, hasErrorFile: false });
    expect((await baseDb().order.findMany({ where: { externalId: { in: [first, second] } }, orderBy: { externalId: "asc" } })).map((o) => o.total.toFixed(2))).toEqual(["10.00", "11.00"]);
  });
});

// ── refunds ─────────────────────────────────────────────────────────────────────────────────────

describe("refunds", () => {
  const REFUND_HEADERS = ["原订单号", "退款号", "退款金额", "退款时间"];

  it("records refunds through the refund service: an over-refund is the row's 422 message, a replay already recorded, an unknown order named", async () => {
    const owned = await ownedCustomer(10);
    const when = wallClock(3);
    const later = wallClock(1);
    const orderNo = tagged("SO-REFUND");
    expect((await api("POST", "/orders", { token: financeToken, body: orderBody(orderNo, owned, when.at, [["A", "hardware", "1", "100.00"]]) })).status).toBe(201);
    const [rf1, rf2, rf3, rf4] = [tagged("RF-1"), tagged("RF-2"), tagged("RF-3"), tagged("RF-4")];
    const missingOrder = tagged("SO-MISSING");
    const file = csv([
      REFUND_HEADERS,
      [orderNo, rf1, "60.00", later.text],
      [orderNo, rf2, "50", later.text],
      [orderNo, rf1, "60", later.text],
      [missingOrder, rf3, "10", later.text],
      [orderNo, rf4, "0", later.text],
    ]);
    const result = await importAndWait("order_refunds", file, "valid_rows", "退款.csv");
    expect(result).toMatchObject({ status: "completed", entity: "order_refunds", totalRows: 5, importedRows: 1, alreadyRecordedRows: 1, errorRows: 3 });
    const order = await baseDb().order.findUniqueOrThrow({ where: { externalId: orderNo } });
    expect(order.refundedTotal.toFixed(2)).toBe("60.00");
    expect(await baseDb().orderRefund.count({ where: { orderId: order.id } })).toBe(1);
    expect((await errorRows(result.id)).slice(1).map((r) => [r[0], r[5], r[6]])).toEqual([
      ["3", "RULE_VIOLATION", "退款合计不能超过订单金额：该订单最多还可退 40.00 CNY。"],
      ["5", "NOT_FOUND", `找不到订单号为“${missingOrder}”的订单。`],
      ["6", "VALIDATION_FAILED", "退款金额：退款金额必须大于 0。"],
    ]);
  });

  it("all or nothing: refunds that together exceed the order total record none of them", async () => {
    const owned = await ownedCustomer(10);
    const when = wallClock(3);
    const later = wallClock(1);
    const orderNo = tagged("SO-AON-REFUND");
    expect((await api("POST", "/orders", { token: financeToken, body: orderBody(orderNo, owned, when.at, [["A", "hardware", "1", "100.00"]]) })).status).toBe(201);
    const file = csv([REFUND_HEADERS, [orderNo, tagged("RF-A"), "70", later.text], [orderNo, tagged("RF-B"), "40", later.text]]);
    const result = await importAndWait("order_refunds", file, "all_or_nothing", "退款.csv");
    expect(result).toMatchObject({ status: "failed", importedRows: 0, errorRows: 1 });
    // The second refund was refused after the first (in the same transaction), and the first was rolled back with it.
    expect((await errorRows(result.id)).slice(1).map((r) => [r[0], r[6]])).toEqual([["3", "退款合计不能超过订单金额：该订单最多还可退 30.00 CNY。"]]);
    const order = await baseDb().order.findUniqueOrThrow({ where: { externalId: orderNo } });
    expect(order.refundedTotal.toFixed(2)).toBe("0.00");
    expect(await baseDb().orderRefund.count({ where: { orderId: order.id } })).toBe(0);
  });
});

// ── who ─────────────────────────────────────────────────────────────────────────────────────────

describe("who imports what", () => {
  it("partners cannot see or start a platform import (404 as for one that does not exist), nor upload orders (403)", async () => {
    const uploaded = await upload(financeToken, "orders", csv([ORDER_HEADERS, [tagged("WHO"), randomUUID(), wallClock(1).text, "", "A", "hardware", "1", "10"]]));
    expect(uploaded.status).toBe(201);
    const id = uploaded.body.id as string;
    expect(await baseDb().importJob.findUniqueOrThrow({ where: { id } })).toMatchObject({ partnerId: null, userId: finance.id, entity: "orders" });

    const missing = randomUUID();
    for (const token of [partnerAdminToken, partnerRepToken]) {
      for (const [method, path, body] of [
        ["GET", `/imports/${id}`, undefined],
        ["POST", `/imports/${id}/preview`, {}],
        ["POST", `/imports/${id}/run`, { mode: "valid_rows" }],
        ["GET", `/imports/${id}/error-file`, undefined],
      ] as const) {
        const response = await api(method, path, { token, ...(body ? { body } : {}) });
        const absent = await api(method, path.replace(id, missing), { token, ...(body ? { body } : {}) });
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(response.body).toEqual(absent.body);
      }
      const list = await api("GET", "/imports?limit=200", { token });
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
      const orders = await upload(token, "orders", csv([ORDER_HEADERS, ["X", randomUUID(), "2026-01-05 10:00", "", "A", "b", "1", "1"]]));
      expect(orders.status).toBe(403);
    }
    // Nobody else started it.
    expect((await baseDb().importJob.findUniqueOrThrow({ where: { id } })).status).toBe("uploaded");

    // Platform admins see it (finance's colleagues); a channel manager does not import.
    expect((await api("GET", `/imports/${id}`, { token: adminToken })).status).toBe(200);
    expect((await api("GET", "/imports", { token: managerToken })).status).toBe(403);
    expect((await upload(managerToken, "orders", "订单号\r\nX\r\n")).status).toBe(403);
  });

  it("staff see platform imports only: a partner's import is 404 and not listed; staff cannot import leads", async () => {
    const partnerImport = await upload(partnerAdminToken, "leads", csv([["姓名"], [`伙伴线索${randomUUID().slice(0, 6)}`]]), "名单.csv");
    expect(partnerImport.status).toBe(201);
    expect((await api("GET", `/imports/${partnerImport.body.id}`, { token: financeToken })).status).toBe(404);
    expect((await api("GET", "/imports?limit=200", { token: adminToken })).body.items.map((i: { id: string }) => i.id)).not.toContain(partnerImport.body.id);
    expect((await upload(financeToken, "leads", csv([["姓名"], ["王芳"]]))).status).toBe(403);
  });
});
