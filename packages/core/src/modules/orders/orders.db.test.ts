/**
 * Orders over /api/v1 against a real database: idempotent ingest (201, 200, 409, concurrent twins),
 * attribution from the ownership history (a transfer after the order, a merge, nobody), finance's
 * unattributed list, refunds (replay, 422 with nothing written), who reads what, bad input, and the
 * customer's last order and lifecycle stage.
 */
import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../actor/index.ts";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { baseDb, disconnectDb, runAsActor } from "../../db/index.ts";
import { handleDomainEvent } from "../../jobs/domain-event.handler.ts";
import { api, apiToken, createTestPartner, createTestPartnerUser, createTestPlatformUser, uuidv7, type TestPartnerUser } from "../../testing/index.ts";
import { createApiKey } from "../api-keys/index.ts";
import { mergeCustomers, releaseCustomer, transferCustomer } from "../customers/index.ts";
import { registerCustomer } from "../registrations/index.ts";

afterAll(disconnectDb);

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

let financeToken: string;
let financeActor: Actor;
let managerActor: Actor;
let partnerA: { id: string };
let partnerB: { id: string };
let aAdmin: TestPartnerUser, aManager: TestPartnerUser, aRep: TestPartnerUser, bAdmin: TestPartnerUser;

async function actorOf(userId: string): Promise<Actor> {
  return (await actorForUserId(userId, "session"))!.actor;
}

beforeAll(async () => {
  const finance = await createTestPlatformUser(["finance"]);
  const manager = await createTestPlatformUser(["channel_manager"]);
  financeToken = await apiToken(finance);
  financeActor = await actorOf(finance.id);
  managerActor = await actorOf(manager.id);
  partnerA = await createTestPartner();
  partnerB = await createTestPartner();
  [aAdmin, aManager, aRep, bAdmin] = await Promise.all([
    createTestPartnerUser(partnerA.id, "admin"),
    createTestPartnerUser(partnerA.id, "manager"),
    createTestPartnerUser(partnerA.id, "rep"),
    createTestPartnerUser(partnerB.id, "admin"),
  ]);
}, 120_000);

/** A customer registered by `user`'s partner at `at` (the history's first row). */
async function registeredAt(user: TestPartnerUser, at: Date): Promise<string> {
  const actor = await actorOf(user.id);
  const decision = await runAsActor(actor, () =>
    registerCustomer(actor, { customer: { kind: "company", name: `订单归属测试${randomUUID().slice(0, 8)}有限公司`, phone: `139${String(randomInt(0, 1e8)).padStart(8, "0")}`, city: "杭州" } }, "zh-CN", at),
  );
  expect(decision.status).toBe("accepted");
  return decision.customerId!;
}

/** A customer nobody ever registered (no ownership history). */
async function unownedCustomer(data: { lifecycleStage?: string } = {}): Promise<string> {
  const row = await baseDb().customer.create({ data: { kind: "company", name: `无主客户 ${randomUUID().slice(0, 8)}`, ...data } });
  return row.id;
}

function orderBody(customerId: string, over: Record<string, unknown> = {}) {
  return {
    externalId: `ERP-${randomUUID()}`,
    customerId,
    orderedAt: daysAgo(1).toISOString().replace("Z", "+00:00"),
    currency: "CNY",
    items: [
      { sku: "PUMP-200", category: "hardware", quantity: "3", unitPrice: "1234.50" },
      { sku: "SVC-1Y", category: "service", quantity: "0.5", unitPrice: "99.99" },
    ],
    ...over,
  };
}

const post = (body: unknown, token = financeToken, headers: Record<string, string> = {}) => api("POST", "/orders", { token, body, headers });

