import { z } from "zod";
import { flag, optionalText, queryFlag, ZId, ZInstantText, ZListInput } from "../shared.schemas.ts";

export const ACTIVITY_KINDS = ["call", "visit", "meeting", "wechat", "email", "note"] as const;
export const ZActivityKind = z.enum(ACTIVITY_KINDS, { message: "errors.field.invalidOption" });
export type TActivityKind = z.infer<typeof ZActivityKind>;

const durationMinutes = z.coerce
  .number({ message: "errors.field.invalid" })
  .int({ message: "errors.field.invalid" })
  .min(0, { message: "errors.field.invalid" })
  .max(24 * 60, { message: "errors.field.invalid" })
  .nullish();

/**
 * Log a call, visit… against a lead, a customer and/or an opportunity (at least one). `occurredAt`
 * defaults to now; everything else is optional, so a quick log is a kind and a tap.
 */
export const ZActivityCreateInput = z
  .object({
    kind: ZActivityKind,
    leadId: ZId.nullish(),
    customerId: ZId.nullish(),
    opportunityId: ZId.nullish(),
    subject: optionalText(200),
    body: optionalText(4000),
    occurredAt: ZInstantText.nullish(),
    durationMinutes,
  })
  .superRefine((value, ctx) => {
    if (!value.leadId && !value.customerId && !value.opportunityId) {
      ctx.addIssue({ code: "custom", path: ["leadId"], message: "work.activity.errors.targetRequired" });
    }
  });
export type TActivityCreateInput = z.input<typeof ZActivityCreateInput>;

/** Correcting one's own activity: what happened, when, how long. The record it was logged against stays. */
export const ZActivityUpdateInput = z.object({
  kind: ZActivityKind.optional(),
  subject: optionalText(200).optional(),
  body: optionalText(4000).optional(),
  occurredAt: ZInstantText.optional(),
  durationMinutes,
});
export type TActivityUpdateInput = z.input<typeof ZActivityUpdateInput>;

/** A timeline (one lead, customer or opportunity), "my recent activity" (`mine`), or everything visible. */
export const ZActivityListInput = ZListInput.extend({
  leadId: ZId.optional(),
  customerId: ZId.optional(),
  opportunityId: ZId.optional(),
  mine: flag,
});
export type TActivityListInput = z.input<typeof ZActivityListInput>;
export const ZActivityListQuery = ZActivityListInput.extend({ mine: queryFlag });

export const ZActivity = z.object({
  id: z.string(),
  partnerId: z.string(),
  kind: ZActivityKind,
  subject: z.string().nullable(),
  body: z.string().nullable(),
  occurredAt: z.date(),
  durationMinutes: z.number().nullable(),
  leadId: z.string().nullable(),
  customerId: z.string().nullable(),
  opportunityId: z.string().nullable(),
  authorId: z.string(),
  authorName: z.string(),
  createdAt: z.date(),
});
export type TActivity = z.infer<typeof ZActivity>;
