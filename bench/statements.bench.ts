/**
 * `npm run bench` (or `BENCH_ONLY=statements npm run bench`): statement generation at scale (issue 5).
 *
 * Builds (or reuses) its own database: 500 partners (all four tiers), 100 000 customers, 250 000
 * orders with 1 000 000 items in one period (2026-10, Asia/Shanghai) plus 50 000 earlier orders (so
 * only some orders are a customer's first), refunds on 2 % of the period's orders, and one active
 * plan with category × tier rates, a new-customer bonus, volume tiers and a cap.
 *
 * Measures, from no lines at all:
 *   1. the statement run (executeStatementRun, as the worker runs it): wall time, lines written;
 *   2. the same run again: wall time and rows written (must be zero);
 *   3. the set-based SQL doing the same work in one statement: INSERT … SELECT of the same earn and
 *      clawback lines (rates matched, first orders found, half-even rounding, md5 digests) into a copy
 *      of the line table with the same indexes, plus the per-partner bonus and cap. The target ratio
 *      (≤ 2×) compares the run with this statement. The sums-only SELECT (no lines written) is shown
 *      too, for scale.
 * and checks the run's statement totals against the SQL's sums to the cent, per partner.
 * Targets (issue 5): run ≤ 60 s, run ≤ 2 × the set-based SQL, rerun adds zero rows.
 *
 * Environment: BENCH_SCALE (items and customers times this; partners stay 500 above 0.1), BENCH_FRESH=1, BENCH_KEEP=0.
 */
import pg from "pg";
import { configureBench, dropBenchDatabase, insertAll, int, KEEP, loadLine, log, machineLine, PARTNER_COLUMNS, postgresSettings, prepareDatabase, progressReporter, SCALE, table, WriteWindow, type Column } from "./support.ts";

const ITEMS = Math.max(2_000, Math.round(1_000_000 * SCALE));
const PARTNERS = SCALE >= 0.1 ? 500 : Math.max(10, Math.round(5_000 * SCALE));
const CUSTOMERS = Math.max(200, Math.round(100_000 * SCALE));
const ITEMS_PER_ORDER = 4;
const ORDERS = Math.ceil(ITEMS / ITEMS_PER_ORDER);
const EARLIER_ORDERS = Math.round(ORDERS / 5);
const REFUND_SHARE = 0.02;
const PERIOD = "2026-10";
/** 2026-10-01 00:00 and 2026-11-01 00:00 in Shanghai. */
const PERIOD_START = Date.UTC(2026, 8, 30, 16);
const PERIOD_END = Date.UTC(2026, 9, 31, 16);
const SEED = 20_261_206;
const BATCH = 5_000;
const TARGET_SECONDS = 60;
const TARGET_RATIO = 2;
const CATEGORIES = ["software", "hardware", "service", "consumables", "training", "spare-parts"] as const;
const TIERS = ["bronze", "silver", "gold", "platinum"] as const;
const RULES = {
  rates: [
    { rate: "0.05" },
    { category: "software", rate: "0.08" },
    { category: "software", partnerTier: "gold", rate: "0.10" },
    { category: "software", partnerTier: "platinum", rate: "0.12" },
    { category: "hardware", rate: "0.04" },
    { category: "service", partnerTier: "silver", rate: "0.065" },
    { partnerTier: "platinum", rate: "0.06" },
  ],
  newCustomerBonus: "0.02",
  volumeTiers: [
    { minBase: "500000.00", bonusRate: "0.005" },
    { minBase: "2000000.00", bonusRate: "0.01" },
  ],
  capPerPeriod: "150000.00",
};
const MARKER = `qudao-bench statements v1: items=${ITEMS} partners=${PARTNERS} customers=${CUSTOMERS} seed=${SEED}`;

