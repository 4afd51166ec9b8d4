import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useMoney } from "@qudao/ui/money";
import { LinesTable } from "@qudao/ui/statement-lines";
import statementStyles from "@qudao/ui/statements.css?url";
import { errorResponse, requireSignedIn } from "~/.server/request.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "statements.meta.order", { externalId: data?.order.externalId ?? "" });
export const links: LinksFunction = () => [{ rel: "stylesheet", href: statementStyles }];

/**
 * A statement line's drill-down: the order it comes from (items, refunds, net) and every line this
 * statement has for it. Both reads are scoped by core: another partner's order or statement is 404.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const [statement, order] = await Promise.all([caller.statements.get({ id: params.id ?? "" }), caller.orders.get({ id: params.orderId ?? "" })]).catch((error: unknown) => errorResponse(error, ctx));
  return json({
    statement: { id: statement.id, period: statement.period, currency: statement.currency },
    lines: statement.lines.filter((line) => line.orderId === order.id),
    order,
  });
}

export default function StatementOrder() {
  const { statement, lines, order } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const format = useDateFormat();
  const formatMoney = useMoney();
  const money = (amount: string) => formatMoney(amount, order.currency);
  return (
    <>
      <div className="page-head">
        <h1>{t("statements.portal.order.title", { externalId: order.externalId })}</h1>
        <Link to={`/statements/${statement.id}`} className="button">
          {t("statements.portal.order.back", { period: statement.period })}
        </Link>
      </div>
      <dl className="detail-list card">
        <dt>{t("orders.page.orderedAt")}</dt>
        <dd>
          <time dateTime={order.orderedAt}>{format.dateTime(order.orderedAt)}</time>
        </dd>
        <dt>{t("orders.page.total")}</dt>
        <dd>{money(order.total)}</dd>
        <dt>{t("orders.page.refunded")}</dt>
        <dd>{money(order.refundedTotal)}</dd>
        <dt>{t("orders.page.net")}</dt>
        <dd data-field="net">{money(order.netTotal)}</dd>
      </dl>
      <section aria-labelledby="order-lines">
        <h2 id="order-lines">{t("statements.portal.order.lines")}</h2>
        <LinesTable lines={lines} currency={statement.currency} />
      </section>
      <section aria-labelledby="order-items">
        <h2 id="order-items">{t("orders.page.items")}</h2>
        <table className="responsive-table">
          <thead>
            <tr>
              <th scope="col">{t("orders.page.sku")}</th>
              <th scope="col">{t("orders.page.category")}</th>
              <th scope="col">{t("orders.page.quantity")}</th>
              <th scope="col">{t("orders.page.unitPrice")}</th>
              <th scope="col">{t("orders.page.amount")}</th>
            </tr>
          </thead>
          <tbody>
            {order.items.map((item) => (
              <tr key={item.id}>
                <td className="cell-title" data-label={t("orders.page.sku")}>
                  {item.sku}
                </td>
                <td data-label={t("orders.page.category")}>{item.category ?? <span className="muted">—</span>}</td>
                <td data-label={t("orders.page.quantity")}>{item.quantity}</td>
                <td data-label={t("orders.page.unitPrice")}>{money(item.unitPrice)}</td>
                <td data-label={t("orders.page.amount")}>{money(item.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="order-refunds">
        <h2 id="order-refunds">{t("orders.page.refunds")}</h2>
        {order.refunds.length === 0 ? (
          <p className="muted">{t("orders.page.noRefunds")}</p>
        ) : (
          <table className="responsive-table">
            <thead>
              <tr>
                <th scope="col">{t("orders.page.refundId")}</th>
                <th scope="col">{t("orders.page.refundedAt")}</th>
                <th scope="col">{t("orders.page.amount")}</th>
              </tr>
            </thead>
            <tbody>
              {order.refunds.map((refund) => (
                <tr key={refund.id}>
                  <td className="cell-title" data-label={t("orders.page.refundId")}>
                    {refund.externalId}
                  </td>
                  <td data-label={t("orders.page.refundedAt")}>
                    <time dateTime={refund.refundedAt}>{format.dateTime(refund.refundedAt)}</time>
                  </td>
                  <td data-label={t("orders.page.amount")}>{money(refund.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
