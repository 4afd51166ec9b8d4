import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { translator } from "@qudao/core/i18n";
import { ACTIVITY_KINDS, instantToLocalDateTime, localDateTimeToInstant, type TActivityKind } from "@qudao/core/schemas";
import { PluginRecordPanels } from "@qudao/ui/plugin-panels";
import { pluginRecordPanels } from "@qudao/ui/plugin-panels.server";
import { actionError, displayTimeZone, errorResponse, formValues, requireSignedIn, safeNext } from "~/.server/request.server";
import { Field, FormError } from "~/components/form-field";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { quickLogLinks } from "~/components/quick-log";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDisplayTimeZone } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "work.portal.meta.activity");
export const links: LinksFunction = () => [...quickLogLinks(), ...pluginLinks()];

const FIELDS = ["kind", "subject", "body", "occurredAt", "durationMinutes", "returnTo"] as const;

/** Where the activity was logged, when no page was given to return to. */
function homeOf(activity: { leadId: string | null; customerId: string | null; opportunityId: string | null }): string {
  if (activity.opportunityId) return `/opportunities/${activity.opportunityId}`;
  if (activity.customerId) return `/customers/${activity.customerId}`;
  if (activity.leadId) return `/leads/${activity.leadId}`;
  return "/activities";
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const activity = await caller.activities.get({ id: params.id ?? "" }).catch((error: unknown) => errorResponse(error, ctx));
  // Others' entries are read-only: the timeline offers "correct" only on one's own.
  if (activity.authorId !== actor.userId) throw json({ message: translator(ctx.locale)("work.activity.errors.notAuthor"), code: "FORBIDDEN" }, { status: 403 });
  const returnTo = safeNext(new URL(request.url).searchParams.get("returnTo"), homeOf(activity));
  // The installed plugins' panels on an activity.
  const plugins = await pluginRecordPanels(caller, actor, { surface: "portal", object: "activity", id: activity.id, locale: ctx.locale }).catch((error: unknown) => errorResponse(error, ctx));
  return json({
    returnTo,
    plugins,
    values: {
      kind: activity.kind,
      subject: activity.subject ?? "",
      body: activity.body ?? "",
      occurredAt: instantToLocalDateTime(activity.occurredAt, displayTimeZone()),
      durationMinutes: activity.durationMinutes === null ? "" : String(activity.durationMinutes),
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const values = formValues(await request.formData(), FIELDS);
  const occurredAt = localDateTimeToInstant(values.occurredAt, displayTimeZone());
  try {
    await caller.activities.update({
      id: params.id ?? "",
      kind: values.kind as TActivityKind,
      subject: values.subject,
      body: values.body,
      // An unreadable date is sent as typed, so core answers with its translated field error.
      occurredAt: occurredAt ? occurredAt.toISOString() : values.occurredAt,
      durationMinutes: values.durationMinutes.trim() === "" ? null : values.durationMinutes,
    });
    return redirect(safeNext(values.returnTo, "/activities"));
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, values }, { status });
  }
}

export default function CorrectActivity() {
  const { values: saved, returnTo, plugins } = useLoaderData<typeof loader>();
  const pluginApp = usePluginConventions();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const timeZone = useDisplayTimeZone();
  const busy = useNavigation().state === "submitting";
  const values = result?.values ?? { ...saved, returnTo };
  const errors = result?.error.fields ?? {};
  return (
    <>
      <div className="page-head">
        <h1>{t("work.portal.activityForm.title")}</h1>
        <Link to={returnTo} className="button link-button">
          {t("work.portal.activityForm.back")}
        </Link>
      </div>
      <Form method="post" noValidate className="card" aria-busy={busy}>
        <FormError message={result?.error.message} submission={result} />
        <input type="hidden" name="returnTo" value={returnTo} />
        <div className="form-grid">
          <Field form="activity" name="kind" label={t("work.portal.activityForm.kind")} error={errors.kind}>
            {(control) => (
              <select {...control} defaultValue={values.kind}>
                {ACTIVITY_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`work.activity.kind.${kind}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            form="activity"
            name="occurredAt"
            label={t("work.portal.activityForm.occurredAt")}
            error={errors.occurredAt}
            hint={t("work.portal.activityForm.occurredAtHint", { timeZone })}
          >
            {(control) => <input {...control} type="datetime-local" defaultValue={values.occurredAt} />}
          </Field>
          <Field form="activity" name="durationMinutes" label={t("work.portal.activityForm.duration")} error={errors.durationMinutes}>
            {(control) => <input {...control} type="number" inputMode="numeric" min={0} max={1440} defaultValue={values.durationMinutes} />}
          </Field>
          <Field form="activity" name="subject" label={t("work.portal.activityForm.subject")} error={errors.subject}>
            {(control) => <input {...control} type="text" maxLength={200} defaultValue={values.subject} />}
          </Field>
        </div>
        <Field form="activity" name="body" label={t("work.portal.activityForm.body")} error={errors.body}>
          {(control) => <textarea {...control} rows={4} maxLength={4000} defaultValue={values.body} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("work.portal.activityForm.submit")}
          </button>
          <Link to={returnTo} className="button">
            {t("common.actions.cancel")}
          </Link>
        </div>
      </Form>
      <PluginRecordPanels data={plugins} app={pluginApp} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
