import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can, env, type Permission } from "@qudao/core/server";
import { requireSignedIn } from "~/.server/request.server";
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
  { to: "/audit", key: "platform.nav.audit", permission: "audit:read" },
  { to: "/api-keys", key: "platform.nav.apiKeys", permission: "apiKey:manage" },
  { to: "/pipelines", key: "opportunities.nav.pipelines", permission: "pipeline:manage" },
  { to: "/settings", key: "platform.nav.settings", permission: "settings:read" },
] as const satisfies ReadonlyArray<{ to: string; key: string; permission: Permission }>;

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn(request);
  return json({
    me: { name: actor.name, email: actor.email, roles: actor.roles },
    // Core's permission table decides which pages a role gets; the pages themselves are guarded by core too.
    nav: NAV.filter((item) => can(actor, item.permission)).map(({ to, key }) => ({ to, key })),
    timeZone: env().PLATFORM_TIMEZONE,
  });
}

export default function AppLayout() {
  const { me, nav } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="shell">
      <header className="topbar">
        <a href="/" className="brand">
          {t("common.appName")} <span className="muted">{t("platform.consoleName")}</span>
        </a>
        <nav className="nav" aria-label={t("platform.nav.label")}>
          {nav.map((item) => (
            <NavLink key={item.to} to={item.to}>
              {t(item.key)}
            </NavLink>
          ))}
        </nav>
        <div className="me">
          <span title={me.email}>
            {me.name} · {me.roles.map((r) => t(`common.platformRole.${r}`)).join("、")}
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
