import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useMoney } from "@qudao/ui/money";
import { PluginRecordPanels } from "@qudao/ui/plugin-panels";
import { pluginRecordPanels } from "@qudao/ui/plugin-panels.server";
import { requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { pageTitle } from "~/components/page-title";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "orders.meta.list", data?.order.externalId);
export const links: LinksFunction = () => pluginLinks();

/** One order: its items and refunds, and why it counts for whom (the ownership record it follows). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  try {
    const order = await caller.orders.get({ id: params.orderId ?? "" });
    const [customer, partner, plugins] = await Promise.all([
      caller.customers.get({ id: order.customerId }).catch(() => null),
      order.attributedPartnerId ? caller.partners.get({ id: order.attributedPartnerId }).catch(() => null) : Promise.resolve(null),
      // The installed plugins' panels on an order (their fields, their records about it).
      pluginRecordPanels(caller, actor, { surface: "platform", object: "order", id: order.id, locale: ctx.locale }),
    ]);
    return json({ order, customerName: customer?.name ?? null, partnerName: partner?.name ?? null, plugins });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export default function OrderDetail() {
  const { order, customerName, partnerName, plugins } = useLoaderData<typeof loader>();
  const pluginApp = usePluginConventions();
  const { t } = useTranslation();
  const format = useMoney();
  const money = (amount: string) => format(amount, order.currency);
  return (
    <>
      <div className="page-head">
        <h1>{t("orders.page.detailTitle", { externalId: order.externalId })}</h1>
        <Link to="/orders" className="button">
          {t("orders.page.back")}
        </Link>
      </div>
      <section className="card" aria-labelledby="order-overview">
        <h2 id="order-overview">{t("orders.page.attribution")}</h2>
        <dl className="details">
          <dt>{t("orders.page.customer")}</dt>
          <dd>
            <Link to={`/customers/${order.customerId}`}>{customerName ?? order.customerId}</Link>
            {order.sentCustomerId !== order.customerId ? (
              <div className="muted">
                {t("orders.page.sentCustomer")}: <code>{order.sentCustomerId}</code>
              </div>
            ) : null}
          </dd>
          <dt>{t("orders.page.orderedAt")}</dt>
          <dd>
            <DateTime value={order.orderedAt} />
          </dd>
          <dt>{t("orders.page.attribution")}</dt>
          <dd data-field="attribution">
            {order.attributedPartnerId ? (
              <Link to={`/partners/${order.attributedPartnerId}`}>{t("orders.page.attributedTo", { partner: partnerName ?? order.attributedPartnerId })}</Link>
            ) : (
              <>
                <span className="badge unattributed">{t("orders.page.unattributed")}</span> {order.attributionReason?.message}
              </>
            )}
          </dd>
          {order.attributionOwnershipId ? (
            <>
              <dt>{t("orders.page.ownershipRecord")}</dt>
              <dd>
                <code>{order.attributionOwnershipId}</code>
              </dd>
            </>
          ) : null}
          <dt>{t("orders.page.total")}</dt>
          <dd>{money(order.total)}</dd>
          <dt>{t("orders.page.refunded")}</dt>
          <dd>{money(order.refundedTotal)}</dd>
          <dt>{t("orders.page.net")}</dt>
          <dd data-field="net">{money(order.netTotal)}</dd>
          <dt>{t("orders.page.recordedAt")}</dt>
          <dd>
            <DateTime value={order.createdAt} />
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="order-items">
        <h2 id="order-items">{t("orders.page.items")}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("orders.page.sku")}</th>
                <th scope="col">{t("orders.page.category")}</th>
                <th scope="col" className="num">
                  {t("orders.page.quantity")}
                </th>
                <th scope="col" className="num">
                  {t("orders.page.unitPrice")}
                </th>
                <th scope="col" className="num">
                  {t("orders.page.amount")}
                </th>
              </tr>
            </thead>
            <tbody>
              {order.items.map((item) => (
                <tr key={item.id}>
                  <td>{item.sku}</td>
                  <td>{item.category}</td>
                  <td className="num">{item.quantity}</td>
                  <td className="num">{money(item.unitPrice)}</td>
                  <td className="num">{money(item.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="order-refunds">
        <h2 id="order-refunds">{t("orders.page.refunds")}</h2>
        {order.refunds.length === 0 ? (
          <p className="muted">{t("orders.page.noRefunds")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("orders.page.refundId")}</th>
                  <th scope="col">{t("orders.page.refundedAt")}</th>
                  <th scope="col" className="num">
                    {t("orders.page.amount")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {order.refunds.map((refund) => (
                  <tr key={refund.id}>
                    <td>{refund.externalId}</td>
                    <td>
                      <DateTime value={refund.refundedAt} />
                    </td>
                    <td className="num">{money(refund.amount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <PluginRecordPanels data={plugins} app={pluginApp} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
