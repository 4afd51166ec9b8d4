/**
 * Statements against a real database, through /api/v1 and the statements queue: a plan with category
 * and tier rates, a new-customer bonus, a volume tier and a cap produces lines that each explain
 * themselves and add up to the cent; a rerun writes nothing; issue → confirm → approve locks the
 * statement; a refund recorded after approval for the approved period lands as one adjustment line
 * in the next period and leaves the approved statement as it was. Periods are in 2019 so no other
 * test file's orders or plans take part.
 */
import { randomInt, randomUUID } from "node:crypto";
import { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../actor/index.ts";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { baseDb, disconnectDb, runAsActor } from "../../db/index.ts";
import { queuePrefix, redisConnection } from "../../jobs/connection.ts";
import { handleDomainEvent } from "../../jobs/domain-event.handler.ts";
import { closeStatementsQueue, STATEMENTS_QUEUE, ZStatementRunJob } from "../../jobs/statement.job.ts";
import { api, apiToken, createTestPartner, createTestPartnerUser, createTestPlatformUser, type TestPartnerUser } from "../../testing/index.ts";
import { registerCustomer } from "../registrations/index.ts";
import { executeStatementRun } from "./statement-run.service.ts";
import { currentPeriod, generatePartnerStatement, generationContext, loadPlanVersions } from "./statement-generation.service.ts";
import { autoConfirmStatements } from "./statement-auto-confirm.service.ts";

let worker: Worker;
let finance: string;
let partner: { id: string };
let admin: TestPartnerUser, manager: TestPartnerUser, rep: TestPartnerUser, otherAdmin: TestPartnerUser;
let adminToken: string, managerToken: string, repToken: string, otherToken: string;
const orders: Record<string, { id: string; externalId: string }> = {};

async function actorOf(userId: string): Promise<Actor> {
  return (await actorForUserId(userId, "session"))!.actor;
}

async function registeredAt(user: TestPartnerUser, at: Date): Promise<string> {
  const actor = await actorOf(user.id);
  const decision = await runAsActor(actor, () =>
    registerCustomer(actor, { customer: { kind: "company", name: `对账单测试${randomUUID().slice(0, 8)}有限公司`, phone: `137${String(randomInt(0, 1e8)).padStart(8, "0")}`, city: "宁波" } }, "zh-CN", at),
  );
  expect(decision.status).toBe("accepted");
  return decision.customerId!;
}

async function ingest(tag: string, customerId: string, orderedAt: string, items: Array<{ sku: string; category: string; quantity: string; unitPrice: string }>) {
  const externalId = `STMT-${tag}-${randomUUID()}`;
  const response = await api("POST", "/orders", { token: finance, body: { externalId, customerId, orderedAt, currency: "CNY", items } });
  expect(response.status).toBe(201);
  orders[tag] = { id: response.body.id as string, externalId };
}

async function refund(tag: string, amount: string, refundedAt: string) {
  const response = await api("POST", `/orders/${orders[tag]!.externalId}/refunds`, { token: finance, body: { externalId: `RF-${randomUUID()}`, amount, refundedAt } });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

/** Start a run through the API and wait for the worker to finish it. */
async function generate(period: string) {
  const started = await api("POST", "/statements/generate", { token: finance, body: { period } });
  expect(started.status).toBe(202);
  const jobId = started.body.jobId as string;
  for (let i = 0; i < 300; i++) {
    const job = await api("GET", `/jobs/${jobId}`, { token: finance });
    expect(job.status).toBe(200);
    if (job.body.status === "completed" || job.body.status === "failed") return job.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`run ${jobId} did not finish`);
}

async function statementOf(period: string, token = finance) {
  const list = await api("GET", `/statements?period=${period}`, { token });
  expect(list.status).toBe(200);
  const summary = (list.body.items as Array<{ id: string; partnerId: string }>).find((s) => s.partnerId === partner.id);
  if (!summary) return null;
  const full = await api("GET", `/statements/${summary.id}`, { token });
  expect(full.status).toBe(200);
  return full.body;
}

beforeAll(async () => {
  worker = new Worker(STATEMENTS_QUEUE, (job) => executeStatementRun(ZStatementRunJob.parse(job.data).runId), { connection: redisConnection(), prefix: queuePrefix() });
  finance = await apiToken(await createTestPlatformUser(["finance"]));
  partner = await createTestPartner({ tier: "gold" });
  const other = await createTestPartner();
  [admin, manager, rep, otherAdmin] = await Promise.all([
    createTestPartnerUser(partner.id, "admin"),
    createTestPartnerUser(partner.id, "manager"),
    createTestPartnerUser(partner.id, "rep"),
    createTestPartnerUser(other.id, "admin"),
  ]);
  [adminToken, managerToken, repToken, otherToken] = (await Promise.all([admin, manager, rep, otherAdmin].map((u) => apiToken(u)))) as [string, string, string, string];

  // The plan in force for all of 2019 (a minute no other test file uses).
  const plan = await api("POST", "/commission-plans", {
    token: finance,
    body: {
      name: "2019 对账单测试方案",
      effectiveFrom: new Date(Date.UTC(2019, 0, 1, 0, randomInt(0, 59), randomInt(0, 59))).toISOString(),
      rules: {
        rates: [{ rate: "0.05" }, { category: "software", rate: "0.08" }, { category: "software", partnerTier: "gold", rate: "0.10" }, { category: "hardware", partnerTier: "silver", rate: "0.07" }, { partnerTier: "gold", rate: "0.06" }],
        newCustomerBonus: "0.02",
        volumeTiers: [{ minBase: "1000.00", bonusRate: "0.01" }, { minBase: "5000.00", bonusRate: "0.02" }],
        capPerPeriod: "600.00",
      },
    },
  });
  expect(plan.status).toBe(201);
  expect((await api("POST", `/commission-plans/${plan.body.id}/activate`, { token: finance })).status).toBe(200);

  const customer = await registeredAt(admin, new Date("2019-01-15T02:00:00Z"));
  // 2019-02-28 20:00 UTC is 2019-03-01 04:00 in Shanghai: a March order. The customer's first-ever order.
  await ingest("first", customer, "2019-02-28T20:00:00Z", [
    { sku: "ERP-PRO", category: "software", quantity: "2", unitPrice: "1000.00" },
    { sku: "PUMP-9", category: "hardware", quantity: "3", unitPrice: "333.33" },
  ]);
  await ingest("second", customer, "2019-03-20T06:00:00Z", [{ sku: "SVC-Y", category: "service", quantity: "1", unitPrice: "3000.00" }]);
  await refund("second", "1000.00", "2019-03-25T06:00:00Z");
}, 120_000);

afterAll(async () => {
  await worker.close();
  await closeStatementsQueue();
  await disconnectDb();
});

type Line = { id: string; key: string; kind: string; adjustmentType: string | null; orderExternalId: string | null; base: string; rate: string | null; amount: string; planVersion: number | null; detail: Record<string, unknown> };

describe("statement generation", () => {
  it("explains every line: most specific rate, first-order bonus, clawback, retroactive volume bonus and cap, to the cent", async () => {
    const job = await generate("2019-03");
    expect(job.status).toBe("completed");
    expect(job.type).toBe("statement_generation");
    expect(job.progress.percent).toBe(100);
    expect(job.progress.done).toBe(job.progress.total);

    const statement = await statementOf("2019-03");
    expect(statement).toMatchObject({ status: "draft", period: "2019-03", earnTotal: "500.00", clawbackTotal: "-60.00", bonusTotal: "120.00", capTotal: "-20.00", adjustmentTotal: "0.00", total: "540.00", lineCount: 6, locked: false });
    const lines = statement.lines as Line[];
    const earn = lines.filter((l) => l.kind === "earn");
    const byBase = (base: string) => earn.find((l) => l.base === base)!;
    // software for a gold partner: category + tier 10 %, plus the 2 % first-order bonus.
    expect(byBase("2000")).toMatchObject({ orderExternalId: orders.first!.externalId, rate: "0.12", amount: "240.00", detail: { matchedBy: "categoryAndTier", newCustomerBonus: "0.02" } });
    // hardware has a silver entry only: the gold tier entry (6 %) + 2 %; 999.99 × 0.08 = 79.9992 → 80.00.
    expect(byBase("999.99")).toMatchObject({ rate: "0.08", amount: "80.00", detail: { matchedBy: "tier" } });
    // The customer's second order has no bonus.
    expect(byBase("3000")).toMatchObject({ orderExternalId: orders.second!.externalId, rate: "0.06", amount: "180.00", detail: { matchedBy: "tier", newCustomerBonus: null } });
    expect(earn.every((l) => l.planVersion !== null)).toBe(true);
    // 1 000 of a 3 000 order that earned 180 claws back 60.
    expect(lines.find((l) => l.kind === "clawback")).toMatchObject({ orderExternalId: orders.second!.externalId, base: "1000", amount: "-60.00", detail: { orderTotal: "3000.00", orderEarned: "180.00" } });
    // Base 5 999.99 reaches the 5 000 tier: 2 % of all of it.
    expect(lines.find((l) => l.adjustmentType === "volumeBonus")).toMatchObject({ kind: "adjustment", base: "5999.99", rate: "0.02", amount: "120.00" });
    // earn 500 + bonus 120 = 620 over the 600 cap.
    expect(lines.find((l) => l.adjustmentType === "cap")).toMatchObject({ kind: "adjustment", base: "620", amount: "-20.00", detail: { capPerPeriod: "600.00" } });
  });

  it("regenerating writes nothing: same lines, same ids, no new rows", async () => {
    const before = await statementOf("2019-03");
    const job = await generate("2019-03");
    expect(job.result).toMatchObject({ linesCreated: 0, linesUpdated: 0, linesRemoved: 0 });
    const after = await statementOf("2019-03");
    expect(after.lines).toEqual(before.lines);
    expect(await baseDb().commissionLine.count({ where: { partnerId: partner.id, period: { startsWith: "2019-" } } })).toBe(6);
  });

  it("pages a statement's lines by the kinds API.md names (bonus and cap are adjustments)", async () => {
    const statement = await statementOf("2019-03");
    const adjustments = await api("GET", `/statements/${statement.id}/lines?kind=adjustment`, { token: finance });
    expect(adjustments.status).toBe(200);
    expect((adjustments.body.items as Line[]).map((l) => l.adjustmentType).sort()).toEqual(["cap", "volumeBonus"]);
    const first = await api("GET", `/statements/${statement.id}/lines?kind=earn&limit=2`, { token: finance });
    expect(first.body.items).toHaveLength(2);
    const rest = await api("GET", `/statements/${statement.id}/lines?kind=earn&limit=2&cursor=${encodeURIComponent(first.body.nextCursor as string)}`, { token: finance });
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.nextCursor).toBeNull();
    expect((await api("GET", `/statements/${statement.id}/lines?kind=bonus`, { token: finance })).status).toBe(400);
  });

  it("does not issue a statement of a month that is still running", async () => {
    const customer = await registeredAt(admin, new Date(Date.now() - 3 * 86_400_000));
    await ingest("today", customer, new Date(Date.now() - 3_600_000).toISOString(), [{ sku: "ERP-PRO", category: "software", quantity: "1", unitPrice: "100.00" }]);
    const period = currentPeriod();
    // Only this partner (a run would visit every test file's partners).
    await generatePartnerStatement({ id: partner.id, tier: "gold" }, period, generationContext(await loadPlanVersions()));
    const running = await statementOf(period);
    expect(running).toMatchObject({ status: "draft", lineCount: 1 });
    const refused = await api("POST", `/statements/${running.id}/issue`, { token: finance, headers: { "accept-language": "en" } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/has not ended yet/);
    expect((await statementOf(period)).status).toBe("draft");
  });

  it("shows a partner only its own statements, once issued; reps none", async () => {
    const statement = await statementOf("2019-03");
    // Still a draft: finance's work in progress, not the partner's yet.
    expect((await api("GET", `/statements/${statement.id}`, { token: managerToken })).status).toBe(404);
    expect((await api("GET", `/statements/${statement.id}/lines`, { token: managerToken })).status).toBe(404);
    expect((await api("GET", "/statements?period=2019-03", { token: managerToken })).body.items).toEqual([]);
    expect((await api("POST", `/statements/${statement.id}/confirm`, { token: adminToken })).status).toBe(404);
    expect((await api("GET", `/statements/${statement.id}`, { token: otherToken })).status).toBe(404);
    expect((await api("GET", `/statements/${statement.id}`, { token: repToken })).status).toBe(403);
    const theirs = await api("GET", "/statements?period=2019-03", { token: otherToken });
    expect(theirs.body.items).toEqual([]);
    expect((await api("POST", "/statements/generate", { token: adminToken, body: { period: "2019-03" } })).status).toBe(403);
  });

  it("refuses a future period and a malformed one with translated errors", async () => {
    const future = await api("POST", "/statements/generate", { token: finance, body: { period: "2999-01" }, headers: { "accept-language": "en" } });
    expect(future.status).toBe(400);
    expect(JSON.stringify(future.body.error.details)).toMatch(/future period/);
    const bad = await api("POST", "/statements/generate", { token: finance, body: { period: "2019-13" }, headers: { "accept-language": "en" } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toMatch(/YYYY-MM/);
    expect((await api("GET", "/jobs/not-a-job", { token: finance })).status).toBe(404);
  });

  it("issue → confirm (the partner's admin) → approve locks it; a late refund for the locked month lands as an adjustment in the next period", async () => {
    const statement = await statementOf("2019-03");
    expect((await api("POST", `/statements/${statement.id}/approve`, { token: finance, headers: { "accept-language": "en" } })).status).toBe(422);
    expect((await api("POST", `/statements/${statement.id}/issue`, { token: finance })).body.status).toBe("issued");
    // The partner's admin and manager hear that it waits for them (once, however often the event is delivered); the rep does not.
    const [issued] = await baseDb().outboxEvent.findMany({ where: { aggregateId: statement.id, type: "statement.issued" } });
    const job = { eventId: issued!.id, type: issued!.type, aggregateType: issued!.aggregateType, aggregateId: issued!.aggregateId, partnerId: issued!.partnerId, payload: issued!.payload, occurredAt: issued!.createdAt.toISOString() };
    await handleDomainEvent(job);
    await handleDomainEvent(job);
    const notified = await baseDb().notification.findMany({ where: { sourceEventId: issued!.id } });
    expect(notified.map((n) => n.userId).sort()).toEqual([admin.id, manager.id].sort());
    expect(notified[0]).toMatchObject({ messageKey: "commissions.notification.statementIssued", params: { period: "2019-03", total: "540.00" }, link: `/statements/${statement.id}` });
    const seen = await api("GET", `/statements/${statement.id}`, { token: managerToken });
    expect(seen.status).toBe(200);
    expect(seen.body.lines).toHaveLength(6);
    expect((await api("POST", `/statements/${statement.id}/confirm`, { token: managerToken })).status).toBe(403);
    expect((await api("POST", `/statements/${statement.id}/confirm`, { token: otherToken })).status).toBe(404);
    expect((await api("POST", `/statements/${statement.id}/confirm`, { token: adminToken })).body.status).toBe("confirmed");
    const approved = await api("POST", `/statements/${statement.id}/approve`, { token: finance });
    expect(approved.body).toMatchObject({ status: "approved", locked: true });
    const audit = await baseDb().auditLog.findMany({ where: { entityId: statement.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["statement.issued", "statement.confirmed", "statement.approved"]);

    // Recorded after approval, dated in March: 500 of the 2 999.99 first order, which earned 320.00 → −53.33.
    const refundId = await refund("first", "500.00", "2019-03-28T03:00:00Z");
    const april = await generate("2019-04");
    expect(april.status).toBe("completed");
    const march = await statementOf("2019-03");
    expect(march).toMatchObject({ status: "approved", total: "540.00", lineCount: 6 });
    expect(march.lines).toEqual(statement.lines);

    const next = await statementOf("2019-04");
    expect(next).toMatchObject({ status: "draft", total: "-53.33", adjustmentTotal: "-53.33", lineCount: 1 });
    const [adjustment] = next.lines as Line[];
    expect(adjustment).toMatchObject({ kind: "adjustment", adjustmentType: "lateChange", amount: "-53.33", detail: { cause: { type: "lateChange", period: "2019-03" }, changes: [{ key: `clawback:${refundId}`, before: null, after: "-53.33" }] } });

    // Regenerating either month adds nothing more.
    expect((await generate("2019-04")).result).toMatchObject({ linesCreated: 0, linesUpdated: 0 });
    const marchAgain = await generate("2019-03");
    expect(marchAgain.result).toMatchObject({ linesCreated: 0, linesUpdated: 0, linesRemoved: 0 });
    expect(marchAgain.result.summary.lockedStatements).toBeGreaterThanOrEqual(1);
    expect(await baseDb().commissionLine.count({ where: { partnerId: partner.id, period: { startsWith: "2019-" } } })).toBe(7);
  });

  it("a plan fix activated after approval (a version effective mid-March) changes the same adjustment line, not the locked statement", async () => {
    const march = await statementOf("2019-03");
    const fix = await api("POST", "/commission-plans", {
      token: finance,
      body: {
        name: "2019 更正方案",
        effectiveFrom: new Date(Date.UTC(2019, 2, 10, randomInt(0, 24), randomInt(0, 60))).toISOString(),
        rules: {
          rates: [{ rate: "0.07" }, { category: "software", rate: "0.08" }, { category: "software", partnerTier: "gold", rate: "0.10" }, { partnerTier: "gold", rate: "0.08" }],
          newCustomerBonus: "0.02",
          volumeTiers: [{ minBase: "1000.00", bonusRate: "0.01" }, { minBase: "5000.00", bonusRate: "0.02" }],
          capPerPeriod: "600.00",
        },
      },
    });
    expect(fix.status).toBe(201);
    expect((await api("POST", `/commission-plans/${fix.body.id}/activate`, { token: finance })).status).toBe(200);
    await generate("2019-04");
    // Under the fix the second order earns 3 000 × 8 % = 240 (was 180), its refund claws back 80 (was 60),
    // earn + bonus = 560 + 120 = 680 is capped by 80 (was 20): −20 more, with the late refund's −53.33.
    const april = await statementOf("2019-04");
    expect(april).toMatchObject({ total: "-73.33", lineCount: 1 });
    const changes = (april.lines[0] as Line).detail.changes as Array<{ key: string; before: string | null; after: string | null }>;
    expect(changes.map((c) => [c.key.split(":")[0], c.before, c.after])).toEqual(
      expect.arrayContaining([["earn", "180.00", "240.00"], ["clawback", "-60.00", "-80.00"], ["cap", "-20.00", "-80.00"], ["clawback", null, "-53.33"]]),
    );
    expect(changes).toHaveLength(4);
    expect(await statementOf("2019-03")).toEqual(march);
  });
  it("an issued statement the partner leaves unanswered past the confirmation deadline is confirmed on its behalf, once", async () => {
    const april = await statementOf("2019-04");
    expect((await api("POST", `/statements/${april.id}/issue`, { token: finance })).body.status).toBe("issued");
    // Not yet due: nothing happens.
    await autoConfirmStatements();
    expect((await statementOf("2019-04")).status).toBe("issued");
    // Issued longer ago than any deadline the setting allows (at most 90 days).
    await baseDb().commissionStatement.update({ where: { id: april.id }, data: { issuedAt: new Date(Date.now() - 100 * 86_400_000) } });
    expect((await autoConfirmStatements()).confirmed).toBeGreaterThanOrEqual(1);
    expect(await statementOf("2019-04")).toMatchObject({ status: "confirmed" });
    expect((await autoConfirmStatements()).confirmed).toBe(0);
    const audit = await baseDb().auditLog.findMany({ where: { entityId: april.id, action: "statement.auto_confirmed" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorKind: "system", partnerId: partner.id });
    // Finance can now approve it as any confirmed statement.
    expect((await api("POST", `/statements/${april.id}/approve`, { token: finance })).body.status).toBe("approved");
  });
});
