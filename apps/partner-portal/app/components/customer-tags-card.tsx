import { Link, useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { TTagChip } from "@qudao/core/schemas";
import type { action } from "~/routes/customer-tags";

/**
 * The tags on a customer as this partner sees them (the platform's and its own), with add and
 * remove for its own. Saved through /customer-tags with fetchers, so the page keeps its place.
 */
export function CustomerTagsCard({
  customerId,
  tags,
  options,
  canManage,
}: {
  customerId: string;
  tags: readonly TTagChip[];
  options: ReadonlyArray<{ id: string; name: string }>;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const add = useFetcher<typeof action>();
  const applied = new Set(tags.map((tag) => tag.id));
  const addable = options.filter((option) => !applied.has(option.id));
  const failed = add.state === "idle" && add.data && !add.data.ok ? add.data.error : null;
  return (
    <section className="card" aria-labelledby="customer-tags">
      <h2 id="customer-tags" className="card-title">
        {t("segments.tags.title")}
      </h2>
      {tags.length === 0 ? (
        <p className="muted">{t("segments.tags.none")}</p>
      ) : (
        <ul className="tag-chips tag-chips-large" aria-label={t("segments.tags.title")}>
          {tags.map((tag) => (
            <TagChip key={tag.id} customerId={customerId} tag={tag} />
          ))}
        </ul>
      )}
      {failed ? (
        <div role="alert" className="form-error">
          {failed.fields.tagId ?? failed.message}
        </div>
      ) : null}
      {addable.length > 0 ? (
        <add.Form method="post" action="/customer-tags" className="inline-form tag-add-form" key={tags.length}>
          <input type="hidden" name="intent" value="tag" />
          <input type="hidden" name="customerId" value={customerId} />
          <div className="field">
            <label htmlFor="customer-tag-add">{t("segments.tags.add")}</label>
            <select id="customer-tag-add" name="tagId" defaultValue="" required>
              <option value="" disabled>
                {t("segments.tags.choose")}
              </option>
              {addable.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={add.state !== "idle"}>
            {t("segments.tags.apply")}
          </button>
        </add.Form>
      ) : (
        <p className="muted">
          {t("segments.tags.noOwnTags")} {canManage ? <Link to="/tags">{t("segments.tags.manageLink")}</Link> : null}
        </p>
      )}
    </section>
  );
}

/** A chip; the partner's own tags can be taken off, the platform's are read-only. */
function TagChip({ customerId, tag }: { customerId: string; tag: TTagChip }) {
  const { t } = useTranslation();
  const remove = useFetcher<typeof action>();
  return (
    <li className={`tag-chip tag-${tag.scope}`} style={tag.color ? { borderColor: tag.color, color: tag.color } : undefined} title={tag.scope === "platform" ? t("segments.tags.platformReadOnly") : undefined}>
      {tag.name}
      {tag.scope === "partner" ? (
        <remove.Form method="post" action="/customer-tags" className="tag-remove">
          <input type="hidden" name="intent" value="untag" />
          <input type="hidden" name="customerId" value={customerId} />
          <input type="hidden" name="tagId" value={tag.id} />
          <button type="submit" className="tag-remove-button" aria-label={t("segments.tags.removeNamed", { name: tag.name })} disabled={remove.state !== "idle"}>
            ×
          </button>
        </remove.Form>
      ) : null}
    </li>
  );
}
