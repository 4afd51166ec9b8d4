import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb } from "../../db/index.ts";
import {
  api,
  apiToken,
  createTestLead,
  createTestPartner,
  createTestPartnerUser,
  createTestPlatformUser,
  type TestPartnerUser,
  type TestPlatformUser,
} from "../../testing/index.ts";

let distributor: { id: string; name: string };
let subDealer: { id: string; name: string };
let competitor: { id: string };
let dAdmin: TestPartnerUser, dManager: TestPartnerUser, dRep1: TestPartnerUser, dRep2: TestPartnerUser;
let sAdmin: TestPartnerUser, sRep: TestPartnerUser, cAdmin: TestPartnerUser;
let platformAdmin: TestPlatformUser, finance: TestPlatformUser;
const leadIds: Record<string, string> = {};

beforeAll(async () => {
  distributor = await createTestPartner({ name: `华东分销 ${randomUUID().slice(0, 6)}` });
  subDealer = await createTestPartner({ name: `苏州二级 ${randomUUID().slice(0, 6)}`, parentPartnerId: distributor.id });
  competitor = await createTestPartner();
  [dAdmin, dManager, dRep1, dRep2, sAdmin, sRep, cAdmin] = await Promise.all([
    createTestPartnerUser(distributor.id, "admin"),
    createTestPartnerUser(distributor.id, "manager"),
    createTestPartnerUser(distributor.id, "rep"),
    createTestPartnerUser(distributor.id, "rep"),
    createTestPartnerUser(subDealer.id, "admin"),
    createTestPartnerUser(subDealer.id, "rep"),
    createTestPartnerUser(competitor.id, "admin"),
  ]);
  platformAdmin = await createTestPlatformUser(["admin"]);
  finance = await createTestPlatformUser(["finance"]);
  leadIds.rep1 = (await createTestLead(distributor.id, { createdById: dRep1.id, name: "rep1 的线索" })).id;
  leadIds.rep2 = (await createTestLead(distributor.id, { createdById: dRep2.id, name: "rep2 的线索" })).id;
  leadIds.sub = (await createTestLead(subDealer.id, { createdById: sRep.id, name: "二级的线索" })).id;
  leadIds.competitor = (await createTestLead(competitor.id, { createdById: cAdmin.id, name: "竞争对手的线索" })).id;
});

afterAll(disconnectDb);

async function visibleIds(user: { email: string; password: string }, query = "?limit=200"): Promise<string[]> {
  const response = await api("GET", `/leads${query}`, { token: await apiToken(user) });
  expect(response.status).toBe(200);
  return response.body.items.map((l: { id: string }) => l.id);
}

describe("lead visibility by role", () => {
  it.each([
    ["a rep sees only the leads assigned to them", () => dRep1, ["rep1"]],
    ["a manager sees the whole partner and its sub-dealers", () => dManager, ["rep1", "rep2", "sub"]],
    ["a distributor admin sees its sub-dealers' leads too", () => dAdmin, ["rep1", "rep2", "sub"]],
    ["a sub-dealer admin does not see the distributor's leads", () => sAdmin, ["sub"]],
    ["a platform admin sees every partner's leads", () => platformAdmin, ["rep1", "rep2", "sub", "competitor"]],
  ] as const)("%s", async (_name, who, expected) => {
    const ids = await visibleIds(who());
    const ours = Object.entries(leadIds).filter(([, id]) => ids.includes(id)).map(([k]) => k);
    expect(ours.sort()).toEqual([...expected].sort());
  });

  it("finance staff may not read leads (403)", async () => {
    const response = await api("GET", "/leads", { token: await apiToken(finance) });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe("FORBIDDEN");
  });

  it("the platform sees the partner's name and can filter by partner", async () => {
    const response = await api("GET", `/leads?partnerId=${subDealer.id}`, { token: await apiToken(platformAdmin) });
    expect(response.body.items.map((l: { id: string }) => l.id)).toEqual([leadIds.sub]);
    expect(response.body.items[0].partnerName).toBe(subDealer.name);
  });
});

