import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "@qudao/core/server";
import { useMoney } from "@qudao/ui/money";
import { lineGroup, StatementStatusBadge } from "@qudao/ui/statement-lines";
import statementStyles from "@qudao/ui/statements.css?url";
import settlementStyles from "~/settlement.css?url";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { DisputeAge, DisputeStatusBadge } from "~/components/dispute-badges";
import { FormField } from "~/components/form-field";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { formText, throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settlement.meta.disputes");
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: statementStyles },
  { rel: "stylesheet", href: settlementStyles },
];

/** The queue's tabs: what waits for an answer (oldest first), what was answered, and everything. */
const VIEWS = ["open", "resolved", "all"] as const;
type View = (typeof VIEWS)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Finance's queue of partners' disputes, longest waiting first, with the SLA target and its setting. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const view: View = VIEWS.find((v) => v === params.get("view")) ?? "open";
  const partnerParam = params.get("partnerId") ?? "";
  const partnerId = UUID.test(partnerParam) ? partnerParam : "";
  const cursor = params.get("cursor") || undefined;
  try {
    const [page, partners, policy] = await Promise.all([
      caller.disputes.list({
        ...(view === "open" ? { status: "open" as const, order: "oldest" as const } : view === "resolved" ? { status: "resolved" as const, order: "newest" as const } : { order: "newest" as const }),
        ...(partnerId ? { partnerId } : {}),
        ...(cursor ? { cursor } : {}),
      }),
      caller.partners.options(),
      caller.disputes.policy(),
    ]);
    return json({ ...page, partners, policy, view, filters: { partnerId }, mayUpdatePolicy: can(actor, "settings:update") });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

/** Saves the SLA target (platform admins). */
export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const slaHours = formText(form, "slaHours");
  const confirmWithinDays = formText(form, "confirmWithinDays");
  const asNumber = (text: string) => (text === "" ? Number.NaN : Number(text));
  try {
    await caller.disputes.updatePolicy({ slaHours: asNumber(slaHours), confirmWithinDays: asNumber(confirmWithinDays) });
    return json({ ok: true as const, error: null, slaHours, confirmWithinDays });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ok: false as const, ...body, slaHours, confirmWithinDays }, { status });
  }
}

