/**
 * The reliability test of issue 5: a real worker process (WORKER_ROLES=statements) is killed with
 * SIGKILL in the middle of a statement run; a second worker takes the run up again (BullMQ's stalled
 * job recovery) and finishes it. The totals must equal a clean run of the same data to the cent, and
 * no line may exist twice. Period 2018-05 and a queue prefix of its own keep other test files out.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomInt, randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb, Prisma } from "../../db/index.ts";
import { uuidv7 } from "../../db/uuidv7.ts";
import { queuePrefix, redisConnection } from "../../jobs/connection.ts";
import { STATEMENTS_QUEUE } from "../../jobs/statement.job.ts";
import { createTestPartner, createTestPlatformUser, api, apiToken } from "../../testing/index.ts";
import { executeStatementRun } from "./statement-run.service.ts";

const PERIOD = "2018-05";
const PARTNERS = 60;
const ORDERS_PER_PARTNER = 30;
const ITEMS_PER_ORDER = 5;
const prefix = `${queuePrefix()}-kill`;
const repoRoot = fileURLToPath(new URL("../../../../../", import.meta.url));
const partnerIds: string[] = [];
const children: ChildProcess[] = [];
let queue: Queue;

function startWorkerProcess(): ChildProcess {
  // node itself with tsx as a loader (not the tsx wrapper, which would leave its node child running when killed).
  const child = spawn(process.execPath, ["--import", "tsx", "packages/core/src/worker/worker.cli.ts"], {
    cwd: repoRoot,
    env: { ...process.env, QUEUE_PREFIX: prefix, WORKER_ROLES: "statements", NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.on("exit", (code, signal) => {
    if (code !== 0 && signal !== "SIGKILL" && signal !== "SIGTERM") console.error(`worker exited ${code ?? signal}:\n${output}`);
  });
  children.push(child);
  return child;
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 25): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Per partner: total, kind totals and the line keys with amounts — everything a partner would be paid from. */
async function snapshot() {
  const statements = await baseDb().commissionStatement.findMany({ where: { partnerId: { in: partnerIds }, period: PERIOD }, orderBy: { partnerId: "asc" } });
  const lines = await baseDb().commissionLine.findMany({ where: { partnerId: { in: partnerIds }, period: PERIOD }, select: { partnerId: true, key: true, amount: true }, orderBy: [{ partnerId: "asc" }, { key: "asc" }] });
  return {
    statements: statements.map((s) => ({ partnerId: s.partnerId, total: s.total.toFixed(2), earn: s.earnTotal.toFixed(2), clawback: s.clawbackTotal.toFixed(2), bonus: s.bonusTotal.toFixed(2), cap: s.capTotal.toFixed(2), lines: s.lineCount })),
    lines: lines.map((l) => `${l.partnerId} ${l.key} ${l.amount.toFixed(2)}`),
    grandTotal: statements.reduce((sum, s) => sum.add(s.total), new Prisma.Decimal(0)).toFixed(2),
  };
}

