import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useMoney } from "@qudao/ui/money";
import { ENTITLEMENT_STATUSES } from "@qudao/core/schemas";
import { actionError, errorResponse, requireSignedIn } from "~/.server/request.server";
import { FormError } from "~/components/form-field";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import entitlementStyles from "~/entitlements.css?url";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "entitlements.meta.list");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: entitlementStyles }];

const PAGE_SIZE = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The partner's benefit requests and where they stand; core scopes them (a rep's own, the partner's for admins and managers). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const status = ENTITLEMENT_STATUSES.find((s) => s === params.get("status")) ?? "";
  const cursorParam = params.get("cursor") ?? "";
  const cursor = UUID.test(cursorParam) ? cursorParam : "";
  const page = await caller.entitlements
    .list({ limit: PAGE_SIZE, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) })
    .catch((error: unknown) => errorResponse(error, ctx));
  return json({
    filters: { status, cursor },
    items: page.items.map((e) => ({
      id: e.id,
      customerId: e.customerId,
      customerName: e.customerName,
      type: e.type,
      value: e.value,
      reason: e.reason,
      status: e.status,
      decisionNote: e.decisionNote,
      issueReference: e.issueReference,
      createdAt: e.createdAt,
      // Admins and managers see their reps' requests too: name who asked on those rows.
      requestedBy: e.requestedById !== actor.userId ? e.requestedByName : null,
    })),
    nextCursor: page.nextCursor,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const id = String(form.get("id") ?? "");
  try {
    await caller.entitlements.cancel({ id });
    return redirect(`/entitlements?cancelled=${id}`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ id, ...body }, { status });
  }
}

function listUrl(status: string, cursor?: string | null): string {
  const search = new URLSearchParams();
  if (status) search.set("status", status);
  if (cursor) search.set("cursor", cursor);
  const query = search.toString();
  return query ? `/entitlements?${query}` : "/entitlements";
}

export default function EntitlementList() {
  const { filters, items, nextCursor } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const format = useDateFormat();
  const money = useMoney();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const requested = params.get("requested");
  const cancelled = params.get("cancelled");
  const columns = {
    customer: t("entitlements.fields.customer"),
    benefit: t("entitlements.fields.benefit"),
    status: t("entitlements.fields.status"),
    reason: t("entitlements.fields.reason"),
    requestedAt: t("entitlements.fields.requestedAt"),
    actions: t("entitlements.fields.actions"),
  };
  return (
    <>
      <div className="page-head">
        <h1>{t("entitlements.portal.title")}</h1>
      </div>
      <p className="muted">{t("entitlements.portal.intro")}</p>
      {requested ? (
        <p className="notice" role="status">
          {t("entitlements.portal.requested")}
        </p>
      ) : null}
      {cancelled ? (
        <p className="notice" role="status">
          {t("entitlements.portal.cancelled")}
        </p>
      ) : null}
      <FormError message={result?.error.message} submission={result} />
      <Form method="get" className="toolbar toolbar-simple" aria-label={t("entitlements.fields.status")}>
        <label className="toolbar-status">
          <span className="visually-hidden">{t("entitlements.fields.status")}</span>
          <select name="status" defaultValue={filters.status}>
            <option value="">{t("entitlements.portal.allStatuses")}</option>
            {ENTITLEMENT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`entitlements.status.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={navigation.state === "loading"}>
          {t("entitlements.portal.filter")}
        </button>
        {filters.status ? (
          <Link to="/entitlements" className="button link-button">
            {t("entitlements.portal.reset")}
          </Link>
        ) : null}
      </Form>
      {items.length === 0 ? (
        filters.status || filters.cursor ? (
          <p className="empty">{t("entitlements.portal.emptyFiltered")}</p>
        ) : (
          <p className="empty">
            {t("entitlements.portal.empty")} <Link to="/customers">{t("entitlements.portal.toCustomers")}</Link>
          </p>
        )
      ) : (
        <table className="responsive-table">
          <thead>
            <tr>
              <th scope="col">{columns.customer}</th>
              <th scope="col">{columns.benefit}</th>
              <th scope="col">{columns.status}</th>
              <th scope="col">{columns.reason}</th>
              <th scope="col">{columns.requestedAt}</th>
              <th scope="col">{columns.actions}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((entitlement) => (
              <tr key={entitlement.id} id={`entitlement-${entitlement.id}`} data-entitlement-id={entitlement.id}>
                <td className="cell-title" data-label={columns.customer}>
                  {entitlement.customerName ? <Link to={`/customers/${entitlement.customerId}`}>{entitlement.customerName}</Link> : <span className="muted">—</span>}
                </td>
                <td data-label={columns.benefit}>
                  {t(`entitlements.type.${entitlement.type}`)} <span className="entitlement-value">{money(entitlement.value)}</span>
                </td>
                <td data-label={columns.status} data-field="status">
                  <span className={`badge entitlement-${entitlement.status}`}>{t(`entitlements.status.${entitlement.status}`)}</span>
                  {entitlement.decisionNote ? (
                    <span className={`entitlement-note ${entitlement.status}`}>
                      {t("entitlements.portal.decisionNote", { note: entitlement.decisionNote })}
                    </span>
                  ) : null}
                  {entitlement.issueReference ? <span className="entitlement-note">{t("entitlements.queue.referenceLine", { reference: entitlement.issueReference })}</span> : null}
                </td>
                <td data-label={columns.reason}>
                  <span className="entitlement-note">{entitlement.reason}</span>
                </td>
                <td data-label={columns.requestedAt}>
                  <time dateTime={entitlement.createdAt}>{format.date(entitlement.createdAt)}</time>
                  {entitlement.requestedBy ? <span className="held-by">{entitlement.requestedBy}</span> : null}
                </td>
                <td data-label={columns.actions}>
                  {entitlement.status === "requested" ? (
                    <Form method="post">
                      <input type="hidden" name="id" value={entitlement.id} />
                      <button type="submit" className="link-button" disabled={navigation.state === "submitting"}>
                        {t("entitlements.portal.cancel")}
                      </button>
                    </Form>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label={t("portal.leads.pagination")}>
        {filters.cursor ? (
          <Link to={listUrl(filters.status)} className="button">
            {t("common.actions.first")}
          </Link>
        ) : null}
        {nextCursor ? (
          <Link to={listUrl(filters.status, nextCursor)} className="button">
            {t("common.actions.next")}
          </Link>
        ) : null}
      </nav>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
