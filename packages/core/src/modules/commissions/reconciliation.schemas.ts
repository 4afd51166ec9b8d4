/** Reconciliation of a period and plan simulations: isomorphic zod schemas (ADR 023). */
import { z } from "zod";
import { ZId, ZListInput } from "../shared.schemas.ts";
import { ZCommissionLineKind, ZPeriod, ZStatementStatus } from "./commission.schemas.ts";
import { ORDER_ATTRIBUTION_FILTERS } from "../orders/orders.schemas.ts";
import { RECONCILIATION_CHECKS, RECONCILIATION_ISSUES, RECONCILIATION_LISTS, STATEMENT_STATUS_FILTERS } from "./reconciliation.rules.ts";
import { JOB_STATUSES } from "./statements.schemas.ts";

const ZMoneyText = z.string().meta({ description: "Decimal as a string, e.g. \"123.45\"" });

export const ZReconciliationInput = z.object({ period: ZPeriod });
export type TReconciliationInput = z.input<typeof ZReconciliationInput>;

export const ZDrill = z
  .object({
    list: z.enum(["orders", "lines"]),
    query: z.record(z.string(), z.string()),
  })
  .meta({ description: "The list behind a figure: `orders` → GET /orders?{query}; `lines` → GET /reconciliation/{period}/lines?{query}" });
export type TDrill = z.infer<typeof ZDrill>;

export const ZFigure = z.object({ count: z.number().int(), amount: ZMoneyText, drill: ZDrill });

const ZReason = z.object({ code: z.string(), count: z.number().int(), amount: ZMoneyText, message: z.string(), drill: ZDrill });
const ZPart = z.object({ code: z.string(), amount: ZMoneyText, label: z.string(), drill: ZDrill.nullable() });

export const ZReconciliationCheck = z.object({
  code: z.enum(RECONCILIATION_CHECKS),
  title: z.string(),
  /** false: a finding (a difference that is not explained by rounding). */
  ok: z.boolean(),
  expected: ZMoneyText,
  actual: ZMoneyText,
  /** actual − expected. */
  difference: ZMoneyText,
  /** Rows in the finding's list. */
  count: z.number().int(),
  /** In the caller's language: what the difference means and what to do. */
  explanation: z.string(),
  reasons: z.array(ZReason),
  parts: z.array(ZPart),
  drill: ZDrill,
});
export type TReconciliationCheck = z.infer<typeof ZReconciliationCheck>;

export const ZReconciliation = z.object({
  period: ZPeriod,
  timeZone: z.string(),
  /** The period's first instant and the next period's first instant. */
  from: z.date(),
  to: z.date(),
  currency: z.string(),
  orders: z.object({ all: ZFigure, attributed: ZFigure, unattributed: ZFigure }),
  refunds: z.object({ all: ZFigure, attributed: ZFigure, unattributed: ZFigure }),
  lines: z.object({ earn: ZFigure, clawback: ZFigure, bonus: ZFigure, cap: ZFigure, adjustment: ZFigure, total: ZFigure }),
  earnBase: ZMoneyText,
  statements: z.object({ byStatus: z.array(ZFigure.extend({ status: ZStatementStatus })), total: ZFigure }),
  payouts: z.object({ approved: ZFigure, paid: ZFigure, outstanding: ZMoneyText }),
  checks: z.array(ZReconciliationCheck),
  findings: z.number().int(),
});
export type TReconciliation = z.infer<typeof ZReconciliation>;

