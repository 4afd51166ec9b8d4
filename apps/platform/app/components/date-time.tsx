import { useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { loader as appLoader } from "~/routes/_app";

type DateInput = string | Date | null | undefined;
/** `precise` keeps seconds (audit log); `dateTime` is minutes; `date` has no time. */
type Style = "dateTime" | "date" | "precise";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string | undefined, style: Style): Intl.DateTimeFormat {
  const cacheKey = `${locale}|${timeZone ?? ""}|${style}`;
  let cached = formatters.get(cacheKey);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, {
      dateStyle: "medium",
      ...(style === "dateTime" ? { timeStyle: "short" } : style === "precise" ? { timeStyle: "medium" } : {}),
      ...(timeZone ? { timeZone } : {}),
    });
    formatters.set(cacheKey, cached);
  }
  return cached;
}

/**
 * Dates in the reader's language and the platform's time zone (PLATFORM_TIMEZONE), the same on the
 * server render and in the browser.
 */
export function useDateFormat(): (value: DateInput, style?: Style) => string {
  const { i18n } = useTranslation();
  const app = useRouteLoaderData<typeof appLoader>("routes/_app");
  return (value, style = "dateTime") => (value ? formatter(i18n.language, app?.timeZone, style).format(new Date(value)) : "");
}

export function DateTime({ value, style = "dateTime", fallback }: { value: DateInput; style?: Style; fallback?: string }) {
  const format = useDateFormat();
  if (!value) return <span className="muted">{fallback ?? "—"}</span>;
  const iso = new Date(value).toISOString();
  // ICU builds of Node and the browser can differ in spacing; the text is the same instant either way.
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {format(value, style)}
    </time>
  );
}