beforeAll(async () => {
  queue = new Queue(STATEMENTS_QUEUE, { connection: redisConnection(), prefix });
  const finance = await apiToken(await createTestPlatformUser(["finance"]));
  const plan = await api("POST", "/commission-plans", {
    token: finance,
    body: {
      name: "2018 可靠性测试方案",
      effectiveFrom: new Date(Date.UTC(2018, 0, 1, randomInt(0, 24), randomInt(0, 60))).toISOString(),
      rules: { rates: [{ rate: "0.05" }, { category: "software", rate: "0.0725" }], newCustomerBonus: "0.01", volumeTiers: [{ minBase: "20000.00", bonusRate: "0.005" }], capPerPeriod: "1500.00" },
    },
  });
  expect(plan.status).toBe(201);
  expect((await api("POST", `/commission-plans/${plan.body.id}/activate`, { token: finance })).status).toBe(200);

  // Orders written directly (attributed, as ingest would): 60 partners × 30 orders × 5 items, a refund on every 7th order.
  const start = Date.UTC(2018, 4, 1) - 8 * 3_600_000;
  for (let p = 0; p < PARTNERS; p++) {
    const partner = await createTestPartner({ tier: (["bronze", "silver", "gold", "platinum"] as const)[p % 4] });
    partnerIds.push(partner.id);
    const customer = await baseDb().customer.create({ data: { kind: "company", name: `可靠性客户 ${randomUUID().slice(0, 8)}`, ownerPartnerId: partner.id } });
    const orders: Prisma.OrderCreateManyInput[] = [];
    const items: Prisma.OrderItemCreateManyInput[] = [];
    const refunds: Prisma.OrderRefundCreateManyInput[] = [];
    for (let o = 0; o < ORDERS_PER_PARTNER; o++) {
      const orderedAt = new Date(start + (o * 24 + (p % 20)) * 3_600_000);
      const id = uuidv7(orderedAt);
      let total = new Prisma.Decimal(0);
      for (let i = 0; i < ITEMS_PER_ORDER; i++) {
        const quantity = new Prisma.Decimal(1 + ((o + i + p) % 4));
        const unitPrice = new Prisma.Decimal(`${37 + ((o * 13 + i * 7 + p) % 900)}.${String((o + i * 11 + p) % 100).padStart(2, "0")}`);
        const amount = quantity.mul(unitPrice).toDecimalPlaces(2);
        total = total.add(amount);
        items.push({ id: uuidv7(orderedAt), orderId: id, position: i + 1, sku: `SKU-${i}`, category: i % 2 === 0 ? "software" : "hardware", quantity, unitPrice, amount });
      }
      const refunded = o % 7 === 3 ? total.div(3).toDecimalPlaces(2) : new Prisma.Decimal(0);
      orders.push({ id, externalId: `KILL-${randomUUID()}`, customerId: customer.id, sentCustomerId: customer.id, orderedAt, currency: "CNY", total, refundedTotal: refunded, attributedPartnerId: partner.id });
      if (refunded.gt(0)) refunds.push({ orderId: id, externalId: `KILL-RF-${randomUUID()}`, amount: refunded, refundedAt: new Date(orderedAt.getTime() + 3_600_000) });
    }
    await baseDb().order.createMany({ data: orders });
    await baseDb().orderItem.createMany({ data: items });
    await baseDb().orderRefund.createMany({ data: refunds });
  }
}, 180_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  await disconnectDb();
});

describe("a statement run survives its worker being killed", () => {
  it("SIGKILL halfway, a new worker finishes: totals equal a clean run to the cent, no duplicate lines", async () => {
    const run = await baseDb().commissionRun.create({ data: { period: PERIOD, kind: "generate" } });
    await queue.add("statements.run", { runId: run.id }, { jobId: run.id });

    const first = startWorkerProcess();
    const atKill = await waitFor("the run to be partly done", async () => {
      const row = await baseDb().commissionRun.findUnique({ where: { id: run.id } });
      return row && row.status === "running" && row.processedPartners >= 5 ? row : null;
    }, 60_000, 10);
    first.kill("SIGKILL");
    await waitFor("the worker to die", async () => first.signalCode === "SIGKILL", 10_000);
    const killed = await baseDb().commissionRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(killed.status).toBe("running");
    expect(killed.processedPartners).toBeLessThan(killed.totalPartners);
    expect(atKill.processedPartners).toBeGreaterThanOrEqual(5);

    startWorkerProcess();
    const finished = await waitFor("the run to finish on the second worker", async () => {
      const row = await baseDb().commissionRun.findUnique({ where: { id: run.id } });
      return row && (row.status === "completed" || row.status === "failed") ? row : null;
    }, 120_000, 250);
    expect(finished.status).toBe("completed");
    expect(finished.attempts).toBeGreaterThanOrEqual(2);
    expect(finished.processedPartners).toBe(finished.totalPartners);

    const resumed = await snapshot();
    expect(resumed.statements).toHaveLength(PARTNERS);
    // One line per key: earn lines = items, clawbacks = refunds, and nothing twice.
    const keys = resumed.lines.map((line) => line.split(" ").slice(0, 2).join(" "));
    expect(new Set(keys).size).toBe(keys.length);
    const earnLines = keys.filter((key) => key.includes(" earn:")).length;
    expect(earnLines).toBe(PARTNERS * ORDERS_PER_PARTNER * ITEMS_PER_ORDER);

    // A clean run of the same data, from nothing.
    await baseDb().commissionLine.deleteMany({ where: { partnerId: { in: partnerIds }, period: PERIOD } });
    await baseDb().commissionStatement.deleteMany({ where: { partnerId: { in: partnerIds }, period: PERIOD } });
    const clean = await baseDb().commissionRun.create({ data: { period: PERIOD, kind: "generate" } });
    const job = await executeStatementRun(clean.id);
    expect(job.status).toBe("completed");
    const fresh = await snapshot();
    expect(resumed.grandTotal).toBe(fresh.grandTotal);
    expect(resumed.statements).toEqual(fresh.statements);
    expect(resumed.lines).toEqual(fresh.lines);
  }, 240_000);
});
