/**
 * What the review console and the portal read from registration lists and the conflict view: the
 * extension queue by request age (paging correctly across equal request times), the identity keys
 * behind a conflict, one customer's registrations (scoped for partners), and the sub-dealer's name
 * on a distributor's rows.
 */
import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb } from "../../db/index.ts";
import { api, apiToken, createTestPartner, createTestPartnerUser, createTestPlatformUser, type TestPartnerUser, type TestPlatformUser } from "../../testing/index.ts";
import { usccCheckCharacter } from "../identity/index.ts";

let staff: TestPlatformUser;

/** A unique, valid company identity per call. */
function company() {
  const tag = randomUUID().slice(0, 6);
  const body = `91310000${String(randomInt(10_000_000, 99_999_999))}M`;
  const mobile = `139${String(randomInt(10_000_000, 99_999_999))}`;
  return { tag, uscc: `${body}${usccCheckCharacter(body)}`, mobile, name: `上海渠道列表${tag}科技有限公司` };
}

async function register(user: TestPartnerUser, customer: Record<string, string>) {
  const response = await api("POST", "/registrations", { token: await apiToken(user), body: { customer: { kind: "company", ...customer } } });
  expect(response.status).toBe(201);
  return response.body as { id: string; status: string; customerId?: string };
}

type Row = { id: string; partnerId: string; partnerName?: string; extensionRequestedAt: string | null; customerId: string | null };

/** Every page of a list, following nextCursor. */
async function allPages(token: string, query: string): Promise<{ pages: Row[][]; cursors: Array<string | null> }> {
  const pages: Row[][] = [];
  const cursors: Array<string | null> = [];
  let cursor: string | null = null;
  do {
    const response = await api("GET", `/registrations?${query}${cursor ? `&cursor=${cursor}` : ""}`, { token });
    expect(response.status).toBe(200);
    pages.push(response.body.items);
    cursor = response.body.nextCursor;
    cursors.push(cursor);
  } while (cursor && pages.length < 20);
  return { pages, cursors };
}

beforeAll(async () => {
  staff = await createTestPlatformUser(["channel_manager"]);
});
afterAll(disconnectDb);

