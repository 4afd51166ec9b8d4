import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { TDisqualifyReason, TLeadStatus } from "@qudao/core/schemas";
import { PluginRecordPanels } from "@qudao/ui/plugin-panels";
import { pluginRecordPanels } from "@qudao/ui/plugin-panels.server";
import { actionError, errorResponse, formValues, requireSignedIn, takeFlash } from "~/.server/request.server";
import { ActivityTimeline } from "~/components/activity-timeline";
import { LEAD_EDIT_FIELDS, LeadForm } from "~/components/lead-form";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { QuickLog, quickLogLinks } from "~/components/quick-log";
import { RelatedOpportunities } from "~/components/opportunities/related-opportunities";
import { RelatedTasks } from "~/components/related-tasks";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? pageTitle(matches, "portal.meta.editLead", { name: data.lead.name }) : pageTitle(matches, "portal.meta.error");

export const links: LinksFunction = () => [...quickLogLinks(), ...pluginLinks()];

const TIMELINE_SHOWN = 20;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  // Another partner's lead, or one a rep is not assigned to, is NOT_FOUND in core: a 404 page here.
  const lead = await caller.leads.get({ id: params.id ?? "" }).catch((error: unknown) => errorResponse(error, ctx));
  const [activities, tasks, opportunities, plugins] = await Promise.all([
    caller.activities.list({ leadId: lead.id, limit: TIMELINE_SHOWN }),
    caller.tasks.list({ leadId: lead.id, limit: 20 }),
    caller.opportunities.list({ leadId: lead.id, limit: 20 }),
    // The installed plugins' panels on a lead (their fields, their records about it).
    pluginRecordPanels(caller, actor, { surface: "portal", object: "lead", id: lead.id, locale: ctx.locale }),
  ]).catch((error: unknown) => errorResponse(error, ctx));
  const { flash, headers } = takeFlash(request);
  let assignees: Array<{ id: string; name: string }> | null = null;
  if (actor.role !== "rep") {
    assignees = await caller.leads.assignees({ partnerId: lead.partnerId }).catch((error: unknown) => errorResponse(error, ctx));
    // Keep a deactivated assignee selectable, so saving other fields does not silently reassign.
    if (lead.assigneeId && lead.assigneeName && !assignees.some((user) => user.id === lead.assigneeId)) {
      assignees = [...assignees, { id: lead.assigneeId, name: lead.assigneeName }];
    }
  }
  return json(
    {
      lead,
      assignees,
      showPartner: lead.partnerId !== actor.partnerId,
      me: actor.userId,
      // A sub-dealer's lead is converted by the sub-dealer (its registration protects the registering partner).
      canConvert: lead.partnerId === actor.partnerId && (lead.status === "new" || lead.status === "contacted" || lead.status === "qualified"),
      converted: flash?.kind === "leadConverted" ? { opportunityId: flash.id } : null,
      activities: {
        items: activities.items.map((a) => ({ id: a.id, kind: a.kind, subject: a.subject, body: a.body, occurredAt: a.occurredAt, durationMinutes: a.durationMinutes, authorId: a.authorId, authorName: a.authorName })),
        more: activities.nextCursor !== null,
      },
      tasks: tasks.items.map((task) => ({ id: task.id, displayTitle: task.displayTitle, dueAt: task.dueAt })),
      opportunities: opportunities.items.map((o) => ({ id: o.id, name: o.name, stageName: o.stageName, status: o.status, amount: o.amount })),
      plugins,
    },
    { headers }
  );
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
      ...(form.has("disqualifyReason") ? { disqualifyReason: (values.disqualifyReason || null) as TDisqualifyReason | null } : {}),
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
  const { lead, assignees, showPartner, me, canConvert, converted, activities, tasks, opportunities, plugins } = useLoaderData<typeof loader>();
  const pluginApp = usePluginConventions();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const location = useLocation();
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
    disqualifyReason: lead.disqualifyReason ?? "",
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
      {lead.status === "converted" ? (
        <p className="notice" role="status">
          {converted ? t("work.portal.convert.done") : t("work.portal.convert.converted")}{" "}
          {lead.customerId ? <Link to={`/customers/${lead.customerId}`}>{t("work.portal.convert.viewCustomer")}</Link> : null}{" "}
          {converted?.opportunityId ? <Link to={`/opportunities/${converted.opportunityId}`}>{t("work.portal.convert.viewOpportunity")}</Link> : null}
        </p>
      ) : null}
      {canConvert ? (
        <div className="lead-actions">
          <Link to={`/leads/${lead.id}/convert`} className="button primary">
            {t("work.portal.convert.start")}
          </Link>
        </div>
      ) : null}
      <QuickLog target={{ leadId: lead.id }} />
      <div className="work-columns">
        <ActivityTimeline items={activities.items} me={me} moreHref={activities.more ? `/activities?leadId=${lead.id}` : null} returnTo={location.pathname} />
        <RelatedTasks tasks={tasks} newHref={`/tasks/new?leadId=${lead.id}`} />
      </div>
      {opportunities.length > 0 ? <RelatedOpportunities opportunities={opportunities} newHref={null} /> : null}
      <PluginRecordPanels data={plugins} app={pluginApp} />
      <LeadForm
        mode="edit"
        values={values}
        fieldErrors={result?.error?.fields ?? {}}
        formError={result?.error?.message}
        submission={result}
        assignees={assignees}
        busy={busy}
        leadId={lead.id}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
