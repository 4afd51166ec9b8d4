/**
 * `npm run bench`: the partner lead list at scale.
 *
 * Builds (or reuses) its own database with 1 M leads across 500 partners (BENCH_SCALE shrinks both)
 * from the test factories, then times the list a partner admin and a rep see — first page and a
 * deep cursor page, filtered by status — through the real /api/v1 handler in-process, and the same
 * page as one raw SQL query. Prints p50/p95, the API/SQL ratio and the targets (API p95 ≤ 1.5 × SQL,
 * ≤ 25 ms at 1 M leads), then where the API's time goes. A report, not a test: it exits 0 either way.
 *
 * Environment:
 *   BENCH_SCALE=0.01        1 M leads / 500 partners times this (at least 5 partners)
 *   BENCH_ITERATIONS=300    timed iterations per case (after a warm-up)
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
  insertRows,
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

const LEAD_COUNT = Math.max(100, Math.round(1_000_000 * SCALE));
const PARTNER_COUNT = Math.max(5, Math.round(500 * SCALE));
const REPS_PER_PARTNER = 4;
const ITERATIONS = Math.round(numberFromEnv("BENCH_ITERATIONS", SCALE < 0.05 ? 100 : 300, 1, 1_000_000));
const WARMUP = warmupFor(ITERATIONS);

const PAGE_SIZE = 50;
const MEASURED_STATUS = "contacted";
/** The deep page starts this far into the partner's filtered list. */
const DEEP_FRACTION = 0.8;
const BENCH_PASSWORD = "bench-password-1";
const SEED = 20_260_101;
/** Zipf exponent for leads per partner: a few big partners and a long tail. */
const ZIPF_EXPONENT = 1;
const UNASSIGNED_SHARE = 0.05;
const ADMIN_CREATED_SHARE = 0.2;
const INSERT_BATCH = 5_000;
/** Batches in flight: Node builds the next one while PostgreSQL writes. */
const INSERT_CONCURRENCY = 2;

const TARGET_RATIO = 1.5;
const TARGET_API_P95_MS = 25;
const FULL_SCALE_LEADS = 1_000_000;

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
/** Bump when the generated data changes shape, so an old database is rebuilt instead of reused. */
const DATASET_VERSION = 1;
const DATASET_MARKER = `qudao-bench dataset v${DATASET_VERSION}: partners=${PARTNER_COUNT} leads=${LEAD_COUNT} seed=${SEED}`;

// Core reads its environment lazily, on first use: point it at the bench database and production
// mode before anything from core is imported (trpc-to-openapi validates the router per request otherwise).
const benchDb = configureBench("qudao_bench");
const databaseName = benchDb.name;

// Loaded in main(), after the environment above is in place.
let testing: typeof import("@qudao/core/testing");
let server: typeof import("@qudao/core/server");
let handleApiRequest: (typeof import("@qudao/core/api"))["handleApiRequest"];
let hashPassword: (password: string) => Promise<string>;

async function loadCore(): Promise<void> {
  testing = await import("@qudao/core/testing");
  server = await import("@qudao/core/server");
  ({ handleApiRequest } = await import("@qudao/core/api"));
  ({ hashPassword } = server);
}

// ── dataset ────────────────────────────────────────────────────────────────────────────────────

const LEAD_COLUMNS: readonly Column[] = [
  ["id", "uuid"],
  ["partnerId", "uuid"],
  ["name", "text"],
  ["company", "text"],
  ["phone", "text"],
  ["email", "text"],
  ["source", "text"],
  ["notes", "text"],
  ["status", '"LeadStatus"'],
  ["statusReason", "text"],
  ["assigneeId", "uuid"],
  ["createdById", "uuid"],
  ["customerId", "uuid"],
  ["createdAt", "timestamptz"],
  ["updatedAt", "timestamptz"],
];

type BenchPartner = { id: string; region: string | null; adminId: string; repIds: string[] };

