/**
 * A transaction on a pooled connection without Prisma, for the system actor's hottest path: the
 * registration decision (ADR 008). It shares Prisma's pool, speaks only `Prisma.sql` statements
 * (every value a bound parameter), and, like every raw query, is refused to any actor but the
 * system: raw SQL bypasses the scoped data layer.
 */
import type pg from "pg";
import type { Prisma } from "../generated/prisma/client.ts";
import { assertSystem } from "./scoped-client.ts";

export type SqlTx = {
  /** The rows of a query. */
  query<T>(sql: Prisma.Sql): Promise<T[]>;
  /** Run a statement; how many rows it changed. */
  execute(sql: Prisma.Sql): Promise<number>;
};

/** Like Prisma's interactive transactions: a statement (a lock wait included) gives up after 5 s. */
const STATEMENT_TIMEOUT_MS = 5_000;

export async function runSystemTransaction<T>(pool: pg.Pool, fn: (tx: SqlTx) => Promise<T>): Promise<T> {
  assertSystem("a raw transaction");
  const client = await pool.connect();
  let broken = false;
  try {
    // One round trip: PostgreSQL runs a parameterless multi-statement query in order.
    await client.query(`BEGIN; SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
    const tx: SqlTx = {
      query: async <R>(sql: Prisma.Sql) => (await client.query(sql.text, sql.values)).rows as R[],
      execute: async (sql) => (await client.query(sql.text, sql.values)).rowCount ?? 0,
    };
    const result = await fn(tx);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    // A connection that cannot even roll back is not handed to anyone else.
    await client.query("ROLLBACK").catch(() => (broken = true));
    throw error;
  } finally {
    client.release(broken);
  }
}