describe("the extension queue", () => {
  it("is ordered by request time (oldest first), pages across equal request times without skipping or repeating, and shows extensionRequestedAt", async () => {
    const partner = await createTestPartner();
    const rep = await createTestPartnerUser(partner.id, "rep");
    // Registered in this order, so ids ascend r0 < r1 < … < r4; requests come in a different order.
    const r: string[] = [];
    for (let i = 0; i < 5; i++) r.push((await register(rep, { name: company().name, uscc: company().uscc })).id);
    const base = Date.now() - 3 * 86_400_000;
    const t0 = new Date(base);
    const t1 = new Date(base + 3_600_000);
    const t2 = new Date(base + 7_200_000);
    const requestedAt = [t2, t0, t1, t1, t2]; // two ties: (r2, r3) and (r0, r4)
    for (const [i, id] of r.entries()) {
      await baseDb().registration.update({ where: { id }, data: { extensionStatus: "requested", extensionReason: "客户预算下季度审批", extensionRequestedAt: requestedAt[i]! } });
    }
    // A decided request of the same partner stays out of the queue.
    const decided = await register(rep, { name: company().name, uscc: company().uscc });
    await baseDb().registration.update({ where: { id: decided.id }, data: { extensionStatus: "approved", extensionRequestedAt: t0 } });

    const token = await apiToken(staff);
    const oldest = await allPages(token, `extensionRequested=true&order=oldest&partnerId=${partner.id}&limit=2`);
    expect(oldest.pages.map((page) => page.map((row) => row.id))).toEqual([
      [r[1], r[2]],
      [r[3], r[0]],
      [r[4]],
    ]);
    expect(oldest.cursors.at(-1)).toBeNull();
    expect(oldest.pages[0]![0]!.extensionRequestedAt).toBe(t0.toISOString());

    const newest = await allPages(token, `extensionRequested=true&order=newest&partnerId=${partner.id}&limit=2`);
    expect(newest.pages.flat().map((row) => row.id)).toEqual([r[4], r[0], r[3], r[2], r[1]]);
    expect(newest.pages.map((page) => page.length)).toEqual([2, 2, 1]);

    // Every page size gives the same sequence.
    for (const limit of [1, 3, 5]) {
      const pages = await allPages(token, `extensionRequested=true&order=oldest&partnerId=${partner.id}&limit=${limit}`);
      expect(pages.pages.flat().map((row) => row.id)).toEqual([r[1], r[2], r[3], r[0], r[4]]);
    }

    // The partner reads the request time on its own registration too.
    const own = await api("GET", `/registrations/${r[1]}`, { token: await apiToken(rep) });
    expect(own.body.extensionRequestedAt).toBe(t0.toISOString());
  });

  it("records the request time when a partner asks for an extension", async () => {
    const partner = await createTestPartner();
    const rep = await createTestPartnerUser(partner.id, "rep");
    const created = await register(rep, { name: company().name, uscc: company().uscc });
    const before = Date.now();
    const request = await api("POST", `/registrations/${created.id}/extension`, { token: await apiToken(rep), body: { reason: "正在商谈合同" } });
    expect(request.status).toBe(200);
    expect(new Date(request.body.extensionRequestedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const queue = await api("GET", `/registrations?extensionRequested=true&order=oldest&partnerId=${partner.id}`, { token: await apiToken(staff) });
    expect(queue.body.items.map((row: Row) => [row.id, row.extensionRequestedAt])).toEqual([[created.id, request.body.extensionRequestedAt]]);
  });

  it("refuses a cursor that is not an id, or not a row the reader can see, with a translated message", async () => {
    const token = await apiToken(staff);
    const garbage = await api("GET", "/registrations?extensionRequested=true&order=oldest&cursor=abc", { token, headers: { "accept-language": "en" } });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.details).toEqual([{ path: "cursor", message: expect.any(String) }]);
    expect(garbage.body.error.details[0].message).not.toContain("errors.");
    const missing = await api("GET", `/registrations?extensionRequested=true&order=oldest&cursor=${randomUUID()}`, { token, headers: { "accept-language": "en" } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual(garbage.body.error.details);

    // Another partner's registration as the cursor answers exactly as a missing one does.
    const other = await createTestPartner();
    const otherRep = await createTestPartnerUser(other.id, "rep");
    const theirs = await register(otherRep, { name: company().name, uscc: company().uscc });
    const partner = await createTestPartner();
    const admin = await createTestPartnerUser(partner.id, "admin");
    const adminToken = await apiToken(admin);
    const viaTheirs = await api("GET", `/registrations?extensionRequested=true&cursor=${theirs.id}`, { token: adminToken });
    const viaNothing = await api("GET", `/registrations?extensionRequested=true&cursor=${randomUUID()}`, { token: adminToken });
    expect(viaTheirs.status).toBe(400);
    expect(viaTheirs.body).toEqual(viaNothing.body);

    const badOrder = await api("GET", "/registrations?order=sideways", { token, headers: { "accept-language": "en" } });
    expect(badOrder.status).toBe(400);
    expect(badOrder.body.error.details[0]).toMatchObject({ path: "order" });
    expect(badOrder.body.error.details[0].message).not.toContain("errors.");
  });
});

describe("the conflict view", () => {
  it("shows each side's identity keys and the keys shared with this registration", async () => {
    const a = await createTestPartnerUser((await createTestPartner()).id, "rep");
    const b = await createTestPartnerUser((await createTestPartner()).id, "rep");
    const x = company();
    const y = company();
    const first = await register(a, { name: x.name, uscc: x.uscc, phone: x.mobile, city: "上海" });
    expect(first.status).toBe("accepted");
    // Another company, but the same phone: refused, and matched to A's customer through the phone.
    const second = await register(b, { name: y.name, uscc: y.uscc, phone: `+86 ${x.mobile}` });
    expect(second.status).toBe("rejected");

    const conflict = await api("GET", `/registrations/${second.id}/conflict`, { token: await apiToken(staff) });
    expect(conflict.status).toBe(200);
    const phone = { kind: "phone", value: `+86${x.mobile}` };
    expect(conflict.body.registration.identityKeys).toEqual([{ kind: "uscc", value: y.uscc }, phone]);
    expect(conflict.body.customer.id).toBe(first.customerId);
    expect(conflict.body.customer.identityKeys).toEqual([{ kind: "uscc", value: x.uscc }, phone, { kind: "name_city", value: expect.stringContaining("|上海") }]);
    expect(conflict.body.customer.sharedKeys).toEqual([phone]);
    expect(conflict.body.competing).toHaveLength(1);
    expect(conflict.body.competing[0]).toMatchObject({ id: first.id, identityKeys: conflict.body.customer.identityKeys, sharedKeys: [phone] });

    // From A's side: B's claim is not live (rejected), so nothing competes; the customer shares all of A's keys.
    const fromA = await api("GET", `/registrations/${first.id}/conflict`, { token: await apiToken(staff) });
    expect(fromA.body.competing).toEqual([]);
    expect(fromA.body.customer.sharedKeys).toEqual(fromA.body.registration.identityKeys);

    // Partners never get the conflict view.
    expect((await api("GET", `/registrations/${second.id}/conflict`, { token: await apiToken(b) })).status).toBe(403);
  });
});

describe("registrations of one customer", () => {
  it("finds registrations on the customer and those that collided with it for the platform; a partner only its own, by customerId", async () => {
    const a = await createTestPartnerUser((await createTestPartner()).id, "rep");
    const b = await createTestPartnerUser((await createTestPartner()).id, "rep");
    const x = company();
    const mine = await register(a, { name: x.name, uscc: x.uscc });
    const refused = await register(b, { name: `${x.tag} 分公司`, uscc: x.uscc });
    expect(refused.status).toBe("rejected");
    const bOwn = await register(b, { name: company().name, uscc: company().uscc });
    const customerId = mine.customerId!;

    const platform = await api("GET", `/registrations?customerId=${customerId}&order=oldest`, { token: await apiToken(staff) });
    expect(platform.body.items.map((row: Row) => row.id)).toEqual([mine.id, refused.id]);

    const forA = await api("GET", `/registrations?customerId=${customerId}`, { token: await apiToken(a) });
    expect(forA.body.items.map((row: Row) => row.id)).toEqual([mine.id]);

    // B collided with A's customer, but whom it collided with is platform-only: B finds nothing by that id…
    const bToken = await apiToken(b);
    const forB = await api("GET", `/registrations?customerId=${customerId}`, { token: bToken });
    const forNobody = await api("GET", `/registrations?customerId=${randomUUID()}`, { token: bToken });
    expect(forB.status).toBe(200);
    expect(forB.body).toEqual({ items: [], nextCursor: null });
    expect(forB.body).toEqual(forNobody.body);
    // …and A finds nothing by B's customer.
    expect((await api("GET", `/registrations?customerId=${bOwn.customerId}`, { token: await apiToken(a) })).body.items).toEqual([]);
    // B by its own customer finds its own registration.
    expect((await api("GET", `/registrations?customerId=${bOwn.customerId}`, { token: bToken })).body.items.map((row: Row) => row.id)).toEqual([bOwn.id]);

    const invalid = await api("GET", "/registrations?customerId=not-an-id", { token: bToken, headers: { "accept-language": "en" } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details).toEqual([{ path: "customerId", message: expect.not.stringContaining("errors.") }]);
  });
});

describe("a distributor's registration list", () => {
  it("names the registering sub-dealer on its rows; a plain partner's rows carry only its own name", async () => {
    const distributor = await createTestPartner({ name: `总代 ${randomUUID().slice(0, 4)}` });
    const subDealer = await createTestPartner({ name: `分销 ${randomUUID().slice(0, 4)}`, parentPartnerId: distributor.id });
    const plain = await createTestPartner({ name: `独立 ${randomUUID().slice(0, 4)}` });
    const distributorAdmin = await createTestPartnerUser(distributor.id, "admin");
    const subRep = await createTestPartnerUser(subDealer.id, "rep");
    const plainRep = await createTestPartnerUser(plain.id, "rep");
    const own = await register(distributorAdmin, { name: company().name, uscc: company().uscc });
    const bySub = await register(subRep, { name: company().name, uscc: company().uscc });
    const byPlain = await register(plainRep, { name: company().name, uscc: company().uscc });

    const list = await api("GET", "/registrations?limit=200", { token: await apiToken(distributorAdmin) });
    const rows = new Map((list.body.items as Row[]).map((row) => [row.id, row]));
    expect(rows.get(own.id)).toMatchObject({ partnerId: distributor.id, partnerName: distributor.name });
    expect(rows.get(bySub.id)).toMatchObject({ partnerId: subDealer.id, partnerName: subDealer.name });
    expect(rows.has(byPlain.id)).toBe(false);
    expect(list.body.items[0]).not.toHaveProperty("matchedCustomerId");

    const plainList = await api("GET", "/registrations?limit=200", { token: await apiToken(plainRep) });
    expect(plainList.body.items.map((row: Row) => [row.id, row.partnerId, row.partnerName])).toEqual([[byPlain.id, plain.id, plain.name]]);
    expect(JSON.stringify(plainList.body)).not.toContain(distributor.name);
    expect(JSON.stringify(plainList.body)).not.toContain(subDealer.name);
  });
});
