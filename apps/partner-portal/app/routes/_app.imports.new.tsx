import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, PARTNER_IMPORT_ENTITIES, type TImportEntity } from "@qudao/core/schemas";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { Field, FormError } from "~/components/form-field";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";
import importStyles from "~/imports.css?url";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "imports.page.newTitle");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: importStyles }];

function isEntity(value: unknown): value is TImportEntity {
  return typeof value === "string" && (PARTNER_IMPORT_ENTITIES as readonly string[]).includes(value);
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSignedIn(request);
  const entity = new URL(request.url).searchParams.get("entity");
  return json({ entity: isEntity(entity) ? entity : "leads" });
}

/** The file goes to core base64-encoded, the way the REST API takes it; core checks size, format and rows. */
export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const file = form.get("file");
  const entity = String(form.get("entity") ?? "");
  try {
    const upload = file instanceof File ? file : null;
    const content = upload ? Buffer.from(await upload.arrayBuffer()).toString("base64") : "";
    const job = await caller.imports.create({ entity: entity as TImportEntity, fileName: upload?.name || "import.csv", content });
    return redirect(`/imports/${job.id}`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json(body, { status });
  }
}

export default function NewImport() {
  const { entity: initial } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const [entity, setEntity] = useState<TImportEntity>(initial);
  const fileError = failure?.error.fields.content ?? failure?.error.fields.fileName;
  return (
    <>
      <div className="page-head">
        <h1>{t("imports.page.newTitle")}</h1>
        <Link to="/imports" className="button link-button">
          {t("imports.page.history")}
        </Link>
      </div>
      <Form method="post" encType="multipart/form-data" className="import-form card" noValidate>
        <FormError message={failure?.error.message} submission={failure} />
        <fieldset className="choice-group">
          <legend>{t("imports.page.entityLabel")}</legend>
          <div className="choices">
            {PARTNER_IMPORT_ENTITIES.map((value) => (
              <label key={value} className="choice">
                <input type="radio" name="entity" value={value} checked={entity === value} onChange={() => setEntity(value)} />
                {t(`imports.entity.${value}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <p className="import-note">{entity === "leads" ? t("imports.page.introLeads") : t("imports.page.introCustomers")}</p>
        <Field form="import" name="file" label={t("imports.page.fileLabel")} required error={fileError} hint={t("imports.page.fileHint", { maxMb: MAX_IMPORT_BYTES / 1024 / 1024, maxRows: MAX_IMPORT_ROWS.toLocaleString() })}>
          {(control) => <input {...control} type="file" accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("imports.page.uploading") : t("imports.page.upload")}
          </button>
        </div>
      </Form>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
