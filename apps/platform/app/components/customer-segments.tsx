import { RFM_SEGMENTS, type TTagChip } from "@qudao/core/schemas";
import { useTranslation } from "react-i18next";
import { LifecycleStage } from "~/components/lifecycle-stage";

/** The lifecycle stage as a coloured badge (computed stages have their own colours). */
export function LifecycleBadge({ stage }: { stage: string }) {
  return (
    <span className={`badge lifecycle lifecycle-${stage}`}>
      <LifecycleStage stage={stage} />
    </span>
  );
}

function isRfmSegment(segment: string): segment is (typeof RFM_SEGMENTS)[number] {
  return (RFM_SEGMENTS as readonly string[]).includes(segment);
}

/** The RFM value segment, its score ("R4F2M5") as the tooltip; a dash without orders. */
export function RfmSegment({ segment, score }: { segment: string | null | undefined; score?: string | null | undefined }) {
  const { t } = useTranslation();
  if (!segment || !isRfmSegment(segment)) return <span className="muted">—</span>;
  return (
    <span className={`badge rfm rfm-${segment}`} title={score ? `${t("segments.rfm.score")} ${score}` : undefined}>
      {t(`segments.rfm.segments.${segment}`)}
    </span>
  );
}

/** A customer's tags as chips; platform tags carry a small marker. */
export function TagChips({ tags }: { tags: readonly TTagChip[] | undefined }) {
  const { t } = useTranslation();
  if (!tags || tags.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="tag-chips" aria-label={t("segments.tags.title")}>
      {tags.map((tag) => (
        <li key={tag.id} className={`tag-chip tag-${tag.scope}`} style={tag.color ? { borderColor: tag.color, color: tag.color } : undefined}>
          {tag.name}
        </li>
      ))}
    </ul>
  );
}
