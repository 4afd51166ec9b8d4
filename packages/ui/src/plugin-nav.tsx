/**
 * Navigation entries the installed plugins contribute (`contributes.navigation`), as core's
 * `pluginInstalls.ui({ surface })` returns them. Each entry opens its plugin object's list page,
 * `/x/<object>`, which both apps serve with the generic renderers (no per-plugin code).
 */
import { NavLink } from "@remix-run/react";
import { usePluginText, type LocalizedText } from "./plugin-texts.ts";

export type PluginNavItem = { key: string; to: string; label: LocalizedText };

type PluginUi = { pluginId: string; navigation: ReadonlyArray<{ name: string; label: LocalizedText; object: string }> };

/** The app's navigation items from `pluginInstalls.ui`, in plugin order (call it in the loader). */
export function pluginNavItems(plugins: ReadonlyArray<PluginUi>): PluginNavItem[] {
  return plugins.flatMap((plugin) => plugin.navigation.map((item) => ({ key: item.name, to: `/x/${item.object}`, label: item.label })));
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