describe("POST /orders", () => {
  it("records a new order (201) with exact money, a replay answers 200 with the same order, another body 409 — once, with one audit row and one event", async () => {
    const customerId = await registeredAt(aAdmin, daysAgo(10));
    const body = orderBody(customerId);
    const first = await post(body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      externalId: body.externalId,
      customerId,
      sentCustomerId: customerId,
      currency: "CNY",
      // 3 × 1234.50 = 3703.50; 0.5 × 99.99 = 49.995 → 50.00 (half-even); total 3753.50
      total: "3753.50",
      refundedTotal: "0.00",
      netTotal: "3753.50",
      attributedPartnerId: partnerA.id,
      attributionReason: null,
      replayed: false,
    });
    expect(first.body.items).toEqual([
      expect.objectContaining({ position: 1, sku: "PUMP-200", category: "hardware", quantity: "3", unitPrice: "1234.50", amount: "3703.50" }),
      expect.objectContaining({ position: 2, sku: "SVC-1Y", category: "service", quantity: "0.5", unitPrice: "99.99", amount: "50.00" }),
    ]);
    expect(first.body.attributionOwnershipId).toEqual(expect.any(String));
    const record = await baseDb().customerOwnership.findUniqueOrThrow({ where: { id: first.body.attributionOwnershipId } });
    expect(record).toMatchObject({ customerId, partnerId: partnerA.id, event: "registration_accepted" });

    // The same order written differently (other offset, trailing zeros, lower-case currency) is the same push.
    const sameInstant = new Date(body.orderedAt).toISOString();
    const again = await post({ ...body, orderedAt: sameInstant, currency: "cny", items: body.items.map((i) => ({ ...i, quantity: i.quantity.includes(".") ? `${i.quantity}000` : `${i.quantity}.000` })) });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, total: "3753.50", replayed: true });

    const changed = await post({ ...body, items: [{ ...body.items[0], unitPrice: "1234.51" }] }, financeToken, { "accept-language": "en" });
    expect(changed.status).toBe(409);
    expect(changed.body.error).toMatchObject({ code: "CONFLICT", message: "This order externalId was already used for a different order." });

    expect(await baseDb().order.count({ where: { externalId: body.externalId } })).toBe(1);
    expect(await baseDb().auditLog.count({ where: { entityId: first.body.id, action: "order.ingested" } })).toBe(1);
    const events = await baseDb().outboxEvent.findMany({ where: { aggregateId: first.body.id, type: "order.ingested" } });
    expect(events).toHaveLength(1);
    expect(events[0]!.partnerId).toBe(partnerA.id);
    expect(events[0]!.payload).toMatchObject({ orderId: first.body.id, total: "3753.50", attributedPartnerId: partnerA.id, attributionOwnershipId: record.id });
  });

  it("two identical pushes at once record one order; both answers carry it", async () => {
    const customerId = await registeredAt(aAdmin, daysAgo(5));
    const body = orderBody(customerId);
    const answers = await Promise.all(Array.from({ length: 4 }, () => post(body)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await baseDb().order.count({ where: { externalId: body.externalId } })).toBe(1);
    expect(await baseDb().orderItem.count({ where: { order: { externalId: body.externalId } } })).toBe(2);
    expect(await baseDb().outboxEvent.count({ where: { aggregateId: answers[0]!.body.id, type: "order.ingested" } })).toBe(1);
  });

  it("attributes to the owner at orderedAt, not to whoever owns the customer now", async () => {
    const customerId = await registeredAt(aAdmin, daysAgo(30));
    await runAsActor(managerActor, () => transferCustomer(managerActor, customerId, { toPartnerId: partnerB.id, reason: "客户要求更换服务商" }, daysAgo(10)));
    expect((await baseDb().customer.findUniqueOrThrow({ where: { id: customerId } })).ownerPartnerId).toBe(partnerB.id);

    const before = await post(orderBody(customerId, { orderedAt: daysAgo(20).toISOString() }));
    expect(before.status).toBe(201);
    expect(before.body).toMatchObject({ attributedPartnerId: partnerA.id, attributionReason: null });
    const after = await post(orderBody(customerId, { orderedAt: daysAgo(5).toISOString() }));
    expect(after.body).toMatchObject({ attributedPartnerId: partnerB.id, attributionReason: null });
    const [byA, byB] = await Promise.all([
      baseDb().customerOwnership.findUniqueOrThrow({ where: { id: before.body.attributionOwnershipId } }),
      baseDb().customerOwnership.findUniqueOrThrow({ where: { id: after.body.attributionOwnershipId } }),
    ]);
    expect(byA.event).toBe("registration_accepted");
    expect(byB).toMatchObject({ event: "transferred", partnerId: partnerB.id });
  });

  it("keeps an order nobody earned, unattributed with a translated reason, and lists it for finance", async () => {
    const neverOwned = await unownedCustomer();
    const pooled = await registeredAt(aAdmin, daysAgo(40));
    await runAsActor(managerActor, () => releaseCustomer(managerActor, pooled, { reason: "长期未跟进" }, daysAgo(20)));

    const early = await post(orderBody(neverOwned), financeToken, { "accept-language": "en" });
    expect(early.status).toBe(201);
    expect(early.body).toMatchObject({
      attributedPartnerId: null,
      attributionOwnershipId: null,
      attributionReason: { code: "NOT_YET_OWNED_AT_ORDER_TIME", message: "No partner had registered this customer yet when it ordered: the order is unattributed." },
    });
    const inPool = await post(orderBody(pooled, { orderedAt: daysAgo(10).toISOString() }));
    expect(inPool.body).toMatchObject({ attributedPartnerId: null, attributionReason: { code: "NO_OWNER_AT_ORDER_TIME" } });
    expect(inPool.body.attributionReason.message).toContain("公海");
    expect((await baseDb().customerOwnership.findUniqueOrThrow({ where: { id: inPool.body.attributionOwnershipId } })).event).toBe("released");
    // Ordered while A still owned it: A's, though it is in the pool now.
    const earlier = await post(orderBody(pooled, { orderedAt: daysAgo(30).toISOString() }));
    expect(earlier.body.attributedPartnerId).toBe(partnerA.id);

    const list = await api("GET", `/orders?attribution=unattributed&customerId=${pooled}`, { token: financeToken });
    expect(list.status).toBe(200);
    expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([inPool.body.id]);
    const all = await api("GET", `/orders?attribution=unattributed&limit=200`, { token: financeToken });
    expect(all.body.items.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([early.body.id, inPool.body.id]));
    expect(all.body.items.every((o: { attributedPartnerId: string | null }) => o.attributedPartnerId === null)).toBe(true);
  });

  it("an order for a merged-away customer counts for the survivor, attributed from the history of the id sent (ADR 016)", async () => {
    const survivor = await registeredAt(bAdmin, daysAgo(60));
    const duplicate = await registeredAt(aAdmin, daysAgo(50));
    // The duplicate leaves A (pool) before the merge: a protected duplicate of another partner cannot be merged.
    await runAsActor(managerActor, () => releaseCustomer(managerActor, duplicate, { reason: "重复客户" }, daysAgo(30)));
    await runAsActor(managerActor, () => mergeCustomers(managerActor, { survivorId: survivor, duplicateId: duplicate, reason: "同一家公司" }, daysAgo(20)));

    const cases = [
      [40, partnerA.id, null],
      [25, null, "NO_OWNER_AT_ORDER_TIME"],
      [10, partnerB.id, null],
    ] as const;
    for (const [days, partnerId, reason] of cases) {
      const pushed = await post(orderBody(duplicate, { orderedAt: daysAgo(days).toISOString() }));
      expect(pushed.status).toBe(201);
      expect(pushed.body).toMatchObject({ customerId: survivor, sentCustomerId: duplicate, attributedPartnerId: partnerId });
      expect(pushed.body.attributionReason?.code ?? null).toBe(reason);
    }
    const bySurvivor = await api("GET", `/orders?customerId=${survivor}`, { token: financeToken });
    expect(bySurvivor.body.items).toHaveLength(3);
    const { lastOrderAt } = await baseDb().customer.findUniqueOrThrow({ where: { id: survivor } });
    expect(Math.round((Date.now() - lastOrderAt!.getTime()) / DAY)).toBe(10);
  });

  it("answers bad input with 400, translated per-field details, and writes nothing", async () => {
    const customerId = await registeredAt(aAdmin, daysAgo(3));
    const body = orderBody(customerId, {
      currency: "RMB",
      orderedAt: "2026-11-20 10:00",
      items: [
        { sku: "", category: "hardware", quantity: "0", unitPrice: "12.345" },
        { sku: "X", category: " ", quantity: 1.5, unitPrice: "-1" },
      ],
    });
    const response = await post(body, financeToken, { "accept-language": "en" });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("VALIDATION_FAILED");
    const details = Object.fromEntries(response.body.error.details.map((d: { path: string; message: string }) => [d.path, d.message]));
    expect(details).toMatchObject({
      currency: "Enter an ISO 4217 currency code (three letters, e.g. CNY).",
      orderedAt: expect.any(String),
      "items.0.sku": expect.any(String),
      "items.0.quantity": "Quantity must be greater than 0.",
      "items.0.unitPrice": expect.stringContaining("two decimals"),
      "items.1.category": expect.any(String),
      "items.1.quantity": expect.stringContaining("as a string"),
      "items.1.unitPrice": expect.stringContaining("at least 0"),
    });
    const noItems = await post(orderBody(customerId, { items: [] }), financeToken, { "accept-language": "zh-TW" });
    expect(noItems.body.error.details).toEqual([{ path: "items", message: "訂單至少需要一個商品行。" }]);
    const unknownCustomer = await post(orderBody(uuidv7()), financeToken, { "accept-language": "en" });
    expect(unknownCustomer.status).toBe(400);
    expect(unknownCustomer.body.error.details).toEqual([{ path: "customerId", message: "Customer not found." }]);
    expect(await baseDb().order.count({ where: { externalId: { in: [body.externalId] } } })).toBe(0);
    expect(await baseDb().order.count({ where: { customerId } })).toBe(0);
  });

  it("is for platform admins and finance (and their API keys): partners and channel managers get 403", async () => {
    const customerId = await registeredAt(aAdmin, daysAgo(3));
    const body = orderBody(customerId);
    expect((await post(body, await apiToken(aAdmin))).status).toBe(403);
    expect((await post(body, await apiToken(await createTestPlatformUser(["channel_manager"])))).status).toBe(403);
    expect(await baseDb().order.count({ where: { externalId: body.externalId } })).toBe(0);
    const key = await runAsActor(financeActor, () => createApiKey(financeActor, { name: "ERP 对接" }));
    expect((await post(body, key.key)).status).toBe(201);
  });
});

