import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, useRevalidator, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { IMPORT_FIELDS, IMPORT_MODES, PREVIEW_ROWS, type TImportEntity, type TImportMode } from "@qudao/core/schemas";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { FormError } from "~/components/form-field";
import { pageTitle } from "~/components/page-title";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import importStyles from "~/imports.css?url";
import type { loader as progressLoader } from "./orders.import.$importId.progress";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "imports.page.ordersTitle");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: importStyles }];

type Mapping = Record<string, number | null>;

/** `m.<field>=<column>` (blank: not imported) from a query string or a form; null when the request carries none. */
function mappingFrom(entries: Iterable<[string, FormDataEntryValue]>, entity: TImportEntity): Mapping | null {
  const fields = new Set<string>(IMPORT_FIELDS[entity].map((f) => f.field));
  const mapping: Mapping = {};
  let found = false;
  for (const [key, value] of entries) {
    if (!key.startsWith("m.") || !fields.has(key.slice(2)) || typeof value !== "string") continue;
    found = true;
    const column = Number.parseInt(value, 10);
    mapping[key.slice(2)] = value === "" || Number.isNaN(column) ? null : column;
  }
  return found ? mapping : null;
}

/** One platform import: before it runs, the mapping and the preview (core checks whole orders); then progress and result. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const id = params.importId ?? "";
  try {
    const job = await caller.imports.get({ id });
    const chosen = mappingFrom(new URL(request.url).searchParams, job.entity);
    const preview = job.status === "uploaded" ? await caller.imports.preview({ id, ...(chosen ? { mapping: chosen } : {}) }) : null;
    return json({ job, preview });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const id = params.importId ?? "";
  const form = await request.formData();
  try {
    const job = await caller.imports.get({ id });
    const mapping = mappingFrom(form.entries(), job.entity);
    await caller.imports.start({ id, mode: String(form.get("mode") ?? "") as TImportMode, ...(mapping ? { mapping } : {}) });
    return redirect(`/orders/import/${id}`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json(body, { status });
  }
}

type Progress = { status: string; mode: string | null; totalRows: number; processedRows: number };

const finished = (status: string) => status === "completed" || status === "failed";

/** The live progress bar: polls the progress route every 500 ms until the import ends, then reloads the page's data. */
function ImportProgress({ id, initial }: { id: string; initial: Progress }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<typeof progressLoader>();
  const revalidator = useRevalidator();
  const progress: Progress = fetcher.data ?? initial;
  const done = finished(progress.status);
  const reloaded = useRef(false);
  useEffect(() => {
    if (done) {
      // The result (counts, error file) comes with the page's own data.
      if (!finished(initial.status) && !reloaded.current && revalidator.state === "idle") {
        reloaded.current = true;
        revalidator.revalidate();
      }
      return;
    }
    if (fetcher.state !== "idle") return;
    const timer = setTimeout(() => fetcher.load(`/orders/import/${id}/progress`), 500);
    return () => clearTimeout(timer);
  }, [done, fetcher, fetcher.state, fetcher.data, id, initial.status, revalidator]);
  const percent = progress.totalRows > 0 ? Math.min(100, Math.round((progress.processedRows / progress.totalRows) * 100)) : done ? 100 : 0;
  const state = progress.status === "queued" ? t("imports.page.queued") : t(`imports.status.${progress.status}`);
  return (
    <div className="progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={t("imports.page.progressLabel")}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%`}
      >
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

export default function OrderImport() {
  const { job, preview } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const submit = useSubmit();
  const starting = navigation.state === "submitting" && navigation.formMethod?.toLowerCase() === "post";
  const fields = IMPORT_FIELDS[job.entity];
  const label = (field: string) => t(`imports.fields.${job.entity}.${field}`);
  return (
    <>
      <p>
        <Link to="/orders/import">← {t("imports.page.history")}</Link>
      </p>
      <div className="page-head">
        <h1>{t("imports.page.ordersTitle")}</h1>
        <span className={`badge ${job.status}`}>{t(`imports.status.${job.status}`)}</span>
      </div>
      <p>
        {t(`imports.entity.${job.entity}`)} · {t("imports.page.fileSummary", { fileName: job.fileName, totalRows: job.totalRows })}
      </p>

      {preview ? (
        <>
          <Form method="get" className="card" onChange={(event) => submit(event.currentTarget, { preventScrollReset: true, replace: true })}>
            <h2>{t("imports.page.mappingTitle")}</h2>
            <p className="muted">{t("imports.page.mappingHint")}</p>
            <div className="mapping-grid">
              {fields.map(({ field, required }) => (
                <div className="field" key={field}>
                  <label htmlFor={`map-${field}`}>
                    {label(field)}
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
                  {fields.map(({ field }) => (
                    <th scope="col" key={field}>
                      {label(field)}
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

          <Form method="post" className="card">
            <FormError error={failure?.error} fieldNames={[]} />
            {fields.map(({ field }) => (
              <input key={field} type="hidden" name={`m.${field}`} value={preview.mapping[field] ?? ""} />
            ))}
            <fieldset className="choice-group">
              <legend>{t("imports.page.modeTitle")}</legend>
              <div className="mode-options">
                {IMPORT_MODES.map((mode) => (
                  <label className="mode-option" key={mode}>
                    <input type="radio" name="mode" value={mode} defaultChecked={mode === "valid_rows"} />
                    <span>
                      <span className="mode-title">{t(`imports.mode.${mode}`)}</span>
                      <span className="mode-hint">{mode === "valid_rows" ? t("imports.page.modeValidRowsHint") : t("imports.page.modeAllOrNothingHintOrders")}</span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="actions">
              <button type="submit" className="primary" disabled={starting || preview.mappingIssues.length > 0}>
                {starting ? t("imports.page.starting") : t("imports.page.run")}
              </button>
            </div>
          </Form>
        </>
      ) : (
        <section className="card" aria-labelledby="import-result">
          <h2 id="import-result">{t("imports.page.progressLabel")}</h2>
          <ImportProgress key={job.status} id={job.id} initial={{ status: job.status, mode: job.mode, totalRows: job.totalRows, processedRows: job.processedRows }} />
          {job.status === "completed" ? (
            <p className="notice" role="status">
              {t("imports.page.resultCompletedRecords", { imported: job.importedRows, recorded: job.alreadyRecordedRows, errors: job.errorRows })}
            </p>
          ) : null}
          {job.status === "failed" ? (
            <div className="form-error" role="alert">
              <strong>{t("imports.page.resultFailed")}</strong> {job.failure}
            </div>
          ) : null}
          {finished(job.status) ? (
            <div className="actions" style={{ marginTop: 12 }}>
              {job.hasErrorFile ? (
                <a className="button primary" href={`/orders/import/${job.id}/error-file`} download>
                  {t("imports.page.downloadErrors")}
                </a>
              ) : null}
              <Link to="/orders" className="button">
                {t("imports.page.viewOrders")}
              </Link>
              <Link to={`/orders/import?entity=${job.entity}`} className="button">
                {t("imports.page.importAnother")}
              </Link>
            </div>
          ) : null}
        </section>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
