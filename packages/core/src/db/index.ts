import pg from "pg";
import { env } from "../env/index.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { createBaseClient, scopeExtension } from "./scoped-client.ts";
import { runSystemTransaction, type SqlTx } from "./system-transaction.ts";
import { runAsActor } from "./actor-context.ts";
import { systemActor } from "../actor/actor.ts";

export { runAsActor, currentActor } from "./actor-context.ts";
export { isUniqueViolation } from "./unique-violation.ts";
export type { SqlTx } from "./system-transaction.ts";
export { Prisma } from "../generated/prisma/client.ts";
export type * from "../generated/prisma/client.ts";

function makeScoped(base: PrismaClient) {
  return base.$extends(scopeExtension());
}
export type ScopedDb = ReturnType<typeof makeScoped>;
export type Tx = Parameters<Parameters<ScopedDb["$transaction"]>[0]>[0];

type Clients = { base: PrismaClient; scoped: ScopedDb; pool: pg.Pool };
const globalKey = Symbol.for("qudao.db");
const holder = globalThis as unknown as { [globalKey]?: Clients };

function clients(): Clients {
  // One pool per process, also across Vite's dev reloads.
  if (!holder[globalKey]) {
    const pool = new pg.Pool({
      connectionString: env().DATABASE_URL,
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      // Waiting longer than this for a connection is an outage, not load: fail the request.
      connectionTimeoutMillis: 10_000,
    });
    // An idle connection the server dropped is discarded by the pool; without a listener the error would end the process.
    pool.on("error", (error) => console.warn(`[db] idle connection lost: ${error.message}`));
    const base = createBaseClient(pool);
    holder[globalKey] = { base, scoped: makeScoped(base), pool };
  }
  return holder[globalKey];
}

/** The scoped client: every query is filtered for the actor in context (runAsActor). */
export const db: ScopedDb = new Proxy({} as ScopedDb, {
  get: (_target, prop) => Reflect.get(clients().scoped as object, prop),
});

/**
 * The unscoped client, for the auth module (Lucia's adapter), migrations-adjacent scripts and the
 * outbox dispatcher only. Never used with a partner actor's input.
 */
export function baseDb(): PrismaClient {
  return clients().base;
}

/**
 * A transaction outside Prisma on the same pool, for the system actor only (the registration
 * decision; see db/system-transaction.ts and ADR 008). Everything else uses `db.$transaction`.
 */
export function systemTransaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
  return runSystemTransaction(clients().pool, fn);
}

export function runAsSystem<T>(reason: string, fn: () => Promise<T>): Promise<T> {
  return runAsActor(systemActor(reason), fn);
}

export async function disconnectDb(): Promise<void> {
  const current = holder[globalKey];
  if (current) {
    delete holder[globalKey];
    await current.base.$disconnect();
  }
}