describe("POST /orders/{externalId}/refunds", () => {
  it("records a refund (201), replays it (200), refuses another body (409), and 422s an over-refund with nothing written", async () => {
    const customerId = await registeredAt(aAdmin, daysAgo(10));
    const order = await post(orderBody(customerId, { items: [{ sku: "A", category: "hardware", quantity: "1", unitPrice: "100.00" }] }));
    const path = `/orders/${encodeURIComponent(order.body.externalId)}/refunds`;
    const refund = { externalId: `RF-${randomUUID()}`, amount: "60", refundedAt: new Date().toISOString() };

    const first = await api("POST", path, { token: financeToken, body: refund });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ externalId: refund.externalId, amount: "60.00", orderId: order.body.id, replayed: false, order: { refundedTotal: "60.00", netTotal: "40.00" } });
    expect(first.body.order.refunds).toHaveLength(1);

    const again = await api("POST", path, { token: financeToken, body: { ...refund, amount: "60.00" } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, replayed: true, order: { refundedTotal: "60.00" } });
    const reused = await api("POST", path, { token: financeToken, body: { ...refund, amount: "10.00" }, headers: { "accept-language": "en" } });
    expect(reused.status).toBe(409);
    expect(reused.body.error.message).toBe("This refund externalId was already used for a different refund.");

    const over = await api("POST", path, { token: financeToken, body: { externalId: `RF-${randomUUID()}`, amount: "40.01", refundedAt: new Date().toISOString() }, headers: { "accept-language": "en" } });
    expect(over.status).toBe(422);
    expect(over.body.error).toMatchObject({ code: "RULE_VIOLATION", message: "Refunds may not exceed the order total: at most 40.00 CNY can still be refunded." });
    const early = await api("POST", path, { token: financeToken, body: { externalId: `RF-${randomUUID()}`, amount: "1", refundedAt: daysAgo(3).toISOString() } });
    expect(early.status).toBe(422);
    expect(await baseDb().orderRefund.count({ where: { orderId: order.body.id } })).toBe(1);
    expect((await baseDb().order.findUniqueOrThrow({ where: { id: order.body.id } })).refundedTotal.toFixed(2)).toBe("60.00");
    expect(await baseDb().outboxEvent.count({ where: { aggregateId: order.body.id, type: "order.refunded" } })).toBe(1);
    expect(await baseDb().auditLog.count({ where: { entityId: order.body.id, action: "order.refunded" } })).toBe(1);

    const rest = await api("POST", path, { token: financeToken, body: { externalId: `RF-${randomUUID()}`, amount: "40.00", refundedAt: new Date().toISOString() } });
    expect(rest.status).toBe(201);
    expect(rest.body.order).toMatchObject({ refundedTotal: "100.00", netTotal: "0.00" });
  });

  it("concurrent refunds of one order never add up to more than its total", async () => {
    const customerId = await registeredAt(aAdmin, daysAgo(10));
    const order = await post(orderBody(customerId, { items: [{ sku: "A", category: "hardware", quantity: "1", unitPrice: "100.00" }] }));
    const path = `/orders/${encodeURIComponent(order.body.externalId)}/refunds`;
    const answers = await Promise.all(
      Array.from({ length: 3 }, () => api("POST", path, { token: financeToken, body: { externalId: `RF-${randomUUID()}`, amount: "40.00", refundedAt: new Date().toISOString() } })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 422]);
    expect((await baseDb().order.findUniqueOrThrow({ where: { id: order.body.id } })).refundedTotal.toFixed(2)).toBe("80.00");
  });

  it("answers an unknown order 404, and bad refunds 400", async () => {
    const missing = await api("POST", `/orders/NOPE-${randomUUID()}/refunds`, { token: financeToken, body: { externalId: `RF-${randomUUID()}`, amount: "1", refundedAt: new Date().toISOString() } });
    expect(missing.status).toBe(404);
    const customerId = await registeredAt(aAdmin, daysAgo(10));
    const order = await post(orderBody(customerId));
    const zero = await api("POST", `/orders/${order.body.externalId}/refunds`, { token: financeToken, body: { externalId: `RF-${randomUUID()}`, amount: "0.00", refundedAt: new Date().toISOString() } });
    expect(zero.status).toBe(400);
    expect(zero.body.error.details[0].path).toBe("amount");
    expect(await baseDb().orderRefund.count({ where: { orderId: order.body.id } })).toBe(0);
  });
});

