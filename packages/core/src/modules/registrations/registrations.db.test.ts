/**
 * Issue 3's journey through the real /api/v1: register, be protected, be refused (without learning
 * who), expire to the pool, be claimed, be merged — and the ownership timeline shows every step.
 */
import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb } from "../../db/index.ts";
import { handleDomainEvent } from "../../jobs/domain-event.handler.ts";
import { expireProtections, reclaimInactiveCustomers, warnExpiringRegistrations } from "../../jobs/ownership-maintenance.ts";
import { api, apiToken, createTestPartner, createTestPartnerUser, createTestPlatformUser, type TestPartnerUser, type TestPlatformUser } from "../../testing/index.ts";
import { ownerAt } from "../customers/index.ts";
import { usccCheckCharacter } from "../identity/index.ts";
import { forgetCachedProtectionPolicy } from "../settings/protection-policy.ts";

let a: TestPartnerUser, b: TestPartnerUser, c: TestPartnerUser, aAdmin: TestPartnerUser;
let staff: TestPlatformUser;
let partnerA: { id: string; name: string }, partnerB: { id: string; name: string };

/** A unique, valid company identity per test run. */
function company() {
  const tag = randomUUID().slice(0, 6);
  const body = `91310000${String(randomInt(10_000_000, 99_999_999))}M`;
  const mobile = `139${String(randomInt(10_000_000, 99_999_999))}`;
  return { tag, uscc: `${body}${usccCheckCharacter(body)}`, mobile, name: `上海华东渠道${tag}科技有限公司` };
}

beforeAll(async () => {
  partnerA = await createTestPartner({ name: `甲伙伴 ${randomUUID().slice(0, 4)}`, tier: "gold" });
  partnerB = await createTestPartner({ name: `乙伙伴 ${randomUUID().slice(0, 4)}` });
  const partnerC = await createTestPartner({ name: `丙伙伴 ${randomUUID().slice(0, 4)}` });
  a = await createTestPartnerUser(partnerA.id, "rep");
  aAdmin = await createTestPartnerUser(partnerA.id, "admin");
  b = await createTestPartnerUser(partnerB.id, "rep");
  c = await createTestPartnerUser(partnerC.id, "rep");
  staff = await createTestPlatformUser(["channel_manager"]);
});
afterAll(disconnectDb);

