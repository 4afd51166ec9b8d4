/**
 * Exports against a real database: the list page's filters and the actor's scope, every page
 * (keyset), translated headers, CSV with BOM and XLSX, refusals, the audit row.
 */
import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../actor/index.ts";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { baseDb, disconnectDb } from "../../db/index.ts";
import { toDomainError } from "../../trpc/error-mapping.ts";
import { createTestLead, createTestPartner, createTestPartnerUser, createTestPlatformUser, type TestPartnerUser } from "../../testing/index.ts";
import { exportList } from "./exports.service.ts";

let partner: { id: string; name: string };
let other: { id: string; name: string };
let rep: TestPartnerUser, admin: TestPartnerUser, otherAdmin: TestPartnerUser;
const tag = randomUUID().slice(0, 6);

async function actorOf(userId: string): Promise<Actor> {
  return (await actorForUserId(userId, "session"))!.actor;
}

async function csvRows(body: ReadableStream<Uint8Array>): Promise<string[]> {
  const bytes = Buffer.from(await new Response(body).arrayBuffer());
  // The byte-order mark that makes Excel read UTF-8.
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return bytes.subarray(3).toString("utf8").split("\r\n").filter(Boolean);
}

beforeAll(async () => {
  partner = await createTestPartner({ name: `导出伙伴 ${tag}` });
  other = await createTestPartner({ name: `别家 ${tag}` });
  [rep, admin, otherAdmin] = await Promise.all([
    createTestPartnerUser(partner.id, "rep"),
    createTestPartnerUser(partner.id, "admin"),
    createTestPartnerUser(other.id, "admin"),
  ]);
  for (let i = 1; i <= 5; i++) {
    await createTestLead(partner.id, { createdById: rep.id, assigneeId: rep.id, name: `导出线索${i} ${tag}`, company: `公司,${i}`, status: i <= 2 ? "contacted" : "new" });
  }
  await createTestLead(partner.id, { createdById: admin.id, assigneeId: admin.id, name: `管理员线索 ${tag}`, status: "new" });
  await createTestLead(other.id, { createdById: otherAdmin.id, assigneeId: otherAdmin.id, name: `别家线索 ${tag}`, status: "new" });
});
afterAll(disconnectDb);

