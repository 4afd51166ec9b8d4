/**
 * Disputes of statement lines through /api/v1 against a real database (ADR 022). Statements come
 * from the real engine: an active plan, orders ingested for a customer the partner owned since
 * 2016, generatePartnerStatement for a 2017 period, issued by finance. A partner's manager disputes
 * a line (with an attachment); finance accepts — the adjustment line with the dispute as its cause
 * lands in the statement, its totals follow and the statement goes back to the partner — or
 * rejects with a reason the partner reads; one open dispute per line; other partners get 404,
 * reps 403; the SLA age and its setting; everything audited and announced.
 */
import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../actor/index.ts";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { baseDb, disconnectDb, runAsActor } from "../../db/index.ts";
import { handleDomainEvent } from "../../jobs/domain-event.handler.ts";
import { api, apiToken, createTestPartner, createTestPartnerUser, createTestPlatformUser, type TestPartnerUser } from "../../testing/index.ts";
import { registerCustomer } from "../registrations/index.ts";
import { toDecimal } from "../money.rules.ts";
import { raiseDispute } from "./disputes.service.ts";
import { forgetCachedSettlementPolicies } from "./settlement-policy.service.ts";
import { generatePartnerStatement, generationContext, loadPlanVersions } from "./statement-generation.service.ts";

afterAll(disconnectDb);

let finance: string;
let admin: string;
let partnerA: { id: string; tier: "bronze" };
let aAdmin: TestPartnerUser, aManager: TestPartnerUser, aRep: TestPartnerUser;
let aAdminToken: string, aManagerToken: string, aRepToken: string, bAdminToken: string;

const actorOf = async (userId: string): Promise<Actor> => (await actorForUserId(userId, "session"))!.actor;

beforeAll(async () => {
  finance = await apiToken(await createTestPlatformUser(["finance"]));
  admin = await apiToken(await createTestPlatformUser(["admin"]));
  partnerA = { id: (await createTestPartner()).id, tier: "bronze" };
  const partnerB = await createTestPartner();
  [aAdmin, aManager, aRep] = await Promise.all([createTestPartnerUser(partnerA.id, "admin"), createTestPartnerUser(partnerA.id, "manager"), createTestPartnerUser(partnerA.id, "rep")]);
  [aAdminToken, aManagerToken, aRepToken, bAdminToken] = await Promise.all([apiToken(aAdmin), apiToken(aManager), apiToken(aRep), apiToken(await createTestPartnerUser(partnerB.id, "admin"))]);
  // A version in force for every 2017 order (another file's version may start later; amounts are read, not assumed).
  // December 2016: after the 2016-03 (reconciliation) and 2016-07 (simulation) months, whose plans it must not override.
  const effectiveFrom = new Date(Date.UTC(2016, 11, randomInt(2, 28), randomInt(0, 24), randomInt(0, 60))).toISOString();
  const plan = await api("POST", "/commission-plans", { token: finance, body: { name: `异议测试方案 ${randomUUID().slice(0, 6)}`, effectiveFrom, rules: { rates: [{ rate: "0.10" }] } } });
  expect(plan.status).toBe(201);
  expect((await api("POST", `/commission-plans/${plan.body.id}/activate`, { token: finance })).status).toBe(200);
}, 120_000);

/** A customer partner A has owned since 2016. */
async function ownedCustomer(): Promise<string> {
  const actor = await actorOf(aAdmin.id);
  const decision = await runAsActor(actor, () =>
    registerCustomer(actor, { customer: { kind: "company", name: `异议测试${randomUUID().slice(0, 8)}有限公司`, phone: `137${String(randomInt(0, 1e8)).padStart(8, "0")}`, city: "苏州" } }, "zh-CN", new Date(Date.UTC(2016, 11, 1))),
  );
  expect(decision.status).toBe("accepted");
  return decision.customerId!;
}

let nextMonth = randomInt(0, 12);
/** A 2017 period no other test of this file uses for partner A. */
function freshPeriod(): string {
  nextMonth = (nextMonth + 1) % 12;
  return `2017-${String(nextMonth + 1).padStart(2, "0")}`;
}

type Line = { id: string; key: string; kind: string; amount: string; detail: Record<string, unknown>; openDisputeId: string | null };
type Statement = { id: string; status: string; total: string; adjustmentTotal: string; earnTotal: string; lines: Line[] };

