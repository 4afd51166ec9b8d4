import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "@qudao/core/server";
import { useMoney } from "@qudao/ui/money";
import { LinesTable, StatementStatusBadge } from "@qudao/ui/statement-lines";
import statementStyles from "@qudao/ui/statements.css?url";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { DisputeAge, DisputeStatusBadge } from "~/components/dispute-badges";
import { FormField } from "~/components/form-field";
import { pageTitle } from "~/components/page-title";
import { formText, throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import settlementStyles from "~/settlement.css?url";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "settlement.meta.dispute", data ? `${data.dispute.partnerName ?? ""} ${data.dispute.period}` : null);
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: statementStyles },
  { rel: "stylesheet", href: settlementStyles },
];

const DONE = ["accepted", "rejected"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  try {
    const dispute = await caller.disputes.get({ id: params.disputeId ?? "" });
    return json({ dispute, mayResolve: can(actor, "dispute:resolve") });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

/** Accept (the correction becomes an adjustment line in the statement) or reject (with the reason the partner reads). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const intent = formText(form, "intent");
  const id = params.disputeId ?? "";
  const values = { amount: formText(form, "amount"), acceptNote: formText(form, "acceptNote"), rejectNote: formText(form, "rejectNote") };
  if (intent !== "accept" && intent !== "reject") throw new Response(null, { status: 400 });
  try {
    if (intent === "accept") await caller.disputes.resolve({ id, decision: "accept", amount: values.amount, note: values.acceptNote });
    else await caller.disputes.resolve({ id, decision: "reject", note: values.rejectNote });
    return redirect(`/disputes/${id}?done=${intent === "accept" ? "accepted" : "rejected"}`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, intent, values }, { status });
  }
}

export default function DisputePage() {
  const { dispute, mayResolve } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation();
  const money = useMoney();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const done = DONE.find((d) => d === params.get("done"));
  const fields = failure?.error.fields ?? {};
  const failedHere = (intent: string, field: string) => (failure?.intent === intent ? fields[field] : undefined);
  const unplaced = failure && !Object.keys(fields).some((path) => ["amount", "note"].includes(path));
  return (
    <>
      <div className="page-head">
        <h1>
          {t("settlement.disputes.detail.title", { partner: dispute.partnerName ?? "", period: dispute.period })} <DisputeStatusBadge status={dispute.status} />
        </h1>
        <Link to="/disputes" className="button">
          {t("settlement.disputes.detail.back")}
        </Link>
      </div>
      {done && !failure ? (
        <p className="notice" role="status">
          {t(`settlement.disputes.notices.${done}`)}
        </p>
      ) : null}
      {unplaced ? (
        <p className="form-error" role="alert">
          {failure.error.message}
        </p>
      ) : null}

      <section className="card" aria-label={t("settlement.meta.dispute")}>
        <dl className="details">
          <dt>{t("settlement.disputes.columns.partner")}</dt>
          <dd>
            <Link to={`/partners/${dispute.partnerId}`}>{dispute.partnerName ?? dispute.partnerId}</Link>
          </dd>
          <dt>{t("settlement.disputes.columns.statement")}</dt>
          <dd>
            <Link to={`/statements/${dispute.statementId}`} data-field="statement">
              {t("settlement.disputes.statementPeriod", { period: dispute.period })}
            </Link>{" "}
            <StatementStatusBadge status={dispute.statementStatus} />
          </dd>
          <dt>{t("settlement.disputes.detail.raisedBy")}</dt>
          <dd>{dispute.raisedByName ?? "—"}</dd>
          <dt>{t("settlement.disputes.detail.raisedAt")}</dt>
          <dd>
            <DateTime value={dispute.createdAt} />
          </dd>
          <dt>{t("settlement.disputes.columns.age")}</dt>
          <dd data-field="age">
            <DisputeAge dispute={dispute} /> <span className="muted small">{t("settlement.disputes.detail.sla", { hours: dispute.slaHours })}</span>
          </dd>
          <dt>{t("settlement.disputes.detail.reason")}</dt>
          <dd className="reason-cell" data-field="reason">
            {dispute.reason}
          </dd>
          <dt>{t("settlement.disputes.detail.expectedAmount")}</dt>
          <dd data-field="expectedAmount">{dispute.expectedAmount !== null ? money(dispute.expectedAmount) : <span className="muted">{t("settlement.disputes.detail.none")}</span>}</dd>
          <dt>{t("settlement.disputes.detail.attachment")}</dt>
          <dd>
            {dispute.attachment ? (
              <a href={`/disputes/${dispute.id}/attachment`} download data-field="attachment">
                {t("settlement.disputes.detail.download", { name: dispute.attachment.fileName })}
              </a>
            ) : (
              <span className="muted">{t("settlement.disputes.detail.none")}</span>
            )}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="disputed-line">
        <h2 id="disputed-line">{t("settlement.disputes.detail.line")}</h2>
        <LinesTable
          lines={[dispute.line]}
          currency="CNY"
          orderHref={(line) => (line.orderId ? `/orders/${line.orderId}` : null)}
          planHref={(planVersionId) => `/commission-plans/${planVersionId}`}
        />
      </section>

      {dispute.status !== "open" ? (
        <section className="card" aria-labelledby="dispute-resolution" data-field="resolution">
          <h2 id="dispute-resolution">{t("settlement.disputes.detail.resolution")}</h2>
          <dl className="details">
            <dt>{t("settlement.disputes.detail.status")}</dt>
            <dd>
              <DisputeStatusBadge status={dispute.status} />
            </dd>
            {dispute.adjustmentAmount !== null ? (
              <>
                <dt>{t("settlement.disputes.detail.adjustment")}</dt>
                <dd data-field="adjustmentAmount">
                  {money(dispute.adjustmentAmount)} <span className="muted small">{t("settlement.disputes.detail.adjustmentBooked", { key: dispute.adjustmentLineKey })}</span>
                </dd>
              </>
            ) : null}
            <dt>{t("settlement.disputes.detail.note")}</dt>
            <dd className="reason-cell" data-field="resolutionNote">
              {dispute.resolutionNote ?? <span className="muted">{t("settlement.disputes.detail.none")}</span>}
            </dd>
            <dt>{t("settlement.disputes.detail.resolvedBy")}</dt>
            <dd>{dispute.resolvedByName ?? "—"}</dd>
            <dt>{t("settlement.disputes.detail.resolvedAt")}</dt>
            <dd>
              <DateTime value={dispute.resolvedAt} />
            </dd>
          </dl>
        </section>
      ) : mayResolve ? (
        <div className="dispute-forms">
          <Form method="post" noValidate className="card" aria-labelledby="accept-title">
            <h2 id="accept-title">{t("settlement.disputes.accept.title")}</h2>
            <input type="hidden" name="intent" value="accept" />
            <FormField
              label={t("settlement.disputes.accept.amount")}
              name="amount"
              error={failedHere("accept", "amount")}
              hint={
                dispute.expectedAmount !== null
                  ? t("settlement.disputes.accept.amountHint", { expected: money(dispute.expectedAmount), current: money(dispute.line.amount) })
                  : t("settlement.disputes.accept.amountHintNoExpectation")
              }
              required
            >
              {(control) => <input {...control} inputMode="decimal" autoComplete="off" defaultValue={failure?.intent === "accept" ? failure.values.amount : ""} />}
            </FormField>
            <FormField label={t("settlement.disputes.accept.note")} name="acceptNote" error={failedHere("accept", "note")}>
              {(control) => <textarea {...control} maxLength={2000} defaultValue={failure?.intent === "accept" ? failure.values.acceptNote : ""} />}
            </FormField>
            <div className="actions">
              <button type="submit" className="primary" disabled={busy}>
                {t("settlement.disputes.accept.submit")}
              </button>
            </div>
          </Form>
          <Form method="post" noValidate className="card" aria-labelledby="reject-title">
            <h2 id="reject-title">{t("settlement.disputes.reject.title")}</h2>
            <input type="hidden" name="intent" value="reject" />
            <FormField label={t("settlement.disputes.reject.note")} name="rejectNote" error={failedHere("reject", "note")} hint={t("settlement.disputes.reject.noteHint")} required>
              {(control) => <textarea {...control} maxLength={2000} defaultValue={failure?.intent === "reject" ? failure.values.rejectNote : ""} />}
            </FormField>
            <div className="actions">
              <button type="submit" disabled={busy}>
                {t("settlement.disputes.reject.submit")}
              </button>
            </div>
          </Form>
        </div>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
