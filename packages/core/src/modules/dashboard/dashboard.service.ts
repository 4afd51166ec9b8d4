/**
 * The portal home for a partner user: the pipeline per stage, the forecast for six months, tasks due
 * today or overdue, registrations about to lose protection, and the latest activity. Every read goes
 * through the caller's scope (a rep sees their own; managers and admins their team and sub-dealers).
 */
import { requirePartnerActor, requirePermission, type Actor } from "../../actor/index.ts";
import { env } from "../../env/index.ts";
import { hasMessage, translator, type Locale } from "../../i18n/index.ts";
import { getBoard, getForecast } from "../opportunities/index.ts";
import { formatMoney } from "../opportunities/opportunities.rules.ts";
import { findDueTasks, findExpiringRegistrations, findRecentActivities } from "./dashboard.repository.ts";
import { daysLeft, startOfNextDay } from "./dashboard.rules.ts";
import { DASHBOARD_FORECAST_MONTHS, REGISTRATION_HORIZON_DAYS, type TDashboard } from "./dashboard.schemas.ts";
import Decimal from "decimal.js";

const DAY_MS = 86_400_000;
const LIST_SIZE = 10;

export async function getDashboard(actor: Actor, locale: Locale, now = new Date()): Promise<TDashboard> {
  requirePermission(actor, "opportunity:read");
  const partner = requirePartnerActor(actor);
  const timeZone = env().PLATFORM_TIMEZONE;
  const t = translator(locale);
  const [board, forecast, tasks, registrations, activities] = await Promise.all([
    getBoard(actor, { limit: 0 }, locale, now),
    getForecast(actor, { months: DASHBOARD_FORECAST_MONTHS }, now),
    findDueTasks(partner.userId, startOfNextDay(now, timeZone), LIST_SIZE),
    findExpiringRegistrations(now, new Date(now.getTime() + REGISTRATION_HORIZON_DAYS * DAY_MS), LIST_SIZE),
    findRecentActivities(LIST_SIZE),
  ]);
  const open = board.columns.filter((c) => c.kind === "open");
  return {
    pipeline: {
      pipelineId: board.pipelineId,
      pipelineName: board.pipelineName,
      stuckDays: board.stuckDays,
      stages: board.columns.map(({ cards: _cards, nextCursor: _next, ...column }) => column),
      openCount: open.reduce((sum, c) => sum + c.count, 0),
      openAmount: formatMoney(open.reduce((sum, c) => sum.add(c.amount), new Decimal(0))),
      weightedAmount: formatMoney(open.reduce((sum, c) => sum.add(c.weightedAmount), new Decimal(0))),
    },
    forecast,
    tasks: tasks.map((task) => ({
      id: task.id,
      title: task.titleKey && hasMessage(task.titleKey) ? String(t(task.titleKey, (task.params ?? {}) as Record<string, unknown>)) : (task.title ?? ""),
      link: task.link,
      dueAt: task.dueAt!,
      overdue: task.dueAt!.getTime() < now.getTime(),
    })),
    expiringRegistrations: registrations.map((r) => ({
      id: r.id,
      customerId: r.customerId,
      customerName: String((r.submitted as { name?: unknown } | null)?.name ?? ""),
      protectedUntil: r.protectedUntil!,
      daysLeft: daysLeft(now, r.protectedUntil!),
    })),
    recentActivities: activities.map(({ author, ...activity }) => ({ ...activity, authorName: author.name })),
  };
}
