import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { actionError, errorResponse, flashCookie, requireSignedIn } from "~/.server/request.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "portal.meta.pool");

const PAGE_SIZE = 20;

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const q = (params.get("q") ?? "").trim().slice(0, 100);
  const city = (params.get("city") ?? "").trim().slice(0, 50);
  const cursor = params.get("cursor") ?? "";
  // Pool entries carry no contact data: name, kind and city are all a partner sees before claiming.
  const page = await caller.pool
    .list({ limit: PAGE_SIZE, ...(q ? { q } : {}), ...(city ? { city } : {}), ...(cursor ? { cursor } : {}) })
    .catch((error: unknown) => errorResponse(error, ctx));
  return json({ filters: { q, city, cursor }, items: page.items, nextCursor: page.nextCursor, claimsLeft: page.claimsLeft });
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const id = String(form.get("id") ?? "");
  try {
    const customer = await caller.pool.claim({ id });
    return redirect(`/customers/${customer.id}`, { headers: { "Set-Cookie": flashCookie(request, "customerClaimed", customer.id) } });
  } catch (error) {
    // POOL_CLAIM_CAP_REACHED, NOT_IN_POOL (someone was faster): translated, at the top of the page.
    const { body, status } = actionError(error, ctx);
    return json(body, { status });
  }
}

function poolUrl(filters: { q: string; city: string }, cursor?: string | null): string {
  const search = new URLSearchParams();
  if (filters.q) search.set("q", filters.q);
  if (filters.city) search.set("city", filters.city);
  if (cursor) search.set("cursor", cursor);
  const query = search.toString();
  return query ? `/pool?${query}` : "/pool";
}

export default function Pool() {
  const { filters, items, nextCursor, claimsLeft } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const format = useDateFormat();
  const navigation = useNavigation();
  const searching = navigation.state === "loading" && navigation.formMethod !== "POST";
  const claiming = navigation.state !== "idle" && navigation.formMethod === "POST" ? String(navigation.formData?.get("id") ?? "") : null;
  const alert = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result?.error) alert.current?.focus();
  }, [result]);
  const filtered = Boolean(filters.q || filters.city);
  const usedUp = claimsLeft !== null && claimsLeft <= 0;
  const columns = {
    name: t("portal.pool.columns.name"),
    kind: t("portal.pool.columns.kind"),
    city: t("portal.pool.columns.city"),
    inPoolSince: t("portal.pool.columns.inPoolSince"),
    action: t("portal.pool.columns.action"),
  };
  return (
    <>
      <div className="page-head">
        <h1>{t("portal.pool.title")}</h1>
        {claimsLeft !== null ? (
          <span className={usedUp ? "claims-left used-up" : "claims-left"}>{t("portal.pool.claimsLeft", { count: claimsLeft })}</span>
        ) : null}
      </div>
      <p className="muted">{t("portal.pool.intro")}</p>
      {result?.error ? (
        <div role="alert" className="form-error" tabIndex={-1} ref={alert}>
          {result.error.message}
        </div>
      ) : null}
      {usedUp ? <p className="notice warn">{t("portal.pool.claimsUsedUp")}</p> : null}
      <Form method="get" className="toolbar toolbar-pool" role="search" aria-label={t("portal.pool.search")}>
        <label className="toolbar-search">
          <span className="visually-hidden">{t("portal.pool.name")}</span>
          <input type="search" name="q" defaultValue={filters.q} placeholder={t("portal.pool.name")} maxLength={100} enterKeyHint="search" />
        </label>
        <label>
          <span className="visually-hidden">{t("portal.pool.city")}</span>
          <input type="search" name="city" defaultValue={filters.city} placeholder={t("portal.pool.city")} maxLength={50} enterKeyHint="search" />
        </label>
        <button type="submit" disabled={searching}>
          {t("common.actions.search")}
        </button>
        {filtered ? (
          <Link to="/pool" className="button link-button">
            {t("common.actions.reset")}
          </Link>
        ) : null}
      </Form>
      {items.length === 0 ? (
        <p className="empty">{filtered || filters.cursor ? t("portal.pool.emptyFiltered") : t("portal.pool.empty")}</p>
      ) : (
        <table className="responsive-table">
          <thead>
            <tr>
              <th scope="col">{columns.name}</th>
              <th scope="col">{columns.kind}</th>
              <th scope="col">{columns.city}</th>
              <th scope="col">{columns.inPoolSince}</th>
              <th scope="col">
                <span className="visually-hidden">{columns.action}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((customer) => (
              <tr key={customer.id}>
                <td className="cell-title" data-label={columns.name}>
                  <span className="cell-title-text">{customer.name}</span>
                </td>
                <td data-label={columns.kind}>{t(`portal.customerKind.${customer.kind}`)}</td>
                <td data-label={columns.city}>{customer.city ?? <span className="muted">{t("common.none")}</span>}</td>
                <td data-label={columns.inPoolSince}>
                  {customer.inPoolSince ? (
                    <time dateTime={customer.inPoolSince}>{format.date(customer.inPoolSince)}</time>
                  ) : (
                    <span className="muted">{t("portal.pool.sinceUnknown")}</span>
                  )}
                </td>
                <td className="cell-actions">
                  <Form method="post">
                    <input type="hidden" name="id" value={customer.id} />
                    <button
                      type="submit"
                      className="primary"
                      disabled={usedUp || claiming !== null}
                      aria-label={t("portal.pool.claimNamed", { name: customer.name })}
                    >
                      {claiming === customer.id ? t("common.loading") : t("portal.pool.claim")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label={t("portal.leads.pagination")}>
        {filters.cursor ? (
          <Link to={poolUrl(filters)} className="button">
            {t("common.actions.first")}
          </Link>
        ) : null}
        {nextCursor ? (
          <Link to={poolUrl(filters, nextCursor)} className="button">
            {t("common.actions.next")}
          </Link>
        ) : null}
        <span className="muted pager-hint">{t("portal.pool.pageHint", { count: PAGE_SIZE })}</span>
      </nav>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
