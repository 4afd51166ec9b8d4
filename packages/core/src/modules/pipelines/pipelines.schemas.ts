/** Pipelines and their stages: isomorphic zod schemas (messages are i18n keys). */
import { z } from "zod";
import { flag, queryFlag, requiredText, ZId } from "../shared.schemas.ts";

/** The platform's default pipeline, created by migration 20261124120000 with fixed ids. */
export const PLATFORM_DEFAULT_PIPELINE_ID = "01936a00-0000-7000-8000-000000000001";

export const STAGE_KINDS = ["open", "won", "lost"] as const;
export const ZStageKind = z.enum(STAGE_KINDS, { message: "errors.field.invalidOption" });
export type TStageKind = z.infer<typeof ZStageKind>;

export const MAX_STAGES = 20;

export const ZStageInput = z.object({
  /** An existing stage of this pipeline (kept, renamed, moved); none for a new stage. */
  id: ZId.optional(),
  name: requiredText(60),
  probability: z.coerce
    .number({ message: "pipeline.errors.probability" })
    .int({ message: "pipeline.errors.probability" })
    .min(0, { message: "pipeline.errors.probability" })
    .max(100, { message: "pipeline.errors.probability" }),
  kind: ZStageKind,
});
export type TStageInput = z.input<typeof ZStageInput>;

/**
 * The stage list in board order. Its shape is checked here; the set itself (one open stage at least,
 * exactly one won and one lost, distinct names) by pipelines.rules.ts, so every problem is reported
 * under its own row.
 */
const ZStageList = z
  .array(ZStageInput, { message: "errors.field.required" })
  .min(1, { message: "pipeline.errors.needOpenStage" })
  .max(MAX_STAGES, { message: "pipeline.errors.tooManyStages" });

export const ZPipelineCreateInput = z.object({
  name: requiredText(100),
  /** The pipeline new opportunities of the partner go to when none is named. */
  isDefault: z.boolean().optional(),
  stages: ZStageList,
});
export type TPipelineCreateInput = z.input<typeof ZPipelineCreateInput>;

export const ZPipelineUpdateInput = z.object({
  name: requiredText(100).optional(),
  isDefault: z.boolean().optional(),
  /** The whole list, in order: listed stages are kept or created, existing ones left out are archived. */
  stages: ZStageList.optional(),
});
export type TPipelineUpdateInput = z.input<typeof ZPipelineUpdateInput>;

/** Services parse `ZPipelineListQuery` (booleans or "true"/"false"); the router takes query strings. */
export const ZPipelineListQuery = z.object({ includeArchived: flag, partnerId: ZId.optional() });
export const ZPipelineListInput = ZPipelineListQuery.extend({ includeArchived: queryFlag });
export type TPipelineListInput = z.input<typeof ZPipelineListQuery>;

export const ZPipelineStage = z.object({
  id: z.string(),
  pipelineId: z.string(),
  /** In the caller's language when the stage is built in (nameKey) or a plugin's (its labels), else as written. */
  name: z.string(),
  nameKey: z.string().nullable(),
  /** A plugin pipeline's stage: its key in the plugin's manifest. */
  pluginKey: z.string().nullable(),
  position: z.number().int(),
  probability: z.number().int(),
  kind: ZStageKind,
  archivedAt: z.date().nullable(),
});
export type TPipelineStage = z.infer<typeof ZPipelineStage>;

export const ZPipeline = z.object({
  id: z.string(),
  /** Null for the platform's pipelines, shared by every partner. */
  partnerId: z.string().nullable(),
  partnerName: z.string().nullable(),
  name: z.string(),
  nameKey: z.string().nullable(),
  isDefault: z.boolean(),
  archivedAt: z.date().nullable(),
  /** May the caller change it (its own partner's admin, or a platform admin for the platform's; never a plugin's)? */
  editable: z.boolean(),
  /** The plugin that contributed it (installing, upgrading and uninstalling the plugin change it), and its name in the caller's language. */
  pluginId: z.string().nullable(),
  pluginName: z.string().nullable(),
  stages: z.array(ZPipelineStage),
});
export type TPipeline = z.infer<typeof ZPipeline>;
