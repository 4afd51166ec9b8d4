/** Opportunities (商机): isomorphic zod schemas. Money travels as decimal strings, dates as YYYY-MM-DD. */
import { z } from "zod";
import { ZStageKind } from "../pipelines/pipelines.schemas.ts";
import { moneyText, optionalText, requiredText, ZId, ZListInput } from "../shared.schemas.ts";

export const OPPORTUNITY_STATUSES = ["open", "won", "lost"] as const;
export const ZOpportunityStatus = z.enum(OPPORTUNITY_STATUSES, { message: "errors.field.invalidOption" });
export type TOpportunityStatus = z.infer<typeof ZOpportunityStatus>;

/** The one currency opportunities are kept in for now. */
export const OPPORTUNITY_CURRENCIES = ["CNY"] as const;

/** Up to 16 digits and 2 decimals (Decimal(18,2)); "12,000" and "12 000.5" are read as written. */
export const ZMoneyInput = moneyText("opportunities.errors.amountFormat");

export const ZCalendarDate = z.iso.date({ message: "opportunities.errors.dateFormat" });
export const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "opportunities.errors.monthFormat" });

export const ZOpportunityCreateInput = z.object({
  name: requiredText(200),
  amount: ZMoneyInput,
  currency: z.enum(OPPORTUNITY_CURRENCIES, { message: "opportunities.errors.currency" }).default("CNY"),
  expectedCloseDate: ZCalendarDate,
  /** The partner's default pipeline (or the platform's) when left out. */
  pipelineId: ZId.nullish(),
  /** The pipeline's first open stage when left out. */
  stageId: ZId.nullish(),
  /** Required when the stage is a lost stage. */
  lostReason: optionalText(500),
  customerId: ZId.nullish(),
  leadId: ZId.nullish(),
  /** Managers and admins may give it to a colleague; otherwise it is the creator's. */
  ownerId: ZId.nullish(),
});
export type TOpportunityCreateInput = z.input<typeof ZOpportunityCreateInput>;

export const ZOpportunityUpdateInput = z.object({
  name: requiredText(200).optional(),
  amount: ZMoneyInput.optional(),
  expectedCloseDate: ZCalendarDate.optional(),
  customerId: ZId.nullish(),
  leadId: ZId.nullish(),
  /** Reassignment (managers and admins): an active member of the opportunity's partner. */
  ownerId: ZId.optional(),
  /** Only for a lost opportunity: why it was lost. */
  lostReason: optionalText(500).optional(),
});
export type TOpportunityUpdateInput = z.input<typeof ZOpportunityUpdateInput>;

export const ZMoveStageInput = z.object({
  stageId: ZId,
  /** Required when moving to a lost stage. */
  lostReason: optionalText(500),
});
export type TMoveStageInput = z.input<typeof ZMoveStageInput>;

export const ZOpportunityListInput = ZListInput.extend({
  status: ZOpportunityStatus.optional(),
  pipelineId: ZId.optional(),
  stageId: ZId.optional(),
  ownerId: ZId.optional(),
  /** A distributor's manager or admin: one of its sub-dealers (or itself). */
  partnerId: ZId.optional(),
  /** The deals with one customer, or opened from one lead (its conversion). */
  customerId: ZId.optional(),
  leadId: ZId.optional(),
  q: z.string().trim().max(100, { message: "errors.field.tooLong" }).optional(),
  /** Expected to close in this month (YYYY-MM). */
  closeMonth: ZMonth.optional(),
});
export type TOpportunityListInput = z.input<typeof ZOpportunityListInput>;

