/**
 * Several writes in one SQL statement, for the hot transactional paths (a registration decision
 * writes up to nine rows in five tables; one round trip each was most of its time — see
 * `npm run bench` and docs/decisions/008-registration-decision-path.md).
 *
 * `writeTogether` runs the writes as data-modifying CTEs of one statement. PostgreSQL runs every
 * one of them to completion, whether or not the outer query reads it, and checks foreign keys at
 * the end of the statement, so a child row may reference a parent inserted beside it. What the
 * caller must keep in mind: the writes share one snapshot — none sees rows another one inserts or
 * changes — and no row may be changed by two of them.
 *
 * Raw SQL bypasses the scoped data layer, so the scoped client refuses it unless the actor is the
 * system: these builders are for system-actor transactions only. Table and column names come from
 * code, never from input; every value travels as a bound parameter with an explicit cast.
 */
import { Prisma } from "../generated/prisma/client.ts";
import type { Tx } from "./index.ts";
import type { SqlTx } from "./system-transaction.ts";

/** A column's SQL type, for the cast its parameter gets. */
export type SqlType = "uuid" | "text" | "text[]" | "timestamptz" | "jsonb" | "integer" | `"${string}"`;

export type Columns = Readonly<Record<string, SqlType>>;

const identifier = (name: string) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`sql-writes: not an identifier: ${name}`);
  return Prisma.raw(`"${name}"`);
};

/** One value as a parameter cast to its column's type; jsonb values are serialised here. */
function value(type: SqlType, v: unknown): Prisma.Sql {
  const cast = Prisma.raw(type);
  if (v === undefined || v === null) return Prisma.sql`NULL::${cast}`;
  if (type === "jsonb") return Prisma.sql`${JSON.stringify(v)}::jsonb`;
  if (type === "timestamptz" && !(v instanceof Date)) throw new Error("sql-writes: a timestamptz value must be a Date");
  return Prisma.sql`${v}::${cast}`;
}

/**
 * `INSERT INTO "table" (columns) VALUES (…), (…)`. The columns are the first row's keys (a column
 * left out gets its database default); every row must give the same ones.
 */
export function insertInto(
  table: string,
  columns: Columns,
  rows: ReadonlyArray<Readonly<Record<string, unknown>>>,
  options: { onConflictDoNothing?: boolean } = {},
): Prisma.Sql {
  if (rows.length === 0) throw new Error(`sql-writes: no rows to insert into ${table}`);
  const names = Object.keys(rows[0]!);
  for (const name of names) if (!(name in columns)) throw new Error(`sql-writes: ${table} has no column ${name} here`);
  for (const row of rows) {
    const keys = Object.keys(row);
    if (keys.length !== names.length || keys.some((k) => !names.includes(k))) throw new Error(`sql-writes: rows for ${table} give different columns`);
  }
  const tuples = rows.map((row) => Prisma.sql`(${Prisma.join(names.map((n) => value(columns[n]!, row[n])), ", ")})`);
  return Prisma.sql`INSERT INTO ${identifier(table)} (${Prisma.join(names.map(identifier), ", ")}) VALUES ${Prisma.join(tuples, ", ")}${
    options.onConflictDoNothing ? Prisma.sql` ON CONFLICT DO NOTHING` : Prisma.empty
  }`;
}

/** `UPDATE "table" SET … WHERE <where>`; `where` is a fragment built with Prisma.sql by the caller. */
export function updateSet(table: string, columns: Columns, set: Readonly<Record<string, unknown>>, where: Prisma.Sql): Prisma.Sql {
  const assignments = Object.entries(set).map(([name, v]) => {
    const type = columns[name];
    if (!type) throw new Error(`sql-writes: ${table} has no column ${name} here`);
    return Prisma.sql`${identifier(name)} = ${value(type, v)}`;
  });
  if (assignments.length === 0) throw new Error(`sql-writes: nothing to set on ${table}`);
  return Prisma.sql`UPDATE ${identifier(table)} SET ${Prisma.join(assignments, ", ")} WHERE ${where}`;
}

