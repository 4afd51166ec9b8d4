import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { usePluginText } from "@qudao/ui/plugin-texts";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import pluginStyles from "@qudao/ui/plugins.css?url";
import { requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { pageTitle } from "~/components/page-title";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pluginReview.queue.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: pluginStyles }];

/** Versions waiting for a reviewer, oldest first (core orders them and checks the reviewer role). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    return json({ items: withPluginTexts(await caller.pluginReviews.queue(), ctx.locale) });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export default function ReviewQueue() {
  const { items } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const text = usePluginText();
  return (
    <>
      <div className="page-head">
        <h1>{t("pluginReview.queue.title")}</h1>
        <Link to="/plugins" className="button">
          {t("pluginReview.queue.allPlugins")}
        </Link>
      </div>
      <p className="muted">{t("pluginReview.queue.intro")}</p>
      {items.length === 0 ? (
        <p className="empty">{t("pluginReview.queue.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("pluginReview.queue.columns.plugin")}</th>
                <th scope="col">{t("pluginReview.queue.columns.version")}</th>
                <th scope="col">{t("pluginReview.queue.columns.developer")}</th>
                <th scope="col">{t("pluginReview.queue.columns.addedPermissions")}</th>
                <th scope="col">{t("pluginReview.queue.columns.failedChecks")}</th>
                <th scope="col">{t("pluginReview.queue.columns.waiting")}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id} data-version-id={item.id} data-plugin-id={item.pluginId}>
                  <td>
                    <strong>{text(item.name) || item.pluginId}</strong>
                    <div className="muted small">
                      <code>{item.pluginId}</code>
                    </div>
                  </td>
                  <td>{item.version}</td>
                  <td>{item.developer}</td>
                  <td>{item.addedPermissions.length > 0 ? <span className="badge plugin-status-pending">{item.addedPermissions.length}</span> : 0}</td>
                  <td>{item.failedChecks > 0 ? <span className="badge plugin-status-disabled">{item.failedChecks}</span> : 0}</td>
                  <td className="nowrap">
                    <DateTime value={item.createdAt} />
                  </td>
                  <td>
                    <Link to={`/plugin-reviews/${item.id}`} className="button primary">
                      {t("pluginReview.queue.review")}
                    </Link>
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

export { RouteErrorBoundary as ErrorBoundary };
