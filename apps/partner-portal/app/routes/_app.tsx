import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, NavLink, Outlet, useLoaderData, useLocation, type ShouldRevalidateFunction } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { MEMBERSHIP_ROLES } from "@qudao/core/schemas";
import { pluginNavItems, PluginNavItems } from "@qudao/ui/plugin-nav";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import { errorResponse, requireSignedIn, sessionCookie } from "~/.server/request.server";
import { LanguageSwitcher } from "~/components/language-switcher";

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const [me, unread, plugins, reports] = await Promise.all([
    caller.auth.me(),
    caller.notifications.unreadCount(),
    caller.pluginInstalls.ui({ surface: "portal" }),
    caller.pluginReports.list(),
  ]).catch((error: unknown) => errorResponse(error, ctx));
  // A session nearing expiry was extended: send the cookie again with the new expiry.
  const headers: HeadersInit =
    ctx.refreshedExpiresAt && ctx.sessionId ? { "Set-Cookie": sessionCookie(request, ctx.sessionId, ctx.refreshedExpiresAt) } : {};
  return json(
    {
      me: { name: me.name, email: me.email, role: actor.role, partnerName: me.partnerName },
      unread,
      // The installed plugins' pages (their objects and the reports this role may run), labelled in the reader's language.
      pluginNav: withPluginTexts(pluginNavItems(plugins, reports), ctx.locale),
    },
    { headers }
  );
}

// The unread badge follows every form action (e.g. "mark as read") and each page change.
export const shouldRevalidate: ShouldRevalidateFunction = ({ defaultShouldRevalidate, currentUrl, nextUrl }) =>
  defaultShouldRevalidate || currentUrl.pathname !== nextUrl.pathname;

/**
 * `primary` items are the phone's bottom tabs (four, plus "More" for the rest: five at most so each
 * stays finger-sized at 375 px); from 768 px every item sits in the top bar in this order.
 */
type NavItem = { to: string; key: string; primary?: true; roles?: ReadonlyArray<(typeof MEMBERSHIP_ROLES)[number]> };

const NAV: readonly NavItem[] = [
  { to: "/leads", key: "portal.nav.leads", primary: true },
  { to: "/customers", key: "portal.nav.customers", primary: true },
  { to: "/registrations", key: "portal.nav.registrations" },
  { to: "/entitlements", key: "entitlements.nav.portal" },
  { to: "/opportunities", key: "opportunities.nav.opportunities" },
  { to: "/pool", key: "portal.nav.pool", primary: true },
  { to: "/tasks", key: "work.portal.nav.myDay" },
  { to: "/notifications", key: "portal.nav.notifications", primary: true },
  { to: "/team", key: "portal.nav.team", roles: ["admin", "manager"] },
  { to: "/tags", key: "segments.nav.tags", roles: ["admin", "manager"] },
  { to: "/automation", key: "automation.nav.title", roles: ["admin", "manager"] },
  { to: "/orders", key: "orders.nav.title", roles: ["admin", "manager"] },
  { to: "/statements", key: "statements.nav.title", roles: ["admin", "manager"] },
  { to: "/marketplace", key: "marketplace.nav.marketplace", roles: ["admin", "manager"] },
  { to: "/api-keys", key: "portal.nav.apiKeys", roles: ["admin"] },
];

export default function AppLayout() {
  const { me, unread, pluginNav } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const location = useLocation();
  const menu = useRef<HTMLDetailsElement>(null);
  const more = useRef<HTMLDetailsElement>(null);
  // Close the account menu and the "More" sheet after navigating (e.g. switching the language).
  useEffect(() => {
    if (menu.current) menu.current.open = false;
    if (more.current) more.current.open = false;
  }, [location.key]);
  const items = NAV.filter((item) => !item.roles || item.roles.includes(me.role));
  const secondary = items.filter((item) => !item.primary);
  const inSecondary = [...secondary, ...pluginNav].some((item) => location.pathname === item.to || location.pathname.startsWith(`${item.to}/`));
  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="brand-name">{t("common.appName")}</span>
          {me.partnerName ? <span className="partner-name">{me.partnerName}</span> : null}
        </Link>
        <nav className="nav" aria-label={t("portal.nav.label")}>
          {items.map((item) => (
            <NavLink key={item.to} to={item.to} prefetch="intent" className={item.primary ? undefined : "nav-secondary"}>
              <span className="nav-label">{t(item.key)}</span>
              {item.to === "/notifications" && unread > 0 ? (
                <>
                  <span className="count-badge" aria-hidden="true">
                    {unread > 99 ? "99+" : unread}
                  </span>
                  <span className="visually-hidden">{t("portal.nav.unread", { count: unread })}</span>
                </>
              ) : null}
            </NavLink>
          ))}
          <PluginNavItems items={pluginNav} linkClassName="nav-secondary" labelClassName="nav-label" />
          {/* Phones only: the items that do not fit the tab bar, one tap further. */}
          <details className={inSecondary ? "nav-more active" : "nav-more"} ref={more}>
            <summary>
              <span className="nav-label">{t("portal.nav.more")}</span>
            </summary>
            <div className="nav-more-panel">
              {secondary.map((item) => (
                <NavLink key={item.to} to={item.to}>
                  {t(item.key)}
                </NavLink>
              ))}
              <PluginNavItems items={pluginNav} />
            </div>
          </details>
        </nav>
        <details className="account" ref={menu}>
          <summary aria-label={t("portal.account.menu")}>
            <span className="avatar" aria-hidden="true">
              {me.name.slice(0, 1)}
            </span>
            <span className="account-summary">
              <span className="account-name">{me.name}</span>
              <span className="account-role">{t(`common.membershipRole.${me.role}`)}</span>
            </span>
          </summary>
          <div className="account-panel">
            <p className="account-who">
              <strong>{me.name}</strong>
              <span className="muted">{me.email}</span>
              <span className="muted">{t("portal.account.role", { role: t(`common.membershipRole.${me.role}`) })}</span>
              {me.partnerName ? <span className="muted">{t("portal.account.partner", { name: me.partnerName })}</span> : null}
            </p>
            <LanguageSwitcher />
            <Form method="post" action="/logout">
              <button type="submit" className="block">
                {t("common.actions.signOut")}
              </button>
            </Form>
          </div>
        </details>
      </header>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}
