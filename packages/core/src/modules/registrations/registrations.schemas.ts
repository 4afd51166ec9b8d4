import { z } from "zod";
import { normaliseEmail, normalisePhone, validateUscc } from "../identity/index.ts";
import { flag, optionalText, queryFlag, requiredText, ZId, ZListInput } from "../shared.schemas.ts";

export const REGISTRATION_STATUSES = ["pending", "accepted", "rejected", "expired", "released"] as const;
export const ZRegistrationStatus = z.enum(REGISTRATION_STATUSES, { message: "errors.field.invalidOption" });

const identityText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: "errors.field.tooLong" })
    .nullish()
    .transform((v) => (v ? v : null));

// Each identity field is checked on its own, so one submit reports every bad field at once.
export const ZRegistrationInput = z.object({
  customer: z.object({
    kind: z.enum(["company", "person"], { message: "errors.field.invalidOption" }),
    name: requiredText(200),
    phone: identityText(64).refine((v) => v === null || normalisePhone(v).ok, { message: "errors.field.phone" }),
    email: identityText(254).refine((v) => v === null || normaliseEmail(v).ok, { message: "errors.field.email" }),
    uscc: identityText(40).superRefine((v, ctx) => {
      if (v === null) return;
      const result = validateUscc(v);
      if (!result.ok) ctx.addIssue({ code: "custom", message: result.reason === "format" ? "identity.usccFormat" : "identity.usccCheckDigit" });
    }),
    city: optionalText(50),
  }),
  note: optionalText(2000),
});
export type TRegistrationInput = z.input<typeof ZRegistrationInput>;

export const ZRegistrationListInput = ZListInput.extend({
  status: ZRegistrationStatus.optional(),
  partnerId: ZId.optional(),
  extensionRequested: flag,
  /** Review queues read oldest first. */
  order: z.enum(["newest", "oldest"]).default("newest"),
});
export type TRegistrationListInput = z.input<typeof ZRegistrationListInput>;
export const ZRegistrationListQuery = ZRegistrationListInput.extend({ extensionRequested: queryFlag });

export const ZDecisionFields = z.object({
  decision: z.enum(["approve", "reject"], { message: "errors.field.invalidOption" }),
  reason: optionalText(1000),
});
/** A rejection always says why: the partner reads it. */
export function requireReasonToReject<T extends { decision: string; reason: string | null }>(value: T, ctx: z.core.$RefinementCtx<T>): void {
  if (value.decision === "reject" && !value.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "errors.field.required" });
}
export const ZDecisionInput = ZDecisionFields.superRefine(requireReasonToReject);

export const ZExtensionRequestInput = z.object({ reason: requiredText(1000) });

const ZReason = z.object({ code: z.string(), message: z.string() });

/** What a partner sees of a registration. */
export const ZRegistration = z.object({
  id: z.string(),
  partnerId: z.string(),
  status: ZRegistrationStatus,
  customerId: z.string().nullable(),
  customerName: z.string(),
  submitted: z.object({
    kind: z.enum(["company", "person"]),
    name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    uscc: z.string().nullable(),
    city: z.string().nullable(),
  }),
  note: z.string().nullable(),
  protectedUntil: z.date().nullable(),
  reason: ZReason.nullable(),
  reasonNote: z.string().nullable(),
  extensionStatus: z.enum(["none", "requested", "approved", "rejected"]),
  extensionReason: z.string().nullable(),
  createdAt: z.date(),
  decidedAt: z.date().nullable(),
});
export type TRegistration = z.infer<typeof ZRegistration>;

/** Platform staff also see whom it collided with and the partner's name. */
export const ZRegistrationForPlatform = ZRegistration.extend({
  partnerName: z.string(),
  matchedCustomerId: z.string().nullable(),
});
export type TRegistrationForPlatform = z.infer<typeof ZRegistrationForPlatform>;

/** API.md's answer to POST /registrations. */
export const ZRegistrationDecision = z.object({
  id: z.string(),
  status: ZRegistrationStatus,
  customerId: z.string().optional(),
  protectedUntil: z.date().optional(),
  reason: ZReason.optional(),
});
export type TRegistrationDecision = z.infer<typeof ZRegistrationDecision>;
