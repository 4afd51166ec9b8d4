import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useMoney } from "@qudao/ui/money";
import { ENTITLEMENT_STATUSES, type TEntitlementStatus } from "@qudao/core/schemas";
import { can } from "@qudao/core/server";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { DateTime, useDateFormat } from "~/components/date-time";
import { FormError, FormField } from "~/components/form-field";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { formText, throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { WaitAge } from "~/components/wait-age";
import styles from "~/entitlements.css?url";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "entitlements.meta.queue");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The queue's tabs: what waits for a decision, what waits to be issued (both oldest first), and everything. */
const VIEWS = ["requested", "approved", "all"] as const;
type View = (typeof VIEWS)[number];

const INTENTS = ["approve", "reject", "issue"] as const;
type Intent = (typeof INTENTS)[number];
const DONE = { approve: "approved", reject: "rejected", issue: "issued" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const view: View = VIEWS.find((v) => v === params.get("view")) ?? "requested";
  const status = view === "all" ? (ENTITLEMENT_STATUSES.find((s) => s === params.get("status")) ?? null) : null;
  const partnerParam = params.get("partnerId") ?? "";
  const partnerId = UUID.test(partnerParam) ? partnerParam : "";
  const cursorParam = params.get("cursor") ?? "";
  const cursor = UUID.test(cursorParam) ? cursorParam : undefined;
  try {
    const [page, partners] = await Promise.all([
      caller.entitlements.list({
        ...(view === "all" ? { order: "newest" as const, ...(status ? { status } : {}) } : { status: view, order: "oldest" as const }),
        ...(partnerId ? { partnerId } : {}),
        ...(cursor ? { cursor } : {}),
      }),
      caller.partners.options(),
    ]);
    // Ages are measured here, once, so the server render and hydration print the same text. A request
    // waits from when it was made; an approved one waits to be issued from its approval.
    const now = Date.now();
    const items = page.items.map((e) => {
      const since = e.status === "approved" && e.decidedAt ? e.decidedAt : e.createdAt;
      return { ...e, ageMinutes: Math.max(0, Math.floor((now - since.getTime()) / 60_000)), waiting: e.status === "requested" || e.status === "approved" };
    });
    return json({ items, nextCursor: page.nextCursor, partners, view, filters: { status: status ?? "", partnerId }, mayDecide: can(actor, "entitlement:decide") });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const intent: Intent = INTENTS.find((i) => i === formText(form, "intent")) ?? "approve";
  const values = { id: formText(form, "id"), note: formText(form, "note"), reference: formText(form, "reference") };
  try {
    if (intent === "approve") await caller.entitlements.approve({ id: values.id, note: values.note || null });
    else if (intent === "reject") await caller.entitlements.reject({ id: values.id, note: values.note });
    else await caller.entitlements.issue({ id: values.id, reference: values.reference || null });
    // Back to the same view and filters, saying what was done.
    const next = new URL(request.url);
    next.searchParams.set("done", DONE[intent]);
    return redirect(`${next.pathname}?${next.searchParams.toString()}`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ intent, ...body, values }, { status });
  }
}

function Done() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const done = (["approved", "rejected", "issued"] as const).find((d) => d === params.get("done"));
  if (!done) return null;
  return (
    <p role="status" className="notice">
      {t(`entitlements.queue.notices.${done}`)}
    </p>
  );
}

