/**
 * The automation engine against a real database: events through the real outbox dispatcher and
 * BullMQ worker, exactly-once runs under redelivery and concurrent consumers, partner isolation,
 * failures recorded (and not half-written), and cron schedules.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { baseDb, db, disconnectDb, runAsActor, runAsSystem } from "../../db/index.ts";
import { handleDomainEvent } from "../../jobs/domain-event.handler.ts";
import { startWorker } from "../../jobs/worker.ts";
import { createTestPartner, createTestPartnerUser, type TestPartnerUser } from "../../testing/factories.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import type { DomainEvents } from "../outbox/outbox.events.ts";
import { createRule, DORMANT_CUSTOMER_RETURNS_RULE_ID, runEventRules, runScheduledRules, type TRuleInput } from "./index.ts";

afterAll(disconnectDb);

const HOUR = 3_600_000;
const DEFAULT_PIPELINE = "01936a00-0000-7000-8000-000000000001";
const PROPOSAL_STAGE = "01936a00-0000-7000-8000-000000000013";

/** Partner P with an admin, an older and a newer rep, and — joined later still — a deactivated rep and a manager. */
async function partnerTeam() {
  const partner = await createTestPartner({ tier: "gold" });
  const joined = async (role: "admin" | "manager" | "rep", daysAgo: number, deactivated = false) => {
    const user = await createTestPartnerUser(partner.id, role);
    await baseDb().membership.update({ where: { id: user.membership.id }, data: { createdAt: new Date(Date.now() - daysAgo * 24 * HOUR) } });
    if (deactivated) await baseDb().user.update({ where: { id: user.id }, data: { deactivatedAt: new Date() } });
    return user;
  };
  const admin = await joined("admin", 400);
  const olderRep = await joined("rep", 300);
  const newerRep = await joined("rep", 30);
  const leftRep = await joined("rep", 10, true);
  const manager = await joined("manager", 5);
  return { partner, admin, olderRep, newerRep, leftRep, manager };
}

async function ownedCustomer(partnerId: string, data: { name?: string; lifecycleStage?: string } = {}) {
  return baseDb().customer.create({
    data: { kind: "company", name: data.name ?? `回归客户${randomUUID().slice(0, 6)}有限公司`, city: "上海", ownerPartnerId: partnerId, protectedUntil: new Date(Date.now() + 60 * 24 * HOUR), lastActivityAt: new Date(), lifecycleStage: data.lifecycleStage ?? "customer" },
  });
}

/** Write an event to the outbox the way a service does (in a transaction), returning its id. */
function emit<T extends keyof DomainEvents>(type: T, aggregate: { type: string; id: string; partnerId: string | null }, payload: DomainEvents[T]): Promise<string> {
  return runAsSystem("test", () => db.$transaction((tx) => emitEvent(tx, type, aggregate, payload)));
}

function reactivated(customer: { id: string; ownerPartnerId: string | null }) {
  return emit("customer.reactivated", { type: "Customer", id: customer.id, partnerId: customer.ownerPartnerId }, {
    customerId: customer.id,
    ownerPartnerId: customer.ownerPartnerId,
    from: "dormant",
    reason: "login",
  });
}

/** Deliver an outbox event to the consumers directly, as BullMQ would (again). */
async function deliver(eventId: string) {
  const event = await baseDb().outboxEvent.findUniqueOrThrow({ where: { id: eventId } });
  return handleDomainEvent({
    eventId: event.id,
    type: event.type,
    aggregateType: event.aggregateType,
    aggregateId: event.aggregateId,
    partnerId: event.partnerId,
    payload: event.payload,
    occurredAt: event.createdAt.toISOString(),
  });
}

async function waitFor<T>(what: () => Promise<T>, done: (value: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await what();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 150));
    value = await what();
  }
  return value;
}

async function partnerRule(admin: TestPartnerUser, input: TRuleInput) {
  const actor = (await actorForUserId(admin.id, "session"))!.actor;
  return runAsActor(actor, () => createRule(actor, input));
}

