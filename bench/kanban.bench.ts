/**
 * `npm run bench` (or `BENCH_ONLY=kanban npm run bench`): the opportunity board (kanban) at scale.
 *
 * Builds (or reuses) its own database: 200 k opportunities on the platform's default pipeline across
 * 300 partners (Zipf; BENCH_SCALE shrinks this background), plus the measured partner: 5 000 open
 * opportunities over the four open stages (and 2 500 won or lost over two years), 1 admin and 4 reps.
 * The measured partner keeps its size at every scale, since the target is about one partner's board.
 *
 * Times, interleaved: the board the admin and a rep see (`GET /api/v1/opportunities/board`, 20
 * cards per column) through the real REST handler in-process and through the tRPC caller (service
 * time without HTTP parsing), the same board as the one raw SQL statement the service sends, a
 * column's "load more", and the forecast. Prints p50/p95 against the target (issue 4: board p95 ≤ 60
 * ms server time for a partner with 5 000 open opportunities), the round trips of one board call,
 * and EXPLAIN (ANALYZE, BUFFERS) of the board statement. A report, not a test: it exits 0 either way.
 *
 * Environment:
 *   BENCH_SCALE=0.05        the 200 k background opportunities / 300 partners times this
 *   BENCH_ITERATIONS=200    timed iterations per case (after a warm-up)
 *   BENCH_FRESH=1           rebuild the database even when a complete one exists
 *   BENCH_KEEP=0            drop the database at the end (default: keep it for the next run)
 */
import pg from "pg";
import {
  configureBench,
  dropBenchDatabase,
  dropSecondaryIndexes,
  explainLine,
  insertAll,
  int,
  KEEP,
  loadLine,
  log,
  machineLine,
  MEMBERSHIP_COLUMNS,
  ms,
  numberFromEnv,
  PARTNER_COLUMNS,
  pickCumulative,
  postgresSettings,
  prepareDatabase,
  progressReporter,
  rebuildIndexes,
  recordQueries,
  SCALE,
  seconds,
  shortSql,
  stats,
  table,
  USER_COLUMNS,
  warmupFor,
  WriteWindow,
  zipfCumulative,
  type Column,
  type Stats,
} from "./support.ts";

// ── configuration ──────────────────────────────────────────────────────────────────────────────

const BACKGROUND_OPPORTUNITIES = Math.max(1_000, Math.round(200_000 * SCALE));
const PARTNER_COUNT = Math.max(5, Math.round(300 * SCALE));
const SUBJECT_OPEN = 5_000;
const SUBJECT_CLOSED = 2_500;
const SUBJECT_REPS = 4;
const BACKGROUND_REPS = 3;
const ITERATIONS = Math.round(numberFromEnv("BENCH_ITERATIONS", SCALE < 0.05 ? 100 : 200, 1, 1_000_000));
const WARMUP = warmupFor(ITERATIONS);
const CARDS = 20;
const TARGET_P95_MS = 60;
const BENCH_PASSWORD = "bench-password-1";
const SEED = 20_261_124;
const INSERT_BATCH = 5_000;
const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
/** Background partners close about half their deals (won a little more often than lost). */
const WON_SHARE = 0.3;
const LOST_SHARE = 0.2;

const DATASET_VERSION = 1;
const DATASET_MARKER = `qudao-bench kanban v${DATASET_VERSION}: partners=${PARTNER_COUNT} background=${BACKGROUND_OPPORTUNITIES} subject=${SUBJECT_OPEN}+${SUBJECT_CLOSED} seed=${SEED}`;
const SUBJECT_PARTNER_NAME = "看板基准测试伙伴有限公司";

const benchDb = configureBench("qudao_bench_kanban");

let testing: typeof import("@qudao/core/testing");
let server: typeof import("@qudao/core/server");
let handleApiRequest: (typeof import("@qudao/core/api"))["handleApiRequest"];

async function loadCore(): Promise<void> {
  testing = await import("@qudao/core/testing");
  server = await import("@qudao/core/server");
  ({ handleApiRequest } = await import("@qudao/core/api"));
}

// ── dataset ────────────────────────────────────────────────────────────────────────────────────

