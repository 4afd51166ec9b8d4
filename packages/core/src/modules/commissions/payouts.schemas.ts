/**
 * Payouts against approved statements and the partner's payable balance (issue 5 item 6,
 * docs/decisions/022-disputes-and-payouts.md): isomorphic zod schemas. Money is a decimal string
 * with two places, a payout's date a calendar date (YYYY-MM-DD).
 */
import { z } from "zod";
import { flag, moneyText, optionalText, queryFlag, requiredText, ZListInput } from "../shared.schemas.ts";
import { ZPeriod, ZStatementStatus } from "./commission.schemas.ts";

const ZMoneyText = z.string().meta({ description: "Decimal as a string, e.g. \"123.45\"" });

/** A calendar date, YYYY-MM-DD, that exists. */
export const ZCalendarDate = z
  .string({ message: "errors.field.required" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "settlement.errors.dateFormat" })
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, { message: "settlement.errors.dateFormat" });

/** POST /payouts: finance records money paid to a partner against one of its approved statements. */
export const ZRecordPayoutInput = z.object({
  statementId: z.string({ message: "errors.field.required" }),
  amount: moneyText("settlement.errors.payoutAmountFormat").meta({ examples: ["1200.00"] }),
  /** The day the money left (the bank's value date). */
  paidOn: ZCalendarDate.meta({ examples: ["2026-12-05"] }),
  /** The bank or payment reference: unique per partner, so sending the same payout again records it once. */
  reference: requiredText(100).meta({ examples: ["CMB-20261205-0042"] }),
  note: optionalText(1000),
});
export type TRecordPayoutInput = z.input<typeof ZRecordPayoutInput>;

export const ZPayout = z.object({
  id: z.string(),
  partnerId: z.string(),
  partnerName: z.string().nullable(),
  statementId: z.string(),
  period: ZPeriod,
  amount: ZMoneyText,
  paidOn: z.string(),
  reference: z.string(),
  note: z.string().nullable(),
  recordedById: z.string().nullable(),
  recordedByName: z.string().nullable(),
  createdAt: z.date(),
});
export type TPayout = z.infer<typeof ZPayout>;

export const ZPayoutListInput = ZListInput.extend({
  /** Platform only (a partner always sees its own). */
  partnerId: z.string().optional(),
  statementId: z.string().optional(),
});
export type TPayoutListInput = z.input<typeof ZPayoutListInput>;

/** One approved or paid statement in the partner's ledger. */
export const ZLedgerStatement = z.object({
  id: z.string(),
  period: ZPeriod,
  status: ZStatementStatus,
  total: ZMoneyText,
  /** Σ payouts recorded against this statement. */
  paidAmount: ZMoneyText,
  /** Covered by what was paid, in period order (a negative statement once later earnings absorb it). */
  settled: z.boolean(),
});

export const ZPartnerBalanceSummary = z.object({
  partnerId: z.string(),
  partnerName: z.string().nullable(),
  partnerStatus: z.string().nullable(),
  currency: z.string(),
  /** Σ totals of the approved and paid statements. */
  approvedTotal: ZMoneyText,
  /** Σ payouts. */
  paidTotal: ZMoneyText,
  /** approvedTotal − paidTotal: what is payable now (negative: the partner owes it, carried forward). */
  balance: ZMoneyText,
  minimumPayout: ZMoneyText,
  /** Below the minimum payout (or negative): nothing is paid now, it carries forward to later statements. */
  carriedForward: z.boolean(),
  /** The oldest approved statement not yet settled: what a payout is usually recorded against. */
  nextStatement: z.object({ id: z.string(), period: ZPeriod, total: ZMoneyText }).nullable(),
  lastPaidOn: z.string().nullable(),
});
export type TPartnerBalanceSummary = z.infer<typeof ZPartnerBalanceSummary>;

export const ZPartnerBalance = ZPartnerBalanceSummary.extend({ statements: z.array(ZLedgerStatement) });
export type TPartnerBalance = z.infer<typeof ZPartnerBalance>;

export const ZRecordedPayout = ZPayout.extend({
  /** The same reference and body was recorded before: this is that payout, nothing new written. */
  replayed: z.boolean(),
  balance: ZPartnerBalance,
});
export type TRecordedPayout = z.infer<typeof ZRecordedPayout>;

/** What the service takes (a real boolean or "true"/"false"). */
export const ZBalanceListInput = ZListInput.extend({
  /** Only partners with something payable now (at least the minimum payout). */
  payable: flag,
});
export type TBalanceListInput = z.input<typeof ZBalanceListInput>;

/** GET /payout-balances: the same with the flag as a query string. */
export const ZBalanceListQuery = ZListInput.extend({ payable: queryFlag });

/** PlatformSetting `payout-policy`: the smallest payout worth a bank transfer; smaller balances carry forward. */
export const ZPayoutPolicy = z.object({
  minimumPayout: moneyText("settlement.errors.payoutAmountFormat").default("100.00"),
});
export type TPayoutPolicy = z.infer<typeof ZPayoutPolicy>;
