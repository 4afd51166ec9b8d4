import { z } from "zod";
import { optionalText, requiredText, ZInstant, ZListInput } from "../shared.schemas.ts";
import { ZCommissionRules } from "./commission.schemas.ts";

export const COMMISSION_PLAN_STATUSES = ["draft", "active", "withdrawn"] as const;

function planFields<T extends z.ZodType<Date>>(instant: T) {
  return z.object({
    name: requiredText(100),
    note: optionalText(2000),
    /** The instant it applies from (orders with orderedAt ≥ this). */
    effectiveFrom: instant,
    rules: ZCommissionRules,
  });
}

/** POST /commission-plans (REST and tRPC): a new version, a draft until activated. */
export const ZCommissionPlanFields = planFields(ZInstant);
/** What the service takes: the same, with an instant as a Date too (after the procedure parsed it). */
export const ZCommissionPlanInput = planFields(z.union([z.date({ message: "errors.field.invalid" }), ZInstant]));
export type TCommissionPlanInput = z.input<typeof ZCommissionPlanInput>;

/** PATCH /commission-plans/{id}: drafts only. */
export const ZCommissionPlanPatchFields = ZCommissionPlanFields.partial();
export const ZCommissionPlanPatch = ZCommissionPlanInput.partial();
export type TCommissionPlanPatch = z.input<typeof ZCommissionPlanPatch>;

export const ZCommissionPlanListInput = ZListInput.extend({
  status: z.enum(COMMISSION_PLAN_STATUSES, { message: "errors.field.invalidOption" }).optional(),
});
export type TCommissionPlanListInput = z.input<typeof ZCommissionPlanListInput>;

export const ZCommissionPlan = z.object({
  id: z.string(),
  version: z.number().int(),
  name: z.string(),
  note: z.string().nullable(),
  effectiveFrom: z.date(),
  status: z.enum(COMMISSION_PLAN_STATUSES),
  rules: z.record(z.string(), z.unknown()),
  activatedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TCommissionPlan = z.infer<typeof ZCommissionPlan>;

/** POST /commission-plans/preview: what the rules pay per category and partner tier (nothing is saved). */
export const ZRatePreviewInput = z.object({ rules: ZCommissionRules });
export const ZRatePreview = z.object({
  tiers: z.array(z.string()),
  rows: z.array(
    z.object({
      category: z.string().nullable(),
      cells: z.array(z.object({ partnerTier: z.string(), rate: z.string(), firstOrderRate: z.string().nullable(), matchedBy: z.string() })),
    }),
  ),
});
export type TRatePreview = z.infer<typeof ZRatePreview>;

/** GET /commission-plans/plugin-rule-types: a rule type a plugin installed platform-wide offers (ADR 025), as its manifest says it. */
const ZLocalizedLabel = z.record(z.string(), z.string());
export const ZPluginRuleType = z.object({
  /** What a plan's `pluginRules[].type` names. */
  type: z.string(),
  pluginId: z.string(),
  pluginName: ZLocalizedLabel,
  label: ZLocalizedLabel,
  /** The params the rule takes, as field definitions (name, type, label, required, options, min, max…). */
  params: z.array(z.record(z.string(), z.unknown())),
  runFor: z.enum(["partnersWithOrders", "activePartners"]),
});
export type TPluginRuleType = z.infer<typeof ZPluginRuleType>;
