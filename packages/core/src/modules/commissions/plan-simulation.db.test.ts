/**
 * Plan simulation against a real database (2016-07, a month no other test file uses): a draft with
 * higher rates, run over the period through POST /commission-plans/{id}/simulate and the statements
 * worker's entry point, gives exactly the expected current, simulated and difference per partner and
 * in total, shows its progress while it runs, and writes nothing to statements or lines.
 */
import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../actor/index.ts";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { baseDb, disconnectDb, runAsActor } from "../../db/index.ts";
import { env } from "../../env/index.ts";
import { api, apiToken, createTestPartner, createTestPartnerUser, createTestPlatformUser, type TestPartnerUser } from "../../testing/index.ts";
import { registerCustomer } from "../registrations/index.ts";
import { periodBounds } from "./periods.rules.ts";
import { generatePartnerStatement, generationContext, loadPlanVersions } from "./statement-generation.service.ts";
import { executeStatementRun } from "./statement-run.service.ts";

afterAll(disconnectDb);

const PERIOD = "2016-07";
const { start } = periodBounds(PERIOD, env().PLATFORM_TIMEZONE);
const MINUTE = 60_000;
const inPeriod = (days: number) => new Date(start.getTime() + days * 86_400_000);
const run = randomUUID().slice(0, 8);
const ext = (name: string) => `SIM-${run}-${name}`;

let finance: string;
let partnerA: { id: string; name: string };
let partnerB: { id: string; name: string };
let draftId: string;

async function actorOf(userId: string): Promise<Actor> {
  return (await actorForUserId(userId, "session"))!.actor;
}

async function registeredAt(user: TestPartnerUser, at: Date): Promise<string> {
  const actor = await actorOf(user.id);
  const decision = await runAsActor(actor, () =>
    registerCustomer(actor, { customer: { kind: "company", name: `模拟测试${randomUUID().slice(0, 8)}有限公司`, phone: `136${String(randomInt(0, 1e8)).padStart(8, "0")}`, city: "宁波" } }, "zh-CN", at),
  );
  expect(decision.status).toBe("accepted");
  return decision.customerId!;
}

async function order(name: string, customerId: string, orderedAt: Date, items: Array<{ sku: string; category: string; quantity: string; unitPrice: string }>): Promise<void> {
  const response = await api("POST", "/orders", { token: finance, body: { externalId: ext(name), customerId, orderedAt: orderedAt.toISOString(), currency: "CNY", items } });
  expect(response.status).toBe(201);
}

/** Every statement and line of the two partners, as stored (ids, amounts, digests, timestamps). */
async function storedState() {
  const partnerIds = [partnerA.id, partnerB.id];
  const [statements, lines] = await Promise.all([
    baseDb().commissionStatement.findMany({ where: { partnerId: { in: partnerIds } }, orderBy: { id: "asc" } }),
    baseDb().commissionLine.findMany({ where: { partnerId: { in: partnerIds } }, orderBy: { id: "asc" } }),
  ]);
  return JSON.stringify({ statements, lines });
}

beforeAll(async () => {
  finance = await apiToken(await createTestPlatformUser(["finance"]));
  const a = await createTestPartner({ tier: "silver", name: `模拟甲 ${run}` });
  const b = await createTestPartner({ tier: "bronze", name: `模拟乙 ${run}` });
  partnerA = { id: a.id, name: a.name };
  partnerB = { id: b.id, name: b.name };
  const [adminA, adminB] = await Promise.all([createTestPartnerUser(a.id, "admin"), createTestPartnerUser(b.id, "admin")]);

  // In force: 5 %, software 10 %. The draft: 6 %, software 12 %.
  const inForce = await api("POST", "/commission-plans", {
    token: finance,
    body: { name: `现行 ${run}`, effectiveFrom: new Date(start.getTime() + randomInt(1, 600) * MINUTE).toISOString(), rules: { rates: [{ rate: "0.05" }, { category: "software", rate: "0.10" }] } },
  });
  expect((await api("POST", `/commission-plans/${inForce.body.id}/activate`, { token: finance })).status).toBe(200);
  const draft = await api("POST", "/commission-plans", {
    token: finance,
    body: { name: `草稿 ${run}`, effectiveFrom: new Date(Date.UTC(2100 + randomInt(0, 800), randomInt(0, 12), 2)).toISOString(), rules: { rates: [{ rate: "0.06" }, { category: "software", rate: "0.12" }] } },
  });
  expect(draft.status).toBe(201);
  draftId = draft.body.id;

  const customerA = await registeredAt(adminA, new Date(start.getTime() - 5 * 86_400_000));
  const customerB = await registeredAt(adminB, new Date(start.getTime() - 5 * 86_400_000));
  // A: software 1000.00 (100.00 → 120.00); hardware 2 × 250.00 (25.00 → 30.00), half of it refunded (−12.50 → −15.00).
  await order("A1", customerA, inPeriod(3), [{ sku: "SW", category: "software", quantity: "1", unitPrice: "1000.00" }]);
  await order("A2", customerA, inPeriod(4), [{ sku: "HW", category: "hardware", quantity: "2", unitPrice: "250.00" }]);
  expect((await api("POST", `/orders/${ext("A2")}/refunds`, { token: finance, body: { externalId: ext("RA2"), amount: "250.00", refundedAt: inPeriod(10).toISOString() } })).status).toBe(201);
  // B: hardware 333.33 (16.6665 → 16.67; at 6 %: 19.9998 → 20.00).
  await order("B1", customerB, inPeriod(6), [{ sku: "HW", category: "hardware", quantity: "1", unitPrice: "333.33" }]);

  // A's statement exists, B's does not: the simulation must leave both as they are.
  await generatePartnerStatement({ id: partnerA.id, tier: "silver" }, PERIOD, generationContext(await loadPlanVersions()));
}, 120_000);

