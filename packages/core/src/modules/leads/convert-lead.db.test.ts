import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb } from "../../db/index.ts";
import { uuidv7 } from "../../db/uuidv7.ts";
import { api, apiToken, createTestLead, createTestPartner, createTestPartnerUser, type TestPartnerUser } from "../../testing/index.ts";

const DEFAULT_PIPELINE = "01936a00-0000-7000-8000-000000000001";
const FIRST_STAGE = "01936a00-0000-7000-8000-000000000011";

let partnerA: { id: string }, partnerB: { id: string }, subDealer: { id: string };
let repA: TestPartnerUser, managerA: TestPartnerUser, repB: TestPartnerUser, subRep: TestPartnerUser;

function company() {
  const tag = randomUUID().slice(0, 8);
  return { name: `杭州云帆${tag}科技有限公司`, phone: `139${randomInt(10_000_000, 99_999_999)}` };
}

beforeAll(async () => {
  partnerA = await createTestPartner({ tier: "gold" });
  partnerB = await createTestPartner();
  subDealer = await createTestPartner({ parentPartnerId: partnerA.id });
  [repA, managerA, repB, subRep] = await Promise.all([
    createTestPartnerUser(partnerA.id, "rep"),
    createTestPartnerUser(partnerA.id, "manager"),
    createTestPartnerUser(partnerB.id, "rep"),
    createTestPartnerUser(subDealer.id, "rep"),
  ]);
});

afterAll(disconnectDb);

