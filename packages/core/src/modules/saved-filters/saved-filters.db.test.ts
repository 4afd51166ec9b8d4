/**
 * Saved filters: private to their owner, or shared with the owner's team (the partner's users; for
 * staff, the platform's users). Teammates apply a shared filter but only its owner changes it.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectDb } from "../../db/index.ts";
import { api, apiToken, createTestPartner, createTestPartnerUser, createTestPlatformUser } from "../../testing/index.ts";

afterAll(disconnectDb);

type Filter = { id: string; name: string; mine: boolean; shared: boolean; ownerName: string | null; query: Record<string, string> };
const named = (items: Filter[]) => items.map((f) => f.name).sort();

describe("saved filters in a partner's team", () => {
  it("keeps private filters private, shares shared ones with the team only, and lets only the owner change them", async () => {
    const partner = await createTestPartner();
    const manager = await createTestPartnerUser(partner.id, "manager", { name: `经理 ${randomUUID().slice(0, 4)}` });
    const rep1 = await apiToken(await createTestPartnerUser(partner.id, "rep"));
    const rep2 = await apiToken(await createTestPartnerUser(partner.id, "rep"));
    const outsider = await apiToken(await createTestPartnerUser((await createTestPartner()).id, "admin"));
    const managerToken = await apiToken(manager);

    const mine = await api("POST", "/saved-filters", { token: rep1, body: { entity: "customers", name: "我的杭州活跃客户", query: { q: "杭州", lifecycleStage: "active", cursor: "0190", notice: "x", rfmSegment: "" } } });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ entity: "customers", shared: false, mine: true, query: { q: "杭州", lifecycleStage: "active" } });
    const team = await api("POST", "/saved-filters", { token: managerToken, body: { entity: "customers", name: "团队：沉睡客户", query: { lifecycleStage: "dormant" }, shared: true } });
    expect(team.status).toBe(201);
    await api("POST", "/saved-filters", { token: managerToken, body: { entity: "leads", name: "新线索", query: { status: "new" }, shared: true } });

    expect(named((await api("GET", "/saved-filters?entity=customers", { token: rep1 })).body.items)).toEqual(["团队：沉睡客户", "我的杭州活跃客户"]);
    const seenByRep2 = (await api("GET", "/saved-filters?entity=customers", { token: rep2 })).body.items as Filter[];
    expect(seenByRep2).toEqual([expect.objectContaining({ id: team.body.id, mine: false, shared: true, ownerName: manager.name })]);
    expect(named((await api("GET", "/saved-filters?entity=leads", { token: rep2 })).body.items)).toEqual(["新线索"]);
    expect((await api("GET", "/saved-filters", { token: outsider })).body.items).toEqual([]);

    // A teammate applies it but cannot change it; another partner cannot even find it.
    expect((await api("PATCH", `/saved-filters/${team.body.id}`, { token: rep2, body: { name: "改名" } })).status).toBe(403);
    expect((await api("DELETE", `/saved-filters/${team.body.id}`, { token: rep2 })).status).toBe(403);
    expect((await api("PATCH", `/saved-filters/${team.body.id}`, { token: outsider, body: { name: "改名" } })).status).toBe(404);
    expect((await api("DELETE", `/saved-filters/${mine.body.id}`, { token: rep2 })).status).toBe(404);

    // The owner renames and stops sharing: the team no longer sees it.
    const renamed = await api("PATCH", `/saved-filters/${team.body.id}`, { token: managerToken, body: { name: "沉睡客户（经理）", shared: false } });
    expect(renamed.body).toMatchObject({ name: "沉睡客户（经理）", shared: false });
    expect((await api("GET", "/saved-filters?entity=customers", { token: rep2 })).body.items).toEqual([]);
    expect((await api("DELETE", `/saved-filters/${mine.body.id}`, { token: rep1 })).status).toBe(204);
    expect((await api("GET", "/saved-filters?entity=customers", { token: rep1 })).body.items).toEqual([]);
  }, 120_000);

  it("refuses a second filter of the same name for the same list, and bad parameters", async () => {
    const rep = await apiToken(await createTestPartnerUser((await createTestPartner()).id, "rep"));
    const body = { entity: "leads", name: "重复", query: { status: "new" } };
    expect((await api("POST", "/saved-filters", { token: rep, body })).status).toBe(201);
    const again = await api("POST", "/saved-filters", { token: rep, body, headers: { "accept-language": "en" } });
    expect(again.status).toBe(409);
    expect(again.body.error.details).toEqual([{ path: "name", message: "You already have a filter with this name." }]);
    expect((await api("POST", "/saved-filters", { token: rep, body: { ...body, entity: "customers" } })).status).toBe(201);
    const bad = await api("POST", "/saved-filters", { token: rep, body: { entity: "invoices", name: "", query: { "bad key": "x" } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["entity", "name", "query.bad key"]);
  }, 120_000);
});

describe("saved filters among platform staff", () => {
  it("a staff member's shared filter is every staff member's, never a partner's", async () => {
    const one = await apiToken(await createTestPlatformUser(["channel_manager"]));
    const two = await apiToken(await createTestPlatformUser(["admin"]));
    const tag = randomUUID().slice(0, 6);
    await api("POST", "/saved-filters", { token: one, body: { entity: "customers", name: `私有 ${tag}`, query: { owner: "pool" } } });
    const shared = await api("POST", "/saved-filters", { token: one, body: { entity: "customers", name: `共享 ${tag}`, query: { rfmSegment: "at_risk" }, shared: true } });
    const seen = ((await api("GET", "/saved-filters?entity=customers&limit=200", { token: two })).body.items as Filter[]).filter((f) => f.name.endsWith(tag));
    expect(seen).toEqual([expect.objectContaining({ id: shared.body.id, mine: false })]);
    const partnerUser = await apiToken(await createTestPartnerUser((await createTestPartner()).id, "admin"));
    expect(JSON.stringify((await api("GET", "/saved-filters?limit=200", { token: partnerUser })).body)).not.toContain(tag);
    expect((await api("DELETE", `/saved-filters/${shared.body.id}`, { token: two })).status).toBe(403);
  }, 120_000);
});
