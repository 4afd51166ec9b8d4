/**
 * The nightly pass: every customer's stage follows its orders and engagement, page by page; running
 * it again changes and emits nothing. RFM scores are the pure rules' answer for the boundaries the
 * set-based SQL computed, and those boundaries are the rules' boundaries over the same population.
 */
import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import { afterAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb, Prisma, runAsSystem } from "../../db/index.ts";
import { createTestPartner } from "../../testing/index.ts";
import { rfmBounds } from "./lifecycle.repository.ts";
import { recomputeLifecycle, refreshLifecycleStages, refreshRfmSegments } from "./lifecycle.service.ts";
import { quintileBounds, quintileOf, rfmScore, rfmSegment } from "./rfm.rules.ts";

afterAll(disconnectDb);

const DAY = 86_400_000;
const daysAgo = (days: number, from = Date.now()) => new Date(from - days * DAY);

type Seed = { orders?: Array<[days: number, amount: string]>; logins?: number[]; lastOrderAt?: number; stage?: string; changedDaysAgo?: number };

async function customerWith(partnerId: string, seed: Seed) {
  const customer = await baseDb().customer.create({
    data: {
      kind: "company",
      name: `生命周期 ${randomUUID().slice(0, 8)}`,
      ownerPartnerId: partnerId,
      protectedUntil: new Date(Date.now() + 60 * DAY),
      ...(seed.lastOrderAt !== undefined ? { lastOrderAt: daysAgo(seed.lastOrderAt) } : {}),
      ...(seed.stage ? { lifecycleStage: seed.stage, lifecycleChangedAt: daysAgo(seed.changedDaysAgo ?? 0) } : {}),
    },
  });
  const events = [
    ...(seed.orders ?? []).map(([days, amount], i) => ({ customerId: customer.id, type: "order", occurredAt: daysAgo(days), payload: { amount, orderNo: `SO-${i}` }, source: "test" })),
    ...(seed.logins ?? []).map((days) => ({ customerId: customer.id, type: "login", occurredAt: daysAgo(days), payload: {}, source: "test" })),
  ];
  if (events.length > 0) await baseDb().customerEvent.createMany({ data: events });
  return customer.id;
}

async function stages(ids: string[]): Promise<Record<string, string>> {
  const rows = await baseDb().customer.findMany({ where: { id: { in: ids } }, select: { id: true, lifecycleStage: true } });
  return Object.fromEntries(rows.map((r) => [r.id, r.lifecycleStage]));
}

const lifecycleEvents = (ids: string[]) => baseDb().outboxEvent.findMany({ where: { aggregateId: { in: ids }, type: { in: ["customer.lifecycle_changed", "customer.reactivated"] } }, orderBy: { id: "asc" } });

describe("nightly lifecycle pass", () => {
  it("computes every stage page by page, and a second run changes and emits nothing", async () => {
    const partner = await createTestPartner();
    const c = {
      fresh: await customerWith(partner.id, { orders: [[10, "100.00"]] }),
      active: await customerWith(partner.id, { orders: [[100, "100.00"]], logins: [20] }),
      dormant: await customerWith(partner.id, { orders: [[200, "100.00"]] }),
      churned: await customerWith(partner.id, { orders: [[400, "100.00"]] }),
      prospect: await customerWith(partner.id, { logins: [1] }),
      byColumn: await customerWith(partner.id, { lastOrderAt: 50 }),
      decayed: await customerWith(partner.id, { orders: [[300, "100.00"]], logins: [40], stage: "reactivated", changedDaysAgo: 40 }),
      plugin: await customerWith(partner.id, { stage: "pharma__evaluation", changedDaysAgo: 3 }),
    };
    const ids = Object.values(c);

    const first = await refreshLifecycleStages({ batchSize: 2 });
    expect(first.scanned).toBeGreaterThanOrEqual(ids.length);
    expect(first.batches).toBe(Math.ceil(first.scanned / 2));
    expect(await stages(ids)).toEqual({
      [c.fresh]: "new",
      [c.active]: "active",
      [c.dormant]: "dormant",
      [c.churned]: "churned",
      [c.prospect]: "prospect",
      [c.byColumn]: "active",
      [c.decayed]: "active",
      [c.plugin]: "pharma__evaluation",
    });
    const emitted = await lifecycleEvents(ids);
    expect(emitted.map((e) => [e.aggregateId, e.type, (e.payload as { from: string }).from, (e.payload as { to: string }).to]).sort()).toEqual(
      [
        [c.fresh, "customer.lifecycle_changed", "prospect", "new"],
        [c.active, "customer.lifecycle_changed", "prospect", "active"],
        [c.dormant, "customer.lifecycle_changed", "prospect", "dormant"],
        [c.churned, "customer.lifecycle_changed", "prospect", "churned"],
        [c.byColumn, "customer.lifecycle_changed", "prospect", "active"],
        [c.decayed, "customer.lifecycle_changed", "reactivated", "active"],
      ].sort(),
    );
    expect(emitted.every((e) => e.partnerId === partner.id && (e.payload as { ownerPartnerId: string }).ownerPartnerId === partner.id)).toBe(true);

    // Idempotent: nothing moved, so nothing is written or emitted.
    const changedAt = await baseDb().customer.findMany({ where: { id: { in: ids } }, select: { id: true, lifecycleChangedAt: true } });
    await refreshLifecycleStages({ batchSize: 3 });
    expect(await lifecycleEvents(ids)).toHaveLength(emitted.length);
    expect(await baseDb().customer.findMany({ where: { id: { in: ids } }, select: { id: true, lifecycleChangedAt: true } })).toEqual(changedAt);

    // Two hundred days later with nothing new (recomputed as the nightly pass would, for these customers
    // only: other test files share the database): the new and the active customer are dormant, the dormant one churned.
    const later = new Date(Date.now() + 200 * DAY);
    await recomputeLifecycle(ids, "nightly", later);
    expect(await stages([c.fresh, c.active, c.dormant, c.churned])).toEqual({ [c.fresh]: "dormant", [c.active]: "dormant", [c.dormant]: "churned", [c.churned]: "churned" });
  }, 120_000);

  it("a recomputation and the nightly pass agree: whichever comes second finds nothing to do", async () => {
    const partner = await createTestPartner();
    const id = await customerWith(partner.id, { orders: [[250, "50.00"]], stage: "dormant", changedDaysAgo: 60, logins: [0] });
    const [byEvent, byNight] = await Promise.all([recomputeLifecycle([id], "login"), recomputeLifecycle([id], "nightly")]);
    expect([...byEvent, ...byNight]).toEqual([{ customerId: id, from: "dormant", to: "reactivated", reactivatedFrom: "dormant" }]);
    expect((await lifecycleEvents([id])).map((e) => e.type)).toEqual(["customer.lifecycle_changed", "customer.reactivated"]);
  }, 120_000);
});