describe("the default rule: a dormant customer returns", () => {
  it("gives the newest rep one task, due in 24 h and linked to the customer, through the outbox and the worker — once, however often it is delivered", async () => {
    const { partner, newerRep } = await partnerTeam();
    const customer = await ownedCustomer(partner.id, { name: "宁波海曙精工机械有限公司" });
    const emittedAt = Date.now();
    const eventId = await reactivated(customer);

    const worker = startWorker({ pollMs: 100, log: () => undefined, schedule: false });
    let tasks;
    try {
      tasks = await waitFor(
        () => baseDb().task.findMany({ where: { customerId: customer.id } }),
        (rows) => rows.length > 0,
      );
    } finally {
      await worker.stop();
    }
    expect(tasks).toHaveLength(1);
    const [task] = tasks;
    expect(task).toMatchObject({
      partnerId: partner.id,
      assigneeId: newerRep.id,
      status: "open",
      titleKey: "automation.task.contactReturningCustomer",
      title: null,
      link: `/customers/${customer.id}`,
      customerId: customer.id,
      sourceKey: `rule:${DORMANT_CUSTOMER_RETURNS_RULE_ID}:${eventId}`,
    });
    expect(task!.params).toMatchObject({ customerName: "宁波海曙精工机械有限公司" });
    expect(task!.dueAt!.getTime()).toBeGreaterThanOrEqual(emittedAt + 24 * HOUR - 1_000);
    expect(task!.dueAt!.getTime()).toBeLessThanOrEqual(Date.now() + 24 * HOUR);

    // Other test files may add platform rules meanwhile: count this rule's runs.
    const runs = () => baseDb().automationRun.findMany({ where: { triggerKey: `event:${eventId}`, ruleId: DORMANT_CUSTOMER_RETURNS_RULE_ID } });
    expect(await runs()).toEqual([expect.objectContaining({ partnerId: partner.id, status: "done", error: null })]);

    // At-least-once delivery: the same event again, and three consumers at once, change nothing.
    await deliver(eventId);
    await Promise.all([deliver(eventId), deliver(eventId), deliver(eventId)]);
    expect(await baseDb().task.count({ where: { customerId: customer.id } })).toBe(1);
    expect(await runs()).toHaveLength(1);
    // The assignee hears about the task (task.assigned from the same transaction).
    expect(await baseDb().outboxEvent.count({ where: { type: "task.assigned", aggregateId: task!.id } })).toBe(1);
  });

  it("runs once when two workers race for the same events", async () => {
    const { partner, newerRep } = await partnerTeam();
    const customers = await Promise.all([ownedCustomer(partner.id), ownedCustomer(partner.id), ownedCustomer(partner.id)]);
    const eventIds: string[] = [];
    for (const customer of customers) eventIds.push(await reactivated(customer));
    const workers = [startWorker({ pollMs: 50, log: () => undefined, schedule: false }), startWorker({ pollMs: 50, log: () => undefined, schedule: false })];
    try {
      await waitFor(
        () => baseDb().automationRun.count({ where: { triggerKey: { in: eventIds.map((id) => `event:${id}`) }, ruleId: DORMANT_CUSTOMER_RETURNS_RULE_ID } }),
        (n) => n >= 3,
      );
      // Redelivered at the same moment as the workers' own deliveries.
      await Promise.all(eventIds.map((id) => deliver(id)));
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    const tasks = await baseDb().task.findMany({ where: { customerId: { in: customers.map((c) => c.id) } } });
    expect(tasks).toHaveLength(3);
    expect(tasks.every((t) => t.assigneeId === newerRep.id)).toBe(true);
    expect(await baseDb().automationRun.count({ where: { triggerKey: { in: eventIds.map((id) => `event:${id}`) }, ruleId: DORMANT_CUSTOMER_RETURNS_RULE_ID } })).toBe(3);
  });

  it("falls back to the partner's admin when no active rep is left", async () => {
    const partner = await createTestPartner();
    const admin = await createTestPartnerUser(partner.id, "admin");
    const rep = await createTestPartnerUser(partner.id, "rep");
    await baseDb().user.update({ where: { id: rep.id }, data: { deactivatedAt: new Date() } });
    const customer = await ownedCustomer(partner.id);
    await deliver(await reactivated(customer));
    expect(await baseDb().task.findMany({ where: { customerId: customer.id }, select: { assigneeId: true } })).toEqual([{ assigneeId: admin.id }]);
  });
});

describe("partner rules", () => {
  it("fire for their own partner's events only; the platform's rules for everyone's", async () => {
    const p = await partnerTeam();
    const q = await partnerTeam();
    const rule = await partnerRule(q.admin, {
      name: "回归客户通知管理员",
      trigger: { type: "event", event: "customer.reactivated" },
      conditions: [],
      actions: [{ type: "notify", recipients: { strategy: "partner_admin" }, message: { kind: "key", key: "customerReturned" } }],
    });
    const pCustomer = await ownedCustomer(p.partner.id);
    const pEvent = await reactivated(pCustomer);
    await deliver(pEvent);
    const pRuns = await baseDb().automationRun.findMany({ where: { triggerKey: `event:${pEvent}` }, select: { ruleId: true, partnerId: true } });
    expect(pRuns).toContainEqual({ ruleId: DORMANT_CUSTOMER_RETURNS_RULE_ID, partnerId: p.partner.id });
    expect(pRuns.filter((r) => r.ruleId === rule.id)).toEqual([]);
    expect(await baseDb().notification.count({ where: { userId: q.admin.id, type: "automation.rule" } })).toBe(0);

    const qCustomer = await ownedCustomer(q.partner.id, { name: "杭州云帆科技有限公司" });
    const qEvent = await reactivated(qCustomer);
    await deliver(qEvent);
    expect((await baseDb().automationRun.findMany({ where: { triggerKey: `event:${qEvent}` }, select: { ruleId: true } })).map((r) => r.ruleId)).toEqual(
      expect.arrayContaining([DORMANT_CUSTOMER_RETURNS_RULE_ID, rule.id]),
    );
    const notifications = await baseDb().notification.findMany({ where: { userId: q.admin.id, type: "automation.rule" } });
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ messageKey: "automation.message.customerReturned", link: `/customers/${qCustomer.id}` });
    expect(notifications[0]!.params).toMatchObject({ customerName: "杭州云帆科技有限公司" });
    // A disabled rule does not run.
    await baseDb().automationRule.update({ where: { id: rule.id }, data: { enabled: false } });
    const again = await reactivated(await ownedCustomer(q.partner.id));
    await deliver(again);
    expect(await baseDb().automationRun.count({ where: { ruleId: rule.id, triggerKey: `event:${again}` } })).toBe(0);
  });

  it("records a failing action as a failed run with its reason, writes nothing of the run, and does not retry it", async () => {
    const { partner, admin } = await partnerTeam();
    const tag = await baseDb().tag.create({ data: { partnerId: partner.id, name: `回归${randomUUID().slice(0, 6)}` } });
    const rule = await partnerRule(admin, {
      name: "回归客户：任务并打标签",
      trigger: { type: "event", event: "customer.reactivated" },
      conditions: [{ field: "partner.tier", op: "eq", value: "gold" }],
      actions: [
        { type: "create_task", title: { kind: "text", text: "先打电话" }, assignee: { strategy: "owner_rep" }, dueInHours: 4 },
        { type: "add_tag", tagId: tag.id },
      ],
    });
    await baseDb().tag.delete({ where: { id: tag.id } });
    const customer = await ownedCustomer(partner.id);
    const eventId = await reactivated(customer);
    await deliver(eventId);
    await deliver(eventId);
    const run = await baseDb().automationRun.findMany({ where: { ruleId: rule.id } });
    expect(run).toEqual([expect.objectContaining({ triggerKey: `event:${eventId}`, status: "failed", error: "automation.errors.tagNotFound", partnerId: partner.id })]);
    // The task of the first action was rolled back with the run; the default rule's task is unaffected.
    expect(await baseDb().task.findMany({ where: { customerId: customer.id }, select: { sourceKey: true } })).toEqual([
      { sourceKey: `rule:${DORMANT_CUSTOMER_RETURNS_RULE_ID}:${eventId}` },
    ]);
  });

  it("compares amounts exactly and records a run whose conditions do not hold as skipped", async () => {
    const { partner, admin, olderRep } = await partnerTeam();
    const rule = await partnerRule(admin, {
      name: "大单停滞提醒",
      trigger: { type: "event", event: "opportunity.stuck" },
      conditions: [{ field: "opportunity.amount", op: "gte", value: "100000.00" }],
      actions: [{ type: "create_task", title: { kind: "key", key: "reviewStuckOpportunity" }, assignee: { strategy: "owner_rep" }, dueInHours: 48 }],
    });
    const opportunity = (amount: string) =>
      baseDb().opportunity.create({
        data: { partnerId: partner.id, pipelineId: DEFAULT_PIPELINE, stageId: PROPOSAL_STAGE, name: `采购 ${amount}`, amount, ownerId: olderRep.id, createdById: olderRep.id },
      });
    const small = await opportunity("99999.99");
    const large = await opportunity("100000.00");
    const stuck = (o: { id: string }) => emit("opportunity.stuck", { type: "Opportunity", id: o.id, partnerId: partner.id }, { opportunityId: o.id, partnerId: partner.id, ownerId: olderRep.id, stageId: PROPOSAL_STAGE, days: 21 });
    const [smallEvent, largeEvent] = [await stuck(small), await stuck(large)];
    await deliver(smallEvent);
    await deliver(largeEvent);
    const runs = await baseDb().automationRun.findMany({ where: { ruleId: rule.id }, orderBy: { id: "asc" } });
    expect(runs.map((r) => [r.triggerKey, r.status])).toEqual([
      [`event:${smallEvent}`, "skipped"],
      [`event:${largeEvent}`, "done"],
    ]);
    expect(await baseDb().task.findMany({ where: { opportunityId: { in: [small.id, large.id] } }, select: { opportunityId: true, assigneeId: true, link: true, titleKey: true } })).toEqual([
      { opportunityId: large.id, assigneeId: olderRep.id, link: `/opportunities/${large.id}`, titleKey: "automation.task.reviewStuckOpportunity" },
    ]);
  });

  it("ignores an event of an unknown type or without a partner", async () => {
    expect(await runEventRules("lead.updated", randomUUID(), {})).toEqual({ runs: {} });
    expect(await runAsSystem("test", () => runEventRules("customer.reactivated", randomUUID(), { customerId: randomUUID(), ownerPartnerId: null, from: "dormant", reason: "login" }))).toEqual({ runs: {} });
  });
});

