import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hashApiKey } from "../../auth/index.ts";
import { baseDb, disconnectDb, Prisma } from "../../db/index.ts";
import { handleDomainEvent } from "../../jobs/domain-event.handler.ts";
import { api, apiToken, createTestLead, createTestPartner, createTestPartnerUser, createTestPlatformUser, uuidv7, type TestPartnerUser } from "../../testing/index.ts";

afterAll(disconnectDb);

let stageIds: { open: string; won: string };
let pipelineId: string;

beforeAll(async () => {
  const pipeline = await baseDb().pipeline.create({ data: { name: `交接测试 ${randomBytes(3).toString("hex")}` } });
  pipelineId = pipeline.id;
  const open = await baseDb().pipelineStage.create({ data: { pipelineId, name: "接洽", position: 1, probability: 20, kind: "open" } });
  const won = await baseDb().pipelineStage.create({ data: { pipelineId, name: "赢单", position: 2, probability: 100, kind: "won" } });
  stageIds = { open: open.id, won: won.id };
});

/** A partner with an admin, two reps and a manager; rep1 holds open and closed work of every kind. */
async function team() {
  const partner = await createTestPartner();
  const [admin, rep1, rep2, manager] = await Promise.all([
    createTestPartnerUser(partner.id, "admin"),
    createTestPartnerUser(partner.id, "rep"),
    createTestPartnerUser(partner.id, "rep"),
    createTestPartnerUser(partner.id, "manager"),
  ]);
  const lead = (status: "new" | "qualified" | "converted" | "disqualified") => createTestLead(partner.id, { createdById: rep1.id, status });
  const leads = { open1: await lead("new"), open2: await lead("qualified"), converted: await lead("converted"), disqualified: await lead("disqualified") };
  const opportunity = (status: "open" | "won") =>
    baseDb().opportunity.create({
      data: {
        partnerId: partner.id,
        pipelineId,
        stageId: status === "open" ? stageIds.open : stageIds.won,
        name: `商机 ${status}`,
        amount: new Prisma.Decimal("1000.50"),
        ownerId: rep1.id,
        status,
        closedAt: status === "won" ? new Date() : null,
        createdById: rep1.id,
      },
    });
  const opportunities = { open: await opportunity("open"), won: await opportunity("won") };
  const task = (status: "open" | "done") => baseDb().task.create({ data: { partnerId: partner.id, assigneeId: rep1.id, title: `任务 ${status}`, status } });
  const tasks = { open: await task("open"), done: await task("done") };
  const registration = (status: "accepted" | "expired") =>
    baseDb().registration.create({ data: { partnerId: partner.id, status, submitted: { kind: "company", name: "交接客户" }, createdById: rep1.id } });
  const registrations = { accepted: await registration("accepted"), expired: await registration("expired") };
  return { partner, admin, rep1, rep2, manager, leads, opportunities, tasks, registrations };
}

