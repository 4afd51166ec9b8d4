import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useOutletContext, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PluginRecordList, type PluginAppConventions } from "@qudao/ui/plugin-records";
import { installedPluginObject, pluginReferenceTitles } from "@qudao/ui/plugin-records.server";
import { errorResponse, requireSignedIn } from "~/.server/request.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? pageTitle(matches, "pluginRecords.meta.list", { object: data.labelPlural }) : pageTitle(matches, "portal.meta.error");

const PAGE_SIZE = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A plugin object's records the user may see (core scopes them like core records), searchable by title. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const search = new URL(request.url).searchParams;
  const q = (search.get("q") ?? "").trim().slice(0, 100);
  const cursorParam = search.get("cursor") ?? "";
  const cursor = UUID.test(cursorParam) ? cursorParam : "";
  try {
    const { object, label, labelPlural } = await installedPluginObject(caller, "portal", params.object ?? "", ctx.locale);
    const page = await caller.customRecords.list({ object: object.name, limit: PAGE_SIZE, ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) });
    const titles = await pluginReferenceTitles(caller, object, page.items);
    return json({ object, label, labelPlural, records: page.items, nextCursor: page.nextCursor, titles, filters: { q, cursor } });
  } catch (error) {
    return errorResponse(error, ctx);
  }
}

function listUrl(object: string, q: string, cursor?: string | null): string {
  const search = new URLSearchParams();
  if (q) search.set("q", q);
  if (cursor) search.set("cursor", cursor);
  const query = search.toString();
  return query ? `/x/${object}?${query}` : `/x/${object}`;
}

export default function PluginRecords() {
  const { object, label, labelPlural, records, nextCursor, titles, filters } = useLoaderData<typeof loader>();
  const app = useOutletContext<PluginAppConventions>();
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const searching = useNavigation().state === "loading";
  return (
    <>
      <div className="page-head">
        <h1>{labelPlural}</h1>
        <Link to={`/x/${object.name}/new`} className="button primary">
          {t("pluginRecords.list.new", { object: label })}
        </Link>
      </div>
      {params.get("deleted") ? (
        <p className="notice" role="status">
          {t("pluginRecords.notice.deleted", { object: label })}
        </p>
      ) : null}
      <Form method="get" className="toolbar toolbar-simple" role="search" aria-label={t("pluginRecords.list.searchLabel", { object: labelPlural })}>
        <label className="toolbar-search">
          <span className="visually-hidden">{t("pluginRecords.list.searchLabel", { object: labelPlural })}</span>
          <input type="search" name="q" defaultValue={filters.q} placeholder={t("pluginRecords.list.searchPlaceholder")} maxLength={100} />
        </label>
        <button type="submit" disabled={searching}>
          {t("common.actions.search")}
        </button>
        {filters.q ? (
          <Link to={`/x/${object.name}`} className="button link-button">
            {t("common.actions.reset")}
          </Link>
        ) : null}
      </Form>
      {records.length === 0 ? (
        <p className="empty">{filters.q || filters.cursor ? t("pluginRecords.list.emptyFiltered") : t("pluginRecords.list.empty", { object: labelPlural })}</p>
      ) : (
        <PluginRecordList object={object} records={records} titles={titles} app={app} />
      )}
      <nav className="pager" aria-label={t("pluginRecords.list.pagination")}>
        {filters.cursor ? (
          <Link to={listUrl(object.name, filters.q)} className="button">
            {t("common.actions.first")}
          </Link>
        ) : null}
        {nextCursor ? (
          <Link to={listUrl(object.name, filters.q, nextCursor)} className="button">
            {t("common.actions.next")}
          </Link>
        ) : null}
      </nav>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