export const ZOpportunity = z.object({
  id: z.string(),
  partnerId: z.string(),
  partnerName: z.string(),
  pipelineId: z.string(),
  stageId: z.string(),
  stageName: z.string(),
  stageKind: ZStageKind,
  name: z.string(),
  /** Decimal string with two places. */
  amount: z.string(),
  currency: z.string(),
  expectedCloseDate: z.string().nullable(),
  status: ZOpportunityStatus,
  lostReason: z.string().nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  customerId: z.string().nullable(),
  leadId: z.string().nullable(),
  stageEnteredAt: z.date(),
  /** Whole days in the current stage. */
  daysInStage: z.number().int(),
  /** Open, and no stage change for the platform's configured number of days. */
  stuck: z.boolean(),
  closedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TOpportunity = z.infer<typeof ZOpportunity>;

export const ZStageVisit = z.object({
  /** The stage change that started this stay (null for the opportunity's creation without history). */
  changeId: z.string().nullable(),
  stageId: z.string(),
  stageName: z.string(),
  fromStageId: z.string().nullable(),
  fromStageName: z.string().nullable(),
  enteredAt: z.date(),
  changedById: z.string().nullable(),
  changedByName: z.string().nullable(),
  /** How long it stayed (so far, for the current stage). */
  seconds: z.number().int(),
  current: z.boolean(),
});
export type TStageVisit = z.infer<typeof ZStageVisit>;

export const ZOpportunityDetail = ZOpportunity.extend({
  /** The current stage's win probability, and the amount weighted by it (open deals; else 0). */
  probability: z.number().int(),
  weightedAmount: z.string(),
  customerName: z.string().nullable(),
  leadName: z.string().nullable(),
  /** Every stay in a stage, oldest first. */
  history: z.array(ZStageVisit),
  /** Total time per stage visited (a stage entered twice counts both stays), in board order of first entry. */
  timeInStages: z.array(z.object({ stageId: z.string(), stageName: z.string(), seconds: z.number().int(), visits: z.number().int() })),
});
export type TOpportunityDetail = z.infer<typeof ZOpportunityDetail>;

// ── board ──────────────────────────────────────────────────────────────────────────────────────

export const BOARD_DEFAULT_CARDS = 20;
export const BOARD_MAX_CARDS = 100;
/** Won and lost columns show what closed in this many days. */
export const BOARD_CLOSED_DAYS = 30;

const boardFilters = {
  partnerId: ZId.optional(),
  ownerId: ZId.optional(),
};

export const ZBoardInput = z.object({
  /** The partner's default pipeline when left out. */
  pipelineId: ZId.optional(),
  ...boardFilters,
  /** Cards per column (0: counts and sums only). */
  limit: z.coerce.number().int().min(0, { message: "errors.field.invalid" }).max(BOARD_MAX_CARDS, { message: "errors.field.invalid" }).default(BOARD_DEFAULT_CARDS),
});
export type TBoardInput = z.input<typeof ZBoardInput>;

export const ZBoardColumnInput = z.object({
  stageId: ZId,
  ...boardFilters,
  limit: z.coerce.number().int().min(1, { message: "errors.field.invalid" }).max(BOARD_MAX_CARDS, { message: "errors.field.invalid" }).default(BOARD_DEFAULT_CARDS),
  /** The last card of the previous page. */
  cursor: z.uuid({ message: "errors.field.invalidCursor" }).optional(),
});
export type TBoardColumnInput = z.input<typeof ZBoardColumnInput>;

export const ZBoardCard = z.object({
  id: z.string(),
  name: z.string(),
  amount: z.string(),
  currency: z.string(),
  status: ZOpportunityStatus,
  partnerId: z.string(),
  partnerName: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  expectedCloseDate: z.string().nullable(),
  stageEnteredAt: z.date(),
  daysInStage: z.number().int(),
  stuck: z.boolean(),
});
export type TBoardCard = z.infer<typeof ZBoardCard>;

export const ZBoardColumn = z.object({
  stageId: z.string(),
  stageName: z.string(),
  kind: ZStageKind,
  probability: z.number().int(),
  /** Open opportunities in the stage (won/lost: closed in the last BOARD_CLOSED_DAYS days). */
  count: z.number().int(),
  amount: z.string(),
  /** amount × probability, for open stages. */
  weightedAmount: z.string(),
  cards: z.array(ZBoardCard),
  nextCursor: z.string().nullable(),
});
export type TBoardColumn = z.infer<typeof ZBoardColumn>;

export const ZBoard = z.object({
  pipelineId: z.string(),
  pipelineName: z.string(),
  currency: z.string(),
  stuckDays: z.number().int(),
  closedWindowDays: z.number().int(),
  columns: z.array(ZBoardColumn),
});
export type TBoard = z.infer<typeof ZBoard>;

// ── forecast ───────────────────────────────────────────────────────────────────────────────────

export const FORECAST_MAX_MONTHS = 24;

export const ZForecastInput = z.object({
  /** First month (YYYY-MM); the current month in the platform's time zone when left out. */
  fromMonth: ZMonth.optional(),
  months: z.coerce.number().int().min(1, { message: "errors.field.invalid" }).max(FORECAST_MAX_MONTHS, { message: "errors.field.invalid" }).default(6),
  pipelineId: ZId.optional(),
  partnerId: ZId.optional(),
  ownerId: ZId.optional(),
});
export type TForecastInput = z.input<typeof ZForecastInput>;

const ZForecastBucket = z.object({
  openCount: z.number().int(),
  /** Open amount expected to close in the bucket. */
  openAmount: z.string(),
  /** Open amount × its stage's probability. */
  weightedAmount: z.string(),
});

export const ZForecastMonth = ZForecastBucket.extend({
  month: z.string(),
  wonCount: z.number().int(),
  /** Won in this month (by when it was won, in the platform's time zone). */
  wonAmount: z.string(),
});
export type TForecastMonth = z.infer<typeof ZForecastMonth>;

export const ZForecast = z.object({
  currency: z.string(),
  fromMonth: z.string(),
  months: z.array(ZForecastMonth),
  /** Still open, expected before the first month. */
  overdue: ZForecastBucket,
  /** Open without an expected close date. */
  undated: ZForecastBucket,
  totals: z.object({ openAmount: z.string(), weightedAmount: z.string(), wonAmount: z.string() }),
});
export type TForecast = z.infer<typeof ZForecast>;
