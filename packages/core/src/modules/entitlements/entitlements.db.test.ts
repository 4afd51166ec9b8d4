/**
 * Customer entitlements over /api/v1 against a real database: a partner asks for a customer it owns
 * (404 for one it cannot see, a translated 422 for one it sees but does not own), limits per
 * customer, type and period at request and again at approval under a lock (concurrent requests and
 * approvals cannot both take the last of an allowance), reject with a note, issue exactly once,
 * withdraw while waiting, audit rows, outbox events, the requester's notifications, who sees what,
 * the customer's timeline in both apps, and the policy setting.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb } from "../../db/index.ts";
import { translator } from "../../i18n/index.ts";
import { api, apiToken, createTestPartner, createTestPartnerUser, createTestPlatformUser, type TestPartnerUser } from "../../testing/index.ts";
import { periodOf } from "../commissions/periods.rules.ts";
import { DEFAULT_ENTITLEMENT_POLICY } from "./entitlements.rules.ts";
import { forgetCachedEntitlementPolicy } from "./entitlement-policy.service.ts";

afterAll(async () => {
  await baseDb().platformSetting.deleteMany({ where: { key: "entitlement-policy" } });
  forgetCachedEntitlementPolicy();
  await disconnectDb();
});

const POLICY = {
  types: [
    { code: "coupon", maxValue: "500", maxCountPerPeriod: 3, maxTotalValuePerPeriod: "1,000" },
    { code: "gift", maxValue: "300", maxCountPerPeriod: 2, maxTotalValuePerPeriod: "500" },
    { code: "free_service", maxValue: "2000", maxCountPerPeriod: 1, maxTotalValuePerPeriod: "2000" },
  ],
};

let adminToken: string, channelToken: string, financeToken: string;
let partnerA: { id: string }, partnerB: { id: string }, subDealer: { id: string };
let aAdmin: TestPartnerUser, aManager: TestPartnerUser, aRep: TestPartnerUser, aRep2: TestPartnerUser, bAdmin: TestPartnerUser, subAdmin: TestPartnerUser;
const tokens: Record<string, string> = {};
const EN = { "accept-language": "en" };

beforeAll(async () => {
  const [admin, channel, finance] = await Promise.all([createTestPlatformUser(["admin"]), createTestPlatformUser(["channel_manager"]), createTestPlatformUser(["finance"])]);
  [adminToken, channelToken, financeToken] = await Promise.all([apiToken(admin), apiToken(channel), apiToken(finance)]);
  partnerA = await createTestPartner();
  partnerB = await createTestPartner();
  subDealer = await createTestPartner({ parentPartnerId: partnerA.id });
  [aAdmin, aManager, aRep, aRep2, bAdmin, subAdmin] = await Promise.all([
    createTestPartnerUser(partnerA.id, "admin"),
    createTestPartnerUser(partnerA.id, "manager"),
    createTestPartnerUser(partnerA.id, "rep"),
    createTestPartnerUser(partnerA.id, "rep"),
    createTestPartnerUser(partnerB.id, "admin"),
    createTestPartnerUser(subDealer.id, "admin"),
  ]);
  for (const [name, user] of Object.entries({ aAdmin, aManager, aRep, aRep2, bAdmin, subAdmin })) tokens[name] = await apiToken(user);
  const saved = await api("PUT", "/settings/entitlement-policy", { token: adminToken, body: POLICY });
  expect(saved.status).toBe(200);
}, 120_000);

/** A customer owned by `partnerId` (null: in the public pool). */
async function customerOf(partnerId: string | null): Promise<string> {
  const row = await baseDb().customer.create({
    data: { kind: "company", name: `权益测试${randomUUID().slice(0, 8)}有限公司`, ownerPartnerId: partnerId, protectedUntil: partnerId ? new Date(Date.now() + 60 * 86_400_000) : null },
  });
  return row.id;
}

