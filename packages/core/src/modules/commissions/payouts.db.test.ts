/**
 * Payouts through /api/v1 against a real database (ADR 022). Each test has its own partner, whose
 * statements come from the real engine (orders and refunds in 2017 periods, generated, issued,
 * confirmed by the partner's admin, approved by finance). A statement whose clawbacks exceed its
 * earnings carries its debt forward; payouts settle statements in period order (marked paid); the
 * minimum payout refuses small payouts except a terminated partner's last balance; a reference
 * replayed with the same body answers 200, with another body 409; a payout above the balance is
 * refused and nothing is written; every payout and settlement is audited and announced.
 */
import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { baseDb, disconnectDb, runAsActor } from "../../db/index.ts";
import { api, apiToken, createTestPartner, createTestPartnerUser, createTestPlatformUser, type TestPartnerUser } from "../../testing/index.ts";
import { registerCustomer } from "../registrations/index.ts";
import { toDecimal } from "../money.rules.ts";
import { forgetCachedSettlementPolicies } from "./settlement-policy.service.ts";
import { generatePartnerStatement, generationContext, loadPlanVersions } from "./statement-generation.service.ts";

afterAll(disconnectDb);

let finance: string;
let admin: string;

beforeAll(async () => {
  finance = await apiToken(await createTestPlatformUser(["finance"]));
  admin = await apiToken(await createTestPlatformUser(["admin"]));
  // December 2016: after the 2016-03 (reconciliation) and 2016-07 (simulation) months, whose plans it must not override.
  const effectiveFrom = new Date(Date.UTC(2016, 11, randomInt(2, 28), randomInt(0, 24), randomInt(0, 60))).toISOString();
  const plan = await api("POST", "/commission-plans", { token: finance, body: { name: `付款测试方案 ${randomUUID().slice(0, 6)}`, effectiveFrom, rules: { rates: [{ rate: "0.10" }] } } });
  expect((await api("POST", `/commission-plans/${plan.body.id}/activate`, { token: finance })).status).toBe(200);
  expect((await api("PUT", "/settings/payout-policy", { token: admin, body: { minimumPayout: "100.00" } })).status).toBe(200);
  forgetCachedSettlementPolicies();
}, 120_000);

type World = { partner: { id: string; tier: "bronze" }; adminUser: TestPartnerUser; adminToken: string; customerId: string };

/** A partner of its own with an admin and a customer it has owned since 2016. */
async function world(): Promise<World> {
  const partner = { id: (await createTestPartner()).id, tier: "bronze" as const };
  const adminUser = await createTestPartnerUser(partner.id, "admin");
  const actor = (await actorForUserId(adminUser.id, "session"))!.actor;
  const decision = await runAsActor(actor, () =>
    registerCustomer(actor, { customer: { kind: "company", name: `付款测试${randomUUID().slice(0, 8)}有限公司`, phone: `136${String(randomInt(0, 1e8)).padStart(8, "0")}`, city: "宁波" } }, "zh-CN", new Date(Date.UTC(2016, 11, 1))),
  );
  return { partner, adminUser, adminToken: await apiToken(adminUser), customerId: decision.customerId! };
}

async function order(w: World, period: string, unitPrice: string): Promise<string> {
  const externalId = `PAY-${randomUUID()}`;
  const response = await api("POST", "/orders", {
    token: finance,
    body: { externalId, customerId: w.customerId, orderedAt: `${period}-10T10:00:00+08:00`, currency: "CNY", items: [{ sku: "SRV", category: "software", quantity: "1", unitPrice }] },
  });
  expect(response.status).toBe(201);
  expect(response.body.attributedPartnerId).toBe(w.partner.id);
  return externalId;
}

async function refund(externalId: string, period: string, amount: string): Promise<void> {
  const response = await api("POST", `/orders/${externalId}/refunds`, { token: finance, body: { externalId: `RF-${randomUUID()}`, amount, refundedAt: `${period}-20T10:00:00+08:00` } });
  expect(response.status).toBe(201);
}

type Statement = { id: string; period: string; status: string; total: string; paidAmount: string; paidAt: string | null };

