import { actorLabel, type Actor } from "../../actor/actor.ts";
import type { Tx } from "../../db/index.ts";
import { Prisma } from "../../db/index.ts";

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
function redact(value: unknown): Prisma.InputJsonValue | typeof Prisma.JsonNull {
  if (value === undefined || value === null) return Prisma.JsonNull;
  return JSON.parse(
    JSON.stringify(value, (key, v) => (SECRET_KEYS.has(key) ? "[redacted]" : typeof v === "bigint" ? v.toString() : v)),
  ) as Prisma.InputJsonValue;
}

/** Write an audit row inside the caller's transaction (ARCHITECTURE invariant 4). */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorUserId: actor.kind === "platform" || actor.kind === "partner" ? actor.userId : null,
      actorKind: actor.kind,
      actorLabel: actorLabel(actor),
      partnerId: entry.partnerId ?? (actor.kind === "partner" ? actor.partnerId : null),
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: redact(entry.before),
      after: redact(entry.after),
      ip: entry.ip ?? null,
    },
  });
}
