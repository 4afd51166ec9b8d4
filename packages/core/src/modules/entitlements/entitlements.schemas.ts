/**
 * Customer entitlements (客户权益, issue 5 item 9): isomorphic zod schemas. A value is the benefit's
 * worth in the platform's currency (CNY), a decimal string with at most two places, never a float.
 * Messages are i18n keys, translated at the edge.
 */
import { z } from "zod";
import { moneyText, optionalText, ZId, ZListInput } from "../shared.schemas.ts";

export const ENTITLEMENT_STATUSES = ["requested", "approved", "rejected", "issued", "cancelled"] as const;
export type TEntitlementStatus = (typeof ENTITLEMENT_STATUSES)[number];

/**
 * The benefit types Qudao knows, each with its label under `entitlements.type.<code>`. Which of them
 * the platform offers, and within which limits, is the `entitlement-policy` setting.
 */
export const ENTITLEMENT_TYPES = ["coupon", "free_service", "gift", "extended_warranty", "training", "trial_extension"] as const;
export type TEntitlementType = (typeof ENTITLEMENT_TYPES)[number];

/** A money amount as typed ("1,200.50" too): > 0, at most 16 digits and two places. */
const positiveMoney = (message: string) => moneyText(message).refine((v) => /[1-9]/.test(v), { message: "entitlements.errors.valuePositive" });

export const ZEntitlementTypeField = z.enum(ENTITLEMENT_TYPES, { message: "entitlements.errors.type" });

// ── settings ────────────────────────────────────────────────────────────────────────────────────

const perPeriodCount = z.coerce
  .number({ message: "entitlements.errors.policy.count" })
  .int({ message: "entitlements.errors.policy.count" })
  .min(1, { message: "entitlements.errors.policy.count" })
  .max(1000, { message: "entitlements.errors.policy.count" });

export const ZEntitlementTypeRule = z.object({
  code: ZEntitlementTypeField,
  /** The most one request may be worth. */
  maxValue: positiveMoney("entitlements.errors.policy.money"),
  /** Per customer and period ("YYYY-MM", platform time zone): how many requests of this type… */
  maxCountPerPeriod: perPeriodCount,
  /** …and how much they may be worth together. */
  maxTotalValuePerPeriod: positiveMoney("entitlements.errors.policy.money"),
});
export type TEntitlementTypeRule = z.infer<typeof ZEntitlementTypeRule>;

const MONEY = /^\d{1,16}(\.\d{1,2})?$/;

function cents(money: string): bigint {
  const [whole, fraction = ""] = money.split(".");
  return BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, "0"));
}

/** The platform's benefit catalogue (PlatformSetting `entitlement-policy`): the types offered and their limits. */
export const ZEntitlementPolicy = z
  .object({
    types: z
      .array(ZEntitlementTypeRule, { message: "entitlements.errors.policy.typesRequired" })
      .min(1, { message: "entitlements.errors.policy.typesRequired" })
      .max(ENTITLEMENT_TYPES.length),
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    // zod may run this when a field failed too: look only at what parsed.
    if (!Array.isArray(policy?.types)) return;
    policy.types.forEach((rule, index) => {
      if (typeof rule?.code !== "string") return;
      if (seen.has(rule.code)) ctx.addIssue({ code: "custom", path: ["types", index, "code"], message: "entitlements.errors.policy.duplicateType" });
      seen.add(rule.code);
      // A total below one request's maximum would refuse a request the per-request limit allows.
      if (MONEY.test(String(rule.maxValue)) && MONEY.test(String(rule.maxTotalValuePerPeriod)) && cents(rule.maxTotalValuePerPeriod) < cents(rule.maxValue)) {
        ctx.addIssue({ code: "custom", path: ["types", index, "maxTotalValuePerPeriod"], message: "entitlements.errors.policy.totalBelowMax" });
      }
    });
  });
export type TEntitlementPolicy = z.infer<typeof ZEntitlementPolicy>;
export type TEntitlementPolicyInput = z.input<typeof ZEntitlementPolicy>;

// ── input ───────────────────────────────────────────────────────────────────────────────────────

/** POST /entitlements: a partner asks a benefit for a customer it owns. */
export const ZEntitlementRequestInput = z.object({
  customerId: ZId,
  type: ZEntitlementTypeField,
  value: positiveMoney("entitlements.errors.value"),
  reason: z
    .string({ message: "entitlements.errors.reasonRequired" })
    .trim()
    .min(1, { message: "entitlements.errors.reasonRequired" })
    .max(1000, { message: "errors.field.tooLong" }),
});
export type TEntitlementRequestInput = z.input<typeof ZEntitlementRequestInput>;

