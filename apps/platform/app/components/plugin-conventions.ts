/**
 * The console's wiring for plugin panels and columns on core pages (@qudao/ui plugin-panels,
 * plugin-columns): its class names, where records have pages, the platform's time zone, and the
 * stylesheets to add to a route's `links`.
 */
import type { LinksFunction } from "@remix-run/node";
import { useRouteLoaderData } from "@remix-run/react";
import type { PluginAppConventions } from "@qudao/ui/plugin-records";
import pluginStyles from "@qudao/ui/plugins.css?url";
import pluginPanelStyles from "@qudao/ui/plugin-panels.css?url";
import { formClassNames } from "~/components/form-field";

/** Core records with a page in the console (the rest are shown without a link). */
export const CORE_RECORD_PAGES: Partial<Record<string, string>> = { customer: "/customers", lead: "/leads", order: "/orders", partner: "/partners" };

export const pluginLinks: LinksFunction = () => [
  { rel: "stylesheet", href: pluginStyles },
  { rel: "stylesheet", href: pluginPanelStyles },
];

export function usePluginConventions(): PluginAppConventions {
  const app = useRouteLoaderData("routes/_app") as { timeZone?: string } | undefined;
  return {
    classNames: { ...formClassNames, table: "", card: "card", detailList: "details" },
    recordHref: (object, id) => `/x/${object}/${id}`,
    coreHref: (object, id) => (CORE_RECORD_PAGES[object] ? `${CORE_RECORD_PAGES[object]}/${id}` : null),
    timeZone: app?.timeZone ?? "Asia/Shanghai",
  };
}
