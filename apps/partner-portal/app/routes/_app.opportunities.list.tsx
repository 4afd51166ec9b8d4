import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PluginColumnCells, PluginColumnHeads } from "@qudao/ui/plugin-columns";
import { pluginListColumns } from "@qudao/ui/plugin-columns.server";
import { errorResponse, requireSignedIn } from "~/.server/request.server";
import { useCalendarDate, useMoney } from "~/components/opportunities/format";
import { filterSearch, uuidParam } from "~/components/opportunities/params";
import { OpportunityViews } from "~/components/opportunities/views-nav";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";
import styles from "~/opportunities.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }, ...pluginLinks()];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opportunities.meta.list");

const PAGE_SIZE = 20;
const STATUSES = ["open", "won", "lost"] as const;
type Status = (typeof STATUSES)[number];

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const q = (params.get("q") ?? "").trim().slice(0, 100);
  const statusParam = params.get("status") ?? "";
  const status = (STATUSES as readonly string[]).includes(statusParam) ? (statusParam as Status) : "";
  const monthParam = params.get("closeMonth") ?? "";
  const closeMonth = /^\d{4}-(0[1-9]|1[0-2])$/.test(monthParam) ? monthParam : "";
  const filters = { q, status, closeMonth, stageId: uuidParam(params, "stageId"), partnerId: uuidParam(params, "partnerId"), ownerId: uuidParam(params, "ownerId"), cursor: uuidParam(params, "cursor") };
  const [page, partners] = await Promise.all([
    caller.opportunities.list({
      limit: PAGE_SIZE,
      ...(q ? { q } : {}),
      ...(status ? { status } : {}),
      ...(closeMonth ? { closeMonth } : {}),
      ...(filters.stageId ? { stageId: filters.stageId } : {}),
      ...(filters.partnerId ? { partnerId: filters.partnerId } : {}),
      ...(filters.ownerId ? { ownerId: filters.ownerId } : {}),
      ...(filters.cursor ? { cursor: filters.cursor } : {}),
    }),
    caller.opportunities.partners(),
  ]).catch((error: unknown) => errorResponse(error, ctx));
  // Plugin fields the installed plugins show as opportunity columns.
  const plugins = await pluginListColumns(caller, actor, { surface: "portal", object: "opportunity", locale: ctx.locale }, page.items).catch((error: unknown) => errorResponse(error, ctx));
  return json({ filters, items: page.items, plugins, nextCursor: page.nextCursor, partners, actorPartnerId: actor.partnerId });
}

export default function OpportunityList() {
  const { filters, items, plugins, nextCursor, partners, actorPartnerId } = useLoaderData<typeof loader>();
  const pluginApp = usePluginConventions();
  const { t } = useTranslation();
  const money = useMoney();
  const date = useCalendarDate();
  const searching = useNavigation().state === "loading";
  const showPartner = items.some((o) => o.partnerId !== actorPartnerId);
  const filtered = Boolean(filters.q || filters.status || filters.closeMonth || filters.stageId || filters.partnerId || filters.ownerId);
  const { cursor: _cursor, ...kept } = filters;
  const columns = {
    name: t("opportunities.list.columns.name"),
    amount: t("opportunities.list.columns.amount"),
    stage: t("opportunities.list.columns.stage"),
    owner: t("opportunities.list.columns.owner"),
    partner: t("opportunities.list.columns.partner"),
    expectedClose: t("opportunities.list.columns.expectedClose"),
    daysInStage: t("opportunities.list.columns.daysInStage"),
  };
  return (
    <>
      <div className="page-head">
        <h1>{t("opportunities.board.title")}</h1>
        <Link to="/opportunities/new" className="button primary">
          {t("opportunities.board.new")}
        </Link>
      </div>
      <OpportunityViews search={filterSearch({ partnerId: filters.partnerId, ownerId: filters.ownerId })} />
      <Form method="get" className="toolbar toolbar-pool" role="search" aria-label={t("opportunities.list.search")}>
        <label className="toolbar-search">
          <span className="visually-hidden">{t("opportunities.list.search")}</span>
          <input type="search" name="q" defaultValue={filters.q} placeholder={t("opportunities.list.searchPlaceholder")} maxLength={100} enterKeyHint="search" />
        </label>
        <label>
          <span className="visually-hidden">{t("opportunities.list.columns.status")}</span>
          <select name="status" defaultValue={filters.status} aria-label={t("opportunities.list.columns.status")}>
            <option value="">{t("opportunities.list.allStatuses")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`opportunities.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="visually-hidden">{t("opportunities.list.closeMonth")}</span>
          <input type="month" name="closeMonth" defaultValue={filters.closeMonth} aria-label={t("opportunities.list.closeMonth")} />
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
        <button type="submit" disabled={searching}>
          {t("common.actions.search")}
        </button>
        {filtered ? (
          <Link to="/opportunities/list" className="button link-button">
            {t("common.actions.reset")}
          </Link>
        ) : null}
      </Form>
      {items.length === 0 ? (
        <p className="empty">{filtered || filters.cursor ? t("opportunities.list.emptyFiltered") : t("opportunities.list.empty")}</p>
      ) : (
        <table className="responsive-table opportunity-table">
          <thead>
            <tr>
              <th scope="col">{columns.name}</th>
              <th scope="col">{columns.amount}</th>
              <th scope="col">{columns.stage}</th>
              <th scope="col">{columns.owner}</th>
              {showPartner ? <th scope="col">{columns.partner}</th> : null}
              <th scope="col">{columns.expectedClose}</th>
              <th scope="col">{columns.daysInStage}</th>
              <PluginColumnHeads columns={plugins.columns} />
            </tr>
          </thead>
          <tbody>
            {items.map((o) => (
              <tr key={o.id}>
                <td className="cell-title" data-label={columns.name}>
                  <Link to={`/opportunities/${o.id}`}>{o.name}</Link>
                </td>
                <td data-label={columns.amount}>{money(o.amount)}</td>
                <td data-label={columns.stage}>
                  <span className={`badge opportunity-${o.status}`}>{o.stageName}</span>
                  {o.stuck ? <span className="badge stuck-badge">{t("opportunities.board.stuck")}</span> : null}
                </td>
                <td data-label={columns.owner}>{o.ownerName ?? <span className="muted">{t("opportunities.board.unassigned")}</span>}</td>
                {showPartner ? <td data-label={columns.partner}>{o.partnerName}</td> : null}
                <td data-label={columns.expectedClose}>{o.expectedCloseDate ? date(o.expectedCloseDate) : <span className="muted">{t("common.none")}</span>}</td>
                <td data-label={columns.daysInStage}>{o.daysInStage}</td>
                <PluginColumnCells columns={plugins.columns} values={o.customFields} titles={plugins.titles} app={pluginApp} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label={t("opportunities.list.pagination")}>
        {filters.cursor ? (
          <Link to={`/opportunities/list${filterSearch(kept)}`} className="button">
            {t("common.actions.first")}
          </Link>
        ) : null}
        {nextCursor ? (
          <Link to={`/opportunities/list${filterSearch({ ...kept, cursor: nextCursor })}`} className="button">
            {t("common.actions.next")}
          </Link>
        ) : null}
        <span className="muted pager-hint">{t("opportunities.list.pageHint", { count: PAGE_SIZE })}</span>
      </nav>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