describe("deactivating a member", () => {
  it("hands open leads, opportunities, tasks and live registrations to the successor; closed work keeps its history", async () => {
    const t = await team();
    const token = await apiToken(t.admin);
    const response = await api("POST", `/team/members/${t.rep1.id}/deactivate`, { token, body: { successorId: t.rep2.id } });
    expect(response.status).toBe(200);
    expect(response.body.member).toMatchObject({ id: t.rep1.id, active: false, role: "rep" });
    expect(response.body.handOver).toEqual({ successorId: t.rep2.id, leads: 2, opportunities: 1, tasks: 1, registrations: 1 });

    const db = baseDb();
    const leadOwner = async (id: string) => (await db.lead.findUniqueOrThrow({ where: { id } })).assigneeId;
    expect(await leadOwner(t.leads.open1.id)).toBe(t.rep2.id);
    expect(await leadOwner(t.leads.open2.id)).toBe(t.rep2.id);
    expect(await leadOwner(t.leads.converted.id)).toBe(t.rep1.id);
    expect(await leadOwner(t.leads.disqualified.id)).toBe(t.rep1.id);
    expect((await db.opportunity.findUniqueOrThrow({ where: { id: t.opportunities.open.id } })).ownerId).toBe(t.rep2.id);
    expect((await db.opportunity.findUniqueOrThrow({ where: { id: t.opportunities.won.id } })).ownerId).toBe(t.rep1.id);
    expect((await db.task.findUniqueOrThrow({ where: { id: t.tasks.open.id } })).assigneeId).toBe(t.rep2.id);
    expect((await db.task.findUniqueOrThrow({ where: { id: t.tasks.done.id } })).assigneeId).toBe(t.rep1.id);
    expect((await db.registration.findUniqueOrThrow({ where: { id: t.registrations.accepted.id } })).createdById).toBe(t.rep2.id);
    expect((await db.registration.findUniqueOrThrow({ where: { id: t.registrations.expired.id } })).createdById).toBe(t.rep1.id);

    // The successor, a rep, now sees the lead in their own list.
    const successorLeads = await api("GET", "/leads?limit=200", { token: await apiToken(t.rep2) });
    expect(successorLeads.body.items.map((l: { id: string }) => l.id)).toEqual(expect.arrayContaining([t.leads.open1.id, t.leads.open2.id]));

    // Audit (with exactly what moved) and the event, in the same transaction.
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: t.rep1.id, action: "user.deactivated" } });
    expect(audit.actorUserId).toBe(t.admin.id);
    expect(audit.after).toMatchObject({
      successorId: t.rep2.id,
      moved: {
        leads: expect.arrayContaining([t.leads.open1.id, t.leads.open2.id]),
        opportunities: [t.opportunities.open.id],
        tasks: [t.tasks.open.id],
        registrations: [t.registrations.accepted.id],
      },
    });
    const event = await db.outboxEvent.findFirstOrThrow({ where: { aggregateId: t.rep1.id, type: "user.deactivated" } });
    expect(event.payload).toEqual({ userId: t.rep1.id, partnerId: t.partner.id, reassignedToId: t.rep2.id });

    // The successor hears about it once, however often the event is delivered.
    const job = { eventId: event.id, type: event.type, aggregateType: event.aggregateType, aggregateId: event.aggregateId, partnerId: event.partnerId, payload: event.payload, occurredAt: event.createdAt.toISOString() };
    await handleDomainEvent(job);
    await handleDomainEvent(job);
    const told = await db.notification.findMany({ where: { userId: t.rep2.id, type: "user.deactivated" } });
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ messageKey: "team.notification.workHandedOver", params: { name: t.rep1.name } });
  });

  it("signs the leaver out everywhere: sessions, API keys, and no new sign-in", async () => {
    const t = await team();
    const leaverToken = await apiToken(t.manager);
    // Only admins create keys in the UI; the leaver holds one from when they were an admin.
    const rawKey = `qd_${randomBytes(24).toString("base64url")}`;
    await baseDb().apiKey.create({ data: { userId: t.manager.id, name: "ERP", prefix: rawKey.slice(0, 10), hash: hashApiKey(rawKey) } });
    expect((await api("GET", "/me", { token: rawKey })).status).toBe(200);

    const response = await api("POST", `/team/members/${t.manager.id}/deactivate`, { token: await apiToken(t.admin), body: { successorId: t.rep2.id } });
    expect(response.status).toBe(200);
    expect((await api("GET", "/me", { token: leaverToken })).status).toBe(401);
    expect((await api("GET", "/me", { token: rawKey })).status).toBe(401);
    expect(await baseDb().session.count({ where: { userId: t.manager.id } })).toBe(0);
    expect(await baseDb().apiKey.count({ where: { userId: t.manager.id, revokedAt: null } })).toBe(0);
    const signIn = await api("POST", "/sessions", { body: { email: t.manager.email, password: t.manager.password } });
    expect(signIn.status).toBe(401);
    expect(signIn.body.error.code).toBe("INVALID_CREDENTIALS");

    // Reactivated, they sign in again; revoked keys stay revoked.
    const back = await api("POST", `/team/members/${t.manager.id}/reactivate`, { token: await apiToken(t.admin) });
    expect(back.status).toBe(200);
    expect(back.body.active).toBe(true);
    expect((await api("POST", "/sessions", { body: { email: t.manager.email, password: t.manager.password } })).status).toBe(201);
    expect((await api("GET", "/me", { token: rawKey })).status).toBe(401);
    expect(await baseDb().auditLog.count({ where: { entityId: t.manager.id, action: "user.reactivated" } })).toBe(1);
  });

  it("is all or nothing: a failure while handing over leaves every row as it was", async () => {
    const t = await team();
    // Make the task hand-over fail, after the leads and opportunities have moved inside the transaction.
    const marker = `explode_${randomBytes(4).toString("hex")}`;
    await baseDb().task.update({ where: { id: t.tasks.open.id }, data: { title: marker } });
    await baseDb().$executeRawUnsafe(`CREATE FUNCTION ${marker}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.title = '${marker}' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$`);
    await baseDb().$executeRawUnsafe(`CREATE TRIGGER ${marker} BEFORE UPDATE ON "Task" FOR EACH ROW EXECUTE FUNCTION ${marker}()`);
    // The API logs the unexpected error; this test expects it.
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await api("POST", `/team/members/${t.rep1.id}/deactivate`, { token: await apiToken(t.admin), body: { successorId: t.rep2.id } });
      expect(response.status).toBe(500);
    } finally {
      quiet.mockRestore();
      await baseDb().$executeRawUnsafe(`DROP TRIGGER ${marker} ON "Task"`);
      await baseDb().$executeRawUnsafe(`DROP FUNCTION ${marker}()`);
    }
    const db = baseDb();
    expect((await db.lead.findUniqueOrThrow({ where: { id: t.leads.open1.id } })).assigneeId).toBe(t.rep1.id);
    expect((await db.opportunity.findUniqueOrThrow({ where: { id: t.opportunities.open.id } })).ownerId).toBe(t.rep1.id);
    expect((await db.user.findUniqueOrThrow({ where: { id: t.rep1.id } })).deactivatedAt).toBeNull();
    expect(await db.auditLog.count({ where: { entityId: t.rep1.id, action: "user.deactivated" } })).toBe(0);
    expect(await db.outboxEvent.count({ where: { aggregateId: t.rep1.id, type: "user.deactivated" } })).toBe(0);
    expect((await api("POST", "/sessions", { body: { email: t.rep1.email, password: t.rep1.password } })).status).toBe(201);
  });

  it("refuses deactivating oneself, the last active admin, and successors who cannot take over — and changes nothing", async () => {
    const t = await team();
    const outsider = await createTestPartnerUser((await createTestPartner()).id, "rep");
    const retired = await createTestPartnerUser(t.partner.id, "rep");
    await baseDb().user.update({ where: { id: retired.id }, data: { deactivatedAt: new Date() } });
    const adminToken = await apiToken(t.admin);
    const staffToken = await apiToken(await createTestPlatformUser(["channel_manager"]));
    const cases: Array<[string, string, string, string, string]> = [
      ["self", adminToken, t.admin.id, t.rep2.id, "You cannot deactivate your own account."],
      ["last admin (platform staff)", staffToken, t.admin.id, t.rep2.id, "A partner must keep at least one active admin. Make someone else an admin first."],
      ["successor of another partner", adminToken, t.rep1.id, outsider.id, "The successor must be an active member of the same partner."],
      ["deactivated successor", adminToken, t.rep1.id, retired.id, "The successor must be an active member of the same partner."],
      ["missing successor", adminToken, t.rep1.id, uuidv7(), "The successor must be an active member of the same partner."],
      ["the leaver as successor", adminToken, t.rep1.id, t.rep1.id, "The successor cannot be the member being deactivated."],
    ];
    for (const [name, token, userId, successorId, message] of cases) {
      const response = await api("POST", `/team/members/${userId}/deactivate`, { token, body: { successorId }, headers: { "accept-language": "en" } });
      expect(response.status, name).toBe(422);
      expect(response.body.error.message, name).toBe(message);
    }
    const missingSuccessor = await api("POST", `/team/members/${t.rep1.id}/deactivate`, { token: adminToken, body: {} });
    expect(missingSuccessor.status).toBe(400);
    expect(missingSuccessor.body.error.details[0].path).toBe("successorId");
    expect(await baseDb().user.count({ where: { id: { in: [t.admin.id, t.rep1.id] }, deactivatedAt: { not: null } } })).toBe(0);
    expect((await baseDb().lead.findUniqueOrThrow({ where: { id: t.leads.open1.id } })).assigneeId).toBe(t.rep1.id);

    // With a second admin, platform staff may deactivate the first one (from the platform's partner page).
    const second = await createTestPartnerUser(t.partner.id, "admin");
    const ok = await api("POST", `/team/members/${t.admin.id}/deactivate`, { token: staffToken, body: { successorId: second.id } });
    expect(ok.status).toBe(200);
    const audit = await baseDb().auditLog.findFirstOrThrow({ where: { entityId: t.admin.id, action: "user.deactivated" } });
    expect(audit.actorKind).toBe("platform");
  });

  it("is for partner admins of the member's own partner and platform admins/channel managers", async () => {
    const t = await team();
    for (const who of [t.manager, t.rep2]) {
      expect((await api("POST", `/team/members/${t.rep1.id}/deactivate`, { token: await apiToken(who), body: { successorId: t.rep2.id } })).status).toBe(403);
    }
    const finance = await createTestPlatformUser(["finance"]);
    expect((await api("POST", `/team/members/${t.rep1.id}/deactivate`, { token: await apiToken(finance), body: { successorId: t.rep2.id } })).status).toBe(403);

    // A distributor's admin sees its sub-dealer's members but manages only its own team.
    const sub = await createTestPartner({ parentPartnerId: t.partner.id });
    const [subAdmin, subRep] = await Promise.all([createTestPartnerUser(sub.id, "admin"), createTestPartnerUser(sub.id, "rep")]);
    const response = await api("POST", `/team/members/${subRep.id}/deactivate`, { token: await apiToken(t.admin), body: { successorId: subAdmin.id } });
    expect(response.status).toBe(404);
  });

  it("answers another partner's member ids exactly like missing ones, for every member action", async () => {
    const t = await team();
    const other = await createTestPartner();
    const [theirAdmin, theirRep] = await Promise.all([createTestPartnerUser(other.id, "admin"), createTestPartnerUser(other.id, "rep")]);
    const token = await apiToken(t.admin);
    const calls: Array<[string, string, (id: string) => string, unknown]> = [
      ["deactivate", "POST", (id) => `/team/members/${id}/deactivate`, { successorId: theirAdmin.id }],
      ["reactivate", "POST", (id) => `/team/members/${id}/reactivate`, undefined],
      ["role", "PUT", (id) => `/team/members/${id}/role`, { role: "admin" }],
    ];
    for (const [name, method, path, body] of calls) {
      const theirs = await api(method, path(theirRep.id), { token, body });
      const missing = await api(method, path(uuidv7()), { token, body });
      expect(theirs.status, name).toBe(404);
      expect(theirs.body, name).toEqual(missing.body);
    }
    const untouched = await baseDb().user.findUniqueOrThrow({ where: { id: theirRep.id }, include: { membership: true } });
    expect(untouched.deactivatedAt).toBeNull();
    expect(untouched.membership?.role).toBe("rep");
  });
});

