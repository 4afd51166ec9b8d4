import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useOutletContext } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PLUGIN_RECORDS_ENTITY } from "@qudao/core/schemas";
import { notFound } from "@qudao/core/server";
import { isImportableObject, PluginImportHistory, PluginImportUpload } from "@qudao/ui/plugin-import";
import type { PluginAppConventions } from "@qudao/ui/plugin-records";
import { installedPluginObject } from "@qudao/ui/plugin-records.server";
import { actionError, errorResponse, requireSignedIn } from "~/.server/request.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";
import importStyles from "~/imports.css?url";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? pageTitle(matches, "pluginImports.page.title", { object: data.labelPlural }) : pageTitle(matches, "portal.meta.error");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: importStyles }];

const PAGE_SIZE = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An importable plugin object's upload form and the imports of it the user may see (a rep their own, admins the partner's). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const cursorParam = new URL(request.url).searchParams.get("cursor") ?? "";
  const cursor = UUID.test(cursorParam) ? cursorParam : "";
  try {
    const { object, labelPlural } = await installedPluginObject(caller, "portal", params.object ?? "", ctx.locale);
    if (!isImportableObject(object)) throw notFound("CustomObject");
    const page = await caller.imports.list({ entity: PLUGIN_RECORDS_ENTITY, object: object.name, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    return json({ objectName: object.name, labelPlural, cursor, ...page });
  } catch (error) {
    return errorResponse(error, ctx);
  }
}

/** The file goes to core base64-encoded, the way the REST API takes it; core checks the object, size, format and rows. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const file = form.get("file");
  const object = params.object ?? "";
  try {
    const upload = file instanceof File && file.size > 0 ? file : null;
    const content = upload ? Buffer.from(await upload.arrayBuffer()).toString("base64") : "";
    const job = await caller.imports.create({ entity: PLUGIN_RECORDS_ENTITY, object, fileName: upload?.name || "import.csv", content });
    return redirect(`/x/${object}/import/${job.id}`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json(body, { status });
  }
}

export default function PluginRecordImports() {
  const { objectName, labelPlural, cursor, items, nextCursor } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const app = useOutletContext<PluginAppConventions>();
  const { t } = useTranslation();
  const format = useDateFormat();
  const busy = useNavigation().state === "submitting";
  const base = `/x/${objectName}/import`;
  return (
    <>
      <div className="page-head">
        <h1>{t("pluginImports.page.title", { object: labelPlural })}</h1>
        <Link to={`/x/${objectName}`} className="button link-button">
          {t("pluginImports.page.back", { object: labelPlural })}
        </Link>
      </div>
      <PluginImportUpload objectLabelPlural={labelPlural} error={failure?.error} busy={busy} classNames={app.classNames} />
      <h2>{t("pluginImports.page.history")}</h2>
      <PluginImportHistory items={items} jobHref={(id) => `${base}/${id}`} formatDate={(value) => format.dateTime(value)} classNames={app.classNames} />
      <nav className="pager" aria-label={t("portal.leads.pagination")}>
        {cursor ? (
          <Link to={base} className="button">
            {t("common.actions.first")}
          </Link>
        ) : null}
        {nextCursor ? (
          <Link to={`${base}?cursor=${encodeURIComponent(nextCursor)}`} className="button">
            {t("common.actions.next")}
          </Link>
        ) : null}
      </nav>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
