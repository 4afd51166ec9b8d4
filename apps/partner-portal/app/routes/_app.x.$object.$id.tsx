import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useOutletContext, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { hasDocumentView, PluginDocumentLink } from "@qudao/ui/plugin-document";
import { PluginActionError, PluginLockedBadge, PluginRecordDetail, type PluginAppConventions } from "@qudao/ui/plugin-records";
import { PluginClosedBadge, PluginRecordStages, STAGE_MOVE_INTENT } from "@qudao/ui/plugin-records-board";
import { installedPluginObject, pluginReferenceTitles, stageMoveSubmission } from "@qudao/ui/plugin-records.server";
import { localized } from "@qudao/ui/plugin-texts";
import { actionError, errorResponse, requireSignedIn } from "~/.server/request.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? pageTitle(matches, "pluginRecords.meta.detail", { object: data.label, title: data.record.title }) : pageTitle(matches, "portal.meta.error");

/** One plugin record; another partner's (or a teammate's a rep may not see) is the 404 page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    const { object, label, labelPlural, pipelines } = await installedPluginObject(caller, "portal", params.object ?? "", ctx.locale);
    const record = await caller.customRecords.get({ object: object.name, id: params.id ?? "" });
    const titles = await pluginReferenceTitles(caller, object, [record]);
    // After a move (`?moved=<pipeline>`): the stage the record is now in, for the notice.
    const movedTo = pipelines.find((p) => p.name === new URL(request.url).searchParams.get("moved"));
    const movedStage = movedTo ? localized(movedTo.stages.find((s) => s.key === record.values[movedTo.name])?.label, ctx.locale) : null;
    return json({ object, label, labelPlural, pipelines, record, titles, movedStage, hasDocument: hasDocumentView(object) });
  } catch (error) {
    return errorResponse(error, ctx);
  }
}

/** Delete the record, or (intent `moveStage`) move it to another stage; a refused move shows why. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const object = params.object ?? "";
  const form = await request.formData();
  try {
    if (form.get("intent") === STAGE_MOVE_INTENT) {
      const move = stageMoveSubmission(form);
      await caller.customRecords.move({ object, ...move, id: params.id ?? "" });
      return redirect(`/x/${object}/${params.id ?? ""}?moved=${encodeURIComponent(move.pipeline)}`);
    }
    await caller.customRecords.delete({ object, id: params.id ?? "" });
    return redirect(`/x/${object}?deleted=1`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json(body, { status });
  }
}

export default function PluginRecordPage() {
  const { object, label, labelPlural, pipelines, record, titles, movedStage, hasDocument } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const app = useOutletContext<PluginAppConventions>();
  const { t } = useTranslation();
  const format = useDateFormat();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const notice = params.get("created") ? "created" : params.get("saved") ? "saved" : null;
  return (
    <>
      <div className="page-head">
        <h1>
          {record.title}
          {record.locked ? <PluginLockedBadge /> : null}
          {pipelines.map((p) => (
            <PluginClosedBadge key={p.name} kind={p.stages.find((s) => s.key === record.values[p.name])?.kind} />
          ))}
        </h1>
        <Link to={`/x/${object.name}`} className="button link-button">
          {t("pluginRecords.form.backToList", { object: labelPlural })}
        </Link>
      </div>
      <p className="muted lead-meta">
        <span>{label}</span>
        <span>{t("pluginRecords.detail.createdAt", { date: format.dateTime(record.createdAt) })}</span>
        <span>{t("pluginRecords.detail.updatedAt", { date: format.dateTime(record.updatedAt) })}</span>
      </p>
      {notice ? (
        <p className="notice" role="status">
          {t(`pluginRecords.notice.${notice}`, { object: label })}
        </p>
      ) : null}
      {movedStage ? (
        <p className="notice" role="status">
          {t("pluginPipelines.notice.moved", { title: record.title, stage: movedStage })}
        </p>
      ) : null}
      <PluginActionError error={result?.error} />
      {hasDocument || !record.locked ? (
        <div className="plugin-actions">
          {!record.locked ? (
            <Link to={`/x/${object.name}/${record.id}/edit`} className="button primary">
              {t("common.actions.edit")}
            </Link>
          ) : null}
          {/* A locked record (a submitted quote) can still be printed. */}
          {hasDocument ? <PluginDocumentLink objectName={object.name} id={record.id} /> : null}
          {!record.locked ? (
            <details className="plugin-confirm">
              <summary>{t("pluginRecords.detail.delete")}</summary>
              <div className="plugin-confirm-panel">
                <p>{t("pluginRecords.detail.deleteConfirm", { object: label, title: record.title })}</p>
                <Form method="post">
                  <button type="submit" className="danger" disabled={busy}>
                    {t("pluginRecords.detail.deleteButton")}
                  </button>
                </Form>
              </div>
            </details>
          ) : null}
        </div>
      ) : null}
      <PluginRecordStages pipelines={pipelines} record={record} app={app} mayMove busy={busy} formatDate={(value) => format.dateTime(value)} />
      <PluginRecordDetail object={object} record={record} titles={titles} app={app} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
