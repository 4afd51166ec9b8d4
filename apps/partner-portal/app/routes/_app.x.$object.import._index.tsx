import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useOutletContext } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PluginImportHistory, PluginImportUpload } from "@qudao/ui/plugin-import";
import { pluginImportHistory, uploadPluginImport } from "@qudao/ui/plugin-import.server";
import type { PluginAppConventions } from "@qudao/ui/plugin-records";
import { actionError, errorResponse, requireSignedIn } from "~/.server/request.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";
import importStyles from "~/imports.css?url";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? pageTitle(matches, "pluginImports.page.title", { object: data.labelPlural }) : pageTitle(matches, "portal.meta.error");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: importStyles }];

/** An importable plugin object's upload form and the imports of it the user may see (a rep their own, admins the partner's). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    return json(await pluginImportHistory(caller, "portal", params.object ?? "", new URL(request.url), ctx.locale));
  } catch (error) {
    return errorResponse(error, ctx);
  }
}

/** Core checks the object, size, format and rows of the uploaded file. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  try {
    return redirect(await uploadPluginImport(caller, params.object ?? "", form));
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
