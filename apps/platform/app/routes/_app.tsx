import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireSignedIn } from "~/.server/request.server";
import { LanguageSwitcher } from "~/components/language-switcher";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn(request);
  return json({ me: { name: actor.name, email: actor.email, roles: actor.roles } });
}

const NAV = [
  { to: "/leads", key: "platform.nav.leads" },
  { to: "/partners", key: "platform.nav.partners" },
  { to: "/audit", key: "platform.nav.audit", roles: ["admin"] },
  { to: "/api-keys", key: "platform.nav.apiKeys" },
] as const;

export default function AppLayout() {
  const { me } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="shell">
      <header className="topbar">
        <a href="/" className="brand">
          {t("common.appName")} <span className="muted">{t("platform.consoleName")}</span>
        </a>
        <nav className="nav" aria-label={t("platform.nav.label")}>
          {NAV.filter((item) => !("roles" in item) || item.roles.some((r) => (me.roles as string[]).includes(r))).map((item) => (
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
