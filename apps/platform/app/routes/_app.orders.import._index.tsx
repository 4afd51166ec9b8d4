import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, PLATFORM_IMPORT_ENTITIES, type TPlatformImportEntity } from "@qudao/core/schemas";
import { can, DomainError, env } from "@qudao/core/server";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { FormError, FormField } from "~/components/form-field";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import importStyles from "~/imports.css?url";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "imports.page.ordersTitle");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: importStyles }];

const PAGE_SIZE = 20;

function isEntity(value: unknown): value is TPlatformImportEntity {
  return typeof value === "string" && (PLATFORM_IMPORT_ENTITIES as readonly string[]).includes(value);
}

/** Finance (and admins) upload an orders or refunds file; below, the platform's earlier imports. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const cursor = params.get("cursor") || undefined;
  try {
    // Staff who may read orders but not record them get the 403 page instead of a form that cannot succeed.
    if (!can(actor, "order:write")) throw new DomainError("FORBIDDEN");
    // Core scopes the list to platform imports.
    const page = await caller.imports.list({ limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    const entity = params.get("entity");
    return json({ entity: isEntity(entity) ? entity : "orders", timeZone: env().PLATFORM_TIMEZONE, ...page });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

/** The file goes to core base64-encoded, the way the REST API takes it; core checks size, format and rows. */
export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const file = form.get("file");
  const entity = String(form.get("entity") ?? "");
  try {
    const upload = file instanceof File && file.size > 0 ? file : null;
    const content = upload ? Buffer.from(await upload.arrayBuffer()).toString("base64") : "";
    const job = await caller.imports.create({ entity: entity as TPlatformImportEntity, fileName: upload?.name || "import.csv", content });
    return redirect(`/orders/import/${job.id}`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json(body, { status });
  }
}

export default function OrderImports() {
  const { entity: initial, timeZone, items, nextCursor } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const [entity, setEntity] = useState<TPlatformImportEntity>(initial);
  return (
    <>
      <p>
        <Link to="/orders">← {t("orders.page.back")}</Link>
      </p>
      <h1>{t("imports.page.ordersTitle")}</h1>
      <Form method="post" encType="multipart/form-data" className="import-form card" noValidate>
        <FormError error={failure?.error} fieldNames={["content", "fileName"]} />
        <fieldset className="choice-group">
          <legend>{t("imports.page.entityLabel")}</legend>
          {PLATFORM_IMPORT_ENTITIES.map((value) => (
            <label key={value} className="choice">
              <input type="radio" name="entity" value={value} checked={entity === value} onChange={() => setEntity(value)} />
              {t(`imports.entity.${value}`)}
            </label>
          ))}
        </fieldset>
        <p className="import-note">{entity === "orders" ? t("imports.page.introOrders") : t("imports.page.introRefunds")}</p>
        <p className="import-note">{t("imports.page.ordersNote", { timeZone })}</p>
        <FormField
          name="file"
          label={t("imports.page.fileLabel")}
          required
          error={failure?.error.fields.content ?? failure?.error.fields.fileName}
          hint={t("imports.page.fileHint", { maxMb: MAX_IMPORT_BYTES / 1024 / 1024, maxRows: MAX_IMPORT_ROWS.toLocaleString() })}
        >
          {(control) => <input {...control} type="file" accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />}
        </FormField>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("imports.page.uploading") : t("imports.page.upload")}
          </button>
        </div>
      </Form>

      <h2>{t("imports.page.historyTitle")}</h2>
      {items.length === 0 ? (
        <p className="empty">{t("imports.page.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("imports.page.columns.file")}</th>
                <th scope="col">{t("imports.page.columns.entity")}</th>
                <th scope="col">{t("imports.page.columns.status")}</th>
                <th scope="col" className="num">
                  {t("imports.page.columns.rows")}
                </th>
                <th scope="col" className="num">
                  {t("imports.page.columns.imported")}
                </th>
                <th scope="col" className="num">
                  {t("imports.page.alreadyRecorded")}
                </th>
                <th scope="col" className="num">
                  {t("imports.page.columns.errors")}
                </th>
                <th scope="col">{t("imports.page.columns.createdAt")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((job) => (
                <tr key={job.id}>
                  <td>
                    <Link to={`/orders/import/${job.id}`} className="strong">
                      {job.fileName}
                    </Link>
                  </td>
                  <td>{t(`imports.entity.${job.entity}`)}</td>
                  <td>
                    <span className={`badge ${job.status}`}>{t(`imports.status.${job.status}`)}</span>
                  </td>
                  <td className="num">{job.totalRows}</td>
                  <td className="num">{job.importedRows}</td>
                  <td className="num">{job.alreadyRecordedRows}</td>
                  <td className="num">{job.errorRows}</td>
                  <td className="nowrap">
                    <DateTime value={job.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager nextCursor={nextCursor} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
