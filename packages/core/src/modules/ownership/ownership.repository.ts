/**
 * Every ownership change goes through `changeOwnership`: it appends the history row, updates the
 * customer's current-owner cache, audits and emits the event — in the caller's transaction, which
 * must run as the system actor (ownership spans partners; callers check permissions first).
 */
import type { Actor } from "../../actor/actor.ts";
import { actorLabel } from "../../actor/actor.ts";
import type { Tx } from "../../db/index.ts";
import type { OwnershipEvent } from "../../generated/prisma/client.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";

export type OwnershipChange = {
  customerId: string;
  partnerId: string | null;
  event: OwnershipEvent;
  protectedUntil: Date | null;
  registrationId?: string | null;
  reason?: string | null;
  at?: Date;
};

export async function changeOwnership(
  tx: Tx,
  actor: Actor,
  change: OwnershipChange,
  /** The current owner, when the caller already read it in this transaction (saves a round trip). */
  known?: { ownerPartnerId: string | null; protectedUntil: Date | null },
): Promise<void> {
  const at = change.at ?? new Date();
  const before =
    known ??
    (await tx.customer.findUniqueOrThrow({
      where: { id: change.customerId },
      select: { ownerPartnerId: true, protectedUntil: true },
    }));
  await tx.customerOwnership.create({
    data: {
      customerId: change.customerId,
      partnerId: change.partnerId,
      previousPartnerId: before.ownerPartnerId,
      event: change.event,
      registrationId: change.registrationId ?? null,
      protectedUntil: change.protectedUntil,
      reason: change.reason ?? null,
      actorLabel: actorLabel(actor),
      at,
    },
  });
  await tx.customer.update({
    where: { id: change.customerId },
    data: {
      ownerPartnerId: change.partnerId,
      protectedUntil: change.protectedUntil,
      // A new owner starts a fresh follow-up clock; the pool has none.
      lastActivityAt: change.partnerId ? at : null,
      inactivityWarnedAt: null,
    },
  });
  await recordAudit(tx, actor, {
    action: `customer.ownership.${change.event}`,
    entityType: "Customer",
    entityId: change.customerId,
    partnerId: change.partnerId ?? before.ownerPartnerId,
    before: { ownerPartnerId: before.ownerPartnerId, protectedUntil: before.protectedUntil },
    after: { ownerPartnerId: change.partnerId, protectedUntil: change.protectedUntil, reason: change.reason ?? null },
  });
  await emitEvent(tx, "customer.ownership_changed", { type: "Customer", id: change.customerId, partnerId: change.partnerId }, {
    customerId: change.customerId,
    event: change.event,
    partnerId: change.partnerId,
    previousPartnerId: before.ownerPartnerId,
    protectedUntil: change.protectedUntil?.toISOString() ?? null,
  });
}

/** The full history of a customer, oldest first. */
export function ownershipHistory(tx: Tx, customerId: string) {
  return tx.customerOwnership.findMany({ where: { customerId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
}
