import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb } from "../../db/index.ts";
import { uuidv7 } from "../../db/uuidv7.ts";
import { api, apiToken, createTestLead, createTestPartner, createTestPartnerUser, type TestPartnerUser } from "../../testing/index.ts";

let partnerA: { id: string }, partnerB: { id: string };
let repA: TestPartnerUser, rep2A: TestPartnerUser, managerA: TestPartnerUser, repB: TestPartnerUser;

/** A customer registered (and so owned and protected) by `user`'s partner. */
async function registeredCustomer(user: TestPartnerUser): Promise<string> {
  const response = await api("POST", "/registrations", {
    token: await apiToken(user),
    body: { customer: { kind: "company", name: `宁波跟进测试${randomUUID().slice(0, 8)}机械有限公司`, phone: `139${randomInt(10_000_000, 99_999_999)}` } },
  });
  expect(response.body.status).toBe("accepted");
  return response.body.customerId as string;
}

beforeAll(async () => {
  partnerA = await createTestPartner();
  partnerB = await createTestPartner();
  [repA, rep2A, managerA, repB] = await Promise.all([
    createTestPartnerUser(partnerA.id, "rep"),
    createTestPartnerUser(partnerA.id, "rep"),
    createTestPartnerUser(partnerA.id, "manager"),
    createTestPartnerUser(partnerB.id, "rep"),
  ]);
});

afterAll(disconnectDb);

describe("logging an activity", () => {
  it("a rep logs a visit on a new lead: it is on the lead's timeline, the lead is contacted, and activity.logged is emitted", async () => {
    const lead = await createTestLead(partnerA.id, { createdById: repA.id, status: "new" });
    const token = await apiToken(repA);
    const logged = await api("POST", "/activities", { token, body: { kind: "visit", leadId: lead.id, body: "上门演示，客户很感兴趣" } });
    expect(logged.status).toBe(201);
    expect(logged.body).toMatchObject({ kind: "visit", leadId: lead.id, authorId: repA.id, authorName: repA.name, partnerId: partnerA.id, body: "上门演示，客户很感兴趣" });
    // occurredAt defaults to now.
    expect(Math.abs(new Date(logged.body.occurredAt).getTime() - Date.now())).toBeLessThan(60_000);

    const timeline = await api("GET", `/activities?leadId=${lead.id}`, { token });
    expect(timeline.status).toBe(200);
    expect(timeline.body.items.map((a: { id: string }) => a.id)).toEqual([logged.body.id]);
    expect((await baseDb().lead.findUniqueOrThrow({ where: { id: lead.id } })).status).toBe("contacted");

    const events = await baseDb().outboxEvent.findMany({ where: { aggregateId: logged.body.id, type: "activity.logged" } });
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ activityId: logged.body.id, partnerId: partnerA.id, authorId: repA.id, kind: "visit", leadId: lead.id, customerId: null, opportunityId: null });
  });

  it("a qualified lead stays qualified", async () => {
    const lead = await createTestLead(partnerA.id, { createdById: repA.id, status: "qualified" });
    const logged = await api("POST", "/activities", { token: await apiToken(repA), body: { kind: "call", leadId: lead.id } });
    expect(logged.status).toBe(201);
    expect((await baseDb().lead.findUniqueOrThrow({ where: { id: lead.id } })).status).toBe("qualified");
  });

  it("another partner's lead answers 404 exactly like a missing one, and nothing is written", async () => {
    const lead = await createTestLead(partnerA.id, { createdById: repA.id, status: "new" });
    const token = await apiToken(repB);
    const before = await baseDb().activity.count();
    const theirs = await api("POST", "/activities", { token, body: { kind: "visit", leadId: lead.id }, headers: { "accept-language": "en" } });
    const missing = await api("POST", "/activities", { token, body: { kind: "visit", leadId: uuidv7() }, headers: { "accept-language": "en" } });
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual(missing.body);
    const timeline = await api("GET", `/activities?leadId=${lead.id}`, { token });
    expect(timeline.status).toBe(404);
    expect(await baseDb().activity.count()).toBe(before);
    expect((await baseDb().lead.findUniqueOrThrow({ where: { id: lead.id } })).status).toBe("new");
  });

  it("another rep's lead of the same partner is a 404 too (reps see their own leads)", async () => {
    const lead = await createTestLead(partnerA.id, { createdById: rep2A.id });
    const response = await api("POST", "/activities", { token: await apiToken(repA), body: { kind: "call", leadId: lead.id } });
    expect(response.status).toBe(404);
  });

  it("refuses an activity with no lead, customer or opportunity, or one that has not happened yet, with translated messages", async () => {
    const token = await apiToken(repA);
    const noTarget = await api("POST", "/activities", { token, body: { kind: "note", body: "?" }, headers: { "accept-language": "zh-CN" } });
    expect(noTarget.status).toBe(400);
    expect(noTarget.body.error.details).toEqual([{ path: "leadId", message: "请指明这条记录属于哪条线索、哪个客户或哪个商机。" }]);
    const lead = await createTestLead(partnerA.id, { createdById: repA.id });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const future = await api("POST", "/activities", { token, body: { kind: "call", leadId: lead.id, occurredAt: tomorrow }, headers: { "accept-language": "en" } });
    expect(future.status).toBe(400);
    expect(future.body.error.details).toEqual([{ path: "occurredAt", message: "A follow-up cannot be later than now." }]);
    const badKind = await api("POST", "/activities", { token, body: { kind: "fax", leadId: lead.id } });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.details[0].path).toBe("kind");
  });
});

