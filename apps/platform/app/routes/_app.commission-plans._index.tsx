import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "commissions.plans.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const cursor = new URL(request.url).searchParams.get("cursor") || undefined;
  try {
    return json(await caller.commissionPlans.list({ ...(cursor ? { cursor } : {}) }));
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export default function CommissionPlans() {
  const { items, nextCursor } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <div className="page-head">
        <h1>{t("commissions.plans.title")}</h1>
        <Link to="/commission-plans/new" className="button primary">
          {t("commissions.plans.new")}
        </Link>
      </div>
      <p className="muted">{t("commissions.plans.intro")}</p>
      {items.length === 0 ? (
        <p className="empty">{t("commissions.plans.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("commissions.plans.columns.version")}</th>
                <th scope="col">{t("commissions.plans.columns.name")}</th>
                <th scope="col">{t("commissions.plans.columns.effectiveFrom")}</th>
                <th scope="col">{t("commissions.plans.columns.status")}</th>
                <th scope="col">{t("commissions.plans.columns.activatedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((plan) => (
                <tr key={plan.id}>
                  <td>v{plan.version}</td>
                  <td>
                    <Link to={`/commission-plans/${plan.id}`} className="strong">
                      {plan.name}
                    </Link>
                  </td>
                  <td className="nowrap">
                    <DateTime value={plan.effectiveFrom} />
                  </td>
                  <td>
                    <span className={`badge plan-${plan.status}`}>{t(`commissions.plans.status.${plan.status}`)}</span>
                  </td>
                  <td className="nowrap">
                    <DateTime value={plan.activatedAt} />
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
