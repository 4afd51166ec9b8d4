import { Link, useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { savedFilterSearch, type TSavedFilterEntity } from "@qudao/core/schemas";
import type { action, loader } from "~/routes/saved-filters";

type SavedFilter = { id: string; name: string; query: Record<string, string>; shared: boolean; mine: boolean; ownerName: string | null };

/** Parameters that page or announce rather than filter: never saved, ignored when comparing. */
const NOT_SAVED = new Set(["cursor", "notice", "savedFilter"]);

function queryOf(search: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(search)) if (!NOT_SAVED.has(key) && value.trim() !== "") out[key] = value;
  return out;
}

/**
 * "保存筛选" for a list page: saves the page's current query string under a name (privately or for
 * the whole platform team), and lists saved filters to apply, rename, share or delete. It loads and
 * changes them through routes/saved-filters, so a list page only places it.
 */
export function SavedFilters({ entity }: { entity: TSavedFilterEntity }) {
  const { t } = useTranslation();
  const location = useLocation();
  const list = useFetcher<typeof loader>();
  const save = useFetcher<typeof action>();
  const saveForm = useRef<HTMLFormElement>(null);
  const saveBox = useRef<HTMLDetailsElement>(null);
  // Loaded once per list (fetcher data is revalidated after every save, rename or delete).
  const loaded = useRef<string | null>(null);
  useEffect(() => {
    if (loaded.current === entity) return;
    loaded.current = entity;
    list.load(`/saved-filters?entity=${entity}`);
  });
  useEffect(() => {
    if (save.state === "idle" && save.data?.ok) {
      saveForm.current?.reset();
      if (saveBox.current) saveBox.current.open = false;
    }
  }, [save.state, save.data]);
  const current = savedFilterSearch(queryOf(location.search));
  const filters: SavedFilter[] = list.data?.items ?? [];
  const saveError = save.data && !save.data.ok ? save.data.error : null;

  return (
    <section className="saved-filters" aria-label={t("segments.savedFilters.title")}>
      <details className="saved-filters-list">
        <summary>
          {t("segments.savedFilters.title")} <span className="muted">({filters.length})</span>
        </summary>
        {filters.length === 0 ? (
          <p className="muted small">{t("segments.savedFilters.empty")}</p>
        ) : (
          <ul className="plain-list">
            {filters.map((filter) => (
              <SavedFilterRow key={filter.id} filter={filter} pathname={location.pathname} current={savedFilterSearch(filter.query) === current} />
            ))}
          </ul>
        )}
      </details>
      <details className="saved-filters-save" ref={saveBox}>
        <summary className="button">{t("segments.savedFilters.save")}</summary>
        <save.Form method="post" action="/saved-filters" className="inline-form" ref={saveForm}>
          <input type="hidden" name="intent" value="create" />
          <input type="hidden" name="entity" value={entity} />
          <input type="hidden" name="query" value={JSON.stringify(queryOf(location.search))} />
          <div className="field">
            <label htmlFor={`saved-filter-name-${entity}`}>{t("segments.savedFilters.name")}</label>
            <input
              id={`saved-filter-name-${entity}`}
              name="name"
              maxLength={50}
              required
              aria-invalid={saveError?.fields.name ? true : undefined}
              aria-describedby={saveError ? `saved-filter-error-${entity}` : undefined}
            />
          </div>
          <label className="choice-inline">
            <input type="checkbox" name="shared" /> {t("segments.savedFilters.shared")}
          </label>
          <button type="submit" className="primary" disabled={save.state !== "idle"}>
            {t("segments.savedFilters.submit")}
          </button>
          {saveError ? (
            <p id={`saved-filter-error-${entity}`} role="alert" className="field-error">
              {saveError.fields.name ?? saveError.message}
            </p>
          ) : null}
        </save.Form>
      </details>
      {save.state === "idle" && save.data?.ok ? (
        <p role="status" className="notice">
          {t("segments.savedFilters.saved", { name: save.data.name })}
        </p>
      ) : null}
    </section>
  );
}

function SavedFilterRow({ filter, pathname, current }: { filter: SavedFilter; pathname: string; current: boolean }) {
  const { t } = useTranslation();
  const change = useFetcher<typeof action>();
  const error = change.data && !change.data.ok ? change.data.error : null;
  return (
    <li aria-current={current ? "true" : undefined}>
      <div>
        <Link to={`${pathname}${savedFilterSearch(filter.query)}`} className="strong">
          {filter.name}
        </Link>{" "}
        {filter.mine ? (
          filter.shared ? <span className="badge shared">{t("segments.savedFilters.sharedBadge")}</span> : null
        ) : (
          <span className="muted small">{t("segments.savedFilters.sharedBy", { name: filter.ownerName ?? "" })}</span>
        )}
        {current ? <span className="muted small"> · {t("segments.savedFilters.current")}</span> : null}
        {error ? (
          <p role="alert" className="field-error">
            {error.fields.name ?? error.message}
          </p>
        ) : null}
      </div>
      {filter.mine ? (
        <div className="saved-filter-actions">
          <details>
            <summary className="link">{t("segments.savedFilters.rename")}</summary>
            <change.Form method="post" action="/saved-filters" className="inline-form">
              <input type="hidden" name="intent" value="rename" />
              <input type="hidden" name="id" value={filter.id} />
              <input name="name" defaultValue={filter.name} maxLength={50} aria-label={t("segments.savedFilters.name")} required />
              <button type="submit" disabled={change.state !== "idle"}>
                {t("common.actions.save")}
              </button>
            </change.Form>
          </details>
          <change.Form method="post" action="/saved-filters">
            <input type="hidden" name="id" value={filter.id} />
            <input type="hidden" name="name" value={filter.name} />
            <button type="submit" name="intent" value={filter.shared ? "unshare" : "share"} className="link" disabled={change.state !== "idle"}>
              {t(filter.shared ? "segments.savedFilters.unshare" : "segments.savedFilters.share")}
            </button>
            <button
              type="submit"
              name="intent"
              value="delete"
              className="link danger"
              disabled={change.state !== "idle"}
              onClick={(event) => {
                if (!window.confirm(t("segments.savedFilters.confirmDelete", { name: filter.name }))) event.preventDefault();
              }}
            >
              {t("segments.savedFilters.delete")}
            </button>
          </change.Form>
        </div>
      ) : null}
    </li>
  );
}