export type Write = Prisma.Sql | null | undefined | false;

/** A transaction either way: Prisma's, or a raw one (`systemTransaction`). */
export type AnyTx = Tx | SqlTx;

const isSqlTx = (tx: AnyTx): tx is SqlTx => "execute" in tx && typeof tx.execute === "function";

/** Run one statement in either kind of transaction. */
export async function execute(tx: AnyTx, sql: Prisma.Sql): Promise<void> {
  if (isSqlTx(tx)) await tx.execute(sql);
  else await tx.$executeRaw(sql);
}

/** The rows of one query in either kind of transaction. */
export function queryRows<T>(tx: AnyTx, sql: Prisma.Sql): Promise<T[]> {
  return isSqlTx(tx) ? tx.query<T>(sql) : tx.$queryRaw<T[]>(sql);
}

/** Run the writes (nulls skipped) as one statement — one round trip — in the caller's transaction. */
export async function writeTogether(tx: AnyTx, writes: readonly Write[]): Promise<void> {
  const present = writes.filter((w): w is Prisma.Sql => Boolean(w));
  if (present.length === 0) return;
  if (present.length === 1) return execute(tx, present[0]!);
  const ctes = present.map((w, i) => Prisma.sql`${Prisma.raw(`w${i}`)} AS (${w})`);
  await execute(tx, Prisma.sql`WITH ${Prisma.join(ctes, ", ")} SELECT 1`);
}

// The columns the one-statement paths write, with their types (schema.prisma is the truth; a
// database test writes through each and reads the rows back with Prisma).

export const AUDIT_COLUMNS = {
  id: "uuid",
  actorUserId: "uuid",
  actorKind: "text",
  actorLabel: "text",
  partnerId: "uuid",
  action: "text",
  entityType: "text",
  entityId: "text",
  before: "jsonb",
  after: "jsonb",
  ip: "text",
  createdAt: "timestamptz",
} as const satisfies Columns;

export const OUTBOX_COLUMNS = {
  id: "uuid",
  type: "text",
  aggregateType: "text",
  aggregateId: "text",
  partnerId: "uuid",
  payload: "jsonb",
  createdAt: "timestamptz",
} as const satisfies Columns;

export const CUSTOMER_COLUMNS = {
  id: "uuid",
  kind: '"CustomerKind"',
  name: "text",
  city: "text",
  phone: "text",
  email: "text",
  uscc: "text",
  ownerPartnerId: "uuid",
  protectedUntil: "timestamptz",
  lastActivityAt: "timestamptz",
  inactivityWarnedAt: "timestamptz",
  customFields: "jsonb",
  createdAt: "timestamptz",
  updatedAt: "timestamptz",
} as const satisfies Columns;

export const CUSTOMER_IDENTITY_COLUMNS = {
  id: "uuid",
  customerId: "uuid",
  kind: "text",
  value: "text",
  createdAt: "timestamptz",
} as const satisfies Columns;

export const REGISTRATION_COLUMNS = {
  id: "uuid",
  partnerId: "uuid",
  customerId: "uuid",
  matchedCustomerId: "uuid",
  status: '"RegistrationStatus"',
  reasonCode: "text",
  reasonNote: "text",
  submitted: "jsonb",
  identityKeys: "text[]",
  note: "text",
  protectedUntil: "timestamptz",
  decidedById: "uuid",
  decidedAt: "timestamptz",
  createdById: "uuid",
  createdAt: "timestamptz",
  updatedAt: "timestamptz",
} as const satisfies Columns;

export const OWNERSHIP_COLUMNS = {
  id: "uuid",
  customerId: "uuid",
  partnerId: "uuid",
  previousPartnerId: "uuid",
  event: '"OwnershipEvent"',
  registrationId: "uuid",
  protectedUntil: "timestamptz",
  reason: "text",
  relatedCustomerId: "uuid",
  mergeId: "uuid",
  actorLabel: "text",
  at: "timestamptz",
} as const satisfies Columns;
