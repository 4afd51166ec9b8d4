/**
 * The confirmation deadline (ADR 019): an issued statement the partner neither confirmed nor
 * disputed within `confirmWithinDays` (dispute-policy) is confirmed on its behalf, so month-end never
 * waits on a partner who does not answer. A disputed statement waits for its disputes instead. Each
 * confirmation is audited as the system's, announced (statement.confirmed) and idempotent.
 */
import { systemActor } from "../../actor/actor.ts";
import { db, runAsSystem } from "../../db/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { readDisputePolicy } from "./settlement-policy.service.ts";

const DAY_MS = 86_400_000;

export async function autoConfirmStatements(now = new Date()): Promise<{ confirmed: number }> {
  const actor = systemActor("statement confirmation deadline");
  return runAsSystem("commissions:auto-confirm", async () => {
    const { confirmWithinDays } = await readDisputePolicy();
    const due = await db.commissionStatement.findMany({
      where: { status: "issued", issuedAt: { lte: new Date(now.getTime() - confirmWithinDays * DAY_MS) } },
      select: { id: true, partnerId: true, period: true, total: true, issuedAt: true },
      orderBy: { id: "asc" },
      take: 500,
    });
    let confirmed = 0;
    for (const statement of due) {
      const done = await db.$transaction(async (tx) => {
        // Only if still issued (the partner may have confirmed or disputed it a moment ago).
        const { count } = await tx.commissionStatement.updateMany({ where: { id: statement.id, status: "issued" }, data: { status: "confirmed", confirmedAt: now, confirmedById: null } });
        if (count === 0) return false;
        const total = statement.total.toFixed(2);
        await recordAudit(tx, actor, {
          action: "statement.auto_confirmed",
          entityType: "CommissionStatement",
          entityId: statement.id,
          partnerId: statement.partnerId,
          before: { status: "issued", issuedAt: statement.issuedAt?.toISOString() ?? null },
          after: { status: "confirmed", confirmWithinDays, total },
        });
        await emitEvent(tx, "statement.confirmed", { type: "CommissionStatement", id: statement.id, partnerId: statement.partnerId }, { statementId: statement.id, partnerId: statement.partnerId, period: statement.period, total, status: "confirmed" });
        return true;
      });
      if (done) confirmed += 1;
    }
    return { confirmed };
  });
}
