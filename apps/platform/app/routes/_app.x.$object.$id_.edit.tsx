import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useOutletContext } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PluginRecordForm, type PluginAppConventions, type PluginFormValues } from "@qudao/ui/plugin-records";
import { installedPluginObject, pluginFormSubmission, pluginRecordFormValues, pluginReferenceOptions } from "@qudao/ui/plugin-records.server";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { pageTitle } from "~/components/page-title";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "pluginRecords.meta.section", data ? `${data.record.title} · ${data.label}` : null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    const { object, label } = await installedPluginObject(caller, "platform", params.object ?? "", ctx.locale);
    const record = await caller.customRecords.get({ object: object.name, id: params.id ?? "" });
    const options = await pluginReferenceOptions(caller, object, record.values);
    return json({ object, label, record: { id: record.id, title: record.title, locked: record.locked }, initial: pluginRecordFormValues(object, record.values), options });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  let typed: PluginFormValues = {};
  try {
    const { object } = await installedPluginObject(caller, "platform", params.object ?? "", ctx.locale);
    const submitted = pluginFormSubmission(form, object);
    typed = submitted.typed;
    const updated = await caller.customRecords.update({ object: object.name, id: params.id ?? "", values: submitted.values });
    return redirect(`/x/${object.name}/${updated.id}?saved=1`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, values: typed }, { status });
  }
}

export default function EditPluginRecord() {
  const { object, label, record, initial, options } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const app = useOutletContext<PluginAppConventions>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const back = `/x/${object.name}/${record.id}`;
  return (
    <>
      <div className="page-head">
        <h1>{t("pluginRecords.form.editTitle", { object: label, title: record.title })}</h1>
        <Link to={back}>{t("pluginRecords.form.backToRecord")}</Link>
      </div>
      {record.locked ? (
        <p className="warning" role="note">
          {t("pluginRecords.locked.note")}
        </p>
      ) : null}
      <PluginRecordForm
        object={object}
        values={result?.values ?? initial}
        errors={result?.error.fields ?? {}}
        formMessage={result?.error.message}
        submission={result}
        options={options}
        busy={busy}
        submitLabel={t("common.actions.save")}
        cancelTo={back}
        app={app}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
