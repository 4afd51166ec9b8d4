import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useOutletContext, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "@qudao/core/server";
import { PluginRecordList, type PluginAppConventions } from "@qudao/ui/plugin-records";
import { installedPluginObject, pluginReferenceTitles } from "@qudao/ui/plugin-records.server";
import { requireSignedIn } from "~/.server/request.server";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "pluginRecords.meta.section", data?.labelPlural);

const PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every partner's records of a plugin object installed anywhere (staff see them all), searchable by title. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const search = new URL(request.url).searchParams;
  const q = (search.get("q") ?? "").trim().slice(0, 100);
  const cursorParam = search.get("cursor") ?? "";
  const cursor = UUID.test(cursorParam) ? cursorParam : "";
  try {
    const { object, label, labelPlural } = await installedPluginObject(caller, "platform", params.object ?? "", ctx.locale);
    const page = await caller.customRecords.list({ object: object.name, limit: PAGE_SIZE, ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) });
    const titles = await pluginReferenceTitles(caller, object, page.items);
    return json({ object, label, labelPlural, records: page.items, nextCursor: page.nextCursor, titles, q, mayWrite: can(actor, "customObject:write") });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export default function PluginRecords() {
  const { object, label, labelPlural, records, nextCursor, titles, q, mayWrite } = useLoaderData<typeof loader>();
  const app = useOutletContext<PluginAppConventions>();
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const searching = useNavigation().state === "loading";
  return (
    <>
      <div className="page-head">
        <h1>{labelPlural}</h1>
        {mayWrite ? (
          <Link to={`/x/${object.name}/new`} className="button primary">
            {t("pluginRecords.list.new", { object: label })}
          </Link>
        ) : null}
      </div>
      {params.get("deleted") ? (
        <p className="notice" role="status">
          {t("pluginRecords.notice.deleted", { object: label })}
        </p>
      ) : null}
      <Form method="get" className="toolbar" role="search">
        <label>
          {t("pluginRecords.list.searchLabel", { object: labelPlural })}
          <input type="search" name="q" defaultValue={q} placeholder={t("pluginRecords.list.searchPlaceholder")} maxLength={100} />
        </label>
        <button type="submit" disabled={searching}>
          {t("common.actions.search")}
        </button>
        {q ? (
          <Link to={`/x/${object.name}`} className="button">
            {t("common.actions.reset")}
          </Link>
        ) : null}
      </Form>
      {records.length === 0 ? (
        <p className="empty">{q || params.has("cursor") ? t("pluginRecords.list.emptyFiltered") : t("pluginRecords.list.empty", { object: labelPlural })}</p>
      ) : (
        <PluginRecordList object={object} records={records} titles={titles} app={app} />
      )}
      <Pager nextCursor={nextCursor} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
