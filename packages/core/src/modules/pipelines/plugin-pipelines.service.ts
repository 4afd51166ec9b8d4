/**
 * Opportunity pipelines that plugins contribute (ADR 024 addendum). The install service calls these
 * inside its own transaction whenever the version running for a tenant changes: installing, upgrading
 * (rollout or consent), rolling back, restoring create or bring the tenant's pipelines in line with
 * the manifest; uninstalling archives them. A tenant is a partner (its own install) or the platform
 * (partnerId null: a platform-wide install, shared by every partner like the platform's pipelines).
 * Opportunities always keep their stage: stages and pipelines are archived, never deleted.
 */
import type { Actor } from "../../actor/index.ts";
import type { Prisma, Tx } from "../../db/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import {
  findPluginPipelineRows,
  insertPluginPipelineRow,
  insertPluginStages,
  opportunityCountsByStage,
  updatePluginPipelineRow,
  updatePluginStage,
  type PipelineRow,
} from "./pipelines.repository.ts";
import { planPluginStages, pluginPipelineKey, storedLabels, type PluginPipelineContribution } from "./plugin-pipelines.rules.ts";

export type PluginTenant = { pluginId: string; partnerId: string | null };

/** The core objects whose pipelines a plugin can contribute as Pipeline rows. */
const OPPORTUNITY = "opportunity";

function auditView(row: PipelineRow) {
  return {
    pluginKey: row.pluginKey,
    name: row.name,
    archivedAt: row.archivedAt,
    stages: row.stages.map((s) => ({ id: s.id, key: s.pluginKey, name: s.name, position: s.position, probability: s.probability, kind: s.kind, archivedAt: s.archivedAt })),
  };
}

/**
 * Create or update the tenant's opportunity pipelines from `pipelines` (the running version's
 * contributions); pipelines of the plugin the manifest no longer lists are archived.
 */
export async function syncPluginPipelines(tx: Tx, actor: Actor, tenant: PluginTenant, pipelines: readonly PluginPipelineContribution[], now = new Date()): Promise<void> {
  const wanted = pipelines.filter((p) => p.object === OPPORTUNITY);
  const existing = await findPluginPipelineRows(tx, tenant.pluginId, tenant.partnerId);
  const byKey = new Map(existing.map((row) => [row.pluginKey!, row]));
  for (const contribution of wanted) {
    const key = pluginPipelineKey(tenant.pluginId, contribution.name);
    const labels = storedLabels(contribution.label);
    const current = byKey.get(key);
    byKey.delete(key);
    if (!current) {
      const { id } = await insertPluginPipelineRow(tx, { partnerId: tenant.partnerId, pluginKey: key, name: contribution.label["zh-CN"], labels: labels as Prisma.InputJsonValue });
      const plan = planPluginStages([], contribution, new Map());
      await insertPluginStages(tx, id, plan.create.map((s) => ({ ...s, labels: s.labels as Prisma.InputJsonValue })));
      const created = (await findPluginPipelineRows(tx, tenant.pluginId, tenant.partnerId)).find((r) => r.id === id)!;
      await recordAudit(tx, actor, { action: "pipeline.created", entityType: "Pipeline", entityId: id, partnerId: tenant.partnerId, after: auditView(created) });
      continue;
    }
    const plan = planPluginStages(current.stages, contribution, await opportunityCountsByStage(tx, current.id));
    const pipelineData: Prisma.PipelineUncheckedUpdateInput = {};
    if (current.name !== contribution.label["zh-CN"]) pipelineData.name = contribution.label["zh-CN"];
    if (JSON.stringify(current.labels) !== JSON.stringify(labels)) pipelineData.labels = labels as Prisma.InputJsonValue;
    if (current.archivedAt !== null) pipelineData.archivedAt = null;
    const changed = Object.keys(pipelineData).length + plan.create.length + plan.update.length + plan.archive.length > 0;
    if (!changed) continue;
    for (const id of plan.archive) await updatePluginStage(tx, current.id, id, { archivedAt: now });
    for (const { id, data } of plan.update) await updatePluginStage(tx, current.id, id, { ...data, ...(data.labels ? { labels: data.labels as Prisma.InputJsonValue } : {}) });
    await insertPluginStages(tx, current.id, plan.create.map((s) => ({ ...s, labels: s.labels as Prisma.InputJsonValue })));
    await updatePluginPipelineRow(tx, current.id, { ...pipelineData, updatedAt: now });
    const after = (await findPluginPipelineRows(tx, tenant.pluginId, tenant.partnerId)).find((r) => r.id === current.id)!;
    await recordAudit(tx, actor, { action: "pipeline.updated", entityType: "Pipeline", entityId: current.id, partnerId: tenant.partnerId, before: auditView(current), after: { ...auditView(after), keptKind: plan.keptKind } });
  }
  // Pipelines an upgrade dropped: retired like on uninstall.
  for (const row of byKey.values()) await archiveOne(tx, actor, tenant, row, now);
}

async function archiveOne(tx: Tx, actor: Actor, tenant: PluginTenant, row: PipelineRow, now: Date): Promise<void> {
  if (row.archivedAt !== null) return;
  // A plugin pipeline is never anyone's default; archiving it leaves its opportunities where they are.
  await updatePluginPipelineRow(tx, row.id, { archivedAt: now, isDefault: false });
  await recordAudit(tx, actor, { action: "pipeline.archived", entityType: "Pipeline", entityId: row.id, partnerId: tenant.partnerId, before: { archivedAt: null }, after: { archivedAt: now, pluginKey: row.pluginKey } });
}

/** Uninstall: the tenant's pipelines of the plugin are archived; opportunities keep their stage. */
export async function archivePluginPipelines(tx: Tx, actor: Actor, tenant: PluginTenant, now = new Date()): Promise<number> {
  const rows = await findPluginPipelineRows(tx, tenant.pluginId, tenant.partnerId);
  const live = rows.filter((r) => r.archivedAt === null);
  for (const row of live) await archiveOne(tx, actor, tenant, row, now);
  return live.length;
}
