import { useTranslation } from "react-i18next";

/**
 * "Export CSV / Excel" for a list: every row of the list's current filters (not just this page),
 * streamed by the `/exports/<entity>` resource route. `filter` is the list's input as the page
 * sends it (no cursor: an export always starts at the first row). Each app lays out `.export-buttons`
 * in its own stylesheet.
 */
export function ExportButtons({ entity, filter }: { entity: string; filter: Record<string, string | null | undefined> }) {
  const { t } = useTranslation();
  const href = (format: "csv" | "xlsx") => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value) search.set(key, value);
    search.set("format", format);
    return `/exports/${entity}?${search.toString()}`;
  };
  return (
    <div className="export-buttons" role="group" aria-label={t("imports.export.label")} title={t("imports.export.hint")}>
      <a className="button" href={href("csv")} download>
        {t("imports.export.csv")}
      </a>
      <a className="button" href={href("xlsx")} download>
        {t("imports.export.excel")}
      </a>
    </div>
  );
}