describe("the customer's follow-up clock", () => {
  it("moves (and clears an inactivity warning) when the owner's rep logs against the customer", async () => {
    const customerId = await registeredCustomer(repA);
    const longAgo = new Date(Date.now() - 50 * 86_400_000);
    await baseDb().customer.update({ where: { id: customerId }, data: { lastActivityAt: longAgo, inactivityWarnedAt: new Date(Date.now() - 86_400_000) } });
    const logged = await api("POST", "/activities", { token: await apiToken(repA), body: { kind: "wechat", customerId, subject: "微信沟通报价" } });
    expect(logged.status).toBe(201);
    const customer = await baseDb().customer.findUniqueOrThrow({ where: { id: customerId } });
    expect(customer.lastActivityAt?.toISOString()).toBe(logged.body.occurredAt);
    expect(customer.inactivityWarnedAt).toBeNull();
  });

  it("does not move back for a visit logged late for last week", async () => {
    const customerId = await registeredCustomer(repA);
    const yesterday = new Date(Date.now() - 86_400_000);
    await baseDb().customer.update({ where: { id: customerId }, data: { lastActivityAt: yesterday } });
    const lastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const logged = await api("POST", "/activities", { token: await apiToken(repA), body: { kind: "visit", customerId, occurredAt: lastWeek } });
    expect(logged.status).toBe(201);
    expect((await baseDb().customer.findUniqueOrThrow({ where: { id: customerId } })).lastActivityAt?.toISOString()).toBe(yesterday.toISOString());
  });

  it("does not move when a partner that only has a registration on the customer (not the owner) logs against it", async () => {
    const customerId = await registeredCustomer(repA);
    const longAgo = new Date(Date.now() - 50 * 86_400_000);
    const warnedAt = new Date(Date.now() - 86_400_000);
    await baseDb().customer.update({ where: { id: customerId }, data: { lastActivityAt: longAgo, inactivityWarnedAt: warnedAt } });
    // B's claim awaits review: B sees the customer, but A owns it.
    await baseDb().registration.create({
      data: { partnerId: partnerB.id, createdById: repB.id, customerId, status: "pending", submitted: { kind: "company", name: "x", phone: null, email: null, uscc: null, city: null } },
    });
    const logged = await api("POST", "/activities", { token: await apiToken(repB), body: { kind: "call", customerId } });
    expect(logged.status).toBe(201);
    const customer = await baseDb().customer.findUniqueOrThrow({ where: { id: customerId } });
    expect(customer.lastActivityAt?.toISOString()).toBe(longAgo.toISOString());
    expect(customer.inactivityWarnedAt?.toISOString()).toBe(warnedAt.toISOString());
  });

  it("a customer the partner neither owns nor registered is a 404", async () => {
    const customerId = await registeredCustomer(repA);
    const response = await api("POST", "/activities", { token: await apiToken(repB), body: { kind: "call", customerId } });
    expect(response.status).toBe(404);
  });
});

