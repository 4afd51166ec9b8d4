import { actorLabel, type Actor } from "../../actor/actor.ts";
import type { Tx } from "../../db/index.ts";
import { Prisma } from "../../db/index.ts";
import { AUDIT_COLUMNS, insertInto } from "../../db/sql-writes.ts";
import { uuidv7 } from "../../db/uuidv7.ts";

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId: string;
  partnerId?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
};

const SECRET_KEYS = new Set(["password", "passwordHash", "hash", "token"]);

/** Audit rows never carry secrets, whatever a caller passes. */
function redact(value: unknown): Prisma.InputJsonValue | null {
  if (value === undefined || value === null) return null;
  return JSON.parse(
    JSON.stringify(value, (key, v) => (SECRET_KEYS.has(key) ? "[redacted]" : typeof v === "bigint" ? v.toString() : v)),
  ) as Prisma.InputJsonValue;
}

/** The row an entry becomes, whichever way it is written. */
function auditRow(actor: Actor, entry: AuditEntry) {
  return {
    actorUserId: actor.kind === "platform" || actor.kind === "partner" || actor.kind === "developer" ? actor.userId : null,
    actorKind: actor.kind,
    actorLabel: actorLabel(actor),
    partnerId: entry.partnerId ?? (actor.kind === "partner" ? actor.partnerId : null),
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: redact(entry.before),
    after: redact(entry.after),
    ip: entry.ip ?? null,
  };
}

/** Write an audit row inside the caller's transaction (ARCHITECTURE invariant 4). */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  const row = auditRow(actor, entry);
  await tx.auditLog.create({ data: { ...row, before: row.before ?? Prisma.DbNull, after: row.after ?? Prisma.DbNull } });
}

/**
 * The same rows as an INSERT for `writeTogether` (system-actor transactions): written in the same
 * statement as the change they record, so they still exist if and only if it commits.
 */
export function auditInsert(actor: Actor, entries: readonly AuditEntry[]): Prisma.Sql {
  // Stamped with the real time (the database's), like recordAudit's rows: an audit trail records when.
  return insertInto("AuditLog", AUDIT_COLUMNS, entries.map((entry) => ({ id: uuidv7(), ...auditRow(actor, entry) })));
}
