import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { errorResponse, requireSignedIn } from "~/.server/request.server";
import { ForecastChart } from "~/components/opportunities/forecast-chart";
import { useMoney } from "~/components/opportunities/format";
import { filterInput, filterSearch, readFilters } from "~/components/opportunities/params";
import { OpportunityViews } from "~/components/opportunities/views-nav";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";
import styles from "~/opportunities.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opportunities.meta.forecast");

const MONTH_CHOICES = [3, 6, 12] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const filters = readFilters(params);
  const monthsParam = Number(params.get("months") ?? 6);
  const months = (MONTH_CHOICES as readonly number[]).includes(monthsParam) ? monthsParam : 6;
  const [forecast, partners] = await Promise.all([
    caller.opportunities.forecast({ ...filterInput(filters), months }),
    caller.opportunities.partners(),
  ]).catch((error: unknown) => errorResponse(error, ctx));
  return json({ forecast, filters, months, partners });
}

export default function Forecast() {
  const { forecast, filters, months, partners } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const money = useMoney();
  return (
    <>
      <div className="page-head">
        <h1>{t("opportunities.forecast.title")}</h1>
        <Link to="/opportunities/new" className="button primary">
          {t("opportunities.board.new")}
        </Link>
      </div>
      <OpportunityViews search={filterSearch({ partnerId: filters.partnerId, ownerId: filters.ownerId })} />
      <p className="muted">{t("opportunities.forecast.intro")}</p>
      <Form method="get" className="toolbar board-filters">
        <label>
          <span className="visually-hidden">{t("opportunities.forecast.months")}</span>
          <select name="months" defaultValue={String(months)} aria-label={t("opportunities.forecast.months")}>
            {MONTH_CHOICES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        {partners.length > 1 ? (
          <label>
            <span className="visually-hidden">{t("opportunities.board.partner")}</span>
            <select name="partnerId" defaultValue={filters.partnerId} aria-label={t("opportunities.board.partner")}>
              <option value="">{t("opportunities.board.allPartners")}</option>
              {partners.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="submit">{t("opportunities.forecast.apply")}</button>
      </Form>
      <section className="card" aria-label={t("opportunities.forecast.title")}>
        <ForecastChart months={forecast.months} />
        <dl className="forecast-extra">
          <div>
            <dt className="muted">{t("opportunities.forecast.total")} · {t("opportunities.forecast.weighted")}</dt>
            <dd data-field="total-weighted">{money(forecast.totals.weightedAmount)}</dd>
          </div>
          <div>
            <dt className="muted">{t("opportunities.forecast.total")} · {t("opportunities.forecast.won")}</dt>
            <dd data-field="total-won">{money(forecast.totals.wonAmount)}</dd>
          </div>
          <div>
            <dt className="muted">{t("opportunities.forecast.overdue")}</dt>
            <dd>
              {forecast.overdue.openCount} · {money(forecast.overdue.openAmount)}
            </dd>
          </div>
          <div>
            <dt className="muted">{t("opportunities.forecast.undated")}</dt>
            <dd>
              {forecast.undated.openCount} · {money(forecast.undated.openAmount)}
            </dd>
          </div>
        </dl>
      </section>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
