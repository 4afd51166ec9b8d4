import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PluginHomeWidgets } from "@qudao/ui/plugin-reports";
import { pluginHomeWidgets } from "@qudao/ui/plugin-reports.server";
import reportStyles from "@qudao/ui/plugin-reports.css?url";
import { errorResponse, requireSignedIn } from "~/.server/request.server";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { ForecastChart } from "~/components/opportunities/forecast-chart";
import { useMoney } from "~/components/opportunities/format";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";
import styles from "~/opportunities.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }, ...pluginLinks(), { rel: "stylesheet", href: reportStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opportunities.meta.home");

/**
 * The portal opens on the signed-in user's day: pipeline, forecast, tasks, expiring registrations,
 * activity — then the installed plugins' home widgets (e.g. a rep's cycle-plan attainment).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const [dashboard, widgets] = await Promise.all([caller.dashboard.home().catch((error: unknown) => errorResponse(error, ctx)), pluginHomeWidgets(caller, ctx.locale)]);
  return json({ dashboard, widgets, name: actor.name, isRep: actor.role === "rep" });
}

export default function Home() {
  const { dashboard, widgets, name, isRep } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const app = usePluginConventions();
  const money = useMoney();
  const format = useDateFormat();
  const { pipeline, forecast, tasks, expiringRegistrations, recentActivities } = dashboard;
  const largest = Math.max(1, ...pipeline.stages.map((s) => s.count));
  return (
    <>
      <div className="page-head">
        <h1>{t("opportunities.dashboard.title")}</h1>
        <p className="muted">{t("opportunities.dashboard.greeting", { name })}</p>
      </div>
      <div className="dashboard">
        <section className="card" aria-labelledby="home-pipeline">
          <div className="card-head">
            <h2 id="home-pipeline">{t(isRep ? "opportunities.dashboard.myPipeline" : "opportunities.dashboard.teamPipeline")}</h2>
            <Link to="/opportunities">{t("opportunities.dashboard.viewBoard")}</Link>
          </div>
          <p className="muted" data-field="pipeline-summary">
            {t("opportunities.dashboard.openSummary", { count: pipeline.openCount, amount: money(pipeline.openAmount), weighted: money(pipeline.weightedAmount) })}
          </p>
          <ol className="funnel">
            {pipeline.stages.map((stage) => (
              <li key={stage.stageId} className={stage.kind} data-stage-id={stage.stageId}>
                <span>{stage.stageName}</span>
                <span>
                  {t("opportunities.board.count", { count: stage.count })} · {money(stage.amount)}
                </span>
                <span className="funnel-bar" aria-hidden="true">
                  <span style={{ width: `${Math.round((stage.count / largest) * 100)}%` }} />
                </span>
              </li>
            ))}
          </ol>
        </section>

        <section className="card" aria-labelledby="home-forecast">
          <div className="card-head">
            <h2 id="home-forecast">{t("opportunities.dashboard.forecast")}</h2>
            <Link to="/opportunities/forecast">{t("opportunities.dashboard.viewForecast")}</Link>
          </div>
          <ForecastChart months={forecast.months} showTable={false} />
        </section>

        <section className="card" aria-labelledby="home-tasks">
          <div className="card-head">
            <h2 id="home-tasks">{t("opportunities.dashboard.tasks")}</h2>
            <Link to="/tasks">{t("work.portal.nav.myDay")}</Link>
          </div>
          {tasks.length === 0 ? (
            <p className="muted">{t("opportunities.dashboard.noTasks")}</p>
          ) : (
            <ul className="plain-list">
              {tasks.map((task) => (
                <li key={task.id}>
                  <span className="item-main">
                    <Link to={`/tasks/${task.id}`}>{task.title}</Link>
                  </span>
                  <span className="item-side">
                    {task.overdue ? <span className="badge overdue">{t("opportunities.dashboard.overdue")}</span> : null}{" "}
                    <time dateTime={task.dueAt}>{t("opportunities.dashboard.dueAt", { time: format.dateTime(task.dueAt) })}</time>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card" aria-labelledby="home-registrations">
          <div className="card-head">
            <h2 id="home-registrations">{t("opportunities.dashboard.registrations")}</h2>
            <Link to="/registrations">{t("portal.nav.registrations")}</Link>
          </div>
          {expiringRegistrations.length === 0 ? (
            <p className="muted">{t("opportunities.dashboard.noRegistrations")}</p>
          ) : (
            <ul className="plain-list">
              {expiringRegistrations.map((r) => (
                <li key={r.id}>
                  <span className="item-main">
                    <Link to={`/registrations/${r.id}`}>{r.customerName}</Link>
                  </span>
                  <span className="item-side">{r.daysLeft === 0 ? t("opportunities.dashboard.lastDay") : t("opportunities.dashboard.daysLeft", { count: r.daysLeft })}</span>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card span-2" aria-labelledby="home-activity">
          <div className="card-head">
            <h2 id="home-activity">{t("opportunities.dashboard.activity")}</h2>
          </div>
          {recentActivities.length === 0 ? (
            <p className="muted">{t("opportunities.dashboard.noActivity")}</p>
          ) : (
            <ul className="plain-list">
              {recentActivities.map((a) => {
                const target = a.opportunityId ? `/opportunities/${a.opportunityId}` : a.customerId ? `/customers/${a.customerId}` : a.leadId ? `/leads/${a.leadId}` : null;
                const label = `${t(`opportunities.dashboard.activityKind.${a.kind}`)}${a.subject ? ` · ${a.subject}` : ""}`;
                return (
                  <li key={a.id}>
                    <span className="item-main">{target ? <Link to={target}>{label}</Link> : label}</span>
                    <span className="item-side">{t("opportunities.dashboard.activityBy", { name: a.authorName, time: format.dateTime(a.occurredAt) })}</span>
                  </li>
                );
              })}
            </ul>
          )}
        </section>

        <PluginHomeWidgets widgets={widgets} app={app} />
      </div>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
