/**
 * Importing a plugin object's records (ADR 026) in both apps: the upload form and the object's
 * import history (`/x/<object>/import`), then one import (`/x/<object>/import/<id>`): the column
 * mapping (the object's form fields, labels from its manifest, recognised from the header row by core),
 * the preview of the first rows with each row's problems, the mode, and after the start a live
 * progress bar, the result and the error file. The same steps and styles (the apps' imports.css) as
 * the core imports; every check is core's, these only show it.
 */
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, type TImportMode } from "@qudao/core/schemas";
import { ImportMappingPreview, ImportModeChoice, ImportProgress, importFinished } from "./import-preview.tsx";
import { PluginActionError, type PluginAppConventions } from "./plugin-records.tsx";

type ClassNames = PluginAppConventions["classNames"];

export const PLUGIN_IMPORT_ACCEPT = ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

type ActionFailure = { message: string; fields: Record<string, string> } | null | undefined;

export type PluginImportJobView = {
  id: string;
  fileName: string;
  status: "uploaded" | "queued" | "running" | "completed" | "failed";
  mode: TImportMode | null;
  totalRows: number;
  processedRows: number;
  importedRows: number;
  errorRows: number;
  hasErrorFile: boolean;
  failure: string | null;
  createdAt: string | Date;
};

export type PluginImportPreviewView = {
  fields: ReadonlyArray<{ field: string; required: boolean; label: string }>;
  headers: ReadonlyArray<string>;
  mapping: Record<string, number | null>;
  mappingIssues: ReadonlyArray<string>;
  rows: ReadonlyArray<{ rowNumber: number; values: Record<string, string>; issues: ReadonlyArray<{ field: string; message: string }> }>;
  summary: { total: number; valid: number; invalid: number };
};

/** `m.<field>=<column>` (blank: not imported) from a query string or a form; null when the request carries none. */
export function pluginImportMapping(entries: Iterable<[string, FormDataEntryValue]>): Record<string, number | null> | null {
  const mapping: Record<string, number | null> = {};
  let found = false;
  for (const [key, value] of entries) {
    if (!key.startsWith("m.") || typeof value !== "string") continue;
    found = true;
    const column = Number.parseInt(value, 10);
    mapping[key.slice(2)] = value === "" || Number.isNaN(column) ? null : column;
  }
  return found ? mapping : null;
}

/** The upload form: one file, checked by core (size, format, rows); the object's fields are the columns. */
export function PluginImportUpload({ objectLabelPlural, error, busy, classNames }: { objectLabelPlural: string; error: ActionFailure; busy: boolean; classNames: ClassNames }) {
  const { t } = useTranslation();
  const fileError = error?.fields.content ?? error?.fields.fileName;
  return (
    <Form method="post" encType="multipart/form-data" className={`import-form ${classNames.card}`} noValidate>
      <PluginActionError error={error && !fileError ? error : null} />
      <p className="import-note">{t("pluginImports.page.intro", { object: objectLabelPlural })}</p>
      <div className={fileError ? classNames.fieldWithError : classNames.field}>
        <label htmlFor="plugin-import-file">{t("imports.page.fileLabel")} *</label>
        <input id="plugin-import-file" name="file" type="file" required accept={PLUGIN_IMPORT_ACCEPT} aria-invalid={fileError ? true : undefined} aria-describedby="plugin-import-file-hint" />
        <p id="plugin-import-file-hint" className={classNames.hint}>
          {t("imports.page.fileHint", { maxMb: MAX_IMPORT_BYTES / 1024 / 1024, maxRows: MAX_IMPORT_ROWS.toLocaleString() })}
        </p>
        {fileError ? (
          <p className="field-error" role="alert">
            {fileError}
          </p>
        ) : null}
      </div>
      <div className={classNames.actions}>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("imports.page.uploading") : t("imports.page.upload")}
        </button>
      </div>
    </Form>
  );
}

