import { z } from "zod";
import { optionalText, requiredText, ZId, ZListInput } from "../shared.schemas.ts";

export const PARTNER_TIERS = ["bronze", "silver", "gold", "platinum"] as const;
export const PARTNER_STATUSES = ["active", "suspended", "terminated"] as const;
export const ZPartnerTier = z.enum(PARTNER_TIERS, { message: "errors.field.invalidOption" });
export const ZPartnerStatus = z.enum(PARTNER_STATUSES, { message: "errors.field.invalidOption" });

export const ZPartnerCreateInput = z.object({
  name: requiredText(200),
  tier: ZPartnerTier.default("bronze"),
  region: optionalText(100),
  parentPartnerId: ZId.nullish(),
});
export type TPartnerCreateInput = z.input<typeof ZPartnerCreateInput>;

export const ZPartnerUpdateInput = z.object({
  name: requiredText(200).optional(),
  tier: ZPartnerTier.optional(),
  region: optionalText(100).optional(),
  parentPartnerId: ZId.nullish(),
  status: ZPartnerStatus.optional(),
});
export type TPartnerUpdateInput = z.input<typeof ZPartnerUpdateInput>;

export const ZPartnerListInput = ZListInput.extend({
  q: z.string().trim().max(100).optional(),
  status: ZPartnerStatus.optional(),
  parentPartnerId: ZId.optional(),
});
export type TPartnerListInput = z.input<typeof ZPartnerListInput>;

export const ZPartner = z.object({
  id: z.string(),
  name: z.string(),
  tier: ZPartnerTier,
  region: z.string().nullable(),
  parentPartnerId: z.string().nullable(),
  parentName: z.string().nullable(),
  status: ZPartnerStatus,
  userCount: z.number().int(),
  createdAt: z.date(),
});
export type TPartner = z.infer<typeof ZPartner>;

/** A partner in a platform select: its tier to show, its status to refuse inactive targets up front. */
export const ZPartnerOption = ZPartner.pick({ id: true, name: true, tier: true, status: true });
export type TPartnerOption = z.infer<typeof ZPartnerOption>;
