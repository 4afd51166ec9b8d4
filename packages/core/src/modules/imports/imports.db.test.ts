/**
 * Imports against a real database and the real job path: upload over /api/v1 (base64), preview,
 * start (BullMQ `imports` queue, consumed by a worker started here), result, error file; scope and
 * partner isolation; counters in batches; resuming a run a crash interrupted; customers through
 * the real registration decision.
 */
import { randomInt, randomUUID } from "node:crypto";
import { Worker } from "bullmq";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb } from "../../db/index.ts";
import { queuePrefix, redisConnection } from "../../jobs/connection.ts";
import { handleDomainEvent } from "../../jobs/domain-event.handler.ts";
import { handleImportJob } from "../../jobs/import.handler.ts";
import { closeImportsQueue, IMPORTS_QUEUE } from "../../jobs/import.job.ts";
import { api, apiToken, createTestPartner, createTestPartnerUser, type TestPartnerUser } from "../../testing/index.ts";
import { usccCheckCharacter } from "../identity/index.ts";
import { runImport } from "./import-run.service.ts";

let worker: Worker;
let partner: { id: string; name: string };
let other: { id: string; name: string };
let rep: TestPartnerUser, rep2: TestPartnerUser, admin: TestPartnerUser, otherAdmin: TestPartnerUser;
const tokens = new Map<string, string>();

async function token(user: TestPartnerUser): Promise<string> {
  if (!tokens.has(user.id)) tokens.set(user.id, await apiToken(user));
  return tokens.get(user.id)!;
}

beforeAll(async () => {
  worker = new Worker(IMPORTS_QUEUE, (job) => handleImportJob(job.data), { connection: redisConnection(), prefix: queuePrefix(), concurrency: 2 });
  partner = await createTestPartner({ name: `导入测试伙伴 ${randomUUID().slice(0, 6)}` });
  other = await createTestPartner({ name: `另一伙伴 ${randomUUID().slice(0, 6)}` });
  [rep, rep2, admin, otherAdmin] = await Promise.all([
    createTestPartnerUser(partner.id, "rep"),
    createTestPartnerUser(partner.id, "rep"),
    createTestPartnerUser(partner.id, "admin"),
    createTestPartnerUser(other.id, "admin"),
  ]);
});

afterAll(async () => {
  await worker.close();
  await closeImportsQueue();
  await disconnectDb();
});

const csv = (lines: string[][]) => `${lines.map((cells) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\r\n")}\r\n`;
const base64 = (bytes: Buffer | string) => Buffer.from(bytes).toString("base64");
const mobile = () => `139${String(randomInt(10_000_000, 99_999_999))}`;

async function upload(user: TestPartnerUser, entity: "leads" | "customers", content: Buffer | string, fileName = "名单.csv", language = "zh-CN") {
  return api("POST", "/imports", { token: await token(user), headers: { "accept-language": language }, body: { entity, fileName, content: base64(content) } });
}

