import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb, Prisma } from "../../db/index.ts";
import { env } from "../../env/index.ts";
import { api, apiToken, createTestLead, createTestPartner, createTestPartnerUser, uuidv7, type TestPartnerUser } from "../../testing/index.ts";
import { monthStartIn } from "./team.rules.ts";

afterAll(disconnectDb);

let distributor: { id: string; name: string };
let subA: { id: string; name: string };
let subA1: { id: string; name: string };
let subB: { id: string; name: string };
let dAdmin: TestPartnerUser, dManager: TestPartnerUser, dRep1: TestPartnerUser, dRep2: TestPartnerUser;
let aAdmin: TestPartnerUser, aRep: TestPartnerUser, a1Admin: TestPartnerUser, bAdmin: TestPartnerUser;
const leadIds: Record<string, string> = {};

async function opportunity(partnerId: string, ownerId: string, amount: string, status: "open" | "won" | "lost", closedAt: Date | null = null, currency = "CNY") {
  const pipeline = await baseDb().pipeline.create({ data: { partnerId, name: `汇总 ${randomBytes(3).toString("hex")}` } });
  const stage = await baseDb().pipelineStage.create({ data: { pipelineId: pipeline.id, name: status, position: 1, probability: 50, kind: status } });
  await baseDb().opportunity.create({
    data: { partnerId, pipelineId: pipeline.id, stageId: stage.id, name: `商机 ${amount}`, amount: new Prisma.Decimal(amount), currency, ownerId, status, closedAt, createdById: ownerId },
  });
}

beforeAll(async () => {
  const tag = randomBytes(3).toString("hex");
  distributor = await createTestPartner({ name: `华东总代 ${tag}` });
  subA = await createTestPartner({ name: `A 苏州二级 ${tag}`, parentPartnerId: distributor.id });
  subA1 = await createTestPartner({ name: `A1 昆山三级 ${tag}`, parentPartnerId: subA.id });
  subB = await createTestPartner({ name: `B 无锡二级 ${tag}`, parentPartnerId: distributor.id });
  [dAdmin, dManager, dRep1, dRep2, aAdmin, aRep, a1Admin, bAdmin] = await Promise.all([
    createTestPartnerUser(distributor.id, "admin"),
    createTestPartnerUser(distributor.id, "manager"),
    createTestPartnerUser(distributor.id, "rep"),
    createTestPartnerUser(distributor.id, "rep"),
    createTestPartnerUser(subA.id, "admin"),
    createTestPartnerUser(subA.id, "rep"),
    createTestPartnerUser(subA1.id, "admin"),
    createTestPartnerUser(subB.id, "admin"),
  ]);
  // A deactivated member is not counted.
  const gone = await createTestPartnerUser(subA.id, "rep");
  await baseDb().user.update({ where: { id: gone.id }, data: { deactivatedAt: new Date() } });

  leadIds.dRep1 = (await createTestLead(distributor.id, { createdById: dRep1.id, status: "new" })).id;
  leadIds.dRep2 = (await createTestLead(distributor.id, { createdById: dRep2.id, status: "new" })).id;
  leadIds.aOpen1 = (await createTestLead(subA.id, { createdById: aRep.id, status: "new" })).id;
  leadIds.aOpen2 = (await createTestLead(subA.id, { createdById: aRep.id, status: "contacted" })).id;
  leadIds.aOpen3 = (await createTestLead(subA.id, { createdById: aAdmin.id, status: "qualified" })).id;
  leadIds.aClosed = (await createTestLead(subA.id, { createdById: aRep.id, status: "converted" })).id;
  leadIds.aLost = (await createTestLead(subA.id, { createdById: aRep.id, status: "disqualified" })).id;
  leadIds.a1 = (await createTestLead(subA1.id, { createdById: a1Admin.id, status: "new" })).id;

  const monthStart = monthStartIn(env().PLATFORM_TIMEZONE, new Date());
  // Sub-dealer A: 0.10 + 0.20 must be exactly 0.30, and USD is never added to CNY.
  await opportunity(subA.id, aRep.id, "0.10", "open");
  await opportunity(subA.id, aRep.id, "0.20", "open");
  await opportunity(subA.id, aRep.id, "99999999999.99", "open");
  await opportunity(subA.id, aRep.id, "500.00", "open", null, "USD");
  await opportunity(subA.id, aRep.id, "1234.50", "won", new Date(monthStart.getTime() + 60_000));
  await opportunity(subA.id, aRep.id, "1000.00", "won", new Date(monthStart.getTime() - 60_000));
  await opportunity(subA.id, aRep.id, "777.00", "lost", new Date());
  await opportunity(subA1.id, a1Admin.id, "10.00", "won", new Date());
  // The distributor's own work is not a sub-dealer's.
  await opportunity(distributor.id, dRep1.id, "888.00", "open");
});