const OPPORTUNITY_COLUMNS: readonly Column[] = [
  ["id", "uuid"],
  ["partnerId", "uuid"],
  ["pipelineId", "uuid"],
  ["stageId", "uuid"],
  ["name", "text"],
  ["amount", "numeric"],
  ["currency", "text"],
  ["expectedCloseDate", "date"],
  ["ownerId", "uuid"],
  ["status", '"OpportunityStatus"'],
  ["lostReason", "text"],
  ["stageEnteredAt", "timestamptz"],
  ["closedAt", "timestamptz"],
  ["createdById", "uuid"],
  ["createdAt", "timestamptz"],
  ["updatedAt", "timestamptz"],
];

type Member = { id: string; email: string };
type BenchPartner = { id: string; admin: Member; reps: Member[] };

function opportunityRow(row: Record<string, unknown>): Record<string, unknown> {
  // Decimal → string, Date → ISO (insertRows sends arrays of plain values).
  const date = row.expectedCloseDate as Date | null;
  return { ...row, amount: String(row.amount), expectedCloseDate: date ? date.toISOString().slice(0, 10) : null };
}

async function generate(pool: pg.Pool): Promise<{ seconds: number }> {
  const startedAt = performance.now();
  const rng = testing.createRng(SEED);
  const now = Date.now();
  const from = now - 2 * YEAR_MS;
  const passwordHash = await server.hashPassword(BENCH_PASSWORD);

  const partnerRows: Array<Record<string, unknown>> = [];
  const userRows: Array<Record<string, unknown>> = [];
  const membershipRows: Array<Record<string, unknown>> = [];
  const makePartner = (name: string | null, reps: number, tag: string): BenchPartner => {
    const createdAt = new Date(from - testing.randomInt(rng, 30, 365) * DAY_MS);
    const partner = testing.buildPartner(rng, { createdAt });
    if (name) partner.name = name;
    partnerRows.push(partner);
    const member = (role: "admin" | "rep", email: string): Member => {
      const joinedAt = new Date(createdAt.getTime() + testing.randomInt(rng, 0, 20) * DAY_MS);
      const id = testing.uuidv7(joinedAt);
      userRows.push({ id, email, name: testing.personName(rng), passwordHash, kind: "partner", locale: "zh-CN", createdAt: joinedAt, updatedAt: joinedAt });
      membershipRows.push({ id: testing.uuidv7(joinedAt), userId: id, partnerId: partner.id, role, createdAt: joinedAt });
      return { id, email };
    };
    return {
      id: partner.id,
      admin: member("admin", `admin.${tag}@kanban.bench.qudao.test`),
      reps: Array.from({ length: reps }, (_, r) => member("rep", `rep${r + 1}.${tag}@kanban.bench.qudao.test`)),
    };
  };
  const subject = makePartner(SUBJECT_PARTNER_NAME, SUBJECT_REPS, "subject");
  const partners = Array.from({ length: PARTNER_COUNT }, (_, p) => makePartner(null, BACKGROUND_REPS, `p${String(p + 1).padStart(4, "0")}`));
  await insertAll(pool, "Partner", PARTNER_COLUMNS, partnerRows, INSERT_BATCH);
  await insertAll(pool, "User", USER_COLUMNS, userRows, INSERT_BATCH);
  await insertAll(pool, "Membership", MEMBERSHIP_COLUMNS, membershipRows, INSERT_BATCH);
  log(`${int(partnerRows.length)} partners, ${int(userRows.length)} users in ${seconds(startedAt)} s`);

  const indexes = await dropSecondaryIndexes(pool, "Opportunity");
  const window = new WriteWindow(2);
  const total = BACKGROUND_OPPORTUNITIES + SUBJECT_OPEN + SUBJECT_CLOSED;
  const progress = progressReporter("opportunities", total);
  let inserted = 0;
  const flush = async (batch: Array<Record<string, unknown>>) => {
    await window.add(async () => {
      await insertAll(pool, "Opportunity", OPPORTUNITY_COLUMNS, batch.map(opportunityRow), INSERT_BATCH);
      inserted += batch.length;
      progress(inserted);
    });
  };
  const build = (partner: BenchPartner, createdAt: Date, shares: { wonShare: number; lostShare: number }) => {
    const owner = testing.pick(rng, partner.reps);
    return testing.buildOpportunity(rng, { partnerId: partner.id, ownerId: owner.id, createdById: owner.id, createdAt, ...shares }) as unknown as Record<string, unknown>;
  };
  // Background: created over two years, in creation order; a few big partners and a long tail.
  const cumulative = zipfCumulative(PARTNER_COUNT, 1);
  let batch: Array<Record<string, unknown>> = [];
  for (let i = 0; i < BACKGROUND_OPPORTUNITIES; i++) {
    const createdAt = new Date(from + Math.floor(((i + rng()) * (now - from)) / BACKGROUND_OPPORTUNITIES));
    batch.push(build(partners[pickCumulative(rng, cumulative)]!, createdAt, { wonShare: WON_SHARE, lostShare: LOST_SHARE }));
    if (batch.length === INSERT_BATCH) {
      await flush(batch);
      batch = [];
    }
  }
  // The measured partner: 5 000 open deals from the last six months, and its closed history.
  for (let i = 0; i < SUBJECT_OPEN; i++) batch.push(build(subject, new Date(now - Math.floor(rng() * 180 * DAY_MS)), { wonShare: 0, lostShare: 0 }));
  for (let i = 0; i < SUBJECT_CLOSED; i++) batch.push(build(subject, new Date(now - Math.floor(rng() * 2 * YEAR_MS)), { wonShare: 0.6, lostShare: 0.4 }));
  await flush(batch);
  await window.drain();
  const indexStartedAt = performance.now();
  await rebuildIndexes(pool, indexes);
  log(`rebuilt ${indexes.length} Opportunity indexes in ${seconds(indexStartedAt)} s`);
  await pool.query("VACUUM (ANALYZE)");
  return { seconds: (performance.now() - startedAt) / 1000 };
}

