import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ImportMappingPreview, ImportModeChoice, ImportProgress, importFinished } from "@qudao/ui/import-preview";
import { IMPORT_FIELDS, type TImportEntity, type TImportMode } from "@qudao/core/schemas";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { FormError } from "~/components/form-field";
import { pageTitle } from "~/components/page-title";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import importStyles from "~/imports.css?url";

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

export default function OrderImport() {
  const { job, preview } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigation = useNavigation();
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
          <ImportMappingPreview preview={preview} fields={fields.map(({ field, required }) => ({ field, required, label: label(field) }))} cardClassName="card" fieldClassName="field" />

          <Form method="post" className="card">
            <FormError error={failure?.error} fieldNames={[]} />
            {fields.map(({ field }) => (
              <input key={field} type="hidden" name={`m.${field}`} value={preview.mapping[field] ?? ""} />
            ))}
            <ImportModeChoice allOrNothingHintKey={"imports.page.modeAllOrNothingHintOrders"} />
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
          <ImportProgress key={job.status} progressHref={`/orders/import/${job.id}/progress`} initial={{ status: job.status, mode: job.mode, totalRows: job.totalRows, processedRows: job.processedRows }} />
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
          {importFinished(job.status) ? (
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
