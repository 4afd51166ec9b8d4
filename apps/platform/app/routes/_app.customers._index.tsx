import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { Notice } from "~/components/notice";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { throwPublicError } from "~/components/public-error.server";
import { CustomerKind } from "~/components/registration-badges";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "platform.customers.title");

/** `?owner=` is a partner id, or "pool" for the public pool (公海). */
const POOL = "pool";

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const q = params.get("q")?.trim() ?? "";
  const owner = params.get("owner")?.trim() ?? "";
  const cursor = params.get("cursor") || undefined;
  try {
    const [page, partners] = await Promise.all([
      caller.customers.list({
        ...(q ? { q } : {}),
        // The list procedure takes its flags as query strings (REST and tRPC share one input schema).
        ...(owner === POOL ? { inPool: "true" } : owner ? { ownerPartnerId: owner } : {}),
        ...(cursor ? { cursor } : {}),
      }),
      caller.partners.options(),
    ]);
    return json({ ...page, partners, filters: { q, owner } });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export default function CustomerList() {
  const { items, nextCursor, partners, filters } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const searching = useNavigation().state === "loading";
  return (
    <>
      <div className="page-head">
        <h1>{t("platform.customers.title")}</h1>
      </div>
      <Notice />
      <Form method="get" className="toolbar" role="search">
        <label>
          {t("platform.customers.searchLabel")}
          <input type="search" name="q" defaultValue={filters.q} placeholder={t("platform.customers.searchPlaceholder")} />
        </label>
        <label>
          {t("platform.customers.ownerLabel")}
          <select name="owner" defaultValue={filters.owner}>
            <option value="">{t("platform.customers.anyOwner")}</option>
            <option value={POOL}>{t("platform.publicPool")}</option>
            {partners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={searching}>
          {t("common.actions.search")}
        </button>
        {filters.q || filters.owner ? (
          <Link to="/customers" className="button">
            {t("common.actions.reset")}
          </Link>
        ) : null}
      </Form>
      {items.length === 0 ? (
        <p className="empty">{t("platform.customers.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("platform.customers.columns.name")}</th>
                <th scope="col">{t("platform.customers.columns.kind")}</th>
                <th scope="col">{t("platform.customers.columns.city")}</th>
                <th scope="col">{t("platform.customers.columns.owner")}</th>
                <th scope="col">{t("platform.customers.columns.protectedUntil")}</th>
                <th scope="col">{t("platform.customers.columns.created")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((customer) => (
                <tr key={customer.id}>
                  <td>
                    <Link to={`/customers/${customer.id}`} className="strong">
                      {customer.name}
                    </Link>
                  </td>
                  <td>
                    <CustomerKind kind={customer.kind} />
                  </td>
                  <td>{customer.city ?? <span className="muted">—</span>}</td>
                  <td>
                    {customer.ownerPartnerId ? (
                      <Link to={`/partners/${customer.ownerPartnerId}`} className="partner-name">
                        {customer.ownerPartnerName}
                      </Link>
                    ) : (
                      <span className="badge pool">{t("platform.publicPool")}</span>
                    )}
                  </td>
                  <td className="nowrap">
                    <DateTime value={customer.protectedUntil} style="date" />
                  </td>
                  <td className="nowrap">
                    <DateTime value={customer.createdAt} style="date" />
                  </td>
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

export { RouteErrorBoundary as ErrorBoundary };