/** An issued statement of partner A for a fresh 2017 period, with two earn lines. */
async function issuedStatement(): Promise<Statement> {
  const period = freshPeriod();
  const customerId = await ownedCustomer();
  const order = await api("POST", "/orders", {
    token: finance,
    body: {
      externalId: `DSP-${randomUUID()}`,
      customerId,
      orderedAt: `${period}-15T10:00:00+08:00`,
      currency: "CNY",
      items: [
        { sku: "SRV-1", category: "software", quantity: "2", unitPrice: "1500.00" },
        { sku: "HW-1", category: "hardware", quantity: "1", unitPrice: "800.00" },
      ],
    },
  });
  expect(order.status).toBe(201);
  expect(order.body.attributedPartnerId).toBe(partnerA.id);
  await generatePartnerStatement(partnerA, period, generationContext(await loadPlanVersions()));
  const row = await baseDb().commissionStatement.findUniqueOrThrow({ where: { partnerId_period: { partnerId: partnerA.id, period } } });
  expect((await api("POST", `/statements/${row.id}/issue`, { token: finance })).status).toBe(200);
  return statementOf(row.id);
}

async function statementOf(id: string): Promise<Statement> {
  const response = await api("GET", `/statements/${id}`, { token: finance });
  expect(response.status).toBe(200);
  return response.body as Statement;
}

const earnLines = (statement: Statement) => statement.lines.filter((l) => l.kind === "earn");
const sum = (amounts: string[]) => amounts.reduce((total, amount) => total.add(toDecimal(amount)), toDecimal("0")).toFixed(2);

const pdf = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

