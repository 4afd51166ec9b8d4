import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LEAD_STATUSES, type TLeadStatus } from "@qudao/core/schemas";
import { PluginColumnCells, PluginColumnHeads } from "@qudao/ui/plugin-columns";
import { pluginListColumns } from "@qudao/ui/plugin-columns.server";
import { errorResponse, requireSignedIn, takeFlash } from "~/.server/request.server";
import { ExportButtons } from "@qudao/ui/export-buttons";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { RouteErrorBoundary } from "~/components/route-error";
import { SavedFilters } from "~/components/saved-filters";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "portal.meta.leads");
export const links: LinksFunction = () => pluginLinks();

const PAGE_SIZE = 20;

function isLeadStatus(value: string | null): value is TLeadStatus {
  return value !== null && (LEAD_STATUSES as readonly string[]).includes(value);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const q = (params.get("q") ?? "").trim().slice(0, 100);
  const statusParam = params.get("status");
  const status = isLeadStatus(statusParam) ? statusParam : "";
  const cursor = params.get("cursor") ?? "";
  // One sub-dealer's leads (links from the team page's sub-dealer rollup); core scopes what is visible.
  const partnerIdParam = params.get("partnerId") ?? "";
  const partnerId = /^[0-9a-f-]{36}$/i.test(partnerIdParam) ? partnerIdParam : "";
  const page = await caller.leads
    .list({ limit: PAGE_SIZE, ...(q ? { q } : {}), ...(status ? { status } : {}), ...(partnerId ? { partnerId } : {}), ...(cursor ? { cursor } : {}) })
    .catch((error: unknown) => errorResponse(error, ctx));
  // Plugin fields the installed plugins show as lead columns.
  const plugins = await pluginListColumns(caller, actor, { surface: "portal", object: "lead", locale: ctx.locale }, page.items).catch((error: unknown) => errorResponse(error, ctx));
  const { flash, headers } = takeFlash(request);
  return json(
    {
      filters: { q, status, partnerId, cursor },
      items: page.items.map((lead) => ({
        id: lead.id,
        name: lead.name,
        company: lead.company,
        phone: lead.phone,
        status: lead.status,
        assigneeName: lead.assigneeName,
        partnerId: lead.partnerId,
        partnerName: lead.partnerName,
        createdAt: lead.createdAt,
        customFields: lead.customFields,
      })),
      plugins,
      nextCursor: page.nextCursor,
      actorPartnerId: actor.partnerId,
      createdLeadId: flash?.kind === "leadCreated" ? flash.id ?? "" : null,
    },
    { headers }
  );
}

/** `/leads?q=&status=&partnerId=&cursor=` with empty values left out. */
function leadsUrl(filters: { q: string; status: string; partnerId: string }, cursor?: string | null): string {
  const search = new URLSearchParams();
  if (filters.q) search.set("q", filters.q);
  if (filters.status) search.set("status", filters.status);
  if (filters.partnerId) search.set("partnerId", filters.partnerId);
  if (cursor) search.set("cursor", cursor);
  const query = search.toString();
  return query ? `/leads?${query}` : "/leads";
}