async function generate(pool: pg.Pool): Promise<{ seconds: number; leadsPerSecond: number }> {
  const startedAt = performance.now();
  const rng = testing.createRng(SEED);
  const now = Date.now();
  const leadsFrom = now - 2 * YEAR_MS;

  // One argon2id hash for every user: hashing 2,500 passwords would take minutes and prove nothing.
  const passwordHash = await hashPassword(BENCH_PASSWORD);

  const partnerRows: Array<Record<string, unknown>> = [];
  const userRows: Array<Record<string, unknown>> = [];
  const membershipRows: Array<Record<string, unknown>> = [];
  const partners: BenchPartner[] = [];
  for (let p = 0; p < PARTNER_COUNT; p++) {
    const createdAt = new Date(leadsFrom - testing.randomInt(rng, 30, 365) * DAY_MS);
    const partner = testing.buildPartner(rng, { createdAt });
    partnerRows.push(partner);
    const member = (role: "admin" | "rep", email: string) => {
      const joinedAt = new Date(createdAt.getTime() + testing.randomInt(rng, 0, 20) * DAY_MS);
      const id = testing.uuidv7(joinedAt);
      userRows.push({ id, email, name: testing.personName(rng), passwordHash, kind: "partner", locale: "zh-CN", createdAt: joinedAt, updatedAt: joinedAt });
      membershipRows.push({ id: testing.uuidv7(joinedAt), userId: id, partnerId: partner.id, role, createdAt: joinedAt });
      return id;
    };
    const tag = `p${String(p + 1).padStart(4, "0")}`;
    const adminId = member("admin", `admin.${tag}@bench.qudao.test`);
    const repIds = Array.from({ length: REPS_PER_PARTNER }, (_, r) => member("rep", `rep${r + 1}.${tag}@bench.qudao.test`));
    partners.push({ id: partner.id, region: partner.region ?? null, adminId, repIds });
  }
  await insertAll(pool, "Partner", PARTNER_COLUMNS, partnerRows, INSERT_BATCH);
  await insertAll(pool, "User", USER_COLUMNS, userRows, INSERT_BATCH);
  await insertAll(pool, "Membership", MEMBERSHIP_COLUMNS, membershipRows, INSERT_BATCH);
  log(`${int(PARTNER_COUNT)} partners, ${int(userRows.length)} users (1 admin + ${REPS_PER_PARTNER} reps each) in ${seconds(startedAt)} s`);

  // Leads in creation order, as a live table grows (ids, uuidv7 of createdAt, only ever increase).
  // The secondary indexes are dropped for the load and rebuilt from their own definitions after:
  // maintaining five indexes row by row halves the insert rate.
  const secondaryIndexes = await dropSecondaryIndexes(pool, "Lead");
  const cumulative = zipfCumulative(PARTNER_COUNT, ZIPF_EXPONENT);
  const span = now - leadsFrom;
  const leadsStartedAt = performance.now();
  const window = new WriteWindow(INSERT_CONCURRENCY);
  const progress = progressReporter("leads", LEAD_COUNT);
  let inserted = 0;
  for (let start = 0; start < LEAD_COUNT; start += INSERT_BATCH) {
    const end = Math.min(LEAD_COUNT, start + INSERT_BATCH);
    const batch: Array<Record<string, unknown>> = [];
    for (let i = start; i < end; i++) {
      const partner = partners[pickCumulative(rng, cumulative)]!;
      const assigneeId = testing.chance(rng, UNASSIGNED_SHARE) ? null : testing.pick(rng, partner.repIds);
      const createdById = assigneeId === null || testing.chance(rng, ADMIN_CREATED_SHARE) ? partner.adminId : assigneeId;
      const createdAt = new Date(leadsFrom + Math.floor(((i + rng()) * span) / LEAD_COUNT));
      batch.push(
        testing.buildLead(rng, {
          partnerId: partner.id,
          assigneeId,
          createdById,
          createdAt,
          ...(partner.region ? { city: partner.region } : {}),
        }),
      );
    }
    await window.add(async () => {
      await insertRows(pool, "Lead", LEAD_COLUMNS, batch);
      inserted += batch.length;
      progress(inserted);
    });
  }
  await window.drain();
  const leadSeconds = (performance.now() - leadsStartedAt) / 1000;

  const indexStartedAt = performance.now();
  await rebuildIndexes(pool, secondaryIndexes);
  log(`rebuilt ${secondaryIndexes.length} Lead indexes (${secondaryIndexes.map((i) => i.name).join(", ")}) in ${seconds(indexStartedAt)} s`);

  const vacuumStartedAt = performance.now();
  // What autovacuum would have done on a live table: visibility map, hint bits, statistics.
  await pool.query("VACUUM (ANALYZE)");
  log(`VACUUM (ANALYZE) in ${seconds(vacuumStartedAt)} s`);
  return { seconds: (performance.now() - startedAt) / 1000, leadsPerSecond: LEAD_COUNT / leadSeconds };
}