/** Generate, issue, confirm (the partner's admin) and approve (finance) the partner's statement of `period`. */
async function approved(w: World, period: string): Promise<Statement> {
  await generatePartnerStatement(w.partner, period, generationContext(await loadPlanVersions()));
  const row = await baseDb().commissionStatement.findUniqueOrThrow({ where: { partnerId_period: { partnerId: w.partner.id, period } } });
  expect((await api("POST", `/statements/${row.id}/issue`, { token: finance })).status).toBe(200);
  expect((await api("POST", `/statements/${row.id}/confirm`, { token: w.adminToken })).status).toBe(200);
  expect((await api("POST", `/statements/${row.id}/approve`, { token: finance })).status).toBe(200);
  return statement(row.id);
}

async function statement(id: string): Promise<Statement> {
  return (await api("GET", `/statements/${id}`, { token: finance })).body as Statement;
}

const money = (value: ReturnType<typeof toDecimal>) => value.toFixed(2);
const minus = (a: string, b: string) => money(toDecimal(a).sub(toDecimal(b)));
const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());

let reference = 0;
const nextReference = () => `CMB-${Date.now()}-${++reference}`;

describe("payouts", () => {
  it("a negative statement carries its debt forward; later earnings absorb it; payouts settle statements in period order", async () => {
    const w = await world();
    const first = await order(w, "2017-01", "5000.00");
    const january = await approved(w, "2017-01");
    expect(toDecimal(january.total).isPositive()).toBe(true);

    const paidJanuary = await api("POST", "/payouts", { token: finance, body: { statementId: january.id, amount: january.total, paidOn: "2017-02-05", reference: nextReference() } });
    expect(paidJanuary.status).toBe(201);
    expect(paidJanuary.body).toMatchObject({ replayed: false, amount: january.total, paidOn: "2017-02-05", period: "2017-01", balance: { balance: "0.00" } });
    expect(await statement(january.id)).toMatchObject({ status: "paid", paidAmount: january.total, paidAt: expect.any(String) });

    // February: the January order comes back in full, nothing is earned. The statement is negative.
    await refund(first, "2017-02", "5000.00");
    const february = await approved(w, "2017-02");
    expect(february.total).toBe(`-${january.total}`);
    const owed = await api("GET", `/partners/${w.partner.id}/balance`, { token: finance });
    expect(owed.body).toMatchObject({ balance: `-${january.total}`, carriedForward: true, nextStatement: { id: february.id, period: "2017-02" } });
    expect(owed.body.statements.map((s: { period: string; settled: boolean }) => [s.period, s.settled])).toEqual([
      ["2017-01", true],
      ["2017-02", false],
    ]);
    const nothing = await api("POST", "/payouts", { token: finance, body: { statementId: february.id, amount: "100.00", paidOn: "2017-03-05", reference: nextReference() }, headers: { "accept-language": "en" } });
    expect(nothing.status).toBe(422);
    expect(nothing.body.error.message).toBe(`Nothing is payable to this partner now (balance -${january.total}).`);

    // March earns more than the debt: what is payable is March less the debt, and paying it settles both.
    await order(w, "2017-03", "50000.00");
    const march = await approved(w, "2017-03");
    const payable = minus(march.total, january.total);
    const balance = await api("GET", `/partners/${w.partner.id}/balance`, { token: w.adminToken });
    expect(balance.body).toMatchObject({ balance: payable, carriedForward: false, approvedTotal: march.total, paidTotal: january.total, nextStatement: { id: march.id } });
    // March's earnings cover February's debt: approving March settles February at once (nothing to pay for it).
    expect(balance.body.statements.map((s: { period: string; status: string; settled: boolean }) => [s.period, s.status, s.settled])).toEqual([
      ["2017-01", "paid", true],
      ["2017-02", "paid", true],
      ["2017-03", "approved", false],
    ]);

    const settling = await api("POST", "/payouts", { token: finance, body: { statementId: march.id, amount: payable, paidOn: "2017-04-05", reference: nextReference(), note: "三月佣金扣除二月追回" } });
    expect(settling.status).toBe(201);
    expect(settling.body.balance).toMatchObject({ balance: "0.00", carriedForward: false, nextStatement: null });
    expect(settling.body.balance.statements.every((s: { settled: boolean }) => s.settled)).toBe(true);
    expect((await statement(february.id)).status).toBe("paid");
    expect(await statement(march.id)).toMatchObject({ status: "paid", paidAmount: payable });

    const [event] = await baseDb().outboxEvent.findMany({ where: { aggregateId: settling.body.id, type: "payout.recorded" } });
    expect(event!.payload).toMatchObject({ amount: payable, balance: "0.00", settledStatementIds: [march.id] });
    expect(await baseDb().outboxEvent.count({ where: { partnerId: w.partner.id, type: "statement.paid" } })).toBe(3);
    const audit = await baseDb().auditLog.findMany({ where: { partnerId: w.partner.id, action: { in: ["payout.recorded", "statement.paid"] } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.entityId])).toEqual([
      ["payout.recorded", paidJanuary.body.id],
      ["statement.paid", january.id],
      // Settled when March was approved (its earnings covered February's debt).
      ["statement.paid", february.id],
      ["payout.recorded", settling.body.id],
      ["statement.paid", march.id],
    ]);
    expect(audit[3]!.after).toMatchObject({ amount: payable, balanceBefore: payable, balanceAfter: "0.00", note: "三月佣金扣除二月追回" });
  });

  it("partial payouts keep a statement open until covered; a replay answers 200 with the first payout, another body under the reference 409; above the balance or below the minimum is refused and writes nothing", async () => {
    const w = await world();
    await order(w, "2017-05", "5000.00");
    const may = await approved(w, "2017-05");
    const post = (body: Record<string, unknown>, lang = "zh-CN") => api("POST", "/payouts", { token: finance, body: { statementId: may.id, paidOn: "2017-06-01", ...body }, headers: { "accept-language": lang } });

    const over = await post({ amount: money(toDecimal(may.total).add(toDecimal("0.01"))), reference: nextReference() }, "en");
    expect(over.status).toBe(422);
    expect(over.body.error.message).toBe(`The payout of ${money(toDecimal(may.total).add(toDecimal("0.01")))} exceeds the payable balance of ${may.total}.`);
    const small = await post({ amount: "99.99", reference: nextReference() });
    expect(small.status).toBe(422);
    expect(small.body.error.message).toBe("付款金额低于最低付款金额 100.00；余额结转到之后的对账单。");
    expect(await baseDb().payout.count({ where: { partnerId: w.partner.id } })).toBe(0);

    const ref = nextReference();
    const part = await post({ amount: "100.00", reference: ref, note: "首笔" });
    expect(part.status).toBe(201);
    expect(part.body.balance).toMatchObject({ balance: minus(may.total, "100.00"), paidTotal: "100.00" });
    expect(await statement(may.id)).toMatchObject({ status: "approved", paidAmount: "100.00" });

    const replay = await post({ amount: "100", reference: ref, note: "首笔" });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ id: part.body.id, replayed: true });
    const conflict = await post({ amount: "120.00", reference: ref, note: "首笔" }, "en");
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.message).toBe(`Reference ${ref} was already used for another payout to this partner.`);
    expect(await baseDb().payout.count({ where: { partnerId: w.partner.id } })).toBe(1);
    expect(await baseDb().auditLog.count({ where: { partnerId: w.partner.id, action: "payout.recorded" } })).toBe(1);

    const rest = await post({ amount: minus(may.total, "100.00"), reference: nextReference() });
    expect(rest.status).toBe(201);
    expect(await statement(may.id)).toMatchObject({ status: "paid", paidAmount: may.total });
    const again = await post({ amount: "100.00", reference: nextReference() });
    expect(again.status).toBe(422);

    const history = await api("GET", `/payouts?partnerId=${w.partner.id}`, { token: finance });
    expect(history.body.items.map((p: { id: string }) => p.id)).toEqual([rest.body.id, part.body.id]);
    expect(history.body.items[1]).toMatchObject({ amount: "100.00", reference: ref, note: "首笔", period: "2017-05", recordedByName: expect.any(String) });
  });

  it("only approved statements take payouts; dates are checked; the partner reads its own balance and payouts only; reps and partners do not record", async () => {
    const w = await world();
    const other = await world();
    await order(w, "2017-07", "5000.00");
    await generatePartnerStatement(w.partner, "2017-07", generationContext(await loadPlanVersions()));
    const draft = await baseDb().commissionStatement.findUniqueOrThrow({ where: { partnerId_period: { partnerId: w.partner.id, period: "2017-07" } } });
    const notApproved = await api("POST", "/payouts", { token: finance, body: { statementId: draft.id, amount: "100.00", paidOn: "2017-08-01", reference: nextReference() }, headers: { "accept-language": "en" } });
    expect(notApproved.status).toBe(422);
    expect(notApproved.body.error.message).toBe("Payouts can only be recorded against approved statements.");

    await order(w, "2017-08", "5000.00");
    const august = await approved(w, "2017-08");
    const bad = await api("POST", "/payouts", { token: finance, body: { statementId: august.id, amount: "-5", paidOn: "2017-02-30", reference: "" } });
    expect(bad.status).toBe(400);
    expect((bad.body.error.details as Array<{ path: string }>).map((d) => d.path).sort()).toEqual(["amount", "paidOn", "reference"]);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const future = await api("POST", "/payouts", { token: finance, body: { statementId: august.id, amount: "100.00", paidOn: tomorrow, reference: nextReference() } });
    expect(future.status).toBe(400);
    expect(future.body.error.details[0]).toMatchObject({ path: "paidOn", message: "付款日期不能晚于今天。" });

    const paid = await api("POST", "/payouts", { token: finance, body: { statementId: august.id, amount: "100.00", paidOn: today(), reference: nextReference() } });
    expect(paid.status).toBe(201);
    expect((await api("POST", "/payouts", { token: w.adminToken, body: { statementId: august.id, amount: "100.00", paidOn: today(), reference: nextReference() } })).status).toBe(403);
    const rep = await apiToken(await createTestPartnerUser(w.partner.id, "rep"));
    expect((await api("GET", "/payouts", { token: rep })).status).toBe(403);

    const own = await api("GET", "/payouts", { token: w.adminToken });
    expect(own.body.items.map((p: { id: string }) => p.id)).toEqual([paid.body.id]);
    expect(own.body.items[0].recordedByName).toBeNull();
    expect((await api("GET", "/payouts", { token: other.adminToken })).body.items).toEqual([]);
    expect((await api("GET", `/partners/${w.partner.id}/balance`, { token: other.adminToken })).status).toBe(404);
    expect((await api("GET", `/partners/${w.partner.id}/balance`, { token: w.adminToken })).body.paidTotal).toBe("100.00");
    const balances = await api("GET", "/payout-balances", { token: w.adminToken });
    expect(balances.body.items.map((b: { partnerId: string }) => b.partnerId)).toEqual([w.partner.id]);
    const all = await api("GET", "/payout-balances?limit=200", { token: finance });
    expect(all.status).toBe(200);
  });

  it("the minimum payout is an admin's setting (audited); below it the balance carries forward, except a terminated partner's whole last balance", async () => {
    const w = await world();
    await order(w, "2017-09", "600.00");
    const september = await approved(w, "2017-09");
    expect(toDecimal(september.total).lt(toDecimal("100.00"))).toBe(true);
    const balance = await api("GET", `/partners/${w.partner.id}/balance`, { token: finance });
    expect(balance.body).toMatchObject({ balance: september.total, minimumPayout: "100.00", carriedForward: true });
    const payableOnly = await api("GET", "/payout-balances?payable=true&limit=200", { token: finance });
    expect(payableOnly.body.items.map((b: { partnerId: string }) => b.partnerId)).not.toContain(w.partner.id);

    const whole = { statementId: september.id, amount: september.total, paidOn: "2017-10-08", reference: nextReference() };
    expect((await api("POST", "/payouts", { token: finance, body: whole })).status).toBe(422);

    // The partnership ends: its last balance is paid whatever its size, but only in full.
    await baseDb().partner.update({ where: { id: w.partner.id }, data: { status: "terminated" } });
    expect((await api("POST", "/payouts", { token: finance, body: { ...whole, amount: "1.00", reference: nextReference() } })).status).toBe(422);
    const final = await api("POST", "/payouts", { token: finance, body: whole });
    expect(final.status).toBe(201);
    expect((await statement(september.id)).status).toBe("paid");

    expect((await api("PUT", "/settings/payout-policy", { token: finance, body: { minimumPayout: "10.00" } })).status).toBe(403);
    const bad = await api("PUT", "/settings/payout-policy", { token: admin, body: { minimumPayout: "1e3" } });
    expect(bad.status).toBe(400);
    const set = await api("PUT", "/settings/payout-policy", { token: admin, body: { minimumPayout: "100" } });
    expect(set.body).toEqual({ minimumPayout: "100.00" });
    expect((await api("GET", "/settings/payout-policy", { token: (await world()).adminToken })).body).toEqual({ minimumPayout: "100.00" });
    expect(await baseDb().auditLog.count({ where: { entityId: "payout-policy", action: "settings.updated" } })).toBeGreaterThanOrEqual(2);
  });
});