const benchDb = configureBench("qudao_bench_statements");

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const CUSTOMER_COLUMNS: readonly Column[] = [["id", "uuid"], ["kind", '"CustomerKind"'], ["name", "text"], ["ownerPartnerId", "uuid"], ["createdAt", "timestamptz"], ["updatedAt", "timestamptz"]];
const ORDER_COLUMNS: readonly Column[] = [
  ["id", "uuid"], ["externalId", "text"], ["customerId", "uuid"], ["sentCustomerId", "uuid"], ["orderedAt", "timestamptz"], ["currency", "text"],
  ["total", "numeric"], ["refundedTotal", "numeric"], ["attributedPartnerId", "uuid"], ["createdAt", "timestamptz"],
];
const ITEM_COLUMNS: readonly Column[] = [["id", "uuid"], ["orderId", "uuid"], ["position", "int4"], ["sku", "text"], ["category", "text"], ["quantity", "numeric"], ["unitPrice", "numeric"], ["amount", "numeric"]];
const REFUND_COLUMNS: readonly Column[] = [["id", "uuid"], ["orderId", "uuid"], ["externalId", "text"], ["amount", "numeric"], ["refundedAt", "timestamptz"], ["createdAt", "timestamptz"]];

async function generate(pool: pg.Pool): Promise<void> {
  const { uuidv7 } = await import("@qudao/core/testing");
  const rng = mulberry32(SEED);
  const now = new Date();
  const partners = Array.from({ length: PARTNERS }, (_, i) => ({ id: uuidv7(), name: `结算基准伙伴 ${i + 1}`, tier: TIERS[i % 4], region: null, parentPartnerId: null, status: "active", createdAt: now, updatedAt: now }));
  await insertAll(pool, "Partner", PARTNER_COLUMNS, partners, BATCH);
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => ({ id: uuidv7(), kind: "company", name: `结算基准客户 ${i + 1}`, ownerPartnerId: partners[i % PARTNERS]!.id, createdAt: now, updatedAt: now }));
  await insertAll(pool, "Customer", CUSTOMER_COLUMNS, customers, BATCH);
  await pool.query(`INSERT INTO "CommissionPlan" (id, version, name, "effectiveFrom", rules, status, "activatedAt", "createdAt", "updatedAt") VALUES ($1, 1, '基准方案', '2026-01-01T00:00:00Z', $2, 'active', now(), now(), now())`, [uuidv7(), JSON.stringify(RULES)]);

  const window = new WriteWindow(2);
  const report = progressReporter("order items", ITEMS + EARLIER_ORDERS, "items/s");
  let written = 0;
  const writeOrders = async (count: number, from: number, to: number, itemsPer: number, refundShare: number) => {
    for (let start = 0; start < count; start += BATCH / itemsPer) {
      const orders: Record<string, unknown>[] = [];
      const items: Record<string, unknown>[] = [];
      const refunds: Record<string, unknown>[] = [];
      for (let o = start; o < Math.min(count, start + BATCH / itemsPer); o++) {
        const customer = customers[Math.floor(rng() * CUSTOMERS)]!;
        const orderedAt = new Date(from + Math.floor(rng() * (to - from)));
        const id = uuidv7(orderedAt);
        let totalCents = 0;
        for (let i = 0; i < itemsPer; i++) {
          const quantity = 1 + Math.floor(rng() * 5);
          const priceCents = 1_000 + Math.floor(rng() * 200_000);
          totalCents += quantity * priceCents;
          items.push({ id: uuidv7(orderedAt), orderId: id, position: i + 1, sku: `SKU-${Math.floor(rng() * 5000)}`, category: CATEGORIES[Math.floor(rng() * CATEGORIES.length)], quantity: String(quantity), unitPrice: (priceCents / 100).toFixed(2), amount: ((quantity * priceCents) / 100).toFixed(2) });
        }
        const refunded = rng() < refundShare ? Math.floor(totalCents * (0.1 + rng() * 0.9)) : 0;
        orders.push({ id, externalId: `BENCH-${id}`, customerId: customer.id, sentCustomerId: customer.id, orderedAt, currency: "CNY", total: (totalCents / 100).toFixed(2), refundedTotal: (refunded / 100).toFixed(2), attributedPartnerId: customer.ownerPartnerId, createdAt: orderedAt });
        if (refunded > 0) refunds.push({ id: uuidv7(), orderId: id, externalId: `BENCH-RF-${id}`, amount: (refunded / 100).toFixed(2), refundedAt: new Date(Math.min(to - 1, orderedAt.getTime() + 86_400_000)), createdAt: now });
      }
      await window.add(async () => {
        await insertAll(pool, "Order", ORDER_COLUMNS, orders, BATCH);
        await insertAll(pool, "OrderItem", ITEM_COLUMNS, items, BATCH);
        if (refunds.length) await insertAll(pool, "OrderRefund", REFUND_COLUMNS, refunds, BATCH);
        written += items.length;
        report(written);
      });
    }
  };
  // Earlier orders first (one item each, in September): their customers' October orders are not first orders.
  await writeOrders(EARLIER_ORDERS, PERIOD_START - 30 * 86_400_000, PERIOD_START, 1, 0);
  await writeOrders(ORDERS, PERIOD_START, PERIOD_END, ITEMS_PER_ORDER, REFUND_SHARE);
  await window.drain();
  await pool.query("ANALYZE");
}

