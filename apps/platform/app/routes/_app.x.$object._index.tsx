import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useOutletContext, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "@qudao/core/server";
import { isImportableObject, PluginImportLink } from "@qudao/ui/plugin-import";
import { PluginActionError, PluginRecordList, type PluginAppConventions } from "@qudao/ui/plugin-records";
import { PluginRecordBoard, PluginStageFilter, PluginViewTabs, STAGE_MOVE_INTENT } from "@qudao/ui/plugin-records-board";
import { boardOf, installedPluginObject, pluginReferenceTitles, stageFilterOf, stageMoveSubmission } from "@qudao/ui/plugin-records.server";
import { localized } from "@qudao/ui/plugin-texts";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "pluginRecords.meta.section", data?.labelPlural);

const PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every partner's records of a plugin object installed anywhere (staff see them all), searchable by
 * title and filterable by stage; or, with `?board=<pipeline>`, one of its pipelines as a board.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const search = new URL(request.url).searchParams;
  const q = (search.get("q") ?? "").trim().slice(0, 100);
  const cursorParam = search.get("cursor") ?? "";
  const cursor = UUID.test(cursorParam) ? cursorParam : "";
  const movedParam = search.get("moved") ?? "";
  const mayWrite = can(actor, "customObject:write");
  try {
    const { object, label, labelPlural, pipelines } = await installedPluginObject(caller, "platform", params.object ?? "", ctx.locale);
    // Staff who write plugin records may import an importable object's records (core checks again).
    const mayImport = mayWrite && isImportableObject(object);
    const board = boardOf(search.get("board"), pipelines);
    const stageFilter = stageFilterOf(search.get("stage"), pipelines);
    const moved = UUID.test(movedParam) ? await caller.customRecords.get({ object: object.name, id: movedParam }).catch(() => null) : null;
    const movedNotice = moved && board ? { title: moved.title, stage: localized(board.stages.find((s) => s.key === moved.values[board.name])?.label, ctx.locale) } : null;
    if (board) {
      const view = await caller.customRecords.board({ object: object.name, pipeline: board.name, ...(q ? { q } : {}) });
      const noRecords: Awaited<ReturnType<typeof caller.customRecords.list>>["items"] = [];
      return json({ object, label, labelPlural, pipelines, board: board.name, columns: view.columns, records: noRecords, nextCursor: null, titles: {}, q, stage: "", mayWrite, mayImport, movedNotice });
    }
    const page = await caller.customRecords.list({ object: object.name, limit: PAGE_SIZE, ...(q ? { q } : {}), ...(cursor ? { cursor } : {}), ...(stageFilter ?? {}) });
    const titles = await pluginReferenceTitles(caller, object, page.items);
    const noColumns: Awaited<ReturnType<typeof caller.customRecords.board>>["columns"] = [];
    const stage = stageFilter ? `${stageFilter.pipeline}:${stageFilter.stage}` : "";
    return json({ object, label, labelPlural, pipelines, board: null, columns: noColumns, records: page.items, nextCursor: page.nextCursor, titles, q, stage, mayWrite, mayImport, movedNotice: null });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

/** A move from the board: an update the plugin's hooks check; back to the same board on success. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  if (form.get("intent") !== STAGE_MOVE_INTENT) throw new Response(null, { status: 400 });
  const move = stageMoveSubmission(form);
  try {
    await caller.customRecords.move({ object: params.object ?? "", ...move });
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

export default function PluginRecords() {
  const { object, label, labelPlural, pipelines, board, columns, records, nextCursor, titles, q, stage, mayWrite, mayImport, movedNotice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const app = useOutletContext<PluginAppConventions>();
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const searching = navigation.state === "loading";
  const busy = navigation.state === "submitting";
  const boardPipeline = pipelines.find((p) => p.name === board) ?? null;
  const boardHref = (pipeline: string) => `/x/${object.name}?board=${encodeURIComponent(pipeline)}`;
  return (
    <>
      <div className="page-head">
        <h1>{labelPlural}</h1>
        {mayWrite ? (
          <div className="actions">
            {mayImport ? <PluginImportLink objectName={object.name} /> : null}
            <Link to={`/x/${object.name}/new`} className="button primary">
              {t("pluginRecords.list.new", { object: label })}
            </Link>
          </div>
        ) : null}
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
      <PluginViewTabs pipelines={pipelines} board={board} listHref={`/x/${object.name}`} boardHref={boardHref} />
      <Form method="get" className="toolbar" role="search">
        {board ? <input type="hidden" name="board" value={board} /> : null}
        <label>
          {t("pluginRecords.list.searchLabel", { object: labelPlural })}
          <input type="search" name="q" defaultValue={q} placeholder={t("pluginRecords.list.searchPlaceholder")} maxLength={100} />
        </label>
        {board ? null : <PluginStageFilter pipelines={pipelines} value={stage} />}
        <button type="submit" disabled={searching}>
          {t("common.actions.search")}
        </button>
        {q || stage ? (
          <Link to={board ? boardHref(board) : `/x/${object.name}`} className="button">
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
          mayMove={mayWrite}
          busy={busy}
          stageListHref={(key) => `/x/${object.name}?${new URLSearchParams({ ...(q ? { q } : {}), stage: `${boardPipeline.name}:${key}` }).toString()}`}
        />
      ) : (
        <>
          {records.length === 0 ? (
            <p className="empty">{q || stage || params.has("cursor") ? t("pluginRecords.list.emptyFiltered") : t("pluginRecords.list.empty", { object: labelPlural })}</p>
          ) : (
            <PluginRecordList object={object} records={records} titles={titles} app={app} pipelines={pipelines} />
          )}
          <Pager nextCursor={nextCursor} />
        </>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
