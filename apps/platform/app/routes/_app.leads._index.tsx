import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LEAD_STATUSES } from "@qudao/core/schemas";
import { PluginColumnCells, PluginColumnHeads } from "@qudao/ui/plugin-columns";
import { pluginListColumns } from "@qudao/ui/plugin-columns.server";
import { requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { ExportButtons } from "@qudao/ui/export-buttons";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "platform.leads.title");
export const links: LinksFunction = () => pluginLinks();

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const q = params.get("q")?.trim() ?? "";
  const status = LEAD_STATUSES.find((s) => s === params.get("status")) ?? null;
  const partnerId = params.get("partnerId") ?? "";
  const cursor = params.get("cursor") || undefined;
  try {
    const [page, partners] = await Promise.all([
      caller.leads.list({
        ...(q ? { q } : {}),
        ...(status ? { status } : {}),
        ...(partnerId ? { partnerId } : {}),
        ...(cursor ? { cursor } : {}),
      }),
      caller.partners.options(),
    ]);
    // Plugin fields the installed plugins show as lead columns.
    const plugins = await pluginListColumns(caller, actor, { surface: "platform", object: "lead", locale: ctx.locale }, page.items);
    return json({ ...page, plugins, partners, statuses: LEAD_STATUSES, filters: { q, status: status ?? "", partnerId } });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export default function LeadList() {
  const { items, plugins, nextCursor, partners, statuses, filters } = useLoaderData<typeof loader>();
  const pluginApp = usePluginConventions();
  const { t } = useTranslation();
  const searching = useNavigation().state === "loading";
  return (
    <>
      <div className="page-head">
        <h1>{t("platform.leads.title")}</h1>
        <ExportButtons entity="leads" filter={{ q: filters.q, status: filters.status, partnerId: filters.partnerId }} />
      </div>
      <Form method="get" className="toolbar" role="search">
        <label>
          {t("platform.leads.partnerLabel")}
          <select name="partnerId" defaultValue={filters.partnerId}>
            <option value="">{t("platform.leads.allPartners")}</option>
            {partners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("platform.leads.statusLabel")}
          <select name="status" defaultValue={filters.status}>
            <option value="">{t("common.all")}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`common.leadStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("platform.leads.searchLabel")}
          <input type="search" name="q" defaultValue={filters.q} placeholder={t("platform.leads.searchPlaceholder")} />
        </label>
        <button type="submit" disabled={searching}>
          {t("common.actions.search")}
        </button>
        {filters.q || filters.status || filters.partnerId ? (
          <Link to="/leads" className="button">
            {t("common.actions.reset")}
          </Link>
        ) : null}
      </Form>
      {items.length === 0 ? (
        <p className="empty">{t("platform.leads.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("platform.leads.columns.name")}</th>
                <th scope="col">{t("platform.leads.columns.company")}</th>
                <th scope="col">{t("platform.leads.columns.phone")}</th>
                <th scope="col">{t("platform.leads.columns.partner")}</th>
                <th scope="col">{t("platform.leads.columns.status")}</th>
                <th scope="col">{t("platform.leads.columns.assignee")}</th>
                <th scope="col">{t("platform.leads.columns.created")}</th>
                <PluginColumnHeads columns={plugins.columns} />
              </tr>
            </thead>
            <tbody>
              {items.map((lead) => (
                <tr key={lead.id}>
                  <td>
                    <Link to={`/leads/${lead.id}`} className="strong">
                      {lead.name}
                    </Link>
                  </td>
                  <td>{lead.company ?? <span className="muted">—</span>}</td>
                  <td className="nowrap">{lead.phone ?? <span className="muted">—</span>}</td>
                  <td>
                    <Link to={`/partners/${lead.partnerId}`} className="partner-name">
                      {lead.partnerName}
                    </Link>
                  </td>
                  <td>
                    <span className={`badge ${lead.status}`}>{t(`common.leadStatus.${lead.status}`)}</span>
                  </td>
                  <td>{lead.assigneeName ?? <span className="muted">{t("platform.leads.unassigned")}</span>}</td>
                  <td className="nowrap">
                    <DateTime value={lead.createdAt} />
                  </td>
                  <PluginColumnCells columns={plugins.columns} values={lead.customFields} titles={plugins.titles} app={pluginApp} />
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