async function reuseProblem(pool: pg.Pool): Promise<string | null> {
  const count = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Opportunity"`);
  const expected = BACKGROUND_OPPORTUNITIES + SUBJECT_OPEN + SUBJECT_CLOSED;
  return count.rows[0]?.n === expected ? null : `it holds ${int(count.rows[0]?.n ?? 0)} opportunities, not ${int(expected)}`;
}

// ── what to measure ────────────────────────────────────────────────────────────────────────────

type Subject = { partnerId: string; adminEmail: string; repId: string; repEmail: string; repOpen: number; open: number };

async function pickSubject(pool: pg.Pool): Promise<Subject> {
  const partner = await pool.query<{ id: string }>(`SELECT id FROM "Partner" WHERE name = $1`, [SUBJECT_PARTNER_NAME]);
  const partnerId = partner.rows[0]?.id;
  if (!partnerId) throw new Error("the bench database has no measured partner");
  const admin = await pool.query<{ email: string }>(`SELECT u.email FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."partnerId" = $1 AND m.role = 'admin'`, [partnerId]);
  const rep = await pool.query<{ id: string; email: string; n: number }>(
    `SELECT u.id, u.email, count(*)::int AS n FROM "Opportunity" o JOIN "User" u ON u.id = o."ownerId"
     WHERE o."partnerId" = $1 AND o.status = 'open' GROUP BY u.id, u.email ORDER BY n DESC LIMIT 1`,
    [partnerId],
  );
  const open = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Opportunity" WHERE "partnerId" = $1 AND status = 'open'`, [partnerId]);
  return { partnerId, adminEmail: admin.rows[0]!.email, repId: rep.rows[0]!.id, repEmail: rep.rows[0]!.email, repOpen: rep.rows[0]!.n, open: open.rows[0]!.n };
}

/** The service's board statement, hand-written for pg with the same filters (the scope inlined: one partner). */
function boardSql(partnerId: string, ownerId: string | null, closedSince: Date): { text: string; values: unknown[] } {
  const owner = ownerId ? `AND o."ownerId" = $5::uuid` : "";
  const deals = `o."partnerId" = $3::uuid ${owner} AND o."stageId" = st."stageId" AND o.status = st.kind::"OpportunityStatus"
           AND (st.kind = 'open' OR o."stageEnteredAt" >= $4)`;
  const text = `
    SELECT st."stageId"::text AS "stageId", agg."stageCount", agg."stageAmount",
           c.id, c.name, c.amount::text AS amount, c.currency, c.status::text AS status, c."partnerId", p.name AS "partnerName",
           c."ownerId", u.name AS "ownerName", to_char(c."expectedCloseDate", 'YYYY-MM-DD') AS "expectedCloseDate", c."stageEnteredAt"
      FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS st("stageId", kind, ord)
      CROSS JOIN LATERAL (SELECT count(*)::int AS "stageCount", coalesce(sum(o.amount), 0)::text AS "stageAmount" FROM "Opportunity" o WHERE ${deals}) agg
      LEFT JOIN LATERAL (
        SELECT o.id, o.name, o.amount, o.currency, o.status, o."partnerId", o."ownerId", o."expectedCloseDate", o."stageEnteredAt"
          FROM "Opportunity" o WHERE ${deals}
         ORDER BY o."stageEnteredAt" DESC, o.id DESC LIMIT ${CARDS}
      ) c ON true
      LEFT JOIN "Partner" p ON p.id = c."partnerId"
      LEFT JOIN "User" u ON u.id = c."ownerId"
     ORDER BY st.ord, c."stageEnteredAt" DESC, c.id DESC`;
  const stages = [STAGES.qualification, STAGES.needs, STAGES.proposal, STAGES.negotiation, STAGES.won, STAGES.lost];
  const kinds = ["open", "open", "open", "open", "won", "lost"];
  const values: unknown[] = [stages, kinds, partnerId, closedSince];
  if (ownerId) values.push(ownerId);
  return { text, values };
}

