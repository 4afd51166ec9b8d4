/**
 * `npm run bench` (key `import`): a 100 000-row leads file imported end to end through the real job
 * path — upload over /api/v1 (base64, in-process handleApiRequest: decode, encoding detection,
 * parse, row count, column recognition), start (BullMQ `imports` queue), the worker (an in-process
 * `startWorker`: parse, validate with the lead form's schema, multi-row INSERTs with the counters
 * committed per batch, error file, audit, import.finished), polled the way the UI polls it.
 *
 * The file is what Excel in mainland China writes: CSV in GB18030/GBK, with realistic Chinese names,
 * companies, mobiles, mailboxes, sources and notes from the test factories, and about 1 % bad rows
 * (no name, a phone that is not one, a broken e-mail). Prints rows/s end to end and for the run,
 * the time to the first progress update, and checks the result (imported rows, error file lines).
 * Target: ≥ 5 000 rows/s end to end. A report, not a test: it exits 0 either way.
 *
 * Environment:
 *   BENCH_SCALE=0.1     100 000 rows times this (at least 1 000)
 *   BENCH_FRESH=1       rebuild the database even when a complete one exists
 *   BENCH_KEEP=0        drop the database at the end (default: keep it for the next run)
 */
import iconv from "iconv-lite";
import pg from "pg";
import {
  configureBench,
  dropBenchDatabase,
  insertAll,
  int,
  KEEP,
  loadLine,
  log,
  machineLine,
  MEMBERSHIP_COLUMNS,
  PARTNER_COLUMNS,
  postgresSettings,
  prepareDatabase,
  SCALE,
  seconds,
  table,
  USER_COLUMNS,
} from "./support.ts";

// ── configuration ──────────────────────────────────────────────────────────────────────────────

const ROW_COUNT = Math.max(1_000, Math.round(100_000 * SCALE));
const BAD_EVERY = 100;
const TARGET_ROWS_PER_SECOND = 5_000;
const POLL_MS = 20;
const WARMUP_ROWS = 500;
const BENCH_PASSWORD = "bench-password-1";
const SEED = 20_261_124;
const DATASET_VERSION = 1;
const DATASET_MARKER = `qudao-bench import dataset v${DATASET_VERSION}: one partner, an admin and a rep`;
const REP_EMAIL = "rep1.import@bench.qudao.test";
const ADMIN_EMAIL = "admin.import@bench.qudao.test";

// Core reads its environment on first use: the bench database, production mode, its own queue keys.
const benchDb = configureBench("qudao_bench_import");
process.env.QUEUE_PREFIX = `qudao-bench-${benchDb.name}`;

let testing: typeof import("@qudao/core/testing");
let server: typeof import("@qudao/core/server");
let workerModule: typeof import("@qudao/core/worker");
let handleApiRequest: (typeof import("@qudao/core/api"))["handleApiRequest"];

async function loadCore(): Promise<void> {
  testing = await import("@qudao/core/testing");
  server = await import("@qudao/core/server");
  workerModule = await import("@qudao/core/worker");
  ({ handleApiRequest } = await import("@qudao/core/api"));
}

// ── dataset: one partner with an admin and a rep (the leads come from the import) ───────────────

async function generate(pool: pg.Pool): Promise<{ seconds: number }> {
  const startedAt = performance.now();
  const rng = testing.createRng(SEED);
  const createdAt = new Date(Date.now() - 30 * 86_400_000);
  const partner = testing.buildPartner(rng, { createdAt, name: "杭州导入基准贸易有限公司" });
  const passwordHash = await server.hashPassword(BENCH_PASSWORD);
  const users = [
    { email: ADMIN_EMAIL, role: "admin" },
    { email: REP_EMAIL, role: "rep" },
  ].map(({ email, role }) => ({ id: testing.uuidv7(createdAt), email, role, name: testing.personName(rng) }));
  await insertAll(pool, "Partner", PARTNER_COLUMNS, [partner], 10);
  await insertAll(
    pool,
    "User",
    USER_COLUMNS,
    users.map((u) => ({ id: u.id, email: u.email, name: u.name, passwordHash, kind: "partner", locale: "zh-CN", createdAt, updatedAt: createdAt })),
    10,
  );
  await insertAll(
    pool,
    "Membership",
    MEMBERSHIP_COLUMNS,
    users.map((u) => ({ id: testing.uuidv7(createdAt), userId: u.id, partnerId: partner.id, role: u.role, createdAt })),
    10,
  );
  return { seconds: (performance.now() - startedAt) / 1000 };
}

// ── the file ───────────────────────────────────────────────────────────────────────────────────

