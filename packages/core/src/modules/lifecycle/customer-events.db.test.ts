/**
 * POST /api/v1/customers/{id}/events: the platform records what a customer did; a retried push is
 * recorded once; partners cannot push; a login of a dormant customer brings it back within seconds.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { baseDb, disconnectDb, runAsActor } from "../../db/index.ts";
import { handleDomainEvent } from "../../jobs/domain-event.handler.ts";
import { startWorker } from "../../jobs/worker.ts";
import { api, apiToken, createTestPartner, createTestPartnerUser, createTestPlatformUser } from "../../testing/index.ts";
import { createApiKey } from "../api-keys/index.ts";

afterAll(disconnectDb);

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

async function ownedCustomer(data: { lifecycleStage?: string; lifecycleChangedAt?: Date | null; lastOrderAt?: Date | null } = {}) {
  const partner = await createTestPartner();
  const customer = await baseDb().customer.create({
    data: { kind: "company", name: `事件客户 ${randomUUID().slice(0, 8)}`, ownerPartnerId: partner.id, protectedUntil: new Date(Date.now() + 60 * DAY), ...data },
  });
  return { partner, customer };
}

/** Deliver every pending outbox event of these types for the customer, as the worker would. */
async function deliver(customerId: string, type: string) {
  const events = await baseDb().outboxEvent.findMany({ where: { aggregateId: customerId, type }, orderBy: { id: "asc" } });
  for (const event of events) {
    await handleDomainEvent({
      eventId: event.id,
      type: event.type,
      aggregateType: event.aggregateType,
      aggregateId: event.aggregateId,
      partnerId: event.partnerId,
      payload: event.payload,
      occurredAt: event.createdAt.toISOString(),
    });
  }
}