describe("schedules", () => {
  it("runs a cron rule once per due tick for each matching customer of its partner, and not again for the same tick", async () => {
    const { partner, admin, newerRep } = await partnerTeam();
    const churned = await ownedCustomer(partner.id, { lifecycleStage: "churned" });
    const active = await ownedCustomer(partner.id, { lifecycleStage: "customer" });
    const tag = await baseDb().tag.create({ data: { partnerId: partner.id, name: `流失挽回${randomUUID().slice(0, 6)}` } });
    const rule = await partnerRule(admin, {
      name: "每天挽回流失客户",
      trigger: { type: "schedule", cron: "* * * * *", subject: "customer" },
      conditions: [{ field: "customer.lifecycleStage", op: "eq", value: "churned" }],
      actions: [
        { type: "create_task", title: { kind: "key", key: "followUpCustomer" }, assignee: { strategy: "most_recent_rep" }, dueInHours: 8 },
        { type: "add_tag", tagId: tag.id },
      ],
    });
    const saved = (await baseDb().automationRule.findUniqueOrThrow({ where: { id: rule.id } })).updatedAt;
    // Not due in the minute it was saved.
    const sameMinute = new Date(Math.min(saved.getTime() + 100, Math.floor(saved.getTime() / 60_000) * 60_000 + 59_999));
    await runScheduledRules(sameMinute);
    expect(await baseDb().automationRun.count({ where: { ruleId: rule.id } })).toBe(0);

    const firstTick = new Date(Math.floor(saved.getTime() / 60_000) * 60_000 + 60_000);
    await runScheduledRules(new Date(firstTick.getTime() + 5_000));
    await runScheduledRules(new Date(firstTick.getTime() + 20_000));
    const tasks = await baseDb().task.findMany({ where: { customerId: { in: [churned.id, active.id] } } });
    expect(tasks).toEqual([
      expect.objectContaining({ customerId: churned.id, assigneeId: newerRep.id, titleKey: "automation.task.followUpCustomer", sourceKey: `rule:${rule.id}:${firstTick.toISOString()}:${churned.id}` }),
    ]);
    expect(await baseDb().customerTag.count({ where: { customerId: churned.id, tagId: tag.id } })).toBe(1);
    const runs = await baseDb().automationRun.findMany({ where: { ruleId: rule.id }, orderBy: { id: "asc" } });
    expect(runs.map((r) => [r.triggerKey, r.status])).toEqual([
      [`schedule:${firstTick.toISOString()}:${partner.id}`, "done"],
      [`schedule-tick:${firstTick.toISOString()}`, "done"],
    ]);
    expect(runs[0]!.detail).toMatchObject({ outcomes: expect.arrayContaining([{ key: "automation.outcome.matched", params: { count: "1" } }, { key: "automation.outcome.tasksCount", params: { count: "1" } }]) });

    // The next tick: a new task (another source key); the tag is already there.
    const secondTick = new Date(firstTick.getTime() + 60_000);
    await runScheduledRules(new Date(secondTick.getTime() + 1_000));
    expect(await baseDb().task.count({ where: { customerId: churned.id } })).toBe(2);
    expect(await baseDb().customerTag.count({ where: { customerId: churned.id, tagId: tag.id } })).toBe(1);
  });
});
