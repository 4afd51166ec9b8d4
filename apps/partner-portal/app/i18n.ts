import i18next, { type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { DEFAULT_LOCALE, isLocale, resources, SUPPORTED_LOCALES, type Locale } from "@qudao/core/i18n";

/** One i18next instance per locale, shared by server render and hydration (resources are bundled). */
const instances = new Map<Locale, i18n>();

export function i18nFor(locale: Locale): i18n {
  let instance = instances.get(locale);
  if (!instance) {
    instance = i18next.createInstance();
    void instance.use(initReactI18next).init({
      resources,
      lng: locale,
      fallbackLng: DEFAULT_LOCALE,
      supportedLngs: [...SUPPORTED_LOCALES],
      interpolation: { escapeValue: false },
      initImmediate: false,
    });
    instances.set(locale, instance);
  }
  return instance;
}

type MetaMatch = { id: string; data: unknown };

/**
 * A translated `<title>` for a route's `meta`, in the locale the root loader chose
 * (meta functions cannot use hooks).
 */
export function pageTitle(matches: ReadonlyArray<MetaMatch>, key: string, params: Record<string, unknown> = {}): Array<{ title: string }> {
  const root = matches.find((match) => match.id === "root")?.data as { locale?: unknown } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
  const t = i18nFor(locale).t;
  return [{ title: t("portal.pageTitle", { page: t(key, params) }) }];
}
