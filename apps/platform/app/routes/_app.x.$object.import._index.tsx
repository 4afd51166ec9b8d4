import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useOutletContext } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "@qudao/core/server";
import { PluginImportHistory, PluginImportUpload } from "@qudao/ui/plugin-import";
import { pluginImportHistory, uploadPluginImport } from "@qudao/ui/plugin-import.server";
import type { PluginAppConventions } from "@qudao/ui/plugin-records";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { useDateFormat } from "~/components/date-time";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import importStyles from "~/imports.css?url";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "pluginRecords.meta.section", data?.labelPlural);
export const links: LinksFunction = () => [{ rel: "stylesheet", href: importStyles }];

/** An importable plugin object's upload form and its earlier imports (staff who write plugin records). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  try {
    return json(await pluginImportHistory(caller, "platform", params.object ?? "", new URL(request.url), ctx.locale, can(actor, "customObject:write")));
  } catch (error) {
    throwPublicError(error, ctx);
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
  const { objectName, labelPlural, items, nextCursor } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const app = useOutletContext<PluginAppConventions>();
  const { t } = useTranslation();
  const format = useDateFormat();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p>
        <Link to={`/x/${objectName}`}>← {t("pluginImports.page.back", { object: labelPlural })}</Link>
      </p>
      <h1>{t("pluginImports.page.title", { object: labelPlural })}</h1>
      <PluginImportUpload objectLabelPlural={labelPlural} error={failure?.error} busy={busy} classNames={app.classNames} />
      <h2>{t("pluginImports.page.history")}</h2>
      <PluginImportHistory items={items} jobHref={(id) => `/x/${objectName}/import/${id}`} formatDate={(value) => format(value)} classNames={app.classNames} />
      <Pager nextCursor={nextCursor} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