describe("raising a dispute", () => {
  it("a partner's manager disputes a line with a reason and an attachment: the statement becomes disputed, finance's queue shows it with its SLA age, the file comes back byte for byte, audited and announced", async () => {
    const statement = await issuedStatement();
    const line = earnLines(statement)[0]!;
    const raised = await api("POST", `/statements/${statement.id}/disputes`, {
      token: aManagerToken,
      body: { lineId: line.id, reason: "该客户是首单，应有新客户奖励。", expectedAmount: "1,650.00", attachment: { fileName: "合同.pdf", contentBase64: pdf.toString("base64") } },
    });
    expect(raised.status).toBe(201);
    expect(raised.body).toMatchObject({
      statementId: statement.id,
      statementStatus: "disputed",
      partnerId: partnerA.id,
      line: { id: line.id, key: line.key, kind: "earn", amount: line.amount, openDisputeId: raised.body.id },
      raisedById: aManager.id,
      raisedByName: aManager.name,
      reason: "该客户是首单，应有新客户奖励。",
      expectedAmount: "1650.00",
      attachment: { fileName: "合同.pdf", contentType: "application/pdf" },
      status: "open",
      resolutionNote: null,
      ageHours: 0,
      slaHours: expect.any(Number),
      overSla: false,
    });
    expect((await statementOf(statement.id)).status).toBe("disputed");
    expect((await statementOf(statement.id)).lines.find((l) => l.id === line.id)!.openDisputeId).toBe(raised.body.id);

    const queue = await api("GET", `/disputes?status=open&order=oldest&partnerId=${partnerA.id}&limit=200`, { token: finance });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((d: { id: string }) => d.id)).toContain(raised.body.id);
    const mine = await api("GET", `/disputes?statementId=${statement.id}`, { token: aAdminToken });
    expect(mine.body.items.map((d: { id: string }) => d.id)).toEqual([raised.body.id]);

    for (const token of [finance, aAdminToken]) {
      const file = await api("GET", `/disputes/${raised.body.id}/attachment`, { token });
      expect(file.status).toBe(200);
      expect(file.body).toMatchObject({ fileName: "合同.pdf", contentType: "application/pdf", size: pdf.length });
      expect(Buffer.from(file.body.contentBase64, "base64").equals(pdf)).toBe(true);
    }

    const audit = await baseDb().auditLog.findMany({ where: { entityId: { in: [raised.body.id, statement.id] }, action: { in: ["dispute.raised", "statement.disputed"] } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.actorUserId, a.partnerId])).toEqual([
      ["dispute.raised", aManager.id, partnerA.id],
      ["statement.disputed", aManager.id, partnerA.id],
    ]);
    expect(audit[0]!.after).toMatchObject({ lineId: line.id, lineAmount: line.amount, expectedAmount: "1650.00", attachment: "合同.pdf" });
    const events = await baseDb().outboxEvent.findMany({ where: { aggregateId: raised.body.id, type: "dispute.raised" } });
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ statementId: statement.id, lineId: line.id, raisedById: aManager.id });
  });

  it("one open dispute per line (409, translated); another line of the same statement may be disputed while the first is open", async () => {
    const statement = await issuedStatement();
    const [first, second] = earnLines(statement);
    const body = { lineId: first!.id, reason: "金额不对" };
    expect((await api("POST", `/statements/${statement.id}/disputes`, { token: aManagerToken, body })).status).toBe(201);
    const again = await api("POST", `/statements/${statement.id}/disputes`, { token: aAdminToken, body, headers: { "accept-language": "en" } });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe("This line already has an open dispute.");
    expect(await baseDb().commissionDispute.count({ where: { lineId: first!.id } })).toBe(1);
    const other = await api("POST", `/statements/${statement.id}/disputes`, { token: aAdminToken, body: { lineId: second!.id, reason: "品类应按软件计" } });
    expect(other.status).toBe(201);
    expect(other.body.statementStatus).toBe("disputed");
  });

  it("another partner's statement or line is 404, a rep is refused, staff do not raise disputes, and statements not open to disputes are refused in the reader's language", async () => {
    const statement = await issuedStatement();
    const line = earnLines(statement)[0]!;
    const body = { lineId: line.id, reason: "核对" };
    expect((await api("POST", `/statements/${statement.id}/disputes`, { token: bAdminToken, body })).status).toBe(404);
    const foreignLine = await api("POST", `/statements/${statement.id}/disputes`, { token: aManagerToken, body: { ...body, lineId: "00000000-0000-7000-8000-000000000000" } });
    expect(foreignLine.status).toBe(404);
    expect((await api("POST", `/statements/${statement.id}/disputes`, { token: aRepToken, body })).status).toBe(403);
    expect((await api("POST", `/statements/${statement.id}/disputes`, { token: finance, body })).status).toBe(403);
    expect((await api("GET", `/disputes?statementId=${statement.id}`, { token: aRepToken })).status).toBe(403);
    expect(await baseDb().commissionDispute.count({ where: { statementId: statement.id } })).toBe(0);

    // A line of another of A's statements is not a line of this one.
    const elsewhere = await issuedStatement();
    const mixed = await api("POST", `/statements/${statement.id}/disputes`, { token: aManagerToken, body: { ...body, lineId: earnLines(elsewhere)[0]!.id } });
    expect(mixed.status).toBe(404);

    // Confirmed: agreed to; approved: locked.
    expect((await api("POST", `/statements/${statement.id}/confirm`, { token: aAdminToken })).status).toBe(200);
    const confirmed = await api("POST", `/statements/${statement.id}/disputes`, { token: aManagerToken, body, headers: { "accept-language": "zh-CN" } });
    expect(confirmed.status).toBe(422);
    expect(confirmed.body.error.message).toBe("对账单已确认，不能再提出异议；如有问题请联系平台财务。");
    expect((await api("POST", `/statements/${statement.id}/approve`, { token: finance })).status).toBe(200);
    const locked = await api("POST", `/statements/${statement.id}/disputes`, { token: aManagerToken, body, headers: { "accept-language": "en" } });
    expect(locked.status).toBe(422);
    expect(locked.body.error.message).toMatch(/approved and locked/);
    expect(await baseDb().commissionDispute.count({ where: { statementId: statement.id } })).toBe(0);
  });

  it("refuses bad input per field, translated, and writes nothing", async () => {
    const statement = await issuedStatement();
    const line = earnLines(statement)[0]!;
    const post = (body: unknown) => api("POST", `/statements/${statement.id}/disputes`, { token: aManagerToken, body, headers: { "accept-language": "zh-CN" } });
    const paths = async (body: unknown) => {
      const response = await post(body);
      expect(response.status).toBe(400);
      return Object.fromEntries((response.body.error.details as Array<{ path: string; message: string }>).map((d) => [d.path, d.message]));
    };
    expect(await paths({ lineId: line.id, reason: " ", expectedAmount: "12.345" })).toMatchObject({ reason: expect.any(String), expectedAmount: "请输入金额，最多两位小数，可为负数，如 -120.50。" });
    expect(await paths({ lineId: line.id, reason: "附件", attachment: { fileName: "run.exe", contentBase64: "TVqQAA==" } })).toEqual({ "attachment.fileName": "附件只支持 PDF、PNG、JPG、XLSX 和 CSV 文件。" });
    expect(await paths({ lineId: line.id, reason: "附件", attachment: { fileName: "a.pdf", contentBase64: Buffer.alloc(5 * 1024 * 1024 + 1).toString("base64") } })).toEqual({
      "attachment.contentBase64": "附件不能超过 5 MB。",
    });
    // Named a PDF, but an executable inside.
    expect(await paths({ lineId: line.id, reason: "附件", attachment: { fileName: "凭证.pdf", contentBase64: Buffer.from("MZ\x90\x00binary").toString("base64") } })).toEqual({
      "attachment.contentBase64": "附件内容与文件类型不符。",
    });
    expect(await baseDb().commissionDispute.count({ where: { statementId: statement.id } })).toBe(0);
    expect((await statementOf(statement.id)).status).toBe("issued");
  });
});

