import { Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Cursor pagination kept in the URL (`?cursor=`), so a page can be shared and reloaded. */
export function Pager({ nextCursor }: { nextCursor: string | null }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const onLaterPage = params.has("cursor");
  if (!onLaterPage && !nextCursor) return null;
  const withCursor = (cursor: string | null) => {
    const next = new URLSearchParams(params);
    next.delete("notice");
    if (cursor) next.set("cursor", cursor);
    else next.delete("cursor");
    const query = next.toString();
    return query ? `?${query}` : "?";
  };
  return (
    <nav className="pager" aria-label={t("platform.pager.label")}>
      {onLaterPage ? (
        <Link to={withCursor(null)} className="button">
          {t("common.actions.first")}
        </Link>
      ) : null}
      {nextCursor ? (
        <Link to={withCursor(nextCursor)} className="button" rel="next">
          {t("common.actions.next")}
        </Link>
      ) : null}
    </nav>
  );
}