/** The dataset is complete when the marker matches and it holds exactly LEAD_COUNT leads. */
async function reuseProblem(pool: pg.Pool): Promise<string | null> {
  const leads = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Lead"`);
  if (leads.rows[0]?.n !== LEAD_COUNT) return `it holds ${int(leads.rows[0]?.n ?? 0)} leads, not ${int(LEAD_COUNT)}`;
  return null;
}

async function prepare() {
  const prepared = await prepareDatabase({
    db: benchDb,
    marker: DATASET_MARKER,
    describe: `${int(LEAD_COUNT)} leads across ${int(PARTNER_COUNT)} partners`,
    reuseProblem,
    generate,
  });
  if (prepared.generation) {
    log(`dataset ready in ${prepared.generation.seconds.toFixed(1)} s (leads at ${int(prepared.generation.leadsPerSecond)} rows/s)`);
  }
  return prepared;
}

// ── what to measure ────────────────────────────────────────────────────────────────────────────

type Subject = { partnerId: string; partnerName: string; partnerLeads: number; partnerFiltered: number; adminEmail: string; repId: string; repEmail: string; repLeads: number };

async function pickSubject(pool: pg.Pool): Promise<Subject> {
  const biggest = await pool.query<{ partnerId: string; name: string; n: number }>(
    `SELECT l."partnerId", p.name, count(*)::int AS n FROM "Lead" l JOIN "Partner" p ON p.id = l."partnerId"
     GROUP BY l."partnerId", p.name ORDER BY n DESC LIMIT 1`,
  );
  const partner = biggest.rows[0];
  if (!partner) throw new Error("the bench database has no leads");
  const filtered = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Lead" WHERE "partnerId" = $1 AND status = $2`, [partner.partnerId, MEASURED_STATUS]);
  const admin = await pool.query<{ email: string }>(
    `SELECT u.email FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."partnerId" = $1 AND m.role = 'admin' ORDER BY u.email LIMIT 1`,
    [partner.partnerId],
  );
  const rep = await pool.query<{ id: string; email: string; n: number }>(
    `SELECT u.id, u.email, count(*)::int AS n FROM "Lead" l JOIN "User" u ON u.id = l."assigneeId"
     WHERE l."partnerId" = $1 GROUP BY u.id, u.email ORDER BY n DESC LIMIT 1`,
    [partner.partnerId],
  );
  if (!admin.rows[0] || !rep.rows[0]) throw new Error("the measured partner has no admin or no assigned rep");
  return {
    partnerId: partner.partnerId,
    partnerName: partner.name,
    partnerLeads: partner.n,
    partnerFiltered: filtered.rows[0]?.n ?? 0,
    adminEmail: admin.rows[0].email,
    repId: rep.rows[0].id,
    repEmail: rep.rows[0].email,
    repLeads: rep.rows[0].n,
  };
}