describe("registration (报备)", () => {
  it("accepts a new customer at once, protects it, and refuses a differently written duplicate without saying who owns it", async () => {
    const x = company();
    const first = await api("POST", "/registrations", {
      token: await apiToken(a),
      body: { customer: { kind: "company", name: x.name, phone: `${x.mobile.slice(0, 3)} ${x.mobile.slice(3, 7)} ${x.mobile.slice(7)}`, city: "上海市" }, note: "展会认识" },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: "accepted", customerId: expect.any(String) });
    const until = new Date(first.body.protectedUntil).getTime();
    expect(until).toBeGreaterThan(Date.now() + 89 * 86_400_000); // gold tier: default 90 days unless overridden

    // Traditional characters, full-width brackets and spaces, +86 with dashes.
    const traditional = x.name.replace("华东渠道", "華東渠道").replace("有限公司", "（有限公司）").replace("科技", " 科技 ");
    const second = await api("POST", "/registrations", {
      token: await apiToken(b),
      headers: { "accept-language": "en" },
      body: { customer: { kind: "company", name: traditional, phone: `+86-${x.mobile.slice(0, 3)}-${x.mobile.slice(3, 7)}-${x.mobile.slice(7)}`, city: "上海" } },
    });
    expect(second.status).toBe(201);
    expect(second.body).toEqual({
      id: expect.any(String),
      status: "rejected",
      reason: { code: "PROTECTED_BY_OTHER_PARTNER", message: "This customer is protected by another partner and cannot be registered now." },
    });
    expect(JSON.stringify(second.body)).not.toContain(partnerA.id);
    expect(JSON.stringify(second.body)).not.toContain(first.body.customerId);
    // B cannot open the customer either.
    expect((await api("GET", `/customers/${first.body.customerId}`, { token: await apiToken(b) })).status).toBe(404);

    const again = await api("POST", "/registrations", { token: await apiToken(aAdmin), body: { customer: { kind: "company", name: x.name, city: "上海" } } });
    expect(again.body).toMatchObject({ status: "rejected", customerId: first.body.customerId, reason: { code: "ALREADY_YOURS" } });
  });

  it("answers an invalid identity with 400 and per-field details, and records nothing", async () => {
    // Counted for this partner: other test files write registrations at the same time.
    const before = await baseDb().registration.count({ where: { partnerId: partnerA.id } });
    const response = await api("POST", "/registrations", {
      token: await apiToken(a),
      headers: { "accept-language": "en" },
      body: { customer: { kind: "company", name: "某公司", uscc: "91310000123456789X", phone: "12345" } },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["customer.phone", "customer.uscc"]);
    const both = await api("POST", "/registrations", { token: await apiToken(a), headers: { "accept-language": "en" }, body: { customer: { kind: "company", name: "", uscc: "123" } } });
    expect(both.body.error.details).toEqual([
      { path: "customer.name", message: "Required." },
      { path: "customer.uscc", message: expect.stringMatching(/18/) },
    ]);
    const nothing = await api("POST", "/registrations", { token: await apiToken(a), body: { customer: { kind: "person", name: "张伟", city: "上海" } } });
    expect(nothing.status).toBe(400);
    expect(nothing.body.error.details[0].path).toBe("customer");
    expect(await baseDb().registration.count({ where: { partnerId: partnerA.id } })).toBe(before);
  });

  it("allows one extension request, which the platform approves", async () => {
    const x = company();
    const created = await api("POST", "/registrations", { token: await apiToken(a), body: { customer: { kind: "company", name: x.name, uscc: x.uscc } } });
    const id = created.body.id;
    const token = await apiToken(a);
    const request = await api("POST", `/registrations/${id}/extension`, { token, body: { reason: "客户预算下季度审批" } });
    expect(request.status).toBe(200);
    expect(request.body.extensionStatus).toBe("requested");
    const twice = await api("POST", `/registrations/${id}/extension`, { token, body: { reason: "再来一次" } });
    expect(twice.status).toBe(409);
    const decision = await api("POST", `/registrations/${id}/extension/decision`, { token: await apiToken(staff), body: { decision: "approve" } });
    expect(decision.status).toBe(200);
    expect(new Date(decision.body.protectedUntil).getTime()).toBeGreaterThan(new Date(created.body.protectedUntil).getTime() + 29 * 86_400_000);
    const history = await baseDb().customerOwnership.findMany({ where: { customerId: created.body.customerId }, orderBy: { at: "asc" } });
    expect(history.map((h) => h.event)).toEqual(["registration_accepted", "extended"]);
  });
});

describe("under concurrency", () => {
  it("decides a burst of registrations larger than the connection pool without starving it", async () => {
    const token = await apiToken(a);
    const results = await Promise.all(
      Array.from({ length: 12 }, () => {
        const x = company();
        return api("POST", "/registrations", { token, body: { customer: { kind: "company", name: x.name, uscc: x.uscc } } });
      }),
    );
    expect(results.map((r) => `${r.status} ${r.body.status}`)).toEqual(Array(12).fill("201 accepted"));
  });

  it("lets exactly one of two partners racing for the same new company win", async () => {
    const x = company();
    const body = { customer: { kind: "company", name: x.name, phone: x.mobile, city: "南京" } };
    const [first, second] = await Promise.all([
      api("POST", "/registrations", { token: await apiToken(a), body }),
      api("POST", "/registrations", { token: await apiToken(b), body }),
    ]);
    expect([first.body.status, second.body.status].sort()).toEqual(["accepted", "rejected"]);
    const loser = first.body.status === "rejected" ? first : second;
    expect(loser.body.reason.code).toBe("PROTECTED_BY_OTHER_PARTNER");
    expect(await baseDb().customerIdentity.count({ where: { kind: "phone", value: `+86${x.mobile}` } })).toBe(1);
  });

  it("keeps one winner when three partners race, round after round, sharing only one key written differently", async () => {
    // A loser's matching must see the customer the winner created while the loser waited for the
    // lock: a stale read here would grant the same company twice.
    const tokens = [await apiToken(a), await apiToken(b), await apiToken(c)];
    for (let round = 0; round < 5; round++) {
      const x = company();
      const spaced = `${x.mobile.slice(0, 3)} ${x.mobile.slice(3, 7)} ${x.mobile.slice(7)}`;
      const bodies = [
        { customer: { kind: "company", name: x.name, phone: x.mobile, city: "南京" } },
        { customer: { kind: "company", name: `${x.name}（南京）`, phone: `+86-${spaced.replace(/ /g, "-")}`, city: "苏州" } },
        { customer: { kind: "company", name: `${x.name}分公司`, phone: `0086 ${spaced}`, city: "无锡" } },
      ];
      const results = await Promise.all(bodies.map((body, i) => api("POST", "/registrations", { token: tokens[i]!, body })));
      expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
      expect(results.map((r) => r.body.status).sort()).toEqual(["accepted", "rejected", "rejected"]);
      for (const loser of results.filter((r) => r.body.status === "rejected")) expect(loser.body.reason.code).toBe("PROTECTED_BY_OTHER_PARTNER");
      expect(await baseDb().customerIdentity.count({ where: { kind: "phone", value: `+86${x.mobile}` } })).toBe(1);
    }
  });
});

describe("pool, expiry, claims, merge", () => {
  it("expiry moves the customer to the pool, a third partner claims it, and ownerAt answers from history", async () => {
    const x = company();
    const created = await api("POST", "/registrations", { token: await apiToken(a), body: { customer: { kind: "company", name: x.name, uscc: x.uscc, city: "杭州" } } });
    const customerId = created.body.customerId as string;
    const acceptedAt = new Date();
    await baseDb().customer.update({ where: { id: customerId }, data: { protectedUntil: new Date(Date.now() - 1000) } });
    expect(await expireProtections()).toBeGreaterThanOrEqual(1);
    expect(await expireProtections()).toBe(0); // idempotent
    expect((await baseDb().customer.findUniqueOrThrow({ where: { id: customerId } })).ownerPartnerId).toBeNull();
    expect((await baseDb().registration.findUniqueOrThrow({ where: { id: created.body.id } })).status).toBe("expired");
    expect(await baseDb().notification.count({ where: { userId: a.id, messageKey: "ownership.notification.protectionEnded" } })).toBeGreaterThanOrEqual(1);

    const cToken = await apiToken(c);
    const pool = await api("GET", `/pool?q=${encodeURIComponent(x.tag)}`, { token: cToken });
    expect(pool.status).toBe(200);
    expect(pool.body.items).toEqual([{ id: customerId, kind: "company", name: x.name, city: "杭州", inPoolSince: expect.any(String) }]);
    expect(JSON.stringify(pool.body)).not.toContain(x.uscc);
    const claim = await api("POST", `/pool/${customerId}/claim`, { token: cToken });
    expect(claim.status).toBe(200);
    expect(claim.body.protectedUntil).toBeTruthy();
    const late = await api("POST", `/pool/${customerId}/claim`, { token: await apiToken(b) });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("NOT_IN_POOL");

    const partnerC = (await baseDb().membership.findUniqueOrThrow({ where: { userId: c.id } })).partnerId;
    expect(await ownerAt(customerId, acceptedAt)).toBe(partnerA.id);
    expect(await ownerAt(customerId, new Date())).toBe(partnerC);
    expect(await ownerAt(customerId, new Date(acceptedAt.getTime() - 60_000))).toBeNull();
  });

  it("caps claims per partner and period", async () => {
    const partner = await createTestPartner();
    const rep = await createTestPartnerUser(partner.id, "rep");
    await baseDb().platformSetting.upsert({ where: { key: "protection-policy" }, create: { key: "protection-policy", value: { poolClaimCap: 1 } }, update: { value: { poolClaimCap: 1 } } });
    forgetCachedProtectionPolicy();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 2; i++) {
        const x = company();
        ids.push((await baseDb().customer.create({ data: { kind: "company", name: x.name } })).id);
      }
      const token = await apiToken(rep);
      expect((await api("POST", `/pool/${ids[0]}/claim`, { token })).status).toBe(200);
      const second = await api("POST", `/pool/${ids[1]}/claim`, { token, headers: { "accept-language": "en" } });
      expect(second.status).toBe(422);
      expect(second.body.error).toMatchObject({ code: "POOL_CLAIM_CAP_REACHED", message: expect.stringContaining("limit of 1") });
    } finally {
      await baseDb().platformSetting.delete({ where: { key: "protection-policy" } });
      forgetCachedProtectionPolicy();
    }
  });

  it("warns before expiry once (notification + task), and reclaims customers without follow-up after a warning", async () => {
    const x = company();
    const created = await api("POST", "/registrations", { token: await apiToken(a), body: { customer: { kind: "company", name: x.name, uscc: x.uscc } } });
    await baseDb().registration.update({ where: { id: created.body.id }, data: { protectedUntil: new Date(Date.now() + 3 * 86_400_000) } });
    expect(await warnExpiringRegistrations()).toBeGreaterThanOrEqual(1);
    await warnExpiringRegistrations();
    expect(await baseDb().task.count({ where: { sourceKey: `registration.expiring:${created.body.id}` } })).toBe(1);
    expect(await baseDb().notification.count({ where: { userId: a.id, messageKey: "ownership.notification.registrationExpiring", link: `/registrations/${created.body.id}` } })).toBe(1);

    const customerId = created.body.customerId as string;
    await baseDb().customer.update({ where: { id: customerId }, data: { lastActivityAt: new Date(Date.now() - 55 * 86_400_000) } });
    expect((await reclaimInactiveCustomers()).warned).toBeGreaterThanOrEqual(1);
    expect((await baseDb().customer.findUniqueOrThrow({ where: { id: customerId } })).ownerPartnerId).toBe(partnerA.id);
    await baseDb().customer.update({ where: { id: customerId }, data: { inactivityWarnedAt: new Date(Date.now() - 8 * 86_400_000) } });
    expect((await reclaimInactiveCustomers()).reclaimed).toBeGreaterThanOrEqual(1);
    const history = await baseDb().customerOwnership.findMany({ where: { customerId }, orderBy: { at: "asc" } });
    expect(history.map((h) => h.event)).toEqual(["registration_accepted", "reclaimed"]);
  });

  it("merges two duplicates, moving what belongs to the duplicate, shows it on the timeline, and can reverse it", async () => {
    const x = company();
    const byName = await api("POST", "/registrations", { token: await apiToken(a), body: { customer: { kind: "company", name: x.name, city: "苏州" } } });
    const byPhone = await api("POST", "/registrations", { token: await apiToken(aAdmin), body: { customer: { kind: "company", name: `${x.tag}苏州分部`, phone: x.mobile } } });
    expect(byName.body.status).toBe("accepted");
    expect(byPhone.body.status).toBe("accepted");
    const token = await apiToken(staff);
    const merge = await api("POST", "/customers/merges", { token, body: { survivorId: byName.body.customerId, duplicateId: byPhone.body.customerId, reason: "同一家公司" } });
    expect(merge.status).toBe(201);
    expect(merge.body.moved).toMatchObject({ registrations: 1, identities: 1 });

    // The phone now finds the survivor: B registering by phone is refused.
    const viaPhone = await api("POST", "/registrations", { token: await apiToken(b), body: { customer: { kind: "company", name: "任意", phone: x.mobile } } });
    expect(viaPhone.body.reason.code).toBe("PROTECTED_BY_OTHER_PARTNER");

    const overview = await api("GET", `/customers/${byName.body.customerId}/overview`, { token });
    expect(overview.status).toBe(200);
    expect(overview.body.timeline.map((t: { event: string }) => t.event)).toEqual(["registration_accepted", "merged"]);
    expect(overview.body.timeline.at(-1)).toMatchObject({
      reason: "同一家公司",
      relatedCustomerId: byPhone.body.customerId,
      relatedCustomerName: `${x.tag}苏州分部`,
      mergeId: merge.body.mergeId,
    });
    expect(overview.body.identities.map((i: { kind: string }) => i.kind).sort()).toEqual(["name_city", "phone"]);
    expect(overview.body.merges).toHaveLength(1);
    expect((await api("GET", `/customers/${byPhone.body.customerId}`, { token: await apiToken(a) })).status).toBe(404);

    const reversed = await api("POST", `/customers/merges/${merge.body.mergeId}/reverse`, { token });
    expect(reversed.status).toBe(200);
    const restored = await baseDb().customer.findUniqueOrThrow({ where: { id: byPhone.body.customerId } });
    expect(restored).toMatchObject({ mergedIntoId: null, ownerPartnerId: partnerA.id });
    expect(await baseDb().customerIdentity.count({ where: { customerId: byName.body.customerId, kind: "phone" } })).toBe(0);
    expect((await api("POST", `/customers/merges/${merge.body.mergeId}/reverse`, { token })).status).toBe(409);
    // Both timelines end with the reversal, naming the other customer.
    for (const [customerId, otherId] of [
      [byName.body.customerId, byPhone.body.customerId],
      [byPhone.body.customerId, byName.body.customerId],
    ]) {
      const after = await api("GET", `/customers/${customerId}/overview`, { token });
      expect(after.body.timeline.at(-1)).toMatchObject({ event: "merge_reversed", relatedCustomerId: otherId, mergeId: merge.body.mergeId, partnerId: partnerA.id });
    }
  });
});

