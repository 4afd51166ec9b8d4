/**
 * Reports and home widgets plugins contribute (issue 7), drawn from the manifest with no per-plugin
 * code in both apps: the report page (the params as a filter form, the table with each column's type
 * formatted in the reader's language, the totals row, the plugin's notes, a CSV download) and the
 * home widgets (a report's first rows with a link to the whole report). Styles in ./plugin-reports.css.
 */
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ReportColumnType } from "@qudao/plugins/manifest";
import { useMoney } from "./money.ts";
import { isCoreObjectName, PluginActionError, PluginRecordForm, type PluginAppConventions, type PluginFormValues, type PluginObject } from "./plugin-records.tsx";
import { usePluginText, type LocalizedText } from "./plugin-texts.ts";

export type PluginReportCell = string | number | boolean | null;
export type PluginReportRow = Record<string, PluginReportCell>;
export type PluginReportColumn = {
  key: string;
  label: LocalizedText;
  type: ReportColumnType;
  link: string | null;
  /** A text column of enumerated values: each value's label. */
  options?: ReadonlyArray<{ value: string; label: LocalizedText }> | null | undefined;
};

/** A report as `pluginReports.list` returns it. */
export type PluginReportDefinition = {
  name: string;
  pluginId: string;
  pluginName: LocalizedText;
  label: LocalizedText;
  description: LocalizedText | null;
  params: ReadonlyArray<Record<string, unknown>>;
  columns: ReadonlyArray<PluginReportColumn>;
};

/** A run as `pluginReports.run` returns it. */
export type PluginReportResult = {
  report: PluginReportDefinition;
  rows: ReadonlyArray<PluginReportRow>;
  totals: PluginReportRow | null;
  notes: ReadonlyArray<{ messageKey: string; text: LocalizedText }>;
  titles: Record<string, string>;
  ranAt: string;
};

/** A home widget as `pluginReports.widgets` returns it. */
export type PluginWidget = {
  name: string;
  title: LocalizedText;
  report: PluginReportDefinition;
  maxRows: number;
  rows: ReadonlyArray<PluginReportRow>;
  totals: PluginReportRow | null;
  titles: Record<string, string>;
  more: boolean;
  error: string | null;
};

/** The page of a report in both apps. */
export function pluginReportHref(report: string): string {
  return `/r/${encodeURIComponent(report)}`;
}

const NUMERIC: ReadonlySet<ReportColumnType> = new Set(["integer", "decimal", "money", "percent"]);

/** Formatters for the reader's language: the hook's exact decimal strings go to Intl as they are. */
function useCellFormat(timeZone: string) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const language = i18n.language;
  const integer = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(language, { maximumFractionDigits: 20 });
  const percent = new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 2 });
  const date = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeZone: "UTC" });
  const dateTime = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short", timeZone });
  // Intl formats a decimal string exactly (no float on the way); the cast only satisfies the DOM typing.
  const exact = (format: Intl.NumberFormat, value: string | number) => format.format(value as unknown as number);
  return (type: ReportColumnType, value: Exclude<PluginReportCell, null>): string => {
    switch (type) {
      case "money":
        return money(String(value));
      case "integer":
        return exact(integer, value as number);
      case "decimal":
        return exact(decimal, String(value));
      case "percent":
        return exact(percent, value as string | number);
      case "date": {
        const day = new Date(`${String(value)}T00:00:00Z`);
        return Number.isNaN(day.getTime()) ? String(value) : date.format(day);
      }
      case "datetime": {
        const at = new Date(String(value));
        return Number.isNaN(at.getTime()) ? String(value) : dateTime.format(at);
      }
      case "boolean":
        return value === true ? t("pluginReports.value.yes") : t("pluginReports.value.no");
      default:
        return String(value);
    }
  };
}

function hrefOf(object: string, id: string, app: PluginAppConventions): string | null {
  return isCoreObjectName(object) || object === "partner" ? app.coreHref(object, id) : app.recordHref(object, id);
}