type GeneratedFile = { bytes: Buffer; rows: number; bad: number; badRowNumbers: number[] };

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** A leads sheet as a partner keeps it, saved by Excel as CSV (GBK), with a bad row every BAD_EVERY. */
function leadsFile(rowCount = ROW_COUNT): GeneratedFile {
  const rng = testing.createRng(SEED + 1);
  const lines = ["姓名,公司名称,手机号码,邮箱,线索来源,备注"];
  const badRowNumbers: number[] = [];
  for (let i = 0; i < rowCount; i++) {
    const company = testing.chance(rng, 0.8) ? testing.companyName(rng) : "";
    let name = testing.personName(rng);
    let phone = testing.mobilePhone(rng);
    let email = testing.chance(rng, 0.6) ? (company ? testing.companyEmail(rng, company) : testing.personalEmail(rng)) : "";
    if (i % BAD_EVERY === BAD_EVERY - 1) {
      // Spreadsheet row number: the header is row 1.
      badRowNumbers.push(i + 2);
      const kind = Math.floor(i / BAD_EVERY) % 3;
      if (kind === 0) name = "";
      else if (kind === 1) phone = "待补充";
      else email = `${name}@`;
    }
    const notes = testing.chance(rng, 0.3) ? testing.leadNote(rng) : "";
    lines.push([name, company, phone, email, testing.leadSource(rng), notes].map(csvCell).join(","));
  }
  return { bytes: iconv.encode(`${lines.join("\r\n")}\r\n`, "gb18030"), rows: rowCount, bad: badRowNumbers.length, badRowNumbers };
}

// ── the run ────────────────────────────────────────────────────────────────────────────────────

