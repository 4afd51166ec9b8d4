import { z } from "zod";
import { moneyText, optionalEmail, optionalPhone, optionalText, requiredText, ZId, ZListInput } from "../shared.schemas.ts";

export const LEAD_STATUSES = ["new", "contacted", "qualified", "disqualified", "converted"] as const;
export const ZLeadStatus = z.enum(LEAD_STATUSES, { message: "errors.field.invalidOption" });
export type TLeadStatus = z.infer<typeof ZLeadStatus>;

/** Why a lead was disqualified (labels: `work.lead.disqualifyReason.<code>`). */
export const DISQUALIFY_REASONS = ["no_budget", "no_need", "competitor", "unreachable", "not_decision_maker", "duplicate", "other"] as const;
export const ZDisqualifyReason = z.enum(DISQUALIFY_REASONS, { message: "errors.field.invalidOption" });
export type TDisqualifyReason = z.infer<typeof ZDisqualifyReason>;

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
  /** Required when disqualifying (with words in `statusReason` when it is "other"). */
  disqualifyReason: ZDisqualifyReason.nullish(),
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
  /** Why it was disqualified (a code of DISQUALIFY_REASONS); the words are in statusReason. */
  disqualifyReason: ZDisqualifyReason.nullable(),
  statusReason: z.string().nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  /** The customer the lead became (set by conversion). */
  customerId: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TLead = z.infer<typeof ZLead>;

export const ZLeadAssignInput = z.object({ assigneeId: ZId });

/** The deal amount on conversion, typed like any amount in the app. */
export const ZAmount = moneyText("work.lead.errors.amount");

/**
 * Convert a lead: register its customer (报备, so ownership rules apply) and open an opportunity in the
 * platform's default pipeline. Customer fields default to the lead's; a given null clears one.
 */
export const ZLeadConvertInput = z.object({
  customer: z
    .object({
      kind: z.enum(["company", "person"], { message: "errors.field.invalidOption" }).optional(),
      name: optionalText(200).optional(),
      phone: optionalText(64).optional(),
      email: optionalText(254).optional(),
      uscc: optionalText(40).optional(),
      city: optionalText(50).optional(),
    })
    .optional(),
  opportunity: z
    .object({
      name: optionalText(200).optional(),
      amount: ZAmount.optional(),
      expectedCloseDate: z.iso.date({ message: "errors.field.invalid" }).nullish(),
    })
    .optional(),
  note: optionalText(2000),
});
export type TLeadConvertInput = z.input<typeof ZLeadConvertInput>;

/**
 * The outcome, like a registration's: `converted` (customer + opportunity, lead converted), or the
 * registration's answer when it did not give the customer to this partner — `refused` (with its
 * translated reason; nothing else written) or `pending_review` (the platform decides first).
 */
export const ZLeadConversion = z.object({
  status: z.enum(["converted", "refused", "pending_review"]),
  lead: ZLead,
  customerId: z.string().nullable(),
  opportunityId: z.string().nullable(),
  registration: z.object({
    id: z.string(),
    // The registration statuses (registrations.schemas.ts), spelled out so this browser-safe module stays free of identity parsing.
    status: z.enum(["pending", "accepted", "rejected", "expired", "released"]),
    reason: z.object({ code: z.string(), message: z.string() }).nullable(),
  }),
});
export type TLeadConversion = z.infer<typeof ZLeadConversion>;

const duplicateText = z.string().trim().max(200, { message: "errors.field.tooLong" }).optional();

/** What the user has typed so far (any subset), and the lead being edited (not its own duplicate). */
export const ZLeadDuplicateInput = z.object({
  name: duplicateText,
  company: duplicateText,
  phone: duplicateText,
  email: duplicateText,
  excludeLeadId: ZId.optional(),
});
export type TLeadDuplicateInput = z.input<typeof ZLeadDuplicateInput>;

const ZDuplicateField = z.enum(["name", "company", "phone", "email"]);
export const ZLeadDuplicates = z.object({
  leads: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      company: z.string().nullable(),
      status: ZLeadStatus,
      assigneeName: z.string().nullable(),
      matchedOn: z.array(ZDuplicateField),
    }),
  ),
  customers: z.array(z.object({ id: z.string(), name: z.string(), city: z.string().nullable(), matchedOn: z.array(ZDuplicateField) })),
});
export type TLeadDuplicates = z.infer<typeof ZLeadDuplicates>;
