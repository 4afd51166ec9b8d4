/**
 * The demo's opportunities: every rep works a handful of deals on the platform's default pipeline —
 * open ones spread over the stages (a few untouched for weeks, so the board shows stuck deals), and
 * some won or lost in the last three months — each with the stage history that got it there.
 */
import Decimal from "decimal.js";
import type { Prisma } from "../db/index.ts";
import { uuidv7 } from "../db/uuidv7.ts";
import { DEFAULT_PIPELINE } from "../testing/opportunity-factories.ts";
import { chance, pick, randomInt, type Rng } from "../testing/fake-data.ts";

const DAY_MS = 86_400_000;
const OPEN_STAGES = [DEFAULT_PIPELINE.stages.qualification, DEFAULT_PIPELINE.stages.needs, DEFAULT_PIPELINE.stages.proposal, DEFAULT_PIPELINE.stages.negotiation];
const DEALS = ["年度采购", "设备更新", "系统升级", "门店扩张", "二期项目", "续约"];
const LOST_REASONS = ["价格高于竞品", "预算取消", "选择了竞争对手"];

export type DemoTeam = { partnerId: string; reps: string[]; customers: Array<{ id: string; name: string }> };

export async function seedDemoOpportunities(client: Prisma.TransactionClient, teams: DemoTeam[], rng: Rng, now: Date): Promise<number> {
  const opportunities: Prisma.OpportunityCreateManyInput[] = [];
  const changes: Prisma.OpportunityStageChangeCreateManyInput[] = [];
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY_MS - randomInt(rng, 0, 8 * 3_600) * 1000);
  for (const team of teams) {
    for (const rep of team.reps) {
      for (let i = 0; i < 8; i++) {
        const roll = i < 5 ? "open" : i < 7 ? "won" : "lost";
        const customer = team.customers.length > 0 && chance(rng, 0.8) ? pick(rng, team.customers) : null;
        const createdAt = at(randomInt(rng, 20, 90));
        // The path: one or more open stages, then (for closed deals) won or lost.
        const depth = roll === "open" ? randomInt(rng, 1, OPEN_STAGES.length) : randomInt(rng, 2, OPEN_STAGES.length);
        const path = [...OPEN_STAGES.slice(0, depth), ...(roll === "won" ? [DEFAULT_PIPELINE.stages.won] : roll === "lost" ? [DEFAULT_PIPELINE.stages.lost] : [])];
        const span = now.getTime() - createdAt.getTime();
        // Moves spread over the deal's life; the last one early for some open deals (stuck on the board).
        const lastMove = roll === "open" && chance(rng, 0.25) ? createdAt.getTime() + span * 0.2 : createdAt.getTime() + span * (0.5 + rng() * 0.45);
        const times = path.map((_, k) => new Date(k === 0 ? createdAt.getTime() : createdAt.getTime() + ((lastMove - createdAt.getTime()) * k) / (path.length - 1)));
        const id = uuidv7(createdAt);
        const stageEnteredAt = times[times.length - 1]!;
        const closeMonthOffset = roll === "open" ? randomInt(rng, 0, 5) : 0;
        const expected = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + closeMonthOffset, randomInt(rng, 1, 28)));
        opportunities.push({
          id,
          partnerId: team.partnerId,
          pipelineId: DEFAULT_PIPELINE.id,
          stageId: path[path.length - 1]!,
          customerId: customer?.id ?? null,
          name: `${customer?.name ?? "新客户"} ${pick(rng, DEALS)}`,
          amount: new Decimal(randomInt(rng, 30, 3_000) * 100).toFixed(2),
          currency: "CNY",
          expectedCloseDate: roll === "open" ? expected : new Date(Date.UTC(stageEnteredAt.getUTCFullYear(), stageEnteredAt.getUTCMonth(), stageEnteredAt.getUTCDate())),
          ownerId: rep,
          status: roll,
          lostReason: roll === "lost" ? pick(rng, LOST_REASONS) : null,
          stageEnteredAt,
          closedAt: roll === "open" ? null : stageEnteredAt,
          createdById: rep,
          createdAt,
          updatedAt: stageEnteredAt,
        });
        path.forEach((stageId, k) => {
          changes.push({
            id: uuidv7(times[k]!),
            opportunityId: id,
            partnerId: team.partnerId,
            fromStageId: k === 0 ? null : path[k - 1]!,
            toStageId: stageId,
            changedById: rep,
            secondsInPrevious: k === 0 ? null : Math.floor((times[k]!.getTime() - times[k - 1]!.getTime()) / 1000),
            at: times[k]!,
          });
        });
      }
    }
  }
  await client.opportunity.createMany({ data: opportunities });
  await client.opportunityStageChange.createMany({ data: changes });
  return opportunities.length;
}
