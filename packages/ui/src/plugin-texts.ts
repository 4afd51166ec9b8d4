/**
 * Texts a plugin's manifest carries (names, labels, help, listing copy) are objects with one text per
 * language: `{ "zh-CN", "zh-TW"?, en }`. The browser picks the reader's; a missing zh-TW was filled
 * by the loader (plugin-texts.server.ts converts zh-CN), a missing anything else falls back to zh-CN.
 */
import { useTranslation } from "react-i18next";

export type LocalizedText = { "zh-CN": string; "zh-TW"?: string; en: string } | Record<string, string>;

const LOCALES = ["zh-CN", "zh-TW", "en"] as const;

/** The text in `locale`, else in zh-CN, else any text it has ("" for nothing). */
export function localized(text: LocalizedText | null | undefined, locale: string): string {
  if (!text) return "";
  const texts = text as Record<string, string | undefined>;
  const wanted = (LOCALES as readonly string[]).includes(locale) ? locale : "zh-CN";
  return texts[wanted] ?? texts["zh-CN"] ?? Object.values(texts).find((v) => typeof v === "string") ?? "";
}

/** `localized` in the language the page is shown in. */
export function usePluginText(): (text: LocalizedText | null | undefined) => string {
  const { i18n } = useTranslation();
  return (text) => localized(text, i18n.language);
}

/** Whether a JSON value has the shape of a localized text (only locale keys, with a zh-CN string). */
export function isLocalizedText(value: unknown): value is LocalizedText {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    typeof (value as Record<string, unknown>)["zh-CN"] === "string" &&
    entries.every(([key, text]) => (LOCALES as readonly string[]).includes(key) && typeof text === "string")
  );
}
