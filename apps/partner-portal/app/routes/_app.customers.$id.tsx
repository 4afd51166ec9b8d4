import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PluginRecordPanels } from "@qudao/ui/plugin-panels";
import { pluginRecordPanels } from "@qudao/ui/plugin-panels.server";
import { actionError, errorResponse, flashCookie, formValues, requireSignedIn, takeFlash } from "~/.server/request.server";
import { ActivityTimeline } from "~/components/activity-timeline";
import { RfmSegment } from "~/components/customer-segments";
import { CustomerTagsCard } from "~/components/customer-tags-card";
import { Field, FormError } from "~/components/form-field";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { QuickLog, quickLogLinks } from "~/components/quick-log";
import { RelatedOpportunities } from "~/components/opportunities/related-opportunities";
import { RelatedTasks } from "~/components/related-tasks";
import { useLifecycleStage } from "~/components/lifecycle-stage";
import { Protection, RegistrationProtection } from "~/components/protection";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";
import entitlementStyles from "~/entitlements.css?url";
import { displayPhone } from "~/phone-format";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? pageTitle(matches, "portal.meta.customer", { name: data.customer.name }) : pageTitle(matches, "portal.meta.error");

/** A customer has few registrations; the full list is one link away. */
const REGISTRATIONS_SHOWN = 20;

export const links: LinksFunction = () => [...quickLogLinks(), { rel: "stylesheet", href: entitlementStyles }, ...pluginLinks()];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  // Another partner's customer (or one in the pool) is NOT_FOUND in core: the translated 404 page.
  const customer = await caller.customers.get({ id: params.id ?? "" }).catch((error: unknown) => errorResponse(error, ctx));
  // This partner's (and its sub-dealers') registrations of the customer; core scopes them.
  const registrations = await caller.registrations
    .list({ customerId: customer.id, limit: REGISTRATIONS_SHOWN })
    .catch((error: unknown) => errorResponse(error, ctx));
  // Follow-ups and open tasks about the customer (a rep sees their own follow-ups, managers the team's).
  const [activities, tasks, opportunities, tags, entitlementSteps, plugins] = await Promise.all([
    caller.activities.list({ customerId: customer.id, limit: 20 }),
    caller.tasks.list({ customerId: customer.id, limit: 20 }),
    caller.opportunities.list({ customerId: customer.id, limit: 20 }),
    // The partner's own tags are the ones it can put on a customer (the platform's are read-only).
    caller.tags.list({ scope: "partner", limit: 200 }),
    // Benefits asked for this customer (a rep's own requests, the partner's for admins and managers), on its timeline.
    caller.entitlements.customerSteps({ id: customer.id }),
    // The installed plugins' panels on a customer (their fields, their records about it).
    pluginRecordPanels(caller, actor, { surface: "portal", object: "customer", id: customer.id, locale: ctx.locale }),
  ]).catch((error: unknown) => errorResponse(error, ctx));
  const { flash, headers } = takeFlash(request);
  // Reps work customers; giving one up is for admins and managers (core refuses reps too).
  const canRelease = actor.role !== "rep";
  return json(
    {
      customer: {
        id: customer.id,
        kind: customer.kind,
        name: customer.name,
        city: customer.city,
        phone: customer.phone,
        email: customer.email,
        uscc: customer.uscc,
        protectedUntil: customer.protectedUntil,
        lifecycleStage: customer.lifecycleStage,
        lifecycleChangedAt: customer.lifecycleChangedAt,
        lastActivityAt: customer.lastActivityAt,
        lastOrderAt: customer.lastOrderAt,
        rfmSegment: customer.rfmSegment,
        rfmScore: customer.rfmScore,
        tags: customer.tags ?? [],
        createdAt: customer.createdAt,
      },
      tagOptions: tags.items.map((tag) => ({ id: tag.id, name: tag.name })).sort((a, b) => a.name.localeCompare(b.name, "zh-CN")),
      canManageTags: actor.role !== "rep",
      opportunities: opportunities.items.map((o) => ({ id: o.id, name: o.name, stageName: o.stageName, status: o.status, amount: o.amount })),
      registrations: registrations.items.map((registration) => ({
        id: registration.id,
        status: registration.status,
        protectedUntil: registration.protectedUntil,
        createdAt: registration.createdAt,
      })),
      me: actor.userId,
      activities: {
        items: activities.items.map((a) => ({ id: a.id, kind: a.kind, subject: a.subject, body: a.body, occurredAt: a.occurredAt, durationMinutes: a.durationMinutes, authorId: a.authorId, authorName: a.authorName })),
        more: activities.nextCursor !== null,
      },
      entitlementSteps: entitlementSteps.map((s) => ({ id: s.id, entitlementId: s.entitlementId, event: s.event, at: s.at, type: s.type, value: s.value, actorName: s.actorName, note: s.note, reference: s.reference })),
      tasks: tasks.items.map((task) => ({ id: task.id, displayTitle: task.displayTitle, dueAt: task.dueAt })),
      canRelease,
      confirmRelease: canRelease && new URL(request.url).searchParams.get("release") === "1",
      claimed: flash?.kind === "customerClaimed",
      now: new Date().toISOString(),
      plugins,
    },
    { headers }
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const values = formValues(form, ["reason"] as const);
  try {
    await caller.customers.release({ id: params.id ?? "", reason: values.reason });
    // Released customers leave this partner's view: back to the list, with a notice.
    return redirect("/customers", { headers: { "Set-Cookie": flashCookie(request, "customerReleased") } });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, values }, { status });
  }
}