const STAGES = {
  qualification: "01936a00-0000-7000-8000-000000000011",
  needs: "01936a00-0000-7000-8000-000000000012",
  proposal: "01936a00-0000-7000-8000-000000000013",
  negotiation: "01936a00-0000-7000-8000-000000000014",
  won: "01936a00-0000-7000-8000-000000000015",
  lost: "01936a00-0000-7000-8000-000000000016",
};

type Case = { label: string; run: () => Promise<unknown>; boardTarget: boolean };

async function api(token: string, path: string): Promise<unknown> {
  const response = await handleApiRequest(new Request(`http://127.0.0.1/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } }));
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function measure(cases: Case[]): Promise<Stats[]> {
  const samples = cases.map(() => [] as number[]);
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    for (let k = 0; k < cases.length; k++) {
      const index = (i + k) % cases.length;
      const t0 = performance.now();
      await cases[index]!.run();
      if (i >= WARMUP) samples[index]!.push(performance.now() - t0);
    }
  }
  return samples.map(stats);
}

// ── main ───────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const startedAt = performance.now();
  await loadCore();
  log(`scale ${SCALE}: ${int(BACKGROUND_OPPORTUNITIES)} background opportunities over ${int(PARTNER_COUNT)} partners + the measured partner (${int(SUBJECT_OPEN)} open), database ${benchDb.name}`);
  const prepared = await prepareDatabase({
    db: benchDb,
    marker: DATASET_MARKER,
    describe: `${int(BACKGROUND_OPPORTUNITIES + SUBJECT_OPEN + SUBJECT_CLOSED)} opportunities`,
    reuseProblem,
    generate,
  });
  const { pool } = prepared;
  try {
    const subject = await pickSubject(pool);
    const adminToken = await testing.apiToken({ email: subject.adminEmail, password: BENCH_PASSWORD });
    const repToken = await testing.apiToken({ email: subject.repEmail, password: BENCH_PASSWORD });
    const adminCtx = await server.createContext(new Request("http://127.0.0.1/api/v1", { headers: { authorization: `Bearer ${adminToken}` } }), "api");
    const adminCaller = server.createCaller(adminCtx);
    const closedSince = new Date(Date.now() - 30 * DAY_MS);
    const adminSql = boardSql(subject.partnerId, null, closedSince);
    const repSql = boardSql(subject.partnerId, subject.repId, closedSince);

    // The paths must agree before they are compared.
    const board = (await api(adminToken, `/opportunities/board?limit=${CARDS}`)) as { columns: Array<{ stageId: string; count: number; nextCursor: string | null }> };
    const sqlRows = await pool.query<{ stageId: string; stageCount: number }>(adminSql.text, adminSql.values);
    const openCount = board.columns.slice(0, 4).reduce((sum, c) => sum + c.count, 0);
    if (openCount !== subject.open) throw new Error(`the board counts ${openCount} open opportunities, the partner has ${subject.open}`);
    for (const column of board.columns) {
      const row = sqlRows.rows.find((r) => r.stageId === column.stageId);
      if ((row?.stageCount ?? 0) !== column.count) throw new Error(`column ${column.stageId}: API ${column.count}, SQL ${row?.stageCount ?? 0}`);
    }
    const busiest = board.columns.slice(0, 4).sort((a, b) => b.count - a.count)[0]!;

    const cases: Case[] = [
      { label: "admin board, REST (GET /opportunities/board)", run: () => api(adminToken, `/opportunities/board?limit=${CARDS}`), boardTarget: true },
      { label: "admin board, tRPC caller (service)", run: () => adminCaller.opportunities.board({ limit: CARDS }), boardTarget: true },
      { label: "admin board, the raw SQL statement", run: () => pool.query(adminSql.text, adminSql.values), boardTarget: false },
      { label: `rep board, REST (${int(subject.repOpen)} open of their own)`, run: () => api(repToken, `/opportunities/board?limit=${CARDS}`), boardTarget: true },
      { label: "rep board, the raw SQL statement", run: () => pool.query(repSql.text, repSql.values), boardTarget: false },
      { label: "admin load more, REST (one column, next 20)", run: () => api(adminToken, `/opportunities/board/${busiest.stageId}?limit=${CARDS}&cursor=${busiest.nextCursor}`), boardTarget: false },
      { label: "admin forecast, REST (6 months)", run: () => api(adminToken, "/opportunities/forecast?months=6"), boardTarget: false },
    ];
    log(`measuring ${cases.length} cases: ${WARMUP} warm-up + ${ITERATIONS} timed iterations, interleaved`);
    const measured = await measure(cases);

    const postgres = await postgresSettings(pool);
    const size = (await pool.query<{ size: string }>(`SELECT pg_size_pretty(pg_total_relation_size('"Opportunity"')) AS size`)).rows[0]?.size;
    const total = BACKGROUND_OPPORTUNITIES + SUBJECT_OPEN + SUBJECT_CLOSED;
    const misses: string[] = [];
    const rows = cases.map((c, i) => {
      const s = measured[i]!;
      const ok = s.p95 <= TARGET_P95_MS;
      if (c.boardTarget && !ok) misses.push(`${c.label}: p95 ${ms(s.p95)} ms (target ≤ ${TARGET_P95_MS} ms)`);
      return [c.label, ms(s.p50), ms(s.p95), c.boardTarget ? (ok ? "ok" : "MISSED") : ""];
    });
    console.log("");
    console.log("Qudao benchmark — opportunity board (kanban), in-process REST handler, tRPC caller and raw SQL");
    console.log(machineLine());
    console.log(`Postgres: ${postgres.version} (shared_buffers ${postgres.sharedBuffers}), database ${benchDb.name} ${prepared.reused ? "reused" : `generated in ${prepared.generation!.seconds.toFixed(1)} s`}`);
    console.log(`Dataset:  ${int(total)} opportunities (table + indexes ${size}) across ${int(PARTNER_COUNT + 1)} partners; measured partner: ${int(subject.open)} open, ${int(SUBJECT_CLOSED)} closed; rep with ${int(subject.repOpen)} open`);
    console.log(loadLine());
    console.log(`Run:      NODE_ENV=${process.env.NODE_ENV}, ${CARDS} cards per column, ${WARMUP} warm-up + ${ITERATIONS} timed iterations per case, times in ms`);
    console.log("");
    console.log(table(["case", "p50", "p95", `board ≤ ${TARGET_P95_MS} ms`], rows, (i) => i === 1 || i === 2));

    console.log("");
    console.log(await explainLine(pool, "EXPLAIN admin board (raw SQL)", adminSql.text, adminSql.values, "Opportunity"));
    console.log(await explainLine(pool, "EXPLAIN rep board (raw SQL)", repSql.text, repSql.values, "Opportunity"));
    const queries = await recordQueries(() => api(adminToken, `/opportunities/board?limit=${CARDS}`));
    console.log(`\nDatabase round trips in one board request: ${queries.length}`);
    queries.forEach((q, i) => console.log(`  ${String(i + 1).padStart(2)}. ${ms(q.ms).padStart(7)} ms  ${shortSql(q.text)}`));

    for (const token of [adminToken, repToken]) await testing.api("DELETE", "/sessions/current", { token });
    console.log("");
    console.log(misses.length === 0 ? `RESULT: all targets met (board p95 ≤ ${TARGET_P95_MS} ms)` : `RESULT: MISSED ${misses.length} target(s):\n${misses.map((m) => `  MISSED  ${m}`).join("\n")}`);
    log(`done in ${seconds(startedAt)} s`);
  } finally {
    await pool.end();
    await server.disconnectDb();
    if (!KEEP) {
      await dropBenchDatabase(benchDb);
      log(`dropped ${benchDb.name} (BENCH_KEEP=0)`);
    }
  }
}

main().catch((error: unknown) => {
  console.error("[bench] failed:", error);
  process.exitCode = 1;
});
