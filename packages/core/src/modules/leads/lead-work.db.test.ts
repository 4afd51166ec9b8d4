import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb } from "../../db/index.ts";
import { api, apiToken, createTestLead, createTestPartner, createTestPartnerUser, type TestPartnerUser } from "../../testing/index.ts";

let partnerA: { id: string }, partnerB: { id: string };
let repA: TestPartnerUser, rep2A: TestPartnerUser, managerA: TestPartnerUser, leaverA: TestPartnerUser, repB: TestPartnerUser;

beforeAll(async () => {
  partnerA = await createTestPartner();
  partnerB = await createTestPartner();
  [repA, rep2A, managerA, leaverA, repB] = await Promise.all([
    createTestPartnerUser(partnerA.id, "rep"),
    createTestPartnerUser(partnerA.id, "rep"),
    createTestPartnerUser(partnerA.id, "manager"),
    createTestPartnerUser(partnerA.id, "rep"),
    createTestPartnerUser(partnerB.id, "rep"),
  ]);
  await baseDb().user.update({ where: { id: leaverA.id }, data: { deactivatedAt: new Date() } });
});

afterAll(disconnectDb);

describe("disqualifying a lead", () => {
  it("needs a reason code (and words for 'other'); the code and words are stored together and read back apart", async () => {
    const lead = await createTestLead(partnerA.id, { createdById: repA.id, status: "contacted", statusReason: null });
    const token = await apiToken(repA);
    const bare = await api("PATCH", `/leads/${lead.id}`, { token, body: { status: "disqualified" }, headers: { "accept-language": "zh-CN" } });
    expect(bare.status).toBe(400);
    expect(bare.body.error.details).toEqual([{ path: "disqualifyReason", message: "标记为无效时，请选择无效原因。" }]);
    const other = await api("PATCH", `/leads/${lead.id}`, { token, body: { status: "disqualified", disqualifyReason: "other" }, headers: { "accept-language": "en" } });
    expect(other.body.error.details).toEqual([{ path: "statusReason", message: "With “Other”, please say why." }]);
    expect((await baseDb().lead.findUniqueOrThrow({ where: { id: lead.id } })).status).toBe("contacted");

    const ok = await api("PATCH", `/leads/${lead.id}`, { token, body: { status: "disqualified", disqualifyReason: "competitor", statusReason: "选了别家" } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: "disqualified", disqualifyReason: "competitor", statusReason: "选了别家" });
    expect((await baseDb().lead.findUniqueOrThrow({ where: { id: lead.id } })).statusReason).toBe("[competitor] 选了别家");

    // Back in play: the code goes, the words stay.
    const reopened = await api("PATCH", `/leads/${lead.id}`, { token, body: { status: "contacted" } });
    expect(reopened.body).toMatchObject({ status: "contacted", disqualifyReason: null, statusReason: "选了别家" });
  });

  it("a lead can be converted only through conversion", async () => {
    const lead = await createTestLead(partnerA.id, { createdById: repA.id, status: "qualified" });
    const response = await api("PATCH", `/leads/${lead.id}`, { token: await apiToken(repA), body: { status: "converted" } });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].path).toBe("status");
  });
});

describe("assigning a lead", () => {
  it("managers give a lead to an active member of its partner; the assignee hears of it; reps may not", async () => {
    const lead = await createTestLead(partnerA.id, { createdById: repA.id });
    const asRep = await api("POST", `/leads/${lead.id}/assign`, { token: await apiToken(repA), body: { assigneeId: rep2A.id } });
    expect(asRep.status).toBe(403);
    const token = await apiToken(managerA);
    for (const assigneeId of [leaverA.id, repB.id]) {
      const refused = await api("POST", `/leads/${lead.id}/assign`, { token, body: { assigneeId } });
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe("ASSIGNEE_NOT_IN_PARTNER");
    }
    const assigned = await api("POST", `/leads/${lead.id}/assign`, { token, body: { assigneeId: rep2A.id } });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ assigneeId: rep2A.id, assigneeName: rep2A.name });
    const events = await baseDb().outboxEvent.findMany({ where: { aggregateId: lead.id, type: "lead.assigned" } });
    expect(events.map((e) => e.payload)).toEqual([{ leadId: lead.id, partnerId: partnerA.id, assigneeId: rep2A.id, previousAssigneeId: repA.id, actorUserId: managerA.id }]);
    // Another partner's manager: the lead does not exist for them.
    const outsider = await createTestPartnerUser(partnerB.id, "manager");
    expect((await api("POST", `/leads/${lead.id}/assign`, { token: await apiToken(outsider), body: { assigneeId: outsider.id } })).status).toBe(404);
  });
});

describe("duplicate warning while typing", () => {
  it("finds the actor's own leads and customers that look the same, never another partner's", async () => {
    const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
    const companyName = `苏州吴中${tag}贸易有限公司`;
    const mobile = `137${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    const spaced = `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`;
    const mineLead = await createTestLead(partnerA.id, { createdById: repA.id, name: "周经理", company: companyName, phone: spaced, email: `zhou-${tag}@example.com` });
    await createTestLead(partnerB.id, { createdById: repB.id, name: "周经理", company: companyName, phone: spaced, email: `zhou-${tag}@example.com` });
    const registered = await api("POST", "/registrations", { token: await apiToken(repA), body: { customer: { kind: "company", name: companyName, phone: mobile } } });
    expect(registered.body.status).toBe("accepted");

    const token = await apiToken(repA);
    const byPhone = await api("GET", `/leads/duplicates?phone=${encodeURIComponent(`+86-${mobile}`)}`, { token });
    expect(byPhone.status).toBe(200);
    expect(byPhone.body.leads).toEqual([{ id: mineLead.id, name: "周经理", company: companyName, status: mineLead.status, assigneeName: repA.name, matchedOn: ["phone"] }]);
    expect(byPhone.body.customers).toEqual([{ id: registered.body.customerId, name: companyName, city: null, matchedOn: ["phone"] }]);

    const byCompany = await api("GET", `/leads/duplicates?company=${encodeURIComponent(`苏州吴中${tag}贸易`)}&email=${encodeURIComponent(`ZHOU-${tag}@example.com`)}`, { token });
    expect(byCompany.body.leads.map((l: { id: string; matchedOn: string[] }) => [l.id, l.matchedOn])).toEqual([[mineLead.id, ["company", "email"]]]);

    // The lead being edited is not its own duplicate; half-typed input finds nothing.
    const self = await api("GET", `/leads/duplicates?phone=${mobile}&excludeLeadId=${mineLead.id}`, { token });
    expect(self.body.leads).toEqual([]);
    expect((await api("GET", `/leads/duplicates?phone=${mobile.slice(0, 6)}`, { token })).body).toEqual({ leads: [], customers: [] });

    // Partner B typed the same things: it sees only its own lead, and not A's customer.
    const theirs = await api("GET", `/leads/duplicates?phone=${mobile}&company=${encodeURIComponent(companyName)}`, { token: await apiToken(repB) });
    expect(theirs.body.leads).toHaveLength(1);
    expect(theirs.body.leads[0].id).not.toBe(mineLead.id);
    expect(theirs.body.customers).toEqual([]);
  });
});