/** The half-even rounding to the cent, in SQL (PostgreSQL's round() rounds halves away from zero). */
const HALF_EVEN = (x: string) => `(CASE WHEN abs(${x} * 100 - trunc(${x} * 100)) = 0.5 AND mod(trunc(${x} * 100), 2) = 0 THEN trunc(${x} * 100) / 100 ELSE round(${x}, 2) END)`;

function ratesSql(): string {
  return RULES.rates.map((r) => `(${"category" in r ? `'${r.category}'` : "NULL"}::text, ${"partnerTier" in r ? `'${r.partnerTier}'` : "NULL"}::text, ${r.rate}::numeric)`).join(", ");
}

/** Earn lines of the period, as one set: item, partner, base, rate (most specific entry + first-order bonus). */
function earnSetSql(): string {
  return `
    WITH rates(category, tier, rate) AS (VALUES ${ratesSql()}),
    items AS (
      SELECT i.id AS item_id, o.id AS order_id, o."attributedPartnerId" AS partner_id, p.tier::text AS tier, i.category, i.quantity * i."unitPrice" AS base,
             NOT EXISTS (SELECT 1 FROM "Order" e WHERE e."customerId" = o."customerId" AND (e."orderedAt" < o."orderedAt" OR (e."orderedAt" = o."orderedAt" AND e.id < o.id))) AS first
      FROM "Order" o JOIN "OrderItem" i ON i."orderId" = o.id JOIN "Partner" p ON p.id = o."attributedPartnerId"
      WHERE o."orderedAt" >= $1 AND o."orderedAt" < $2
    )
    SELECT it.*, coalesce(
             (SELECT rate FROM rates r WHERE r.category = it.category AND r.tier = it.tier),
             (SELECT rate FROM rates r WHERE r.category = it.category AND r.tier IS NULL),
             (SELECT rate FROM rates r WHERE r.category IS NULL AND r.tier = it.tier),
             (SELECT rate FROM rates r WHERE r.category IS NULL AND r.tier IS NULL)) + CASE WHEN it.first THEN ${RULES.newCustomerBonus} ELSE 0 END AS rate
    FROM items it`;
}

/** Per partner: earn, clawback, bonus, cap and total, computed from the sets above (no lines written). */
function sumsSql(): string {
  const tiers = [...RULES.volumeTiers].sort((a, b) => Number(b.minBase) - Number(a.minBase));
  const bonusRate = `CASE ${tiers.map((t) => `WHEN e.base >= ${t.minBase} THEN ${t.bonusRate}`).join(" ")} ELSE 0 END`;
  return `
    WITH earn AS (SELECT r.*, ${HALF_EVEN("r.base * r.rate")} AS amount FROM (${earnSetSql()}) r),
    order_earned AS (SELECT order_id, sum(amount) AS earned FROM earn GROUP BY order_id),
    clawback AS (
      SELECT o."attributedPartnerId" AS partner_id, -${HALF_EVEN("f.amount * oe.earned / o.total")} AS amount
      FROM "OrderRefund" f JOIN "Order" o ON o.id = f."orderId" JOIN order_earned oe ON oe.order_id = o.id
      WHERE f."refundedAt" >= $1 AND f."refundedAt" < $2 AND o.total > 0
    ),
    e AS (SELECT partner_id, sum(amount) AS earn, sum(base) AS base FROM earn GROUP BY partner_id),
    c AS (SELECT partner_id, sum(amount) AS clawback FROM clawback GROUP BY partner_id),
    b AS (SELECT e.partner_id, e.earn, ${HALF_EVEN(`(${bonusRate}) * e.base`)} AS bonus FROM e)
    SELECT b.partner_id AS "partnerId", b.earn::text AS earn, coalesce(c.clawback, 0)::text AS clawback, b.bonus::text AS bonus,
           (-greatest(b.earn + b.bonus - ${RULES.capPerPeriod}, 0))::text AS cap,
           (b.earn + coalesce(c.clawback, 0) + b.bonus - greatest(b.earn + b.bonus - ${RULES.capPerPeriod}, 0))::text AS total
    FROM b LEFT JOIN c ON c.partner_id = b.partner_id`;
}