describe("POST /customers/{id}/events", () => {
  it("records an event (201) with its owner, and a retry with the same externalId returns the first record (200), once", async () => {
    const staff = await createTestPlatformUser(["channel_manager"]);
    const token = await apiToken(staff);
    const { partner, customer } = await ownedCustomer();
    const body = { type: "login", occurredAt: new Date(Date.now() - 60_000).toISOString(), payload: { device: "iPhone" }, externalId: `login-${randomUUID()}`, source: "app" };

    const first = await api("POST", `/customers/${customer.id}/events`, { token, body });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ customerId: customer.id, type: "login", payload: { device: "iPhone" }, externalId: body.externalId, source: "app", replayed: false });

    const again = await api("POST", `/customers/${customer.id}/events`, { token, body: { ...body, payload: { device: "iPhone" } } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, replayed: true });

    expect(await baseDb().customerEvent.count({ where: { customerId: customer.id } })).toBe(1);
    const outbox = await baseDb().outboxEvent.findMany({ where: { aggregateId: customer.id, type: "customer.event_recorded" } });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.partnerId).toBe(partner.id);
    expect(outbox[0]!.payload).toEqual({ customerId: customer.id, eventId: first.body.id, type: "login", occurredAt: body.occurredAt, ownerPartnerId: partner.id });

    // The same externalId for something else is a conflict, and records nothing.
    const clash = await api("POST", `/customers/${customer.id}/events`, { token, body: { ...body, type: "visit_site" }, headers: { "accept-language": "en" } });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toContain("externalId");
    expect(await baseDb().customerEvent.count({ where: { customerId: customer.id } })).toBe(1);
  }, 120_000);

  it("records two pushes of one externalId sent at the same moment once", async () => {
    const token = await apiToken(await createTestPlatformUser(["admin"]));
    const { customer } = await ownedCustomer();
    const body = { type: "visit_site", occurredAt: new Date().toISOString(), externalId: `visit-${randomUUID()}` };
    const answers = await Promise.all([1, 2, 3].map(() => api("POST", `/customers/${customer.id}/events`, { token, body })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await baseDb().customerEvent.count({ where: { customerId: customer.id } })).toBe(1);
    expect(await baseDb().outboxEvent.count({ where: { aggregateId: customer.id, type: "customer.event_recorded" } })).toBe(1);
  }, 120_000);

  it("takes an order's amount as an exact decimal string and moves the customer's last order", async () => {
    const token = await apiToken(await createTestPlatformUser(["channel_manager"]));
    const { customer } = await ownedCustomer({ lastOrderAt: daysAgo(10) });
    const occurredAt = daysAgo(2).toISOString();
    const order = await api("POST", `/customers/${customer.id}/events`, { token, body: { type: "order", occurredAt, payload: { amount: "1234.5", orderNo: "SO-1001" } } });
    expect(order.status).toBe(201);
    expect(order.body.payload).toEqual({ amount: "1234.50", orderNo: "SO-1001", currency: "CNY" });
    expect((await baseDb().customer.findUniqueOrThrow({ where: { id: customer.id } })).lastOrderAt?.toISOString()).toBe(occurredAt);

    // An older order (pushed late) does not move it back.
    await api("POST", `/customers/${customer.id}/events`, { token, body: { type: "order", occurredAt: daysAgo(30).toISOString(), payload: { amount: "10.00", orderNo: "SO-0999" } } });
    expect((await baseDb().customer.findUniqueOrThrow({ where: { id: customer.id } })).lastOrderAt?.toISOString()).toBe(occurredAt);
  }, 120_000);

  it("refuses bad input with translated per-field details, and writes nothing", async () => {
    const token = await apiToken(await createTestPlatformUser(["channel_manager"]));
    const { customer } = await ownedCustomer();
    const cases: Array<[unknown, string[]]> = [
      [{ type: "order", occurredAt: new Date().toISOString(), payload: { amount: 12.5 } }, ["payload.amount", "payload.orderNo"]],
      [{ type: "order", occurredAt: new Date().toISOString(), payload: { amount: "12.345", orderNo: "X" } }, ["payload.amount"]],
      [{ type: "Login", occurredAt: new Date().toISOString() }, ["type"]],
      [{ type: "login", occurredAt: new Date(Date.now() + 10 * 60_000).toISOString() }, ["occurredAt"]],
      [{ type: "login", occurredAt: "2026-11-25 18:00" }, ["occurredAt"]],
    ];
    for (const [body, paths] of cases) {
      const response = await api("POST", `/customers/${customer.id}/events`, { token, body, headers: { "accept-language": "en" } });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe("VALIDATION_FAILED");
      expect(response.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(paths.sort());
      for (const detail of response.body.error.details) expect(detail.message).not.toMatch(/^segments\.|^errors\./);
    }
    const future = await api("POST", `/customers/${customer.id}/events`, { token, body: cases[3]![0], headers: { "accept-language": "zh-CN" } });
    expect(future.body.error.details[0].message).toBe("发生时间不能晚于当前时间 5 分钟以上。");
    expect(await baseDb().customerEvent.count({ where: { customerId: customer.id } })).toBe(0);
  }, 120_000);

  it("answers 404 for a customer that does not exist or was merged away", async () => {
    const token = await apiToken(await createTestPlatformUser(["admin"]));
    const { customer: survivor } = await ownedCustomer();
    const { customer: duplicate } = await ownedCustomer();
    await baseDb().customer.update({ where: { id: duplicate.id }, data: { mergedIntoId: survivor.id } });
    const body = { type: "login", occurredAt: new Date().toISOString() };
    expect((await api("POST", `/customers/${randomUUID()}/events`, { token, body })).status).toBe(404);
    expect((await api("POST", `/customers/${duplicate.id}/events`, { token, body })).status).toBe(404);
  }, 120_000);

  it("partners cannot push, not even for their own customer; finance staff cannot either; a platform API key can", async () => {
    const { partner, customer } = await ownedCustomer();
    const admin = await createTestPartnerUser(partner.id, "admin");
    const body = { type: "login", occurredAt: new Date().toISOString(), externalId: `p-${randomUUID()}` };
    const byPartner = await api("POST", `/customers/${customer.id}/events`, { token: await apiToken(admin), body });
    expect(byPartner.status).toBe(403);
    const byFinance = await api("POST", `/customers/${customer.id}/events`, { token: await apiToken(await createTestPlatformUser(["finance"])), body });
    expect(byFinance.status).toBe(403);
    expect(await baseDb().customerEvent.count({ where: { customerId: customer.id } })).toBe(0);

    const staff = await createTestPlatformUser(["channel_manager"]);
    const actor = (await actorForUserId(staff.id, "session"))!.actor;
    const key = await runAsActor(actor, () => createApiKey(actor, { name: "商城对接" }));
    const byKey = await api("POST", `/customers/${customer.id}/events`, { token: key.key, body });
    expect(byKey.status).toBe(201);
  }, 120_000);

  it("lists a customer's events for the platform, latest occurrence first, paged", async () => {
    const token = await apiToken(await createTestPlatformUser(["channel_manager"]));
    const { customer } = await ownedCustomer();
    for (const days of [5, 1, 3]) {
      await api("POST", `/customers/${customer.id}/events`, { token, body: { type: "login", occurredAt: daysAgo(days).toISOString() } });
    }
    const first = await api("GET", `/customers/${customer.id}/events?limit=2`, { token });
    expect(first.status).toBe(200);
    expect(first.body.items.map((e: { occurredAt: string }) => Math.round((Date.now() - Date.parse(e.occurredAt)) / DAY))).toEqual([1, 3]);
    const second = await api("GET", `/customers/${customer.id}/events?limit=2&cursor=${first.body.nextCursor}`, { token });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
  }, 120_000);
});

