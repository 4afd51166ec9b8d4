import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useOutletContext, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { isImportableObject, PluginImportLink } from "@qudao/ui/plugin-import";
import { PluginActionError, PluginRecordList, type PluginAppConventions } from "@qudao/ui/plugin-records";
import { PluginRecordBoard, PluginStageFilter, PluginViewTabs, STAGE_MOVE_INTENT } from "@qudao/ui/plugin-records-board";
import { boardOf, installedPluginObject, pluginReferenceTitles, stageFilterOf, stageMoveSubmission } from "@qudao/ui/plugin-records.server";
import { localized } from "@qudao/ui/plugin-texts";
import { actionError, errorResponse, requireSignedIn } from "~/.server/request.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? pageTitle(matches, "pluginRecords.meta.list", { object: data.labelPlural }) : pageTitle(matches, "portal.meta.error");

const PAGE_SIZE = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A plugin object's records the user may see (core scopes them like core records), searchable by
 * title and filterable by stage; or, with `?board=<pipeline>`, one of its pipelines as a board.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const search = new URL(request.url).searchParams;
  const q = (search.get("q") ?? "").trim().slice(0, 100);
  const cursorParam = search.get("cursor") ?? "";
  const cursor = UUID.test(cursorParam) ? cursorParam : "";
  const movedParam = search.get("moved") ?? "";
  try {
    const { object, label, labelPlural, pipelines } = await installedPluginObject(caller, "portal", params.object ?? "", ctx.locale);
    const mayImport = isImportableObject(object);
    const board = boardOf(search.get("board"), pipelines);
    const stageFilter = stageFilterOf(search.get("stage"), pipelines);
    // After a move: the record and where it went, for the notice.
    const moved = UUID.test(movedParam) ? await caller.customRecords.get({ object: object.name, id: movedParam }).catch(() => null) : null;
    const movedNotice = moved && board ? { title: moved.title, stage: localized(board.stages.find((s) => s.key === moved.values[board.name])?.label, ctx.locale) } : null;
    if (board) {
      const view = await caller.customRecords.board({ object: object.name, pipeline: board.name, ...(q ? { q } : {}) });
      const noRecords: Awaited<ReturnType<typeof caller.customRecords.list>>["items"] = [];
      return json({ object, label, labelPlural, pipelines, board: board.name, columns: view.columns, records: noRecords, nextCursor: null, titles: {}, filters: { q, cursor: "", stage: "" }, mayImport, movedNotice });
    }
    const page = await caller.customRecords.list({ object: object.name, limit: PAGE_SIZE, ...(q ? { q } : {}), ...(cursor ? { cursor } : {}), ...(stageFilter ?? {}) });
    const titles = await pluginReferenceTitles(caller, object, page.items);
    const stage = stageFilter ? `${stageFilter.pipeline}:${stageFilter.stage}` : "";
    const noColumns: Awaited<ReturnType<typeof caller.customRecords.board>>["columns"] = [];
    return json({ object, label, labelPlural, pipelines, board: null, columns: noColumns, records: page.items, nextCursor: page.nextCursor, titles, filters: { q, cursor, stage }, mayImport, movedNotice: null });
  } catch (error) {
    return errorResponse(error, ctx);
  }
}

/** A move from the board: an update the plugin's hooks check; back to the same board on success. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const object = params.object ?? "";
  if (form.get("intent") !== STAGE_MOVE_INTENT) throw new Response(null, { status: 400 });
  const move = stageMoveSubmission(form);
  try {
    await caller.customRecords.move({ object, ...move });
    const url = new URL(request.url);
    // Back to the same view (Remix marks posts to an index route with `?index`).
    url.searchParams.delete("index");
    url.searchParams.set("moved", move.id);
    return redirect(`${url.pathname}?${url.searchParams.toString()}`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, recordId: move.id }, { status });
  }
}

function listUrl(object: string, filters: { q: string; stage: string }, cursor?: string | null): string {
  const search = new URLSearchParams();
  if (filters.q) search.set("q", filters.q);
  if (filters.stage) search.set("stage", filters.stage);
  if (cursor) search.set("cursor", cursor);
  const query = search.toString();
  return query ? `/x/${object}?${query}` : `/x/${object}`;
}

export default function PluginRecords() {
  const { object, label, labelPlural, pipelines, board, columns, records, nextCursor, titles, filters, mayImport, movedNotice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const app = useOutletContext<PluginAppConventions>();
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const searching = navigation.state === "loading";
  const busy = navigation.state === "submitting";
  const boardPipeline = pipelines.find((p) => p.name === board) ?? null;
  const filtered = Boolean(filters.q || filters.stage);
  return (
    <>
      <div className="page-head">
        <h1>{labelPlural}</h1>
        <div style={{ display: "flex", gap: 8, flexWrap: "wrap" }}>
          {mayImport ? <PluginImportLink objectName={object.name} /> : null}
          <Link to={`/x/${object.name}/new`} className="button primary">
            {t("pluginRecords.list.new", { object: label })}
          </Link>
        </div>
      </div>
      {params.get("deleted") ? (
        <p className="notice" role="status">
          {t("pluginRecords.notice.deleted", { object: label })}
        </p>
      ) : null}
      {movedNotice ? (
        <p className="notice" role="status">
          {t("pluginPipelines.notice.moved", movedNotice)}
        </p>
      ) : null}
      <PluginActionError error={result?.error} />
      <PluginViewTabs pipelines={pipelines} board={board} listHref={`/x/${object.name}`} boardHref={(pipeline) => `/x/${object.name}?board=${encodeURIComponent(pipeline)}`} />
      <Form method="get" className="toolbar toolbar-simple" role="search" aria-label={t("pluginRecords.list.searchLabel", { object: labelPlural })}>
        {board ? <input type="hidden" name="board" value={board} /> : null}
        <label className="toolbar-search">
          <span className="visually-hidden">{t("pluginRecords.list.searchLabel", { object: labelPlural })}</span>
          <input type="search" name="q" defaultValue={filters.q} placeholder={t("pluginRecords.list.searchPlaceholder")} maxLength={100} />
        </label>
        {board ? null : <PluginStageFilter pipelines={pipelines} value={filters.stage} />}
        <button type="submit" disabled={searching}>
          {t("common.actions.search")}
        </button>
        {filtered ? (
          <Link to={board ? `/x/${object.name}?board=${encodeURIComponent(board)}` : `/x/${object.name}`} className="button link-button">
            {t("common.actions.reset")}
          </Link>
        ) : null}
      </Form>
      {boardPipeline ? (
        <PluginRecordBoard
          objectName={object.name}
          pipeline={boardPipeline}
          columns={columns}
          app={app}
          mayMove
          busy={busy}
          stageListHref={(stage) => listUrl(object.name, { q: filters.q, stage: `${boardPipeline.name}:${stage}` })}
        />
      ) : (
        <>
          {records.length === 0 ? (
            <p className="empty">{filtered || filters.cursor ? t("pluginRecords.list.emptyFiltered") : t("pluginRecords.list.empty", { object: labelPlural })}</p>
          ) : (
            <PluginRecordList object={object} records={records} titles={titles} app={app} pipelines={pipelines} />
          )}
          <nav className="pager" aria-label={t("pluginRecords.list.pagination")}>
            {filters.cursor ? (
              <Link to={listUrl(object.name, filters)} className="button">
                {t("common.actions.first")}
              </Link>
            ) : null}
            {nextCursor ? (
              <Link to={listUrl(object.name, filters, nextCursor)} className="button">
                {t("common.actions.next")}
              </Link>
            ) : null}
          </nav>
        </>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
