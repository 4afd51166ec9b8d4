/**
 * Pipeline use cases: list and read (the platform's and the partner's own), create, edit the stage
 * list, archive. A partner's admin edits its own pipelines; platform admins edit the platform's.
 */
import { can, requirePartnerActor, requirePermission, type Actor } from "../../actor/index.ts";
import { db, type Prisma } from "../../db/index.ts";
import { DomainError, notFound, type ErrorDetail } from "../../errors/index.ts";
import { hasMessage, translator, type Locale } from "../../i18n/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { ZId } from "../shared.schemas.ts";
import {
  clearPartnerDefault,
  countOpenOpportunities,
  findDefaultPipelineId,
  findPipelineRow,
  findPipelineRows,
  insertPipelineRow,
  opportunityCountsByStage,
  partnerNames,
  pluginNames,
  updatePipelineRow,
  writeStages,
  type PipelineRow,
  type StageRow,
} from "./pipelines.repository.ts";
import { labelIn, pluginIdOf } from "./plugin-pipelines.rules.ts";
import { planStageChanges, stageSetIssues, type StageIssue, type StageRefusal } from "./pipelines.rules.ts";
import {
  PLATFORM_DEFAULT_PIPELINE_ID,
  ZPipelineCreateInput,
  ZPipelineListQuery,
  ZPipelineUpdateInput,
  type TPipeline,
  type TPipelineCreateInput,
  type TPipelineListInput,
  type TPipelineStage,
  type TPipelineUpdateInput,
} from "./pipelines.schemas.ts";

/**
 * A built-in name (nameKey) or a plugin's (labels, from its manifest) in the reader's language, else
 * the name as written. Callers that select no labels get the stored name (a plugin's zh-CN label).
 */
export function displayName(row: { name: string; nameKey: string | null; labels?: unknown }, locale: Locale): string {
  const label = labelIn(row.labels, locale);
  if (label) return label;
  return row.nameKey && hasMessage(row.nameKey) ? String(translator(locale)(row.nameKey)) : row.name;
}

export function toStage(row: StageRow, locale: Locale): TPipelineStage {
  return {
    id: row.id,
    pipelineId: row.pipelineId,
    name: displayName(row, locale),
    nameKey: row.nameKey,
    pluginKey: row.pluginKey,
    position: row.position,
    probability: row.probability,
    kind: row.kind,
    archivedAt: row.archivedAt,
  };
}

/**
 * May `actor` change this pipeline? Its own partner's admin, or a platform admin for the platform's.
 * A plugin's pipeline belongs to the plugin: its manifest is the only editor (install, upgrade, uninstall).
 */
export function mayEdit(actor: Actor, pipeline: { partnerId: string | null; pluginKey?: string | null }): boolean {
  if (pipeline.pluginKey) return false;
  if (!can(actor, "pipeline:manage")) return false;
  if (actor.kind === "partner") return pipeline.partnerId === actor.partnerId;
  if (actor.kind === "platform") return pipeline.partnerId === null;
  return actor.kind === "system";
}

function toPipeline(actor: Actor, row: PipelineRow, names: Map<string, string>, plugins: Map<string, unknown>, locale: Locale): TPipeline {
  const pluginId = pluginIdOf(row.pluginKey);
  return {
    id: row.id,
    partnerId: row.partnerId,
    partnerName: row.partnerId ? (names.get(row.partnerId) ?? null) : null,
    name: displayName(row, locale),
    nameKey: row.nameKey,
    isDefault: row.isDefault,
    archivedAt: row.archivedAt,
    editable: mayEdit(actor, row),
    pluginId,
    pluginName: pluginId ? (labelIn(plugins.get(pluginId), locale) ?? pluginId) : null,
    stages: row.stages.map((s) => toStage(s, locale)),
  };
}

async function present(actor: Actor, rows: PipelineRow[], locale: Locale): Promise<TPipeline[]> {
  const [names, plugins] = await Promise.all([
    partnerNames([...new Set(rows.flatMap((r) => (r.partnerId ? [r.partnerId] : [])))]),
    pluginNames([...new Set(rows.flatMap((r) => pluginIdOf(r.pluginKey) ?? []))]),
  ]);
  return rows.map((row) => toPipeline(actor, row, names, plugins, locale));
}

/** A plugin's pipeline is changed by the plugin only: a clear refusal naming it, rather than a bare 403. */
async function refusePluginOwned(row: PipelineRow, locale: Locale): Promise<void> {
  const pluginId = pluginIdOf(row.pluginKey);
  if (!pluginId) return;
  const name = labelIn((await pluginNames([pluginId])).get(pluginId), locale) ?? pluginId;
  throw new DomainError("FORBIDDEN", { i18nKey: "pluginPipelines.errors.pluginOwned", params: { plugin: name } });
}

