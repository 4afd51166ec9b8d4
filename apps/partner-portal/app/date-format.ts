import { useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

type RootData = { timeZone?: string };

/** The platform's time zone, as the root loader sent it. */
export function useDisplayTimeZone(): string {
  const root = useRouteLoaderData("root") as RootData | undefined;
  return root?.timeZone ?? "Asia/Shanghai";
}

/**
 * Formats instants for the current language in the platform's time zone. Both the server render
 * and the browser use the same zone, so hydration does not flip the text.
 */
export function useDateFormat(): { dateTime: (value: string | Date) => string; date: (value: string | Date) => string } {
  const { i18n } = useTranslation();
  const timeZone = useDisplayTimeZone();
  const dateTimeFormat = new Intl.DateTimeFormat(i18n.language, { timeZone, dateStyle: "medium", timeStyle: "short" });
  const dateFormat = new Intl.DateTimeFormat(i18n.language, { timeZone, dateStyle: "medium" });
  return {
    dateTime: (value) => dateTimeFormat.format(new Date(value)),
    date: (value) => dateFormat.format(new Date(value)),
  };
}