export default function LeadList() {
  const { filters, items, plugins, nextCursor, actorPartnerId, createdLeadId } = useLoaderData<typeof loader>();
  const pluginApp = usePluginConventions();
  const { t } = useTranslation();
  const format = useDateFormat();
  const searching = useNavigation().state === "loading";
  // Managers and admins of a distributor also see their sub-dealers' leads: then say whose each one is.
  const showPartner = items.some((lead) => lead.partnerId !== actorPartnerId);
  const filtered = Boolean(filters.q || filters.status || filters.partnerId);
  const columns = {
    name: t("portal.leads.columns.name"),
    company: t("portal.leads.columns.company"),
    phone: t("portal.leads.columns.phone"),
    status: t("portal.leads.columns.status"),
    assignee: t("portal.leads.columns.assignee"),
    partner: t("portal.leads.columns.partner"),
    createdAt: t("portal.leads.columns.createdAt"),
  };
  return (
    <>
      <div className="page-head">
        <h1>{t("portal.leads.title")}</h1>
        <div className="head-actions">
          <Link to="/imports/new?entity=leads" className="button">
            {t("imports.page.action")}
          </Link>
          <Link to="/leads/new" className="button primary">
            {t("portal.leads.new")}
          </Link>
        </div>
      </div>
      <ExportButtons entity="leads" filter={{ q: filters.q, status: filters.status, partnerId: filters.partnerId }} />
      {createdLeadId !== null ? (
        <p className="notice" role="status">
          {t("portal.leads.created")} {createdLeadId ? <Link to={`/leads/${createdLeadId}`}>{t("portal.leads.viewCreated")}</Link> : null}
        </p>
      ) : null}
      <Form method="get" className="toolbar" role="search" aria-label={t("portal.leads.search")}>
        {filters.partnerId ? <input type="hidden" name="partnerId" value={filters.partnerId} /> : null}
        <label className="toolbar-search">
          <span className="visually-hidden">{t("portal.leads.search")}</span>
          <input
            type="search"
            name="q"
            defaultValue={filters.q}
            placeholder={t("portal.leads.searchPlaceholder")}
            maxLength={100}
            enterKeyHint="search"
          />
        </label>
        <label className="toolbar-status">
          <span className="visually-hidden">{t("portal.leads.status")}</span>
          <select name="status" defaultValue={filters.status}>
            <option value="">{t("portal.leads.allStatuses")}</option>
            {LEAD_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`common.leadStatus.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={searching}>
          {t("common.actions.search")}
        </button>
        {filtered ? (
          <Link to="/leads" className="button link-button">
            {t("common.actions.reset")}
          </Link>
        ) : null}
      </Form>
      <SavedFilters entity="leads" />
      {items.length === 0 ? (
        <p className="empty">{filtered || filters.cursor ? t("portal.leads.emptyFiltered") : t("portal.leads.empty")}</p>
      ) : (
        <table className="responsive-table lead-table">
          <thead>
            <tr>
              <th scope="col">{columns.name}</th>
              <th scope="col">{columns.company}</th>
              <th scope="col">{columns.phone}</th>
              <th scope="col">{columns.status}</th>
              <th scope="col">{columns.assignee}</th>
              {showPartner ? <th scope="col">{columns.partner}</th> : null}
              <th scope="col">{columns.createdAt}</th>
              <PluginColumnHeads columns={plugins.columns} />
            </tr>
          </thead>
          <tbody>
            {items.map((lead) => (
              <tr key={lead.id} className={lead.id === createdLeadId ? "highlight" : undefined}>
                <td className="cell-title" data-label={columns.name}>
                  <Link to={`/leads/${lead.id}`}>{lead.name}</Link>
                </td>
                <td data-label={columns.company}>{lead.company ?? <span className="muted">{t("common.none")}</span>}</td>
                <td data-label={columns.phone}>
                  {lead.phone ? (
                    <a href={`tel:${lead.phone.replace(/[^\d+]/g, "")}`}>{lead.phone}</a>
                  ) : (
                    <span className="muted">{t("common.none")}</span>
                  )}
                </td>
                <td data-label={columns.status}>
                  <span className={`badge ${lead.status}`}>{t(`common.leadStatus.${lead.status}`)}</span>
                </td>
                <td data-label={columns.assignee}>{lead.assigneeName ?? <span className="muted">{t("portal.leads.unassigned")}</span>}</td>
                {showPartner ? <td data-label={columns.partner}>{lead.partnerName}</td> : null}
                <td data-label={columns.createdAt}>
                  <time dateTime={lead.createdAt}>{format.date(lead.createdAt)}</time>
                </td>
                <PluginColumnCells columns={plugins.columns} values={lead.customFields} titles={plugins.titles} app={pluginApp} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label={t("portal.leads.pagination")}>
        {filters.cursor ? (
          <Link to={leadsUrl(filters)} className="button">
            {t("common.actions.first")}
          </Link>
        ) : null}
        {nextCursor ? (
          <Link to={leadsUrl(filters, nextCursor)} className="button">
            {t("common.actions.next")}
          </Link>
        ) : null}
        <span className="muted pager-hint">{t("portal.leads.pageHint", { count: PAGE_SIZE })}</span>
      </nav>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
