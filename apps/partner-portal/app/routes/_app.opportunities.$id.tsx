import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PluginRecordPanels } from "@qudao/ui/plugin-panels";
import { pluginRecordPanels } from "@qudao/ui/plugin-panels.server";
import { actionError, errorResponse, formValues, requireSignedIn } from "~/.server/request.server";
import { ActivityTimeline } from "~/components/activity-timeline";
import { Field, FormError } from "~/components/form-field";
import { formatDuration, useCalendarDate, useMoney } from "~/components/opportunities/format";
import { OPPORTUNITY_EDIT_FIELDS, OpportunityForm } from "~/components/opportunities/opportunity-form";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { QuickLog, quickLogLinks } from "~/components/quick-log";
import { RelatedTasks } from "~/components/related-tasks";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";
import styles from "~/opportunities.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }, ...quickLogLinks(), ...pluginLinks()];
export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? [{ title: `${data.opportunity.name} · ${pageTitle(matches, "opportunities.meta.detail")[0]!.title}` }] : pageTitle(matches, "portal.meta.error");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  // Another partner's deal, or a colleague's for a rep, is NOT_FOUND in core: a 404 page here.
  const opportunity = await caller.opportunities.get({ id: params.id ?? "" }).catch((error: unknown) => errorResponse(error, ctx));
  const [pipeline, customers, owners] = await Promise.all([
    caller.pipelines.get({ id: opportunity.pipelineId }),
    caller.customers.list({ limit: 200 }),
    actor.role === "rep" ? Promise.resolve(null) : caller.leads.assignees({ partnerId: opportunity.partnerId }),
  ]).catch((error: unknown) => errorResponse(error, ctx));
  const customerOptions = customers.items.map((c) => ({ id: c.id, name: c.name }));
  // Keep the linked customer selectable even when it is not among the first page.
  if (opportunity.customerId && opportunity.customerName && !customerOptions.some((c) => c.id === opportunity.customerId)) {
    customerOptions.push({ id: opportunity.customerId, name: opportunity.customerName });
  }
  let ownerOptions = owners;
  if (ownerOptions && opportunity.ownerId && opportunity.ownerName && !ownerOptions.some((o) => o.id === opportunity.ownerId)) {
    ownerOptions = [...ownerOptions, { id: opportunity.ownerId, name: opportunity.ownerName }];
  }
  // Follow-ups and open tasks on the deal (components/quick-log.tsx, activity-timeline.tsx).
  const [activities, tasks, plugins] = await Promise.all([
    caller.activities.list({ opportunityId: opportunity.id, limit: 20 }),
    caller.tasks.list({ opportunityId: opportunity.id, limit: 20 }),
    // The installed plugins' panels on a deal (their fields, their records about it).
    pluginRecordPanels(caller, actor, { surface: "portal", object: "opportunity", id: opportunity.id, locale: ctx.locale }),
  ]).catch((error: unknown) => errorResponse(error, ctx));
  return json({
    me: actor.userId,
    activities: {
      items: activities.items.map((a) => ({ id: a.id, kind: a.kind, subject: a.subject, body: a.body, occurredAt: a.occurredAt, durationMinutes: a.durationMinutes, authorId: a.authorId, authorName: a.authorName })),
      more: activities.nextCursor !== null,
    },
    tasks: tasks.items.map((task) => ({ id: task.id, displayTitle: task.displayTitle, dueAt: task.dueAt })),
    opportunity,
    stages: pipeline.stages.filter((s) => s.archivedAt === null).map((s) => ({ id: s.id, name: s.name, kind: s.kind })),
    customers: customerOptions,
    owners: ownerOptions,
    showPartner: opportunity.partnerId !== actor.partnerId,
    plugins,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const id = params.id ?? "";
  if (form.get("intent") === "move") {
    const stageId = String(form.get("stageId") ?? "");
    const lostReason = String(form.get("lostReason") ?? "");
    try {
      const moved = await caller.opportunities.move({ id, stageId, lostReason });
      return json({ intent: "move" as const, done: moved.stageName, error: null, values: { stageId, lostReason } });
    } catch (error) {
      const { body, status } = actionError(error, ctx);
      return json({ intent: "move" as const, done: null, ...body, values: { stageId, lostReason } }, { status });
    }
  }
  const values = formValues(form, OPPORTUNITY_EDIT_FIELDS);
  try {
    await caller.opportunities.update({
      id,
      name: values.name,
      amount: values.amount,
      expectedCloseDate: values.expectedCloseDate,
      customerId: values.customerId || null,
      ...(form.has("ownerId") && values.ownerId ? { ownerId: values.ownerId } : {}),
      ...(form.has("lostReason") ? { lostReason: values.lostReason } : {}),
    });
    return json({ intent: "edit" as const, done: "saved", error: null, values: null });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ intent: "edit" as const, done: null, ...body, values }, { status });
  }
}

