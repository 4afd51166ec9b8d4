import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useOutletContext } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PLUGIN_RECORDS_ENTITY } from "@qudao/core/schemas";
import { can, DomainError, notFound } from "@qudao/core/server";
import { isImportableObject, PluginImportHistory, PluginImportUpload } from "@qudao/ui/plugin-import";
import type { PluginAppConventions } from "@qudao/ui/plugin-records";
import { installedPluginObject } from "@qudao/ui/plugin-records.server";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { useDateFormat } from "~/components/date-time";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import importStyles from "~/imports.css?url";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "pluginRecords.meta.section", data?.labelPlural);
export const links: LinksFunction = () => [{ rel: "stylesheet", href: importStyles }];

const PAGE_SIZE = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An importable plugin object's upload form and its earlier imports (staff who write plugin records). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const cursorParam = new URL(request.url).searchParams.get("cursor") ?? "";
  try {
    const { object, labelPlural } = await installedPluginObject(caller, "platform", params.object ?? "", ctx.locale);
    if (!isImportableObject(object)) throw notFound("CustomObject");
    if (!can(actor, "customObject:write")) throw new DomainError("FORBIDDEN");
    const page = await caller.imports.list({ entity: PLUGIN_RECORDS_ENTITY, object: object.name, limit: PAGE_SIZE, ...(UUID.test(cursorParam) ? { cursor: cursorParam } : {}) });
    return json({ objectName: object.name, labelPlural, ...page });
  } catch (error) {
    throwPublicError(error, ctx);
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
