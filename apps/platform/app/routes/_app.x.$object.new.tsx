import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useOutletContext } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PluginRecordForm, type PluginAppConventions, type PluginFormValues } from "@qudao/ui/plugin-records";
import { installedPluginObject, pluginFormSubmission, pluginReferenceOptions } from "@qudao/ui/plugin-records.server";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { pageTitle } from "~/components/page-title";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "pluginRecords.meta.section", data?.label);

/** A new platform record of a plugin object (fields may be filled from the address, e.g. `?customer=<id>`). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const search = new URL(request.url).searchParams;
  try {
    const { object, label, labelPlural } = await installedPluginObject(caller, "platform", params.object ?? "", ctx.locale);
    const initial: PluginFormValues = Object.fromEntries(object.views.form.fields.filter((name) => search.has(name)).map((name) => [name, search.get(name) ?? ""]));
    const options = await pluginReferenceOptions(caller, object, initial);
    return json({ object, label, labelPlural, initial, options });
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
    const created = await caller.customRecords.create({ object: object.name, values: submitted.values });
    return redirect(`/x/${object.name}/${created.id}?created=1`);
  } catch (error) {
    // Core's checks and the plugins' validate hooks answer per field, translated; the form keeps what was typed.
    const { body, status } = actionError(error, ctx);
    return json({ ...body, values: typed }, { status });
  }
}

export default function NewPluginRecord() {
  const { object, label, labelPlural, initial, options } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const app = useOutletContext<PluginAppConventions>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <div className="page-head">
        <h1>{t("pluginRecords.form.newTitle", { object: label })}</h1>
        <Link to={`/x/${object.name}`}>{t("pluginRecords.form.backToList", { object: labelPlural })}</Link>
      </div>
      <PluginRecordForm
        object={object}
        values={result?.values ?? initial}
        errors={result?.error.fields ?? {}}
        formMessage={result?.error.message}
        submission={result}
        options={options}
        busy={busy}
        submitLabel={t("pluginRecords.form.create")}
        cancelTo={`/x/${object.name}`}
        app={app}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
