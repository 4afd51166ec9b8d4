/** An entitlement's step (asked, approved, rejected, issued, withdrawn) among the customer's follow-ups. */
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useMoney } from "@qudao/ui/money";
import type { TEntitlementStepEvent } from "@qudao/core/schemas";
import { useDateFormat } from "~/date-format";

export type TimelineEntitlementStep = {
  id: string;
  entitlementId: string;
  event: TEntitlementStepEvent;
  at: string;
  type: string;
  value: string;
  actorName: string | null;
  note: string | null;
  reference: string | null;
};

export function EntitlementTimelineItem({ step }: { step: TimelineEntitlementStep }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const money = useMoney();
  return (
    <li className={`timeline-item entitlement entitlement-${step.event}`} data-entitlement-step={step.event}>
      <span className="timeline-icon" aria-hidden="true">
        🎁
      </span>
      <div>
        <div className="timeline-head">
          <span className="timeline-kind">{t(`entitlements.step.${step.event}`)}</span>
          <time className="timeline-meta" dateTime={step.at}>
            {format.dateTime(step.at)}
          </time>
          {/* Platform staff are not named to partners: "the platform" decided or issued. */}
          <span className="timeline-meta">{step.actorName ?? (step.event === "cancelled" ? null : t("entitlements.timeline.platform"))}</span>
          <Link className="timeline-edit" to={`/entitlements#entitlement-${step.entitlementId}`}>
            {t("entitlements.portal.title")}
          </Link>
        </div>
        <p className="timeline-subject">
          {t(`entitlements.type.${step.type}`)} · {money(step.value)}
        </p>
        {step.note ? <p className="timeline-body">{step.note}</p> : null}
        {step.reference ? <p className="timeline-body">{t("entitlements.queue.referenceLine", { reference: step.reference })}</p> : null}
      </div>
    </li>
  );
}
