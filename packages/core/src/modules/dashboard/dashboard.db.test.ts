/**
 * The portal home over /api/v1/dashboard: the caller's pipeline and forecast, tasks due today or
 * overdue (theirs only), registrations losing protection within 14 days, the latest activity — each
 * within the caller's scope.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb, Prisma } from "../../db/index.ts";
import { api, apiToken, buildCustomer, createRng, createTestOpportunity, createTestPartner, createTestPartnerUser, DEFAULT_PIPELINE, type TestPartnerUser } from "../../testing/index.ts";

const DAY = 86_400_000;
const rng = createRng(77);
let partner: { id: string };
let rep: TestPartnerUser, colleague: TestPartnerUser, manager: TestPartnerUser;

async function registration(createdById: string, name: string, protectedUntil: Date) {
  const customer = await baseDb().customer.create({ data: buildCustomer(rng, { ownerPartnerId: partner.id, kind: "company", name }) });
  return baseDb().registration.create({
    data: { partnerId: partner.id, customerId: customer.id, status: "accepted", submitted: { kind: "company", name }, protectedUntil, createdById, decidedAt: new Date() },
  });
}

beforeAll(async () => {
  partner = await createTestPartner();
  [rep, colleague, manager] = await Promise.all([
    createTestPartnerUser(partner.id, "rep"),
    createTestPartnerUser(partner.id, "rep"),
    createTestPartnerUser(partner.id, "manager"),
  ]);
});
afterAll(disconnectDb);

describe("GET /dashboard", () => {
  it("shows a rep their own pipeline, forecast, tasks due, expiring registrations and activity", async () => {
    const now = Date.now();
    await createTestOpportunity(partner.id, { createdById: rep.id, stageId: DEFAULT_PIPELINE.stages.needs, amount: new Prisma.Decimal("1000") });
    await createTestOpportunity(partner.id, { createdById: rep.id, stageId: DEFAULT_PIPELINE.stages.negotiation, amount: new Prisma.Decimal("3000") });
    await createTestOpportunity(partner.id, { createdById: colleague.id, stageId: DEFAULT_PIPELINE.stages.needs, amount: new Prisma.Decimal("50000") });

    const overdue = await baseDb().task.create({ data: { partnerId: partner.id, assigneeId: rep.id, title: "回访王总", dueAt: new Date(now - 2 * DAY) } });
    const today = await baseDb().task.create({ data: { partnerId: partner.id, assigneeId: rep.id, titleKey: "opportunities.task.stuck", params: { opportunityName: "宁波项目", days: 20 }, dueAt: new Date(now - 60_000) } });
    await baseDb().task.create({ data: { partnerId: partner.id, assigneeId: rep.id, title: "下周的事", dueAt: new Date(now + 8 * DAY) } });
    await baseDb().task.create({ data: { partnerId: partner.id, assigneeId: rep.id, title: "已完成", dueAt: new Date(now - DAY), status: "done" } });
    await baseDb().task.create({ data: { partnerId: partner.id, assigneeId: colleague.id, title: "同事的任务", dueAt: new Date(now - DAY) } });

    const soon = await registration(rep.id, "杭州即将到期科技有限公司", new Date(now + 5 * DAY));
    await registration(rep.id, "杭州还早科技有限公司", new Date(now + 40 * DAY));
    await registration(colleague.id, "同事报备的公司", new Date(now + 3 * DAY));

    await baseDb().activity.create({ data: { partnerId: partner.id, kind: "visit", subject: "上门演示", occurredAt: new Date(now - DAY), authorId: rep.id } });
    await baseDb().activity.create({ data: { partnerId: partner.id, kind: "call", subject: "同事的电话", occurredAt: new Date(now - DAY), authorId: colleague.id } });

    const response = await api("GET", "/dashboard", { token: await apiToken(rep) });
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body.pipeline).toMatchObject({ pipelineId: DEFAULT_PIPELINE.id, openCount: 2, openAmount: "4000.00", weightedAmount: "2550.00" });
    expect(body.pipeline.stages.map((s: { count: number }) => s.count)).toEqual([0, 1, 0, 1, 0, 0]);
    expect(body.forecast.months).toHaveLength(6);
    expect(body.tasks.map((t: { id: string }) => t.id)).toEqual([overdue.id, today.id]);
    expect(body.tasks[0]).toMatchObject({ title: "回访王总", overdue: true });
    expect(body.tasks[1].title).toBe("商机「宁波项目」已 20 天没有推进，请跟进");
    expect(body.expiringRegistrations).toEqual([expect.objectContaining({ id: soon.id, customerName: "杭州即将到期科技有限公司", daysLeft: 4 })]);
    expect(body.recentActivities).toEqual([expect.objectContaining({ kind: "visit", subject: "上门演示", authorName: rep.name })]);
  });

  it("shows a manager the team's pipeline, registrations and activity, but only their own tasks", async () => {
    const response = await api("GET", "/dashboard", { token: await apiToken(manager), headers: { "accept-language": "en" } });
    expect(response.status).toBe(200);
    expect(response.body.pipeline.openAmount).toBe("54000.00");
    expect(response.body.tasks).toEqual([]);
    expect(response.body.expiringRegistrations.map((r: { customerName: string }) => r.customerName)).toEqual(["同事报备的公司", "杭州即将到期科技有限公司"]);
    expect(response.body.recentActivities.map((a: { subject: string }) => a.subject)).toEqual(["同事的电话", "上门演示"]);
  });
});
