import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { errorResponse, requireSignedIn, takeFlash } from "~/.server/request.server";
import { CustomerSections } from "~/components/customer-sections";
import { Protection } from "~/components/protection";
import { RouteErrorBoundary } from "~/components/route-error";
import { useLifecycleStage } from "~/components/lifecycle-stage";
import { pageTitle } from "~/i18n";
import { displayPhone } from "~/phone-format";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "portal.meta.customers");

const PAGE_SIZE = 20;

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const q = (params.get("q") ?? "").trim().slice(0, 100);
  const cursor = params.get("cursor") ?? "";
  // Core scopes the list: customers this partner (or its sub-dealers) owns or holds a live registration on.
  const page = await caller.customers
    .list({ limit: PAGE_SIZE, ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) })
    .catch((error: unknown) => errorResponse(error, ctx));
  const { flash, headers } = takeFlash(request);
  return json(
    {
      filters: { q, cursor },
      items: page.items.map((customer) => ({
        id: customer.id,
        name: customer.name,
        kind: customer.kind,
        city: customer.city,
        phone: customer.phone,
        protectedUntil: customer.protectedUntil,
        lifecycleStage: customer.lifecycleStage,
        // A distributor's list also holds its sub-dealers' customers: name the sub-dealer on those rows.
        heldBy: customer.partnerId && customer.partnerId !== actor.partnerId ? (customer.partnerName ?? null) : null,
      })),
      nextCursor: page.nextCursor,
      released: flash?.kind === "customerReleased",
      now: new Date().toISOString(),
    },
    { headers }
  );
}

function customersUrl(q: string, cursor?: string | null): string {
  const search = new URLSearchParams();
  if (q) search.set("q", q);
  if (cursor) search.set("cursor", cursor);
  const query = search.toString();
  return query ? `/customers?${query}` : "/customers";
}

export default function CustomerList() {
  const { filters, items, nextCursor, released, now } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const stage = useLifecycleStage();
  const searching = useNavigation().state === "loading";
  const columns = {
    name: t("portal.customers.columns.name"),
    kind: t("portal.customers.columns.kind"),
    city: t("portal.customers.columns.city"),
    phone: t("portal.customers.columns.phone"),
    protection: t("portal.customers.columns.protection"),
    lifecycle: t("portal.customers.columns.lifecycle"),
  };
  return (
    <>
      <div className="page-head">
        <h1>{t("portal.customers.title")}</h1>
        <Link to="/registrations/new" className="button primary">
          {t("portal.customers.register")}
        </Link>
      </div>
      <CustomerSections />
      {released ? (
        <p className="notice" role="status">
          {t("portal.customers.released")}
        </p>
      ) : null}
      <Form method="get" className="toolbar toolbar-simple" role="search" aria-label={t("portal.customers.search")}>
        <label className="toolbar-search">
          <span className="visually-hidden">{t("portal.customers.search")}</span>
          <input
            type="search"
            name="q"
            defaultValue={filters.q}
            placeholder={t("portal.customers.searchPlaceholder")}
            maxLength={100}
            enterKeyHint="search"
          />
        </label>
        <button type="submit" disabled={searching}>
          {t("common.actions.search")}
        </button>
        {filters.q ? (
          <Link to="/customers" className="button link-button">
            {t("common.actions.reset")}
          </Link>
        ) : null}
      </Form>
      {items.length === 0 ? (
        <p className="empty">{filters.q || filters.cursor ? t("portal.customers.emptyFiltered") : t("portal.customers.empty")}</p>
      ) : (
        <table className="responsive-table">
          <thead>
            <tr>
              <th scope="col">{columns.name}</th>
              <th scope="col">{columns.kind}</th>
              <th scope="col">{columns.city}</th>
              <th scope="col">{columns.phone}</th>
              <th scope="col">{columns.protection}</th>
              <th scope="col">{columns.lifecycle}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((customer) => (
              <tr key={customer.id}>
                <td className="cell-title" data-label={columns.name}>
                  <Link to={`/customers/${customer.id}`}>{customer.name}</Link>
                  {customer.heldBy ? <span className="held-by">{t("portal.customers.bySubDealer", { partner: customer.heldBy })}</span> : null}
                </td>
                <td data-label={columns.kind}>{t(`portal.customerKind.${customer.kind}`)}</td>
                <td data-label={columns.city}>{customer.city ?? <span className="muted">{t("common.none")}</span>}</td>
                <td data-label={columns.phone}>
                  {customer.phone ? (
                    <a href={`tel:${customer.phone}`}>{displayPhone(customer.phone)}</a>
                  ) : (
                    <span className="muted">{t("common.none")}</span>
                  )}
                </td>
                <td data-label={columns.protection}>
                  <Protection until={customer.protectedUntil} now={now} />
                </td>
                <td data-label={columns.lifecycle}>
                  <span className="badge">{stage(customer.lifecycleStage)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label={t("portal.leads.pagination")}>
        {filters.cursor ? (
          <Link to={customersUrl(filters.q)} className="button">
            {t("common.actions.first")}
          </Link>
        ) : null}
        {nextCursor ? (
          <Link to={customersUrl(filters.q, nextCursor)} className="button">
            {t("common.actions.next")}
          </Link>
        ) : null}
        <span className="muted pager-hint">{t("portal.customers.pageHint", { count: PAGE_SIZE })}</span>
      </nav>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
