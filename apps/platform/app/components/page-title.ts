import type { MetaDescriptor } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale } from "@qudao/core/i18n";
import { i18nFor } from "~/i18n";

type Match = { id: string; data: unknown };

/** `<title>` for a route's `meta`, in the language the root loader chose. */
export function pageTitle(matches: Match[], key: string, detail?: string | null): MetaDescriptor[] {
  const rootData = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  const locale = isLocale(rootData?.locale) ? rootData.locale : DEFAULT_LOCALE;
  const t = i18nFor(locale).t;
  const parts = [detail, t(key), t("common.appName")].filter((p): p is string => Boolean(p));
  return [{ title: parts.join(" · ") }];
}
