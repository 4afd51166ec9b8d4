import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { TLeadStatus } from "@qudao/core/schemas";
import { actionError, errorResponse, formValues, requireSignedIn } from "~/.server/request.server";
import { LEAD_EDIT_FIELDS, LeadForm } from "~/components/lead-form";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? pageTitle(matches, "portal.meta.editLead", { name: data.lead.name }) : pageTitle(matches, "portal.meta.error");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  // Another partner's lead, or one a rep is not assigned to, is NOT_FOUND in core: a 404 page here.
  const lead = await caller.leads.get({ id: params.id ?? "" }).catch((error: unknown) => errorResponse(error, ctx));
  let assignees: Array<{ id: string; name: string }> | null = null;
  if (actor.role !== "rep") {
    assignees = await caller.leads.assignees({ partnerId: lead.partnerId }).catch((error: unknown) => errorResponse(error, ctx));
    // Keep a deactivated assignee selectable, so saving other fields does not silently reassign.
    if (lead.assigneeId && lead.assigneeName && !assignees.some((user) => user.id === lead.assigneeId)) {
      assignees = [...assignees, { id: lead.assigneeId, name: lead.assigneeName }];
    }
  }
  return json({ lead, assignees, showPartner: lead.partnerId !== actor.partnerId });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const values = formValues(form, LEAD_EDIT_FIELDS);
  try {
    await caller.leads.update({
      id: params.id ?? "",
      name: values.name,
      company: values.company,
      phone: values.phone,
      email: values.email,
      source: values.source,
      notes: values.notes,
      statusReason: values.statusReason,
      // Core validates the value; an unknown one comes back as a field error.
      ...(values.status ? { status: values.status as TLeadStatus } : {}),
      // Only admins and managers get the select; "" is "unassigned".
      ...(form.has("assigneeId") ? { assigneeId: values.assigneeId || null } : {}),
    });
    return json({ saved: true as const, error: null, values: null });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ saved: false as const, ...body, values }, { status });
  }
}

export default function EditLead() {
  const { lead, assignees, showPartner } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const format = useDateFormat();
  const busy = useNavigation().state === "submitting";
  const values = result?.values ?? {
    name: lead.name,
    company: lead.company,
    phone: lead.phone,
    email: lead.email,
    source: lead.source,
    notes: lead.notes,
    status: lead.status,
    statusReason: lead.statusReason,
    assigneeId: lead.assigneeId ?? "",
  };
  return (
    <>
      <div className="page-head">
        <h1>
          {t("portal.leadForm.editTitle")}
          <span className={`badge ${lead.status}`}>{t(`common.leadStatus.${lead.status}`)}</span>
        </h1>
        <Link to="/leads" className="button link-button">
          {t("portal.leadForm.backToList")}
        </Link>
      </div>
      <p className="muted lead-meta">
        <span>{t("portal.leadForm.createdAt", { date: format.dateTime(lead.createdAt) })}</span>
        <span>{t("portal.leadForm.updatedAt", { date: format.dateTime(lead.updatedAt) })}</span>
        {showPartner ? <span>{t("portal.leadForm.partner", { name: lead.partnerName })}</span> : null}
      </p>
      {result?.saved ? (
        <p className="notice" role="status">
          {t("portal.leadForm.saved")}
        </p>
      ) : null}
      <LeadForm
        mode="edit"
        values={values}
        fieldErrors={result?.error?.fields ?? {}}
        formError={result?.error?.message}
        submission={result}
        assignees={assignees}
        busy={busy}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