const amounts = (earn: string, clawback: string, total: string) => ({ earn, clawback, bonus: "0.00", cap: "0.00", total });

describe("POST /commission-plans/{id}/simulate", () => {
  it("compares the draft with the plan in force per partner, to the cent, and writes no statement or line", async () => {
    const before = await storedState();
    const linesBefore = await baseDb().commissionLine.count({ where: { partnerId: partnerA.id } });
    expect(linesBefore).toBe(3);

    const accepted = await api("POST", `/commission-plans/${draftId}/simulate`, { token: finance, body: { period: PERIOD } });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ jobId: expect.any(String), status: "queued", period: PERIOD });
    const runId = accepted.body.jobId as string;
    // Asked again while queued: the same run.
    expect((await api("POST", `/commission-plans/${draftId}/simulate`, { token: finance, body: { period: PERIOD } })).body.jobId).toBe(runId);

    const halfway: unknown[] = [];
    const job = await executeStatementRun(runId, {
      afterPartner: async (done, total) => {
        if (done === 1) halfway.push((await api("GET", `/commission-plans/${draftId}/simulations/${runId}`, { token: finance })).body);
        expect(total).toBe(2);
      },
    });
    expect(halfway[0]).toMatchObject({ status: "running", progress: { done: 1, total: 2, percent: 50 }, partners: [] });
    expect(job).toMatchObject({ id: runId, type: "plan_simulation", status: "completed", progress: { done: 2, total: 2, percent: 100 } });

    const result = await api("GET", `/commission-plans/${draftId}/simulations/${runId}`, { token: finance });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ id: runId, planId: draftId, period: PERIOD, status: "completed", failure: null, planVersion: expect.any(Number) });
    const byPartner = Object.fromEntries(result.body.partners.map((row: { partnerId: string }) => [row.partnerId, row]));
    expect(byPartner[partnerA.id]).toEqual({
      partnerId: partnerA.id,
      partnerName: partnerA.name,
      tier: "silver",
      current: amounts("125.00", "-12.50", "112.50"),
      simulated: amounts("150.00", "-15.00", "135.00"),
      difference: amounts("25.00", "-2.50", "22.50"),
      skippedCurrent: 0,
      skippedSimulated: 0,
    });
    expect(byPartner[partnerB.id]).toMatchObject({ tier: "bronze", current: amounts("16.67", "0.00", "16.67"), simulated: amounts("20.00", "0.00", "20.00"), difference: amounts("3.33", "0.00", "3.33") });
    expect(result.body.partners).toHaveLength(2);
    expect(result.body.totals).toEqual({ current: amounts("141.67", "-12.50", "129.17"), simulated: amounts("170.00", "-15.00", "155.00"), difference: amounts("28.33", "-2.50", "25.83") });

    // GET /jobs/{id} tells the same story; the list names the run.
    const viaJobs = await api("GET", `/jobs/${runId}`, { token: finance });
    expect(viaJobs.body).toMatchObject({ type: "plan_simulation", status: "completed", result: { summary: { totals: { difference: { total: "25.83" } } } } });
    expect((await api("GET", `/commission-plans/${draftId}/simulations`, { token: finance })).body[0]).toMatchObject({ id: runId, status: "completed" });

    expect(await storedState()).toBe(before);
    expect(await baseDb().commissionStatement.count({ where: { partnerId: partnerB.id } })).toBe(0);
    expect(await baseDb().auditLog.count({ where: { entityId: runId, action: "plan_simulation.requested" } })).toBe(1);
    // A finished run is not run again.
    expect((await executeStatementRun(runId)).status).toBe("completed");
  });

  it("simulating the version in force over the same period changes nothing", async () => {
    const inForce = (await baseDb().commissionPlan.findMany({ where: { name: `现行 ${run}` } }))[0]!;
    const accepted = await api("POST", `/commission-plans/${inForce.id}/simulate`, { token: finance, body: { period: PERIOD } });
    await executeStatementRun(accepted.body.jobId);
    const result = await api("GET", `/commission-plans/${inForce.id}/simulations/${accepted.body.jobId}`, { token: finance });
    expect(result.body.totals.difference).toEqual(amounts("0.00", "0.00", "0.00"));
    expect(result.body.totals.current.total).toBe("129.17");
  });

  it("refuses a future period, an unknown plan, another plan's run, and anyone but finance", async () => {
    const future = await api("POST", `/commission-plans/${draftId}/simulate`, { token: finance, body: { period: "2999-01" }, headers: { "accept-language": "en" } });
    expect(future.status).toBe(400);
    expect(future.body.error.details).toEqual([expect.objectContaining({ path: "period", message: "Only a past or the current period can be simulated." })]);
    expect((await api("POST", `/commission-plans/${randomUUID()}/simulate`, { token: finance, body: { period: PERIOD } })).status).toBe(404);
    const mine = await api("GET", `/commission-plans/${draftId}/simulations`, { token: finance });
    expect((await api("GET", `/commission-plans/${randomUUID()}/simulations/${mine.body[0].id}`, { token: finance })).status).toBe(404);
    const channel = await apiToken(await createTestPlatformUser(["channel_manager"]));
    expect((await api("POST", `/commission-plans/${draftId}/simulate`, { token: channel, body: { period: PERIOD } })).status).toBe(403);
  });
});