const ask = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => api("POST", "/entitlements", { token, body, headers });
const askFor = (token: string, customerId: string, type: string, value: string, headers: Record<string, string> = {}) => ask(token, { customerId, type, value, reason: "老客户续约" }, headers);
const entitlementCount = (customerId: string) => baseDb().entitlement.count({ where: { customerId } });

describe("asking for a benefit", () => {
  it("a rep asks a coupon for a customer the partner owns: counted in the request's period, audited and announced", async () => {
    const customerId = await customerOf(partnerA.id);
    const created = await ask(tokens.aRep!, { customerId, type: "coupon", value: "200.5", reason: "续约三年" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ customerId, partnerId: partnerA.id, type: "coupon", value: "200.50", reason: "续约三年", status: "requested", requestedById: aRep.id, decidedAt: null, issuedAt: null });
    expect(created.body.period).toBe(periodOf(new Date(), "Asia/Shanghai"));

    const audit = await baseDb().auditLog.findMany({ where: { entityId: created.body.id } });
    expect(audit.map((a) => [a.action, a.partnerId, a.actorUserId])).toEqual([["entitlement.requested", partnerA.id, aRep.id]]);
    const events = await baseDb().outboxEvent.findMany({ where: { aggregateId: created.body.id } });
    expect(events.map((e) => e.type)).toEqual(["entitlement.requested"]);
    expect(events[0]!.payload).toMatchObject({ entitlementId: created.body.id, customerId, partnerId: partnerA.id, type: "coupon", value: "200.50" });
  });

  it("a customer the partner cannot see is 404; one it sees but does not own is a translated 422; nothing is written", async () => {
    const others = await customerOf(partnerB.id);
    const pooled = await customerOf(null);
    for (const customerId of [others, pooled, randomUUID()]) {
      const refused = await askFor(tokens.aRep!, customerId, "coupon", "10");
      expect(refused.status).toBe(404);
    }

    // Partner A has a registration waiting on B's customer: A sees it, but it is B's.
    const contested = await customerOf(partnerB.id);
    await baseDb().registration.create({
      data: { partnerId: partnerA.id, customerId: contested, status: "pending", submitted: { kind: "company", name: "争议客户", phone: null, email: null, uscc: null, city: null }, matchedCustomerId: contested, createdById: aRep.id },
    });
    expect((await api("GET", `/customers/${contested}`, { token: tokens.aRep! })).status).toBe(200);
    const notOwned = await askFor(tokens.aRep!, contested, "coupon", "10", EN);
    expect(notOwned.status).toBe(422);
    expect(notOwned.body.error.message).toBe("You can only request entitlements for your own customers: this customer is not yours at the moment.");

    // A distributor's admin sees its sub-dealer's customers; the sub-dealer asks for those, not the parent.
    const subs = await customerOf(subDealer.id);
    const parentAsks = await askFor(tokens.aAdmin!, subs, "coupon", "10", { "accept-language": "zh-CN" });
    expect(parentAsks.status).toBe(422);
    expect(parentAsks.body.error.message).toBe("只能为贵公司名下的客户申请权益：该客户目前不属于贵公司。");
    expect((await askFor(tokens.subAdmin!, subs, "coupon", "10")).status).toBe(201);

    for (const customerId of [others, pooled, contested]) expect(await entitlementCount(customerId)).toBe(0);
    expect(await entitlementCount(subs)).toBe(1);
  });

  it("refuses bad input field by field, translated, and writes nothing", async () => {
    const customerId = await customerOf(partnerA.id);
    const bad = await ask(tokens.aRep!, { customerId, type: "cash", value: 12.5, reason: "" }, { "accept-language": "zh-CN" });
    expect(bad.status).toBe(400);
    const byPath = Object.fromEntries((bad.body.error.details as Array<{ path: string; message: string }>).map((d) => [d.path, d.message]));
    expect(byPath).toMatchObject({ type: "请选择权益类型。", reason: "请写明申请理由。" });
    expect(byPath.value).toBeDefined();
    expect(await entitlementCount(customerId)).toBe(0);
  });
});