describe("converting a lead", () => {
  it("registers the customer and opens an opportunity in the default pipeline's first stage; the lead is converted", async () => {
    const x = company();
    const lead = await createTestLead(partnerA.id, { createdById: repA.id, name: "王总", company: x.name, phone: x.phone, email: null, status: "qualified" });
    const response = await api("POST", `/leads/${lead.id}/convert`, {
      token: await apiToken(repA),
      body: { customer: { city: "杭州" }, opportunity: { amount: "120000.50", expectedCloseDate: "2027-01-31" } },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ status: "converted", registration: { status: "accepted", reason: null } });
    const { customerId, opportunityId } = response.body;
    expect(response.body.lead).toMatchObject({ id: lead.id, status: "converted", customerId });

    const customer = await baseDb().customer.findUniqueOrThrow({ where: { id: customerId } });
    expect(customer).toMatchObject({ ownerPartnerId: partnerA.id, name: x.name, city: "杭州", phone: `+86${x.phone}` });
    const opportunity = await baseDb().opportunity.findUniqueOrThrow({ where: { id: opportunityId } });
    expect(opportunity).toMatchObject({ partnerId: partnerA.id, pipelineId: DEFAULT_PIPELINE, stageId: FIRST_STAGE, customerId, leadId: lead.id, ownerId: repA.id, createdById: repA.id, name: x.name, status: "open" });
    expect(opportunity.amount.toFixed(2)).toBe("120000.50");
    expect(opportunity.expectedCloseDate?.toISOString().slice(0, 10)).toBe("2027-01-31");
    const history = await baseDb().opportunityStageChange.findMany({ where: { opportunityId } });
    expect(history).toEqual([expect.objectContaining({ fromStageId: null, toStageId: FIRST_STAGE, partnerId: partnerA.id, changedById: repA.id })]);
    const [created] = await baseDb().outboxEvent.findMany({ where: { aggregateId: opportunityId, type: "opportunity.created" } });
    expect(created!.payload).toEqual({ opportunityId, partnerId: partnerA.id, ownerId: repA.id, stageId: FIRST_STAGE, amount: "120000.50" });
    expect(await baseDb().auditLog.count({ where: { entityId: lead.id, action: "lead.converted" } })).toBe(1);

    // Converting again is a conflict, and writes nothing more.
    const again = await api("POST", `/leads/${lead.id}/convert`, { token: await apiToken(repA), body: {} });
    expect(again.status).toBe(409);
    expect(await baseDb().opportunity.count({ where: { leadId: lead.id } })).toBe(1);
  });

  it("stops with the registration's translated reason when another partner protects the customer, and writes nothing else", async () => {
    const x = company();
    const theirs = await api("POST", "/registrations", { token: await apiToken(repB), body: { customer: { kind: "company", name: x.name, phone: x.phone } } });
    expect(theirs.body.status).toBe("accepted");
    const lead = await createTestLead(partnerA.id, { createdById: repA.id, company: `${x.name}`, phone: x.phone, status: "qualified" });
    const before = {
      customer: await baseDb().customer.findUniqueOrThrow({ where: { id: theirs.body.customerId } }),
      // Counted where a half-written conversion would land (other test files write concurrently).
      opportunities: await baseDb().opportunity.count({ where: { partnerId: partnerA.id } }),
      customers: await baseDb().customer.count({ where: { name: x.name } }),
      ownership: await baseDb().customerOwnership.count({ where: { customerId: theirs.body.customerId } }),
    };
    const response = await api("POST", `/leads/${lead.id}/convert`, { token: await apiToken(repA), body: {}, headers: { "accept-language": "en" } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      status: "refused",
      customerId: null,
      opportunityId: null,
      registration: { status: "rejected", reason: { code: "PROTECTED_BY_OTHER_PARTNER", message: "This customer is protected by another partner and cannot be registered now." } },
    });
    // Never who: the answer carries neither B nor its customer.
    expect(JSON.stringify(response.body)).not.toContain(partnerB.id);
    expect(JSON.stringify(response.body)).not.toContain(theirs.body.customerId);

    const leadAfter = await baseDb().lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(leadAfter).toMatchObject({ status: "qualified", customerId: null });
    expect(await baseDb().opportunity.count({ where: { partnerId: partnerA.id } })).toBe(before.opportunities);
    expect(await baseDb().customer.count({ where: { name: x.name } })).toBe(before.customers);
    expect(await baseDb().customerOwnership.count({ where: { customerId: theirs.body.customerId } })).toBe(before.ownership);
    expect(await baseDb().customer.findUniqueOrThrow({ where: { id: theirs.body.customerId } })).toEqual(before.customer);
    expect(await baseDb().auditLog.count({ where: { entityId: lead.id, action: "lead.converted" } })).toBe(0);
  });

  it("a customer the partner already protects is used as it is (ALREADY_YOURS)", async () => {
    const x = company();
    const mine = await api("POST", "/registrations", { token: await apiToken(repA), body: { customer: { kind: "company", name: x.name, phone: x.phone } } });
    const lead = await createTestLead(partnerA.id, { createdById: repA.id, company: x.name, phone: x.phone, status: "contacted" });
    const response = await api("POST", `/leads/${lead.id}/convert`, { token: await apiToken(repA), body: {} });
    expect(response.body).toMatchObject({ status: "converted", customerId: mine.body.customerId, registration: { status: "rejected", reason: { code: "ALREADY_YOURS" } } });
  });

  it("a manager converts a rep's lead: the rep owns the opportunity", async () => {
    const x = company();
    const lead = await createTestLead(partnerA.id, { createdById: repA.id, company: x.name, phone: x.phone, status: "qualified" });
    const response = await api("POST", `/leads/${lead.id}/convert`, { token: await apiToken(managerA), body: { opportunity: { name: "首单" } } });
    expect(response.body.status).toBe("converted");
    expect(await baseDb().opportunity.findUniqueOrThrow({ where: { id: response.body.opportunityId } })).toMatchObject({ ownerId: repA.id, createdById: managerA.id, name: "首单" });
  });

  it("refuses disqualified leads, sub-dealers' leads (seen by the distributor's manager), bad input and others' leads, writing nothing", async () => {
    const registrations = await baseDb().registration.count();
    const disqualified = await createTestLead(partnerA.id, { createdById: repA.id, company: company().name, status: "disqualified" });
    const refused = await api("POST", `/leads/${disqualified.id}/convert`, { token: await apiToken(repA), body: {} });
    expect(refused.status).toBe(422);
    const sub = await createTestLead(subDealer.id, { createdById: subRep.id, company: company().name, phone: company().phone, status: "qualified" });
    const bySub = await api("POST", `/leads/${sub.id}/convert`, { token: await apiToken(managerA), body: {}, headers: { "accept-language": "en" } });
    expect(bySub.status).toBe(422);
    expect(bySub.body.error.message).toContain("sub-dealer");
    const lead = await createTestLead(partnerA.id, { createdById: repA.id, company: company().name, status: "qualified" });
    const badAmount = await api("POST", `/leads/${lead.id}/convert`, { token: await apiToken(repA), body: { opportunity: { amount: "-5" } } });
    expect(badAmount.status).toBe(400);
    expect(badAmount.body.error.details[0].path).toBe("opportunity.amount");
    const badPhone = await api("POST", `/leads/${lead.id}/convert`, { token: await apiToken(repA), body: { customer: { phone: "12345" } } });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.details[0].path).toBe("customer.phone");
    const foreign = await api("POST", `/leads/${lead.id}/convert`, { token: await apiToken(repB), body: {} });
    const missing = await api("POST", `/leads/${uuidv7()}/convert`, { token: await apiToken(repB), body: {} });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    expect(await baseDb().registration.count()).toBe(registrations);
    expect((await baseDb().lead.findUniqueOrThrow({ where: { id: lead.id } })).status).toBe("qualified");
  });
});