/** One cell: a linked record by its title (a record the reader cannot see: no title, no link), or the value formatted for its column. */
function ReportCellValue({ column, value, titles, app, format }: { column: PluginReportColumn; value: PluginReportCell | undefined; titles: Record<string, string>; app: PluginAppConventions; format: ReturnType<typeof useCellFormat> }) {
  const { t } = useTranslation();
  const text = usePluginText();
  if (value === null || value === undefined || value === "") return <span className="muted">—</span>;
  if (column.link) {
    const id = String(value);
    const title = titles[id];
    if (!title) return <span className="muted">{t("pluginReports.value.unknownRecord")}</span>;
    const href = hrefOf(column.link, id, app);
    return href ? (
      <Link to={href} className="plugin-reference">
        {title}
      </Link>
    ) : (
      <>{title}</>
    );
  }
  const option = column.options?.find((o) => o.value === value);
  if (option) return <>{text(option.label)}</>;
  const shown = format(column.type, value);
  if (column.type === "date" || column.type === "datetime") {
    return (
      <time dateTime={String(value)} suppressHydrationWarning>
        {shown}
      </time>
    );
  }
  return <>{shown}</>;
}

/**
 * A report's rows as a table: one column per declared column, numbers right-aligned, the totals row
 * (labelled in the first column when the plugin gives no total there) at the foot.
 */