export default function CustomerDetail() {
  const { customer, registrations, canRelease, confirmRelease, claimed, now, me, activities, tasks, tagOptions, canManageTags, opportunities, entitlementSteps, plugins } = useLoaderData<typeof loader>();
  const pluginApp = usePluginConventions();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const format = useDateFormat();
  const stage = useLifecycleStage();
  const location = useLocation();
  const busy = useNavigation().state === "submitting";
  const none = <span className="muted">{t("common.none")}</span>;
  return (
    <>
      <div className="page-head">
        <h1>
          {customer.name}
          <span className={`badge lifecycle-${customer.lifecycleStage}`}>{stage(customer.lifecycleStage)}</span>
        </h1>
        <Link to={`/entitlements/new?customerId=${customer.id}`} className="button">
          {t("entitlements.portal.request")}
        </Link>
        <Link to="/customers" className="button link-button">
          {t("portal.customer.backToList")}
        </Link>
      </div>
      {claimed ? (
        <p className="notice" role="status">
          {t("portal.customer.claimed")}
        </p>
      ) : null}
      <section className="card" aria-labelledby="customer-details">
        <h2 id="customer-details" className="card-title">
          {t("portal.customer.details")}
        </h2>
        <dl className="detail-list">
          <dt>{t("portal.customer.fields.protection")}</dt>
          <dd>
            <Protection until={customer.protectedUntil} now={now} />
          </dd>
          <dt>{t("portal.customer.fields.kind")}</dt>
          <dd>{t(`portal.customerKind.${customer.kind}`)}</dd>
          <dt>{t("portal.customer.fields.city")}</dt>
          <dd>{customer.city ?? none}</dd>
          <dt>{t("portal.customer.fields.phone")}</dt>
          <dd>{customer.phone ? <a href={`tel:${customer.phone}`}>{displayPhone(customer.phone)}</a> : none}</dd>
          <dt>{t("portal.customer.fields.email")}</dt>
          <dd className="break">{customer.email ? <a href={`mailto:${customer.email}`}>{customer.email}</a> : none}</dd>
          {customer.kind === "company" ? (
            <>
              <dt>{t("portal.customer.fields.uscc")}</dt>
              <dd>{customer.uscc ? <code>{customer.uscc}</code> : none}</dd>
            </>
          ) : null}
          <dt>{t("portal.customer.fields.lifecycle")}</dt>
          <dd>
            {stage(customer.lifecycleStage)}
            {customer.lifecycleChangedAt ? (
              <span className="muted">
                {" · "}
                {t("segments.lifecycle.changedAt")} <time dateTime={customer.lifecycleChangedAt}>{format.date(customer.lifecycleChangedAt)}</time>
              </span>
            ) : null}
          </dd>
          <dt>{t("segments.rfm.label")}</dt>
          <dd>
            <RfmSegment segment={customer.rfmSegment} score={customer.rfmScore} />
          </dd>
          <dt>{t("segments.lifecycle.lastOrderAt")}</dt>
          <dd>{customer.lastOrderAt ? <time dateTime={customer.lastOrderAt}>{format.date(customer.lastOrderAt)}</time> : none}</dd>
          <dt>{t("portal.customer.fields.lastActivity")}</dt>
          <dd>{customer.lastActivityAt ? <time dateTime={customer.lastActivityAt}>{format.dateTime(customer.lastActivityAt)}</time> : none}</dd>
          <dt>{t("portal.customer.fields.createdAt")}</dt>
          <dd>
            <time dateTime={customer.createdAt}>{format.date(customer.createdAt)}</time>
          </dd>
        </dl>
      </section>
      <CustomerTagsCard customerId={customer.id} tags={customer.tags} options={tagOptions} canManage={canManageTags} />
      <QuickLog target={{ customerId: customer.id }} />
      <div className="work-columns">
        <ActivityTimeline items={activities.items} me={me} moreHref={activities.more ? `/activities?customerId=${customer.id}` : null} returnTo={location.pathname} entitlementSteps={entitlementSteps} />
        <RelatedTasks tasks={tasks} newHref={`/tasks/new?customerId=${customer.id}`} />
      </div>
      <RelatedOpportunities opportunities={opportunities} newHref={`/opportunities/new?customerId=${customer.id}`} />
      <PluginRecordPanels data={plugins} app={pluginApp} />
      <section className="card" aria-labelledby="customer-registrations">
        <h2 id="customer-registrations" className="card-title">
          {t("portal.customer.registrations.title")}
        </h2>
        {registrations.length === 0 ? (
          <p className="muted">{t("portal.customer.registrations.empty")}</p>
        ) : (
          <table className="responsive-table" aria-labelledby="customer-registrations">
            <thead>
              <tr>
                <th scope="col">{t("portal.customer.registrations.submittedAt")}</th>
                <th scope="col">{t("portal.customer.registrations.status")}</th>
                <th scope="col">{t("portal.customer.registrations.protection")}</th>
              </tr>
            </thead>
            <tbody>
              {registrations.map((registration) => (
                <tr key={registration.id}>
                  <td className="cell-title" data-label={t("portal.customer.registrations.submittedAt")}>
                    <Link to={`/registrations/${registration.id}`}>
                      <time dateTime={registration.createdAt}>{format.date(registration.createdAt)}</time>
                    </Link>
                  </td>
                  <td data-label={t("portal.customer.registrations.status")}>
                    <span className={`badge registration-${registration.status}`}>{t(`ownership.status.${registration.status}`)}</span>
                  </td>
                  <td data-label={t("portal.customer.registrations.protection")}>
                    <RegistrationProtection status={registration.status} until={registration.protectedUntil} now={now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="card-links">
          <Link to="/registrations">{t("portal.customer.registrations.viewAll")}</Link>
        </p>
      </section>
      {canRelease ? (
        <section className="card danger-zone" aria-labelledby="customer-release">
          <h2 id="customer-release" className="card-title">
            {t("portal.customer.release.title")}
          </h2>
          {confirmRelease || result?.error ? (
            <Form method="post" noValidate aria-busy={busy}>
              <FormError message={result?.error.message} submission={result} />
              <p className="warning-text">{t("portal.customer.release.confirm", { name: customer.name })}</p>
              <Field
                form="release"
                name="reason"
                label={t("portal.customer.release.reason")}
                error={result?.error.fields.reason}
                hint={t("portal.customer.release.reasonHint")}
              >
                {(control) => <textarea {...control} rows={2} maxLength={1000} defaultValue={result?.values.reason ?? ""} />}
              </Field>
              <div className="form-actions">
                <button type="submit" className="danger" disabled={busy}>
                  {t("portal.customer.release.submit")}
                </button>
                <Link to={location.pathname} className="button" replace>
                  {t("common.actions.cancel")}
                </Link>
              </div>
            </Form>
          ) : (
            <>
              <p className="muted">{t("portal.customer.release.intro")}</p>
              <Link to="?release=1" className="button danger-link" replace>
                {t("portal.customer.release.start")}
              </Link>
            </>
          )}
        </section>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