export const ZReconciliationLinesInput = ZListInput.extend({
  period: ZPeriod,
  /** lines (default), refunds, statements or payouts of the period; ignored when `issue` is given. */
  list: z.enum(RECONCILIATION_LISTS, { message: "errors.field.invalidOption" }).optional(),
  /** A check's finding list. */
  issue: z.enum(RECONCILIATION_ISSUES, { message: "errors.field.invalidOption" }).optional(),
  /** One reason of the issue (e.g. missingEarn: noPlanInForce). */
  reason: z.string().trim().max(40, { message: "errors.field.tooLong" }).optional(),
  kind: ZCommissionLineKind.optional(),
  /** The statement's status; "locked" = approved or paid. */
  status: z.enum(STATEMENT_STATUS_FILTERS, { message: "errors.field.invalidOption" }).optional(),
  partnerId: ZId.optional(),
  /** Refunds: of attributed or unattributed orders. */
  attribution: z.enum(ORDER_ATTRIBUTION_FILTERS, { message: "errors.field.invalidOption" }).optional(),
});
export type TReconciliationLinesInput = z.input<typeof ZReconciliationLinesInput>;

export const RECONCILIATION_ROW_SUBJECTS = ["line", "orderItem", "refund", "statement", "payout"] as const;

/** A row of a drill-down list: a line, an order item or refund without its line, a statement or a payout. */
export const ZReconciliationRow = z.object({
  id: z.string(),
  subject: z.enum(RECONCILIATION_ROW_SUBJECTS),
  kind: ZCommissionLineKind.nullable(),
  partnerId: z.string().nullable(),
  partnerName: z.string().nullable(),
  statementId: z.string().nullable(),
  statementStatus: ZStatementStatus.nullable(),
  orderId: z.string().nullable(),
  orderExternalId: z.string().nullable(),
  refundId: z.string().nullable(),
  refundExternalId: z.string().nullable(),
  /** orderedAt, refundedAt or paidOn. */
  at: z.date().nullable(),
  /** The line's key, the item's SKU or the payout's reference. */
  label: z.string().nullable(),
  base: ZMoneyText.nullable(),
  /** The line's amount; the item's or refund's amount; a statement's total (or Σ its lines / payouts in an issue list); the payout. */
  amount: ZMoneyText.nullable(),
  /** What it should be, in an issue list (statement: its stored total or paid amount; line: the item's quantity × unitPrice). */
  expected: ZMoneyText.nullable(),
  difference: ZMoneyText.nullable(),
  /** A statement's paid amount. */
  paid: ZMoneyText.nullable(),
  reason: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type TReconciliationRow = z.infer<typeof ZReconciliationRow>;

// ── plan simulation ────────────────────────────────────────────────────────────────────────────

export const ZSimulationInput = z.object({ period: ZPeriod });
export type TSimulationInput = z.input<typeof ZSimulationInput>;

const ZAmounts = z.object({ earn: ZMoneyText, clawback: ZMoneyText, bonus: ZMoneyText, cap: ZMoneyText, total: ZMoneyText });

export const ZSimulationPartner = z.object({
  partnerId: z.string(),
  partnerName: z.string(),
  tier: z.string(),
  /** Under the versions in force. */
  current: ZAmounts,
  /** Under the simulated version, in force for the whole period. */
  simulated: ZAmounts,
  /** simulated − current. */
  difference: ZAmounts,
  /** Items no version covered (earn nothing), on each side. */
  skippedCurrent: z.number().int(),
  skippedSimulated: z.number().int(),
});
export type TSimulationPartner = z.infer<typeof ZSimulationPartner>;

export const ZPlanSimulation = z.object({
  id: z.string(),
  planId: z.string(),
  period: ZPeriod,
  status: z.enum(JOB_STATUSES),
  progress: z.object({ done: z.number().int(), total: z.number().int(), percent: z.number().int() }),
  failure: z.string().nullable(),
  /** The plan as simulated (a draft may change afterwards). */
  planVersion: z.number().int().nullable(),
  planUpdatedAt: z.date().nullable(),
  partners: z.array(ZSimulationPartner),
  totals: z.object({ current: ZAmounts, simulated: ZAmounts, difference: ZAmounts }).nullable(),
  /** Partners left out because a plugin rule could not be computed for them (ADR 025), with why in the caller's language. */
  pluginFailures: z.array(z.object({ partnerId: z.string(), partnerName: z.string(), message: z.string() })),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});
export type TPlanSimulation = z.infer<typeof ZPlanSimulation>;
