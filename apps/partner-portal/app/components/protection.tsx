import { useTranslation } from "react-i18next";
import { useDateFormat, useDisplayTimeZone } from "~/date-format";
import { protectionState, type ProtectionState } from "~/protection-countdown";

/** Days left at which the countdown turns to a warning colour. */
const SOON_DAYS = 7;

/** The countdown's text and tone ("还剩 12 天", "今天到期", "保护已结束"). */
export function useProtectionCountdown(): (until: string | Date | null | undefined, now: string | Date) => { state: ProtectionState; text: string; tone: string } {
  const { t } = useTranslation();
  const timeZone = useDisplayTimeZone();
  return (until, now) => {
    const state = protectionState(until, now, timeZone);
    switch (state.kind) {
      case "none":
        return { state, text: t("portal.protection.none"), tone: "muted" };
      case "ended":
        return { state, text: t("portal.protection.ended"), tone: "ended" };
      case "today":
        return { state, text: t("portal.protection.today"), tone: "soon" };
      case "active":
        return { state, text: t("portal.protection.daysLeft", { count: state.days }), tone: state.days <= SOON_DAYS ? "soon" : "ok" };
    }
  };
}

/** "保护至 2027年2月21日 · 还剩 90 天", or "未受保护". */
export function Protection({ until, now }: { until: string | null | undefined; now: string }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const countdown = useProtectionCountdown()(until, now);
  if (!until) return <span className="muted">{countdown.text}</span>;
  return (
    <span className="protection">
      <time dateTime={until}>{t("portal.protection.until", { date: format.date(until) })}</time>
      <span className={`countdown ${countdown.tone}`}>{countdown.text}</span>
    </span>
  );
}

/**
 * A registration's protection: counting down while accepted; ended once expired or released (its
 * stored date may still lie ahead after an early release); none while pending or rejected.
 */
export function RegistrationProtection({ status, until, now }: { status: string; until: string | null; now: string }) {
  const { t } = useTranslation();
  if (status === "accepted") return <Protection until={until} now={now} />;
  if (status === "expired" || status === "released") return <span className="countdown ended">{t("portal.protection.ended")}</span>;
  return <span className="muted">{t("portal.protection.none")}</span>;
}