async function api(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await handleApiRequest(
    new Request(`http://127.0.0.1/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

type Timeline = { uploadMs: number; startMs: number; pickupMs: number; firstProgressMs: number | null; progressUpdates: number; runMs: number; totalMs: number };

async function runImport(pool: pg.Pool, token: string, file: GeneratedFile): Promise<{ jobId: string; timeline: Timeline; job: Record<string, unknown> }> {
  const t0 = performance.now();
  const uploaded = await api("POST", "/imports", token, { entity: "leads", fileName: "线索名单.csv", content: file.bytes.toString("base64") });
  if (uploaded.status !== 201) throw new Error(`upload answered ${uploaded.status}: ${JSON.stringify(uploaded.body).slice(0, 300)}`);
  const tUploaded = performance.now();
  const jobId = uploaded.body.id as string;
  if (uploaded.body.totalRows !== file.rows) throw new Error(`upload counted ${uploaded.body.totalRows} rows, the file has ${file.rows}`);
  const started = await api("POST", `/imports/${jobId}/run`, token, { mode: "valid_rows" });
  if (started.status !== 200) throw new Error(`run answered ${started.status}: ${JSON.stringify(started.body).slice(0, 300)}`);
  const tStarted = performance.now();
  const startedWallClock = Date.now();
  let firstProgressMs: number | null = null;
  let lastProcessed = 0;
  let progressUpdates = 0;
  for (;;) {
    const { rows } = await pool.query<{ status: string; processedRows: number }>(`SELECT status::text AS status, "processedRows" FROM "ImportJob" WHERE id = $1`, [jobId]);
    const row = rows[0]!;
    if (row.processedRows > lastProcessed) {
      progressUpdates++;
      lastProcessed = row.processedRows;
      firstProgressMs ??= performance.now() - tStarted;
    }
    if (row.status === "completed" || row.status === "failed") break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const tDone = performance.now();
  const job = (await api("GET", `/imports/${jobId}`, token)).body as Record<string, unknown>;
  return {
    jobId,
    job,
    timeline: { uploadMs: tUploaded - t0, startMs: tStarted - tUploaded, pickupMs: new Date(String(job.startedAt)).getTime() - startedWallClock, firstProgressMs, progressUpdates, runMs: tDone - tStarted, totalMs: tDone - t0 },
  };
}

async function check(pool: pg.Pool, token: string, jobId: string, job: Record<string, unknown>, file: GeneratedFile, partnerId: string, repId: string): Promise<string[]> {
  const problems: string[] = [];
  if (job.status !== "completed") problems.push(`status ${String(job.status)}, failure ${String(job.failure)}`);
  if (job.importedRows !== file.rows - file.bad) problems.push(`importedRows ${String(job.importedRows)}, expected ${file.rows - file.bad}`);
  if (job.errorRows !== file.bad) problems.push(`errorRows ${String(job.errorRows)}, expected ${file.bad}`);
  const leads = await pool.query<{ n: number; reps: number }>(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE "assigneeId" = $2 AND "createdById" = $2)::int AS reps FROM "Lead" WHERE "partnerId" = $1`,
    [partnerId, repId],
  );
  if (leads.rows[0]!.n !== file.rows - file.bad) problems.push(`${leads.rows[0]!.n} leads in the table, expected ${file.rows - file.bad}`);
  if (leads.rows[0]!.reps !== leads.rows[0]!.n) problems.push("not every imported lead is the rep's");
  const errorFile = await api("GET", `/imports/${jobId}/error-file`, token);
  if (errorFile.status !== 200) {
    problems.push(`error file answered ${errorFile.status}`);
  } else {
    const lines = Buffer.from(errorFile.body.content as string, "base64").toString("utf8").replace(/^\uFEFF/, "").split("\r\n").filter(Boolean);
    const numbers = lines.slice(1).map((line) => Number(line.split(",")[0]));
    if (lines.length !== file.bad + 1) problems.push(`error file has ${lines.length - 1} rows, expected ${file.bad}`);
    if (numbers.join() !== file.badRowNumbers.join()) problems.push("the error file's row numbers are not the bad rows'");
  }
  return problems;
}

// ── main ───────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const startedAt = performance.now();
  await loadCore();
  log(`scale ${SCALE}: ${int(ROW_COUNT)} rows, database ${benchDb.name}, NODE_ENV=${process.env.NODE_ENV}`);
  const { pool, reused } = await prepareDatabase({ db: benchDb, marker: DATASET_MARKER, describe: "one partner with an admin and a rep", generate });
  const worker = workerModule.startWorker({ schedule: false, log: () => undefined });
  try {
    const rep = (await pool.query<{ id: string; partnerId: string }>(`SELECT u.id, m."partnerId" FROM "User" u JOIN "Membership" m ON m."userId" = u.id WHERE u.email = $1`, [REP_EMAIL])).rows[0];
    if (!rep) throw new Error("the bench database has no rep");
    // Every run starts from an empty lead table for the partner, so runs compare.
    await pool.query(`DELETE FROM "Lead" WHERE "partnerId" = $1`, [rep.partnerId]);
    await pool.query(`DELETE FROM "ImportJob" WHERE "partnerId" = $1`, [rep.partnerId]);
    await pool.query(`VACUUM (ANALYZE) "Lead"`);

    const generatedAt = performance.now();
    const file = leadsFile();
    log(`generated ${int(file.rows)} rows (${int(file.bad)} bad), ${(file.bytes.length / 2 ** 20).toFixed(1)} MiB of GB18030 CSV in ${seconds(generatedAt)} s`);
    const token = await testing.apiToken({ email: REP_EMAIL, password: BENCH_PASSWORD });

    // Warm-up: the first import loads exceljs and csv-parse, opens the queue's Redis connection and warms the JIT.
    const warmup = await runImport(pool, token, leadsFile(WARMUP_ROWS));
    if (warmup.job.status !== "completed") throw new Error(`warm-up import ended ${String(warmup.job.status)}: ${String(warmup.job.failure)}`);
    await pool.query(`DELETE FROM "Lead" WHERE "partnerId" = $1`, [rep.partnerId]);
    log(`warm-up import of ${int(WARMUP_ROWS)} rows in ${warmup.timeline.totalMs.toFixed(0)} ms`);

    log("importing: upload → start → worker → completed");
    const { jobId, job, timeline } = await runImport(pool, token, file);
    const problems = await check(pool, token, jobId, job, file, rep.partnerId, rep.id);
    const settings = await postgresSettings(pool);

    const endToEnd = file.rows / (timeline.totalMs / 1000);
    const runOnly = file.rows / (timeline.runMs / 1000);
    const ok = endToEnd >= TARGET_ROWS_PER_SECOND;
    console.log("");
    console.log("Qudao benchmark — leads import end to end (POST /api/v1/imports → run → BullMQ worker → completed)");
    console.log(machineLine());
    console.log(`Postgres: ${settings.version} (shared_buffers ${settings.sharedBuffers}, synchronous_commit ${settings.synchronousCommit}), database ${benchDb.name} ${reused ? "reused" : "created"}`);
    console.log(`File:     ${int(file.rows)} rows, ${int(file.bad)} bad (1 in ${BAD_EVERY}), ${(file.bytes.length / 2 ** 20).toFixed(1)} MiB GB18030 CSV as Excel writes it; mode "valid rows"`);
    console.log(loadLine());
    console.log("");
    console.log(
      table(
        ["step", "ms", "rows/s"],
        [
          ["upload: base64 → decode, detect GB18030, parse and count, recognise columns, store", timeline.uploadMs.toFixed(0), int(file.rows / (timeline.uploadMs / 1000))],
          ["start: mapping check, queued", timeline.startMs.toFixed(0), ""],
          ["the worker took the job (after start)", Math.max(0, timeline.pickupMs).toFixed(0), ""],
          ["first progress update (after start)", timeline.firstProgressMs === null ? "none" : timeline.firstProgressMs.toFixed(0), ""],
          [`run: worker parse + validate + insert + ${timeline.progressUpdates} progress updates + error file`, timeline.runMs.toFixed(0), int(runOnly)],
          ["end to end: upload to completed", timeline.totalMs.toFixed(0), int(endToEnd)],
        ],
        (i) => i > 0,
      ),
    );
    console.log("");
    console.log(`Target:   ≥ ${int(TARGET_ROWS_PER_SECOND)} rows/s end to end — ${ok ? "ok" : "MISSED"} (${int(endToEnd)} rows/s)`);
    if (problems.length > 0) {
      console.log(`RESULT: WRONG RESULT — ${problems.join("; ")}`);
      process.exitCode = 1;
    } else {
      console.log(`RESULT: ${ok ? "target met" : "MISSED the target"}; ${int(file.rows - file.bad)} leads imported for the rep, error file lists the ${int(file.bad)} bad rows with their row numbers`);
    }
    await api("DELETE", "/sessions/current", token);
    log(`done in ${seconds(startedAt)} s`);
  } finally {
    await worker.stop();
    await workerModule.closeImportsQueue();
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
