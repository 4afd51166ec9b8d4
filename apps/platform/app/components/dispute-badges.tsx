import { useTranslation } from "react-i18next";

export function DisputeStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge dispute-${status}`} data-field="dispute-status">
      {t(`settlement.disputeStatus.${status}`)}
    </span>
  );
}

/**
 * How long a dispute has waited (open) or took (resolved), against the SLA target. The hours come
 * from core (measured when the loader ran), so the server render and hydration print the same text.
 */
export function DisputeAge({ dispute }: { dispute: { status: string; ageHours: number; slaHours: number; overSla: boolean } }) {
  const { t } = useTranslation();
  const text = t(dispute.status === "open" ? "settlement.disputes.age.waiting" : "settlement.disputes.age.took", { hours: dispute.ageHours });
  return (
    <span className={dispute.overSla ? "age overdue" : "age"} data-over-sla={dispute.overSla ? "true" : "false"}>
      {text}
      {dispute.overSla ? <span className="small age-target">{t("settlement.disputes.age.overdue", { sla: dispute.slaHours })}</span> : null}
    </span>
  );
}