type BenchCase = {
  label: string;
  token: string;
  /** The rep's own leads only (the scope adds assigneeId = the rep). */
  assigneeId?: string;
  status?: string;
  cursor?: string;
};

const LEAD_PAGE_SQL_COLUMNS = `l.id, l."partnerId", p.name AS "partnerName", l.name, l.company, l.phone, l.email, l.source, l.notes,
  l.status, l."statusReason", l."assigneeId", u.name AS "assigneeName", l."createdAt", l."updatedAt"`;

/** The page the API returns, as one query: same filter, order, limit + 1 and joined names. */
function pageSql(partnerId: string, c: BenchCase): { text: string; values: unknown[] } {
  const values: unknown[] = [partnerId];
  const where = [`l."partnerId" = $1`];
  if (c.assigneeId) where.push(`l."assigneeId" = $${values.push(c.assigneeId)}`);
  if (c.status) where.push(`l.status = $${values.push(c.status)}::"LeadStatus"`);
  if (c.cursor) where.push(`l.id < $${values.push(c.cursor)}::uuid`);
  const text = `SELECT ${LEAD_PAGE_SQL_COLUMNS}
FROM "Lead" l JOIN "Partner" p ON p.id = l."partnerId" LEFT JOIN "User" u ON u.id = l."assigneeId"
WHERE ${where.join(" AND ")}
ORDER BY l.id DESC LIMIT ${PAGE_SIZE + 1}`;
  return { text, values };
}

function apiUrl(c: BenchCase): string {
  const params = new URLSearchParams();
  if (c.status) params.set("status", c.status);
  params.set("limit", String(PAGE_SIZE));
  if (c.cursor) params.set("cursor", c.cursor);
  return `http://127.0.0.1/api/v1/leads?${params}`;
}

async function callApi(c: BenchCase): Promise<{ status: number; text: string }> {
  const response = await handleApiRequest(new Request(apiUrl(c), { headers: { authorization: `Bearer ${c.token}` } }));
  return { status: response.status, text: await response.text() };
}

/** Both paths must return the same page, or the comparison means nothing. */
async function checkSamePage(pool: pg.Pool, partnerId: string, c: BenchCase): Promise<void> {
  const api = await callApi(c);
  if (api.status !== 200) throw new Error(`${c.label}: API answered ${api.status}: ${api.text.slice(0, 300)}`);
  const body = JSON.parse(api.text) as { items: Array<{ id: string }>; nextCursor: string | null };
  const { text, values } = pageSql(partnerId, c);
  const sql = await pool.query<{ id: string }>(text, values);
  const apiIds = body.items.map((item) => item.id).join();
  const sqlIds = sql.rows.slice(0, PAGE_SIZE).map((row) => row.id).join();
  if (apiIds !== sqlIds) throw new Error(`${c.label}: the API page and the SQL page differ`);
  if (body.items.length !== PAGE_SIZE) log(`note: ${c.label} returns ${body.items.length} rows, not ${PAGE_SIZE}`);
}

/**
 * Every iteration runs every case through both paths: cases in rotating order, API and SQL swapping
 * who goes first. So all cases and both paths share the same cache state and machine load.
 */
async function measure(pool: pg.Pool, partnerId: string, cases: BenchCase[]): Promise<Array<{ api: Stats; sql: Stats }>> {
  const timed = cases.map((c) => {
    const { text, values } = pageSql(partnerId, c);
    return {
      api: async () => {
        const t0 = performance.now();
        const res = await callApi(c);
        const elapsed = performance.now() - t0;
        if (res.status !== 200) throw new Error(`${c.label}: API answered ${res.status}`);
        return elapsed;
      },
      sql: async () => {
        const t0 = performance.now();
        await pool.query(text, values);
        return performance.now() - t0;
      },
      apiSamples: [] as number[],
      sqlSamples: [] as number[],
    };
  });
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    for (let k = 0; k < timed.length; k++) {
      const run = timed[(i + k) % timed.length]!;
      let apiMs: number;
      let sqlMs: number;
      if (i % 2 === 0) {
        apiMs = await run.api();
        sqlMs = await run.sql();
      } else {
        sqlMs = await run.sql();
        apiMs = await run.api();
      }
      if (i >= WARMUP) {
        run.apiSamples.push(apiMs);
        run.sqlSamples.push(sqlMs);
      }
    }
  }
  return timed.map((run) => ({ api: stats(run.apiSamples), sql: stats(run.sqlSamples) }));
}