describe("limits per customer, type and period", () => {
  it("value per request, number and total per period: each refused with a translated message under its field", async () => {
    const customerId = await customerOf(partnerA.id);
    const zh = { "accept-language": "zh-CN" };

    const tooMuch = await askFor(tokens.aRep!, customerId, "coupon", "500.01", zh);
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error.message).toBe("单次申请的「优惠券」价值不能超过 500.00 元。");
    expect(tooMuch.body.error.details).toEqual([{ path: "value", message: "单次申请的「优惠券」价值不能超过 500.00 元。" }]);

    const notOffered = await askFor(tokens.aRep!, customerId, "extended_warranty", "10", EN);
    expect(notOffered.status).toBe(422);
    expect(notOffered.body.error.message).toBe("The platform does not offer “Extended warranty” at the moment.");
    expect(notOffered.body.error.details[0].path).toBe("type");

    // Two reps of the partner share the customer's allowance: 400 + 400 + 200 = the 1000 total.
    expect((await askFor(tokens.aRep!, customerId, "coupon", "400")).status).toBe(201);
    expect((await askFor(tokens.aRep2!, customerId, "coupon", "400")).status).toBe(201);
    const over = await askFor(tokens.aRep!, customerId, "coupon", "200.01", zh);
    expect(over.status).toBe(422);
    const period = periodOf(new Date(), "Asia/Shanghai");
    expect(over.body.error.message).toBe(`该客户本期（${period}）的「优惠券」合计不能超过 1000.00 元，还可申请 200.00 元。`);
    expect((await askFor(tokens.aRep!, customerId, "coupon", "200")).status).toBe(201);

    const fourth = await askFor(tokens.aRep!, customerId, "coupon", "1", EN);
    expect(fourth.status).toBe(422);
    expect(fourth.body.error.message).toBe(`This customer already has 3 “Coupon” requests in ${period}, the limit of 3 per period.`);

    // Another type, and another customer, have their own allowance.
    expect((await askFor(tokens.aRep!, customerId, "gift", "300")).status).toBe(201);
    expect((await askFor(tokens.aRep!, await customerOf(partnerA.id), "coupon", "500")).status).toBe(201);
    expect(await baseDb().entitlement.count({ where: { customerId, type: "coupon" } })).toBe(3);
  });

  it("rejected and withdrawn requests give their share back", async () => {
    const customerId = await customerOf(partnerA.id);
    const first = await askFor(tokens.aRep!, customerId, "free_service", "1500");
    expect((await askFor(tokens.aRep!, customerId, "free_service", "100")).status).toBe(422);
    expect((await api("POST", `/entitlements/${first.body.id}/reject`, { token: channelToken, body: { note: "服务已包含在合同内" } })).status).toBe(200);
    const second = await askFor(tokens.aRep!, customerId, "free_service", "1500");
    expect(second.status).toBe(201);
    expect((await api("POST", `/entitlements/${second.body.id}/cancel`, { token: tokens.aRep! })).status).toBe(200);
    expect((await askFor(tokens.aRep!, customerId, "free_service", "2000")).status).toBe(201);
  });

  it("requests at the same moment cannot both take the last of an allowance (count and total)", async () => {
    // Five reps' requests at once for a gift (2 per period): exactly two get through.
    const customerId = await customerOf(partnerA.id);
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => askFor(tokens[i % 2 ? "aRep" : "aRep2"]!, customerId, "gift", "100")));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 422, 422, 422]);
    expect(await entitlementCount(customerId)).toBe(2);

    // Coupons worth 400 each against a 1000 total (3 allowed by count): exactly two.
    const other = await customerOf(partnerA.id);
    const byValue = await Promise.all(Array.from({ length: 4 }, () => askFor(tokens.aRep!, other, "coupon", "400")));
    expect(byValue.filter((a) => a.status === 201)).toHaveLength(2);
    expect(await entitlementCount(other)).toBe(2);
  });
});

