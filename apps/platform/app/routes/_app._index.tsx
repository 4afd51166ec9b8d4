import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can, type Permission } from "@qudao/core/server";
import { PluginHomeWidgets } from "@qudao/ui/plugin-reports";
import { pluginHomeWidgets } from "@qudao/ui/plugin-reports.server";
import reportStyles from "@qudao/ui/plugin-reports.css?url";
import { requireSignedIn } from "~/.server/request.server";
import { pageTitle } from "~/components/page-title";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";

export const links: LinksFunction = () => [...pluginLinks(), { rel: "stylesheet", href: reportStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "platform.home.title");

// Until dashboards arrive, the console opens on the first list the role may read — unless installed
// plugins put widgets on the console's home, which then shows them (with the way to that list).
const START_PAGES: ReadonlyArray<readonly [string, Permission]> = [
  ["/leads", "lead:read"],
  ["/partners", "partner:list"],
  ["/api-keys", "apiKey:manage"],
  ["/plugin-reviews", "plugin:review"],
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const start = START_PAGES.find(([, permission]) => can(actor, permission));
  const widgets = can(actor, "customObject:read") ? await pluginHomeWidgets(caller, ctx.locale) : [];
  if (start && widgets.length === 0) throw redirect(start[0]);
  return json({ widgets, start: start?.[0] ?? null });
}

export default function Home() {
  const { widgets, start } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const app = usePluginConventions();
  const conventions = { ...app, coreHref: (object: string, id: string) => (object === "partner" ? `/partners/${id}` : app.coreHref(object, id)) };
  return (
    <>
      <div className="page-head">
        <h1>{t("platform.home.welcome")}</h1>
        {start ? (
          <Link to={start} className="button">
            {t("pluginReports.home.start")}
          </Link>
        ) : null}
      </div>
      {widgets.length === 0 ? (
        <p className="empty">{t("platform.home.nothingYet")}</p>
      ) : (
        <div className="plugin-widgets">
          <PluginHomeWidgets widgets={widgets} app={conventions} />
        </div>
      )}
    </>
  );
}