/** The object's earlier imports, newest first (cells labelled for the portal's stacked mobile table). */
export function PluginImportHistory({
  items,
  jobHref,
  formatDate,
  classNames,
}: {
  items: ReadonlyArray<PluginImportJobView>;
  jobHref: (id: string) => string;
  formatDate: (value: string | Date) => string;
  classNames: ClassNames;
}) {
  const { t } = useTranslation();
  if (items.length === 0) return <p className="empty">{t("imports.page.empty")}</p>;
  const columns = {
    file: t("imports.page.columns.file"),
    status: t("imports.page.columns.status"),
    rows: t("imports.page.columns.rows"),
    imported: t("imports.page.columns.imported"),
    errors: t("imports.page.columns.errors"),
    createdAt: t("imports.page.columns.createdAt"),
  };
  return (
    <div className="table-wrap">
      <table className={classNames.table}>
        <thead>
          <tr>
            <th scope="col">{columns.file}</th>
            <th scope="col">{columns.status}</th>
            <th scope="col" className="num">
              {columns.rows}
            </th>
            <th scope="col" className="num">
              {columns.imported}
            </th>
            <th scope="col" className="num">
              {columns.errors}
            </th>
            <th scope="col">{columns.createdAt}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((job) => (
            <tr key={job.id}>
              <td data-label={columns.file}>
                <Link to={jobHref(job.id)} className="strong">
                  {job.fileName}
                </Link>
              </td>
              <td data-label={columns.status}>
                <span className={`badge ${job.status}`}>{t(`imports.status.${job.status}`)}</span>
              </td>
              <td data-label={columns.rows} className="num">
                {job.totalRows}
              </td>
              <td data-label={columns.imported} className="num">
                {job.importedRows}
              </td>
              <td data-label={columns.errors} className="num">
                {job.errorRows}
              </td>
              <td data-label={columns.createdAt} className="nowrap" suppressHydrationWarning>
                {formatDate(job.createdAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * One import: before it starts, the mapping (changing a column reloads the preview), the preview and
 * the mode; afterwards the progress, the result and the error file.
 */
export function PluginImportJob({
  job,
  preview,
  failure,
  starting,
  objectLabelPlural,
  hrefs,
  classNames,
}: {
  job: PluginImportJobView;
  preview: PluginImportPreviewView | null;
  failure: ActionFailure;
  starting: boolean;
  objectLabelPlural: string;
  hrefs: { progress: string; errorFile: string; records: string; another: string };
  classNames: ClassNames;
}) {
  const { t } = useTranslation();
  if (!preview) {
    return (
      <section className={classNames.card} aria-labelledby="import-result">
        <h2 id="import-result">{t("imports.page.progressLabel")}</h2>
        <ImportProgress key={job.status} progressHref={hrefs.progress} initial={{ status: job.status, mode: job.mode, totalRows: job.totalRows, processedRows: job.processedRows }} />
        {job.status === "completed" ? (
          <p className="notice" role="status">
            {t("pluginImports.page.resultCompleted", { imported: job.importedRows, errors: job.errorRows })}
          </p>
        ) : null}
        {job.status === "failed" ? (
          <div className="form-error" role="alert">
            <strong>{t("imports.page.resultFailed")}</strong> {job.failure}
          </div>
        ) : null}
        {importFinished(job.status) ? (
          <div className={classNames.actions} style={{ marginTop: 12 }}>
            {job.hasErrorFile ? (
              <a className="button primary" href={hrefs.errorFile} download>
                {t("imports.page.downloadErrors")}
              </a>
            ) : null}
            <Link to={hrefs.records} className="button">
              {t("pluginImports.page.viewRecords", { object: objectLabelPlural })}
            </Link>
            <Link to={hrefs.another} className="button">
              {t("imports.page.importAnother")}
            </Link>
          </div>
        ) : null}
      </section>
    );
  }
  return (
    <>
      <ImportMappingPreview preview={preview} fields={preview.fields} cardClassName={classNames.card} fieldClassName={classNames.field} />

      <Form method="post" className={classNames.card}>
        <PluginActionError error={failure} />
        {preview.fields.map(({ field }) => (
          <input key={field} type="hidden" name={`m.${field}`} value={preview.mapping[field] ?? ""} />
        ))}
        <ImportModeChoice allOrNothingHintKey={"pluginImports.page.modeAllOrNothingHint"} />
        <div className={classNames.actions}>
          <button type="submit" className="primary" disabled={starting || preview.mappingIssues.length > 0}>
            {starting ? t("imports.page.starting") : t("imports.page.run")}
          </button>
        </div>
      </Form>
    </>
  );
}

/**
 * Whether a plugin object (as the installed manifest gives it to the app) may be imported: its manifest
 * says `importable: true`. Read at run time, so it holds for any object shape the loader passes on.
 */
export function isImportableObject(object: object): boolean {
  return (object as { importable?: unknown }).importable === true;
}

/** The "Import" action of an importable object's list page. */
export function PluginImportLink({ objectName }: { objectName: string }) {
  const { t } = useTranslation();
  return (
    <Link to={`/x/${objectName}/import`} className="button">
      {t("pluginImports.page.action")}
    </Link>
  );
}