describe("changing a member's role", () => {
  it("promotes and demotes, never leaving the partner without an active admin", async () => {
    const t = await team();
    const token = await apiToken(t.admin);
    const promoted = await api("PUT", `/team/members/${t.rep2.id}/role`, { token, body: { role: "admin" } });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ id: t.rep2.id, role: "admin" });
    // The new role applies from the next request.
    expect((await api("GET", "/me", { token: await apiToken(t.rep2) })).body.roles).toEqual(["admin"]);

    // Two admins: one may step down. Then the remaining one may not.
    expect((await api("PUT", `/team/members/${t.admin.id}/role`, { token, body: { role: "manager" } })).status).toBe(200);
    const rep2Token = await apiToken(t.rep2);
    const refused = await api("PUT", `/team/members/${t.rep2.id}/role`, { token: rep2Token, body: { role: "rep" }, headers: { "accept-language": "zh-CN" } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toBe("合作伙伴至少要保留一名在职管理员，请先指定另一位管理员。");
    expect(refused.body.error.details).toEqual([{ path: "role", message: "合作伙伴至少要保留一名在职管理员，请先指定另一位管理员。" }]);

    const audit = await baseDb().auditLog.findMany({ where: { entityId: { in: [t.rep2.id, t.admin.id] }, action: "membership.role_changed" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.entityId, a.before, a.after])).toEqual([
      [t.rep2.id, { role: "rep" }, { role: "admin" }],
      [t.admin.id, { role: "admin" }, { role: "manager" }],
    ]);
    const bad = await api("PUT", `/team/members/${t.rep1.id}/role`, { token: rep2Token, body: { role: "owner" } });
    expect(bad.status).toBe(400);
  });
});