export const ENTITLEMENT_LIST_ORDERS = ["newest", "oldest"] as const;

/** GET /entitlements: newest first, or oldest first (the platform's queue of what waits longest). */
export const ZEntitlementListInput = ZListInput.extend({
  status: z.enum(ENTITLEMENT_STATUSES, { message: "errors.field.invalidOption" }).optional(),
  customerId: ZId.optional(),
  /** The requesting partner (platform staff; a partner only ever sees its own). */
  partnerId: ZId.optional(),
  order: z.enum(ENTITLEMENT_LIST_ORDERS, { message: "errors.field.invalidOption" }).default("newest"),
});
export type TEntitlementListInput = z.input<typeof ZEntitlementListInput>;

/** POST /entitlements/{id}/approve: an optional note for the partner. */
export const ZApproveInput = z.object({ note: optionalText(1000) });
export type TApproveInput = z.input<typeof ZApproveInput>;

/** POST /entitlements/{id}/reject: the partner is told why, so the note is required. */
export const ZRejectInput = z.object({
  note: z
    .string({ message: "entitlements.errors.noteRequired" })
    .trim()
    .min(1, { message: "entitlements.errors.noteRequired" })
    .max(1000, { message: "errors.field.tooLong" }),
});
export type TRejectInput = z.input<typeof ZRejectInput>;

/** POST /entitlements/{id}/issue: what the issuing system returned (a voucher code…), if anything. */
export const ZIssueInput = z.object({ reference: optionalText(200) });
export type TIssueInput = z.input<typeof ZIssueInput>;

// ── output ──────────────────────────────────────────────────────────────────────────────────────

export const ZEntitlement = z.object({
  id: z.string(),
  partnerId: z.string(),
  customerId: z.string(),
  /** A code of ENTITLEMENT_TYPES (label: `entitlements.type.<code>`). */
  type: z.string(),
  /** Decimal string with two places ("200.00"). */
  value: z.string(),
  reason: z.string(),
  /** "YYYY-MM" (platform time zone) of the request: the period its limits count in. */
  period: z.string(),
  status: z.enum(ENTITLEMENT_STATUSES),
  requestedById: z.string(),
  decidedById: z.string().nullable(),
  decidedAt: z.date().nullable(),
  /** The platform's note to the partner (required on a rejection). */
  decisionNote: z.string().nullable(),
  issuedById: z.string().nullable(),
  issuedAt: z.date().nullable(),
  issueReference: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TEntitlement = z.infer<typeof ZEntitlement>;

/** A row of GET /entitlements: the request with the names a list shows (null where the caller may not see them). */
export const ZEntitlementListItem = ZEntitlement.extend({
  customerName: z.string().nullable(),
  partnerName: z.string().nullable(),
  requestedByName: z.string().nullable(),
  decidedByName: z.string().nullable(),
  issuedByName: z.string().nullable(),
});
export type TEntitlementListItem = z.infer<typeof ZEntitlementListItem>;

/** GET /entitlement-types: what a partner may ask for, with the limits that apply (amounts with two places). */
export const ZOfferedEntitlementType = z.object({
  code: z.string(),
  maxValue: z.string(),
  maxCountPerPeriod: z.number().int(),
  maxTotalValuePerPeriod: z.string(),
});
export type TOfferedEntitlementType = z.infer<typeof ZOfferedEntitlementType>;

/** GET/PUT /settings/entitlement-policy answer: the stored document, amounts with two places. */
export const ZEntitlementPolicyView = z.object({ types: z.array(ZOfferedEntitlementType) });

export const ENTITLEMENT_STEP_EVENTS = ["requested", "approved", "rejected", "issued", "cancelled"] as const;
export type TEntitlementStepEvent = (typeof ENTITLEMENT_STEP_EVENTS)[number];

/** One step of an entitlement on the customer's timeline. */
export const ZEntitlementStep = z.object({
  /** `<entitlementId>:<event>`: unique on a timeline. */
  id: z.string(),
  entitlementId: z.string(),
  event: z.enum(ENTITLEMENT_STEP_EVENTS),
  at: z.date(),
  type: z.string(),
  value: z.string(),
  /** The entitlement's status now. */
  status: z.enum(ENTITLEMENT_STATUSES),
  partnerId: z.string(),
  partnerName: z.string().nullable(),
  /** Who took the step, when the caller may see that user (a partner does not see platform staff). */
  actorName: z.string().nullable(),
  /** requested: the partner's reason; approved/rejected: the platform's note. */
  note: z.string().nullable(),
  /** issued: the issuing system's reference. */
  reference: z.string().nullable(),
});
export type TEntitlementStep = z.infer<typeof ZEntitlementStep>;
