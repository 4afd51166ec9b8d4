import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useOutletContext, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "@qudao/core/server";
import { PluginLockedBadge, PluginRecordDetail, type PluginAppConventions } from "@qudao/ui/plugin-records";
import { installedPluginObject, pluginReferenceTitles } from "@qudao/ui/plugin-records.server";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { useDateFormat } from "~/components/date-time";
import { pageTitle } from "~/components/page-title";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "pluginRecords.meta.section", data ? `${data.record.title} · ${data.label}` : null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  try {
    const { object, label, labelPlural } = await installedPluginObject(caller, "platform", params.object ?? "", ctx.locale);
    const record = await caller.customRecords.get({ object: object.name, id: params.id ?? "" });
    const [titles, partner] = await Promise.all([
      pluginReferenceTitles(caller, object, [record]),
      record.partnerId && can(actor, "partner:list") ? caller.partners.get({ id: record.partnerId }).then((p) => ({ id: p.id, name: p.name })) : Promise.resolve(null),
    ]);
    return json({ object, label, labelPlural, record, titles, partner, mayWrite: can(actor, "customObject:write") });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const object = params.object ?? "";
  try {
    await caller.customRecords.delete({ object, id: params.id ?? "" });
    return redirect(`/x/${object}?deleted=1`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json(body, { status });
  }
}

export default function PluginRecordPage() {
  const { object, label, labelPlural, record, titles, partner, mayWrite } = useLoaderData<typeof loader>();
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
        </h1>
        <Link to={`/x/${object.name}`}>{t("pluginRecords.form.backToList", { object: labelPlural })}</Link>
      </div>
      <p className="muted">
        {label}
        {partner ? (
          <>
            {" · "}
            <Link to={`/partners/${partner.id}`} className="partner-name">
              {partner.name}
            </Link>
          </>
        ) : null}
        {" · "}
        <span suppressHydrationWarning>{t("pluginRecords.detail.createdAt", { date: format(record.createdAt) })}</span>
        {" · "}
        <span suppressHydrationWarning>{t("pluginRecords.detail.updatedAt", { date: format(record.updatedAt) })}</span>
      </p>
      {notice ? (
        <p className="notice" role="status">
          {t(`pluginRecords.notice.${notice}`, { object: label })}
        </p>
      ) : null}
      {result?.error ? (
        <p role="alert" className="form-error">
          {result.error.message}
        </p>
      ) : null}
      {mayWrite && !record.locked ? (
        <div className="plugin-actions">
          <Link to={`/x/${object.name}/${record.id}/edit`} className="button primary">
            {t("common.actions.edit")}
          </Link>
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
        </div>
      ) : null}
      <PluginRecordDetail object={object} record={record} titles={titles} app={app} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
