/**
 * The actor's row filter from scope.rules.ts as an SQL condition, for the few reads that need one
 * statement Prisma cannot express (window functions, month buckets: the kanban board, the forecast;
 * ADR 010). Such a read runs as the system actor — raw SQL is refused to partners — with the
 * *caller's* filter, never a hand-written one. Only filters of plain equalities and `in` lists on
 * declared columns translate; anything else throws UNSCOPED_QUERY rather than read too much.
 */
import type { Actor } from "../actor/actor.ts";
import { DomainError } from "../errors/index.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { ModelName } from "./relations.ts";
import { scopeFor } from "./scope.rules.ts";

export type ScopeColumnType = "uuid" | "text";

function unscoped(reason: string): DomainError {
  return new DomainError("UNSCOPED_QUERY", { params: { reason } });
}

/**
 * `alias."column" = …` conditions (joined by AND) equivalent to the scope's read filter for `model`.
 * `columns` names the columns the filter may use and their SQL types (so ids compare as uuid and
 * the indexes apply). A denied read answers like applyScope: NOT_FOUND for partners.
 */
export function scopeConditionSql(actor: Actor | undefined, model: ModelName, alias: string, columns: Readonly<Record<string, ScopeColumnType>>): Prisma.Sql {
  if (!actor) throw unscoped(`${model}: raw read without an actor`);
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw unscoped(`${model}: unsafe alias ${alias}`);
  const decision = scopeFor(actor, model, "read");
  if (decision.type === "deny") {
    if (actor.kind === "partner") throw new DomainError("NOT_FOUND", { params: { entity: model } });
    throw new DomainError("FORBIDDEN", { params: { reason: decision.reason } });
  }
  if (decision.type === "all") return Prisma.sql`TRUE`;
  const conditions: Prisma.Sql[] = [];
  for (const [column, value] of Object.entries(decision.where)) {
    const type = columns[column];
    if (!type) throw unscoped(`${model}.${column}: not a declared column of this raw read`);
    const ref = Prisma.raw(`${alias}."${column}"`);
    const cast = Prisma.raw(type);
    if (value === null) conditions.push(Prisma.sql`${ref} IS NULL`);
    else if (typeof value === "string") conditions.push(Prisma.sql`${ref} = ${value}::${cast}`);
    // One value as an equality: an index on (column, …) then also serves ORDER BY on the columns after it.
    else if (isInList(value) && value.in.length === 1) conditions.push(Prisma.sql`${ref} = ${value.in[0]}::${cast}`);
    else if (isInList(value)) conditions.push(Prisma.sql`${ref} = ANY(${value.in}::${cast}[])`);
    else throw unscoped(`${model}.${column}: a filter raw SQL cannot express`);
  }
  return conditions.length > 0 ? Prisma.join(conditions, " AND ") : Prisma.sql`TRUE`;
}

function isInList(value: unknown): value is { in: string[] } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const list = (value as { in?: unknown }).in;
  return keys.length === 1 && keys[0] === "in" && Array.isArray(list) && list.every((v) => typeof v === "string");
}