describe("deciding", () => {
  it("approval checks the limits again against what is already granted, under the same lock, and that the customer is still the partner's", async () => {
    const customerId = await customerOf(partnerA.id);
    const requests = [];
    for (let i = 0; i < 3; i++) requests.push((await askFor(tokens.aRep!, customerId, "coupon", "300")).body.id as string);
    // The platform lowers the coupon allowance to two per period after the requests came in.
    const lowered = { types: POLICY.types.map((t) => (t.code === "coupon" ? { ...t, maxCountPerPeriod: 2 } : t)) };
    expect((await api("PUT", "/settings/entitlement-policy", { token: adminToken, body: lowered })).status).toBe(200);
    try {
      // Three approvals at once: two fit, the third is refused with the reason.
      const answers = await Promise.all(requests.map((id) => api("POST", `/entitlements/${id}/approve`, { token: channelToken, body: {}, headers: EN })));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 422]);
      expect(answers.find((a) => a.status === 422)!.body.error.message).toMatch(/already has 2 “Coupon” requests/);
      expect(await baseDb().entitlement.count({ where: { customerId, status: "approved" } })).toBe(2);
    } finally {
      await api("PUT", "/settings/entitlement-policy", { token: adminToken, body: POLICY });
    }

    // A customer that moved to another partner since the request cannot have it approved.
    const moving = await customerOf(partnerA.id);
    const asked = await askFor(tokens.aRep!, moving, "gift", "50");
    await baseDb().customer.update({ where: { id: moving }, data: { ownerPartnerId: partnerB.id } });
    const refused = await api("POST", `/entitlements/${asked.body.id}/approve`, { token: channelToken, body: {}, headers: EN });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toBe("The customer no longer belongs to the partner that asked, so the request cannot be approved.");
    expect((await api("GET", `/entitlements/${asked.body.id}`, { token: channelToken })).body.status).toBe("requested");
  });

  it("a rejection needs a note, which the partner sees; the requester is told of each decision; decided once", async () => {
    const customerId = await customerOf(partnerA.id);
    const asked = await askFor(tokens.aRep!, customerId, "gift", "120");
    const noNote = await api("POST", `/entitlements/${asked.body.id}/reject`, { token: channelToken, body: { note: " " }, headers: { "accept-language": "zh-CN" } });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.details).toEqual([{ path: "note", message: "驳回时请写明原因，合作伙伴会看到。" }]);

    const rejected = await api("POST", `/entitlements/${asked.body.id}/reject`, { token: channelToken, body: { note: "本月礼品预算已用完" } });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: "rejected", decisionNote: "本月礼品预算已用完" });
    expect(rejected.body.decidedAt).not.toBeNull();
    const seen = await api("GET", `/entitlements?customerId=${customerId}`, { token: tokens.aRep! });
    expect(seen.body.items[0]).toMatchObject({ id: asked.body.id, status: "rejected", decisionNote: "本月礼品预算已用完" });

    const again = await api("POST", `/entitlements/${asked.body.id}/approve`, { token: channelToken, body: {}, headers: EN });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe("This request has already been decided (now: Rejected).");

    const notices = await baseDb().notification.findMany({ where: { userId: aRep.id, link: `/entitlements#entitlement-${asked.body.id}` } });
    expect(notices.map((n) => n.type)).toEqual(["entitlement.rejected"]);
    const text = translator("zh-CN")(notices[0]!.messageKey, notices[0]!.params as Record<string, string>);
    expect(text).toMatch(/^你为「权益测试.+有限公司」申请的礼品（120\.00 元）被驳回，请查看原因。$/);
    expect((await baseDb().outboxEvent.findMany({ where: { aggregateId: asked.body.id }, orderBy: { id: "asc" } })).map((e) => e.type)).toEqual(["entitlement.requested", "entitlement.rejected"]);
  });

  it("issues exactly once: a second issue, and two at once, answer with the same entitlement and write nothing more", async () => {
    const customerId = await customerOf(partnerA.id);
    const asked = await askFor(tokens.aManager!, customerId, "coupon", "88.8");
    const early = await api("POST", `/entitlements/${asked.body.id}/issue`, { token: channelToken, body: {}, headers: EN });
    expect(early.status).toBe(422);
    expect(early.body.error.message).toBe("Only an approved request can be issued (now: Awaiting decision).");

    const approved = await api("POST", `/entitlements/${asked.body.id}/approve`, { token: channelToken, body: { note: "同意" } });
    expect(approved.body).toMatchObject({ status: "approved", decisionNote: "同意" });
    const [one, two] = await Promise.all([
      api("POST", `/entitlements/${asked.body.id}/issue`, { token: channelToken, body: { reference: "CPN-2026-001" } }),
      api("POST", `/entitlements/${asked.body.id}/issue`, { token: adminToken, body: { reference: "CPN-2026-002" } }),
    ]);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect(one.body).toEqual(two.body);
    expect(one.body.status).toBe("issued");
    const later = await api("POST", `/entitlements/${asked.body.id}/issue`, { token: channelToken, body: { reference: "CPN-OTHER" } });
    expect(later.status).toBe(200);
    expect(later.body).toEqual(one.body);

    const audit = await baseDb().auditLog.findMany({ where: { entityId: asked.body.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["entitlement.requested", "entitlement.approved", "entitlement.issued"]);
    const events = await baseDb().outboxEvent.findMany({ where: { aggregateId: asked.body.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["entitlement.requested", "entitlement.approved", "entitlement.issued"]);
    expect(events[2]!.payload).toMatchObject({ reference: one.body.issueReference });
    const notices = await baseDb().notification.findMany({ where: { userId: aManager.id }, orderBy: { id: "asc" } });
    expect(notices.map((n) => n.type)).toEqual(["entitlement.approved", "entitlement.issued"]);
    const steps = await api("GET", `/customers/${customerId}/entitlement-steps`, { token: tokens.aManager! });
    expect(steps.body.map((s: { event: string }) => s.event)).toEqual(["requested", "approved", "issued"]);
  });

  it("a partner withdraws a request while it waits, not once decided; withdrawing twice changes nothing", async () => {
    const customerId = await customerOf(partnerA.id);
    const asked = await askFor(tokens.aRep!, customerId, "coupon", "50");
    // The rep's manager may withdraw it too; another partner cannot even see it.
    expect((await api("POST", `/entitlements/${asked.body.id}/cancel`, { token: tokens.bAdmin! })).status).toBe(404);
    const cancelled = await api("POST", `/entitlements/${asked.body.id}/cancel`, { token: tokens.aManager! });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe("cancelled");
    expect((await api("POST", `/entitlements/${asked.body.id}/cancel`, { token: tokens.aRep! })).body).toEqual(cancelled.body);
    const approve = await api("POST", `/entitlements/${asked.body.id}/approve`, { token: channelToken, body: {}, headers: EN });
    expect(approve.status).toBe(422);
    expect(approve.body.error.message).toBe("This request was withdrawn.");

    const decided = await askFor(tokens.aRep!, customerId, "coupon", "50");
    await api("POST", `/entitlements/${decided.body.id}/approve`, { token: channelToken, body: {} });
    const late = await api("POST", `/entitlements/${decided.body.id}/cancel`, { token: tokens.aRep!, headers: EN });
    expect(late.status).toBe(422);
    expect(late.body.error.message).toBe("Only a request awaiting decision can be withdrawn (now: Approved).");
    expect((await baseDb().auditLog.findMany({ where: { entityId: asked.body.id } })).map((a) => a.action).sort()).toEqual(["entitlement.cancelled", "entitlement.requested"]);
  });
});

describe("who sees and does what", () => {
  it("partners see their own (a rep their requests, a manager the partner's), never another partner's; only the platform decides", async () => {
    const customerId = await customerOf(partnerA.id);
    const byRep = await askFor(tokens.aRep!, customerId, "gift", "10");
    const byRep2 = await askFor(tokens.aRep2!, customerId, "gift", "10");
    const ids = (r: { body: { items: Array<{ id: string }> } }) => r.body.items.map((i) => i.id);

    expect(ids(await api("GET", `/entitlements?customerId=${customerId}`, { token: tokens.aRep! }))).toEqual([byRep.body.id]);
    expect(ids(await api("GET", `/entitlements?customerId=${customerId}`, { token: tokens.aManager! }))).toEqual([byRep2.body.id, byRep.body.id]);
    expect((await api("GET", `/entitlements/${byRep2.body.id}`, { token: tokens.aRep! })).status).toBe(404);
    for (const path of [`/entitlements/${byRep.body.id}`, `/customers/${customerId}/entitlement-steps`]) {
      expect((await api("GET", path, { token: tokens.bAdmin! })).status).toBe(404);
    }
    expect(ids(await api("GET", `/entitlements?customerId=${customerId}`, { token: tokens.bAdmin! }))).toEqual([]);

    for (const action of ["approve", "issue"]) expect((await api("POST", `/entitlements/${byRep.body.id}/${action}`, { token: tokens.aAdmin!, body: {} })).status).toBe(403);
    expect((await api("POST", `/entitlements/${byRep.body.id}/approve`, { token: financeToken, body: {} })).status).toBe(403);
    expect((await askFor(channelToken, customerId, "gift", "10")).status).toBe(403);

    // Finance reads; the list names the customer, partner and requester.
    const listed = await api("GET", `/entitlements?customerId=${customerId}&partnerId=${partnerA.id}`, { token: financeToken });
    expect(listed.body.items[1]).toMatchObject({ id: byRep.body.id, customerName: expect.stringMatching(/^权益测试/), partnerName: expect.any(String), requestedByName: aRep.name });
  });

  it("the platform's queue: by status, oldest first, paged with a cursor", async () => {
    const customerId = await customerOf(partnerA.id);
    const asked: string[] = [];
    for (let i = 0; i < 3; i++) asked.push((await askFor(tokens.aRep!, customerId, "coupon", "10")).body.id);
    const first = await api("GET", `/entitlements?status=requested&order=oldest&customerId=${customerId}&limit=2`, { token: channelToken });
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual(asked.slice(0, 2));
    const second = await api("GET", `/entitlements?status=requested&order=oldest&customerId=${customerId}&limit=2&cursor=${first.body.nextCursor}`, { token: channelToken });
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([asked[2]]);
    expect(second.body.nextCursor).toBeNull();
    await api("POST", `/entitlements/${asked[0]}/approve`, { token: channelToken, body: {} });
    const toIssue = await api("GET", `/entitlements?status=approved&customerId=${customerId}`, { token: channelToken });
    expect(toIssue.body.items.map((i: { id: string }) => i.id)).toEqual([asked[0]]);
  });
});

describe("the customer's timeline", () => {
  it("the platform's customer 360 and the partner's customer steps show asked, decided and issued, with notes and the reference", async () => {
    const customerId = await customerOf(partnerA.id);
    const asked = await askFor(tokens.aRep!, customerId, "coupon", "66");
    await api("POST", `/entitlements/${asked.body.id}/approve`, { token: channelToken, body: { note: "老客户" } });
    await api("POST", `/entitlements/${asked.body.id}/issue`, { token: channelToken, body: { reference: "CPN-T-1" } });
    const refused = await askFor(tokens.aRep!, customerId, "gift", "20");
    await api("POST", `/entitlements/${refused.body.id}/reject`, { token: channelToken, body: { note: "不符合活动规则" } });

    const overview = await api("GET", `/customers/${customerId}/overview`, { token: adminToken });
    expect(overview.status).toBe(200);
    const entitlementSteps = overview.body.timeline.filter((s: { entitlement?: unknown }) => s.entitlement);
    expect(entitlementSteps.map((s: { event: string }) => s.event)).toEqual(["entitlement_requested", "entitlement_approved", "entitlement_issued", "entitlement_requested", "entitlement_rejected"]);
    expect(entitlementSteps[2]).toMatchObject({ partnerId: partnerA.id, entitlement: { id: asked.body.id, type: "coupon", value: "66.00", status: "issued", reference: "CPN-T-1" } });
    expect(entitlementSteps[4]).toMatchObject({ reason: "不符合活动规则", entitlement: { type: "gift", status: "rejected" } });
    const times = overview.body.timeline.map((s: { at: string }) => Date.parse(s.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const portal = await api("GET", `/customers/${customerId}/entitlement-steps`, { token: tokens.aRep! });
    expect(portal.body.map((s: { event: string; note: string | null }) => [s.event, s.note])).toEqual([
      ["requested", "老客户续约"],
      ["approved", "老客户"],
      ["issued", null],
      ["requested", "老客户续约"],
      ["rejected", "不符合活动规则"],
    ]);
    // The partner sees its rep's name, not the platform staff's.
    expect(portal.body[0].actorName).toBe(aRep.name);
    expect(portal.body[1].actorName).toBeNull();
  });
});

describe("the entitlement policy", () => {
  it("admins change it (audited), channel managers read it, partners see the offered types only; bad values are refused per field", async () => {
    const read = await api("GET", "/settings/entitlement-policy", { token: channelToken });
    expect(read.status).toBe(200);
    expect(read.body.types[0]).toEqual({ code: "coupon", maxValue: "500.00", maxCountPerPeriod: 3, maxTotalValuePerPeriod: "1000.00" });
    expect((await api("PUT", "/settings/entitlement-policy", { token: channelToken, body: POLICY })).status).toBe(403);
    expect((await api("GET", "/settings/entitlement-policy", { token: tokens.aAdmin! })).status).toBe(403);

    const offered = await api("GET", "/entitlement-types", { token: tokens.aRep! });
    expect(offered.body.map((t: { code: string }) => t.code)).toEqual(["coupon", "gift", "free_service"]);

    const bad = await api("PUT", "/settings/entitlement-policy", {
      token: adminToken,
      headers: { "accept-language": "zh-CN" },
      body: { types: [{ code: "coupon", maxValue: "500", maxCountPerPeriod: 3, maxTotalValuePerPeriod: "100" }, { code: "gift", maxValue: "-1", maxCountPerPeriod: 0, maxTotalValuePerPeriod: "1" }] },
    });
    expect(bad.status).toBe(400);
    const byPath = Object.fromEntries((bad.body.error.details as Array<{ path: string; message: string }>).map((d) => [d.path, d.message]));
    expect(byPath).toMatchObject({ "types.1.maxValue": "请输入大于 0 的金额（元），最多两位小数。", "types.1.maxCountPerPeriod": "请输入 1 到 1000 之间的整数。" });
    expect((await api("GET", "/settings/entitlement-policy", { token: adminToken })).body.types).toHaveLength(3);

    const audit = await baseDb().auditLog.findMany({ where: { entityType: "PlatformSetting", entityId: "entitlement-policy" } });
    expect(audit.length).toBeGreaterThanOrEqual(1);
    expect(audit.every((a) => a.action === "settings.updated")).toBe(true);
  });

  it("without a saved document the platform offers the default catalogue", async () => {
    await baseDb().platformSetting.deleteMany({ where: { key: "entitlement-policy" } });
    forgetCachedEntitlementPolicy();
    try {
      const offered = await api("GET", "/entitlement-types", { token: tokens.aRep! });
      expect(offered.body.map((t: { code: string }) => t.code)).toEqual(DEFAULT_ENTITLEMENT_POLICY.types.map((t) => t.code));
    } finally {
      await api("PUT", "/settings/entitlement-policy", { token: adminToken, body: POLICY });
    }
  });
});
