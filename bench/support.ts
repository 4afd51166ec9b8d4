/**
 * What the benchmarks under bench/ share: environment and database set-up (a database per benchmark
 * and scale, reused while its dataset marker and migrations still match), bulk inserts with `unnest`,
 * percentiles, the output table and machine lines, EXPLAIN one-liners, and round-trip recording.
 *
 * Nothing here imports @qudao/core statically: core reads DATABASE_URL and NODE_ENV lazily, so a
 * benchmark calls `configureBench()` first and only then loads core (dynamic `import()`).
 */
import { readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

// ── configuration ──────────────────────────────────────────────────────────────────────────────

export function numberFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    console.error(`[bench] ${name}=${raw} is not a number between ${min} and ${max}`);
    process.exit(2);
  }
  return value;
}

export const SCALE = numberFromEnv("BENCH_SCALE", 1, 0.0001, 10);
export const FRESH = process.env.BENCH_FRESH === "1";
export const KEEP = process.env.BENCH_KEEP !== "0";

/** Warm-up rounds for a given number of timed iterations. */
export function warmupFor(iterations: number): number {
  return Math.min(50, Math.max(5, Math.round(iterations / 6)));
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const migrationsDir = path.join(repoRoot, "packages/core/prisma/migrations");

export type BenchDatabase = { name: string; url: URL; adminUrl: URL };

/**
 * The benchmark's own database (`<baseName>` at full scale, `<baseName>_0_01` at 0.01) and the
 * environment core reads on first use: DATABASE_URL pointing at it, production mode (the REST
 * handler is ~4× slower otherwise), no Prisma telemetry. Call before anything from core is imported.
 */
export function configureBench(baseName: string): BenchDatabase {
  const name = SCALE === 1 ? baseName : `${baseName}_${String(SCALE).replace(/[^0-9]+/g, "_")}`;
  const serverUrl = new URL(process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/qudao");
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const adminUrl = new URL(serverUrl);
  adminUrl.pathname = "/postgres";
  process.env.DATABASE_URL = url.toString();
  process.env.CHECKPOINT_DISABLE ??= "1";
  if (!process.env.NODE_ENV) process.env.NODE_ENV = "production";
  if (process.env.NODE_ENV !== "production") {
    console.warn(`[bench] NODE_ENV=${process.env.NODE_ENV}: the API handler is much slower outside production mode; use npm run bench`);
  }
  return { name, url, adminUrl };
}

export type Rng = () => number;

// ── output helpers ─────────────────────────────────────────────────────────────────────────────

export const log = (message: string) => console.log(`[bench] ${message}`);
export const int = (n: number) => Math.round(n).toLocaleString("en-US");
export const ms = (n: number) => n.toFixed(2);
export const seconds = (startedAt: number) => ((performance.now() - startedAt) / 1000).toFixed(1);

export function table(headers: string[], rows: string[][], rightAligned: (i: number) => boolean): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (rightAligned(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(headers), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** The "Machine:", "Postgres:" and "Load:" lines of a report. */
export function machineLine(): string {
  const cpus = os.cpus();
  return `Machine:  ${cpus.length} CPU (${cpus[0]?.model.trim() ?? "unknown"}), ${int(os.totalmem() / 2 ** 30)} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

export async function postgresSettings(pool: pg.Pool): Promise<{ version: string; sharedBuffers: string; synchronousCommit: string }> {
  const one = async (setting: string) => (await pool.query<Record<string, string>>(`SHOW ${setting}`)).rows[0]?.[setting] ?? "?";
  return { version: await one("server_version"), sharedBuffers: await one("shared_buffers"), synchronousCommit: await one("synchronous_commit") };
}

export function loadLine(): string {
  const cpus = os.cpus().length;
  return `Load:     average ${os.loadavg().map((l) => l.toFixed(2)).join(" / ")} (1/5/15 min) at the end of the run${os.loadavg()[0]! > cpus ? " — the machine was busy: expect noisy numbers" : ""}`;
}

// ── statistics ─────────────────────────────────────────────────────────────────────────────────

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export type Stats = { p50: number; p95: number };
export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** Cumulative Zipf weights: item k gets a share proportional to 1 / (k + 1)^s. */
export function zipfCumulative(count: number, exponent: number): Float64Array {
  const cumulative = new Float64Array(count);
  let total = 0;
  for (let k = 0; k < count; k++) {
    total += 1 / (k + 1) ** exponent;
    cumulative[k] = total;
  }
  return cumulative;
}

export function pickCumulative(rng: Rng, cumulative: Float64Array): number {
  const roll = rng() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > roll) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// ── database: reuse a complete one, or create, migrate and fill ────────────────────────────────

export async function withAdmin<T>(db: BenchDatabase, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: db.adminUrl.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function expectedMigrations(): string[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Why an existing database cannot be reused (marker or migrations), or null when it can. */
async function markerProblem(pool: pg.Pool, marker: string): Promise<string | null> {
  const found = await pool.query<{ comment: string | null }>(
    "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = current_database()",
  );
  if (found.rows[0]?.comment !== marker) return "no complete dataset marker (interrupted run or other generator version)";
  const applied = await pool.query<{ name: string }>(
    `SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY 1`,
  );
  const names = applied.rows.map((r) => r.name);
  const expected = expectedMigrations();
  if (names.join() === expected.join()) return null;
  // Newer migrations on top of the ones it was built with: apply them, as a deployment would.
  if (names.length < expected.length && names.every((name, i) => name === expected[i])) return MIGRATIONS_BEHIND;
  return "migrations changed since it was built";
}

const MIGRATIONS_BEHIND = "newer migrations to apply";

export type PrepareOptions<G> = {
  db: BenchDatabase;
  /** Stored as the database comment once the dataset is complete; a different marker means rebuild. */
  marker: string;
  /** What is about to be generated, for the log line. */
  describe: string;
  /** Further reasons not to reuse (row counts…), checked after the marker; null when fine. */
  reuseProblem?: (pool: pg.Pool) => Promise<string | null>;
  /** Fill the freshly migrated database. The marker is written after it returns. */
  generate: (pool: pg.Pool) => Promise<G>;
  poolSize?: number;
};
export type Prepared<G> = { pool: pg.Pool; reused: boolean; generation?: G };

export async function prepareDatabase<G>(options: PrepareOptions<G>): Promise<Prepared<G>> {
  const { db } = options;
  const testing = await import("@qudao/core/testing");
  const exists = await withAdmin(db, async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [db.name])).rowCount === 1);
  const newPool = () => new pg.Pool({ connectionString: db.url.toString(), max: options.poolSize ?? 4 });
  if (exists && !FRESH) {
    const pool = newPool();
    const problemOf = async () => (await markerProblem(pool, options.marker)) ?? (await options.reuseProblem?.(pool)) ?? null;
    let problem = await problemOf().catch((error: Error) => error.message);
    if (problem === MIGRATIONS_BEHIND) {
      const migratedAt = performance.now();
      await testing.migrateDatabase(db.url.toString());
      log(`applied newer migrations to ${db.name} in ${seconds(migratedAt)} s`);
      problem = await problemOf().catch((error: Error) => error.message);
    }
    if (problem === null) {
      log(`reusing database ${db.name} (${options.marker}); BENCH_FRESH=1 rebuilds it`);
      return { pool, reused: true };
    }
    await pool.end();
    log(`database ${db.name} cannot be reused: ${problem}; rebuilding`);
  }
  const ref = { name: db.name, url: db.url.toString(), adminUrl: db.adminUrl.toString() };
  if (exists) await testing.dropTestDatabase(ref);
  const createdAt = performance.now();
  await testing.createTestDatabase(db.name);
  log(`created and migrated ${db.name} in ${seconds(createdAt)} s; generating ${options.describe}`);
  const pool = newPool();
  const generation = await options.generate(pool);
  await pool.query(`COMMENT ON DATABASE "${db.name}" IS '${options.marker.replace(/'/g, "''")}'`);
  return { pool, reused: false, generation };
}

export async function dropBenchDatabase(db: BenchDatabase): Promise<void> {
  const testing = await import("@qudao/core/testing");
  await testing.dropTestDatabase({ name: db.name, url: db.url.toString(), adminUrl: db.adminUrl.toString() });
}

// ── bulk loading ───────────────────────────────────────────────────────────────────────────────

/**
 * A column of a bulk insert: its name, the type its values travel as, and optionally an SQL
 * expression turning that value into the column's value, `%` standing for it. `unnest` flattens
 * multi-dimensional arrays, so an array column travels as delimited text, e.g.
 * `["identityKeys", "text", "string_to_array(%, chr(31))"]`.
 */
export type Column = readonly [name: string, pgType: string, expression?: string];

/** One multi-row INSERT: every column travels as one array parameter and `unnest` turns them into rows. */
export async function insertRows(pool: pg.Pool, tableName: string, columns: readonly Column[], rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  const names = columns.map(([name]) => `"${name}"`).join(", ");
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ");
  const values = columns.map(([name]) =>
    rows.map((row) => {
      const value = row[name];
      return value instanceof Date ? value.toISOString() : (value ?? null);
    }),
  );
  const select = columns.some(([, , expression]) => expression)
    ? `SELECT ${columns.map(([, , expression], i) => (expression ? expression.replace(/%/g, `u.c${i}`) : `u.c${i}`)).join(", ")} ` +
      `FROM unnest(${arrays}) AS u(${columns.map((_, i) => `c${i}`).join(", ")})`
    : `SELECT * FROM unnest(${arrays})`;
  await pool.query(`INSERT INTO "${tableName}" (${names}) ${select}`, values);
}

/** insertRows in slices of `batch` rows, one after another. */
export async function insertAll(pool: pg.Pool, tableName: string, columns: readonly Column[], rows: ReadonlyArray<Record<string, unknown>>, batch: number): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) await insertRows(pool, tableName, columns, rows.slice(i, i + batch));
}

