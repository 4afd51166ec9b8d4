/** Pipelines on plugin objects (ADR 024 addendum): moving a record between stages, and the board (isomorphic). */
import { z } from "zod";
import { ZCustomRecord } from "./plugins.schemas.ts";

/** A pipeline's name and a stage key as the manifest spells them. */
const ZPipelineName = z.string({ message: "errors.field.required" }).min(1, { message: "errors.field.required" }).max(120, { message: "errors.field.tooLong" });
const ZStageKey = z.string({ message: "errors.field.required" }).min(1, { message: "errors.field.required" }).max(48, { message: "errors.field.tooLong" });

export const ZRecordStageMoveInput = z.object({
  id: z.uuid({ message: "errors.field.invalid" }),
  pipeline: ZPipelineName,
  stage: ZStageKey,
});
export type TRecordStageMoveInput = z.input<typeof ZRecordStageMoveInput>;

/** The records of each stage on a board: the newest `perStage` of each column, and how many there are. */
export const ZRecordBoardInput = z.object({
  object: z.string().max(120),
  pipeline: ZPipelineName,
  q: z.string().trim().max(100).optional(),
  perStage: z.coerce.number().int().min(1, { message: "errors.field.invalid" }).max(100, { message: "errors.field.invalid" }).default(20),
});
export type TRecordBoardInput = z.input<typeof ZRecordBoardInput>;

export const ZRecordBoard = z.object({
  object: z.string(),
  pipeline: z.string(),
  columns: z.array(
    z.object({
      stage: z.string(),
      kind: z.enum(["open", "won", "lost"]),
      count: z.number().int(),
      records: z.array(ZCustomRecord),
    }),
  ),
});
export type TRecordBoard = z.infer<typeof ZRecordBoard>;
