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
  /** Registrations on one customer (platform: also those that collided with it). */
  customerId: ZId.optional(),
  /** The extension queue: ordered by when the extension was requested, not by submission. */
  extensionRequested: flag,
  /** Review queues read oldest first. */
  order: z.enum(["newest", "oldest"], { message: "errors.field.invalidOption" }).default("newest"),
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
  /** When the extension was requested: the age of the request in the platform's extension queue. */
  extensionRequestedAt: z.date().nullable(),
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

/** A partner's list row also names the registering partner: itself, or one of its sub-dealers. */
export const ZRegistrationListItem = ZRegistration.extend({ partnerName: z.string() });
export type TRegistrationListItem = z.infer<typeof ZRegistrationListItem>;

/** A normalised identity key (kind: uscc, phone, email, name_city) as matching compares it. */
export const ZIdentityKey = z.object({ kind: z.string(), value: z.string() });
export type TIdentityKey = z.infer<typeof ZIdentityKey>;

/**
 * The platform's conflict view: this registration, the customer it matched and the other live claims,
 * each with its identity keys; `sharedKeys` are the keys it has in common with this registration —
 * why they collided. (A claim on the same customer may share none: it met through the customer.)
 */
export const ZRegistrationConflict = z.object({
  registration: ZRegistrationForPlatform.extend({ identityKeys: z.array(ZIdentityKey) }),
  customer: z
    .object({
      id: z.string(),
      kind: z.enum(["company", "person"]),
      name: z.string(),
      city: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
      uscc: z.string().nullable(),
      ownerPartnerId: z.string().nullable(),
      ownerPartnerName: z.string().nullable(),
      ownerPartnerTier: z.string().nullable(),
      protectedUntil: z.date().nullable(),
      lastActivityAt: z.date().nullable(),
      createdAt: z.date(),
      identityKeys: z.array(ZIdentityKey),
      sharedKeys: z.array(ZIdentityKey),
    })
    .nullable(),
  competing: z.array(ZRegistrationForPlatform.extend({ identityKeys: z.array(ZIdentityKey), sharedKeys: z.array(ZIdentityKey) })),
});
export type TRegistrationConflict = z.infer<typeof ZRegistrationConflict>;

/** API.md's answer to POST /registrations. */
export const ZRegistrationDecision = z.object({
  id: z.string(),
  status: ZRegistrationStatus,
  customerId: z.string().optional(),
  protectedUntil: z.date().optional(),
  reason: ZReason.optional(),
});
export type TRegistrationDecision = z.infer<typeof ZRegistrationDecision>;