export function PluginReportTable({
  columns,
  rows,
  totals,
  titles,
  app,
  label,
}: {
  columns: ReadonlyArray<PluginReportColumn>;
  rows: ReadonlyArray<PluginReportRow>;
  totals: PluginReportRow | null;
  titles: Record<string, string>;
  app: PluginAppConventions;
  /** The table's accessible name. */
  label: string;
}) {
  const { t } = useTranslation();
  const text = usePluginText();
  const format = useCellFormat(app.timeZone);
  const cellClass = (column: PluginReportColumn) => (NUMERIC.has(column.type) && !column.link ? "num" : undefined);
  return (
    <div className="table-wrap">
      <table className={`${app.classNames.table} plugin-report-table`} aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column.key} className={cellClass(column)}>
                {text(column.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              {columns.map((column) => (
                <td key={column.key} className={cellClass(column)} data-label={text(column.label)} data-column={column.key}>
                  <ReportCellValue column={column} value={row[column.key]} titles={titles} app={app} format={format} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {totals ? (
          <tfoot>
            <tr className="plugin-report-totals" data-totals="">
              {columns.map((column, index) => {
                const value = totals[column.key];
                const blank = value === null || value === undefined;
                return index === 0 && blank ? (
                  <th scope="row" key={column.key} data-column={column.key}>
                    {t("pluginReports.page.totals")}
                  </th>
                ) : (
                  <td key={column.key} className={cellClass(column)} data-label={index === 0 ? text(column.label) : `${t("pluginReports.page.totals")} · ${text(column.label)}`} data-column={column.key}>
                    {blank ? null : <ReportCellValue column={column} value={value} titles={titles} app={app} format={format} />}
                  </td>
                );
              })}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

/** The plugin's notes under a report, in the reader's language. */
export function PluginReportNotes({ notes }: { notes: ReadonlyArray<{ messageKey: string; text: LocalizedText }> }) {
  const { t } = useTranslation();
  const text = usePluginText();
  if (notes.length === 0) return null;
  return (
    <section className="plugin-report-notes" aria-label={t("pluginReports.page.notes")}>
      <h2>{t("pluginReports.page.notes")}</h2>
      <ul>
        {notes.map((note, index) => (
          <li key={`${note.messageKey}-${index}`}>{text(note.text)}</li>
        ))}
      </ul>
    </section>
  );
}

/** What the report page's loader gives the page (see plugin-reports.server.ts). */
export type PluginReportPageData = {
  report: PluginReportDefinition;
  form: PluginObject;
  values: PluginFormValues;
  options: Record<string, ReadonlyArray<{ id: string; title: string }>>;
  result: PluginReportResult | null;
  error: { message: string; fields: Record<string, string> } | null;
  needsParams: boolean;
  csvHref: string | null;
};

/**
 * The whole report page below the app's chrome: title and source, the filter form (posted, then the
 * page reloads with the filters in its address), the table, the notes and the CSV download.
 */
export function PluginReportView({ page, app, busy, submission }: { page: PluginReportPageData; app: PluginAppConventions; busy: boolean; submission: unknown }) {
  const { t, i18n } = useTranslation();
  const text = usePluginText();
  const { report, result, error } = page;
  const title = text(report.label);
  const hasParams = report.params.length > 0;
  return (
    <div className="plugin-report" data-report={report.name}>
      <div className="page-head">
        <h1>{title}</h1>
        {page.csvHref ? (
          <a className="button" href={page.csvHref} download>
            {t("pluginReports.page.downloadCsv")}
          </a>
        ) : null}
      </div>
      <p className="muted plugin-report-source">
        {t("pluginReports.page.source", { plugin: text(report.pluginName) })}
        {report.description ? ` · ${text(report.description)}` : null}
      </p>
      {hasParams ? (
        <section className="plugin-report-filters" aria-label={t("pluginReports.page.filters")}>
          <PluginRecordForm
            object={page.form}
            values={page.values}
            errors={error?.fields ?? {}}
            formMessage={error?.message}
            submission={submission}
            options={page.options}
            busy={busy}
            submitLabel={t("pluginReports.page.run")}
            cancelTo={pluginReportHref(report.name)}
            app={app}
          />
        </section>
      ) : (
        <PluginActionError error={error} />
      )}
      {page.needsParams ? <p className="empty">{t("pluginReports.page.needsParams")}</p> : null}
      {result ? (
        <section className="plugin-report-result" aria-label={t("pluginReports.page.tableLabel", { report: title })}>
          <p className="muted plugin-report-meta">
            {t("pluginReports.page.rowCount", { count: result.rows.length })} ·{" "}
            <time dateTime={result.ranAt} suppressHydrationWarning>
              {t("pluginReports.page.ranAt", { time: new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short", timeZone: app.timeZone }).format(new Date(result.ranAt)) })}
            </time>
          </p>
          {result.rows.length === 0 ? <p className="empty">{t("pluginReports.page.empty")}</p> : null}
          {result.rows.length > 0 || result.totals ? (
            <PluginReportTable columns={report.columns} rows={result.rows} totals={result.totals} titles={result.titles} app={app} label={t("pluginReports.page.tableLabel", { report: title })} />
          ) : null}
          <PluginReportNotes notes={result.notes} />
        </section>
      ) : null}
    </div>
  );
}

/**
 * The home widgets of an app: one card per widget with its report's first rows (and totals), a note
 * when there are more, and a link to the whole report; a widget that cannot show rows says why.
 */
export function PluginHomeWidgets({ widgets, app, cardClassName = "card" }: { widgets: ReadonlyArray<PluginWidget>; app: PluginAppConventions; cardClassName?: string }) {
  const { t } = useTranslation();
  const text = usePluginText();
  if (widgets.length === 0) return null;
  return (
    <>
      {widgets.map((widget) => {
        const title = text(widget.title);
        const headingId = `plugin-widget-${widget.name}`;
        return (
          <section key={widget.name} className={`${cardClassName} plugin-widget`} aria-labelledby={headingId} data-widget={widget.name}>
            <div className="card-head">
              <h2 id={headingId}>{title}</h2>
              <Link to={pluginReportHref(widget.report.name)}>{t("pluginReports.widget.open")}</Link>
            </div>
            {widget.error ? (
              <p className="muted" role="note">
                {widget.error}
              </p>
            ) : widget.rows.length === 0 && !widget.totals ? (
              <p className="muted">{t("pluginReports.page.empty")}</p>
            ) : (
              <>
                <PluginReportTable columns={widget.report.columns} rows={widget.rows} totals={widget.totals} titles={widget.titles} app={app} label={title} />
                {widget.more ? <p className="muted plugin-widget-more">{t("pluginReports.widget.more", { count: widget.maxRows })}</p> : null}
              </>
            )}
          </section>
        );
      })}
    </>
  );
}
