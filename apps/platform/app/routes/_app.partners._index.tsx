import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PARTNER_STATUSES } from "@qudao/core/schemas";
import { can } from "@qudao/core/server";
import { requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { Notice } from "~/components/notice";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "platform.partners.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const q = params.get("q")?.trim() ?? "";
  const status = PARTNER_STATUSES.find((s) => s === params.get("status")) ?? null;
  const cursor = params.get("cursor") || undefined;
  try {
    const page = await caller.partners.list({ ...(q ? { q } : {}), ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
    return json({ ...page, filters: { q, status: status ?? "" }, statuses: PARTNER_STATUSES, canCreate: can(actor, "partner:create") });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export default function PartnerList() {
  const { items, nextCursor, filters, statuses, canCreate } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const searching = useNavigation().state === "loading";
  return (
    <>
      <div className="page-head">
        <h1>{t("platform.partners.title")}</h1>
        {canCreate ? (
          <Link to="/partners/new" className="button primary">
            {t("platform.partners.new")}
          </Link>
        ) : null}
      </div>
      <Notice />
      <Form method="get" className="toolbar" role="search">
        <label>
          {t("platform.partners.searchLabel")}
          <input type="search" name="q" defaultValue={filters.q} placeholder={t("platform.partners.searchPlaceholder")} />
        </label>
        <label>
          {t("platform.partners.statusLabel")}
          <select name="status" defaultValue={filters.status}>
            <option value="">{t("common.all")}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`common.partnerStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={searching}>
          {t("common.actions.search")}
        </button>
        {filters.q || filters.status ? (
          <Link to="/partners" className="button">
            {t("common.actions.reset")}
          </Link>
        ) : null}
      </Form>
      {items.length === 0 ? (
        <p className="empty">{t("platform.partners.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("platform.partners.columns.name")}</th>
                <th scope="col">{t("platform.partners.columns.tier")}</th>
                <th scope="col">{t("platform.partners.columns.region")}</th>
                <th scope="col">{t("platform.partners.columns.parent")}</th>
                <th scope="col">{t("platform.partners.columns.status")}</th>
                <th scope="col" className="num">
                  {t("platform.partners.columns.users")}
                </th>
                <th scope="col">{t("platform.partners.columns.created")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((partner) => (
                <tr key={partner.id}>
                  <td>
                    <Link to={`/partners/${partner.id}`} className="strong">
                      {partner.name}
                    </Link>
                  </td>
                  <td>
                    <span className={`badge tier-${partner.tier}`}>{t(`common.partnerTier.${partner.tier}`)}</span>
                  </td>
                  <td>{partner.region ?? <span className="muted">—</span>}</td>
                  <td>
                    {partner.parentPartnerId && partner.parentName ? (
                      <Link to={`/partners/${partner.parentPartnerId}`}>{partner.parentName}</Link>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    <span className={`badge partner-${partner.status}`}>{t(`common.partnerStatus.${partner.status}`)}</span>
                  </td>
                  <td className="num">{partner.userCount}</td>
                  <td>
                    <DateTime value={partner.createdAt} style="date" />
                  </td>
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
