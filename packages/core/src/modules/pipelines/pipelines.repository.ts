/**
 * The only Prisma access for pipelines and stages. Reads go through the scoped client; stage writes
 * run as the system (the scope refuses PipelineStage writes to partners, because a create cannot be
 * stamped through its pipeline) and only after the service has proved ownership with a scoped read.
 */
import { db, runAsSystem, type Prisma, type Tx } from "../../db/index.ts";
import type { StageCreate, StageUpdate } from "./pipelines.rules.ts";
import type { TStageKind } from "./pipelines.schemas.ts";

const stageSelect = {
  id: true,
  pipelineId: true,
  name: true,
  nameKey: true,
  labels: true,
  pluginKey: true,
  position: true,
  probability: true,
  kind: true,
  archivedAt: true,
} satisfies Prisma.PipelineStageSelect;

const pipelineSelect = {
  id: true,
  partnerId: true,
  pluginKey: true,
  name: true,
  nameKey: true,
  labels: true,
  isDefault: true,
  archivedAt: true,
  stages: { select: stageSelect, orderBy: [{ position: "asc" }, { createdAt: "asc" }] },
} satisfies Prisma.PipelineSelect;

export type StageRow = Prisma.PipelineStageGetPayload<{ select: typeof stageSelect }>;
export type PipelineRow = Prisma.PipelineGetPayload<{ select: typeof pipelineSelect }>;

export async function findPipelineRows(where: Prisma.PipelineWhereInput, tx?: Tx): Promise<PipelineRow[]> {
  return (tx ?? db).pipeline.findMany({
    where,
    // The platform's first, then each partner's, oldest first.
    orderBy: [{ partnerId: { sort: "asc", nulls: "first" } }, { createdAt: "asc" }],
    select: pipelineSelect,
  });
}

export async function findPipelineRow(id: string, tx?: Tx): Promise<PipelineRow | null> {
  return (tx ?? db).pipeline.findUnique({ where: { id }, select: pipelineSelect });
}

