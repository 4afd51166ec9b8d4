import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { usePluginText } from "@qudao/ui/plugin-texts";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import pluginStyles from "@qudao/ui/plugins.css?url";
import { errorResponse, requireSignedIn } from "~/.server/request.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "marketplace.meta.installed");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: pluginStyles }];

/** The plugins running for this partner: its own installs and those the platform installed for everyone. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const installs = await caller.pluginInstalls.list().catch((error: unknown) => errorResponse(error, ctx));
  return json({ installs: withPluginTexts(installs, ctx.locale) });
}

export default function InstalledPlugins() {
  const { installs } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const text = usePluginText();
  const columns = { name: t("marketplace.installed.plugin"), version: t("marketplace.installed.version"), status: t("marketplace.installed.status"), scope: t("marketplace.installed.scope") };
  return (
    <>
      <div className="page-head">
        <h1>{t("marketplace.installed.title")}</h1>
        <Link to="/marketplace" className="button">
          {t("marketplace.installed.browse")}
        </Link>
      </div>
      {installs.length === 0 ? (
        <p className="empty">
          {t("marketplace.installed.empty")} <Link to="/marketplace">{t("marketplace.installed.browse")}</Link>
        </p>
      ) : (
        <table className="responsive-table">
          <thead>
            <tr>
              <th scope="col">{columns.name}</th>
              <th scope="col">{columns.version}</th>
              <th scope="col">{columns.status}</th>
              <th scope="col">{columns.scope}</th>
            </tr>
          </thead>
          <tbody>
            {installs.map((install) => (
              <tr key={install.id} data-plugin-id={install.pluginId}>
                <td className="cell-title" data-label={columns.name}>
                  <Link to={`/plugins/${install.pluginId}`}>{text(install.name)}</Link>
                </td>
                <td data-label={columns.version}>
                  {install.version}
                  {install.pendingVersion ? (
                    <span className="badge plugin-badge plugin-status-pending">{t("marketplace.installed.pending", { version: install.pendingVersion })}</span>
                  ) : null}
                </td>
                <td data-label={columns.status}>
                  <span className={`badge plugin-status-${install.status}`}>{t(`marketplace.install.${install.status}`)}</span>
                </td>
                <td data-label={columns.scope}>{install.scope === "platform" ? t("marketplace.installed.platformWide") : t("marketplace.installed.ours")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