describe("timelines and corrections", () => {
  it("lists a customer's timeline by when things happened, pages with a cursor, and 'mine' lists only my own", async () => {
    const customerId = await registeredCustomer(repA);
    const tokenRep = await apiToken(repA);
    const tokenManager = await apiToken(managerA);
    const times = [5, 1, 3].map((days) => new Date(Date.now() - days * 86_400_000).toISOString());
    for (const occurredAt of times) await api("POST", "/activities", { token: tokenRep, body: { kind: "call", customerId, occurredAt } });
    const byManager = await api("POST", "/activities", { token: tokenManager, body: { kind: "meeting", customerId, subject: "经理拜访" } });
    expect(byManager.status).toBe(201);

    const first = await api("GET", `/activities?customerId=${customerId}&limit=2`, { token: tokenManager });
    const second = await api("GET", `/activities?customerId=${customerId}&limit=2&cursor=${first.body.nextCursor}`, { token: tokenManager });
    const seen = [...first.body.items, ...second.body.items].map((a: { occurredAt: string }) => a.occurredAt);
    expect(seen).toHaveLength(4);
    expect(seen).toEqual([...seen].sort().reverse());
    expect(second.body.nextCursor).toBeNull();

    // A rep's timeline shows what they logged; "mine" is their recent activity.
    const repTimeline = await api("GET", `/activities?customerId=${customerId}`, { token: tokenRep });
    expect(repTimeline.body.items).toHaveLength(3);
    const mine = await api("GET", "/activities?mine=true&limit=200", { token: tokenManager });
    expect(mine.body.items.every((a: { authorId: string }) => a.authorId === managerA.id)).toBe(true);
    expect(mine.body.items.map((a: { id: string }) => a.id)).toContain(byManager.body.id);
  });

  it("the author corrects their activity; a manager of the same partner may not (403); another partner gets 404", async () => {
    const lead = await createTestLead(partnerA.id, { createdById: repA.id });
    const logged = await api("POST", "/activities", { token: await apiToken(repA), body: { kind: "call", leadId: lead.id } });
    const corrected = await api("PATCH", `/activities/${logged.body.id}`, { token: await apiToken(repA), body: { kind: "visit", body: "其实是上门拜访", durationMinutes: 45 } });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ kind: "visit", body: "其实是上门拜访", durationMinutes: 45 });
    const audit = await baseDb().auditLog.findMany({ where: { entityId: logged.body.id, action: "activity.updated" } });
    expect(audit[0]!.before).toMatchObject({ kind: "call", body: null });

    const byManager = await api("PATCH", `/activities/${logged.body.id}`, { token: await apiToken(managerA), body: { body: "改写" }, headers: { "accept-language": "en" } });
    expect(byManager.status).toBe(403);
    expect(byManager.body.error.message).toBe("You can only correct follow-ups you logged yourself.");
    const byOther = await api("PATCH", `/activities/${logged.body.id}`, { token: await apiToken(repB), body: { body: "改写" } });
    expect(byOther.status).toBe(404);
    expect((await baseDb().activity.findUniqueOrThrow({ where: { id: logged.body.id } })).body).toBe("其实是上门拜访");
  });
});
