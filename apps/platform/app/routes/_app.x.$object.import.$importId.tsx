import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useOutletContext } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PluginImportJob } from "@qudao/ui/plugin-import";
import { pluginImportJob, startPluginImport } from "@qudao/ui/plugin-import.server";
import type { PluginAppConventions } from "@qudao/ui/plugin-records";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { pageTitle } from "~/components/page-title";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import importStyles from "~/imports.css?url";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "pluginRecords.meta.section", data?.labelPlural);
export const links: LinksFunction = () => [{ rel: "stylesheet", href: importStyles }];

/** One import of the object's records: before it runs the mapping and the preview (core checks every row), then progress and result. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    return json(await pluginImportJob(caller, "platform", params.object ?? "", params.importId ?? "", new URL(request.url), ctx.locale));
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  try {
    return redirect(await startPluginImport(caller, params.object ?? "", params.importId ?? "", form));
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
      <p>
        <Link to={base}>← {t("pluginImports.page.history")}</Link>
      </p>
      <div className="page-head">
        <h1>{t("pluginImports.page.title", { object: labelPlural })}</h1>
        <span className={`badge ${job.status}`}>{t(`imports.status.${job.status}`)}</span>
      </div>
      <p>{t("imports.page.fileSummary", { fileName: job.fileName, totalRows: job.totalRows })}</p>
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
