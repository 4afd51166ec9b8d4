// A config file switches off Prisma's own .env loading, so load it here.
import "dotenv/config";
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// prisma/prisma#27403: adapter-pg 6.x cannot map Postgres `name`/`"char"` columns (oids 19/18 and
// their arrays 1003/1002) that `migrate` introspects. Report them as text / text[] instead.
// https://github.com/prisma/prisma/issues/27403
const TEXT_OIDS: Record<number, number> = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };
const resultProto = pg.Result.prototype as unknown as {
  addFields: (fields: Array<{ dataTypeID: number }>) => void;
};
const originalAddFields = resultProto.addFields;
resultProto.addFields = function addFields(fields) {
  for (const field of fields) {
    const mapped = TEXT_OIDS[field.dataTypeID];
    if (mapped !== undefined) field.dataTypeID = mapped;
  }
  return originalAddFields.call(this, fields);
};

process.env.CHECKPOINT_DISABLE ??= "1";
const connectionString = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/qudao";
process.env.DATABASE_URL = connectionString;

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => wholeScripts(new PrismaPg({ connectionString })),
});

/**
 * adapter-pg 6.x runs a migration by splitting its script on every ";" — inside strings,
 * dollar-quoted function bodies and comments too — and sending the pieces one by one (not even in
 * one transaction). PostgreSQL takes a whole script in one simple query and runs it atomically, so
 * send it whole. Without this a migration cannot create a PL/pgSQL function.
 */
function wholeScripts(factory: PrismaPg): PrismaPg {
  type Adapter = { client: pg.Pool; onError(error: unknown): never; executeScript(script: string): Promise<void> };
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const internals = adapter as unknown as Adapter;
    internals.executeScript = async (script: string) => {
      try {
        await internals.client.query(script);
      } catch (error) {
        internals.onError(error);
      }
    };
    return adapter;
  };
  return factory;
}
