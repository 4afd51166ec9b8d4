import { z } from "zod";
import { requiredText, ZId, ZListInput } from "../shared.schemas.ts";

/**
 * Tags are the platform's (staff define and apply them; every partner sees them) or a partner's own
 * (its admins and managers define them, everyone in the partner applies them). On a customer each
 * partner sees the platform's tags and its own, never another partner's.
 */
export const TAG_SCOPES = ["platform", "partner"] as const;
export type TTagScope = (typeof TAG_SCOPES)[number];

export const TAG_NAME_MAX = 30;

const ZTagColor = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, { message: "segments.tags.errors.color" })
  .transform((v) => v.toLowerCase());

export const ZTagInput = z.object({
  name: requiredText(TAG_NAME_MAX),
  color: ZTagColor.nullish().transform((v) => v ?? null),
});
export type TTagInput = z.input<typeof ZTagInput>;

export const ZTagUpdateInput = z.object({
  name: requiredText(TAG_NAME_MAX).optional(),
  color: ZTagColor.nullish(),
});
export type TTagUpdateInput = z.input<typeof ZTagUpdateInput>;

export const ZTagListInput = ZListInput.extend({
  scope: z.enum(TAG_SCOPES, { message: "errors.field.invalidOption" }).optional(),
});
export type TTagListInput = z.input<typeof ZTagListInput>;

/** A tag as shown on a customer. */
export const ZTagChip = z.object({
  id: z.string(),
  name: z.string(),
  color: z.string().nullable(),
  scope: z.enum(TAG_SCOPES),
});
export type TTagChip = z.infer<typeof ZTagChip>;

/** A tag in its owner's list: how many customers carry it (null for the platform's tags, seen by a partner). */
export const ZTag = ZTagChip.extend({
  customerCount: z.number().int().nullable(),
  createdAt: z.date(),
});
export type TTag = z.infer<typeof ZTag>;

export const ZApplyTagInput = z.object({ tagId: ZId });