/** The same earn and clawback lines written in one INSERT … SELECT (digest and explanation included). */
function linesInsertSql(): string {
  return `
    WITH earn AS (SELECT r.*, ${HALF_EVEN("r.base * r.rate")} AS amount FROM (${earnSetSql()}) r),
    order_earned AS (SELECT order_id, partner_id, sum(amount) AS earned FROM earn GROUP BY order_id, partner_id),
    lines AS (
      SELECT partner_id, 'earn:' || item_id AS key, 'earn' AS kind, order_id, item_id, NULL::uuid AS refund_id, base, rate, amount,
             jsonb_build_object('matchedBy', 'sql', 'newCustomerBonus', CASE WHEN first THEN '${RULES.newCustomerBonus}' END, 'rate', rate::text) AS detail
      FROM earn
      UNION ALL
      SELECT oe.partner_id, 'clawback:' || f.id, 'clawback', o.id, NULL, f.id, f.amount, NULL, -${HALF_EVEN("f.amount * oe.earned / o.total")},
             jsonb_build_object('orderTotal', o.total::text, 'orderEarned', oe.earned::text)
      FROM "OrderRefund" f JOIN "Order" o ON o.id = f."orderId" JOIN order_earned oe ON oe.order_id = o.id
      WHERE f."refundedAt" >= $1 AND f."refundedAt" < $2 AND o.total > 0
    )
    INSERT INTO bench_lines (id, "statementId", "partnerId", period, key, kind, "orderId", "orderItemId", "refundId", "planVersionId", base, rate, amount, detail, digest, "createdAt", "updatedAt")
    SELECT gen_random_uuid(), s.id, l.partner_id, '${PERIOD}', l.key, l.kind::"CommissionLineKind", l.order_id, l.item_id, l.refund_id, NULL, l.base, l.rate, l.amount, l.detail,
           md5(l.key || l.amount::text || l.detail::text), now(), now()
    FROM lines l JOIN bench_statements s ON s."partnerId" = l.partner_id`;
}

