/**
 * Consumers of `statement.issued` and `statement.approved`: the partner's admins (who confirm) and
 * managers (who read statements) hear that a statement waits for them, and later that it was
 * approved for payment. Idempotent through (sourceEventId, userId).
 */
import { db } from "../../db/index.ts";
import type { DomainEvents } from "../outbox/outbox.events.ts";

type StatementEvent = DomainEvents["statement.issued"];

async function notifyPartner(eventId: string, payload: StatementEvent, type: string, messageKey: string): Promise<{ created: number }> {
  const members = await db.membership.findMany({ where: { partnerId: payload.partnerId, role: { in: ["admin", "manager"] }, user: { deactivatedAt: null } }, select: { userId: true } });
  if (members.length === 0) return { created: 0 };
  const result = await db.notification.createMany({
    data: members.map((member) => ({
      userId: member.userId,
      type,
      messageKey,
      params: { period: payload.period, total: payload.total },
      link: `/statements/${payload.statementId}`,
      sourceEventId: eventId,
    })),
    skipDuplicates: true,
  });
  return { created: result.count };
}

export function notifyStatementIssued(eventId: string, payload: DomainEvents["statement.issued"]): Promise<{ created: number }> {
  return notifyPartner(eventId, payload, "statement.issued", "commissions.notification.statementIssued");
}

export function notifyStatementApproved(eventId: string, payload: DomainEvents["statement.approved"]): Promise<{ created: number }> {
  return notifyPartner(eventId, payload, "statement.approved", "commissions.notification.statementApproved");
}