describe("reading orders", () => {
  it("a partner's admin and manager read orders attributed to their partner; another partner's is 404; reps see none; partners never write", async () => {
    const mine = await post(orderBody(await registeredAt(aAdmin, daysAgo(10))));
    const theirs = await post(orderBody(await registeredAt(bAdmin, daysAgo(10))));
    const unattributed = await post(orderBody(await unownedCustomer()));

    for (const user of [aAdmin, aManager]) {
      const token = await apiToken(user);
      const list = await api("GET", "/orders?limit=200", { token });
      expect(list.status).toBe(200);
      const ids = list.body.items.map((o: { id: string }) => o.id);
      expect(ids).toContain(mine.body.id);
      expect(ids).not.toContain(theirs.body.id);
      expect(ids).not.toContain(unattributed.body.id);
      expect(list.body.items.every((o: { attributedPartnerId: string }) => o.attributedPartnerId === partnerA.id)).toBe(true);
      const asked = await api("GET", `/orders?partnerId=${partnerB.id}`, { token });
      expect(asked.body.items).toEqual([]);

      const detail = await api("GET", `/orders/${mine.body.id}`, { token });
      expect(detail.status).toBe(200);
      expect(detail.body.items).toHaveLength(2);
      const other = await api("GET", `/orders/${theirs.body.id}`, { token });
      const nothing = await api("GET", `/orders/${uuidv7()}`, { token });
      expect(other.status).toBe(404);
      expect(other.body).toEqual(nothing.body);
      expect((await api("GET", `/orders/${unattributed.body.id}`, { token })).status).toBe(404);
    }

    const repToken = await apiToken(aRep);
    expect((await api("GET", "/orders", { token: repToken })).status).toBe(403);
    expect((await api("GET", `/orders/${mine.body.id}`, { token: repToken })).status).toBe(403);
    const refund = await api("POST", `/orders/${mine.body.externalId}/refunds`, { token: await apiToken(aAdmin), body: { externalId: `RF-${randomUUID()}`, amount: "1", refundedAt: new Date().toISOString() } });
    expect(refund.status).toBe(403);
  });

  it("lists for finance latest orderedAt first, filtered by partner and time, paged by cursor", async () => {
    const customerId = await registeredAt(aAdmin, daysAgo(40));
    const pushed = [];
    for (const days of [30, 10, 20, 5]) pushed.push((await post(orderBody(customerId, { orderedAt: daysAgo(days).toISOString() }))).body);
    const query = `customerId=${customerId}&partnerId=${partnerA.id}&from=${encodeURIComponent(daysAgo(25).toISOString())}&to=${encodeURIComponent(daysAgo(1).toISOString())}`;
    const first = await api("GET", `/orders?${query}&limit=2`, { token: financeToken });
    expect(first.status).toBe(200);
    expect(first.body.items.map((o: { id: string }) => o.id)).toEqual([pushed[3].id, pushed[1].id]);
    const second = await api("GET", `/orders?${query}&limit=2&cursor=${first.body.nextCursor}`, { token: financeToken });
    expect(second.body.items.map((o: { id: string }) => o.id)).toEqual([pushed[2].id]);
    expect(second.body.nextCursor).toBeNull();
    const byExternalId = await api("GET", `/orders?externalId=${encodeURIComponent(pushed[0].externalId)}`, { token: financeToken });
    expect(byExternalId.body.items.map((o: { id: string }) => o.id)).toEqual([pushed[0].id]);
  });
});

