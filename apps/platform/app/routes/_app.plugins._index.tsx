import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { usePluginText } from "@qudao/ui/plugin-texts";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import pluginStyles from "@qudao/ui/plugins.css?url";
import { requireSignedIn } from "~/.server/request.server";
import { pageTitle } from "~/components/page-title";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pluginReview.plugins.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: pluginStyles }];

/** Every registered plugin, listed or not (reviewers and admins; core checks the role). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    return json({ plugins: withPluginTexts(await caller.pluginReviews.plugins(), ctx.locale) });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export default function PluginsAdmin() {
  const { plugins } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const text = usePluginText();
  return (
    <>
      <div className="page-head">
        <h1>{t("pluginReview.plugins.title")}</h1>
        <Link to="/plugin-reviews" className="button">
          {t("pluginReview.plugins.queue")}
        </Link>
      </div>
      <p className="muted">{t("pluginReview.plugins.intro")}</p>
      {plugins.length === 0 ? (
        <p className="empty">{t("pluginReview.plugins.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("pluginReview.plugins.columns.plugin")}</th>
                <th scope="col">{t("pluginReview.plugins.columns.developer")}</th>
                <th scope="col">{t("pluginReview.plugins.columns.versions")}</th>
                <th scope="col">{t("pluginReview.plugins.columns.inReview")}</th>
                <th scope="col">{t("pluginReview.plugins.columns.installs")}</th>
                <th scope="col">{t("pluginReview.plugins.columns.listing")}</th>
              </tr>
            </thead>
            <tbody>
              {plugins.map((p) => (
                <tr key={p.id} data-plugin-id={p.id}>
                  <td>
                    <Link to={`/plugins/${p.id}`} className="partner-name">
                      {text(p.name) || p.id}
                    </Link>
                    <div className="muted small">
                      <code>{p.id}</code>
                    </div>
                  </td>
                  <td>{p.developer}</td>
                  <td>{p.versions}</td>
                  <td>{p.inReview > 0 ? <span className="badge plugin-status-pending">{p.inReview}</span> : 0}</td>
                  <td>{p.installs}</td>
                  <td>
                    <ListingBadges listed={p.latestVersionId !== null} delisted={p.delisted} partnerInstallAllowed={p.partnerInstallAllowed} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function ListingBadges({ listed, delisted, partnerInstallAllowed }: { listed: boolean; delisted: boolean; partnerInstallAllowed: boolean }) {
  const { t } = useTranslation();
  const state = delisted ? "delisted" : listed ? "listed" : "unpublished";
  return (
    <>
      <span className={`badge ${state === "listed" ? "plugin-status-active" : "plugin-status-uninstalled"}`}>{t(`pluginReview.plugins.listing.${state}`)}</span>
      {partnerInstallAllowed ? (
        <>
          {" "}
          <span className="badge">{t("pluginReview.plugins.partnerInstall")}</span>
        </>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
