import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "@qudao/core/server";
import { PluginPermissionList } from "@qudao/ui/plugin-permissions";
import { localized, usePluginText } from "@qudao/ui/plugin-texts";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import pluginStyles from "@qudao/ui/plugins.css?url";
import { requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { pageTitle } from "~/components/page-title";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "pluginReview.market.title", data ? localized(data.plugin.name, data.locale) || data.plugin.id : null);
export const links: LinksFunction = () => [{ rel: "stylesheet", href: pluginStyles }];

/** A listing as staff read it: what it does, what it may touch (in plain words), and the platform-wide install. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  try {
    const plugin = await caller.marketplace.get({ id: params.pluginId ?? "" });
    return json({ locale: ctx.locale, plugin: withPluginTexts(plugin, ctx.locale), mayInstall: can(actor, "plugin:install") });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export default function MarketplacePlugin() {
  const { plugin, mayInstall } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const text = usePluginText();
  const install = plugin.install && plugin.install.status !== "purged" ? plugin.install : null;
  const live = install && (install.status === "active" || install.status === "disabled");
  return (
    <>
      <div className="page-head">
        <h1>{text(plugin.name) || plugin.id}</h1>
        <Link to="/marketplace" className="button">
          {t("pluginReview.market.back")}
        </Link>
      </div>
      <p className="plugin-meta">
        <span>{t("pluginReview.market.publisher", { name: plugin.publisher })}</span>
        <span>{t("pluginReview.market.version", { version: plugin.version })}</span>
        <span>{plugin.surfaces.map((s) => t(`pluginReview.surface.${s}`, { defaultValue: s })).join("、")}</span>
        {plugin.partnerInstallAllowed ? <span>{t("pluginReview.plugins.partnerInstall")}</span> : null}
      </p>
      <ul className="plugin-categories">
        {plugin.categories.map((c) => (
          <li key={c}>{t(`marketplace.category.${c}`, { defaultValue: c })}</li>
        ))}
      </ul>

      <section className="card" aria-labelledby="install-title" data-install-status={install?.status ?? "none"}>
        <h2 id="install-title">{t("pluginReview.market.platformInstall")}</h2>
        {live ? (
          <p>
            <span className={`badge ${install.status === "active" ? "plugin-status-active" : "plugin-status-disabled"}`}>{t(`pluginReview.installStatus.${install.status}`)}</span>{" "}
            {t("pluginReview.market.installedVersion", { version: install.version })}{" "}
            <Link to="/marketplace/installed" className="button">
              {t("pluginReview.market.manage")}
            </Link>
          </p>
        ) : (
          <>
            {install?.status === "uninstalled" ? <p className="muted">{t("pluginReview.market.uninstalledHint")}</p> : <p className="muted">{t("pluginReview.market.notInstalled")}</p>}
            {mayInstall ? (
              <Link to={`/marketplace/${plugin.id}/install`} className="button primary">
                {t(install ? "pluginReview.market.reinstall" : "pluginReview.market.install")}
              </Link>
            ) : (
              <p className="muted small">{t("pluginReview.market.adminsInstall")}</p>
            )}
          </>
        )}
      </section>

      <section className="card" aria-labelledby="about-title">
        <h2 id="about-title">{t("pluginReview.market.about")}</h2>
        <p className="plugin-description">{text(plugin.description)}</p>
        {plugin.screenshots.length > 0 ? (
          <div className="plugin-screenshots">
            {plugin.screenshots.map((s) => (
              <figure key={s.file}>
                <img src={`/marketplace/${plugin.id}/screenshots/${s.file}`} alt={text(s.caption)} loading="lazy" />
                <figcaption>{text(s.caption)}</figcaption>
              </figure>
            ))}
          </div>
        ) : null}
      </section>

      <section className="card" aria-labelledby="permissions-title">
        <h2 id="permissions-title">{t("pluginReview.market.permissions")}</h2>
        <p className="muted">{t("pluginReview.market.permissionsIntro")}</p>
        <PluginPermissionList permissions={plugin.permissions} objects={plugin.contributes.objects} />
      </section>

      <section className="card" aria-labelledby="adds-title">
        <h2 id="adds-title">{t("pluginReview.market.adds")}</h2>
        <ul className="plain-list">
          {plugin.contributes.objects.map((o) => (
            <li key={o.name}>
              {text(o.label)} <code className="muted small">{o.name}</code>
            </li>
          ))}
          <li>{t("pluginReview.market.fieldsAndHooks", { fields: plugin.contributes.fields, hooks: plugin.contributes.hooks })}</li>
        </ul>
      </section>

      <section className="card" aria-labelledby="versions-title">
        <h2 id="versions-title">{t("pluginReview.market.versions")}</h2>
        <ul className="plugin-versions">
          {plugin.versions.map((v) => (
            <li key={v.version}>
              <strong>{v.version}</strong>
              <span className="muted">
                <DateTime value={v.reviewedAt} style="date" />
              </span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
