import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useMoney } from "@qudao/ui/money";
import { PluginColumnCells, PluginColumnHeads } from "@qudao/ui/plugin-columns";
import { pluginListColumns } from "@qudao/ui/plugin-columns.server";
import { ORDER_ATTRIBUTION_FILTERS } from "@qudao/core/schemas";
import { can } from "@qudao/core/server";
import { requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "orders.meta.list");
export const links: LinksFunction = () => pluginLinks();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Finance's view of the orders the platform's systems pushed; `?attribution=unattributed` is the work list. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const attribution = ORDER_ATTRIBUTION_FILTERS.find((a) => a === params.get("attribution")) ?? null;
  const partnerParam = params.get("partnerId") ?? "";
  const partnerId = UUID.test(partnerParam) ? partnerParam : "";
  const cursor = params.get("cursor") || undefined;
  try {
    const [page, partners] = await Promise.all([
      caller.orders.list({ ...(attribution ? { attribution } : {}), ...(partnerId ? { partnerId } : {}), ...(cursor ? { cursor } : {}) }),
      caller.partners.options(),
    ]);
    // Plugin fields the installed plugins show as order columns.
    const plugins = await pluginListColumns(caller, actor, { surface: "platform", object: "order", locale: ctx.locale }, page.items);
    return json({ ...page, plugins, partners, filters: { attribution: attribution ?? "", partnerId }, canImport: can(actor, "order:write") });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export default function OrderList() {
  const { items, plugins, nextCursor, partners, filters, canImport } = useLoaderData<typeof loader>();
  const pluginApp = usePluginConventions();
  const { t } = useTranslation();
  const searching = useNavigation().state === "loading";
  const money = useMoney();
  return (
    <>
      <div className="page-head">
        <h1>{t("orders.page.title")}</h1>
        {canImport ? (
          <Link to="/orders/import" className="button">
            {t("orders.page.import")}
          </Link>
        ) : null}
      </div>
      <p className="muted">{t("orders.page.intro")}</p>
      <Form method="get" className="toolbar" role="search">
        <label>
          {t("orders.page.attribution")}
          <select name="attribution" defaultValue={filters.attribution}>
            <option value="">{t("orders.page.all")}</option>
            <option value="unattributed">{t("orders.page.unattributed")}</option>
            <option value="attributed">{t("orders.page.attributed")}</option>
          </select>
        </label>
        <label>
          {t("orders.page.partner")}
          <select name="partnerId" defaultValue={filters.partnerId}>
            <option value="">{t("orders.page.anyPartner")}</option>
            {partners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={searching}>
          {t("orders.page.show")}
        </button>
        {filters.attribution || filters.partnerId ? (
          <Link to="/orders" className="button">
            {t("common.actions.reset")}
          </Link>
        ) : null}
      </Form>
      {items.length === 0 ? (
        <p className="empty">{t("orders.page.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("orders.page.externalId")}</th>
                <th scope="col">{t("orders.page.customer")}</th>
                <th scope="col">{t("orders.page.orderedAt")}</th>
                <th scope="col" className="num">
                  {t("orders.page.total")}
                </th>
                <th scope="col" className="num">
                  {t("orders.page.refunded")}
                </th>
                <th scope="col">{t("orders.page.attribution")}</th>
                <PluginColumnHeads columns={plugins.columns} />
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
                  <td>
                    <Link to={`/customers/${order.customerId}`}>{order.customerName ?? t("orders.page.notVisible")}</Link>
                  </td>
                  <td className="nowrap">
                    <DateTime value={order.orderedAt} />
                  </td>
                  <td className="num">{money(order.total, order.currency)}</td>
                  <td className="num">{order.refundedTotal === "0.00" ? <span className="muted">—</span> : money(order.refundedTotal, order.currency)}</td>
                  <td>
                    {order.attributedPartnerId ? (
                      <Link to={`/partners/${order.attributedPartnerId}`} className="partner-name">
                        {order.attributedPartnerName ?? order.attributedPartnerId}
                      </Link>
                    ) : (
                      <>
                        <span className="badge unattributed">{t("orders.page.unattributed")}</span> <span className="muted">{order.attributionReason?.message}</span>
                      </>
                    )}
                  </td>
                  <PluginColumnCells columns={plugins.columns} values={order.customFields} titles={plugins.titles} app={pluginApp} />
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
