/**
 * Every ownership change goes through here: it appends the history row, updates the customer's
 * current-owner cache, audits and emits the event — in the caller's transaction, which must run as
 * the system actor (ownership spans partners; callers check permissions first). `changeOwnership`
 * does it in one statement; `ownershipWrites` gives the writes to a caller that adds its own to the
 * same statement (the registration decision, see db/sql-writes.ts).
 */
import type { Actor } from "../../actor/actor.ts";
import { actorLabel } from "../../actor/actor.ts";
import { Prisma, type Tx } from "../../db/index.ts";
import { CUSTOMER_COLUMNS, insertInto, OWNERSHIP_COLUMNS, updateSet, writeTogether, type Write } from "../../db/sql-writes.ts";
import { uuidv7 } from "../../db/uuidv7.ts";
import type { OwnershipEvent } from "../../generated/prisma/client.ts";
import type { AuditEntry } from "../audit/audit.repository.ts";
import { auditInsert } from "../audit/audit.repository.ts";
import { domainEvent, outboxInsert, type PendingEvent } from "../outbox/outbox.repository.ts";

export type OwnershipChange = {
  customerId: string;
  partnerId: string | null;
  event: OwnershipEvent;
  protectedUntil: Date | null;
  registrationId?: string | null;
  reason?: string | null;
  /** The other customer of a merge (or of its reversal). */
  relatedCustomerId?: string | null;
  mergeId?: string | null;
  at?: Date;
};

export type CurrentOwner = { ownerPartnerId: string | null; protectedUntil: Date | null };

export type OwnershipWrites = {
  /** The history row. */
  history: Prisma.Sql;
  /** The customer's owner cache; null when the caller writes the customer row itself (a new customer). */
  customer: Prisma.Sql | null;
  audit: AuditEntry;
  event: PendingEvent;
};

/** What an ownership change writes, from the owner before it (read by the caller, in its transaction). */
export function ownershipWrites(actor: Actor, change: OwnershipChange, before: CurrentOwner, options: { customerRow?: "update" | "caller" } = {}): OwnershipWrites {
  const at = change.at ?? new Date();
  const history = insertInto("CustomerOwnership", OWNERSHIP_COLUMNS, [
    {
      id: uuidv7(at),
      customerId: change.customerId,
      partnerId: change.partnerId,
      previousPartnerId: before.ownerPartnerId,
      event: change.event,
      registrationId: change.registrationId ?? null,
      protectedUntil: change.protectedUntil,
      reason: change.reason ?? null,
      relatedCustomerId: change.relatedCustomerId ?? null,
      mergeId: change.mergeId ?? null,
      actorLabel: actorLabel(actor),
      at,
    },
  ]);
  const customer =
    options.customerRow === "caller"
      ? null
      : updateSet(
          "Customer",
          CUSTOMER_COLUMNS,
          {
            ownerPartnerId: change.partnerId,
            protectedUntil: change.protectedUntil,
            // A new owner starts a fresh follow-up clock; the pool has none.
            lastActivityAt: change.partnerId ? at : null,
            inactivityWarnedAt: null,
            updatedAt: new Date(),
          },
          Prisma.sql`id = ${change.customerId}::uuid`,
        );
  return {
    history,
    customer,
    audit: {
      action: `customer.ownership.${change.event}`,
      entityType: "Customer",
      entityId: change.customerId,
      partnerId: change.partnerId ?? before.ownerPartnerId,
      before: { ownerPartnerId: before.ownerPartnerId, protectedUntil: before.protectedUntil },
      after: { ownerPartnerId: change.partnerId, protectedUntil: change.protectedUntil, reason: change.reason ?? null },
    },
    event: domainEvent("customer.ownership_changed", { type: "Customer", id: change.customerId, partnerId: change.partnerId }, {
      customerId: change.customerId,
      event: change.event,
      partnerId: change.partnerId,
      previousPartnerId: before.ownerPartnerId,
      protectedUntil: change.protectedUntil?.toISOString() ?? null,
    }),
  };
}

export async function changeOwnership(
  tx: Tx,
  actor: Actor,
  change: OwnershipChange,
  /** The current owner, when the caller already read it in this transaction (saves a round trip). */
  known?: CurrentOwner,
): Promise<void> {
  const before =
    known ??
    (await tx.customer.findUniqueOrThrow({
      where: { id: change.customerId },
      select: { ownerPartnerId: true, protectedUntil: true },
    }));
  const writes = ownershipWrites(actor, change, before);
  const all: Write[] = [writes.history, writes.customer, auditInsert(actor, [writes.audit]), outboxInsert([writes.event])];
  await writeTogether(tx, all);
}

/** The full history of a customer, oldest first. */
export function ownershipHistory(tx: Tx, customerId: string) {
  return tx.customerOwnership.findMany({ where: { customerId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
}