/** Names of the partners owning the pipelines (scoped: only partners the actor sees). */
export async function partnerNames(ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.partner.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Opportunities per stage of a pipeline, open and in total. Counts only, so read as the system. */
export async function opportunityCountsByStage(tx: Tx, pipelineId: string): Promise<Map<string, { open: number; total: number }>> {
  const rows = await runAsSystem("pipeline-stage-counts", () =>
    tx.opportunity.groupBy({ by: ["stageId", "status"], where: { pipelineId }, _count: { _all: true } }),
  );
  const counts = new Map<string, { open: number; total: number }>();
  for (const row of rows) {
    const entry = counts.get(row.stageId) ?? { open: 0, total: 0 };
    entry.total += row._count._all;
    if (row.status === "open") entry.open += row._count._all;
    counts.set(row.stageId, entry);
  }
  return counts;
}

export async function countOpenOpportunities(tx: Tx, pipelineId: string): Promise<number> {
  return runAsSystem("pipeline-open-count", () => tx.opportunity.count({ where: { pipelineId, status: "open" } }));
}

export async function insertPipelineRow(tx: Tx, data: { partnerId: string | null; name: string; isDefault: boolean }): Promise<{ id: string }> {
  return tx.pipeline.create({ data, select: { id: true } });
}

export async function updatePipelineRow(tx: Tx, id: string, data: Prisma.PipelineUncheckedUpdateInput): Promise<void> {
  await tx.pipeline.update({ where: { id }, data, select: { id: true } });
}

/** A partner has at most one default pipeline: clear the flag on its others. */
export async function clearPartnerDefault(tx: Tx, partnerId: string, exceptId: string | null): Promise<void> {
  await tx.pipeline.updateMany({ where: { partnerId, isDefault: true, ...(exceptId ? { id: { not: exceptId } } : {}) }, data: { isDefault: false } });
}

/** Stage writes of one edit, as the system, inside the caller's transaction. */
export async function writeStages(
  tx: Tx,
  pipelineId: string,
  changes: { create: StageCreate[]; update: StageUpdate[]; archive: string[] },
  now: Date,
): Promise<void> {
  await runAsSystem("pipeline-stages", async () => {
    if (changes.archive.length > 0) {
      await tx.pipelineStage.updateMany({ where: { pipelineId, id: { in: changes.archive } }, data: { archivedAt: now } });
    }
    for (const { id, data } of changes.update) {
      await tx.pipelineStage.update({ where: { id, pipelineId }, data, select: { id: true } });
    }
    if (changes.create.length > 0) {
      await tx.pipelineStage.createMany({ data: changes.create.map((stage) => ({ ...stage, pipelineId })) });
    }
  });
}

/** The default pipeline for a partner: its own default if it has one, else the platform's. */
export async function findDefaultPipelineId(partnerId: string): Promise<string | null> {
  const rows = await db.pipeline.findMany({
    where: { isDefault: true, archivedAt: null, OR: [{ partnerId }, { partnerId: null }] },
    orderBy: [{ partnerId: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
    select: { id: true },
    take: 1,
  });
  return rows[0]?.id ?? null;
}

export type StageLookup = { id: string; pipelineId: string; kind: TStageKind; archivedAt: Date | null; name: string; nameKey: string | null; labels: Prisma.JsonValue; probability: number };

/** A stage the actor may see (through its pipeline's scope). */
export async function findStage(id: string, tx?: Tx): Promise<StageLookup | null> {
  return (tx ?? db).pipelineStage.findUnique({
    where: { id },
    select: { id: true, pipelineId: true, kind: true, archivedAt: true, name: true, nameKey: true, labels: true, probability: true },
  });
}

/** The pipelines a plugin contributed for one tenant (its partner, or the platform: null), archived ones too. */
export async function findPluginPipelineRows(tx: Tx, pluginId: string, partnerId: string | null): Promise<PipelineRow[]> {
  return runAsSystem("plugin-pipelines", () =>
    tx.pipeline.findMany({ where: { pluginKey: { startsWith: `${pluginId}:` }, partnerId }, orderBy: { createdAt: "asc" }, select: pipelineSelect }),
  );
}

/** Plugin pipeline writes run as the system: the install service has already authorised the change. */
export async function insertPluginPipelineRow(tx: Tx, data: { partnerId: string | null; pluginKey: string; name: string; labels: Prisma.InputJsonValue }): Promise<{ id: string }> {
  return runAsSystem("plugin-pipelines", () => tx.pipeline.create({ data: { ...data, isDefault: false }, select: { id: true } }));
}

export async function updatePluginPipelineRow(tx: Tx, id: string, data: Prisma.PipelineUncheckedUpdateInput): Promise<void> {
  await runAsSystem("plugin-pipelines", () => tx.pipeline.update({ where: { id }, data, select: { id: true } }));
}

export async function insertPluginStages(tx: Tx, pipelineId: string, stages: Array<{ pluginKey: string; name: string; labels: Prisma.InputJsonValue; position: number; probability: number; kind: TStageKind }>): Promise<void> {
  if (stages.length === 0) return;
  await runAsSystem("plugin-pipelines", () => tx.pipelineStage.createMany({ data: stages.map((stage) => ({ ...stage, pipelineId })) }));
}

/** Names of plugins (localized texts) by id: read as the system, the caller already sees their pipelines. */
export async function pluginNames(ids: string[]): Promise<Map<string, Prisma.JsonValue>> {
  if (ids.length === 0) return new Map();
  const rows = await runAsSystem("plugin-names", () => db.plugin.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function updatePluginStage(tx: Tx, pipelineId: string, id: string, data: Prisma.PipelineStageUncheckedUpdateInput): Promise<void> {
  await runAsSystem("plugin-pipelines", () => tx.pipelineStage.update({ where: { id, pipelineId }, data, select: { id: true } }));
}