describe("a login brings a dormant customer back", () => {
  it("the consumer recomputes the stage: lifecycle_changed and reactivated in the outbox, once even when redelivered", async () => {
    const token = await apiToken(await createTestPlatformUser(["channel_manager"]));
    const { partner, customer } = await ownedCustomer({ lifecycleStage: "dormant", lifecycleChangedAt: daysAgo(20), lastOrderAt: daysAgo(200) });

    const login = await api("POST", `/customers/${customer.id}/events`, { token, body: { type: "login", occurredAt: new Date().toISOString() } });
    expect(login.status).toBe(201);
    await deliver(customer.id, "customer.event_recorded");

    const after = await baseDb().customer.findUniqueOrThrow({ where: { id: customer.id } });
    expect(after.lifecycleStage).toBe("reactivated");
    expect(after.lifecycleChangedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    const changed = await baseDb().outboxEvent.findMany({ where: { aggregateId: customer.id, type: { in: ["customer.lifecycle_changed", "customer.reactivated"] } }, orderBy: { id: "asc" } });
    expect(changed.map((e) => [e.type, e.partnerId, e.payload])).toEqual([
      ["customer.lifecycle_changed", partner.id, { customerId: customer.id, ownerPartnerId: partner.id, from: "dormant", to: "reactivated" }],
      ["customer.reactivated", partner.id, { customerId: customer.id, ownerPartnerId: partner.id, from: "dormant", reason: "login" }],
    ]);

    // At-least-once delivery: the same event again changes nothing and emits nothing.
    await deliver(customer.id, "customer.event_recorded");
    expect(await baseDb().outboxEvent.count({ where: { aggregateId: customer.id, type: { in: ["customer.lifecycle_changed", "customer.reactivated"] } } })).toBe(2);
  }, 120_000);

  it("a customer silent for a year whose stage never caught up is still recognised as coming back from churned", async () => {
    const token = await apiToken(await createTestPlatformUser(["channel_manager"]));
    const { customer } = await ownedCustomer();
    await api("POST", `/customers/${customer.id}/events`, { token, body: { type: "order", occurredAt: daysAgo(400).toISOString(), payload: { amount: "88.00", orderNo: "SO-OLD" } } });
    // Nothing recomputed it for a year (no worker ran): still the default stage.
    await baseDb().outboxEvent.updateMany({ where: { aggregateId: customer.id }, data: { dispatchedAt: new Date() } });
    await api("POST", `/customers/${customer.id}/events`, { token, body: { type: "login", occurredAt: new Date().toISOString() } });
    const login = await baseDb().outboxEvent.findFirstOrThrow({ where: { aggregateId: customer.id, type: "customer.event_recorded", dispatchedAt: null } });
    await handleDomainEvent({ eventId: login.id, type: login.type, aggregateType: login.aggregateType, aggregateId: login.aggregateId, partnerId: login.partnerId, payload: login.payload, occurredAt: login.createdAt.toISOString() });
    const reactivated = await baseDb().outboxEvent.findFirstOrThrow({ where: { aggregateId: customer.id, type: "customer.reactivated" } });
    expect(reactivated.payload).toMatchObject({ from: "churned", reason: "login" });
    expect((await baseDb().customer.findUniqueOrThrow({ where: { id: customer.id } })).lifecycleStage).toBe("reactivated");
  }, 120_000);

  it("through the running worker, customer.reactivated is emitted within seconds of the push", async () => {
    const token = await apiToken(await createTestPlatformUser(["channel_manager"]));
    const { customer } = await ownedCustomer({ lifecycleStage: "churned", lifecycleChangedAt: daysAgo(40), lastOrderAt: daysAgo(420) });
    const worker = startWorker({ pollMs: 100, log: () => undefined, schedule: false });
    try {
      const pushedAt = Date.now();
      await api("POST", `/customers/${customer.id}/events`, { token, body: { type: "login", occurredAt: new Date().toISOString(), externalId: `w-${randomUUID()}` } });
      let reactivated = null;
      while (!reactivated && Date.now() - pushedAt < 20_000) {
        await new Promise((r) => setTimeout(r, 150));
        reactivated = await baseDb().outboxEvent.findFirst({ where: { aggregateId: customer.id, type: "customer.reactivated" } });
      }
      expect(reactivated?.payload).toMatchObject({ customerId: customer.id, from: "churned", reason: "login" });
    } finally {
      await worker.stop();
    }
  }, 120_000);
});
