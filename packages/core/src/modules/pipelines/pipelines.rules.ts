/**
 * Pure pipeline rules: what makes a valid stage set, and what an edit of the stage list changes.
 * No I/O; the service reads the rows and counts, these decide.
 */
import type { TStageKind } from "./pipelines.schemas.ts";

export type StageDraft = { id?: string | undefined; name: string; probability: number; kind: TStageKind };

export type ExistingStage = {
  id: string;
  name: string;
  nameKey: string | null;
  /** The name the editor showed (nameKey translated): sending it back unchanged keeps the key. */
  displayName: string;
  position: number;
  probability: number;
  kind: TStageKind;
  archivedAt: Date | null;
};

/** A problem with one field of the submitted list; `path` is the input path ("stages.2.name"). */
export type StageIssue = { path: string; message: string; params?: Record<string, unknown> };

/** A change the data refuses: stages that still hold opportunities. */
export type StageRefusal =
  | { code: "stageHasOpenOpportunities"; stageId: string; stageName: string; count: number }
  | { code: "stageKindInUse"; stageId: string; stageName: string; count: number };

const nameKey = (name: string) => name.trim().toLocaleLowerCase();

/**
 * The stage set of a pipeline must let a deal start, be won and be lost, unambiguously: at least one
 * open stage, exactly one won and exactly one lost stage, and no two stages with the same name.
 */
export function stageSetIssues(stages: readonly StageDraft[]): StageIssue[] {
  const issues: StageIssue[] = [];
  const count = (kind: TStageKind) => stages.filter((s) => s.kind === kind).length;
  if (count("open") === 0) issues.push({ path: "stages", message: "pipeline.errors.needOpenStage" });
  if (count("won") !== 1) issues.push({ path: "stages", message: "pipeline.errors.exactlyOneWon" });
  if (count("lost") !== 1) issues.push({ path: "stages", message: "pipeline.errors.exactlyOneLost" });
  const seenNames = new Set<string>();
  const seenIds = new Set<string>();
  stages.forEach((stage, i) => {
    const key = nameKey(stage.name);
    if (seenNames.has(key)) issues.push({ path: `stages.${i}.name`, message: "pipeline.errors.duplicateStageName" });
    seenNames.add(key);
    if (stage.id !== undefined) {
      if (seenIds.has(stage.id)) issues.push({ path: `stages.${i}.id`, message: "errors.field.invalid" });
      seenIds.add(stage.id);
    }
  });
  return issues;
}

export type StageCreate = { name: string; position: number; probability: number; kind: TStageKind };
export type StageUpdate = { id: string; data: { name?: string; nameKey?: null; position?: number; probability?: number; kind?: TStageKind; archivedAt?: null } };

export type StagePlan = {
  create: StageCreate[];
  update: StageUpdate[];
  /** Active stages left out of the list. */
  archive: string[];
  issues: StageIssue[];
  refusals: StageRefusal[];
};

/**
 * What an edit of the stage list does. `drafts` is the whole list in board order (positions 1…n);
 * a draft's id must be one of the pipeline's stages (an archived one comes back). `opportunities`
 * counts a stage's opportunities: a stage with open ones cannot be archived, and one with any cannot
 * change kind (its deals would contradict their status).
 */
export function planStageChanges(
  existing: readonly ExistingStage[],
  drafts: readonly StageDraft[],
  opportunities: ReadonlyMap<string, { open: number; total: number }>,
): StagePlan {
  const issues = stageSetIssues(drafts);
  const byId = new Map(existing.map((s) => [s.id, s]));
  drafts.forEach((draft, i) => {
    if (draft.id !== undefined && !byId.has(draft.id)) issues.push({ path: `stages.${i}.id`, message: "pipeline.errors.stageNotInPipeline" });
  });
  const plan: StagePlan = { create: [], update: [], archive: [], issues, refusals: [] };
  if (issues.length > 0) return plan;

  const kept = new Set<string>();
  drafts.forEach((draft, i) => {
    const position = i + 1;
    if (draft.id === undefined) {
      plan.create.push({ name: draft.name.trim(), position, probability: draft.probability, kind: draft.kind });
      return;
    }
    const stage = byId.get(draft.id)!;
    kept.add(stage.id);
    const data: StageUpdate["data"] = {};
    const name = draft.name.trim();
    if (name !== stage.name && name !== stage.displayName) {
      data.name = name;
      // Renamed by hand: the built-in translation no longer applies.
      if (stage.nameKey !== null) data.nameKey = null;
    }
    if (position !== stage.position) data.position = position;
    if (draft.probability !== stage.probability) data.probability = draft.probability;
    if (draft.kind !== stage.kind) {
      const total = opportunities.get(stage.id)?.total ?? 0;
      if (total > 0) plan.refusals.push({ code: "stageKindInUse", stageId: stage.id, stageName: stage.displayName, count: total });
      data.kind = draft.kind;
    }
    if (stage.archivedAt !== null) data.archivedAt = null;
    if (Object.keys(data).length > 0) plan.update.push({ id: stage.id, data });
  });
  for (const stage of existing) {
    if (stage.archivedAt !== null || kept.has(stage.id)) continue;
    const open = opportunities.get(stage.id)?.open ?? 0;
    if (open > 0) plan.refusals.push({ code: "stageHasOpenOpportunities", stageId: stage.id, stageName: stage.displayName, count: open });
    plan.archive.push(stage.id);
  }
  return plan;
}

/** The first open stage in board order: where a new deal starts when none is named. */
export function firstOpenStage<T extends { kind: TStageKind; position: number; archivedAt: Date | null }>(stages: readonly T[]): T | undefined {
  return [...stages].filter((s) => s.kind === "open" && s.archivedAt === null).sort((a, b) => a.position - b.position)[0];
}