// ── diagnostics: the deep page's plan, and where the API's time goes ───────────────────────────

async function diagnose(pool: pg.Pool, partnerId: string, c: BenchCase): Promise<void> {
  const iterations = Math.min(ITERATIONS, 200);
  const header = `Bearer ${c.token}`;
  const auth = await server.authenticateBearer(header);
  if (!auth) throw new Error("diagnostics: the token does not authenticate");
  const ctx = await server.createContext(new Request(apiUrl(c), { headers: { authorization: header } }), "api");
  const caller = server.createCaller(ctx);
  const input = { limit: PAGE_SIZE, ...(c.status ? { status: c.status as "contacted" } : {}) };
  const page = await caller.leads.list(input);
  const { text, values } = pageSql(partnerId, c);

  // Each part on its own, all in one loop in rotating order, so they share the machine's load.
  const parts: Array<{ label: string; run: () => Promise<unknown> }> = [
    { label: "handleApiRequest: the whole request", run: () => callApi(c) },
    { label: "  authenticateBearer: session, user, partner subtree", run: () => server.authenticateBearer(header) },
    { label: "  tRPC caller leads.list: procedure, service, Prisma", run: () => caller.leads.list(input) },
    {
      label: "    Prisma findMany alone (scoped client, same select)",
      // Await inside the callback: a Prisma query is lazy and would otherwise run outside the actor's store.
      run: () =>
        server.runAsActor(auth.actor, async () =>
          await server.db.lead.findMany({
            where: { AND: [...(c.status ? [{ status: c.status as "contacted" }] : [])] },
            orderBy: { id: "desc" },
            take: PAGE_SIZE + 1,
            select: {
              id: true, partnerId: true, name: true, company: true, phone: true, email: true, source: true, notes: true,
              status: true, statusReason: true, assigneeId: true, createdAt: true, updatedAt: true,
              partner: { select: { name: true } },
              assignee: { select: { name: true } },
            },
          }),
        ),
    },
    { label: "  JSON.stringify of the page", run: async () => JSON.stringify(page) },
    {
      // No procedure answers HEAD, so this is the adapter's per-request setup alone (no auth, no query).
      label: "  REST adapter fixed cost (HEAD /leads: no auth, no query)",
      run: () => handleApiRequest(new Request(apiUrl(c), { method: "HEAD" })),
    },
    { label: "raw SQL: the same page, one query", run: () => pool.query(text, values) },
    { label: "one round trip: SELECT 1 through pg", run: () => pool.query("SELECT 1") },
    { label: "one round trip: SELECT 1 through Prisma", run: () => server.baseDb().$queryRaw`SELECT 1` },
  ];
  const samples = parts.map(() => [] as number[]);
  for (let i = 0; i < WARMUP + iterations; i++) {
    for (let k = 0; k < parts.length; k++) {
      const index = (i + k) % parts.length;
      const t0 = performance.now();
      await parts[index]!.run();
      if (i >= WARMUP) samples[index]!.push(performance.now() - t0);
    }
  }
  const p50 = samples.map((list) => stats(list).p50);
  const rest = p50[0]! - p50[1]! - p50[2]!;
  const rows = parts.map((part, i) => [part.label, ms(p50[i]!)]);
  rows.splice(5, 0, ["  rest: REST adapter, routing, coercion, output check", ms(Math.max(0, rest))]);
  console.log(`\nWhere the API time goes — ${c.label}; p50 over ${iterations} rounds, parts interleaved:`);
  console.log(table(["part", "p50 ms"], rows, (i) => i === 1));

  const record = recordQueries;
  const queries = await record(() => callApi(c));
  const authQueries = await record(() => server.authenticateBearer(header));
  const listQueries = await record(() => caller.leads.list(input));
  console.log(
    `\nDatabase round trips in one API request: ${queries.length}, one after another ` +
      `(authenticateBearer ${authQueries.length}, leads.list ${listQueries.length}; raw SQL: 1)`,
  );
  queries.forEach((q, i) => console.log(`  ${String(i + 1).padStart(2)}. ${shortSql(q.text)}`));
  const leadQuery = queries.find((q) => /from "public"\."Lead"/i.test(q.text) && /order by/i.test(q.text));
  if (leadQuery) console.log(await explainLine(pool, "EXPLAIN of Prisma's lead query", leadQuery.text, leadQuery.values));
}

