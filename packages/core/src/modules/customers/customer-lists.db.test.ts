/**
 * A distributor's customer list names the sub-dealer that holds each of its sub-dealers' customers;
 * a plain partner's list names only itself, and an owner outside the partner's tree is never named.
 */
import { randomInt, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb } from "../../db/index.ts";
import { api, apiToken, createTestPartner, createTestPartnerUser, createTestPlatformUser, type TestPartnerUser } from "../../testing/index.ts";
import { usccCheckCharacter } from "../identity/index.ts";

afterAll(disconnectDb);

function uscc(): string {
  const body = `91310000${String(randomInt(10_000_000, 99_999_999))}M`;
  return `${body}${usccCheckCharacter(body)}`;
}

async function registerCompany(user: TestPartnerUser, name: string): Promise<string> {
  const response = await api("POST", "/registrations", { token: await apiToken(user), body: { customer: { kind: "company", name, uscc: uscc() } } });
  expect(response.body.status).toBe("accepted");
  return response.body.customerId as string;
}

type Row = { id: string; partnerId: string | null; partnerName: string | null };

describe("a distributor's customer list", () => {
  it("carries the holding partner's name: the sub-dealer on its rows, the distributor on its own", async () => {
    const tag = randomUUID().slice(0, 6);
    const distributor = await createTestPartner({ name: `总代 ${tag}` });
    const subDealer = await createTestPartner({ name: `分销 ${tag}`, parentPartnerId: distributor.id });
    const plain = await createTestPartner({ name: `独立 ${tag}` });
    const outsider = await createTestPartner({ name: `外部 ${tag}` });
    const distributorAdmin = await createTestPartnerUser(distributor.id, "admin");
    const distributorRep = await createTestPartnerUser(distributor.id, "rep");
    const subRep = await createTestPartnerUser(subDealer.id, "rep");
    const plainRep = await createTestPartnerUser(plain.id, "rep");

    const own = await registerCompany(distributorAdmin, `总代客户 ${tag}`);
    const bySub = await registerCompany(subRep, `分销客户 ${tag}`);
    const byPlain = await registerCompany(plainRep, `独立客户 ${tag}`);
    // A customer the distributor sees through its live registration while someone outside its tree owns it.
    const elsewhere = await baseDb().customer.create({ data: { kind: "company", name: `外部客户 ${tag}`, ownerPartnerId: outsider.id, protectedUntil: new Date(Date.now() + 86_400_000) } });
    await baseDb().registration.create({
      data: { partnerId: distributor.id, createdById: distributorAdmin.id, customerId: elsewhere.id, status: "accepted", submitted: { kind: "company", name: elsewhere.name } },
    });

    const list = await api("GET", `/customers?q=${encodeURIComponent(tag)}&limit=200`, { token: await apiToken(distributorAdmin) });
    expect(list.status).toBe(200);
    const rows = new Map((list.body.items as Row[]).map((row) => [row.id, row]));
    expect(rows.get(own)).toMatchObject({ partnerId: distributor.id, partnerName: distributor.name });
    expect(rows.get(bySub)).toMatchObject({ partnerId: subDealer.id, partnerName: subDealer.name });
    expect(rows.get(elsewhere.id)).toMatchObject({ partnerId: null, partnerName: null });
    expect(rows.has(byPlain)).toBe(false);
    expect(JSON.stringify(list.body)).not.toContain(outsider.id);
    expect(JSON.stringify(list.body)).not.toContain(outsider.name);
    expect(list.body.items[0]).not.toHaveProperty("ownerPartnerId");

    // The distributor's rep sees only its own partner's customers (reps do not see sub-dealers).
    const repList = await api("GET", `/customers?q=${encodeURIComponent(tag)}`, { token: await apiToken(distributorRep) });
    expect((repList.body.items as Row[]).map((row) => row.partnerId)).not.toContain(subDealer.id);

    const plainList = await api("GET", `/customers?q=${encodeURIComponent(tag)}`, { token: await apiToken(plainRep) });
    expect((plainList.body.items as Row[]).map((row) => [row.id, row.partnerId, row.partnerName])).toEqual([[byPlain, plain.id, plain.name]]);
  });

  it("the platform's list is unchanged: the owner by ownerPartnerId/ownerPartnerName", async () => {
    const staff = await createTestPlatformUser(["channel_manager"]);
    const tag = randomUUID().slice(0, 6);
    const partner = await createTestPartner({ name: `平台看 ${tag}` });
    const rep = await createTestPartnerUser(partner.id, "rep");
    const id = await registerCompany(rep, `平台客户 ${tag}`);
    const list = await api("GET", `/customers?q=${encodeURIComponent(tag)}`, { token: await apiToken(staff) });
    expect(list.body.items).toEqual([expect.objectContaining({ id, ownerPartnerId: partner.id, ownerPartnerName: partner.name })]);
  });
});
