import { z } from "zod";
import { flag, optionalText, queryFlag, requiredText, ZId, ZListInput } from "../shared.schemas.ts";

export const ZCustomerListInput = ZListInput.extend({
  q: z.string().trim().max(100).optional(),
  /** Platform only: one partner's customers, or "pool" for the public pool. */
  ownerPartnerId: ZId.optional(),
  inPool: flag,
});
export type TCustomerListInput = z.input<typeof ZCustomerListInput>;
export const ZCustomerListQuery = ZCustomerListInput.extend({ inPool: queryFlag });

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
  lastActivityAt: z.date().nullable(),
  createdAt: z.date(),
});
export type TCustomer = z.infer<typeof ZCustomer>;

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
  actorLabel: z.string(),
  at: z.date(),
});
