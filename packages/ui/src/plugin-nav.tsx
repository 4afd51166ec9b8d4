/**
 * Navigation entries the installed plugins contribute (`contributes.navigation`), as core's
 * `pluginInstalls.ui({ surface })` returns them. Each entry opens its plugin object's list page,
 * `/x/<object>`, or its report's page, `/r/<report>` — both apps serve them with the generic
 * renderers (no per-plugin code).
 */
import { NavLink } from "@remix-run/react";
import { usePluginText, type LocalizedText } from "./plugin-texts.ts";

export type PluginNavItem = { key: string; to: string; label: LocalizedText };

type PluginUi = { pluginId: string; navigation: ReadonlyArray<{ name: string; label: LocalizedText; object?: string | undefined; report?: string | undefined }> };

/**
 * The app's navigation items from `pluginInstalls.ui`, in plugin order (call it in the loader).
 * `runnableReports` (the names `pluginReports.list` gives the user) leaves out entries of reports the
 * user's role may not run; without it every report entry is kept.
 */
export function pluginNavItems(plugins: ReadonlyArray<PluginUi>, runnableReports?: ReadonlyArray<{ name: string }>): PluginNavItem[] {
  const runnable = runnableReports ? new Set(runnableReports.map((r) => r.name)) : null;
  return plugins.flatMap((plugin) =>
    plugin.navigation.flatMap((item) => {
      if (item.report && runnable && !runnable.has(item.report)) return [];
      const to = item.report ? `/r/${encodeURIComponent(item.report)}` : item.object ? `/x/${item.object}` : null;
      return to ? [{ key: item.name, to, label: item.label }] : [];
    }),
  );
}

/**
 * One `NavLink` per plugin entry, labelled in the reader's language; put it inside the app's `<nav>`.
 * `linkClassName` is the class each link gets (NavLink adds `active` on the current page);
 * `labelClassName`, when given, wraps the label in a span of that class.
 */
export function PluginNavItems({ items, linkClassName, labelClassName }: { items: ReadonlyArray<PluginNavItem>; linkClassName?: string; labelClassName?: string }) {
  const text = usePluginText();
  return (
    <>
      {items.map((item) => (
        <NavLink key={item.key} to={item.to} prefetch="intent" className={linkClassName} data-plugin-nav={item.key}>
          {labelClassName ? <span className={labelClassName}>{text(item.label)}</span> : text(item.label)}
        </NavLink>
      ))}
    </>
  );
}
