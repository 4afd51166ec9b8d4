import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useOutletContext } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { TImportMode } from "@qudao/core/schemas";
import { notFound } from "@qudao/core/server";
import { PluginImportJob, pluginImportMapping } from "@qudao/ui/plugin-import";
import type { PluginAppConventions } from "@qudao/ui/plugin-records";
import { installedPluginObject } from "@qudao/ui/plugin-records.server";
import { actionError, errorResponse, requireSignedIn } from "~/.server/request.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";
import importStyles from "~/imports.css?url";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? pageTitle(matches, "pluginImports.page.title", { object: data.labelPlural }) : pageTitle(matches, "portal.meta.error");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: importStyles }];

/** One import of the object's records: before it runs the mapping and the preview (core checks every row), then progress and result. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const id = params.importId ?? "";
  try {
    const { object, labelPlural } = await installedPluginObject(caller, "portal", params.object ?? "", ctx.locale);
    const job = await caller.imports.get({ id });
    // The job of another object is not at this address.
    if (job.object !== object.name) throw notFound("ImportJob");
    const chosen = pluginImportMapping(new URL(request.url).searchParams);
    const preview = job.status === "uploaded" ? await caller.imports.preview({ id, ...(chosen ? { mapping: chosen } : {}) }) : null;
    return json({ objectName: object.name, labelPlural, job, preview });
  } catch (error) {
    return errorResponse(error, ctx);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const id = params.importId ?? "";
  const form = await request.formData();
  try {
    const mapping = pluginImportMapping(form.entries());
    await caller.imports.start({ id, mode: String(form.get("mode") ?? "") as TImportMode, ...(mapping ? { mapping } : {}) });
    return redirect(`/x/${params.object ?? ""}/import/${id}`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json(body, { status });
  }
}

export default function PluginRecordImport() {
  const { objectName, labelPlural, job, preview } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const app = useOutletContext<PluginAppConventions>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const starting = navigation.state === "submitting" && navigation.formMethod?.toLowerCase() === "post";
  const base = `/x/${objectName}/import`;
  return (
    <>
      <div className="page-head">
        <h1>{t("pluginImports.page.title", { object: labelPlural })}</h1>
        <span className={`badge ${job.status}`}>{t(`imports.status.${job.status}`)}</span>
      </div>
      <p className="break">
        <Link to={base}>{t("pluginImports.page.history")}</Link> · {t("imports.page.fileSummary", { fileName: job.fileName, totalRows: job.totalRows })}
      </p>
      <PluginImportJob
        job={job}
        preview={preview}
        failure={failure?.error}
        starting={starting}
        objectLabelPlural={labelPlural}
        classNames={app.classNames}
        hrefs={{ progress: `${base}/${job.id}/progress`, errorFile: `${base}/${job.id}/error-file`, records: `/x/${objectName}`, another: base }}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
