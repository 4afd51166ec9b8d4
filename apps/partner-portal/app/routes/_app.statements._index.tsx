import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { previousPeriod } from "@qudao/core/schemas";
import { EarningsChart, type EarningsPoint } from "@qudao/ui/earnings-chart";
import { useMoney } from "@qudao/ui/money";
import { LINE_KINDS, StatementStatusBadge } from "@qudao/ui/statement-lines";
import statementStyles from "@qudao/ui/statements.css?url";
import { errorResponse, requireSignedIn } from "~/.server/request.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "statements.meta.list");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: statementStyles }];

const CHART_PERIODS = 12;

/**
 * The partner's statements (admins and managers; a rep gets the 403 page from core), its monthly
 * earnings over the twelve periods up to its latest statement, and the payouts it received.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const cursor = new URL(request.url).searchParams.get("cursor") ?? "";
  const [page, payouts] = await Promise.all([caller.statements.list({ limit: 100, ...(cursor ? { cursor } : {}) }), caller.payouts.list({ limit: 50 })]).catch((error: unknown) =>
    errorResponse(error, ctx)
  );
  const statements = [...page.items].sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0));
  // One statement per period; the chart ends at the latest one, so an older history still shows.
  const totals = new Map(statements.map((s) => [s.period, s.total]));
  const chart: EarningsPoint[] = [];
  for (let period = statements[0]?.period ?? null; period && chart.length < CHART_PERIODS; period = previousPeriod(period)) chart.unshift({ period, total: totals.get(period) ?? null });
  return json({ statements, nextCursor: page.nextCursor, chart, currency: statements[0]?.currency ?? "CNY", payouts: payouts.items });
}

export default function PartnerStatements() {
  const { statements, nextCursor, chart, currency, payouts } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const money = useMoney();
  const format = useDateFormat();
  const columns = {
    period: t("statements.columns.period"),
    status: t("statements.columns.status"),
    total: t("statements.columns.total"),
    paid: t("statements.columns.paid"),
  };
  return (
    <>
      <div className="page-head">
        <h1>{t("statements.portal.title")}</h1>
      </div>
      <p className="muted">{t("statements.portal.intro")}</p>
      <section className="card" aria-labelledby="earnings-title">
        <h2 id="earnings-title" className="card-title">
          {t("statements.portal.chart.title")}
        </h2>
        {chart.length === 0 ? (
          <p className="muted">{t("statements.portal.chart.empty")}</p>
        ) : (
          <EarningsChart points={chart} currency={currency} caption={t("statements.portal.chart.caption", { from: chart[0]!.period, to: chart.at(-1)!.period })} />
        )}
      </section>
      <section aria-labelledby="statements-title">
        <h2 id="statements-title">{t("statements.portal.list")}</h2>
        {statements.length === 0 ? (
          <p className="empty">{t("statements.portal.empty")}</p>
        ) : (
          <table className="responsive-table">
            <thead>
              <tr>
                <th scope="col">{columns.period}</th>
                <th scope="col">{columns.status}</th>
                {LINE_KINDS.map((kind) => (
                  <th key={kind} scope="col">
                    {t(`statements.kind.${kind}`)}
                  </th>
                ))}
                <th scope="col">{columns.total}</th>
                <th scope="col">{columns.paid}</th>
              </tr>
            </thead>
            <tbody>
              {statements.map((s) => (
                <tr key={s.id} data-statement-id={s.id} data-period={s.period}>
                  <td className="cell-title" data-label={columns.period}>
                    <Link to={`/statements/${s.id}`}>{t("statements.portal.detailTitle", { period: s.period })}</Link>
                  </td>
                  <td data-label={columns.status}>
                    <StatementStatusBadge status={s.status} />
                  </td>
                  {LINE_KINDS.map((kind) => (
                    <td key={kind} data-label={t(`statements.kind.${kind}`)}>
                      {money(s[`${kind}Total`], s.currency)}
                    </td>
                  ))}
                  <td data-label={columns.total} data-field="total">
                    <strong>{money(s.total, s.currency)}</strong>
                  </td>
                  <td data-label={columns.paid}>{money(s.paidAmount, s.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {nextCursor ? (
          <p>
            <Link to={`/statements?cursor=${nextCursor}`} className="button">
              {t("orders.page.more")}
            </Link>
          </p>
        ) : null}
      </section>
      <section aria-labelledby="payouts-title">
        <h2 id="payouts-title">{t("statements.portal.payouts.title")}</h2>
        {payouts.length === 0 ? (
          <p className="empty">{t("statements.portal.payouts.empty")}</p>
        ) : (
          <table className="responsive-table">
            <thead>
              <tr>
                <th scope="col">{t("statements.portal.payouts.paidOn")}</th>
                <th scope="col">{t("statements.portal.payouts.period")}</th>
                <th scope="col">{t("statements.portal.payouts.amount")}</th>
                <th scope="col">{t("statements.portal.payouts.reference")}</th>
                <th scope="col">{t("statements.portal.payouts.note")}</th>
              </tr>
            </thead>
            <tbody>
              {payouts.map((payout) => (
                <tr key={payout.id} data-payout-id={payout.id}>
                  <td className="cell-title" data-label={t("statements.portal.payouts.paidOn")}>
                    {/* A calendar date (YYYY-MM-DD), not an instant: no time zone to apply. */}
                    <time dateTime={payout.paidOn}>{format.date(`${payout.paidOn}T12:00:00Z`)}</time>
                  </td>
                  <td data-label={t("statements.portal.payouts.period")}>
                    <Link to={`/statements/${payout.statementId}`}>{payout.period}</Link>
                  </td>
                  <td data-label={t("statements.portal.payouts.amount")}>{money(payout.amount, currency)}</td>
                  <td data-label={t("statements.portal.payouts.reference")}>{payout.reference}</td>
                  <td data-label={t("statements.portal.payouts.note")}>{payout.note ?? <span className="muted">—</span>}</td>
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