describe("orders and the customer's lifecycle", () => {
  it("a new order moves lastOrderAt forward, never back", async () => {
    const customerId = await registeredAt(aAdmin, daysAgo(30));
    await post(orderBody(customerId, { orderedAt: daysAgo(5).toISOString() }));
    const lastOrderAt = async () => (await baseDb().customer.findUniqueOrThrow({ where: { id: customerId } })).lastOrderAt;
    const five = await lastOrderAt();
    expect(Math.round((Date.now() - five!.getTime()) / DAY)).toBe(5);
    await post(orderBody(customerId, { orderedAt: daysAgo(15).toISOString() }));
    expect(await lastOrderAt()).toEqual(five);
    await post(orderBody(customerId, { orderedAt: daysAgo(2).toISOString() }));
    expect(Math.round((Date.now() - (await lastOrderAt())!.getTime()) / DAY)).toBe(2);
  });

  it("the order.ingested consumer makes a prospect a new customer (and a redelivery changes nothing)", async () => {
    const customerId = await unownedCustomer({ lifecycleStage: "prospect" });
    const order = await post(orderBody(customerId, { orderedAt: daysAgo(1).toISOString() }));
    expect(order.status).toBe(201);
    // Without the cached column the stage must still follow: lifecycle facts read the Order table itself.
    await baseDb().customer.update({ where: { id: customerId }, data: { lastOrderAt: null } });
    const [event] = await baseDb().outboxEvent.findMany({ where: { aggregateId: order.body.id, type: "order.ingested" } });
    const job = { eventId: event!.id, type: event!.type, aggregateType: event!.aggregateType, aggregateId: event!.aggregateId, partnerId: event!.partnerId, payload: event!.payload, occurredAt: event!.createdAt.toISOString() };
    expect(await handleDomainEvent(job)).toMatchObject({ consumers: expect.any(Number) });
    expect((await baseDb().customer.findUniqueOrThrow({ where: { id: customerId } })).lifecycleStage).toBe("new");
    const changes = await baseDb().outboxEvent.count({ where: { aggregateId: customerId, type: "customer.lifecycle_changed" } });
    expect(changes).toBe(1);
    await handleDomainEvent(job);
    expect(await baseDb().outboxEvent.count({ where: { aggregateId: customerId, type: "customer.lifecycle_changed" } })).toBe(1);
  });
});
