import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useMoney } from "@qudao/ui/money";
import { PluginColumnCells, PluginColumnHeads } from "@qudao/ui/plugin-columns";
import { pluginListColumns } from "@qudao/ui/plugin-columns.server";
import { requireSignedIn } from "~/.server/request.server";
import { pageTitle } from "~/components/page-title";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import styles from "~/opportunities.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }, ...pluginLinks()];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opportunities.meta.overview");

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Read-only: one partner's pipeline (counts and sums per stage), forecast and latest opportunities. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const param = new URL(request.url).searchParams.get("partnerId") ?? "";
  const partnerId = UUID.test(param) ? param : "";
  try {
    const partners = await caller.partners.options();
    if (!partnerId) return json({ partners, partnerId, board: null, forecast: null, latest: null, plugins: null });
    const [board, forecast, latest] = await Promise.all([
      caller.opportunities.board({ partnerId, limit: 0 }),
      caller.opportunities.forecast({ partnerId, months: 6 }),
      caller.opportunities.list({ partnerId, limit: 20 }),
    ]);
    // Plugin fields the installed plugins show as opportunity columns.
    const plugins = await pluginListColumns(caller, actor, { surface: "platform", object: "opportunity", locale: ctx.locale }, latest.items);
    return json({ partners, partnerId, board, forecast, latest: latest.items, plugins });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export default function OpportunitiesOverview() {
  const { partners, partnerId, board, forecast, latest, plugins } = useLoaderData<typeof loader>();
  const pluginApp = usePluginConventions();
  const pluginColumns = plugins?.columns ?? [];
  const { t } = useTranslation();
  const amount = useMoney();
  const largest = Math.max(1, ...(board?.columns.map((c) => c.count) ?? []));
  return (
    <>
      <div className="page-head">
        <h1>{t("opportunities.overview.title")}</h1>
      </div>
      <p className="muted">{t("opportunities.overview.intro")}</p>
      <Form method="get" className="toolbar">
        <label>
          {t("opportunities.overview.partner")}
          <select name="partnerId" defaultValue={partnerId}>
            <option value="">{t("opportunities.overview.choosePartner")}</option>
            {partners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("opportunities.overview.show")}</button>
      </Form>
      {board && forecast && latest ? (
        <>
          <div className="overview-grid">
            <section className="card">
              <h2>
                {t("opportunities.overview.pipeline")} · {board.pipelineName}
              </h2>
              <ol className="funnel">
                {board.columns.map((c) => (
                  <li key={c.stageId}>
                    <span>{c.stageName}</span>
                    <span>
                      {t("opportunities.board.count", { count: c.count })} · {amount(c.amount)}
                    </span>
                    <span className="funnel-bar" aria-hidden="true">
                      <span style={{ width: `${Math.round((c.count / largest) * 100)}%` }} />
                    </span>
                  </li>
                ))}
              </ol>
            </section>
            <section className="card">
              <h2>{t("opportunities.forecast.title")}</h2>
              <table>
                <thead>
                  <tr>
                    <th>{t("opportunities.forecast.month")}</th>
                    <th className="num">{t("opportunities.forecast.weighted")}</th>
                    <th className="num">{t("opportunities.forecast.won")}</th>
                  </tr>
                </thead>
                <tbody>
                  {forecast.months.map((m) => (
                    <tr key={m.month}>
                      <td>{m.month}</td>
                      <td className="num">{amount(m.weightedAmount)}</td>
                      <td className="num">{amount(m.wonAmount)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
          <h2>{t("opportunities.overview.recent")}</h2>
          {latest.length === 0 ? (
            <p className="empty">{t("opportunities.list.empty")}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t("opportunities.list.columns.name")}</th>
                    <th className="num">{t("opportunities.list.columns.amount")}</th>
                    <th>{t("opportunities.list.columns.stage")}</th>
                    <th>{t("opportunities.list.columns.owner")}</th>
                    <th>{t("opportunities.list.columns.partner")}</th>
                    <th>{t("opportunities.list.columns.expectedClose")}</th>
                    <PluginColumnHeads columns={pluginColumns} />
                  </tr>
                </thead>
                <tbody>
                  {latest.map((o) => (
                    <tr key={o.id}>
                      <td>{o.name}</td>
                      <td className="num">{amount(o.amount)}</td>
                      <td>
                        <span className={`badge opportunity-${o.status}`}>{o.stageName}</span> {o.stuck ? <span className="badge stuck-badge">{t("opportunities.board.stuck")}</span> : null}
                      </td>
                      <td>{o.ownerName ?? t("common.none")}</td>
                      <td>{o.partnerName}</td>
                      <td>{o.expectedCloseDate ?? t("common.none")}</td>
                      <PluginColumnCells columns={pluginColumns} values={o.customFields} titles={plugins?.titles ?? {}} app={pluginApp} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
