import type { LinksFunction } from "@remix-run/node";
import { Outlet, useRouteLoaderData } from "@remix-run/react";
import type { PluginAppConventions } from "@qudao/ui/plugin-records";
import pluginStyles from "@qudao/ui/plugins.css?url";
import boardStyles from "@qudao/ui/plugin-records-board.css?url";
import { formClassNames } from "~/components/form-field";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: pluginStyles },
  { rel: "stylesheet", href: boardStyles },
];

/** Where the console shows core records a plugin record points at (the rest have no page of their own here). */
const CORE_PAGES: Record<string, string> = { customer: "/customers", lead: "/leads", order: "/orders" };

/**
 * The pages of a plugin object (`/x/<object>`…) for staff: list, new, detail, edit. They share the
 * console's conventions for the generic renderers through the outlet context.
 */
export default function PluginObjectPages() {
  const app = useRouteLoaderData("routes/_app") as { timeZone?: string } | undefined;
  const conventions: PluginAppConventions = {
    classNames: { ...formClassNames, table: "", card: "card", detailList: "details" },
    recordHref: (object, id) => `/x/${object}/${id}`,
    coreHref: (object, id) => (CORE_PAGES[object] ? `${CORE_PAGES[object]}/${id}` : null),
    timeZone: app?.timeZone ?? "Asia/Shanghai",
  };
  return <Outlet context={conventions} />;
}

export { RouteErrorBoundary as ErrorBoundary };
