import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { TTagChip } from "@qudao/core/schemas";

type Feedback = { error: { message: string; fields: Record<string, string> } } | undefined;

/**
 * The platform's tags on a customer (partners' own tags are theirs alone), with add and remove for
 * staff who may tag. Posts `intent=tag|untag` to the customer page's action.
 */
export function CustomerTagsCard({
  customerId,
  tags,
  options,
  mayTag,
  result,
}: {
  customerId: string;
  tags: readonly TTagChip[];
  options: ReadonlyArray<{ id: string; name: string }>;
  mayTag: boolean;
  result: Feedback;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && ["tag", "untag"].includes(String(navigation.formData?.get("intent")));
  const applied = new Set(tags.map((tag) => tag.id));
  const addable = options.filter((option) => !applied.has(option.id));
  return (
    <section className="card" aria-labelledby="tags-title" id="tags">
      <h2 id="tags-title">{t("segments.tags.title")}</h2>
      {result ? (
        <p role="alert" className="form-error">
          {result.error.message}
        </p>
      ) : null}
      {tags.length === 0 ? (
        <p className="muted">{t("segments.tags.none")}</p>
      ) : (
        <ul className="tag-chips" aria-label={t("segments.tags.title")}>
          {tags.map((tag) => (
            <li key={tag.id} className={`tag-chip tag-${tag.scope}`} style={tag.color ? { borderColor: tag.color, color: tag.color } : undefined}>
              {tag.name}
              {mayTag ? (
                <Form method="post" action={`/customers/${customerId}#tags`} className="tag-remove">
                  <input type="hidden" name="intent" value="untag" />
                  <input type="hidden" name="tagId" value={tag.id} />
                  <button type="submit" className="link" aria-label={t("segments.tags.removeNamed", { name: tag.name })} disabled={busy}>
                    ×
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {mayTag ? (
        addable.length === 0 ? (
          <p className="muted small">{t("segments.tags.noOwnTags")}</p>
        ) : (
          <Form method="post" action={`/customers/${customerId}#tags`} className="inline-form">
            <input type="hidden" name="intent" value="tag" />
            <label className="field">
              <select name="tagId" defaultValue="" aria-label={t("segments.tags.choose")} required>
                <option value="" disabled>
                  {t("segments.tags.choose")}
                </option>
                {addable.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={busy}>
              {t("segments.tags.apply")}
            </button>
          </Form>
        )
      ) : null}
    </section>
  );
}
