/**
 * Tags: managers define a partner's tags and reps apply them; staff define and apply platform tags,
 * which every partner sees read-only; on a customer two partners share, neither ever sees the
 * other's tags — not in the customer, not in the tag list, not through the list filter.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb } from "../../db/index.ts";
import { api, apiToken, createTestPartner, createTestPartnerUser, createTestPlatformUser } from "../../testing/index.ts";

afterAll(disconnectDb);

const DAY = 86_400_000;

async function customerOf(partnerId: string, name = `标签客户 ${randomUUID().slice(0, 8)}`) {
  return baseDb().customer.create({ data: { kind: "company", name, ownerPartnerId: partnerId, protectedUntil: new Date(Date.now() + 60 * DAY) } });
}

async function team() {
  const partner = await createTestPartner();
  const manager = await createTestPartnerUser(partner.id, "manager");
  const rep = await createTestPartnerUser(partner.id, "rep");
  return { partner, manager: await apiToken(manager), rep: await apiToken(rep) };
}

type Chip = { id: string; name: string; scope: string };
const names = (tags: Chip[]) => tags.map((t) => t.name);

describe("partner tags", () => {
  it("a manager defines a tag, a rep puts it on a customer (once), and the list filters by it", async () => {
    const { partner, manager, rep } = await team();
    const tagged = await customerOf(partner.id);
    const other = await customerOf(partner.id);
    const name = `高意向 ${randomUUID().slice(0, 4)}`;

    const created = await api("POST", "/tags", { token: manager, body: { name, color: "#C2410C" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name, color: "#c2410c", scope: "partner", customerCount: 0 });
    const tagId = created.body.id as string;

    expect((await api("POST", "/tags", { token: rep, body: { name: "代表的标签" } })).status).toBe(403);
    const dup = await api("POST", "/tags", { token: manager, body: { name }, headers: { "accept-language": "en" } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details).toEqual([{ path: "name", message: "A tag with this name already exists." }]);

    for (let i = 0; i < 2; i++) {
      const applied = await api("POST", `/customers/${tagged.id}/tags`, { token: rep, body: { tagId } });
      expect(applied.status).toBe(200);
      expect(names(applied.body.tags)).toEqual([name]);
    }
    const events = await baseDb().outboxEvent.findMany({ where: { aggregateId: tagged.id, type: "customer.tagged" } });
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toEqual({ customerId: tagged.id, tagId, tagName: name, partnerId: partner.id, ownerPartnerId: partner.id });

    const list = await api("GET", `/customers?tagId=${tagId}`, { token: rep });
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([tagged.id]);
    expect(names(list.body.items[0].tags)).toEqual([name]);
    const all = await api("GET", `/customers?q=${encodeURIComponent("标签客户")}&limit=200`, { token: rep });
    expect(all.body.items.find((c: { id: string }) => c.id === other.id).tags).toEqual([]);
    expect((await api("GET", `/customers/${tagged.id}`, { token: rep })).body.tags).toEqual([expect.objectContaining({ id: tagId, scope: "partner" })]);
    expect((await api("GET", "/tags?scope=partner", { token: manager })).body.items).toEqual([expect.objectContaining({ id: tagId, customerCount: 1 })]);

    expect((await api("DELETE", `/customers/${tagged.id}/tags/${tagId}`, { token: rep })).status).toBe(204);
    expect((await api("GET", `/customers?tagId=${tagId}`, { token: rep })).body.items).toEqual([]);

    // Renaming and deleting are for managers; deleting takes the tag off every customer.
    await api("POST", `/customers/${tagged.id}/tags`, { token: rep, body: { tagId } });
    expect((await api("PATCH", `/tags/${tagId}`, { token: rep, body: { name: "改名" } })).status).toBe(403);
    expect((await api("PATCH", `/tags/${tagId}`, { token: manager, body: { name: `${name}!` } })).body.name).toBe(`${name}!`);
    expect((await api("DELETE", `/tags/${tagId}`, { token: manager })).status).toBe(204);
    expect(await baseDb().customerTag.count({ where: { tagId } })).toBe(0);
  }, 120_000);

  it("refuses a bad colour and an empty name, field by field", async () => {
    const { manager } = await team();
    const response = await api("POST", "/tags", { token: manager, body: { name: "  ", color: "red" }, headers: { "accept-language": "en" } });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["color", "name"]);
  }, 120_000);
});

describe("platform tags", () => {
  it("staff define and apply them; the owning partner sees them on the customer, read-only, and can filter by them", async () => {
    const staff = await apiToken(await createTestPlatformUser(["channel_manager"]));
    const { partner, manager, rep } = await team();
    const customer = await customerOf(partner.id);
    const name = `重点行业 ${randomUUID().slice(0, 4)}`;

    const created = await api("POST", "/tags", { token: staff, body: { name } });
    expect(created.status).toBe(201);
    expect(created.body.scope).toBe("platform");
    const tagId = created.body.id as string;
    expect((await api("POST", "/tags", { token: staff, body: { name } })).status).toBe(409);
    expect((await api("POST", `/customers/${customer.id}/tags`, { token: staff, body: { tagId } })).status).toBe(200);

    const seen = await api("GET", `/customers/${customer.id}`, { token: rep });
    expect(seen.body.tags).toEqual([expect.objectContaining({ id: tagId, name, scope: "platform" })]);
    expect((await api("GET", "/tags?limit=200", { token: rep })).body.items).toContainEqual(expect.objectContaining({ id: tagId, scope: "platform", customerCount: null }));
    expect((await api("GET", `/customers?tagId=${tagId}`, { token: rep })).body.items.map((c: { id: string }) => c.id)).toEqual([customer.id]);

    // Read-only for partners: not renamed, not applied, not removed.
    expect((await api("PATCH", `/tags/${tagId}`, { token: manager, body: { name: "改名" } })).status).toBe(403);
    expect((await api("DELETE", `/customers/${customer.id}/tags/${tagId}`, { token: manager })).status).toBe(403);
    expect((await api("POST", `/customers/${(await customerOf(partner.id)).id}/tags`, { token: rep, body: { tagId } })).status).toBe(403);
    expect(await baseDb().customerTag.count({ where: { tagId } })).toBe(1);
  }, 120_000);
});

describe("tags on a customer two partners share", () => {
  it("partner A never sees B's tags, and B never sees A's; the platform sees only its own", async () => {
    const a = await team();
    const b = await team();
    const staff = await apiToken(await createTestPlatformUser(["admin"]));
    // Owned by A; B holds a live registration on it, so both see the customer.
    const shared = await customerOf(a.partner.id);
    const bUser = await baseDb().membership.findFirstOrThrow({ where: { partnerId: b.partner.id } });
    await baseDb().registration.create({ data: { partnerId: b.partner.id, createdById: bUser.userId, customerId: shared.id, status: "accepted", submitted: { kind: "company", name: shared.name } } });

    const tagA = (await api("POST", "/tags", { token: a.manager, body: { name: "A 的标签" } })).body.id as string;
    const tagB = (await api("POST", "/tags", { token: b.manager, body: { name: "B 的标签" } })).body.id as string;
    expect((await api("POST", `/customers/${shared.id}/tags`, { token: a.rep, body: { tagId: tagA } })).body.tags.map((t: Chip) => t.id)).toEqual([tagA]);
    expect((await api("POST", `/customers/${shared.id}/tags`, { token: b.rep, body: { tagId: tagB } })).body.tags.map((t: Chip) => t.id)).toEqual([tagB]);

    for (const [viewer, own, theirs] of [[a, tagA, tagB], [b, tagB, tagA]] as const) {
      for (const token of [viewer.manager, viewer.rep]) {
        const customer = await api("GET", `/customers/${shared.id}`, { token });
        expect(customer.body.tags.map((t: Chip) => t.id)).toEqual([own]);
        const list = await api("GET", `/customers?limit=200`, { token });
        expect(JSON.stringify(list.body)).not.toContain(theirs);
        // Asking for the other partner's tag answers exactly like asking for a tag that does not exist.
        const byTheirs = await api("GET", `/customers?tagId=${theirs}`, { token });
        const byNothing = await api("GET", `/customers?tagId=${randomUUID()}`, { token });
        expect(byTheirs.status).toBe(200);
        expect(byTheirs.body).toEqual(byNothing.body);
        expect(JSON.stringify((await api("GET", "/tags?limit=200", { token })).body)).not.toContain(theirs);
        // Not applied, not removed, not renamed: 404 like a missing tag.
        expect((await api("POST", `/customers/${shared.id}/tags`, { token, body: { tagId: theirs } })).status).toBe(404);
        expect((await api("DELETE", `/customers/${shared.id}/tags/${theirs}`, { token })).status).toBe(404);
        // A rep manages no tags at all (403 whatever the id); a manager gets 404 like a missing tag.
        expect((await api("PATCH", `/tags/${theirs}`, { token, body: { name: "x" } })).status).toBe(token === viewer.rep ? 403 : 404);
      }
    }
    expect(await baseDb().customerTag.count({ where: { customerId: shared.id } })).toBe(2);

    const platformView = await api("GET", `/customers/${shared.id}`, { token: staff });
    expect(platformView.body.tags).toEqual([]);
    expect((await api("GET", `/customers/${shared.id}/overview`, { token: staff })).body.customer.tags).toEqual([]);
  }, 120_000);
});