describe("platform review", () => {
  it("routes every registration to review when the policy says so; approval protects, a competing claim is superseded", async () => {
    const admin = await createTestPlatformUser(["admin"]);
    const adminToken = await apiToken(admin);
    const policy = await api("GET", "/settings/protection-policy", { token: adminToken });
    expect(policy.body.reviewMode).toBe("auto");
    const put = await api("PUT", "/settings/protection-policy", { token: adminToken, body: { ...policy.body, reviewMode: "review" } });
    expect(put.status).toBe(200);
    try {
      const x = company();
      const fromA = await api("POST", "/registrations", { token: await apiToken(a), body: { customer: { kind: "company", name: x.name, uscc: x.uscc } } });
      expect(fromA.body).toMatchObject({ status: "pending", reason: { code: "REVIEW_REQUIRED" } });
      const fromB = await api("POST", "/registrations", { token: await apiToken(b), body: { customer: { kind: "company", name: x.name, uscc: x.uscc } } });
      expect(fromB.body.status).toBe("pending");
      const queue = await api("GET", "/registrations?status=pending&order=oldest&limit=200", { token: await apiToken(staff) });
      expect(queue.body.items.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([fromA.body.id, fromB.body.id]));
      const approve = await api("POST", `/registrations/${fromA.body.id}/decision`, { token: await apiToken(staff), body: { decision: "approve", reason: "先报备" } });
      expect(approve.status).toBe(200);
      expect(approve.body).toMatchObject({ status: "accepted", partnerName: partnerA.name });
      // The filer hears about the platform's decision (delivered from the outbox, once).
      const event = await baseDb().outboxEvent.findFirstOrThrow({ where: { aggregateId: fromA.body.id, type: "registration.decided", payload: { path: ["status"], equals: "accepted" } } });
      const job = { eventId: event.id, type: event.type, aggregateType: event.aggregateType, aggregateId: event.aggregateId, partnerId: event.partnerId, payload: event.payload, occurredAt: event.createdAt.toISOString() };
      await handleDomainEvent(job);
      await handleDomainEvent(job);
      const told = await baseDb().notification.findMany({ where: { userId: a.id, type: "registration.decided", link: `/registrations/${fromA.body.id}` } });
      expect(told).toHaveLength(1);
      const loser = await api("GET", `/registrations/${fromB.body.id}`, { token: await apiToken(b), headers: { "accept-language": "en" } });
      expect(loser.body).toMatchObject({ status: "rejected", reason: { code: "SUPERSEDED" } });
      expect(loser.body).not.toHaveProperty("matchedCustomerId");
      expect((await api("POST", `/registrations/${fromA.body.id}/decision`, { token: await apiToken(staff), body: { decision: "reject", reason: "晚了" } })).status).toBe(409);
      const noReason = await api("POST", `/registrations/${fromB.body.id}/decision`, { token: await apiToken(staff), body: { decision: "reject" } });
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.details).toEqual([{ path: "reason", message: "必填项。" }]);
    } finally {
      await api("PUT", "/settings/protection-policy", { token: adminToken, body: { ...policy.body, reviewMode: "auto" } });
    }
  });

  it("a partner cannot decide registrations or see another partner's", async () => {
    const x = company();
    const created = await api("POST", "/registrations", { token: await apiToken(a), body: { customer: { kind: "company", name: x.name, uscc: x.uscc } } });
    expect((await api("POST", `/registrations/${created.body.id}/decision`, { token: await apiToken(aAdmin), body: { decision: "approve" } })).status).toBe(403);
    expect((await api("GET", `/registrations/${created.body.id}`, { token: await apiToken(b) })).status).toBe(404);
  });
});
