import { z } from "zod";
import { RFM_SEGMENTS } from "../lifecycle/rfm.rules.ts";
import { flag, optionalText, queryFlag, requiredText, ZId, ZListInput } from "../shared.schemas.ts";
import { ZTagChip } from "../tags/tags.schemas.ts";

export const ZCustomerListInput = ZListInput.extend({
  q: z.string().trim().max(100).optional(),
  /** Platform only: one partner's customers, or "pool" for the public pool. */
  ownerPartnerId: ZId.optional(),
  inPool: flag,
  /** Customers carrying this tag (one the caller can see: the platform's or its own). */
  tagId: ZId.optional(),
  lifecycleStage: z
    .string()
    .trim()
    .max(50, { message: "errors.field.tooLong" })
    .regex(/^[a-z][a-z0-9_]*$/, { message: "errors.field.invalid" })
    .optional(),
  rfmSegment: z.enum(RFM_SEGMENTS, { message: "errors.field.invalidOption" }).optional(),
});
export type TCustomerListInput = z.input<typeof ZCustomerListInput>;
export const ZCustomerListQuery = ZCustomerListInput.extend({ inPool: queryFlag });

/**
 * The lifecycle stages core knows and labels (`common.lifecycle.<stage>`). A customer's stage is a
 * string, so plugins may add their own; a stage without a label is shown as stored.
 */
export const LIFECYCLE_STAGES = ["prospect", "new", "active", "dormant", "churned", "reactivated", "opportunity", "customer"] as const;
export type TLifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export function isBuiltInLifecycleStage(stage: string): stage is TLifecycleStage {
  return (LIFECYCLE_STAGES as readonly string[]).includes(stage);
}

/** The i18n key of a built-in stage's label, or null for a stage core does not label. */
export function lifecycleStageKey(stage: string): `common.lifecycle.${TLifecycleStage}` | null {
  return isBuiltInLifecycleStage(stage) ? `common.lifecycle.${stage}` : null;
}

/** What a partner sees: its own customers' contact data, protection, lifecycle. */
export const ZCustomer = z.object({
  id: z.string(),
  kind: z.enum(["company", "person"]),
  name: z.string(),
  city: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  uscc: z.string().nullable(),
  protectedUntil: z.date().nullable(),
  lifecycleStage: z.string(),
  /** When the computed stage last changed (modules/lifecycle). */
  lifecycleChangedAt: z.date().nullable(),
  lastActivityAt: z.date().nullable(),
  lastOrderAt: z.date().nullable(),
  /** The RFM value segment (champions, loyal, …) and its score ("R4F2M5"); null without orders. */
  rfmSegment: z.string().nullable(),
  rfmScore: z.string().nullable(),
  /** The tags the caller may see on the customer (the platform's and its own); on reads and lists. */
  tags: z.array(ZTagChip).optional(),
  createdAt: z.date(),
});
export type TCustomer = z.infer<typeof ZCustomer>;

/**
 * A partner's list row also says which of its own partners holds the customer — itself or one of its
 * sub-dealers — so a distributor sees whose customer it is. Null when the owner is outside the
 * partner's tree (it sees the customer through a live registration): that owner is never named.
 */
export const ZCustomerListItem = ZCustomer.extend({
  partnerId: z.string().nullable(),
  partnerName: z.string().nullable(),
});
export type TCustomerListItem = z.infer<typeof ZCustomerListItem>;

/** Platform staff also see the owner (API.md: ownerPartnerId is platform only). */
export const ZCustomerForPlatform = ZCustomer.extend({
  ownerPartnerId: z.string().nullable(),
  ownerPartnerName: z.string().nullable(),
  mergedIntoId: z.string().nullable(),
});
export type TCustomerForPlatform = z.infer<typeof ZCustomerForPlatform>;

/** A public-pool entry: enough to decide whether to claim, no contact data. */
export const ZPoolCustomer = z.object({
  id: z.string(),
  kind: z.enum(["company", "person"]),
  name: z.string(),
  city: z.string().nullable(),
  inPoolSince: z.date().nullable(),
});
export type TPoolCustomer = z.infer<typeof ZPoolCustomer>;

export const ZPoolListInput = ZListInput.extend({
  q: z.string().trim().max(100).optional(),
  city: z.string().trim().max(50).optional(),
});

export const ZTransferInput = z.object({
  toPartnerId: ZId,
  reason: requiredText(1000),
});

export const ZMergeInput = z.object({
  survivorId: ZId,
  duplicateId: ZId,
  reason: requiredText(1000),
});

export const ZReleaseInput = z.object({ reason: optionalText(1000) });

export const ZTimelineEntry = z.object({
  id: z.string(),
  event: z.string(),
  partnerId: z.string().nullable(),
  partnerName: z.string().nullable(),
  previousPartnerId: z.string().nullable(),
  protectedUntil: z.date().nullable(),
  reason: z.string().nullable(),
  /** merged / merge_reversed: the other customer of the merge. */
  relatedCustomerId: z.string().nullable(),
  relatedCustomerName: z.string().nullable(),
  /** merged / merge_reversed: the merge record (see `merges`). */
  mergeId: z.string().nullable(),
  actorLabel: z.string(),
  at: z.date(),
  /** entitlement_* steps (modules/entitlements): the benefit the step is about; absent on ownership steps. */
  entitlement: z
    .object({ id: z.string(), type: z.string(), value: z.string(), status: z.string(), reference: z.string().nullable() })
    .optional(),
});
