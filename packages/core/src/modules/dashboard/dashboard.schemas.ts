/** The portal's home: a partner user's day and pipeline at a glance. */
import { z } from "zod";
import { ZBoardColumn, ZForecast } from "../opportunities/opportunities.schemas.ts";

export const ACTIVITY_KINDS = ["call", "visit", "meeting", "wechat", "email", "note"] as const;

export const ZDashboardTask = z.object({
  id: z.string(),
  /** Translated: a system task's i18n title in the reader's language, or the title as written. */
  title: z.string(),
  link: z.string().nullable(),
  dueAt: z.date(),
  overdue: z.boolean(),
});

export const ZDashboardRegistration = z.object({
  id: z.string(),
  customerId: z.string().nullable(),
  customerName: z.string(),
  protectedUntil: z.date(),
  /** Whole days left (0 on the last day). */
  daysLeft: z.number().int(),
});

export const ZDashboardActivity = z.object({
  id: z.string(),
  kind: z.enum(ACTIVITY_KINDS),
  subject: z.string().nullable(),
  occurredAt: z.date(),
  authorName: z.string(),
  leadId: z.string().nullable(),
  customerId: z.string().nullable(),
  opportunityId: z.string().nullable(),
});

export const ZDashboard = z.object({
  /** The caller's default pipeline: open opportunities per stage (a rep's own; a manager's team and sub-dealers). */
  pipeline: z.object({
    pipelineId: z.string(),
    pipelineName: z.string(),
    stuckDays: z.number().int(),
    stages: z.array(ZBoardColumn.omit({ cards: true, nextCursor: true })),
    openCount: z.number().int(),
    openAmount: z.string(),
    weightedAmount: z.string(),
  }),
  /** The next six months. */
  forecast: ZForecast,
  /** The caller's open tasks that are overdue or due by the end of today. */
  tasks: z.array(ZDashboardTask),
  /** Accepted registrations whose protection ends within REGISTRATION_HORIZON_DAYS days. */
  expiringRegistrations: z.array(ZDashboardRegistration),
  /** The latest activity the caller may see (their own for reps; the team's for managers and admins). */
  recentActivities: z.array(ZDashboardActivity),
});
export type TDashboard = z.infer<typeof ZDashboard>;

export const REGISTRATION_HORIZON_DAYS = 14;
export const DASHBOARD_FORECAST_MONTHS = 6;
