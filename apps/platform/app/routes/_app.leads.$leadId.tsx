import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DISQUALIFY_REASONS, LEAD_STATUSES, type TDisqualifyReason, type TLeadStatus } from "@qudao/core/schemas";
import { can } from "@qudao/core/server";
import { PluginRecordPanels } from "@qudao/ui/plugin-panels";
import { pluginRecordPanels } from "@qudao/ui/plugin-panels.server";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { FormError, FormField } from "~/components/form-field";
import { Notice, withNotice } from "~/components/notice";
import { pageTitle } from "~/components/page-title";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { formText, throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "platform.leads.detailTitle", data?.lead.name);
export const links: LinksFunction = () => pluginLinks();

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  try {
    const lead = await caller.leads.get({ id: params.leadId ?? "" });
    const may = { update: can(actor, "lead:update"), assign: can(actor, "lead:assign") };
    const [assignees, plugins] = await Promise.all([
      may.assign ? caller.leads.assignees({ partnerId: lead.partnerId }) : Promise.resolve([]),
      // The installed plugins' panels on a lead (their fields, their records about it).
      pluginRecordPanels(caller, actor, { surface: "platform", object: "lead", id: lead.id, locale: ctx.locale }),
    ]);
    // "Converted" is reached through the partner's conversion (it registers the customer), never set here.
    return json({ lead, assignees, may, plugins, statuses: LEAD_STATUSES.filter((s) => s !== "converted" || lead.status === "converted") });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const id = params.leadId ?? "";
  const form = await request.formData();
  const values = {
    status: formText(form, "status"),
    disqualifyReason: formText(form, "disqualifyReason"),
    statusReason: formText(form, "statusReason"),
    assigneeId: formText(form, "assigneeId"),
  };
  try {
    await caller.leads.update({
      id,
      // Core validates the status and reports an unknown one under its field.
      status: values.status as TLeadStatus,
      // Disqualifying needs a reason code (core says so under this field).
      disqualifyReason: (values.disqualifyReason || null) as TDisqualifyReason | null,
      statusReason: values.statusReason || null,
      // Only send the assignee when the form offered it, so a status change never touches assignment.
      ...(form.has("assigneeId") ? { assigneeId: values.assigneeId || null } : {}),
    });
    return redirect(withNotice(`/leads/${id}`, "leadSaved"));
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, values }, { status });
  }
}

