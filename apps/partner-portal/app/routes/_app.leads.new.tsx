import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actionError, errorResponse, flashCookie, formValues, requireSignedIn } from "~/.server/request.server";
import { LEAD_CREATE_FIELDS, LeadForm } from "~/components/lead-form";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "portal.meta.newLead");

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  // Reps always own what they create; admins and managers may hand it to a colleague.
  const assignees =
    actor.role === "rep"
      ? null
      : await caller.leads.assignees({ partnerId: actor.partnerId }).catch((error: unknown) => errorResponse(error, ctx));
  return json({ assignees, me: actor.userId });
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const values = formValues(form, LEAD_CREATE_FIELDS);
  try {
    const lead = await caller.leads.create({
      name: values.name,
      company: values.company,
      phone: values.phone,
      email: values.email,
      source: values.source,
      notes: values.notes,
      ...(values.assigneeId ? { assigneeId: values.assigneeId } : {}),
    });
    return redirect("/leads", { headers: { "Set-Cookie": flashCookie(request, "leadCreated", lead.id) } });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, values }, { status });
  }
}

export default function NewLead() {
  const { assignees, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <div className="page-head">
        <h1>{t("portal.leadForm.newTitle")}</h1>
        <Link to="/leads" className="button link-button">
          {t("portal.leadForm.backToList")}
        </Link>
      </div>
      <LeadForm
        mode="create"
        values={result?.values ?? { assigneeId: me }}
        fieldErrors={result?.error.fields ?? {}}
        formError={result?.error.message}
        submission={result}
        assignees={assignees}
        busy={busy}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