describe("the Done-when journey over /api/v1", () => {
  it("a rep's new lead is visible to its partner admin and a 404 for another partner's admin", async () => {
    const created = await api("POST", "/leads", {
      token: await apiToken(dRep1),
      body: { name: "上海某某科技有限公司 张经理", company: "上海某某科技有限公司", phone: "138 0013 8000", email: "Zhang@Example.com", source: "展会" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ partnerId: distributor.id, assigneeId: dRep1.id, status: "new", email: "zhang@example.com" });
    expect(created.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const byAdmin = await api("GET", `/leads/${created.body.id}`, { token: await apiToken(dAdmin) });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.name).toBe("上海某某科技有限公司 张经理");

    const byOther = await api("GET", `/leads/${created.body.id}`, { token: await apiToken(cAdmin), headers: { "accept-language": "en" } });
    expect(byOther.status).toBe(404);
    expect(byOther.body).toEqual({ error: { code: "NOT_FOUND", message: "The record was not found, or you are not allowed to see it.", details: [] } });
  });
});

describe("lead rules", () => {
  it("rejects invalid input with per-field, translated details and writes nothing", async () => {
    const before = await baseDb().lead.count();
    const response = await api("POST", "/leads", {
      token: await apiToken(dRep1),
      headers: { "accept-language": "zh-CN" },
      body: { name: "  ", email: "not-an-email", phone: "abc" },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("VALIDATION_FAILED");
    expect(response.body.error.details).toEqual(
      expect.arrayContaining([
        { path: "name", message: "必填项。" },
        { path: "email", message: "请输入有效的邮箱地址。" },
        { path: "phone", message: "请输入有效的手机或座机号码。" },
      ]),
    );
    expect(await baseDb().lead.count()).toBe(before);
  });

  it("a rep cannot reassign a lead; a manager can, but only to a member of the lead's partner", async () => {
    const lead = await createTestLead(distributor.id, { createdById: dRep1.id, status: "new" });
    const asRep = await api("PATCH", `/leads/${lead.id}`, { token: await apiToken(dRep1), body: { assigneeId: dRep2.id } });
    expect(asRep.status).toBe(403);
    const outsider = await api("PATCH", `/leads/${lead.id}`, { token: await apiToken(dManager), body: { assigneeId: cAdmin.id } });
    expect(outsider.status).toBe(422);
    expect(outsider.body.error.code).toBe("ASSIGNEE_NOT_IN_PARTNER");
    const ok = await api("PATCH", `/leads/${lead.id}`, { token: await apiToken(dManager), body: { assigneeId: dRep2.id, status: "contacted" } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ assigneeId: dRep2.id, status: "contacted" });
    // rep1 no longer sees it; rep2 does.
    expect(await visibleIds(dRep1)).not.toContain(lead.id);
    expect(await visibleIds(dRep2)).toContain(lead.id);
    const audit = await baseDb().auditLog.findMany({ where: { entityId: lead.id, action: "lead.updated" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toMatchObject({ assigneeId: dRep1.id, status: "new" });
  });

  it("pages with a cursor, newest first, without overlaps, and rejects a garbage cursor", async () => {
    const partner = await createTestPartner();
    const rep = await createTestPartnerUser(partner.id, "rep");
    for (let i = 0; i < 5; i++) await createTestLead(partner.id, { createdById: rep.id, name: `第${i}条`, createdAt: new Date(Date.now() - (5 - i) * 60_000) });
    const token = await apiToken(rep);
    const first = await api("GET", "/leads?limit=2", { token });
    const second = await api("GET", `/leads?limit=2&cursor=${first.body.nextCursor}`, { token });
    const third = await api("GET", `/leads?limit=2&cursor=${second.body.nextCursor}`, { token });
    const names = [...first.body.items, ...second.body.items, ...third.body.items].map((l: { name: string }) => l.name);
    expect(names).toEqual(["第4条", "第3条", "第2条", "第1条", "第0条"]);
    expect(third.body.nextCursor).toBeNull();
    const bad = await api("GET", "/leads?cursor=garbage", { token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("cursor");
    const tooMany = await api("GET", "/leads?limit=500", { token });
    expect(tooMany.status).toBe(400);
  });

  it("replays a POST with the same Idempotency-Key and refuses the key for a different body", async () => {
    const token = await apiToken(dRep2);
    const key = randomUUID();
    const body = { name: `幂等 ${key}` };
    const first = await api("POST", "/leads", { token, body, headers: { "idempotency-key": key } });
    const replay = await api("POST", "/leads", { token, body, headers: { "idempotency-key": key } });
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(first.body.id);
    expect(await baseDb().lead.count({ where: { name: body.name } })).toBe(1);
    const conflict = await api("POST", "/leads", { token, body: { name: "别的" }, headers: { "idempotency-key": key } });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
  });
});