describe("resolving a dispute", () => {
  it("finance accepts with a correction: an adjustment line caused by the dispute lands in the same statement, its totals follow, the statement is re-issued for the partner to confirm, and the raiser is notified", async () => {
    const statement = await issuedStatement();
    const line = earnLines(statement)[0]!;
    const raised = await api("POST", `/statements/${statement.id}/disputes`, { token: aManagerToken, body: { lineId: line.id, reason: "少算了首单奖励", expectedAmount: sum([line.amount, "60.00"]) } });
    const accepted = await api("POST", `/disputes/${raised.body.id}/resolve`, { token: finance, body: { decision: "accept", amount: "60.00", note: "补发首单奖励" } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: "accepted", adjustmentAmount: "60.00", adjustmentLineKey: `adjustment:dispute:${raised.body.id}`, resolutionNote: "补发首单奖励", statementStatus: "issued", resolvedAt: expect.any(String) });

    const after = await statementOf(statement.id);
    const adjustment = after.lines.find((l) => l.key === `adjustment:dispute:${raised.body.id}`);
    expect(adjustment).toMatchObject({ kind: "adjustment", amount: "60.00", detail: { cause: { type: "dispute", id: raised.body.id, period: expect.stringMatching(/^2017-/) }, note: "补发首单奖励" } });
    expect(after.adjustmentTotal).toBe("60.00");
    expect(after.total).toBe(sum([statement.total, "60.00"]));
    expect(after.status).toBe("issued");
    expect(after.lines.find((l) => l.id === line.id)!.openDisputeId).toBeNull();

    // The partner sees the answer and the new figures, and confirms them.
    const seen = await api("GET", `/disputes/${raised.body.id}`, { token: aManagerToken });
    expect(seen.body).toMatchObject({ status: "accepted", adjustmentAmount: "60.00", resolvedByName: null });
    expect((await api("POST", `/statements/${statement.id}/confirm`, { token: aAdminToken })).status).toBe(200);

    const audit = await baseDb().auditLog.findMany({ where: { entityId: { in: [raised.body.id, statement.id] }, action: { in: ["dispute.accepted", "statement.reissued"] } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["dispute.accepted", "statement.reissued"]);
    expect(audit[0]!.before).toMatchObject({ status: "open", statementTotal: statement.total });
    expect(audit[0]!.after).toMatchObject({ status: "accepted", adjustmentAmount: "60.00", statementTotal: after.total });

    const [event] = await baseDb().outboxEvent.findMany({ where: { aggregateId: raised.body.id, type: "dispute.resolved" } });
    expect(event!.payload).toMatchObject({ status: "accepted", adjustmentAmount: "60.00", statementStatus: "issued", raisedById: aManager.id });
    expect(await baseDb().outboxEvent.count({ where: { aggregateId: statement.id, type: "statement.issued" } })).toBe(2);
    const job = { eventId: event!.id, type: event!.type, aggregateType: event!.aggregateType, aggregateId: event!.aggregateId, partnerId: event!.partnerId, payload: event!.payload, occurredAt: event!.createdAt.toISOString() };
    await handleDomainEvent(job);
    // Delivered twice (at least once): still one notification.
    await handleDomainEvent(job);
    const notes = await baseDb().notification.findMany({ where: { userId: aManager.id, type: "dispute.resolved" } });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ messageKey: "settlement.notification.disputeAccepted", params: { amount: "60.00" }, link: `/statements/${statement.id}` });

    // Resolved once: a second answer is refused.
    const twice = await api("POST", `/disputes/${raised.body.id}/resolve`, { token: finance, body: { decision: "reject", note: "重复" } });
    expect(twice.status).toBe(409);
    expect((await statementOf(statement.id)).adjustmentTotal).toBe("60.00");
  });

  it("finance rejects with a reason the partner reads; the only dispute rejected confirms the statement unchanged", async () => {
    const statement = await issuedStatement();
    const line = earnLines(statement)[1]!;
    const raised = await api("POST", `/statements/${statement.id}/disputes`, { token: aManagerToken, body: { lineId: line.id, reason: "比例不对" } });
    const rejected = await api("POST", `/disputes/${raised.body.id}/resolve`, { token: finance, body: { decision: "reject", note: "硬件类适用默认比例，见方案 v1。" } });
    expect(rejected.status).toBe(200);
    const seen = await api("GET", `/disputes/${raised.body.id}`, { token: aManagerToken });
    expect(seen.body).toMatchObject({ status: "rejected", resolutionNote: "硬件类适用默认比例，见方案 v1。", adjustmentAmount: null, statementStatus: "confirmed" });
    const after = await statementOf(statement.id);
    expect(after).toMatchObject({ status: "confirmed", total: statement.total, adjustmentTotal: "0.00" });
    expect(after.lines).toHaveLength(statement.lines.length);
    expect(await baseDb().auditLog.count({ where: { entityId: raised.body.id, action: "dispute.rejected" } })).toBe(1);
    expect(await baseDb().auditLog.count({ where: { entityId: statement.id, action: "statement.confirmed" } })).toBe(1);
    // Confirmed: finance can approve it now.
    expect((await api("POST", `/statements/${statement.id}/approve`, { token: finance })).status).toBe(200);
  });

  it("a round with one acceptance re-issues the statement even when its last dispute is rejected; the statement stays disputed while any is open", async () => {
    const statement = await issuedStatement();
    const [a, b] = earnLines(statement);
    const first = await api("POST", `/statements/${statement.id}/disputes`, { token: aManagerToken, body: { lineId: a!.id, reason: "一" } });
    const second = await api("POST", `/statements/${statement.id}/disputes`, { token: aAdminToken, body: { lineId: b!.id, reason: "二" } });
    const accepted = await api("POST", `/disputes/${first.body.id}/resolve`, { token: finance, body: { decision: "accept", amount: "-25.50" } });
    expect(accepted.body.statementStatus).toBe("disputed");
    const rejected = await api("POST", `/disputes/${second.body.id}/resolve`, { token: finance, body: { decision: "reject", note: "无误" } });
    expect(rejected.body.statementStatus).toBe("issued");
    const after = await statementOf(statement.id);
    expect(after).toMatchObject({ status: "issued", adjustmentTotal: "-25.50", total: sum([statement.total, "-25.50"]) });
  });

  it("refuses a resolution without its amount or reason, per field; partners cannot resolve; another partner's dispute is 404", async () => {
    const statement = await issuedStatement();
    const raised = await api("POST", `/statements/${statement.id}/disputes`, { token: aManagerToken, body: { lineId: earnLines(statement)[0]!.id, reason: "核对" } });
    const detail = async (body: unknown) => (await api("POST", `/disputes/${raised.body.id}/resolve`, { token: finance, body, headers: { "accept-language": "en" } })).body.error.details;
    expect(await detail({ decision: "accept" })).toEqual([{ path: "amount", message: "Enter the correction to accept the dispute." }]);
    expect(await detail({ decision: "accept", amount: "0" })).toEqual([{ path: "amount", message: expect.stringMatching(/cannot be 0/) }]);
    expect(await detail({ decision: "reject", note: "" })).toEqual([{ path: "note", message: "Give the reason for rejecting; the partner reads it." }]);
    expect((await api("POST", `/disputes/${raised.body.id}/resolve`, { token: aAdminToken, body: { decision: "reject", note: "x" } })).status).toBe(403);
    expect((await api("GET", `/disputes/${raised.body.id}`, { token: bAdminToken })).status).toBe(404);
    expect((await api("GET", `/disputes/${raised.body.id}/attachment`, { token: bAdminToken })).status).toBe(404);
    expect((await api("POST", `/disputes/${raised.body.id}/withdraw`, { token: bAdminToken })).status).toBe(404);
    expect((await api("GET", `/disputes/${raised.body.id}`, { token: finance })).body.status).toBe("open");
    expect((await statementOf(statement.id)).status).toBe("disputed");
  });

  it("the partner withdraws its own dispute (the raiser or its admin, not another manager): the statement is confirmed, nothing booked", async () => {
    const statement = await issuedStatement();
    const raised = await api("POST", `/statements/${statement.id}/disputes`, { token: aAdminToken, body: { lineId: earnLines(statement)[0]!.id, reason: "看错了" } });
    const otherManager = await apiToken(await createTestPartnerUser(partnerA.id, "manager"));
    expect((await api("POST", `/disputes/${raised.body.id}/withdraw`, { token: otherManager })).status).toBe(403);
    expect((await api("POST", `/disputes/${raised.body.id}/withdraw`, { token: finance })).status).toBe(403);
    const withdrawn = await api("POST", `/disputes/${raised.body.id}/withdraw`, { token: aAdminToken, body: { note: "已核对无误" } });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: "withdrawn", resolutionNote: "已核对无误", statementStatus: "confirmed" });
    expect((await statementOf(statement.id)).total).toBe(statement.total);
    expect(await baseDb().outboxEvent.count({ where: { aggregateId: raised.body.id, type: "dispute.withdrawn" } })).toBe(1);
    expect(await baseDb().auditLog.count({ where: { entityId: raised.body.id, action: "dispute.withdrawn", actorUserId: aAdmin.id } })).toBe(1);
  });
});

