/**
 * Fake opportunities and pipelines for tests and the kanban benchmark: pure builders (rows for
 * createMany / bulk inserts, ids from their own timestamps) and database factories (unscoped inserts).
 */
import { randomBytes } from "node:crypto";
import { baseDb, Prisma } from "../db/index.ts";
import type { Opportunity, OpportunityStatus, Pipeline, PipelineStage, StageKind } from "../db/index.ts";
import { uuidv7 } from "../db/uuidv7.ts";
import { chance, companyName, pick, randomInt, type Rng } from "./fake-data.ts";

/** Stage ids of the platform's default pipeline (migration 20261124120000), in board order. */
export const DEFAULT_PIPELINE = {
  id: "01936a00-0000-7000-8000-000000000001",
  stages: {
    qualification: "01936a00-0000-7000-8000-000000000011",
    needs: "01936a00-0000-7000-8000-000000000012",
    proposal: "01936a00-0000-7000-8000-000000000013",
    negotiation: "01936a00-0000-7000-8000-000000000014",
    won: "01936a00-0000-7000-8000-000000000015",
    lost: "01936a00-0000-7000-8000-000000000016",
  },
} as const;

const OPEN_STAGES = [DEFAULT_PIPELINE.stages.qualification, DEFAULT_PIPELINE.stages.needs, DEFAULT_PIPELINE.stages.proposal, DEFAULT_PIPELINE.stages.negotiation];
const DEAL_WORDS = ["年度采购", "设备更新", "系统升级", "门店扩张", "二期项目", "续约", "试点项目", "集采"];
const LOST_REASONS = ["价格高于竞品", "预算取消", "选择了竞争对手", "项目延期", "需求变化"];

export type OpportunityInput = Prisma.OpportunityUncheckedCreateInput & { id: string; partnerId: string; stageId: string; status: OpportunityStatus; createdAt: Date };

export type BuildOpportunityInput = Partial<Prisma.OpportunityUncheckedCreateInput> & {
  partnerId: string;
  ownerId: string | null;
  createdById: string;
  /** Share of deals already won / lost (the rest open, spread over the open stages). */
  wonShare?: number;
  lostShare?: number;
};

/**
 * A deal on the platform's default pipeline as reps enter them: ¥5 000 – ¥2 000 000 in whole hundreds,
 * expected to close within a few months of its creation, in a random open stage (or won/lost).
 */
export function buildOpportunity(rng: Rng, input: BuildOpportunityInput): OpportunityInput {
  const { wonShare = 0, lostShare = 0, createdAt: rawCreatedAt, ...rest } = input;
  const createdAt = rawCreatedAt ? new Date(rawCreatedAt) : new Date();
  const roll = rng();
  const status: OpportunityStatus = roll < wonShare ? "won" : roll < wonShare + lostShare ? "lost" : "open";
  const stageId = status === "won" ? DEFAULT_PIPELINE.stages.won : status === "lost" ? DEFAULT_PIPELINE.stages.lost : pick(rng, OPEN_STAGES);
  const age = Math.max(0, Date.now() - createdAt.getTime());
  const stageEnteredAt = new Date(createdAt.getTime() + Math.floor(rng() * age));
  const expectedCloseDate = new Date(Date.UTC(createdAt.getUTCFullYear(), createdAt.getUTCMonth() + randomInt(rng, 0, 6), randomInt(rng, 1, 28)));
  return {
    id: uuidv7(createdAt),
    pipelineId: DEFAULT_PIPELINE.id,
    name: `${companyName(rng)} ${pick(rng, DEAL_WORDS)}`,
    amount: new Prisma.Decimal(randomInt(rng, 50, 20_000) * 100),
    currency: "CNY",
    expectedCloseDate: chance(rng, 0.95) ? expectedCloseDate : null,
    lostReason: status === "lost" ? pick(rng, LOST_REASONS) : null,
    stageEnteredAt,
    closedAt: status === "open" ? null : stageEnteredAt,
    customFields: {},
    updatedAt: stageEnteredAt,
    ...rest,
    stageId,
    status,
    createdAt,
  };
}

/** A partner's own pipeline with the given stages, in order (unscoped insert, tests only). */
export async function createTestPipeline(
  partnerId: string | null,
  stages: Array<{ name: string; probability: number; kind: StageKind }> = [
    { name: "接洽", probability: 20, kind: "open" },
    { name: "报价", probability: 60, kind: "open" },
    { name: "赢单", probability: 100, kind: "won" },
    { name: "输单", probability: 0, kind: "lost" },
  ],
  opts: { name?: string; isDefault?: boolean } = {},
): Promise<Pipeline & { stages: PipelineStage[] }> {
  return baseDb().pipeline.create({
    data: {
      partnerId,
      name: opts.name ?? `测试流程 ${randomBytes(3).toString("hex")}`,
      isDefault: opts.isDefault ?? false,
      stages: { create: stages.map((stage, i) => ({ ...stage, position: i + 1 })) },
    },
    include: { stages: { orderBy: { position: "asc" } } },
  });
}

/**
 * An opportunity (unscoped insert, tests only). Defaults: the platform's default pipeline, its first
 * stage, open, ¥10 000, closing in 30 days, owned by its creator, entered its stage now. The stage
 * history gets its creation row unless `history: false`.
 */
export async function createTestOpportunity(
  partnerId: string,
  opts: Partial<Prisma.OpportunityUncheckedCreateInput> & { createdById: string; history?: boolean },
): Promise<Opportunity> {
  const { history = true, ...rest } = opts;
  const now = new Date();
  const row = await baseDb().opportunity.create({
    data: {
      pipelineId: DEFAULT_PIPELINE.id,
      stageId: DEFAULT_PIPELINE.stages.qualification,
      name: `测试商机 ${randomBytes(3).toString("hex")}`,
      amount: new Prisma.Decimal("10000.00"),
      expectedCloseDate: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 30)),
      ownerId: rest.ownerId === undefined ? rest.createdById : rest.ownerId,
      ...rest,
      partnerId,
    },
  });
  if (history) {
    await baseDb().opportunityStageChange.create({
      data: { opportunityId: row.id, partnerId, fromStageId: null, toStageId: row.stageId, changedById: row.createdById, secondsInPrevious: null, at: row.stageEnteredAt },
    });
  }
  return row;
}
