import type { LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can, createCaller, env, signInPath, type Permission } from "@qudao/core/server";
import { PluginNavItems, pluginNavItems, type PluginNavItem } from "@qudao/ui/plugin-nav";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import { requestContext } from "~/.server/request.server";
import { LanguageSwitcher } from "~/components/language-switcher";

const NAV = [
  { to: "/registrations", key: "platform.nav.registrations", permission: "registration:read" },
  { to: "/customers", key: "platform.nav.customers", permission: "customer:read" },
  { to: "/tags", key: "segments.nav.tags", permission: "tag:manage" },
  { to: "/leads", key: "platform.nav.leads", permission: "lead:read" },
  { to: "/opportunities", key: "opportunities.nav.opportunities", permission: "opportunity:read" },
  { to: "/orders", key: "orders.nav.title", permission: "order:read" },
  { to: "/commission-plans", key: "commissions.nav.plans", permission: "commissionPlan:read" },
  { to: "/statements", key: "statements.nav.title", permission: "statement:read" },
  { to: "/disputes", key: "settlement.nav.disputes", permission: "dispute:resolve" },
  { to: "/payouts", key: "settlement.nav.payouts", permission: "payout:write" },
  { to: "/reconciliation", key: "reconciliation.nav.title", permission: "reconciliation:read" },
  { to: "/entitlements", key: "entitlements.nav.queue", permission: "entitlement:read" },
  { to: "/partners", key: "platform.nav.partners", permission: "partner:list" },
  { to: "/automation", key: "automation.nav.title", permission: "automation:read" },
  { to: "/plugin-reviews", key: "pluginReview.nav.reviews", permission: "plugin:review" },
  { to: "/plugins", key: "pluginReview.nav.plugins", permission: "plugin:review" },
  { to: "/marketplace", key: "pluginReview.nav.marketplace", permission: "plugin:read" },
  { to: "/audit", key: "platform.nav.audit", permission: "audit:read" },
  { to: "/api-keys", key: "platform.nav.apiKeys", permission: "apiKey:manage" },
  { to: "/pipelines", key: "opportunities.nav.pipelines", permission: "pipeline:manage" },
  { to: "/settings", key: "platform.nav.settings", permission: "settings:read" },
] as const satisfies ReadonlyArray<{ to: string; key: string; permission: Permission }>;

const NOTIFICATIONS = { to: "/notifications", key: "pluginDeveloper.nav.notifications" } as const;

/** A developer's whole console: their plugins and their account. */
const DEVELOPER_NAV = [{ to: "/developer", key: "pluginDeveloper.nav.myPlugins" }, { to: "/api-keys", key: "platform.nav.apiKeys" }, NOTIFICATIONS] as const;

const within = (pathname: string, area: string) => pathname === area || pathname.startsWith(`${area}/`);

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requestContext(request);
  const { actor } = ctx;
  const { pathname } = new URL(request.url);
  const timeZone = env().PLATFORM_TIMEZONE;
  if (actor.kind === "developer") {
    // Staff pages are not theirs: every other path lands on their own area (core refuses them anyway).
    if (!DEVELOPER_NAV.some((item) => within(pathname, item.to))) throw redirect("/developer");
    const unread = await createCaller(ctx).notifications.unreadCount();
    return json({ kind: "developer" as const, me: { name: actor.name, email: actor.email, roles: [] as string[] }, nav: [...DEVELOPER_NAV], pluginNav: [] as PluginNavItem[], unread, timeZone });
  }
  if (actor.kind !== "platform") throw redirect(signInPath(request));
  if (within(pathname, "/developer")) throw redirect("/");
  const caller = createCaller(ctx);
  // A broken plugin must not take the console down: its navigation is left out and the cause logged.
  const leftOut = (error: unknown) => {
    console.error(error);
    return [];
  };
  const readsPlugins = can(actor, "customObject:read");
  const [unread, pluginUi, reports] = await Promise.all([
    caller.notifications.unreadCount(),
    readsPlugins ? caller.pluginInstalls.ui({ surface: "platform" }).catch(leftOut) : Promise.resolve([]),
    readsPlugins ? caller.pluginReports.list().catch(leftOut) : Promise.resolve([]),
  ]);
  return json({
    kind: "platform" as const,
    me: { name: actor.name, email: actor.email, roles: actor.roles as string[] },
    // Core's permission table decides which pages a role gets; the pages themselves are guarded by core too.
    nav: [...NAV.filter((item) => can(actor, item.permission)).map(({ to, key }) => ({ to, key })), NOTIFICATIONS],
    pluginNav: withPluginTexts(pluginNavItems(pluginUi, reports), ctx.locale),
    unread,
    timeZone,
  });
}

export default function AppLayout() {
  const { kind, me, nav, pluginNav, unread } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="shell">
      <header className="topbar">
        <a href="/" className="brand">
          {t("common.appName")} <span className="muted">{t(kind === "developer" ? "pluginDeveloper.consoleName" : "platform.consoleName")}</span>
        </a>
        <nav className="nav" aria-label={t("platform.nav.label")}>
          {nav.map((item) => (
            <NavLink key={item.to} to={item.to}>
              {t(item.key)}
              {item.to === NOTIFICATIONS.to && unread > 0 ? (
                <>
                  {" "}
                  <span className="badge" aria-label={t("pluginDeveloper.notifications.unreadCount", { count: unread })}>
                    {unread}
                  </span>
                </>
              ) : null}
            </NavLink>
          ))}
          <PluginNavItems items={pluginNav} />
        </nav>
        <div className="me">
          <span title={me.email}>
            {me.name} · {kind === "developer" ? t("pluginDeveloper.role") : me.roles.map((r) => t(`common.platformRole.${r}`)).join("、")}
          </span>
          <LanguageSwitcher />
          <Form method="post" action="/logout">
            <button type="submit" className="link">
              {t("common.actions.signOut")}
            </button>
          </Form>
        </div>
      </header>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}
