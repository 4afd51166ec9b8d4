import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useMoney } from "@qudao/ui/money";
import { PluginColumnCells, PluginColumnHeads } from "@qudao/ui/plugin-columns";
import { pluginListColumns } from "@qudao/ui/plugin-columns.server";
import { errorResponse, requireSignedIn } from "~/.server/request.server";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "orders.meta.list");
export const links: LinksFunction = () => pluginLinks();

/** The orders the platform counts for this partner (its commission base); admins and managers only. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const cursor = new URL(request.url).searchParams.get("cursor") ?? "";
  const page = await caller.orders.list({ limit: 50, ...(cursor ? { cursor } : {}) }).catch((error: unknown) => errorResponse(error, ctx));
  // Plugin fields the installed plugins show as order columns.
  const plugins = await pluginListColumns(caller, actor, { surface: "portal", object: "order", locale: ctx.locale }, page.items).catch((error: unknown) => errorResponse(error, ctx));
  return json({ items: page.items, plugins, nextCursor: page.nextCursor });
}

export default function PartnerOrders() {
  const { items, plugins, nextCursor } = useLoaderData<typeof loader>();
  const pluginApp = usePluginConventions();
  const { t } = useTranslation();
  const format = useDateFormat();
  const money = useMoney();
  const columns = {
    externalId: t("orders.page.externalId"),
    customer: t("orders.page.customer"),
    orderedAt: t("orders.page.orderedAt"),
    total: t("orders.page.total"),
    refunded: t("orders.page.refunded"),
    net: t("orders.page.net"),
  };
  return (
    <>
      <div className="page-head">
        <h1>{t("orders.page.title")}</h1>
      </div>
      <p className="muted">{t("orders.portal.intro")}</p>
      {items.length === 0 ? (
        <p className="empty">{t("orders.page.empty")}</p>
      ) : (
        <table className="responsive-table">
          <thead>
            <tr>
              <th scope="col">{columns.externalId}</th>
              <th scope="col">{columns.customer}</th>
              <th scope="col">{columns.orderedAt}</th>
              <th scope="col">{columns.total}</th>
              <th scope="col">{columns.refunded}</th>
              <th scope="col">{columns.net}</th>
              <PluginColumnHeads columns={plugins.columns} />
            </tr>
          </thead>
          <tbody>
            {items.map((order) => (
              <tr key={order.id} data-order-id={order.id}>
                <td className="cell-title" data-label={columns.externalId}>
                  {order.externalId}
                </td>
                <td data-label={columns.customer}>{order.customerName ? <Link to={`/customers/${order.customerId}`}>{order.customerName}</Link> : <span className="muted">{t("orders.page.notVisible")}</span>}</td>
                <td data-label={columns.orderedAt}>
                  <time dateTime={order.orderedAt}>{format.dateTime(order.orderedAt)}</time>
                </td>
                <td data-label={columns.total}>{money(order.total, order.currency)}</td>
                <td data-label={columns.refunded}>{order.refundedTotal === "0.00" ? <span className="muted">—</span> : money(order.refundedTotal, order.currency)}</td>
                <td data-label={columns.net} data-field="net">
                  {money(order.netTotal, order.currency)}
                </td>
                <PluginColumnCells columns={plugins.columns} values={order.customFields} titles={plugins.titles} app={pluginApp} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor ? (
        <p>
          <Link to={`/orders?cursor=${nextCursor}`} className="button">
            {t("orders.page.more")}
          </Link>
        </p>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
