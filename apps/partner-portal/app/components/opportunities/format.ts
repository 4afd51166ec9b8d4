import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";

export { useMoney } from "@qudao/ui/money";

/** "2026-11" in the reader's language: "2026年11月", "Nov 2026". */
export function useMonthLabel(): (month: string) => string {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, { year: "numeric", month: "short", timeZone: "UTC" });
  return (month) => format.format(new Date(`${month}-01T00:00:00Z`));
}

/** A calendar date ("2026-11-30") in the reader's language, without shifting it across time zones. */
export function useCalendarDate(): (date: string) => string {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: "UTC" });
  return (date) => format.format(new Date(`${date}T00:00:00Z`));
}

/** How long a deal stayed in a stage, coarse enough to read at a glance. */
export function formatDuration(t: TFunction, seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  if (minutes < 1) return t("opportunities.duration.lessThanMinute");
  if (hours < 1) return t("opportunities.duration.minutes", { minutes });
  if (days < 1) return t("opportunities.duration.hours", { hours, minutes: minutes % 60 });
  return t("opportunities.duration.days", { days, hours: hours % 24 });
}