export default function LeadDetail() {
  const { lead, assignees, may, plugins, statuses } = useLoaderData<typeof loader>();
  const pluginApp = usePluginConventions();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const saved = { status: lead.status, disqualifyReason: lead.disqualifyReason ?? "", statusReason: lead.statusReason ?? "", assigneeId: lead.assigneeId ?? "" };
  const values = result?.values ?? saved;
  const assigneeKnown = !lead.assigneeId || assignees.some((a) => a.id === lead.assigneeId);

  const text = (value: string | null) => value ?? <span className="muted">—</span>;
  return (
    <>
      <p>
        <Link to="/leads">← {t("platform.leads.backToList")}</Link>
      </p>
      <div className="page-head">
        <h1>
          {lead.name} <span className={`badge ${lead.status}`}>{t(`common.leadStatus.${lead.status}`)}</span>
        </h1>
      </div>
      <Notice />
      <div className="two-columns">
        <section className="card" aria-labelledby="lead-details-title">
          <h2 id="lead-details-title">{t("platform.leads.detailTitle")}</h2>
          <dl className="details">
            <dt>{t("platform.leads.fields.partner")}</dt>
            <dd>
              <Link to={`/partners/${lead.partnerId}`} className="partner-name">
                {lead.partnerName}
              </Link>
            </dd>
            <dt>{t("platform.leads.fields.name")}</dt>
            <dd>{lead.name}</dd>
            <dt>{t("platform.leads.fields.company")}</dt>
            <dd>{text(lead.company)}</dd>
            <dt>{t("platform.leads.fields.phone")}</dt>
            <dd>{text(lead.phone)}</dd>
            <dt>{t("platform.leads.fields.email")}</dt>
            <dd>{lead.email ? <a href={`mailto:${lead.email}`}>{lead.email}</a> : text(null)}</dd>
            <dt>{t("platform.leads.fields.source")}</dt>
            <dd>{text(lead.source)}</dd>
            <dt>{t("platform.leads.fields.status")}</dt>
            <dd>
              <span className={`badge ${lead.status}`}>{t(`common.leadStatus.${lead.status}`)}</span>
              {lead.disqualifyReason ? <span className="muted"> · {t(`work.lead.disqualifyReason.${lead.disqualifyReason}`)}</span> : null}
              {lead.statusReason ? <span className="muted"> · {lead.statusReason}</span> : null}
            </dd>
            <dt>{t("platform.leads.fields.assignee")}</dt>
            <dd>{lead.assigneeName ?? <span className="muted">{t("platform.leads.unassigned")}</span>}</dd>
            <dt>{t("platform.leads.fields.created")}</dt>
            <dd>
              <DateTime value={lead.createdAt} />
            </dd>
            <dt>{t("platform.leads.fields.updated")}</dt>
            <dd>
              <DateTime value={lead.updatedAt} />
            </dd>
            <dt>{t("platform.leads.fields.notes")}</dt>
            <dd className="notes">{text(lead.notes)}</dd>
          </dl>
        </section>
        {may.update ? (
          <section className="card" aria-labelledby="lead-manage-title">
            <h2 id="lead-manage-title">{t("platform.leads.manage")}</h2>
            <p className="muted">{t("platform.leads.manageHint")}</p>
            <Form method="post" action={`/leads/${lead.id}`} noValidate key={JSON.stringify(saved)}>
              <FormError error={result?.error} fieldNames={["status", "disqualifyReason", "statusReason", "assigneeId"]} />
              <FormField label={t("platform.leads.fields.status")} name="status" error={result?.error.fields.status}>
                {(control) => (
                  <select {...control} defaultValue={values.status}>
                    {statuses.map((s) => (
                      <option key={s} value={s}>
                        {t(`common.leadStatus.${s}`)}
                      </option>
                    ))}
                  </select>
                )}
              </FormField>
              <FormField label={t("work.portal.disqualify.reason")} name="disqualifyReason" error={result?.error.fields.disqualifyReason}>
                {(control) => (
                  <select {...control} defaultValue={values.disqualifyReason}>
                    <option value="">{t("work.portal.disqualify.choose")}</option>
                    {DISQUALIFY_REASONS.map((reason) => (
                      <option key={reason} value={reason}>
                        {t(`work.lead.disqualifyReason.${reason}`)}
                      </option>
                    ))}
                  </select>
                )}
              </FormField>
              <FormField label={t("platform.leads.fields.statusReason")} name="statusReason" error={result?.error.fields.statusReason}>
                {(control) => <input {...control} type="text" maxLength={500} defaultValue={values.statusReason} />}
              </FormField>
              {may.assign ? (
                <FormField label={t("platform.leads.fields.assignee")} name="assigneeId" error={result?.error.fields.assigneeId}>
                  {(control) => (
                    <select {...control} defaultValue={values.assigneeId}>
                      <option value="">{t("platform.leads.unassigned")}</option>
                      {/* A deactivated assignee stays selectable until someone else takes the lead. */}
                      {!assigneeKnown && lead.assigneeId ? <option value={lead.assigneeId}>{lead.assigneeName}</option> : null}
                      {assignees.map((a) => (
                        <option key={a.id} value={a.id}>
                          {a.name}
                        </option>
                      ))}
                    </select>
                  )}
                </FormField>
              ) : null}
              <button type="submit" className="primary" disabled={busy}>
                {t("common.actions.save")}
              </button>
            </Form>
          </section>
        ) : null}
      </div>
      <PluginRecordPanels data={plugins} app={pluginApp} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
