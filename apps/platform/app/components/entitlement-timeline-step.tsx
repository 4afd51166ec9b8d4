import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useMoney } from "@qudao/ui/money";
import { DateTime } from "~/components/date-time";

type Step = {
  event: string;
  partnerId: string | null;
  partnerName: string | null;
  reason: string | null;
  actorLabel: string;
  at: string | Date;
  entitlement: { id: string; type: string; value: string; status: string; reference: string | null };
};

/** An entitlement's step (asked, approved, rejected, issued, withdrawn) on the customer 360's timeline. */
export function EntitlementTimelineStep({ step }: { step: Step }) {
  const { t } = useTranslation();
  const money = useMoney();
  const event = step.event.replace(/^entitlement_/, "");
  const { entitlement } = step;
  return (
    <li className={`timeline-step event-${step.event}`} data-entitlement-id={entitlement.id}>
      <div className="timeline-head">
        <span className="strong">{t(`entitlements.step.${event}`)}</span>
        <DateTime value={step.at} />
      </div>
      <dl className="timeline-facts">
        <dt>{t("entitlements.timeline.benefit")}</dt>
        <dd>
          {t(`entitlements.type.${entitlement.type}`)} · {money(entitlement.value)}
        </dd>
        <dt>{t("entitlements.timeline.partner")}</dt>
        <dd>{step.partnerId ? <Link to={`/partners/${step.partnerId}`}>{step.partnerName ?? step.partnerId}</Link> : <span className="muted">—</span>}</dd>
        {step.reason ? (
          <>
            <dt>{t(event === "requested" ? "entitlements.timeline.reason" : "entitlements.timeline.note")}</dt>
            <dd className="notes">{step.reason}</dd>
          </>
        ) : null}
        {event === "issued" && entitlement.reference ? (
          <>
            <dt>{t("entitlements.timeline.reference")}</dt>
            <dd>
              <code>{entitlement.reference}</code>
            </dd>
          </>
        ) : null}
        {step.actorLabel ? (
          <>
            <dt>{t("entitlements.timeline.actor")}</dt>
            <dd>{step.actorLabel}</dd>
          </>
        ) : null}
      </dl>
    </li>
  );
}
