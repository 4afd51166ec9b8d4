/**
 * Pure rules of the opportunity pipelines plugins contribute (ADR 024 addendum): how a manifest's
 * pipeline becomes Pipeline and PipelineStage rows, and what an upgrade changes in them. Stages are
 * matched by their manifest key (PipelineStage.pluginKey), so a renamed label renames the stage and
 * the opportunities in it stay where they are. No I/O; the service reads rows and counts.
 */
import { Converter } from "opencc-js/cn2t";
import type { TLocalizedText } from "@qudao/plugins/manifest";
import type { TStageKind } from "./pipelines.schemas.ts";

export type PluginStageContribution = { key: string; label: TLocalizedText; kind: TStageKind; probability?: number | undefined };
export type PluginPipelineContribution = { name: string; object: string; label: TLocalizedText; stages: readonly PluginStageContribution[] };

/** Names per locale as stored: zh-TW always present (the manifest may leave it out; zh-CN converted). */
export type StoredLabels = { "zh-CN": string; "zh-TW": string; en: string };

let toTraditional: ((text: string) => string) | undefined;

export function storedLabels(text: TLocalizedText): StoredLabels {
  toTraditional ??= Converter({ from: "cn", to: "tw" });
  return { "zh-CN": text["zh-CN"], "zh-TW": text["zh-TW"] ?? toTraditional(text["zh-CN"]), en: text.en };
}

/** `Pipeline.pluginKey`: which plugin contributed it, and which of its pipelines it is. */
export function pluginPipelineKey(pluginId: string, pipelineName: string): string {
  return `${pluginId}:${pipelineName}`;
}

export function pluginIdOf(pluginKey: string | null | undefined): string | null {
  if (!pluginKey) return null;
  const colon = pluginKey.indexOf(":");
  return colon > 0 ? pluginKey.slice(0, colon) : null;
}

/** A stored (or manifest) localized text in `locale`: zh-TW falls back to zh-CN converted, anything else to zh-CN. */
export function labelIn(labels: unknown, locale: string): string | null {
  if (typeof labels !== "object" || labels === null || Array.isArray(labels)) return null;
  const texts = labels as Record<string, unknown>;
  const pick = (key: string) => (typeof texts[key] === "string" && (texts[key] as string).trim() !== "" ? (texts[key] as string) : null);
  const zhCN = pick("zh-CN");
  if (locale === "zh-TW") {
    const zhTW = pick("zh-TW");
    if (zhTW) return zhTW;
    if (!zhCN) return null;
    toTraditional ??= Converter({ from: "cn", to: "tw" });
    return toTraditional(zhCN);
  }
  return pick(locale) ?? zhCN;
}

/**
 * A stage's win probability: the manifest's, else won 100, lost 0, and open stages spread evenly in
 * board order (three open stages: 25, 50, 75), so the weighted forecast means something by default.
 */
export function stageProbability(stages: readonly PluginStageContribution[], index: number): number {
  const stage = stages[index]!;
  if (stage.probability !== undefined) return stage.probability;
  if (stage.kind === "won") return 100;
  if (stage.kind === "lost") return 0;
  const open = stages.filter((s) => s.kind === "open");
  const rank = open.indexOf(stage);
  return Math.round(((rank + 1) * 100) / (open.length + 1));
}

export type ExistingPluginStage = {
  id: string;
  pluginKey: string | null;
  name: string;
  labels: unknown;
  position: number;
  probability: number;
  kind: TStageKind;
  archivedAt: Date | null;
};

export type PluginStageWrite = { pluginKey: string; name: string; labels: StoredLabels; position: number; probability: number; kind: TStageKind };

export type PluginStagePlan = {
  create: PluginStageWrite[];
  update: Array<{ id: string; data: Partial<Omit<PluginStageWrite, "pluginKey">> & { archivedAt?: null } }>;
  /** Stages the manifest no longer has: retired; opportunities in them keep their stage. */
  archive: string[];
  /** Stages whose kind the manifest changed but that hold opportunities: the kind stays (their status would contradict it). */
  keptKind: string[];
};

const sameLabels = (a: unknown, b: StoredLabels) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What bringing a pipeline's stages in line with the manifest writes: new keys are created, existing
 * ones renamed, moved, re-weighted and brought back if archived; keys no longer listed are archived.
 * `opportunities` counts each stage's opportunities (a stage holding any keeps its kind).
 */
export function planPluginStages(existing: readonly ExistingPluginStage[], contribution: PluginPipelineContribution, opportunities: ReadonlyMap<string, { total: number }>): PluginStagePlan {
  const plan: PluginStagePlan = { create: [], update: [], archive: [], keptKind: [] };
  const byKey = new Map(existing.filter((s) => s.pluginKey !== null).map((s) => [s.pluginKey!, s]));
  const listed = new Set<string>();
  contribution.stages.forEach((stage, index) => {
    listed.add(stage.key);
    const wanted: PluginStageWrite = { pluginKey: stage.key, name: stage.label["zh-CN"], labels: storedLabels(stage.label), position: index + 1, probability: stageProbability(contribution.stages, index), kind: stage.kind };
    const current = byKey.get(stage.key);
    if (!current) {
      plan.create.push(wanted);
      return;
    }
    const data: PluginStagePlan["update"][number]["data"] = {};
    if (current.name !== wanted.name) data.name = wanted.name;
    if (!sameLabels(current.labels, wanted.labels)) data.labels = wanted.labels;
    if (current.position !== wanted.position) data.position = wanted.position;
    if (current.probability !== wanted.probability) data.probability = wanted.probability;
    if (current.kind !== wanted.kind) {
      if ((opportunities.get(current.id)?.total ?? 0) > 0) plan.keptKind.push(current.id);
      else data.kind = wanted.kind;
    }
    if (current.archivedAt !== null) data.archivedAt = null;
    if (Object.keys(data).length > 0) plan.update.push({ id: current.id, data });
  });
  for (const stage of existing) {
    if (stage.archivedAt === null && (stage.pluginKey === null || !listed.has(stage.pluginKey))) plan.archive.push(stage.id);
  }
  return plan;
}