// ── main ───────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const startedAt = performance.now();
  await loadCore();
  log(`scale ${SCALE}: ${int(LEAD_COUNT)} leads, ${int(PARTNER_COUNT)} partners, database ${databaseName}, NODE_ENV=${process.env.NODE_ENV}`);
  const { pool, reused, generation } = await prepare();
  try {
    const subject = await pickSubject(pool);
    const deepOffset = Math.floor(subject.partnerFiltered * DEEP_FRACTION);
    const deep = await pool.query<{ id: string }>(
      `SELECT id FROM "Lead" WHERE "partnerId" = $1 AND status = $2 ORDER BY id DESC OFFSET $3 LIMIT 1`,
      [subject.partnerId, MEASURED_STATUS, deepOffset],
    );
    const deepCursor = deep.rows[0]?.id;
    if (!deepCursor) throw new Error("no deep cursor: the measured partner has too few leads");

    const adminToken = await testing.apiToken({ email: subject.adminEmail, password: BENCH_PASSWORD });
    const repToken = await testing.apiToken({ email: subject.repEmail, password: BENCH_PASSWORD });
    const cases: BenchCase[] = [
      { label: `admin, status=${MEASURED_STATUS}, first page`, token: adminToken, status: MEASURED_STATUS },
      { label: `admin, status=${MEASURED_STATUS}, deep page (${Math.round(DEEP_FRACTION * 100)}%)`, token: adminToken, status: MEASURED_STATUS, cursor: deepCursor },
      { label: "admin, no filter, first page", token: adminToken },
      { label: `rep, status=${MEASURED_STATUS}, first page`, token: repToken, assigneeId: subject.repId, status: MEASURED_STATUS },
    ];
    for (const c of cases) await checkSamePage(pool, subject.partnerId, c);

    const pgVersion = (await pool.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version;
    const sharedBuffers = (await pool.query<{ shared_buffers: string }>("SHOW shared_buffers")).rows[0]?.shared_buffers;
    const leadBytes = (await pool.query<{ size: string }>(`SELECT pg_size_pretty(pg_total_relation_size('"Lead"')) AS size`)).rows[0]?.size;

    log(`measuring ${cases.length} cases: ${WARMUP} warm-up + ${ITERATIONS} timed iterations, cases and paths interleaved`);
    const measured = await measure(pool, subject.partnerId, cases);
    const results = cases.map((c, i) => ({ c, ...measured[i]! }));

    const fullScale = LEAD_COUNT >= FULL_SCALE_LEADS;
    const misses: string[] = [];
    const rows = results.map(({ c, api, sql }) => {
      const ratio = api.p95 / sql.p95;
      const ratioOk = ratio <= TARGET_RATIO;
      const timeOk = api.p95 <= TARGET_API_P95_MS;
      if (!ratioOk) misses.push(`${c.label}: API p95 ${ms(api.p95)} ms is ${ratio.toFixed(2)}× SQL p95 ${ms(sql.p95)} ms (target ≤ ${TARGET_RATIO}×)`);
      if (!timeOk && fullScale) misses.push(`${c.label}: API p95 ${ms(api.p95)} ms (target ≤ ${TARGET_API_P95_MS} ms)`);
      return [
        c.label,
        ms(api.p50),
        ms(api.p95),
        ms(sql.p50),
        ms(sql.p95),
        `${ratio.toFixed(2)}×`,
        ratioOk ? "ok" : "MISSED",
        `${timeOk ? "ok" : "MISSED"}${fullScale ? "" : "*"}`,
      ];
    });

    console.log("");
    console.log("Qudao benchmark — partner lead list (GET /api/v1/leads, in-process handleApiRequest) vs the same page as raw SQL");
    console.log(machineLine());
    console.log(`Postgres: ${pgVersion} (shared_buffers ${sharedBuffers}), database ${databaseName} ${reused ? "reused" : `generated in ${generation!.seconds.toFixed(1)} s, leads at ${int(generation!.leadsPerSecond)} rows/s`}`);
    console.log(`Dataset:  ${int(LEAD_COUNT)} leads (Lead table + indexes ${leadBytes}), ${int(PARTNER_COUNT)} partners (Zipf s=${ZIPF_EXPONENT}), ${int(PARTNER_COUNT * (1 + REPS_PER_PARTNER))} users`);
    console.log(
      `Measured: partner ${subject.partnerName} — ${int(subject.partnerLeads)} leads (${((subject.partnerLeads / LEAD_COUNT) * 100).toFixed(1)}%), ` +
        `${int(subject.partnerFiltered)} ${MEASURED_STATUS}; deep cursor at offset ${int(deepOffset)}; rep with ${int(subject.repLeads)} leads`,
    );
    console.log(loadLine());
    console.log(`Run:      NODE_ENV=${process.env.NODE_ENV}, page size ${PAGE_SIZE}, ${WARMUP} warm-up + ${ITERATIONS} timed iterations per case, times in ms`);
    console.log("");
    console.log(
      table(
        ["case", "API p50", "API p95", "SQL p50", "SQL p95", "API/SQL p95", `≤ ${TARGET_RATIO}×`, `≤ ${TARGET_API_P95_MS} ms`],
        rows,
        (i) => i > 0 && i < 6,
      ),
    );
    if (!fullScale) console.log(`* the ${TARGET_API_P95_MS} ms target applies at ${int(FULL_SCALE_LEADS)} leads; shown for information at this scale`);

    const deepCase = cases[1]!;
    const deepSql = pageSql(subject.partnerId, deepCase);
    console.log("");
    console.log(await explainLine(pool, "EXPLAIN deep page (raw SQL)", deepSql.text, deepSql.values));

    await diagnose(pool, subject.partnerId, cases[0]!);

    // Sign the two bench sessions out, so reruns on a kept database do not pile them up.
    for (const token of [adminToken, repToken]) await testing.api("DELETE", "/sessions/current", { token });

    console.log("");
    if (misses.length === 0) {
      console.log(`RESULT: all targets met${fullScale ? "" : ` (the ${TARGET_API_P95_MS} ms target is checked at full scale only)`}`);
    } else {
      console.log(`RESULT: MISSED ${misses.length} target(s):`);
      for (const miss of misses) console.log(`  MISSED  ${miss}`);
    }
    log(`done in ${seconds(startedAt)} s`);
  } finally {
    await pool.end();
    await server.disconnectDb();
    if (!KEEP) {
      await dropBenchDatabase(benchDb);
      log(`dropped ${databaseName} (BENCH_KEEP=0)`);
    }
  }
}

main().catch((error: unknown) => {
  console.error("[bench] failed:", error);
  process.exitCode = 1;
});