describe("the sub-dealer rollup", () => {
  it("shows each sub-dealer at any depth with members, open leads, open and won opportunities (exact sums per currency)", async () => {
    const response = await api("GET", "/team/sub-dealers", { token: await apiToken(dAdmin) });
    expect(response.status).toBe(200);
    expect(new Date(response.body.monthStart).toISOString()).toBe(monthStartIn(env().PLATFORM_TIMEZONE, new Date()).toISOString());
    expect(response.body.items).toEqual([
      {
        partnerId: subA.id,
        name: subA.name,
        tier: "bronze",
        status: "active",
        parentPartnerId: distributor.id,
        activeMembers: 2,
        openLeads: 3,
        openOpportunities: 4,
        openAmount: [
          { currency: "CNY", amount: "100000000000.29" },
          { currency: "USD", amount: "500.00" },
        ],
        wonThisMonth: 1,
        wonAmount: [{ currency: "CNY", amount: "1234.50" }],
      },
      {
        partnerId: subA1.id,
        name: subA1.name,
        tier: "bronze",
        status: "active",
        parentPartnerId: subA.id,
        activeMembers: 1,
        openLeads: 1,
        openOpportunities: 0,
        openAmount: [],
        wonThisMonth: 1,
        wonAmount: [{ currency: "CNY", amount: "10.00" }],
      },
      {
        partnerId: subB.id,
        name: subB.name,
        tier: "bronze",
        status: "active",
        parentPartnerId: distributor.id,
        activeMembers: 1,
        openLeads: 0,
        openOpportunities: 0,
        openAmount: [],
        wonThisMonth: 0,
        wonAmount: [],
      },
    ]);
    // A manager sees the same; a sub-dealer's admin only what is below it.
    const asManager = await api("GET", "/team/sub-dealers", { token: await apiToken(dManager) });
    expect(asManager.body.items).toEqual(response.body.items);
    const asSubAdmin = await api("GET", "/team/sub-dealers", { token: await apiToken(aAdmin) });
    expect(asSubAdmin.body.items.map((i: { partnerId: string }) => i.partnerId)).toEqual([subA1.id]);
    const leaf = await api("GET", "/team/sub-dealers", { token: await apiToken(bAdmin) });
    expect(leaf.body.items).toEqual([]);
  });

  it("is not for reps", async () => {
    expect((await api("GET", "/team/sub-dealers", { token: await apiToken(dRep1) })).status).toBe(403);
  });

  it("links filter the lists by sub-dealer: leads by partnerId, customers by owner", async () => {
    const token = await apiToken(dAdmin);
    const leads = await api("GET", `/leads?partnerId=${subA.id}&limit=200`, { token });
    expect(leads.body.items.map((l: { id: string }) => l.id).sort()).toEqual(
      [leadIds.aOpen1, leadIds.aOpen2, leadIds.aOpen3, leadIds.aClosed, leadIds.aLost].sort(),
    );
    const customer = await baseDb().customer.create({ data: { kind: "company", name: `二级的客户 ${uuidv7().slice(-6)}`, ownerPartnerId: subA.id, protectedUntil: new Date(Date.now() + 86_400_000) } });
    await baseDb().customer.create({ data: { kind: "company", name: `总代的客户 ${uuidv7().slice(-6)}`, ownerPartnerId: distributor.id, protectedUntil: new Date(Date.now() + 86_400_000) } });
    const customers = await api("GET", `/customers?ownerPartnerId=${subA.id}&limit=200`, { token });
    expect(customers.status).toBe(200);
    expect(customers.body.items.map((c: { id: string }) => c.id)).toEqual([customer.id]);
  });
});

describe("a distributor's rep", () => {
  it("sees only their own leads: not a colleague's, not a sub-dealer's, whatever they ask for", async () => {
    const token = await apiToken(dRep1);
    for (const query of ["?limit=200", `?partnerId=${subA.id}&limit=200`, `?assigneeId=${dRep2.id}&limit=200`]) {
      const response = await api("GET", `/leads${query}`, { token });
      expect(response.status).toBe(200);
      const ids = response.body.items.map((l: { id: string }) => l.id);
      expect(ids, query).toEqual(query === "?limit=200" ? [leadIds.dRep1] : []);
    }
    for (const id of [leadIds.dRep2, leadIds.aOpen1, leadIds.a1]) {
      const theirs = await api("GET", `/leads/${id}`, { token });
      const missing = await api("GET", `/leads/${uuidv7()}`, { token });
      expect(theirs.status).toBe(404);
      expect(theirs.body).toEqual(missing.body);
    }
  });
});
