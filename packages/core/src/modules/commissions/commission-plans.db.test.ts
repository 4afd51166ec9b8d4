/**
 * Commission plan versions through /api/v1: finance drafts a version (rules checked by the engine's
 * schema, translated per field), edits it, activates it; an active version never changes; two active
 * versions never start at the same instant; a version not yet in force can be withdrawn; partners and
 * channel managers get nothing.
 */
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb } from "../../db/index.ts";
import { api, apiToken, createTestPartner, createTestPartnerUser, createTestPlatformUser } from "../../testing/index.ts";

afterAll(disconnectDb);

let finance: string;
let channel: string;
let partnerAdmin: string;

beforeAll(async () => {
  finance = await apiToken(await createTestPlatformUser(["finance"]));
  channel = await apiToken(await createTestPlatformUser(["channel_manager"]));
  partnerAdmin = await apiToken(await createTestPartnerUser((await createTestPartner()).id, "admin"));
});

const rules = {
  rates: [
    { rate: "0.05" },
    { category: "software", rate: "0.08" },
    { category: "software", partnerTier: "gold", rate: "0.10" },
  ],
  newCustomerBonus: "0.02",
  volumeTiers: [{ minBase: "100000.00", bonusRate: "0.01" }],
  capPerPeriod: "50000.00",
};
/** A start no other test uses: active versions may not share one. */
const uniqueStart = () => new Date(Date.UTC(2100 + randomInt(0, 800), randomInt(0, 12), 1, randomInt(0, 24), randomInt(0, 60))).toISOString();

describe("commission plan versions", () => {
  it("finance drafts, edits and activates a version; then it never changes; the activation is audited and announced", async () => {
    const effectiveFrom = uniqueStart();
    const created = await api("POST", "/commission-plans", { token: finance, body: { name: "2027 标准方案", effectiveFrom, rules } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "2027 标准方案", status: "draft", activatedAt: null, rules: { capPerPeriod: "50000.00" } });
    const id = created.body.id as string;

    const edited = await api("PATCH", `/commission-plans/${id}`, { token: finance, body: { note: "软件类提高到 8%" } });
    expect(edited.status).toBe(200);
    expect(edited.body.note).toBe("软件类提高到 8%");

    const activated = await api("POST", `/commission-plans/${id}/activate`, { token: finance });
    expect(activated.status).toBe(200);
    expect(activated.body.status).toBe("active");
    expect(activated.body.activatedAt).not.toBeNull();

    const refused = await api("PATCH", `/commission-plans/${id}`, { token: finance, body: { name: "改名" }, headers: { "accept-language": "en" } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/an active version never changes/);
    expect((await api("GET", `/commission-plans/${id}`, { token: finance })).body.name).toBe("2027 标准方案");

    const audit = await baseDb().auditLog.findMany({ where: { entityId: id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["commission_plan.created", "commission_plan.updated", "commission_plan.activated"]);
    expect(await baseDb().outboxEvent.count({ where: { aggregateId: id, type: "commission_plan.activated" } })).toBe(1);
  });

  it("numbers versions in order and lists them newest first, filtered by status and paged", async () => {
    const a = await api("POST", "/commission-plans", { token: finance, body: { name: "甲", effectiveFrom: uniqueStart(), rules } });
    const b = await api("POST", "/commission-plans", { token: finance, body: { name: "乙", effectiveFrom: uniqueStart(), rules } });
    expect(b.body.version).toBe(a.body.version + 1);
    const first = await api("GET", "/commission-plans?status=draft&limit=1", { token: finance });
    expect(first.body.items.map((p: { id: string }) => p.id)).toEqual([b.body.id]);
    const second = await api("GET", `/commission-plans?status=draft&limit=1&cursor=${first.body.nextCursor}`, { token: finance });
    expect(second.body.items[0].version).toBeLessThan(b.body.version);
  });

  it("refuses rules the engine could not apply, field by field and translated, and writes nothing", async () => {
    const before = await baseDb().commissionPlan.count();
    const bad = await api("POST", "/commission-plans", {
      token: finance,
      headers: { "accept-language": "zh-CN" },
      body: { name: "", effectiveFrom: "2027-01-01", rules: { rates: [{ category: "software", rate: 0.05 }], capPerPeriode: "1" } },
    });
    expect(bad.status).toBe(400);
    const paths = (bad.body.error.details as Array<{ path: string; message: string }>).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "effectiveFrom", "rules.rates.0.rate"]));
    expect(bad.body.error.details.find((d: { path: string }) => d.path === "rules.rates.0.rate").message).toBe("请输入小数形式的比例，如 0.05 表示 5%。");
    expect(await baseDb().commissionPlan.count()).toBe(before);
  });

  it("two active versions never start at the same instant (409, translated)", async () => {
    const effectiveFrom = uniqueStart();
    const one = await api("POST", "/commission-plans", { token: finance, body: { name: "一", effectiveFrom, rules } });
    const two = await api("POST", "/commission-plans", { token: finance, body: { name: "二", effectiveFrom, rules } });
    expect((await api("POST", `/commission-plans/${one.body.id}/activate`, { token: finance })).status).toBe(200);
    const clash = await api("POST", `/commission-plans/${two.body.id}/activate`, { token: finance });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toBe("已有一个启用的版本从同一时刻生效，请换一个生效时间。");
    expect((await api("GET", `/commission-plans/${two.body.id}`, { token: finance })).body.status).toBe("draft");
  });

  it("withdraws an active version that has not started, but never one already in force", async () => {
    const future = await api("POST", "/commission-plans", { token: finance, body: { name: "未来", effectiveFrom: uniqueStart(), rules } });
    await api("POST", `/commission-plans/${future.body.id}/activate`, { token: finance });
    const withdrawn = await api("POST", `/commission-plans/${future.body.id}/withdraw`, { token: finance });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe("withdrawn");

    const past = new Date(Date.UTC(1990 + randomInt(0, 30), randomInt(0, 12), 1, randomInt(0, 24), randomInt(0, 60))).toISOString();
    const inForce = await api("POST", "/commission-plans", { token: finance, body: { name: "已生效", effectiveFrom: past, rules } });
    await api("POST", `/commission-plans/${inForce.body.id}/activate`, { token: finance });
    const refused = await api("POST", `/commission-plans/${inForce.body.id}/withdraw`, { token: finance });
    expect(refused.status).toBe(422);
    expect((await api("GET", `/commission-plans/${inForce.body.id}`, { token: finance })).body.status).toBe("active");
  });

  it("partners and channel managers get nothing", async () => {
    const plan = await api("POST", "/commission-plans", { token: finance, body: { name: "保密", effectiveFrom: uniqueStart(), rules } });
    for (const token of [partnerAdmin, channel]) {
      expect((await api("GET", "/commission-plans", { token })).status).toBe(403);
      expect((await api("GET", `/commission-plans/${plan.body.id}`, { token })).status).toBe(403);
      expect((await api("POST", "/commission-plans", { token, body: { name: "x", effectiveFrom: uniqueStart(), rules } })).status).toBe(403);
    }
    expect((await api("GET", "/commission-plans/00000000-0000-7000-8000-000000000000", { token: finance })).status).toBe(404);
  });
});