async function main() {
  log(`statements: ${int(ITEMS)} order items (${int(ORDERS)} orders) in ${PERIOD} across ${int(PARTNERS)} partners, ${int(CUSTOMERS)} customers`);
  const prepared = await prepareDatabase({
    db: benchDb,
    marker: MARKER,
    describe: `${int(ITEMS)} order items`,
    generate,
    poolSize: 4,
    reuseProblem: async (pool) => {
      const { rows } = await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM "OrderItem"`);
      return Number(rows[0]!.n) < ITEMS ? "fewer order items than expected" : null;
    },
  });
  const { pool } = prepared;
  const commissions = await import("../packages/core/src/modules/commissions/index.ts");
  const { baseDb, disconnectDb } = await import("@qudao/core/server");
  try {
    // Every measurement starts from no statements at all.
    await pool.query(`TRUNCATE "CommissionDispute", "Payout", "CommissionLine", "CommissionStatement", "CommissionRun"`);
    await pool.query("VACUUM ANALYZE");
    const lineCount = async () => Number((await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM "CommissionLine"`)).rows[0]!.n);

    const run = async () => {
      const row = await baseDb().commissionRun.create({ data: { period: PERIOD, kind: "generate" } });
      const startedAt = performance.now();
      const job = await commissions.executeStatementRun(row.id);
      return { seconds: (performance.now() - startedAt) / 1000, job };
    };
    log("first run (no lines yet)…");
    const first = await run();
    const linesAfterFirst = await lineCount();
    log(`first run: ${first.seconds.toFixed(1)} s, ${int(first.job.result.linesCreated)} lines`);
    const maxLineIdBefore = (await pool.query<{ id: string }>(`SELECT max(id::text) AS id FROM "CommissionLine"`)).rows[0]!.id;
    log("second run (same data)…");
    const second = await run();
    const linesAfterSecond = await lineCount();
    const newRows = Number((await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM "CommissionLine" WHERE id::text > $1`, [maxLineIdBefore])).rows[0]!.n);

    // The set-based SQL: sums only, then the same lines written in one statement into a copy of the table.
    const bounds = [new Date(PERIOD_START), new Date(PERIOD_END)];
    let startedAt = performance.now();
    const sums = (await pool.query<{ partnerId: string; earn: string; clawback: string; bonus: string; cap: string; total: string }>(sumsSql(), bounds)).rows;
    const sumsSeconds = (performance.now() - startedAt) / 1000;
    await pool.query(`DROP TABLE IF EXISTS bench_lines; DROP TABLE IF EXISTS bench_statements`);
    await pool.query(`CREATE TABLE bench_lines (LIKE "CommissionLine" INCLUDING ALL); CREATE TABLE bench_statements AS SELECT id, "partnerId" FROM "CommissionStatement" WHERE period = '${PERIOD}'`);
    startedAt = performance.now();
    const inserted = await pool.query(linesInsertSql(), bounds);
    const linesSqlSeconds = (performance.now() - startedAt) / 1000;
    await pool.query(`DROP TABLE bench_lines; DROP TABLE bench_statements`);

    // The run's totals against the SQL's, partner by partner, to the cent.
    const statements = new Map((await pool.query<{ partnerId: string; earn: string; clawback: string; bonus: string; cap: string; total: string }>(
      `SELECT "partnerId", "earnTotal"::text AS earn, "clawbackTotal"::text AS clawback, "bonusTotal"::text AS bonus, "capTotal"::text AS cap, total::text AS total FROM "CommissionStatement" WHERE period = $1`, [PERIOD])).rows.map((r) => [r.partnerId, r]));
    const norm = (v: string | undefined) => (v === undefined ? "missing" : Number(v).toFixed(2));
    const mismatches = sums.filter((s) => {
      const got = statements.get(s.partnerId);
      return !got || (["earn", "clawback", "bonus", "cap", "total"] as const).some((k) => norm(got[k]) !== norm(s[k]));
    });

    const ratio = first.seconds / linesSqlSeconds;
    const ok = (pass: boolean) => (pass ? "ok" : "MISSED");
    console.log("");
    console.log(`Statement generation, ${int(ITEMS)} items / ${int(PARTNERS)} partners, period ${PERIOD} (BENCH_SCALE=${SCALE})`);
    console.log(machineLine());
    const settings = await postgresSettings(pool);
    console.log(`Postgres: ${settings.version}, shared_buffers ${settings.sharedBuffers}, synchronous_commit ${settings.synchronousCommit}`);
    console.log(table(
      ["measure", "value", "target", "result"],
      [
        ["run (worker code path), s", first.seconds.toFixed(1), `≤ ${TARGET_SECONDS}`, ok(first.seconds <= TARGET_SECONDS)],
        ["  lines written", int(linesAfterFirst), "", ""],
        ["set-based SQL writing the same lines, s", linesSqlSeconds.toFixed(1), "", `${int(inserted.rowCount ?? 0)} lines`],
        ["run ÷ set-based SQL", ratio.toFixed(2), `≤ ${TARGET_RATIO}`, ok(ratio <= TARGET_RATIO)],
        ["set-based SQL, sums only (for scale), s", sumsSeconds.toFixed(1), "", ""],
        ["rerun, s", second.seconds.toFixed(1), "", ""],
        ["rerun: rows added", int(newRows + (linesAfterSecond - linesAfterFirst)), "0", ok(newRows === 0 && linesAfterSecond === linesAfterFirst && second.job.result.linesCreated === 0)],
        ["rerun: rows changed", int(second.job.result.linesUpdated + second.job.result.linesRemoved), "0", ok(second.job.result.linesUpdated + second.job.result.linesRemoved === 0)],
        ["partners whose totals differ from the SQL", int(mismatches.length), "0", ok(mismatches.length === 0 && sums.length === statements.size)],
      ],
      (i) => i === 1 || i === 2,
    ));
    for (const m of mismatches.slice(0, 5)) console.log(`  differs: ${m.partnerId} sql=${JSON.stringify(m)} run=${JSON.stringify(statements.get(m.partnerId))}`);
    console.log(loadLine());
  } finally {
    await pool.end();
    await disconnectDb();
    if (!KEEP) await dropBenchDatabase(benchDb);
  }
}

main().catch((error: unknown) => {
  console.error("[bench] failed:", error);
  process.exitCode = 1;
});

