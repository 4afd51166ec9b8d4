/** Throwaway databases for tests and e2e runs: create, migrate with the real migrations, drop. */
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const coreDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export type TestDatabase = { name: string; url: string; adminUrl: string };

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export async function createTestDatabase(name: string): Promise<TestDatabase> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
  const serverUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/qudao";
  const adminUrl = withDatabase(serverUrl, "postgres");
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = withDatabase(serverUrl, name);
  await migrateDatabase(url);
  return { name, url, adminUrl };
}

/** Apply the migrations a database does not have yet (`prisma migrate deploy`). */
export async function migrateDatabase(url: string): Promise<void> {
  await run("npx", ["prisma", "migrate", "deploy"], {
    cwd: coreDir,
    env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" },
  });
}

export async function dropTestDatabase(database: TestDatabase): Promise<void> {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database.name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