/**
 * Partners see the platform's pipelines, their own and their sub-dealers' (scope); the platform sees
 * its own, or one partner's with `partnerId`. Archived pipelines and stages only when asked.
 */
export async function listPipelines(actor: Actor, rawInput: TPipelineListInput, locale: Locale): Promise<TPipeline[]> {
  requirePermission(actor, "opportunity:read");
  const input = ZPipelineListQuery.parse(rawInput);
  const partnerId = input.partnerId;
  const and: Prisma.PipelineWhereInput[] = [];
  if (!input.includeArchived) and.push({ archivedAt: null });
  if (partnerId) and.push({ OR: [{ partnerId: null }, { partnerId }] });
  else if (actor.kind === "platform") and.push({ partnerId: null });
  const rows = await findPipelineRows({ AND: and });
  const pipelines = await present(actor, rows, locale);
  return input.includeArchived ? pipelines : pipelines.map((p) => ({ ...p, stages: p.stages.filter((s) => s.archivedAt === null) }));
}

/** One pipeline with its stages in use (retired stages only appear in the list with includeArchived). */
export async function getPipeline(actor: Actor, id: string, locale: Locale): Promise<TPipeline> {
  requirePermission(actor, "opportunity:read");
  if (!ZId.safeParse(id).success) throw notFound("Pipeline");
  const row = await findPipelineRow(id);
  if (!row) throw notFound("Pipeline");
  const pipeline = (await present(actor, [row], locale))[0]!;
  return { ...pipeline, stages: pipeline.stages.filter((s) => s.archivedAt === null) };
}

function validation(issues: StageIssue[]): DomainError {
  return new DomainError("VALIDATION_FAILED", { details: issues.map((i): ErrorDetail => ({ path: i.path, message: i.message, ...(i.params ? { params: i.params } : {}) })) });
}

function refusal(first: StageRefusal): DomainError {
  return new DomainError("RULE_VIOLATION", {
    i18nKey: `pipeline.errors.${first.code}`,
    params: { stage: first.stageName, count: first.count },
    details: [{ path: "stages", message: `pipeline.errors.${first.code}`, params: { stage: first.stageName, count: first.count } }],
  });
}

function auditView(row: PipelineRow) {
  return {
    name: row.name,
    isDefault: row.isDefault,
    archivedAt: row.archivedAt,
    stages: row.stages.map((s) => ({ id: s.id, name: s.name, position: s.position, probability: s.probability, kind: s.kind, archivedAt: s.archivedAt })),
  };
}

/** A partner admin's own pipeline, with its stages; the first one may become the partner's default. */
export async function createPipeline(actor: Actor, rawInput: TPipelineCreateInput, locale: Locale, now = new Date()): Promise<TPipeline> {
  requirePermission(actor, "pipeline:manage");
  const partnerActor = requirePartnerActor(actor);
  const input = ZPipelineCreateInput.parse(rawInput);
  const drafts = input.stages.map(({ id: _id, ...stage }) => stage);
  const issues = stageSetIssues(drafts);
  if (issues.length > 0) throw validation(issues);

  const id = await db.$transaction(async (tx) => {
    if (input.isDefault) await clearPartnerDefault(tx, partnerActor.partnerId, null);
    const pipeline = await insertPipelineRow(tx, { partnerId: partnerActor.partnerId, name: input.name, isDefault: input.isDefault ?? false });
    const plan = planStageChanges([], drafts, new Map());
    await writeStages(tx, pipeline.id, plan, now);
    const created = await findPipelineRow(pipeline.id, tx);
    await recordAudit(tx, actor, { action: "pipeline.created", entityType: "Pipeline", entityId: pipeline.id, partnerId: partnerActor.partnerId, after: auditView(created!) });
    return pipeline.id;
  });
  return getPipeline(actor, id, locale);
}

/**
 * Rename, make default, and edit the stage list (order, names, probabilities, kinds; stages left out
 * are archived). Refused, with nothing written, when a removed stage still has open opportunities or
 * a stage with opportunities would change kind. Another partner's pipeline answers 404; one the actor
 * sees but may not change (the platform's, a sub-dealer's) 403.
 */
