/**
 * The column mapping and the preview of an import waiting to run, as every import page shows them
 * (the portal's lead/customer imports, the console's order imports, plugin-object imports): one
 * select per field, changing any of them reloads the preview (a GET, so the mapping is in the
 * address), the mapping problems, then the first rows with each row's problems. Every check is
 * core's; this only shows it, with the apps' imports.css. Then the mode choice, and after the start
 * the live progress bar.
 */
import { Form, useFetcher, useRevalidator, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { IMPORT_MODES, PREVIEW_ROWS } from "@qudao/core/schemas";

export type ImportPreviewField = { field: string; required: boolean; label: string };

export type ImportPreviewData = {
  headers: ReadonlyArray<string>;
  mapping: Readonly<Record<string, number | null | undefined>>;
  mappingIssues: ReadonlyArray<string>;
  summary: { total: number; valid: number; invalid: number };
  rows: ReadonlyArray<{ rowNumber: number; values: Readonly<Record<string, string | null | undefined>>; issues: ReadonlyArray<{ message: string }> }>;
};

export function ImportMappingPreview({
  preview,
  fields,
  cardClassName,
  fieldClassName,
  cardTitleClassName,
}: {
  preview: ImportPreviewData;
  fields: readonly ImportPreviewField[];
  cardClassName: string;
  fieldClassName: string;
  cardTitleClassName?: string;
}) {
  const { t } = useTranslation();
  const submit = useSubmit();
  return (
    <>
      <Form method="get" className={cardClassName} onChange={(event) => submit(event.currentTarget, { preventScrollReset: true, replace: true })}>
        <h2 className={cardTitleClassName}>{t("imports.page.mappingTitle")}</h2>
        <p className="muted">{t("imports.page.mappingHint")}</p>
        <div className="mapping-grid">
          {fields.map(({ field, required, label }) => (
            <div className={fieldClassName} key={field}>
              <label htmlFor={`map-${field}`}>
                {label}
                {required ? " *" : ""}
              </label>
              <select id={`map-${field}`} name={`m.${field}`} defaultValue={preview.mapping[field] ?? ""}>
                <option value="">{t("imports.page.notMapped")}</option>
                {preview.headers.map((header, column) => (
                  <option key={column} value={column}>
                    {header || `#${column + 1}`}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
        <noscript>
          <button type="submit">{t("imports.page.updatePreview")}</button>
        </noscript>
      </Form>
      {preview.mappingIssues.length > 0 ? (
        <div role="alert" className="form-error">
          {preview.mappingIssues.map((issue) => (
            <p key={issue} style={{ margin: 0 }}>
              {issue}
            </p>
          ))}
        </div>
      ) : null}

      <h2>{t("imports.page.previewTitle", { count: Math.min(PREVIEW_ROWS, preview.summary.total) })}</h2>
      <p className="import-summary" role="status">
        {t("imports.page.summary", preview.summary)}
      </p>
      <div className="preview-wrap">
        <table className="preview-table">
          <thead>
            <tr>
              <th scope="col">{t("imports.page.previewRow")}</th>
              {fields.map(({ field, label }) => (
                <th scope="col" key={field}>
                  {label}
                </th>
              ))}
              <th scope="col">{t("imports.page.previewCheck")}</th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr key={row.rowNumber} className={row.issues.length > 0 ? "row-invalid" : undefined}>
                <td>{row.rowNumber}</td>
                {fields.map(({ field }) => (
                  <td key={field}>{row.values[field]}</td>
                ))}
                <td className="row-issues">
                  {row.issues.length === 0 ? (
                    <span className="row-ok">{t("imports.page.rowOk")}</span>
                  ) : (
                    row.issues.map((issue, i) => (
                      <span className="row-issue" key={i}>
                        {issue.message}
                      </span>
                    ))
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/**
 * "Import the valid rows" (the default) or "all or nothing", as radio buttons named `mode`. What "all or
 * nothing" means differs per entity (no lead / customer / order / record is written), hence its hint key.
 */
export function ImportModeChoice({ allOrNothingHintKey }: { allOrNothingHintKey: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className="choice-group">
      <legend>{t("imports.page.modeTitle")}</legend>
      <div className="mode-options">
        {IMPORT_MODES.map((mode) => (
          <label className="mode-option" key={mode}>
            <input type="radio" name="mode" value={mode} defaultChecked={mode === "valid_rows"} />
            <span>
              <span className="mode-title">{t(`imports.mode.${mode}`)}</span>
              <span className="mode-hint">{mode === "valid_rows" ? t("imports.page.modeValidRowsHint") : t(allOrNothingHintKey)}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export type ImportProgressState = { status: string; mode: string | null; totalRows: number; processedRows: number };
/** An import that has ended, well or not: its result and error file are final. */
export const importFinished = (status: string) => status === "completed" || status === "failed";

/** The live progress bar: polls `progressHref` every 500 ms until the import ends, then reloads the page's data. */
export function ImportProgress({ progressHref, initial }: { progressHref: string; initial: ImportProgressState }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ImportProgressState>();
  const revalidator = useRevalidator();
  const progress: ImportProgressState = fetcher.data ?? initial;
  const done = importFinished(progress.status);
  const reloaded = useRef(false);
  useEffect(() => {
    if (done) {
      if (!importFinished(initial.status) && !reloaded.current && revalidator.state === "idle") {
        reloaded.current = true;
        revalidator.revalidate();
      }
      return;
    }
    if (fetcher.state !== "idle") return;
    const timer = setTimeout(() => fetcher.load(progressHref), 500);
    return () => clearTimeout(timer);
  }, [done, fetcher, fetcher.state, fetcher.data, progressHref, initial.status, revalidator]);
  const percent = progress.totalRows > 0 ? Math.min(100, Math.round((progress.processedRows / progress.totalRows) * 100)) : done ? 100 : 0;
  const state =
    progress.status === "queued"
      ? t("imports.page.queued")
      : progress.status === "running" && progress.processedRows === 0 && progress.mode === "all_or_nothing"
        ? t("imports.page.validating")
        : t(`imports.status.${progress.status}`);
  return (
    <div className="progress">
      <div className="progress-track" role="progressbar" aria-label={t("imports.page.progressLabel")} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={`${percent}%`}>
        <div className={done ? "progress-bar done" : "progress-bar"} style={{ width: `${percent}%` }} />
      </div>
      <div className="progress-text" aria-live="polite">
        <span>{state}</span>
        <span>
          {t("imports.page.progress", { processed: progress.processedRows, total: progress.totalRows })} · {percent}%
        </span>
      </div>
    </div>
  );
}