async function waitFinished(user: TestPartnerUser, id: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await api("GET", `/imports/${id}`, { token: await token(user) });
    expect(response.status).toBe(200);
    if (response.body.status === "completed" || response.body.status === "failed") return response.body;
    if (Date.now() > deadline) throw new Error(`import ${id} did not finish: ${JSON.stringify(response.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function importAndWait(user: TestPartnerUser, entity: "leads" | "customers", content: Buffer | string, mode: "valid_rows" | "all_or_nothing", language = "zh-CN") {
  const uploaded = await upload(user, entity, content, "名单.csv", language);
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  const started = await api("POST", `/imports/${uploaded.body.id}/run`, { token: await token(user), headers: { "accept-language": language }, body: { mode } });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  expect(["queued", "running", "completed", "failed"]).toContain(started.body.status);
  return waitFinished(user, uploaded.body.id);
}

async function errorFileText(user: TestPartnerUser, id: string): Promise<string> {
  const response = await api("GET", `/imports/${id}/error-file`, { token: await token(user) });
  expect(response.status).toBe(200);
  expect(response.body.contentType).toBe("text/csv; charset=utf-8");
  const bytes = Buffer.from(response.body.content, "base64");
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return bytes.toString("utf8").slice(1);
}

describe("upload and preview", () => {
  it("reads a GBK file from Excel, recognises the Chinese headers, and previews rows checked like the lead form", async () => {
    const tag = randomUUID().slice(0, 6);
    const file = iconv.encode(
      csv([
        ["序号", "姓名", "公司名称", "手机号码", "邮箱"],
        ["1", `王芳${tag}`, "杭州云帆科技有限公司", mobile(), "wang@yunfan.com.cn"],
        ["2", "", "苏州恒通电子有限公司", "12", "not-an-email"],
        ["3", `李静${tag}`, "", "", ""],
      ]),
      "gbk",
    );
    const uploaded = await upload(rep, "leads", file);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({
      entity: "leads",
      status: "uploaded",
      format: "csv",
      totalRows: 3,
      headers: ["序号", "姓名", "公司名称", "手机号码", "邮箱"],
      mapping: { name: 1, company: 2, phone: 3, email: 4, source: null, notes: null },
    });

    const preview = await api("POST", `/imports/${uploaded.body.id}/preview`, { token: await token(rep), headers: { "accept-language": "en" }, body: {} });
    expect(preview.status).toBe(200);
    expect(preview.body.summary).toEqual({ total: 3, valid: 2, invalid: 1 });
    expect(preview.body.mappingIssues).toEqual([]);
    expect(preview.body.rows[1]).toEqual({
      rowNumber: 3,
      values: { name: "", company: "苏州恒通电子有限公司", phone: "12", email: "not-an-email", source: "", notes: "" },
      issues: [
        { field: "name", message: "Name: Required." },
        { field: "phone", message: "Phone: Enter a valid mobile or landline number." },
        { field: "email", message: "Email: Enter a valid email address." },
      ],
    });

    // Another mapping: without a name column, every row lacks one, and the mapping says so.
    const remapped = await api("POST", `/imports/${uploaded.body.id}/preview`, { token: await token(rep), body: { mapping: { name: null, company: 2 } } });
    expect(remapped.body.mappingIssues).toEqual(["请为“姓名”选择对应的列。"]);
    expect(remapped.body.summary).toEqual({ total: 3, valid: 0, invalid: 3 });
  });

  it.each([
    ["content that is not base64", { entity: "leads", fileName: "a.csv", content: "这不是文件" }, "imports.errors.invalidContent", "文件内容没有正确上传，请重新选择文件。"],
    ["an empty file", { entity: "leads", fileName: "a.csv", content: "" }, "imports.errors.fileEmpty", "文件是空的。"],
    ["a header without rows", { entity: "leads", fileName: "a.csv", content: base64("姓名,手机\r\n") }, "imports.errors.noData", "文件里没有数据行：第一行应为表头，从第二行开始是数据。"],
    ["an old .xls", { entity: "leads", fileName: "a.xls", content: base64(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2])) }, "imports.errors.unsupportedFormat", "只支持 CSV 和 Excel（.xlsx）文件。"],
    ["an unknown entity", { entity: "invoices", fileName: "a.csv", content: base64("姓名\n王芳\n") }, null, "请从列表中选择。"],
  ])("refuses %s with a translated 400 and stores nothing", async (_label, body, _key, message) => {
    const before = await baseDb().importJob.count({ where: { userId: rep.id } });
    const response = await api("POST", "/imports", { token: await token(rep), body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("VALIDATION_FAILED");
    expect([response.body.error.message, ...response.body.error.details.map((d: { message: string }) => d.message)]).toContain(message);
    expect(await baseDb().importJob.count({ where: { userId: rep.id } })).toBe(before);
  });

  it("partner imports are the partner's: staff who do not import get 403, platform admins see none of them (ADR 021)", async () => {
    const { createTestPlatformUser } = await import("../../testing/index.ts");
    const [manager, staff] = await Promise.all([createTestPlatformUser(["channel_manager"]), createTestPlatformUser(["admin"])]);
    expect((await api("GET", "/imports", { token: await apiToken(manager) })).status).toBe(403);
    const uploaded = await upload(rep, "leads", csv([["姓名"], [`员工不见${randomUUID().slice(0, 6)}`]]));
    const staffToken = await apiToken(staff);
    const list = await api("GET", "/imports?limit=200", { token: staffToken });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(uploaded.body.id);
    expect((await api("GET", `/imports/${uploaded.body.id}`, { token: staffToken })).status).toBe(404);
    expect((await api("POST", "/imports", { token: staffToken, body: { entity: "leads", fileName: "a.csv", content: base64("姓名\n王芳\n") } })).status).toBe(403);
  });
});

describe("leads: valid rows vs all or nothing", () => {
  it("imports the valid rows for a rep, assigned to the rep, and lists the rest with row number, original values and reason", async () => {
    const tag = randomUUID().slice(0, 6);
    const phone = mobile();
    const file = csv([
      ["姓名", "公司", "电话", "邮箱", "来源", "备注"],
      [`张伟${tag}`, "杭州云帆科技有限公司", phone, "ZhangWei@Yunfan.com.cn", "展会", "约定下周回访"],
      ["", "没有姓名的公司", "13800000000", "", "", ""],
      [`李静${tag}`, "苏州恒通电子有限公司", "abc", "", "", ""],
      [`赵敏${tag}`, "", "", "", "官网咨询", "多行\n备注"],
    ]);
    const result = await importAndWait(rep, "leads", file, "valid_rows");
    expect(result).toMatchObject({ status: "completed", mode: "valid_rows", totalRows: 4, processedRows: 4, importedRows: 2, errorRows: 2, hasErrorFile: true, failure: null });

    const leads = await baseDb().lead.findMany({ where: { name: { endsWith: tag } }, orderBy: { id: "asc" } });
    expect(leads.map((l) => l.name)).toEqual([`张伟${tag}`, `赵敏${tag}`]);
    for (const lead of leads) expect(lead).toMatchObject({ partnerId: partner.id, assigneeId: rep.id, createdById: rep.id, status: "new" });
    // The form's normalisation: e-mail lower-cased, blanks are null, text kept.
    expect(leads[0]).toMatchObject({ company: "杭州云帆科技有限公司", phone, email: "zhangwei@yunfan.com.cn", source: "展会", notes: "约定下周回访" });
    expect(leads[1]).toMatchObject({ company: null, notes: "多行\n备注" });

    // The rep sees them in their own list.
    const list = await api("GET", `/leads?q=${encodeURIComponent(tag)}`, { token: await token(rep) });
    expect(list.body.items).toHaveLength(2);

    expect(await errorFileText(rep, result.id)).toBe(
      "行号,姓名,公司,电话,邮箱,来源,备注,错误代码,原因\r\n" +
        "3,,没有姓名的公司,13800000000,,,,VALIDATION_FAILED,姓名：必填项。\r\n" +
        `4,李静${tag},苏州恒通电子有限公司,abc,,,,VALIDATION_FAILED,电话：请输入有效的手机或座机号码。\r\n`,
    );
  });

  it("an admin's imported leads are the admin's, as from the lead form", async () => {
    const tag = randomUUID().slice(0, 6);
    const result = await importAndWait(admin, "leads", csv([["Name", "Mobile"], [`Admin lead ${tag}`, mobile()]]), "valid_rows");
    expect(result).toMatchObject({ status: "completed", importedRows: 1, errorRows: 0, hasErrorFile: false });
    const lead = await baseDb().lead.findFirstOrThrow({ where: { name: `Admin lead ${tag}` } });
    expect(lead).toMatchObject({ partnerId: partner.id, assigneeId: admin.id, createdById: admin.id });
    const noFile = await api("GET", `/imports/${result.id}/error-file`, { token: await token(admin) });
    expect(noFile.status).toBe(404);
  });

  it("all or nothing: one bad row imports nothing, and says which row and why (in the language the import was started in)", async () => {
    const tag = randomUUID().slice(0, 6);
    const file = csv([
      ["姓名", "邮箱"],
      [`甲${tag}`, "a@example.com"],
      [`乙${tag}`, "b@"],
      [`丙${tag}`, ""],
    ]);
    const result = await importAndWait(rep, "leads", file, "all_or_nothing", "en");
    expect(result).toMatchObject({ status: "failed", importedRows: 0, errorRows: 1, processedRows: 3, hasErrorFile: true });
    expect(await baseDb().lead.count({ where: { name: { endsWith: tag } } })).toBe(0);
    expect(await errorFileText(rep, result.id)).toBe("Row,姓名,邮箱,Error code,Reason\r\n" + `3,乙${tag},b@,VALIDATION_FAILED,Email: Enter a valid email address.\r\n`);
    const zh = await api("GET", `/imports/${result.id}`, { token: await token(rep) });
    expect(zh.body.failure).toBe("有 1 行数据有误。按“全部有效才导入”的设置，没有导入任何数据。");
  });

  it("all or nothing: when every row is valid, every row is imported", async () => {
    const tag = randomUUID().slice(0, 6);
    const rows = Array.from({ length: 5 }, (_, i) => [`全有${i}${tag}`, mobile()]);
    const result = await importAndWait(rep, "leads", csv([["姓名", "手机"], ...rows]), "all_or_nothing");
    expect(result).toMatchObject({ status: "completed", importedRows: 5, errorRows: 0, processedRows: 5 });
    expect(await baseDb().lead.count({ where: { name: { endsWith: tag }, assigneeId: rep.id } })).toBe(5);
  });

  it("writes import.finished with the result, and its consumer tells the importing user", async () => {
    const tag = randomUUID().slice(0, 6);
    const result = await importAndWait(rep, "leads", csv([["姓名", "邮箱"], [`通知${tag}`, ""], [`通知坏${tag}`, "bad@"]]), "valid_rows");
    const event = await baseDb().outboxEvent.findFirstOrThrow({ where: { type: "import.finished", aggregateId: result.id } });
    expect(event.payload).toEqual({ importJobId: result.id, partnerId: partner.id, userId: rep.id, status: "completed", importedRows: 1, errorRows: 1 });
    const audit = await baseDb().auditLog.findFirstOrThrow({ where: { entityType: "ImportJob", entityId: result.id } });
    expect(audit).toMatchObject({ action: "import.completed", actorUserId: rep.id, partnerId: partner.id });
    const job = { eventId: event.id, type: event.type, aggregateType: event.aggregateType, aggregateId: event.aggregateId, partnerId: event.partnerId, payload: event.payload, occurredAt: event.createdAt.toISOString() };
    await handleDomainEvent(job);
    await handleDomainEvent(job); // delivered twice: still one notification
    const notifications = await baseDb().notification.findMany({ where: { userId: rep.id, sourceEventId: event.id } });
    expect(notifications).toEqual([
      expect.objectContaining({ type: "import.finished", messageKey: "imports.notification.completed", params: { fileName: "名单.csv", importedRows: 1, errorRows: 1 }, link: `/imports/${result.id}` }),
    ]);
  });

  it("cannot be started twice", async () => {
    const uploaded = await upload(rep, "leads", csv([["姓名"], [`两次${randomUUID().slice(0, 6)}`]]));
    const first = await api("POST", `/imports/${uploaded.body.id}/run`, { token: await token(rep), body: { mode: "valid_rows" } });
    expect(first.status).toBe(200);
    const second = await api("POST", `/imports/${uploaded.body.id}/run`, { token: await token(rep), body: { mode: "valid_rows" } });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toBe("这个导入已经开始或已经结束，不能再次运行。");
    await waitFinished(rep, uploaded.body.id);
  });

  it("refuses to start with a mapping that leaves out a required field", async () => {
    const uploaded = await upload(rep, "leads", csv([["姓名", "手机"], ["王芳", mobile()]]));
    const response = await api("POST", `/imports/${uploaded.body.id}/run`, { token: await token(rep), body: { mode: "valid_rows", mapping: { name: null, phone: 1 } } });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe("请为“姓名”选择对应的列。");
    expect((await api("GET", `/imports/${uploaded.body.id}`, { token: await token(rep) })).body.status).toBe("uploaded");
  });
});

/** A job that is queued without the queue, for running the service directly. */
async function queuedJob(user: TestPartnerUser, content: string, mode: "valid_rows" | "all_or_nothing") {
  const uploaded = await upload(user, "leads", content);
  await baseDb().importJob.update({ where: { id: uploaded.body.id }, data: { status: "queued", mode } });
  return uploaded.body.id as string;
}

describe("progress and resuming", () => {
  it("commits counters with each batch, so the progress bar moves row batch by row batch", async () => {
    const tag = randomUUID().slice(0, 6);
    const id = await queuedJob(rep, csv([["姓名", "手机"], [`进度1${tag}`, mobile()], ["", ""], [`进度3${tag}`, "x"], [`进度4${tag}`, mobile()], [`进度5${tag}`, mobile()], [`进度6${tag}`, mobile()]]), "valid_rows");
    const seen: Array<{ processedRows: number; importedRows: number; errorRows: number; alreadyRecordedRows: number }> = [];
    const result = await runImport(id, "zh-CN", { batchSize: 2, onProgress: (c) => seen.push({ ...c }) });
    expect(result).toEqual({ status: "completed", importedRows: 4, errorRows: 1, alreadyRecordedRows: 0 });
    // The blank line is not a row; "进度3" has a bad phone.
    expect(seen).toEqual([
      { processedRows: 2, importedRows: 1, errorRows: 1, alreadyRecordedRows: 0 },
      { processedRows: 4, importedRows: 3, errorRows: 1, alreadyRecordedRows: 0 },
      { processedRows: 5, importedRows: 4, errorRows: 1, alreadyRecordedRows: 0 },
    ]);
    const job = await baseDb().importJob.findUniqueOrThrow({ where: { id } });
    expect(job).toMatchObject({ status: "completed", processedRows: 5, importedRows: 4, errorRows: 1 });
    expect(job.startedAt).toBeInstanceOf(Date);
    expect(job.finishedAt!.getTime()).toBeGreaterThanOrEqual(job.startedAt!.getTime());
  });

  it("a run taken over after a crash continues behind the last committed batch, without duplicates", async () => {
    const tag = randomUUID().slice(0, 6);
    const names = Array.from({ length: 6 }, (_, i) => `续传${i + 1}${tag}`);
    const id = await queuedJob(rep, csv([["姓名", "邮箱"], ...names.map((n, i) => [n, i === 1 ? "bad@" : ""])]), "valid_rows");
    // What a crashed attempt left: the first batch (rows 1–3: two valid, one invalid) committed with its counters.
    await baseDb().lead.createMany({ data: [names[0]!, names[2]!].map((name) => ({ partnerId: partner.id, name, assigneeId: rep.id, createdById: rep.id })) });
    await baseDb().importJob.update({ where: { id }, data: { status: "running", processedRows: 3, importedRows: 2, errorRows: 1, startedAt: new Date() } });
    const result = await runImport(id, "zh-CN", { batchSize: 3 });
    expect(result).toEqual({ status: "completed", importedRows: 5, errorRows: 1, alreadyRecordedRows: 0 });
    const leads = await baseDb().lead.findMany({ where: { name: { endsWith: tag } }, select: { name: true } });
    expect(leads.map((l) => l.name).sort()).toEqual([names[0], names[2], names[3], names[4], names[5]].sort());
  });

  it("a finished import is not run again", async () => {
    const id = await queuedJob(rep, csv([["姓名"], [`一次${randomUUID().slice(0, 6)}`]]), "valid_rows");
    expect((await runImport(id, "zh-CN")).status).toBe("completed");
    expect(await runImport(id, "zh-CN")).toEqual({ status: "skipped", importedRows: 0, errorRows: 0, alreadyRecordedRows: 0 });
  });

  it("does not run for a user who was deactivated meanwhile", async () => {
    const leaver = await createTestPartnerUser(partner.id, "rep");
    const id = await queuedJob(leaver, csv([["姓名"], [`离职${randomUUID().slice(0, 6)}`]]), "valid_rows");
    await baseDb().user.update({ where: { id: leaver.id }, data: { deactivatedAt: new Date() } });
    expect(await runImport(id, "zh-CN")).toEqual({ status: "failed", importedRows: 0, errorRows: 0, alreadyRecordedRows: 0 });
    const job = await baseDb().importJob.findUniqueOrThrow({ where: { id } });
    expect(job.failure).toBe("imports.failure.actorInactive");
  });
});

describe("scope and partner isolation", () => {
  it("a rep sees their own imports; another rep of the partner gets 404, its admin sees it; another partner gets 404 everywhere", async () => {
    const uploaded = await upload(rep, "leads", csv([["姓名"], [`隔离${randomUUID().slice(0, 6)}`]]));
    const id = uploaded.body.id as string;
    expect((await api("GET", `/imports/${id}`, { token: await token(admin) })).status).toBe(200);
    expect((await api("GET", "/imports?limit=200", { token: await token(admin) })).body.items.map((i: { id: string }) => i.id)).toContain(id);
    expect((await api("GET", "/imports?limit=200", { token: await token(rep2) })).body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    expect((await api("GET", "/imports?limit=200", { token: await token(otherAdmin) })).body.items.map((i: { id: string }) => i.id)).not.toContain(id);

    const missing = randomUUID();
    for (const outsider of [rep2, otherAdmin]) {
      for (const [method, path, body] of [
        ["GET", `/imports/${id}`, undefined],
        ["POST", `/imports/${id}/preview`, {}],
        ["POST", `/imports/${id}/run`, { mode: "valid_rows" }],
        ["GET", `/imports/${id}/error-file`, undefined],
      ] as const) {
        const response = await api(method, path, { token: await token(outsider), ...(body ? { body } : {}) });
        const absent = await api(method, path.replace(id, missing), { token: await token(outsider), ...(body ? { body } : {}) });
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(response.body).toEqual(absent.body);
      }
    }
    // Nobody else started it.
    expect((await baseDb().importJob.findUniqueOrThrow({ where: { id } })).status).toBe("uploaded");
  });
});

/** A company identity nobody has registered yet. */
function company(label: string) {
  const tag = randomUUID().slice(0, 6);
  const body = `91330100${String(randomInt(10_000_000, 99_999_999))}M`;
  return { name: `宁波${label}${tag}精工机械有限公司`, uscc: `${body}${usccCheckCharacter(body)}`, phone: mobile() };
}

describe("customers: bulk registration (报备) through the registration decision", () => {
  it("registers each row; a customer another partner protects is a row error with PROTECTED_BY_OTHER_PARTNER and no owner", async () => {
    const taken = company("已被保护");
    const first = await api("POST", "/registrations", { token: await token(otherAdmin), body: { customer: { kind: "company", name: taken.name, uscc: taken.uscc, city: "宁波" } } });
    expect(first.body.status).toBe("accepted");
    const fresh = company("新客户");
    const person = { name: `个人客户${randomUUID().slice(0, 4)}`, phone: mobile() };
    const file = csv([
      ["客户类型", "客户名称", "手机", "统一社会信用代码", "城市", "备注"],
      ["企业", fresh.name, fresh.phone, fresh.uscc, "宁波", "展会认识"],
      ["企业", taken.name, "", taken.uscc, "宁波", ""],
      ["个人", person.name, person.phone, "", "", ""],
      ["个人", "没有联系方式", "", "", "", ""],
      ["企业", fresh.name, fresh.phone, "", "宁波", "同一文件里重复"],
    ]);
    const result = await importAndWait(rep, "customers", file, "valid_rows");
    expect(result).toMatchObject({ status: "completed", entity: "customers", totalRows: 5, processedRows: 5, importedRows: 2, errorRows: 3 });

    const registrations = await baseDb().registration.findMany({ where: { createdById: rep.id }, orderBy: { id: "asc" } });
    const names = registrations.map((r) => (r.submitted as { name: string }).name);
    expect(names).toEqual(expect.arrayContaining([fresh.name, taken.name, person.name]));
    expect(registrations.find((r) => (r.submitted as { name: string }).name === fresh.name && r.status === "accepted")).toBeTruthy();
    expect(registrations.find((r) => (r.submitted as { name: string }).name === taken.name)).toMatchObject({ status: "rejected", reasonCode: "PROTECTED_BY_OTHER_PARTNER" });

    const text = await errorFileText(rep, result.id);
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("行号,客户类型,客户名称,手机,统一社会信用代码,城市,备注,错误代码,原因");
    expect(lines[1]).toBe(`3,企业,${taken.name},,${taken.uscc},宁波,,PROTECTED_BY_OTHER_PARTNER,该客户已在其他合作伙伴的保护期内，暂不能报备。`);
    expect(lines[2]).toMatch(/^5,个人,没有联系方式,,,,,VALIDATION_FAILED,请至少填写一项可识别客户的信息/);
    expect(lines[3]).toBe(`6,企业,${fresh.name},${fresh.phone},,宁波,同一文件里重复,ALREADY_YOURS,该客户已在你方的保护期内，无需重复报备。`);
    // The other partner is never named, nor its id.
    expect(text).not.toContain(other.name);
    expect(text).not.toContain(other.id);
  });

  it("all or nothing: an invalid row stops the file before anything is registered", async () => {
    const a = company("全有甲");
    const file = csv([
      ["客户名称", "统一社会信用代码", "城市"],
      [a.name, a.uscc, "宁波"],
      ["坏代码公司", "91330100MA2B3C4D5X", "宁波"],
    ]);
    const result = await importAndWait(rep, "customers", file, "all_or_nothing");
    expect(result).toMatchObject({ status: "failed", importedRows: 0, errorRows: 1 });
    expect(await baseDb().registration.count({ where: { identityKeys: { has: `uscc:${a.uscc}` } } })).toBe(0);
    expect(await errorFileText(rep, result.id)).toContain("3,坏代码公司,91330100MA2B3C4D5X,宁波,VALIDATION_FAILED,统一社会信用代码：统一社会信用代码校验位不正确，请核对后重新输入。");
  });
});
