/** Statements, their lines and generation runs: isomorphic zod schemas (API.md "statements"). */
import { z } from "zod";
import { ZListInput } from "../shared.schemas.ts";
import { ZPeriod, ZStatementStatus, type TCommissionLineKind } from "./commission.schemas.ts";

export const ZStatementListInput = ZListInput.extend({
  period: ZPeriod.optional(),
  /** Platform only (a partner always sees its own). */
  partnerId: z.string().optional(),
  status: ZStatementStatus.optional(),
});
export type TStatementListInput = z.input<typeof ZStatementListInput>;

const ZMoneyText = z.string().meta({ description: "Decimal as a string, e.g. \"123.45\"" });

export const ZStatementSummary = z.object({
  id: z.string(),
  partnerId: z.string(),
  partnerName: z.string(),
  period: ZPeriod,
  status: ZStatementStatus,
  currency: z.string(),
  earnTotal: ZMoneyText,
  clawbackTotal: ZMoneyText,
  bonusTotal: ZMoneyText,
  capTotal: ZMoneyText,
  adjustmentTotal: ZMoneyText,
  total: ZMoneyText,
  /** Σ payouts recorded against it. */
  paidAmount: ZMoneyText,
  lineCount: z.number().int(),
  openDisputes: z.number().int(),
  generatedAt: z.date().nullable(),
  issuedAt: z.date().nullable(),
  confirmedAt: z.date().nullable(),
  approvedAt: z.date().nullable(),
  paidAt: z.date().nullable(),
  locked: z.boolean(),
});
export type TStatementSummary = z.infer<typeof ZStatementSummary>;

/** API.md's line kinds: the volume bonus and the cap are adjustment lines, told apart by adjustmentType. */
export const API_LINE_KINDS = ["earn", "clawback", "adjustment"] as const;
export const ZApiLineKind = z.enum(API_LINE_KINDS, { message: "errors.field.invalidOption" });
export type TApiLineKind = z.infer<typeof ZApiLineKind>;

/** What kind of adjustment: the retroactive volume bonus, the period cap, a late change of a locked period, an accepted dispute… */
export type TAdjustmentType = "volumeBonus" | "cap" | (string & {});

/** The stored kind as API.md names it, and the adjustment's type. */
export function apiLineKind(kind: TCommissionLineKind, cause?: { type?: unknown } | null): { kind: TApiLineKind; adjustmentType: TAdjustmentType | null } {
  if (kind === "earn" || kind === "clawback") return { kind, adjustmentType: null };
  if (kind === "bonus") return { kind: "adjustment", adjustmentType: "volumeBonus" };
  if (kind === "cap") return { kind: "adjustment", adjustmentType: "cap" };
  return { kind: "adjustment", adjustmentType: typeof cause?.type === "string" ? cause.type : "manual" };
}

export const ZStatementLine = z.object({
  id: z.string(),
  key: z.string(),
  kind: ZApiLineKind,
  /** For adjustment lines: volumeBonus, cap, lateChange, dispute…; null for earn and clawback lines. */
  adjustmentType: z.string().nullable(),
  orderId: z.string().nullable(),
  orderExternalId: z.string().nullable(),
  orderItemId: z.string().nullable(),
  refundId: z.string().nullable(),
  planVersionId: z.string().nullable(),
  /** The plan version's number (v3), for people. */
  planVersion: z.number().int().nullable(),
  base: ZMoneyText,
  rate: z.string().nullable(),
  amount: ZMoneyText,
  /** What explains it: matched rate entry and how it matched, new-customer bonus, tier, cap, cause… */
  detail: z.record(z.string(), z.unknown()),
  /** The open dispute on this line, if any. */
  openDisputeId: z.string().nullable(),
});
export type TStatementLine = z.infer<typeof ZStatementLine>;

export const ZStatement = ZStatementSummary.extend({ lines: z.array(ZStatementLine) });
export type TStatement = z.infer<typeof ZStatement>;

export const ZStatementLinesInput = ZListInput.extend({ id: z.string(), kind: ZApiLineKind.optional() });
export type TStatementLinesInput = z.input<typeof ZStatementLinesInput>;

export const ZGenerateInput = z.object({ period: ZPeriod });
export type TGenerateInput = z.input<typeof ZGenerateInput>;

export const JOB_STATUSES = ["queued", "running", "completed", "failed"] as const;
export const JOB_TYPES = ["statement_generation", "plan_simulation"] as const;

export const ZJob = z.object({
  id: z.string(),
  type: z.enum(JOB_TYPES),
  status: z.enum(JOB_STATUSES),
  period: ZPeriod,
  progress: z.object({ done: z.number().int(), total: z.number().int(), percent: z.number().int() }),
  result: z.object({
    linesCreated: z.number().int(),
    linesUpdated: z.number().int(),
    linesRemoved: z.number().int(),
    summary: z.record(z.string(), z.unknown()),
  }),
  /** Why it failed, in the caller's language. */
  failure: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});
export type TJob = z.infer<typeof ZJob>;

export const ZJobAccepted = z.object({ jobId: z.string(), status: z.enum(JOB_STATUSES), period: ZPeriod });
export type TJobAccepted = z.infer<typeof ZJobAccepted>;
