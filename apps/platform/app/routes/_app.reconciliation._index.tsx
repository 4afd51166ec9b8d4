import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { env } from "@qudao/core/server";
import { isPeriod, periodOf, previousPeriod, type TDrill } from "@qudao/core/schemas";
import { ExportButtons } from "@qudao/ui/export-buttons";
import { useMoney } from "@qudao/ui/money";
import { requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { pageTitle } from "~/components/page-title";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import styles from "~/reconciliation.css?url";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reconciliation.meta.page");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** Finance's reconciliation of one period (by default the one that just closed, in the platform's time zone). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const asked = new URL(request.url).searchParams.get("period") ?? "";
  const period = isPeriod(asked) ? asked : previousPeriod(periodOf(new Date(), env().PLATFORM_TIMEZONE));
  try {
    return json({ period, summary: await caller.reconciliation.get({ period }) });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

/** Where a figure's `drill` leads: the period's orders, or its lines (and finding lists). */
function drillHref(period: string, drill: TDrill): string {
  const query = new URLSearchParams(drill.query).toString();
  const path = drill.list === "orders" ? `/reconciliation/${period}/orders` : `/reconciliation/${period}/lines`;
  return query ? `${path}?${query}` : path;
}

type FigureView = { count: number; amount: string; drill: TDrill };

function FigureRow({ label, figure, period, currency, total = false }: { label: string; figure: FigureView; period: string; currency: string; total?: boolean }) {
  const { t } = useTranslation();
  const money = useMoney();
  return (
    <tr className={total ? "total" : undefined}>
      <th scope="row">{label}</th>
      <td className="num">{t("reconciliation.page.rows", { count: figure.count })}</td>
      <td className="num">
        <Link to={drillHref(period, figure.drill)} title={t("reconciliation.page.drill")}>
          {money(figure.amount, currency)}
        </Link>
      </td>
    </tr>
  );
}

function FigureCard({ title, id, children }: { title: string; id: string; children: React.ReactNode }) {
  return (
    <section className="card" aria-labelledby={id} data-section={id}>
      <h2 id={id}>{title}</h2>
      <table>
        <tbody>{children}</tbody>
      </table>
    </section>
  );
}

export default function ReconciliationPage() {
  const { period, summary } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const money = useMoney();
  const busy = useNavigation().state === "loading";
  const { currency } = summary;
  const f = (key: string) => t(`reconciliation.figures.${key}`);
  return (
    <>
      <div className="page-head">
        <h1>{t("reconciliation.page.title")}</h1>
        <ExportButtons entity="reconciliation" filter={{ period }} />
      </div>
      <p className="muted">{t("reconciliation.page.intro")}</p>
      <Form method="get" className="toolbar">
        <label>
          {t("reconciliation.page.period")}
          <input type="month" name="period" defaultValue={period} required />
        </label>
        <button type="submit" disabled={busy}>
          {t("reconciliation.page.show")}
        </button>
      </Form>
      <p className="muted" data-field="range">
        {t("reconciliation.page.range", { period: summary.period, timeZone: summary.timeZone })} · <DateTime value={summary.from} /> — <DateTime value={summary.to} />
      </p>
      {summary.findings > 0 ? (
        <p className="form-error" role="alert" data-field="findings">
          {t("reconciliation.page.findings", { count: summary.findings })}
        </p>
      ) : (
        <p className="notice" role="status" data-field="findings">
          {t("reconciliation.page.noFindings")}
        </p>
      )}

      <div className="figure-grid">
        <FigureCard title={t("reconciliation.sections.orders")} id="orders">
          <FigureRow label={f("orders.all")} figure={summary.orders.all} period={period} currency={currency} total />
          <FigureRow label={f("orders.attributed")} figure={summary.orders.attributed} period={period} currency={currency} />
          <FigureRow label={f("orders.unattributed")} figure={summary.orders.unattributed} period={period} currency={currency} />
        </FigureCard>
        <FigureCard title={t("reconciliation.sections.refunds")} id="refunds">
          <FigureRow label={f("refunds.all")} figure={summary.refunds.all} period={period} currency={currency} total />
          <FigureRow label={f("refunds.attributed")} figure={summary.refunds.attributed} period={period} currency={currency} />
          <FigureRow label={f("refunds.unattributed")} figure={summary.refunds.unattributed} period={period} currency={currency} />
        </FigureCard>
        <FigureCard title={t("reconciliation.sections.lines")} id="lines">
          {(["earn", "clawback", "bonus", "cap", "adjustment"] as const).map((kind) => (
            <FigureRow key={kind} label={f(`lines.${kind}`)} figure={summary.lines[kind]} period={period} currency={currency} />
          ))}
          <FigureRow label={f("lines.total")} figure={summary.lines.total} period={period} currency={currency} total />
          <tr>
            <th scope="row" title={t("reconciliation.page.earnBaseHint")}>
              {f("earnBase")}
            </th>
            <td />
            <td className="num" data-field="earnBase">
              {summary.earnBase}
            </td>
          </tr>
        </FigureCard>
        <FigureCard title={t("reconciliation.sections.statements")} id="statements">
          {summary.statements.byStatus.map((status) => (
            <FigureRow key={status.status} label={t(`reconciliation.status.${status.status}`)} figure={status} period={period} currency={currency} />
          ))}
          <FigureRow label={f("statements.total")} figure={summary.statements.total} period={period} currency={currency} total />
        </FigureCard>
        <FigureCard title={t("reconciliation.sections.payouts")} id="payouts">
          <FigureRow label={f("payouts.approved")} figure={summary.payouts.approved} period={period} currency={currency} />
          <FigureRow label={f("payouts.paid")} figure={summary.payouts.paid} period={period} currency={currency} />
          <tr className="total">
            <th scope="row" title={t("reconciliation.page.outstandingHint")}>
              {f("payouts.outstanding")}
            </th>
            <td />
            <td className="num" data-field="outstanding">
              {money(summary.payouts.outstanding, currency)}
            </td>
          </tr>
        </FigureCard>
      </div>

      <section className="card" aria-labelledby="checks">
        <h2 id="checks">{t("reconciliation.page.checksTitle")}</h2>
        <div className="table-wrap">
          <table className="checks">
            <thead>
              <tr>
                <th scope="col">{t("reconciliation.sections.checks")}</th>
                <th scope="col" className="num">
                  {t("reconciliation.page.expected")}
                </th>
                <th scope="col" className="num">
                  {t("reconciliation.page.actual")}
                </th>
                <th scope="col" className="num">
                  {t("reconciliation.page.difference")}
                </th>
                <th scope="col">{t("reconciliation.export.columns.result")}</th>
              </tr>
            </thead>
            <tbody>
              {summary.checks.flatMap((check) => [
                <tr key={check.code} className={check.ok ? undefined : "finding"} data-check={check.code} data-ok={check.ok}>
                  <th scope="row">
                    {check.count > 0 ? <Link to={drillHref(period, check.drill)}>{check.title}</Link> : check.title}
                  </th>
                  <td className="num">{check.expected}</td>
                  <td className="num">{check.actual}</td>
                  <td className="num difference">{check.difference}</td>
                  <td>{check.ok ? t("reconciliation.result.ok") : <span className="finding-text">{t("reconciliation.result.finding")}</span>}</td>
                </tr>,
                <tr key={`${check.code}-detail`} className="check-detail" data-check-detail={check.code}>
                  <td colSpan={5}>
                    <span className={check.ok ? "muted" : "finding-text"}>{check.explanation}</span>
                    {check.reasons.length > 0 || check.parts.some((p) => p.amount !== "0.00" && p.code !== "rounding") ? (
                      <ul>
                        {check.reasons.map((reason) => (
                          <li key={reason.code}>
                            <Link to={drillHref(period, reason.drill)}>{reason.message}</Link> · {t("reconciliation.page.rows", { count: reason.count })} · {reason.amount}
                          </li>
                        ))}
                        {check.parts
                          .filter((part) => part.amount !== "0.00" && part.code !== "rounding")
                          .map((part) => (
                            <li key={part.code}>
                              {part.drill ? <Link to={drillHref(period, part.drill)}>{part.label}</Link> : part.label} · {part.amount}
                            </li>
                          ))}
                      </ul>
                    ) : null}
                  </td>
                </tr>,
              ])}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
