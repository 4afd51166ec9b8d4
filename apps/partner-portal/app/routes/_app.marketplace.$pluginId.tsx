import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "@qudao/core/server";
import { PluginPermissionList } from "@qudao/ui/plugin-permissions";
import { pluginSettingDefinitions } from "@qudao/ui/plugin-settings.server";
import { localized, usePluginText } from "@qudao/ui/plugin-texts";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import pluginStyles from "@qudao/ui/plugins.css?url";
import { errorResponse, requireSignedIn } from "~/.server/request.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? pageTitle(matches, "marketplace.meta.detail", { name: data.title }) : pageTitle(matches, "portal.meta.error");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: pluginStyles }];

/** A plugin's listing: what it does, screenshots, the permissions it asks for in plain words, its settings and versions. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  try {
    const plugin = withPluginTexts(await caller.marketplace.get({ id: params.pluginId ?? "" }), ctx.locale);
    const settings = withPluginTexts(pluginSettingDefinitions(plugin.settings), ctx.locale);
    return json({ plugin: { ...plugin, settings }, title: localized(plugin.name, ctx.locale), mayInstall: can(actor, "plugin:install") });
  } catch (error) {
    return errorResponse(error, ctx);
  }
}

export default function MarketplacePlugin() {
  const { plugin, mayInstall } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const text = usePluginText();
  const format = useDateFormat();
  const install = plugin.install;
  const own = install && install.scope === "partner" ? install : null;
  return (
    <>
      <div className="page-head">
        <h1>{text(plugin.name)}</h1>
        <Link to="/marketplace" className="button link-button">
          {t("marketplace.detail.back")}
        </Link>
      </div>
      <p className="plugin-meta">
        <span>{t("marketplace.detail.publisher", { name: plugin.publisher })}</span>
        <span>{t("marketplace.detail.version", { version: plugin.version })}</span>
        {plugin.categories.map((c) => (
          <span key={c}>{t(`marketplace.category.${c}`)}</span>
        ))}
      </p>
      <section className="card" aria-labelledby="plugin-install">
        <h2 id="plugin-install" className="card-title">
          {t("marketplace.detail.installTitle")}
        </h2>
        {install && install.scope === "platform" ? (
          <p>{t("marketplace.detail.platformWide")}</p>
        ) : own && own.status !== "uninstalled" ? (
          <p>
            {t("marketplace.detail.installedVersion", { version: own.version })}{" "}
            <Link to={`/plugins/${plugin.id}`}>{t("marketplace.detail.manage")}</Link>
          </p>
        ) : !plugin.partnerInstallAllowed ? (
          <p className="muted">{t("marketplace.detail.notAllowed")}</p>
        ) : mayInstall ? (
          <>
            {own ? <p className="muted">{t("marketplace.detail.reinstallHint")}</p> : null}
            <Link to={`/marketplace/${plugin.id}/install`} className="button primary">
              {own ? t("marketplace.detail.reinstall") : t("marketplace.detail.install")}
            </Link>
          </>
        ) : (
          <p className="muted">{t("marketplace.detail.adminsInstall")}</p>
        )}
      </section>
      <section className="card" aria-labelledby="plugin-about">
        <h2 id="plugin-about" className="card-title">
          {t("marketplace.detail.about")}
        </h2>
        <p className="plugin-description">{text(plugin.description)}</p>
        {plugin.contributes.objects.length > 0 ? (
          <p>
            {t("marketplace.detail.adds", {
              objects: plugin.contributes.objects.map((o) => text(o.label)).join(t("pluginRecords.value.separator")),
            })}
          </p>
        ) : null}
        <p className="muted">{t("marketplace.detail.contributes", { fields: plugin.contributes.fields, hooks: plugin.contributes.hooks })}</p>
      </section>
      {plugin.screenshots.length > 0 ? (
        <section className="card" aria-labelledby="plugin-screenshots">
          <h2 id="plugin-screenshots" className="card-title">
            {t("marketplace.detail.screenshots")}
          </h2>
          <div className="plugin-screenshots">
            {plugin.screenshots.map((shot) => (
              <figure key={shot.file}>
                <img src={`/marketplace/${plugin.id}/screenshots/${shot.file}`} alt={text(shot.caption)} loading="lazy" />
                <figcaption>{text(shot.caption)}</figcaption>
              </figure>
            ))}
          </div>
        </section>
      ) : null}
      <section className="card" aria-labelledby="plugin-permissions">
        <h2 id="plugin-permissions" className="card-title">
          {t("marketplace.detail.permissions")}
        </h2>
        <p className="muted">{t("marketplace.detail.permissionsIntro")}</p>
        <PluginPermissionList permissions={plugin.permissions} objects={plugin.contributes.objects} />
      </section>
      <section className="card" aria-labelledby="plugin-settings">
        <h2 id="plugin-settings" className="card-title">
          {t("marketplace.detail.settings")}
        </h2>
        {plugin.settings.length === 0 ? (
          <p className="muted">{t("marketplace.detail.noSettings")}</p>
        ) : (
          <dl className="detail-list">
            {plugin.settings.map((s) => (
              <div key={s.key} className="plugin-detail-row">
                <dt>{text(s.label)}</dt>
                <dd>
                  {s.help ? text(s.help) : null}
                  {s.default !== undefined ? <span className="muted"> {t("marketplace.detail.settingDefault", { value: String(s.default) })}</span> : null}
                </dd>
              </div>
            ))}
          </dl>
        )}
      </section>
      <section className="card" aria-labelledby="plugin-versions">
        <h2 id="plugin-versions" className="card-title">
          {t("marketplace.detail.versions")}
        </h2>
        <ul className="plugin-versions">
          {plugin.versions.map((v) => (
            <li key={v.version}>
              <strong>{v.version}</strong>
              {v.reviewedAt ? <span className="muted">{t("marketplace.detail.approvedOn", { date: format.date(v.reviewedAt) })}</span> : null}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