export async function updatePipeline(actor: Actor, id: string, rawInput: TPipelineUpdateInput, locale: Locale, now = new Date()): Promise<TPipeline> {
  requirePermission(actor, "pipeline:manage");
  if (!ZId.safeParse(id).success) throw notFound("Pipeline");
  const input = ZPipelineUpdateInput.parse(rawInput);
  const visible = await findPipelineRow(id);
  if (!visible) throw notFound("Pipeline");
  await refusePluginOwned(visible, locale);
  if (!mayEdit(actor, visible)) throw new DomainError("FORBIDDEN");
  if (visible.archivedAt) throw new DomainError("RULE_VIOLATION", { i18nKey: "pipeline.errors.pipelineArchived" });

  await db.$transaction(async (tx) => {
    const before = (await findPipelineRow(id, tx))!;
    const data: Prisma.PipelineUncheckedUpdateInput = {};
    if (input.name !== undefined && input.name !== before.name && input.name !== displayName(before, locale)) {
      data.name = input.name;
      if (before.nameKey !== null) data.nameKey = null;
    }
    // The platform always has its default pipeline; partners choose theirs.
    if (input.isDefault !== undefined && before.partnerId !== null && input.isDefault !== before.isDefault) {
      if (input.isDefault) await clearPartnerDefault(tx, before.partnerId, id);
      data.isDefault = input.isDefault;
    }
    let stagesChanged = false;
    if (input.stages) {
      const existing = before.stages.map((s) => ({ ...s, displayName: displayName(s, locale) }));
      const plan = planStageChanges(existing, input.stages, await opportunityCountsByStage(tx, id));
      if (plan.issues.length > 0) throw validation(plan.issues);
      if (plan.refusals.length > 0) throw refusal(plan.refusals[0]!);
      stagesChanged = plan.create.length + plan.update.length + plan.archive.length > 0;
      if (stagesChanged) await writeStages(tx, id, plan, now);
    }
    if (Object.keys(data).length === 0 && !stagesChanged) return;
    // Touch the pipeline even when only stages changed, so its updatedAt says when it was last edited.
    await updatePipelineRow(tx, id, { ...data, updatedAt: now });
    const after = (await findPipelineRow(id, tx))!;
    await recordAudit(tx, actor, { action: "pipeline.updated", entityType: "Pipeline", entityId: id, partnerId: before.partnerId, before: auditView(before), after: auditView(after) });
  });
  return getPipeline(actor, id, locale);
}

/** Retire a partner's pipeline: refused while it has open opportunities; the platform's default stays. */
export async function archivePipeline(actor: Actor, id: string, locale: Locale, now = new Date()): Promise<TPipeline> {
  requirePermission(actor, "pipeline:manage");
  if (!ZId.safeParse(id).success) throw notFound("Pipeline");
  const visible = await findPipelineRow(id);
  if (!visible) throw notFound("Pipeline");
  await refusePluginOwned(visible, locale);
  if (!mayEdit(actor, visible)) throw new DomainError("FORBIDDEN");
  if (visible.partnerId === null && visible.isDefault) throw new DomainError("RULE_VIOLATION", { i18nKey: "pipeline.errors.defaultPipelineStays" });
  if (visible.archivedAt) return getPipeline(actor, id, locale);
  await db.$transaction(async (tx) => {
    const open = await countOpenOpportunities(tx, id);
    if (open > 0) throw new DomainError("RULE_VIOLATION", { i18nKey: "pipeline.errors.pipelineHasOpenOpportunities", params: { count: open } });
    await updatePipelineRow(tx, id, { archivedAt: now, isDefault: false });
    await recordAudit(tx, actor, { action: "pipeline.archived", entityType: "Pipeline", entityId: id, partnerId: visible.partnerId, before: { archivedAt: null }, after: { archivedAt: now } });
  });
  return getPipeline(actor, id, locale);
}

/**
 * The pipeline a partner's new opportunity goes to: the one named (the platform's or the partner's own,
 * not archived), else the partner's default, else the platform's.
 */
export async function pipelineForNewOpportunity(partnerId: string, pipelineId: string | null | undefined): Promise<PipelineRow> {
  const id = pipelineId ?? (await findDefaultPipelineId(partnerId)) ?? PLATFORM_DEFAULT_PIPELINE_ID;
  const row = await findPipelineRow(id);
  // A sub-dealer's pipeline is visible to its distributor but not for the distributor's own deals.
  const usable = row !== null && row.archivedAt === null && (row.partnerId === null || row.partnerId === partnerId);
  if (!usable) {
    throw new DomainError("VALIDATION_FAILED", { details: [{ path: "pipelineId", message: "pipeline.errors.pipelineNotUsable" }] });
  }
  return row;
}
