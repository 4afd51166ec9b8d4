import type { LinksFunction } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import type { PluginAppConventions } from "@qudao/ui/plugin-records";
import pluginStyles from "@qudao/ui/plugins.css?url";
import boardStyles from "@qudao/ui/plugin-records-board.css?url";
import { formClassNames } from "~/components/form-field";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDisplayTimeZone } from "~/date-format";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: pluginStyles },
  { rel: "stylesheet", href: boardStyles },
];

/** Where the portal shows core records a plugin record points at (the rest have no page of their own here). */
const CORE_PAGES: Record<string, string> = { customer: "/customers", lead: "/leads", opportunity: "/opportunities", task: "/tasks", activity: "/activities" };

/**
 * The pages of a plugin object (`/x/<object>`…): list, new, detail, edit. They share the portal's
 * conventions for the generic renderers through the outlet context.
 */
export default function PluginObjectPages() {
  const timeZone = useDisplayTimeZone();
  const conventions: PluginAppConventions = {
    classNames: { ...formClassNames, table: "responsive-table", card: "card", detailList: "detail-list" },
    recordHref: (object, id) => `/x/${object}/${id}`,
    coreHref: (object, id) => (CORE_PAGES[object] ? `${CORE_PAGES[object]}/${id}` : null),
    timeZone,
  };
  return <Outlet context={conventions} />;
}

export { RouteErrorBoundary as ErrorBoundary };