describe("SLA", () => {
  it("a dispute open longer than the target is over the SLA; the target is a platform setting only admins change (audited); the clock stops at resolution", async () => {
    const statement = await issuedStatement();
    const [a, b] = earnLines(statement);
    const managerActor = await actorOf(aManager.id);
    const sixDaysAgo = new Date(Date.now() - 6 * 24 * 3_600_000);
    const old = await runAsActor(managerActor, () => raiseDispute(managerActor, { id: statement.id, lineId: a!.id, reason: "等了很久" }, sixDaysAgo));
    const fresh = await api("POST", `/statements/${statement.id}/disputes`, { token: aManagerToken, body: { lineId: b!.id, reason: "刚提出" } });

    expect((await api("PUT", "/settings/dispute-policy", { token: finance, body: { slaHours: 200 } })).status).toBe(403);
    const set = await api("PUT", "/settings/dispute-policy", { token: admin, body: { slaHours: 120, confirmWithinDays: 10 } });
    expect(set.status).toBe(200);
    forgetCachedSettlementPolicies();
    expect((await api("GET", "/settings/dispute-policy", { token: aManagerToken })).body).toEqual({ slaHours: 120, confirmWithinDays: 10 });
    expect(await baseDb().auditLog.count({ where: { entityId: "dispute-policy", action: "settings.updated" } })).toBeGreaterThan(0);

    const queue = (await api("GET", `/disputes?statementId=${statement.id}&status=open&order=oldest`, { token: finance })).body.items as Array<{ id: string; ageHours: number; overSla: boolean }>;
    expect(queue.map((d) => d.id)).toEqual([old.id, fresh.body.id]);
    expect(queue[0]).toMatchObject({ ageHours: 144, overSla: true });
    expect(queue[1]).toMatchObject({ ageHours: 0, overSla: false });
    // The partner sees the same age.
    expect((await api("GET", `/disputes/${old.id}`, { token: aManagerToken })).body).toMatchObject({ ageHours: 144, overSla: true });

    expect((await api("PUT", "/settings/dispute-policy", { token: admin, body: { slaHours: 0 } })).status).toBe(400);
    // The confirmation deadline beside it: whole days, 1 to 90.
    const badDeadline = await api("PUT", "/settings/dispute-policy", { token: admin, body: { slaHours: 120, confirmWithinDays: 91 }, headers: { "accept-language": "en" } });
    expect(badDeadline.status).toBe(400);
    expect(badDeadline.body.error.details).toEqual([{ path: "confirmWithinDays", message: "The confirmation deadline must be a whole number of days from 1 to 90." }]);
    await api("POST", `/disputes/${fresh.body.id}/resolve`, { token: finance, body: { decision: "reject", note: "无误" } });
    const resolved = await api("GET", `/disputes/${fresh.body.id}`, { token: finance });
    expect(resolved.body).toMatchObject({ status: "rejected", ageHours: 0, overSla: false });
  });
});