export default function OpportunityDetail() {
  const { opportunity: o, stages, customers, owners, showPartner, me, activities, tasks, plugins } = useLoaderData<typeof loader>();
  const pluginApp = usePluginConventions();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useTranslation();
  const money = useMoney();
  const calendarDate = useCalendarDate();
  const format = useDateFormat();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const moveResult = result?.intent === "move" ? result : undefined;
  const editResult = result?.intent === "edit" ? result : undefined;
  const [target, setTarget] = useState(moveResult?.error ? moveResult.values.stageId : "");
  const targetKind = stages.find((s) => s.id === target)?.kind;
  const longest = Math.max(1, ...o.timeInStages.map((s) => s.seconds));
  const editValues = editResult?.values ?? {
    name: o.name,
    amount: o.amount,
    expectedCloseDate: o.expectedCloseDate,
    customerId: o.customerId ?? "",
    ownerId: o.ownerId ?? "",
    lostReason: o.lostReason ?? "",
  };
  return (
    <>
      <div className="page-head">
        <h1>
          <span className="break">{o.name}</span>
          <span className={`badge opportunity-${o.status}`}>{t(`opportunities.status.${o.status}`)}</span>
          {o.stuck ? <span className="badge stuck-badge">{t("opportunities.board.stuck")}</span> : null}
        </h1>
        <Link to="/opportunities" className="button link-button">
          {t("opportunities.form.backToBoard")}
        </Link>
      </div>
      {search.get("created") ? (
        <p className="notice" role="status">
          {t("opportunities.form.created")}
        </p>
      ) : null}
      {moveResult?.done ? (
        <p className="notice" role="status">
          {t("opportunities.board.moved", { name: o.name, stage: moveResult.done })}
        </p>
      ) : null}
      {editResult?.done ? (
        <p className="notice" role="status">
          {t("opportunities.form.saved")}
        </p>
      ) : null}

      <QuickLog target={{ opportunityId: o.id }} />
      <div className="work-columns">
        <ActivityTimeline items={activities.items} me={me} moreHref={activities.more ? `/activities?opportunityId=${o.id}` : null} returnTo={`/opportunities/${o.id}`} />
        <RelatedTasks tasks={tasks} newHref={`/tasks/new?opportunityId=${o.id}`} />
      </div>
      <div className="detail-grid">
        <section className="card" aria-labelledby="overview-title">
          <h2 id="overview-title" className="card-title">
            {t("opportunities.detail.overview")}
          </h2>
          <dl className="detail-list">
            <dt>{t("opportunities.detail.stage")}</dt>
            <dd data-field="stage">
              {o.stageName} <span className="muted">{t("opportunities.detail.inStage", { count: o.daysInStage })}</span>
            </dd>
            <dt>{t("opportunities.detail.amount")}</dt>
            <dd data-field="amount">{money(o.amount)}</dd>
            {o.status === "open" ? (
              <>
                <dt>{t("opportunities.detail.weighted")}</dt>
                <dd>
                  {money(o.weightedAmount)} <span className="muted">({o.probability}%)</span>
                </dd>
              </>
            ) : null}
            <dt>{t("opportunities.detail.owner")}</dt>
            <dd>{o.ownerName ?? t("opportunities.board.unassigned")}</dd>
            {showPartner ? (
              <>
                <dt>{t("opportunities.detail.partner")}</dt>
                <dd>{o.partnerName}</dd>
              </>
            ) : null}
            <dt>{t("opportunities.detail.customer")}</dt>
            <dd>{o.customerId ? o.customerName ? <Link to={`/customers/${o.customerId}`}>{o.customerName}</Link> : t("opportunities.detail.notVisible") : t("common.none")}</dd>
            {o.leadId ? (
              <>
                <dt>{t("opportunities.detail.lead")}</dt>
                <dd>{o.leadName ? <Link to={`/leads/${o.leadId}`}>{o.leadName}</Link> : t("opportunities.detail.notVisible")}</dd>
              </>
            ) : null}
            <dt>{t("opportunities.detail.expectedClose")}</dt>
            <dd>{o.expectedCloseDate ? calendarDate(o.expectedCloseDate) : t("opportunities.board.noCloseDate")}</dd>
            <dt>{t("opportunities.detail.createdAt")}</dt>
            <dd>
              <time dateTime={o.createdAt}>{format.dateTime(o.createdAt)}</time>
            </dd>
            {o.closedAt ? (
              <>
                <dt>{t("opportunities.detail.closedAt")}</dt>
                <dd>
                  <time dateTime={o.closedAt}>{format.dateTime(o.closedAt)}</time>
                </dd>
              </>
            ) : null}
            {o.lostReason ? (
              <>
                <dt>{t("opportunities.detail.lostReason")}</dt>
                <dd>{o.lostReason}</dd>
              </>
            ) : null}
          </dl>
        </section>

        <section className="card" aria-labelledby="move-title">
          <h2 id="move-title" className="card-title">
            {t("opportunities.detail.move")}
          </h2>
          <Form method="post" noValidate className="move-form">
            <input type="hidden" name="intent" value="move" />
            <FormError message={moveResult?.error?.message} submission={moveResult} />
            <Field form="opportunity-move" name="stageId" label={t("opportunities.board.moveTo")} error={moveResult?.error?.fields.stageId}>
              {(control) => (
                <select {...control} value={target} onChange={(event) => setTarget(event.target.value)}>
                  <option value="" disabled>
                    {o.stageName}
                  </option>
                  {stages
                    .filter((s) => s.id !== o.stageId)
                    .map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                </select>
              )}
            </Field>
            {targetKind === "lost" || moveResult?.error?.fields.lostReason ? (
              <Field form="opportunity-move" name="lostReason" label={t("opportunities.form.fields.lostReason")} error={moveResult?.error?.fields.lostReason} required>
                {(control) => <input {...control} type="text" maxLength={500} defaultValue={moveResult?.values.lostReason ?? ""} />}
              </Field>
            ) : null}
            <button type="submit" className="primary" disabled={busy || !target}>
              {busy && navigation.formData?.get("intent") === "move" ? t("opportunities.board.moving") : t("opportunities.board.move")}
            </button>
          </Form>
        </section>

        <section className="card" aria-labelledby="history-title">
          <h2 id="history-title" className="card-title">
            {t("opportunities.detail.history")}
          </h2>
          <ol className="stage-history">
            {o.history.map((visit) => (
              <li key={`${visit.changeId ?? "current"}:${visit.enteredAt}`} className={visit.current ? "current" : undefined}>
                <span className="history-title">
                  {visit.fromStageName === null ? t("opportunities.detail.created", { stage: visit.stageName }) : t("opportunities.detail.movedFrom", { from: visit.fromStageName, to: visit.stageName })}
                  {visit.current ? <span className="badge">{t("opportunities.detail.current")}</span> : null}
                </span>
                <span className="history-meta">
                  <time dateTime={visit.enteredAt}>{format.dateTime(visit.enteredAt)}</time>
                  {visit.changedByName ? <span>{t("opportunities.detail.by", { name: visit.changedByName })}</span> : null}
                  <span data-field="stayed">{t("opportunities.detail.stayed", { duration: formatDuration(t, visit.seconds) })}</span>
                </span>
              </li>
            ))}
          </ol>
        </section>

        <section className="card" aria-labelledby="time-title">
          <h2 id="time-title" className="card-title">
            {t("opportunities.detail.timeInStages")}
          </h2>
          <ul className="time-bars">
            {o.timeInStages.map((stage) => (
              <li key={stage.stageId}>
                <span className="bar-row">
                  <span>
                    {stage.stageName} {stage.visits > 1 ? <span className="muted">{t("opportunities.detail.visits", { count: stage.visits })}</span> : null}
                  </span>
                  <span>{formatDuration(t, stage.seconds)}</span>
                </span>
                <span className="bar-track" aria-hidden="true">
                  <span className="bar-fill" style={{ width: `${Math.max(2, Math.round((stage.seconds / longest) * 100))}%`, display: "block" }} />
                </span>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <PluginRecordPanels data={plugins} app={pluginApp} />

      <h2>{t("opportunities.detail.edit")}</h2>
      <OpportunityForm
        mode="edit"
        values={editValues}
        fieldErrors={editResult?.error?.fields ?? {}}
        formError={editResult?.error?.message}
        submission={editResult}
        customers={customers}
        owners={owners}
        lost={o.status === "lost"}
        busy={busy && navigation.formData?.get("intent") !== "move"}
        cancelTo="/opportunities"
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