export default function DisputeQueue() {
  const { items, nextCursor, partners, policy, view, filters, mayUpdatePolicy } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const money = useMoney();
  const searching = useNavigation().state === "loading";
  const viewLink = (v: View) => (v === "open" ? "/disputes" : `/disputes?view=${v}`);
  return (
    <>
      <div className="page-head">
        <h1>{t("settlement.disputes.title")}</h1>
      </div>
      <p className="muted">{t("settlement.disputes.intro")}</p>
      <nav className="tabs" aria-label={t("settlement.disputes.views.label")}>
        {VIEWS.map((v) => (
          <Link key={v} to={viewLink(v)} aria-current={v === view ? "page" : undefined} className={v === view ? "active" : undefined}>
            {t(`settlement.disputes.views.${v}`)}
          </Link>
        ))}
      </nav>
      <p className="muted">{t(`settlement.disputes.hints.${view}`, { hours: policy.slaHours })}</p>
      <Form method="get" className="toolbar" role="search">
        {view !== "open" ? <input type="hidden" name="view" value={view} /> : null}
        <label>
          {t("settlement.disputes.partner")}
          <select name="partnerId" defaultValue={filters.partnerId}>
            <option value="">{t("settlement.disputes.allPartners")}</option>
            {partners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={searching}>
          {t("common.actions.filter")}
        </button>
        {filters.partnerId ? (
          <Link to={viewLink(view)} className="button">
            {t("common.actions.reset")}
          </Link>
        ) : null}
      </Form>
      {items.length === 0 ? (
        <p className="empty">{t(`settlement.disputes.empty.${view}`)}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("settlement.disputes.columns.partner")}</th>
                <th scope="col">{t("settlement.disputes.columns.statement")}</th>
                <th scope="col">{t("settlement.disputes.columns.line")}</th>
                <th scope="col">{t("settlement.disputes.columns.reason")}</th>
                <th scope="col">{t("settlement.disputes.columns.age")}</th>
                <th scope="col">{t("settlement.disputes.columns.status")}</th>
                <th scope="col">{t("settlement.disputes.columns.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((dispute) => (
                <tr key={dispute.id} data-dispute-id={dispute.id} className={dispute.status === "open" && dispute.overSla ? "overdue-row" : undefined}>
                  <td>
                    <Link to={`/partners/${dispute.partnerId}`} className="partner-name">
                      {dispute.partnerName ?? dispute.partnerId}
                    </Link>
                  </td>
                  <td className="nowrap">
                    <Link to={`/statements/${dispute.statementId}`}>{t("settlement.disputes.statementPeriod", { period: dispute.period })}</Link>
                    <div>
                      <StatementStatusBadge status={dispute.statementStatus} />
                    </div>
                  </td>
                  <td>
                    <span className="strong">{t(`statements.kind.${lineGroup(dispute.line)}`)}</span>{" "}
                    {dispute.line.orderId ? (
                      <Link to={`/orders/${dispute.line.orderId}`}>{dispute.line.orderExternalId ?? t("statements.line.orderMissing")}</Link>
                    ) : null}
                    <div className="small">
                      {t("settlement.disputes.lineAmount", { amount: money(dispute.line.amount) })}
                      {dispute.expectedAmount !== null ? <> · {t("settlement.disputes.expected", { amount: money(dispute.expectedAmount) })}</> : null}
                    </div>
                  </td>
                  <td className="reason-cell">
                    {dispute.reason}
                    {dispute.attachment ? (
                      <div className="small">
                        <a href={`/disputes/${dispute.id}/attachment`} download>
                          {t("settlement.disputes.attachment", { name: dispute.attachment.fileName })}
                        </a>
                      </div>
                    ) : null}
                  </td>
                  <td data-field="age">
                    <DisputeAge dispute={dispute} />
                  </td>
                  <td>
                    <DisputeStatusBadge status={dispute.status} />
                  </td>
                  <td>
                    <Link to={`/disputes/${dispute.id}`} className={dispute.status === "open" ? "button primary" : "button"}>
                      {t(dispute.status === "open" ? "settlement.disputes.handle" : "settlement.disputes.view")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager nextCursor={nextCursor} />
      <SlaPolicyCard slaHours={policy.slaHours} confirmWithinDays={policy.confirmWithinDays} mayUpdate={mayUpdatePolicy} />
    </>
  );
}

function SlaPolicyCard({ slaHours, confirmWithinDays, mayUpdate }: { slaHours: number; confirmWithinDays: number; mayUpdate: boolean }) {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const failed = result && !result.ok ? result : undefined;
  return (
    <Form method="post" noValidate className="card settings-form" aria-labelledby="sla-policy-title" key={`${slaHours}:${confirmWithinDays}`}>
      <h2 id="sla-policy-title">{t("settlement.disputes.policy.title")}</h2>
      <p className="muted">{t("settlement.disputes.policy.intro")}</p>
      {!mayUpdate ? (
        <p className="warning" role="note">
          {t("settlement.disputes.policy.readOnly")}
        </p>
      ) : null}
      {result?.ok ? (
        <p role="status" className="notice">
          {t("settlement.disputes.policy.saved")}
        </p>
      ) : null}
      {failed && !failed.error.fields.slaHours && !failed.error.fields.confirmWithinDays ? (
        <p role="alert" className="form-error">
          {failed.error.message}
        </p>
      ) : null}
      <FormField label={t("settlement.disputes.policy.slaHours")} name="slaHours" error={failed?.error.fields.slaHours} required>
        {(control) => (
          <span className="with-unit">
            <input {...control} type="number" inputMode="numeric" min={1} max={8760} step={1} defaultValue={failed?.slaHours ?? String(slaHours)} disabled={!mayUpdate} />
            <span className="muted">{t("settlement.disputes.policy.hours")}</span>
          </span>
        )}
      </FormField>
      <FormField label={t("settlement.disputes.policy.confirmWithinDays")} name="confirmWithinDays" error={failed?.error.fields.confirmWithinDays} required>
        {(control) => (
          <span className="with-unit">
            <input {...control} type="number" inputMode="numeric" min={1} max={90} step={1} defaultValue={failed?.confirmWithinDays ?? String(confirmWithinDays)} disabled={!mayUpdate} />
            <span className="muted">{t("settlement.disputes.policy.days")}</span>
          </span>
        )}
      </FormField>
      {mayUpdate ? (
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("common.actions.save")}
          </button>
        </div>
      ) : null}
    </Form>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
