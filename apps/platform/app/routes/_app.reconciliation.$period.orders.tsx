import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { env } from "@qudao/core/server";
import { isPeriod, ORDER_ATTRIBUTION_FILTERS, periodBounds } from "@qudao/core/schemas";
import { useMoney } from "@qudao/ui/money";
import { requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reconciliation.meta.orders");

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The orders behind a reconciliation figure: GET /orders between the period's bounds (`?attribution=`, `?partnerId=`). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const period = params.period ?? "";
  if (!isPeriod(period)) throw new Response("", { status: 404 });
  const search = new URL(request.url).searchParams;
  const { start, end } = periodBounds(period, env().PLATFORM_TIMEZONE);
  const attribution = ORDER_ATTRIBUTION_FILTERS.find((a) => a === search.get("attribution")) ?? null;
  const partnerId = UUID.test(search.get("partnerId") ?? "") ? search.get("partnerId")! : null;
  const cursor = search.get("cursor");
  try {
    const page = await caller.orders.list({
      from: start.toISOString(),
      to: end.toISOString(),
      limit: 100,
      ...(attribution ? { attribution } : {}),
      ...(partnerId ? { partnerId } : {}),
      ...(cursor && UUID.test(cursor) ? { cursor } : {}),
    });
    return json({ period, attribution, ...page });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export default function ReconciliationOrdersPage() {
  const { period, attribution, items, nextCursor } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const money = useMoney();
  return (
    <>
      <div className="page-head">
        <h1>
          {t("reconciliation.lists.ordersTitle", { period })}
          {attribution ? ` · ${t(`reconciliation.filters.${attribution}`)}` : ""}
        </h1>
        <Link to={`/reconciliation?period=${period}`} className="button">
          {t("reconciliation.lists.back")}
        </Link>
      </div>
      {items.length === 0 ? (
        <p className="empty">{t("reconciliation.lists.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("reconciliation.columns.order")}</th>
                <th scope="col">{t("reconciliation.columns.customer")}</th>
                <th scope="col">{t("reconciliation.columns.at")}</th>
                <th scope="col" className="num">
                  {t("reconciliation.columns.total")}
                </th>
                <th scope="col">{t("reconciliation.columns.partner")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((order) => (
                <tr key={order.id} data-order-id={order.id}>
                  <td>
                    <Link to={`/orders/${order.id}`} className="strong">
                      {order.externalId}
                    </Link>
                  </td>
                  <td>{order.customerName ?? "—"}</td>
                  <td className="nowrap">
                    <DateTime value={order.orderedAt} />
                  </td>
                  <td className="num">{money(order.total, order.currency)}</td>
                  <td>
                    {order.attributedPartnerId ? (
                      <Link to={`/partners/${order.attributedPartnerId}`}>{order.attributedPartnerName ?? order.attributedPartnerId}</Link>
                    ) : (
                      <>
                        <span className="badge unattributed">{t("reconciliation.filters.unattributed")}</span> <span className="muted">{order.attributionReason?.message}</span>
                      </>
                    )}
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