/**
 * At most `concurrency` writes in flight: Node builds the next batch while PostgreSQL writes the
 * previous ones. `add` waits only when the window is full; `drain` waits for the rest.
 */
export class WriteWindow {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;
  constructor(private readonly concurrency: number) {}

  async add(write: () => Promise<void>): Promise<void> {
    if (this.failure) throw this.failure;
    const running: Promise<void> = write().then(
      () => {
        this.inFlight.delete(running);
      },
      (error: unknown) => {
        this.inFlight.delete(running);
        this.failure ??= error;
      },
    );
    this.inFlight.add(running);
    if (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
  }
}

/** Logs "<label> n / total (x%) r <rate>" every 10 %. */
export function progressReporter(label: string, total: number, rate = "rows/s"): (done: number) => void {
  const startedAt = performance.now();
  let nextReport = 0.1;
  return (done: number) => {
    if (done / total >= nextReport || done === total) {
      const elapsed = (performance.now() - startedAt) / 1000;
      log(`${label} ${int(done).padStart(int(total).length)} / ${int(total)} (${Math.round((done / total) * 100)}%)  ${int(done / elapsed)} ${rate}`);
      while (nextReport <= done / total) nextReport += 0.1;
    }
  };
}

export type IndexDefinition = { table: string; name: string; definition: string };

/**
 * Drop a table's secondary indexes (not those backing a constraint: primary keys) for a bulk load;
 * rebuild them afterwards from the returned definitions with `rebuildIndexes`. Maintaining indexes
 * row by row roughly halves the insert rate.
 */
export async function dropSecondaryIndexes(pool: pg.Pool, tableName: string): Promise<IndexDefinition[]> {
  const indexes = (
    await pool.query<{ name: string; definition: string }>(
      `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
       WHERE i.schemaname = current_schema() AND i.tablename = $1
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
       ORDER BY i.indexname`,
      [tableName],
    )
  ).rows.map((row) => ({ table: tableName, ...row }));
  for (const index of indexes) await pool.query(`DROP INDEX "${index.name}"`);
  return indexes;
}

export async function rebuildIndexes(pool: pg.Pool, indexes: IndexDefinition[]): Promise<void> {
  for (const index of indexes) {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL maintenance_work_mem = '256MB'");
      await client.query(index.definition);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
  }
}

// ── rows shared by the datasets ────────────────────────────────────────────────────────────────

export const PARTNER_COLUMNS: readonly Column[] = [
  ["id", "uuid"],
  ["name", "text"],
  ["tier", '"PartnerTier"'],
  ["region", "text"],
  ["parentPartnerId", "uuid"],
  ["status", '"PartnerStatus"'],
  ["createdAt", "timestamptz"],
  ["updatedAt", "timestamptz"],
];
export const USER_COLUMNS: readonly Column[] = [
  ["id", "uuid"],
  ["email", "text"],
  ["name", "text"],
  ["passwordHash", "text"],
  ["kind", '"UserKind"'],
  ["locale", "text"],
  ["createdAt", "timestamptz"],
  ["updatedAt", "timestamptz"],
];
export const MEMBERSHIP_COLUMNS: readonly Column[] = [
  ["id", "uuid"],
  ["userId", "uuid"],
  ["partnerId", "uuid"],
  ["role", '"MembershipRole"'],
  ["createdAt", "timestamptz"],
];

// ── diagnostics: plans and round trips ─────────────────────────────────────────────────────────

type PlanNode = {
  "Node Type": string;
  "Index Name"?: string;
  "Rows Removed by Filter"?: number;
  "Relation Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  Plans?: PlanNode[];
};

function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) as one line: the scans of `relation` (a bitmap heap scan together with
 * the bitmap index scans that feed it), whether one of them uses an index of that table (named
 * `<relation>_…`, Prisma's convention), their rows and buffers, and the execution time.
 */
export async function explainLine(pool: pg.Pool, label: string, text: string, values: unknown[], relation = "Lead"): Promise<string> {
  const result = await pool.query<{ "QUERY PLAN": Array<{ Plan: PlanNode; "Execution Time": number }> }>(
    `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`,
    values,
  );
  const root = result.rows[0]!["QUERY PLAN"][0]!;
  const nodes = planNodes(root.Plan);
  const ownIndex = (n: PlanNode) => n["Index Name"]?.startsWith(`${relation}_`) ?? false;
  const scans = nodes.filter((n) => n["Relation Name"] === relation || (n["Node Type"] === "Bitmap Index Scan" && ownIndex(n)));
  const loops = (n: PlanNode) => ((n["Actual Loops"] ?? 1) > 1 ? ` × ${n["Actual Loops"]} loops` : "");
  const describe = (n: PlanNode) =>
    `${n["Node Type"]}${n["Index Name"] ? ` using ${n["Index Name"]}` : ""} (rows ${n["Actual Rows"]}${loops(n)}, removed by filter ${n["Rows Removed by Filter"] ?? 0}, ` +
    `buffers hit ${n["Shared Hit Blocks"] ?? 0} read ${n["Shared Read Blocks"] ?? 0})`;
  const usesIndex = scans.some(ownIndex);
  return `${label}: ${usesIndex ? `index scan on a ${relation} index` : `NO ${relation} index scan`} — ${scans.map(describe).join("; ") || `no scan of ${relation}`}; execution ${ms(root["Execution Time"])} ms`;
}

/** One database round trip seen by `pg`: its SQL, parameters, time from send to answer, and which connection sent it. */
export type RecordedQuery = { text: string; values: unknown[]; ms: number; connection: number };
let recording: RecordedQuery[] | undefined;
const connectionIds = new WeakMap<object, number>();
let nextConnectionId = 1;

// Count (and time) the round trips of a call: Prisma's pg adapter and the benchmarks share the `pg`
// module, so wrapping Client.prototype.query sees both. Promise and callback forms are timed.
const clientPrototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const originalQuery = clientPrototype.query;
clientPrototype.query = function recordQuery(this: unknown, ...args: unknown[]) {
  if (!recording) return originalQuery.apply(this, args);
  const first = args[0] as string | { text?: string; values?: unknown[] };
  const text = typeof first === "string" ? first : (first?.text ?? "");
  const values = typeof first === "string" ? (Array.isArray(args[1]) ? (args[1] as unknown[]) : []) : (first?.values ?? []);
  let connection = connectionIds.get(this as object);
  if (connection === undefined) connectionIds.set(this as object, (connection = nextConnectionId++));
  const entry: RecordedQuery = { text, values, ms: Number.NaN, connection };
  recording.push(entry);
  const t0 = performance.now();
  const done = () => {
    entry.ms = performance.now() - t0;
  };
  const last = args[args.length - 1];
  if (typeof last === "function") {
    args[args.length - 1] = (...cbArgs: unknown[]) => {
      done();
      return (last as (...a: unknown[]) => unknown)(...cbArgs);
    };
    return originalQuery.apply(this, args);
  }
  const result = originalQuery.apply(this, args);
  if (result && typeof (result as Promise<unknown>).then === "function") (result as Promise<unknown>).then(done, done);
  return result;
};

/** The queries `fn` sends, in order. Do not overlap two recordings. */
export async function recordQueries(fn: () => Promise<unknown>): Promise<RecordedQuery[]> {
  if (recording) throw new Error("recordQueries: a recording is already running");
  recording = [];
  try {
    await fn();
    return recording;
  } finally {
    recording = undefined;
  }
}

export function shortSql(text: string, max = 150): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 3)}...` : oneLine;
}
