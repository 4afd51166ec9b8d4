/**
 * Commissions: isomorphic zod schemas. A plan version's rules are JSON a channel manager edits; they
 * are parsed here before they are stored, and again when read, so the engine only ever sees valid
 * rules. Rates and amounts travel as decimal strings: a JSON number such as 0.1 is a binary float,
 * and the rules must say exactly what the manager typed.
 */
import Decimal from "decimal.js";
import { z } from "zod";
import { ZPartnerTier } from "../partners/partners.schemas.ts";

export const COMMISSION_LINE_KINDS = ["earn", "clawback", "bonus", "cap", "adjustment"] as const;
export const ZCommissionLineKind = z.enum(COMMISSION_LINE_KINDS, { message: "errors.field.invalidOption" });
export type TCommissionLineKind = z.infer<typeof ZCommissionLineKind>;

export const STATEMENT_STATUSES = ["draft", "issued", "confirmed", "disputed", "approved", "paid"] as const;
export const ZStatementStatus = z.enum(STATEMENT_STATUSES, { message: "errors.field.invalidOption" });
export type TStatementStatus = z.infer<typeof ZStatementStatus>;

export const ZPeriod = z.string({ message: "commissions.errors.periodFormat" }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "commissions.errors.periodFormat" });

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
const RATE_MAX_PLACES = 6;

function decimalOrNull(value: unknown): Decimal | null {
  return typeof value === "string" && DECIMAL_TEXT.test(value) ? new Decimal(value) : null;
}

/**
 * A rate: a decimal string from 0 to 1 inclusive ("0.05" is 5 %), at most six places. One check
 * function so a malformed string is reported once (format), never also as out of range.
 */
export const ZRateText = z.string({ error: (issue) => (issue.input === undefined ? "errors.field.required" : "commissions.errors.rateFormat") }).superRefine((value, ctx) => {
  if (!DECIMAL_TEXT.test(value)) {
    ctx.addIssue({ code: "custom", message: "commissions.errors.rateFormat" });
    return;
  }
  const rate = new Decimal(value);
  if (rate.isNegative() || rate.gt(1)) {
    ctx.addIssue({ code: "custom", message: "commissions.errors.rateRange" });
    return;
  }
  // Places as written: "0.1000000" has seven even though its value has one.
  if ((value.split(".")[1] ?? "").length > RATE_MAX_PLACES) ctx.addIssue({ code: "custom", message: "commissions.errors.ratePrecision" });
});

/** A non-negative amount in the rules (a tier's minimum, a cap): up to 16 digits and two places, as a string. */
export const ZRulesAmount = z
  .string({ error: (issue) => (issue.input === undefined ? "errors.field.required" : "commissions.errors.amountFormat") }).regex(/^\d{1,16}(\.\d{1,2})?$/, { message: "commissions.errors.amountFormat" });

/** Blank means "any" (as with optional text elsewhere): `category: ""` is the same entry as no category. */
const anyCategory = z
  .string({ message: "commissions.errors.categoryFormat" })
  .trim()
  .max(100, { message: "errors.field.tooLong" })
  .nullish()
  .transform((v) => (v ? v : null));

export const ZRateEntry = z.strictObject(
  {
    category: anyCategory,
    partnerTier: ZPartnerTier.nullish().transform((v) => v ?? null),
    rate: ZRateText,
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? "commissions.errors.unknownRule" : "commissions.errors.rateEntryFormat") },
);
export type TRateEntry = z.output<typeof ZRateEntry>;

export const ZVolumeTier = z.strictObject(
  { minBase: ZRulesAmount, bonusRate: ZRateText },
  { error: (issue) => (issue.code === "unrecognized_keys" ? "commissions.errors.unknownRule" : "commissions.errors.volumeTierFormat") },
);
export type TVolumeTier = z.output<typeof ZVolumeTier>;

/** How often a plugin rule settles: every month, or at the end of each calendar quarter over the quarter's orders. */
export const PLUGIN_RULE_WINDOWS = ["month", "quarter"] as const;

/** A JSON value a param may hold (checkValues decides, per the rule type's declaration, what it means). */
const ZParamValue = z.union([z.string().max(10000), z.number(), z.boolean(), z.null(), z.array(z.string().max(500)).max(200)], { message: "errors.field.invalid" });

/**
 * A rule a plugin contributes (ADR 025): `type` is the rule type's namespaced name, `params` its
 * declared params. Which plugin provides it and whether the params fit its declaration is checked
 * against the installed plugins when a version is saved or activated (plugin-rules.service.ts);
 * the shape is checked here, strictly like the rest.
 */
