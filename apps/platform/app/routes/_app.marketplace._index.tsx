import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PLUGIN_CATEGORIES } from "@qudao/plugins/manifest";
import { usePluginText } from "@qudao/ui/plugin-texts";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import pluginStyles from "@qudao/ui/plugins.css?url";
import { requireSignedIn } from "~/.server/request.server";
import { pageTitle } from "~/components/page-title";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pluginReview.market.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: pluginStyles }];

/** Listed plugins (an approved version, not delisted), searchable by words and category. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const search = new URL(request.url).searchParams;
  const q = (search.get("q") ?? "").trim().slice(0, 100);
  const category = PLUGIN_CATEGORIES.find((c) => c === search.get("category")) ?? "";
  try {
    const items = await caller.marketplace.list({ ...(q ? { q } : {}), ...(category ? { category } : {}) });
    return json({ items: withPluginTexts(items, ctx.locale), filters: { q, category }, categories: [...PLUGIN_CATEGORIES] });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

function installBadge(install: { status: string } | null): { className: string; key: string } | null {
  if (!install || install.status === "purged") return null;
  const className = install.status === "active" ? "plugin-status-active" : install.status === "disabled" ? "plugin-status-disabled" : "plugin-status-uninstalled";
  return { className, key: `pluginReview.installStatus.${install.status}` };
}

export default function Marketplace() {
  const { items, filters, categories } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const text = usePluginText();
  const searching = useNavigation().state === "loading";
  const filtered = Boolean(filters.q || filters.category);
  return (
    <>
      <div className="page-head">
        <h1>{t("pluginReview.market.title")}</h1>
        <Link to="/marketplace/installed" className="button">
          {t("pluginReview.market.installed")}
        </Link>
      </div>
      <p className="muted">{t("pluginReview.market.intro")}</p>
      <Form method="get" className="toolbar" role="search" aria-label={t("pluginReview.market.search")}>
        <label>
          {t("pluginReview.market.search")}
          <input type="search" name="q" defaultValue={filters.q} placeholder={t("pluginReview.market.searchPlaceholder")} maxLength={100} />
        </label>
        <label>
          {t("pluginReview.market.category")}
          <select name="category" defaultValue={filters.category}>
            <option value="">{t("pluginReview.market.allCategories")}</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {t(`marketplace.category.${c}`, { defaultValue: c })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={searching}>
          {t("common.actions.search")}
        </button>
        {filtered ? (
          <Link to="/marketplace" className="button">
            {t("common.actions.reset")}
          </Link>
        ) : null}
      </Form>
      {items.length === 0 ? (
        <p className="empty">{t(filtered ? "pluginReview.market.emptyFiltered" : "pluginReview.market.empty")}</p>
      ) : (
        <ul className="plugin-cards">
          {items.map((item) => {
            const badge = installBadge(item.install);
            return (
              <li key={item.id} className="plugin-card" data-plugin-id={item.id}>
                <h2>
                  <Link to={`/marketplace/${item.id}`}>{text(item.name) || item.id}</Link>
                </h2>
                <p>{text(item.summary)}</p>
                <p className="plugin-meta">
                  <span>{item.publisher}</span>
                  <span>{item.version}</span>
                  {item.partnerInstallAllowed ? <span>{t("pluginReview.plugins.partnerInstall")}</span> : null}
                </p>
                <ul className="plugin-categories">
                  {item.categories.map((c) => (
                    <li key={c}>{t(`marketplace.category.${c}`, { defaultValue: c })}</li>
                  ))}
                </ul>
                {badge ? (
                  <p>
                    <span className={`badge ${badge.className}`}>{t(badge.key)}</span>
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
