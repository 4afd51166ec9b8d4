/** A lead's, customer's or opportunity's follow-ups, latest first; one's own entries can be corrected. */
import { Link } from "@remix-run/react";
import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { TActivityKind } from "@qudao/core/schemas";
import { EntitlementTimelineItem, type TimelineEntitlementStep } from "~/components/entitlement-timeline-item";
import { ACTIVITY_ICONS } from "~/components/quick-log";
import { useDateFormat } from "~/date-format";

export type TimelineActivity = {
  id: string;
  kind: TActivityKind;
  subject: string | null;
  body: string | null;
  occurredAt: string;
  durationMinutes: number | null;
  authorId: string;
  authorName: string;
};

export function ActivityTimeline({
  items,
  me,
  moreHref,
  returnTo,
  entitlementSteps = [],
  details,
}: {
  items: TimelineActivity[];
  me: string;
  moreHref?: string | null;
  returnTo: string;
  /** A customer's entitlement steps (modules/entitlements), listed among its follow-ups by time. */
  entitlementSteps?: TimelineEntitlementStep[];
  /** More about an entry, under its text (e.g. the plugin fields a plugin shows as activity columns). */
  details?: (activityId: string) => ReactNode;
}) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const id = useId();
  // While older follow-ups are a page away, only the steps within the span shown are listed, so
  // nothing appears next to follow-ups it did not happen beside.
  const oldestShown = moreHref && items.length > 0 ? Date.parse(items[items.length - 1]!.occurredAt) : null;
  const entries: Array<{ at: number; activity?: TimelineActivity; step?: TimelineEntitlementStep }> = [
    ...items.map((activity) => ({ at: Date.parse(activity.occurredAt), activity })),
    ...entitlementSteps.filter((step) => oldestShown === null || Date.parse(step.at) >= oldestShown).map((step) => ({ at: Date.parse(step.at), step })),
  ].sort((a, b) => b.at - a.at);
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card-title">
        {t("work.portal.timeline.title")}
      </h2>
      {entries.length === 0 ? (
        <p className="muted">{t("work.portal.timeline.empty")}</p>
      ) : (
        <ol className="timeline">
          {entries.map(({ activity, step }) => step ? (
            <EntitlementTimelineItem key={step.id} step={step} />
          ) : activity ? (
            <li key={activity.id} className="timeline-item">
              <span className="timeline-icon" aria-hidden="true">
                {ACTIVITY_ICONS[activity.kind]}
              </span>
              <div>
                <div className="timeline-head">
                  <span className="timeline-kind">{t(`work.activity.kind.${activity.kind}`)}</span>
                  <time className="timeline-meta" dateTime={activity.occurredAt}>
                    {format.dateTime(activity.occurredAt)}
                  </time>
                  <span className="timeline-meta">{t("work.portal.timeline.by", { name: activity.authorName })}</span>
                  {activity.durationMinutes ? <span className="timeline-meta">{t("work.portal.timeline.duration", { minutes: activity.durationMinutes })}</span> : null}
                  {activity.authorId === me ? (
                    <Link className="timeline-edit" to={`/activities/${activity.id}?returnTo=${encodeURIComponent(returnTo)}`}>
                      {t("work.portal.timeline.edit")}
                    </Link>
                  ) : null}
                </div>
                {activity.subject ? <p className="timeline-subject">{activity.subject}</p> : null}
                {activity.body ? <p className="timeline-body">{activity.body}</p> : null}
                {details?.(activity.id)}
              </div>
            </li>
          ) : null)}
        </ol>
      )}
      {moreHref ? (
        <p className="card-links">
          <Link to={moreHref}>{t("work.portal.timeline.more")}</Link>
        </p>
      ) : null}
    </section>
  );
}
