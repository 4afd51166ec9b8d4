import { useTranslation } from "react-i18next";

/** Review SLA: a claim waiting longer than this is overdue. */
export const REVIEW_SLA_MINUTES = 24 * 60;

/** "3 小时" / "2 天": minutes under an hour, hours under a day, then whole days (at least one minute). */
export function useDuration(): (minutes: number) => string {
  const { t } = useTranslation();
  return (minutes) => {
    if (minutes < 60) return minutes === 1 ? t("platform.duration.minute", { count: 1 }) : t("platform.duration.minutes", { count: minutes });
    if (minutes < 24 * 60) {
      const hours = Math.floor(minutes / 60);
      return hours === 1 ? t("platform.duration.hour", { count: 1 }) : t("platform.duration.hours", { count: hours });
    }
    const days = Math.floor(minutes / (24 * 60));
    return days === 1 ? t("platform.duration.day", { count: 1 }) : t("platform.duration.days", { count: days });
  };
}

/**
 * How long a claim has waited (pending) or how long ago it was submitted (decided). `minutes` is
 * computed by the loader, so server render and hydration show the same text.
 */
export function WaitAge({ minutes, waiting }: { minutes: number; waiting: boolean }) {
  const { t } = useTranslation();
  const duration = useDuration()(Math.max(1, minutes));
  if (minutes < 1) return <span className="age">{t("platform.registrations.age.justNow")}</span>;
  if (!waiting) return <span className="muted">{t("platform.registrations.age.ago", { duration })}</span>;
  const overdue = minutes >= REVIEW_SLA_MINUTES;
  return (
    <span className={overdue ? "age overdue" : "age"} title={overdue ? t("platform.registrations.age.overdueHint") : undefined}>
      {t("platform.registrations.age.waiting", { duration })}
    </span>
  );
}