describe("nightly RFM segments", () => {
  it("scores customers with the pure rules against the boundaries it computed, and names the segment", async () => {
    const partner = await createTestPartner();
    const big = "9999999999.99";
    const best = await customerWith(partner.id, { orders: Array.from({ length: 40 }, (_, i) => [i === 0 ? -0.001 : i, big] as [number, string]) });
    const worst = await customerWith(partner.id, { orders: [[3000, "0.01"]] });
    const middle = await Promise.all(
      Array.from({ length: 8 }, (_, i) => customerWith(partner.id, { orders: Array.from({ length: i + 1 }, (_, j) => [30 * (i + 1) + j, `${(i + 1) * 10}.50`] as [number, string]) })),
    );
    const none = await customerWith(partner.id, { logins: [1] });

    const result = await refreshRfmSegments({ batchSize: 3 });
    expect(result.customersWithOrders).toBeGreaterThanOrEqual(10);
    expect(result.batches).toBe(Math.ceil(result.scanned / 3));

    const rows = await baseDb().customer.findMany({ where: { id: { in: [best, worst, ...middle, none] } }, select: { id: true, rfmScore: true, rfmSegment: true, rfmComputedAt: true } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(best)).toMatchObject({ rfmScore: "R5F5M5", rfmSegment: "champions" });
    expect(byId.get(worst)).toMatchObject({ rfmScore: "R1F1M1", rfmSegment: "lost" });
    expect(byId.get(none)).toMatchObject({ rfmScore: null, rfmSegment: null, rfmComputedAt: null });

    // Every scored customer of this test: the rules' quintiles against the boundaries the job used.
    const { bounds } = result;
    for (const id of [best, worst, ...middle]) {
      const orders = await baseDb().customerEvent.findMany({ where: { customerId: id, type: "order" } });
      const last = orders.reduce((a, o) => (o.occurredAt > a ? o.occurredAt : a), new Date(0));
      const money = orders.reduce((sum, o) => sum.plus((o.payload as { amount: string }).amount), new Decimal(0));
      const r = quintileOf(last, bounds.recency.map((d) => new Date(d)), (a, b) => a.getTime() - b.getTime());
      const f = quintileOf(orders.length, bounds.frequency.map(Number), (a, b) => a - b);
      const m = quintileOf(money, bounds.monetary.map((v) => new Decimal(v)), (a, b) => a.comparedTo(b));
      expect(byId.get(id), id).toMatchObject({ rfmScore: rfmScore(r, f, m), rfmSegment: rfmSegment(r, f, m) });
      expect(byId.get(id)!.rfmComputedAt).not.toBeNull();
    }

    // Idempotent: the same scores are not written again.
    const computedAt = byId.get(best)!.rfmComputedAt;
    await refreshRfmSegments({ batchSize: 1000 });
    expect((await baseDb().customer.findUniqueOrThrow({ where: { id: best } })).rfmComputedAt).toEqual(computedAt);
  }, 120_000);

  it("computes the quintile boundaries in SQL exactly as the rules do over the same snapshot", async () => {
    const partner = await createTestPartner();
    for (const amount of ["1.00", "1.00", "2.50", "1000000000000.01", "7.77"]) await customerWith(partner.id, { orders: [[5, amount]] });
    await baseDb().$transaction(
      async (tx) => {
        const facts = await tx.$queryRaw<Array<{ last: Date; orders: number; money: string }>>(Prisma.sql`
          SELECT max(e."occurredAt") AS last, count(*)::int AS orders, sum((e.payload->>'amount')::numeric)::text AS money
          FROM "CustomerEvent" e JOIN "Customer" c ON c.id = e."customerId" AND c."mergedIntoId" IS NULL
          WHERE e.type = 'order' GROUP BY e."customerId"`);
        const sql = await runAsSystem("test", () => rfmBounds(tx as never));
        expect(sql.customers).toBe(facts.length);
        expect(sql.recency.map((d) => new Date(d).getTime())).toEqual(quintileBounds(facts.map((f) => f.last.getTime()).sort((a, b) => a - b)));
        expect(sql.frequency.map(Number)).toEqual(quintileBounds(facts.map((f) => f.orders).sort((a, b) => a - b)));
        const money = facts.map((f) => new Decimal(f.money)).sort((a, b) => a.comparedTo(b));
        expect(sql.monetary.map((v) => new Decimal(v).toString())).toEqual(quintileBounds(money).map((d) => d.toString()));
      },
      { isolationLevel: "RepeatableRead" },
    );
  }, 120_000);
});