export default function EntitlementQueue() {
  const { items, nextCursor, partners, view, filters, mayDecide } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const money = useMoney();
  const formatDate = useDateFormat();
  const searching = useNavigation().state === "loading";
  const viewLink = (v: View) => (v === "requested" ? "/entitlements" : `/entitlements?view=${v}`);
  return (
    <>
      <div className="page-head">
        <h1>{t("entitlements.queue.title")}</h1>
      </div>
      <p className="muted">{t("entitlements.queue.intro")}</p>
      <nav className="tabs" aria-label={t("entitlements.queue.views.label")}>
        {VIEWS.map((v) => (
          <Link key={v} to={viewLink(v)} aria-current={v === view ? "page" : undefined} className={v === view ? "active" : undefined}>
            {t(`entitlements.queue.views.${v}`)}
          </Link>
        ))}
      </nav>
      <p className="muted small">{t(`entitlements.queue.hints.${view}`)}</p>
      <Done />
      <Form method="get" className="toolbar" role="search">
        {view !== "requested" ? <input type="hidden" name="view" value={view} /> : null}
        <label>
          {t("entitlements.queue.partner")}
          <select name="partnerId" defaultValue={filters.partnerId}>
            <option value="">{t("entitlements.queue.anyPartner")}</option>
            {partners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        {view === "all" ? (
          <label>
            {t("entitlements.queue.status")}
            <select name="status" defaultValue={filters.status}>
              <option value="">{t("entitlements.queue.anyStatus")}</option>
              {ENTITLEMENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`entitlements.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="submit" disabled={searching}>
          {t("entitlements.queue.filter")}
        </button>
        {filters.partnerId || filters.status ? (
          <Link to={viewLink(view)} className="button">
            {t("entitlements.queue.reset")}
          </Link>
        ) : null}
      </Form>
      {items.length === 0 ? (
        <p className="empty">{t(`entitlements.queue.empty.${view}`)}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("entitlements.fields.customer")}</th>
                <th scope="col">{t("entitlements.fields.partner")}</th>
                <th scope="col">{t("entitlements.fields.benefit")}</th>
                <th scope="col">{t("entitlements.fields.reason")}</th>
                <th scope="col">{t("entitlements.fields.age")}</th>
                <th scope="col">{t("entitlements.fields.status")}</th>
                {mayDecide ? <th scope="col">{t("entitlements.fields.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((entitlement) => (
                <tr key={entitlement.id} data-entitlement-id={entitlement.id}>
                  <td>
                    <Link to={`/customers/${entitlement.customerId}`} className="strong">
                      {entitlement.customerName ?? entitlement.customerId}
                    </Link>
                  </td>
                  <td>
                    <Link to={`/partners/${entitlement.partnerId}`} className="partner-name">
                      {entitlement.partnerName ?? entitlement.partnerId}
                    </Link>
                    {entitlement.requestedByName ? <div className="small muted">{entitlement.requestedByName}</div> : null}
                  </td>
                  <td className="entitlement-value">
                    {t(`entitlements.type.${entitlement.type}`)}
                    <div className="strong">{money(entitlement.value)}</div>
                    <div className="small muted">{entitlement.period}</div>
                  </td>
                  <td className="notes">{entitlement.reason}</td>
                  <td className="nowrap" title={formatDate(entitlement.createdAt)} suppressHydrationWarning>
                    <WaitAge minutes={entitlement.ageMinutes} waiting={entitlement.waiting} />
                  </td>
                  <td>
                    <span className={`badge entitlement-${entitlement.status}`}>{t(`entitlements.status.${entitlement.status}`)}</span>
                    {entitlement.decisionNote ? <div className="small notes">{entitlement.decisionNote}</div> : null}
                    {entitlement.decidedByName && entitlement.decidedAt ? (
                      <div className="small muted">
                        {t("entitlements.queue.decidedBy", { name: entitlement.decidedByName })} · <DateTime value={entitlement.decidedAt} />
                      </div>
                    ) : null}
                    {entitlement.issuedAt ? (
                      <div className="small muted">
                        {entitlement.issuedByName ? `${t("entitlements.queue.issuedBy", { name: entitlement.issuedByName })} · ` : null}
                        <DateTime value={entitlement.issuedAt} />
                        {entitlement.issueReference ? <div>{t("entitlements.queue.referenceLine", { reference: entitlement.issueReference })}</div> : null}
                      </div>
                    ) : null}
                  </td>
                  {mayDecide ? (
                    <td>
                      <Actions id={entitlement.id} status={entitlement.status} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager nextCursor={nextCursor} />
    </>
  );
}

/** Approve (with an optional note) or reject (with the reason) a request; issue an approved one (with a reference). */
function Actions({ id, status }: { id: string; status: TEntitlementStatus }) {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("id") === id;
  const failed = result && result.values.id === id ? result : undefined;
  const failedFor = (intent: Intent) => (failed?.intent === intent ? failed : undefined);
  if (status !== "requested" && status !== "approved") return null;
  return (
    <div className="entitlement-actions">
      {status === "requested" ? (
        <>
          <details open={failedFor("approve") ? true : undefined}>
            <summary>{t("entitlements.queue.approve")}</summary>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="approve" />
              <input type="hidden" name="id" value={id} />
              <FormError error={failedFor("approve")?.error} fieldNames={["note"]} />
              <FormField label={t("entitlements.queue.approveNote")} name="note" error={failedFor("approve")?.error.fields.note}>
                {(control) => <textarea {...control} rows={2} maxLength={1000} defaultValue={failedFor("approve")?.values.note ?? ""} />}
              </FormField>
              <button type="submit" className="primary" disabled={busy}>
                {t("entitlements.queue.approveSubmit")}
              </button>
            </Form>
          </details>
          <details className="reject" open={failedFor("reject") ? true : undefined}>
            <summary>{t("entitlements.queue.reject")}</summary>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="reject" />
              <input type="hidden" name="id" value={id} />
              <FormError error={failedFor("reject")?.error} fieldNames={["note"]} />
              <FormField label={t("entitlements.queue.rejectNote")} name="note" error={failedFor("reject")?.error.fields.note} required>
                {(control) => <textarea {...control} rows={2} maxLength={1000} defaultValue={failedFor("reject")?.values.note ?? ""} />}
              </FormField>
              <button type="submit" className="danger" disabled={busy}>
                {t("entitlements.queue.rejectSubmit")}
              </button>
            </Form>
          </details>
        </>
      ) : (
        <details open={failedFor("issue") ? true : undefined}>
          <summary>{t("entitlements.queue.issue")}</summary>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="issue" />
            <input type="hidden" name="id" value={id} />
            <FormError error={failedFor("issue")?.error} fieldNames={["reference"]} />
            <FormField label={t("entitlements.queue.issueReference")} name="reference" error={failedFor("issue")?.error.fields.reference}>
              {(control) => <input {...control} type="text" maxLength={200} autoComplete="off" defaultValue={failedFor("issue")?.values.reference ?? ""} />}
            </FormField>
            <button type="submit" className="primary" disabled={busy}>
              {t("entitlements.queue.issueSubmit")}
            </button>
          </Form>
        </details>
      )}
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
