/**
 * The scoped data layer (ARCHITECTURE invariant 1). `db` is the only Prisma client modules use. It
 * reads the actor from AsyncLocalStorage and, per scope.rules.ts, adds the partner filter, stamps
 * creates, and refuses what cannot be scoped: a query with no actor, raw SQL from a non-system
 * actor, nested relation writes and includes that would leave the partner's scope.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { DomainError } from "../errors/index.ts";
import { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import { currentActor } from "./actor-context.ts";
import { isModelName, PARTNER_SAFE_RELATIONS, RELATIONS, type ModelName } from "./relations.ts";
import { operationKind, scopeFor } from "./scope.rules.ts";
import type { Actor } from "../actor/actor.ts";

function unscoped(message: string): DomainError {
  return new DomainError("UNSCOPED_QUERY", { params: { reason: message } });
}

type Args = Record<string, unknown> & {
  where?: Record<string, unknown>;
  data?: unknown;
  include?: Record<string, unknown>;
  select?: Record<string, unknown>;
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Throw when include/select reaches a relation outside the partner-safe list (recursively). */
function assertSafeProjection(model: ModelName, args: Record<string, unknown> | undefined, path: string): void {
  if (!args) return;
  const relations = RELATIONS[model] as Record<string, ModelName>;
  const safe = (PARTNER_SAFE_RELATIONS[model] ?? []) as readonly string[];
  for (const key of ["include", "select"] as const) {
    const projection = args[key];
    if (!isPlainObject(projection)) continue;
    for (const [field, value] of Object.entries(projection)) {
      if (value === false || value === undefined) continue;
      if (field === "_count") throw unscoped(`${path}.${field}: relation counts are not scoped`);
      const target = relations[field];
      if (!target) continue; // scalar field
      if (!safe.includes(field)) throw unscoped(`${path}.${field} leaves the partner's scope`);
      if (isPlainObject(value)) assertSafeProjection(target, value, `${path}.${field}`);
    }
  }
}

/** Nested relation writes (connect, create …) bypass the hook, so partner actors may not use them. */
function assertNoNestedWrites(model: ModelName, data: unknown): void {
  const rows = Array.isArray(data) ? data : [data];
  const relations = RELATIONS[model] as Record<string, string>;
  for (const row of rows) {
    if (!isPlainObject(row)) continue;
    for (const field of Object.keys(row)) {
      if (field in relations) throw unscoped(`${model}.${field}: nested relation writes are not scoped`);
    }
  }
}

function stampRow(model: ModelName, row: unknown, stamp: Record<string, unknown>): Record<string, unknown> {
  if (!isPlainObject(row)) throw unscoped(`${model}: create data must be an object`);
  const out: Record<string, unknown> = { ...row };
  for (const [field, value] of Object.entries(stamp)) {
    if (field in out && out[field] !== undefined && out[field] !== value) {
      throw new DomainError("FORBIDDEN", { params: { reason: `${model}.${field} is outside the actor's scope` } });
    }
    out[field] = value;
  }
  return out;
}

function assertNoScopeFieldChange(model: ModelName, data: unknown, stamp: Record<string, unknown> | undefined): void {
  if (!stamp || !isPlainObject(data)) return;
  for (const field of Object.keys(stamp)) {
    if (field in data && data[field] !== undefined && data[field] !== stamp[field]) {
      throw new DomainError("FORBIDDEN", { params: { reason: `${model}.${field} cannot be moved out of scope` } });
    }
  }
}

export function applyScope(actor: Actor | undefined, model: string, operation: string, args: Args): Args {
  if (!isModelName(model)) throw unscoped(`unknown model ${model}`);
  if (!actor) throw unscoped(`${model}.${operation} ran without an actor`);
  const kind = operationKind(operation);
  if (!kind) throw unscoped(`${model}.${operation} is not a known operation`);
  const decision = scopeFor(actor, model, kind);
  if (decision.type === "deny") {
    // A partner asking for something it cannot see gets the same answer as for something absent.
    if (kind === "read" && actor.kind === "partner") throw new DomainError("NOT_FOUND", { params: { entity: model } });
    throw new DomainError("FORBIDDEN", { params: { reason: decision.reason } });
  }
  if (actor.kind === "partner") {
    assertSafeProjection(model, args, model);
    if (kind !== "read") assertNoNestedWrites(model, args.data);
  }
  if (decision.type === "all") return args;

  const next: Args = { ...args };
  if (kind === "create") {
    const stamp = decision.stamp ?? {};
    next.data = Array.isArray(args.data)
      ? args.data.map((row) => stampRow(model, row, stamp))
      : stampRow(model, args.data, stamp);
    return next;
  }
  // Merge with AND so a caller's own keys are never overwritten (see STACK.md).
  next.where = args.where ? { AND: [args.where, decision.where] } : decision.where;
  if (kind === "update") assertNoScopeFieldChange(model, args.data, decision.stamp);
  return next;
}

/** findUnique's where must keep its unique key at the top level; extra filters go beside it. */
function mergeUniqueWhere(args: Args, scoped: Args): Args {
  const original = args.where ?? {};
  const extra = (scoped.where as { AND?: unknown[] } | undefined)?.AND?.[1];
  if (!extra) return scoped;
  const existing = original.AND === undefined ? [] : Array.isArray(original.AND) ? original.AND : [original.AND];
  return { ...scoped, where: { ...original, AND: [...existing, extra] } };
}

const UNIQUE_WHERE_OPS = new Set(["findUnique", "findUniqueOrThrow", "update", "delete"]);

/** Prisma over the process's one connection pool, which `systemTransaction` shares; disconnecting ends the pool. */
export function createBaseClient(pool: pg.Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
}

export function scopeExtension() {
  return Prisma.defineExtension({
    name: "qudao-partner-scope",
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const actor = currentActor();
          const scoped = applyScope(actor, model, operation, (args ?? {}) as Args);
          const finalArgs = UNIQUE_WHERE_OPS.has(operation) && scoped !== args ? mergeUniqueWhere(args as Args, scoped) : scoped;
          return query(finalArgs as typeof args);
        },
      },
      async $queryRaw({ args, query }) {
        assertSystem("$queryRaw");
        return query(args);
      },
      async $executeRaw({ args, query }) {
        assertSystem("$executeRaw");
        return query(args);
      },
      async $queryRawUnsafe({ args, query }) {
        assertSystem("$queryRawUnsafe");
        return query(args);
      },
      async $executeRawUnsafe({ args, query }) {
        assertSystem("$executeRawUnsafe");
        return query(args);
      },
    },
  });
}

export function assertSystem(what: string): void {
  const actor = currentActor();
  if (actor?.kind !== "system") throw unscoped(`${what} is only allowed for the system actor`);
}