export const ZPluginRule = z.strictObject(
  {
    type: z.string({ message: "commissionPluginRules.errors.typeFormat" }).regex(/^[a-z][a-z0-9_]*__[a-z][a-zA-Z0-9]{0,47}$/, { message: "commissionPluginRules.errors.typeFormat" }),
    params: z.record(z.string().regex(/^[a-z][a-zA-Z0-9]{0,47}$/, { message: "plugins.values.unknownField" }), ZParamValue, { message: "commissionPluginRules.errors.paramsFormat" }).default({}),
    window: z.enum(PLUGIN_RULE_WINDOWS, { message: "errors.field.invalidOption" }).default("month"),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? "commissions.errors.unknownRule" : "commissionPluginRules.errors.ruleFormat") },
);
export type TPluginRuleInput = z.input<typeof ZPluginRule>;
export type TPluginRule = z.output<typeof ZPluginRule>;

/**
 * A plan version's rules. Unknown keys are refused rather than ignored: a misspelt
 * "capPerPeriode" silently dropped would pay out uncapped.
 */
export const ZCommissionRules = z
  .strictObject(
    {
      rates: z.array(ZRateEntry, { message: "commissions.errors.ratesRequired" }),
      /** Added to every item's rate on a customer's first-ever order. */
      newCustomerBonus: ZRateText.optional(),
      /** Retroactive volume bonus on the period's whole base; tiers by strictly increasing minimum. */
      volumeTiers: z.array(ZVolumeTier, { message: "commissions.errors.volumeTiersFormat" }).optional(),
      /** The most earn + bonus lines may add up to in one period. */
      capPerPeriod: ZRulesAmount.optional(),
      /** Rules computed by installed plugins' commission hooks (ADR 025), applied per period like the bonus and the cap. */
      pluginRules: z.array(ZPluginRule, { message: "commissionPluginRules.errors.rulesFormat" }).max(20, { message: "commissionPluginRules.errors.tooMany" }).optional(),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? "commissions.errors.unknownRule" : "commissions.errors.rulesFormat") },
  )
  // zod runs this even when a field above failed, so every value is checked before it is read.
  .superRefine((rules, ctx) => {
    const rates = Array.isArray(rules.rates) ? rules.rates : null;
    if (rates) {
      const seen = new Set<string>();
      let defaults = 0;
      rates.forEach((entry, index) => {
        const key = JSON.stringify([entry?.category ?? null, entry?.partnerTier ?? null]);
        if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["rates", index], message: "commissions.errors.rateDuplicate" });
        seen.add(key);
        if ((entry?.category ?? null) === null && (entry?.partnerTier ?? null) === null) defaults++;
      });
      if (defaults === 0) ctx.addIssue({ code: "custom", path: ["rates"], message: "commissions.errors.defaultRateMissing" });

      // A first order may not earn more than the item is worth: every rate plus the bonus stays ≤ 1.
      // An out-of-range bonus is already reported on its own field.
      const bonus = decimalOrNull(rules.newCustomerBonus);
      if (bonus && !bonus.isNegative() && bonus.lte(1)) {
        rates.forEach((entry, index) => {
          const rate = decimalOrNull(entry?.rate);
          if (rate?.add(bonus).gt(1)) ctx.addIssue({ code: "custom", path: ["rates", index, "rate"], message: "commissions.errors.rateWithBonusAboveOne" });
        });
      }
    }

    const tiers = Array.isArray(rules.volumeTiers) ? rules.volumeTiers : [];
    tiers.forEach((tier, index) => {
      const minBase = decimalOrNull(tier?.minBase);
      const previous = decimalOrNull(tiers[index - 1]?.minBase);
      if (minBase && previous && !minBase.gt(previous)) {
        ctx.addIssue({ code: "custom", path: ["volumeTiers", index, "minBase"], message: "commissions.errors.volumeTiersNotIncreasing" });
      }
    });
  })
  // A complete, valid example (OpenAPI shows it; the isolation probe's input generator uses it).
  .meta({
    examples: [
      {
        rates: [{ rate: "0.05" }, { category: "software", rate: "0.08" }, { category: "software", partnerTier: "gold", rate: "0.1" }],
        newCustomerBonus: "0.02",
        volumeTiers: [{ minBase: "100000.00", bonusRate: "0.01" }],
        capPerPeriod: "50000.00",
      },
    ],
  });
export type TCommissionRulesInput = z.input<typeof ZCommissionRules>;
export type TCommissionRules = z.output<typeof ZCommissionRules>;