describe("exportList", () => {
  it("exports every page of the rep's own leads as CSV with a BOM and zh-CN headers", async () => {
    const file = await exportList(await actorOf(rep.id), "leads", "csv", { q: tag }, "zh-CN", 2);
    expect(file.contentType).toBe("text/csv; charset=utf-8");
    expect(file.fileName).toMatch(/^线索-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(file.disposition).toMatch(/^attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''%E7%BA%BF%E7%B4%A2-/);
    const rows = await csvRows(file.body);
    expect(rows[0]).toBe("姓名,公司,电话,邮箱,来源,备注,状态,状态说明,负责人,合作伙伴,创建时间,更新时间");
    // Newest first, like the list; five rows over three pages of two; the admin's and the other partner's are not the rep's.
    expect(rows.slice(1).map((r) => r.split(",")[0])).toEqual([5, 4, 3, 2, 1].map((i) => `导出线索${i} ${tag}`));
    expect(rows[1]).toContain('"公司,5"');
  });

  it("applies the list's filters, and an admin's scope", async () => {
    const contacted = await csvRows((await exportList(await actorOf(admin.id), "leads", "csv", { q: tag, status: "contacted", format: "csv" }, "zh-CN")).body);
    expect(contacted.slice(1).map((r) => r.split(",")[0])).toEqual([`导出线索2 ${tag}`, `导出线索1 ${tag}`]);
    const all = await csvRows((await exportList(await actorOf(admin.id), "leads", "csv", { q: tag }, "zh-CN")).body);
    expect(all).toHaveLength(1 + 6);
    expect(all.join("\n")).not.toContain("别家线索");
  });

  it("translates headers and values into the user's language", async () => {
    const rows = await csvRows((await exportList(await actorOf(rep.id), "leads", "csv", { q: tag, status: "contacted" }, "en")).body);
    expect(rows[0]).toBe("Name,Company,Phone,Email,Source,Notes,Status,Status note,Assignee,Partner,Created,Updated");
    expect((parse(rows.join("\r\n")) as string[][])[1]![6]).toBe("Contacted");
  });

  it("writes XLSX with the same rows, dates as dates", async () => {
    const file = await exportList(await actorOf(rep.id), "leads", "xlsx", { q: tag }, "zh-CN", 2);
    expect(file.contentType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const buffer = Buffer.from(await new Response(file.body).arrayBuffer());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe("线索");
    expect(sheet.getRow(1).values).toEqual([undefined, "姓名", "公司", "电话", "邮箱", "来源", "备注", "状态", "状态说明", "负责人", "合作伙伴", "创建时间", "更新时间"]);
    expect(sheet.rowCount).toBe(6);
    expect(sheet.getRow(2).getCell(1).value).toBe(`导出线索5 ${tag}`);
    expect(sheet.getRow(2).getCell(11).value).toBeInstanceOf(Date);
  });

  it("exports customers and registrations in scope; the platform sees the owner", async () => {
    const staff = await createTestPlatformUser(["finance"]);
    const customer = await baseDb().customer.create({ data: { kind: "company", name: `导出客户 ${tag}`, city: "杭州", ownerPartnerId: other.id, protectedUntil: new Date(Date.now() + 86_400_000) } });
    const platformRows = await csvRows((await exportList(await actorOf(staff.id), "customers", "csv", { q: `导出客户 ${tag}` }, "zh-CN")).body);
    expect(platformRows[0]).toBe("客户名称,客户类型,城市,电话,邮箱,统一社会信用代码,保护截止,阶段,所属合作伙伴,最近跟进,创建时间");
    expect(platformRows[1]).toContain(`导出客户 ${tag},企业,杭州`);
    expect(platformRows[1]).toContain(other.name);
    // Another partner's customer is not in the partner's export at all.
    const partnerRows = await csvRows((await exportList(await actorOf(admin.id), "customers", "csv", { q: `导出客户 ${tag}` }, "zh-CN")).body);
    expect(partnerRows).toHaveLength(1);
    expect(customer.id).toBeTruthy();

    const registrations = await csvRows((await exportList(await actorOf(rep.id), "registrations", "csv", { status: "accepted" }, "zh-CN")).body);
    expect(registrations[0]).toBe("客户名称,客户类型,电话,邮箱,统一社会信用代码,城市,状态,原因,保护截止,延期,合作伙伴,提交时间,判定时间");
  });

  it("refuses what the actor may not list, unknown lists and formats, and bad filters, before sending anything", async () => {
    const finance = await createTestPlatformUser(["finance"]);
    const refusal = async (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: unknown) => {
          const domain = toDomainError(error);
          return `${domain.code}:${domain.i18nKey}`;
        },
      );
    expect(await refusal(exportList(await actorOf(finance.id), "leads", "csv", {}, "zh-CN"))).toBe("FORBIDDEN:errors.FORBIDDEN");
    expect(await refusal(exportList(await actorOf(rep.id), "orders", "csv", {}, "zh-CN"))).toBe("NOT_FOUND:imports.export.unknownEntity");
    expect(await refusal(exportList(await actorOf(rep.id), "leads", "pdf", {}, "zh-CN"))).toBe("VALIDATION_FAILED:imports.export.unknownFormat");
    expect(await refusal(exportList(await actorOf(rep.id), "leads", "csv", { status: "nonsense" }, "zh-CN"))).toBe("VALIDATION_FAILED:errors.VALIDATION_FAILED");
  });

  it("records who exported what", async () => {
    await exportList(await actorOf(admin.id), "leads", "csv", { status: "new" }, "zh-CN");
    const audit = await baseDb().auditLog.findFirstOrThrow({ where: { actorUserId: admin.id, action: "export.run" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ entityType: "Export", entityId: "leads", partnerId: partner.id, after: { entity: "leads", format: "csv", filter: { status: "new" } } });
  });
});
