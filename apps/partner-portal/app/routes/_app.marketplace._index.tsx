import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PLUGIN_CATEGORIES } from "@qudao/plugins/manifest";
import { usePluginText } from "@qudao/ui/plugin-texts";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import pluginStyles from "@qudao/ui/plugins.css?url";
import { errorResponse, requireSignedIn } from "~/.server/request.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "marketplace.meta.list");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: pluginStyles }];

/** The plugins this partner may install (and those the platform installed for everyone), searchable by words and category. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const search = new URL(request.url).searchParams;
  const q = (search.get("q") ?? "").trim().slice(0, 100);
  const category = PLUGIN_CATEGORIES.find((c) => c === search.get("category")) ?? "";
  const items = await caller.marketplace.list({ ...(q ? { q } : {}), ...(category ? { category } : {}) }).catch((error: unknown) => errorResponse(error, ctx));
  return json({ items: withPluginTexts(items, ctx.locale), filters: { q, category } });
}

/** Where an install stands, as the listing shows it. */
function installLabelKey(install: { scope: string; status: string } | null): string | null {
  if (!install) return null;
  if (install.scope === "platform") return "marketplace.install.platformWide";
  return `marketplace.install.${install.status}`;
}

export default function Marketplace() {
  const { items, filters } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const text = usePluginText();
  const searching = useNavigation().state === "loading";
  return (
    <>
      <div className="page-head">
        <h1>{t("marketplace.list.title")}</h1>
        <Link to="/plugins" className="button link-button">
          {t("marketplace.list.installed")}
        </Link>
      </div>
      <p className="muted">{t("marketplace.list.intro")}</p>
      <Form method="get" className="toolbar" role="search" aria-label={t("marketplace.list.searchLabel")}>
        <label className="toolbar-search">
          <span className="visually-hidden">{t("marketplace.list.searchLabel")}</span>
          <input type="search" name="q" defaultValue={filters.q} placeholder={t("marketplace.list.searchPlaceholder")} maxLength={100} />
        </label>
        <label>
          <span className="visually-hidden">{t("marketplace.list.category")}</span>
          <select name="category" defaultValue={filters.category} aria-label={t("marketplace.list.category")}>
            <option value="">{t("marketplace.list.allCategories")}</option>
            {PLUGIN_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`marketplace.category.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={searching}>
          {t("common.actions.search")}
        </button>
        {filters.q || filters.category ? (
          <Link to="/marketplace" className="button link-button">
            {t("common.actions.reset")}
          </Link>
        ) : null}
      </Form>
      {items.length === 0 ? (
        <p className="empty">{filters.q || filters.category ? t("marketplace.list.emptyFiltered") : t("marketplace.list.empty")}</p>
      ) : (
        <ul className="plugin-cards">
          {items.map((plugin) => {
            const installKey = installLabelKey(plugin.install);
            return (
              <li key={plugin.id} className="plugin-card" data-plugin-id={plugin.id}>
                <h2>
                  <Link to={`/marketplace/${plugin.id}`}>{text(plugin.name)}</Link>
                </h2>
                <p>{text(plugin.summary)}</p>
                <p className="plugin-meta">
                  <span>{t("marketplace.detail.publisher", { name: plugin.publisher })}</span>
                  <span>{t("marketplace.detail.version", { version: plugin.version })}</span>
                </p>
                <ul className="plugin-categories" aria-label={t("marketplace.list.category")}>
                  {plugin.categories.map((c) => (
                    <li key={c}>{t(`marketplace.category.${c}`)}</li>
                  ))}
                </ul>
                {installKey ? (
                  <p>
                    <span className={`badge plugin-status-${plugin.install?.status ?? "active"}`}>{t(installKey)}</span>
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
