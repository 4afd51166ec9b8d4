import { z } from "zod";
import { optionalEmail, optionalPhone, optionalText, requiredText, ZId, ZListInput } from "../shared.schemas.ts";

export const LEAD_STATUSES = ["new", "contacted", "qualified", "disqualified", "converted"] as const;
export const ZLeadStatus = z.enum(LEAD_STATUSES, { message: "errors.field.invalidOption" });
export type TLeadStatus = z.infer<typeof ZLeadStatus>;

export const ZLeadCreateInput = z.object({
  name: requiredText(200),
  company: optionalText(200),
  phone: optionalPhone,
  email: optionalEmail,
  source: optionalText(100),
  notes: optionalText(4000),
  assigneeId: ZId.nullish(),
});
export type TLeadCreateInput = z.input<typeof ZLeadCreateInput>;

export const ZLeadUpdateInput = z.object({
  name: requiredText(200).optional(),
  company: optionalText(200).optional(),
  phone: optionalPhone.optional(),
  email: optionalEmail.optional(),
  source: optionalText(100).optional(),
  notes: optionalText(4000).optional(),
  status: ZLeadStatus.optional(),
  statusReason: optionalText(500).optional(),
  assigneeId: ZId.nullish(),
});
export type TLeadUpdateInput = z.input<typeof ZLeadUpdateInput>;

export const ZLeadListInput = ZListInput.extend({
  status: ZLeadStatus.optional(),
  q: z.string().trim().max(100).optional(),
  partnerId: ZId.optional(),
  assigneeId: ZId.optional(),
});
export type TLeadListInput = z.input<typeof ZLeadListInput>;

export const ZLead = z.object({
  id: z.string(),
  partnerId: z.string(),
  partnerName: z.string(),
  name: z.string(),
  company: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  source: z.string().nullable(),
  notes: z.string().nullable(),
  status: ZLeadStatus,
  statusReason: z.string().nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TLead = z.infer<typeof ZLead>;
