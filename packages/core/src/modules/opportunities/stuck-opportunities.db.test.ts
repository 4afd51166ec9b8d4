/**
 * The stuck-deal job and its setting: one task and one `opportunity.stuck` event per stay in a stage,
 * however often (or concurrently) the job runs; a new stay may be flagged again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb } from "../../db/index.ts";
import { api, apiToken, createTestOpportunity, createTestPartner, createTestPartnerUser, createTestPlatformUser, DEFAULT_PIPELINE, type TestPartnerUser } from "../../testing/index.ts";
import { flagStuckOpportunities } from "./stuck-opportunities.ts";

const DAY = 86_400_000;
let partner: { id: string };
let rep: TestPartnerUser;

beforeAll(async () => {
  partner = await createTestPartner();
  rep = await createTestPartnerUser(partner.id, "rep");
});
afterAll(disconnectDb);

const stuckEvents = (opportunityId: string) => baseDb().outboxEvent.findMany({ where: { aggregateId: opportunityId, type: "opportunity.stuck" } });
const stuckTasks = (opportunityId: string) => baseDb().task.findMany({ where: { opportunityId, titleKey: "opportunities.task.stuck" } });

describe("flagStuckOpportunities", () => {
  it("flags a deal 100 days in its stage once, with a task for its owner, however often it runs", async () => {
    const entered = new Date(Date.now() - 100 * DAY);
    const stuck = await createTestOpportunity(partner.id, { createdById: rep.id, name: "久未推进", stageEnteredAt: entered, stageId: DEFAULT_PIPELINE.stages.proposal });
    const fresh = await createTestOpportunity(partner.id, { createdById: rep.id, name: "刚刚推进" });
    const closed = await createTestOpportunity(partner.id, { createdById: rep.id, stageEnteredAt: entered, stageId: DEFAULT_PIPELINE.stages.won, status: "won", closedAt: entered });

    // Two runs at once, then another: the unique task key decides.
    await Promise.all([flagStuckOpportunities(), flagStuckOpportunities()]);
    await flagStuckOpportunities();

    const events = await stuckEvents(stuck.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toEqual({ opportunityId: stuck.id, partnerId: partner.id, ownerId: rep.id, stageId: DEFAULT_PIPELINE.stages.proposal, days: 100 });
    const tasks = await stuckTasks(stuck.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ partnerId: partner.id, assigneeId: rep.id, status: "open", link: `/opportunities/${stuck.id}`, params: { opportunityName: "久未推进", days: 100 } });
    expect(await stuckEvents(fresh.id)).toHaveLength(0);
    expect(await stuckEvents(closed.id)).toHaveLength(0);

    // The rep sees the task in their language.
    const list = await api("GET", "/tasks", { token: await apiToken(rep) });
    expect(JSON.stringify(list.body)).toContain(tasks[0]!.id);
  });

  it("a new stay in a stage may be flagged again; a deal whose owner left is flagged for the partner", async () => {
    const leaver = await createTestPartnerUser(partner.id, "rep");
    const opportunity = await createTestOpportunity(partner.id, { createdById: leaver.id, stageEnteredAt: new Date(Date.now() - 30 * DAY) });
    await baseDb().user.update({ where: { id: leaver.id }, data: { deactivatedAt: new Date() } });
    await flagStuckOpportunities();
    expect(await stuckTasks(opportunity.id)).toMatchObject([{ assigneeId: null }]);

    // Moved on and back, and stuck again: a second stay, a second flag.
    await baseDb().opportunity.update({ where: { id: opportunity.id }, data: { stageEnteredAt: new Date(Date.now() - 20 * DAY) } });
    await flagStuckOpportunities();
    await flagStuckOpportunities();
    expect(await stuckEvents(opportunity.id)).toHaveLength(2);
  });
});

describe("the stuck-days setting", () => {
  it("defaults to 14; platform admins change it (validated), other staff read it, partners cannot", async () => {
    const admin = await createTestPlatformUser(["admin"]);
    const channel = await createTestPlatformUser(["channel_manager"]);
    const adminToken = await apiToken(admin);
    const channelToken = await apiToken(channel);
    const read = await api("GET", "/settings/opportunities", { token: channelToken });
    expect(read.status).toBe(200);
    expect(read.body.stuckDays).toBeGreaterThanOrEqual(1);

    const invalid = await api("PUT", "/settings/opportunities", { token: adminToken, body: { stuckDays: 0 }, headers: { "accept-language": "en" } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details).toEqual([{ path: "stuckDays", message: "Enter a number of days from 1 to 365." }]);
    expect((await api("PUT", "/settings/opportunities", { token: channelToken, body: { stuckDays: 20 } })).status).toBe(403);
    expect((await api("GET", "/settings/opportunities", { token: await apiToken(rep) })).status).toBe(403);

    const saved = await api("PUT", "/settings/opportunities", { token: adminToken, body: { stuckDays: 14 } });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ stuckDays: 14 });
    expect((await api("GET", "/settings/opportunities", { token: channelToken })).body).toEqual({ stuckDays: 14 });
    expect(await baseDb().auditLog.count({ where: { entityId: "opportunities", action: "settings.updated" } })).toBeGreaterThanOrEqual(1);
  });
});
