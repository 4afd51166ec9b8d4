/**
 * The daily stuck-deal check (worker.ts MAINTENANCE_JOBS "opportunity-stuck"): an open opportunity
 * with no stage change for the configured number of days gets a follow-up task for its owner and an
 * `opportunity.stuck` event — once per stay in a stage.
 *
 * "Once" is the Task table's unique `sourceKey`, "opportunity.stuck:<id>:<stageEnteredAt ms>": the task
 * and the event are written in one transaction, and the event only for tasks this run inserted
 * (INSERT … ON CONFLICT DO NOTHING RETURNING). Two runs at once, a rerun after a crash, or a run every
 * day all meet at that unique key; the database, not a check-then-write, decides. Moving the deal on
 * and back makes a new stay (a new stageEnteredAt), which may be flagged again. Tasks are closed, never
 * deleted (scope), so the key outlives the stay.
 */
import { db, runAsSystem, type Prisma } from "../../db/index.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { findStuckCandidates } from "./opportunities.repository.ts";
import { daysInStage, stuckBefore, stuckSourceKey } from "./opportunities.rules.ts";
import { readOpportunitySettings } from "./opportunity-settings.ts";

const BATCH = 500;

export async function flagStuckOpportunities(now = new Date()): Promise<{ flagged: number; checked: number }> {
  const { stuckDays } = await readOpportunitySettings();
  const before = stuckBefore(now, stuckDays);
  let after: { stageEnteredAt: Date; id: string } | null = null;
  let flagged = 0;
  let checked = 0;
  for (;;) {
    const batch = await findStuckCandidates(before, after, BATCH);
    if (batch.length === 0) break;
    checked += batch.length;
    flagged += await runAsSystem("opportunity-stuck", () =>
      db.$transaction(async (tx) => {
        // The task goes to the owner while they are still a member of the deal's partner; else to the partner.
        const owners = batch.flatMap((o) => (o.ownerId ? [o.ownerId] : []));
        const members = await tx.membership.findMany({
          where: { userId: { in: owners }, user: { deactivatedAt: null } },
          select: { userId: true, partnerId: true },
        });
        const active = new Set(members.map((m) => `${m.userId}:${m.partnerId}`));
        const byKey = new Map(batch.map((o) => [stuckSourceKey(o.id, o.stageEnteredAt), o]));
        const created = await tx.task.createManyAndReturn({
          data: batch.map((o) => ({
            partnerId: o.partnerId,
            assigneeId: o.ownerId && active.has(`${o.ownerId}:${o.partnerId}`) ? o.ownerId : null,
            titleKey: "opportunities.task.stuck",
            params: { opportunityName: o.name, days: daysInStage(o.stageEnteredAt, now) } as Prisma.InputJsonValue,
            link: `/opportunities/${o.id}`,
            dueAt: now,
            opportunityId: o.id,
            sourceKey: stuckSourceKey(o.id, o.stageEnteredAt),
          })),
          skipDuplicates: true,
          select: { sourceKey: true },
        });
        for (const task of created) {
          const o = byKey.get(task.sourceKey!)!;
          await emitEvent(tx, "opportunity.stuck", { type: "Opportunity", id: o.id, partnerId: o.partnerId }, {
            opportunityId: o.id,
            partnerId: o.partnerId,
            ownerId: o.ownerId,
            stageId: o.stageId,
            days: daysInStage(o.stageEnteredAt, now),
          });
        }
        return created.length;
      }),
    );
    const last = batch[batch.length - 1]!;
    after = { stageEnteredAt: last.stageEnteredAt, id: last.id };
    if (batch.length < BATCH) break;
  }
  return { flagged, checked };
}
