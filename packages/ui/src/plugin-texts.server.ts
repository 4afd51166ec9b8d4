/**
 * Loaders pass plugin texts through here before they reach the page: a manifest may leave zh-TW out
 * (only zh-CN and en are required), and a zh-TW reader then gets the zh-CN text converted to
 * Traditional characters (OpenCC, the same conversion core applies to plugin messages).
 */
import { Converter } from "opencc-js/cn2t";
import { isLocalizedText } from "./plugin-texts.ts";

let toTraditional: ((text: string) => string) | undefined;

function traditional(text: string): string {
  toTraditional ??= Converter({ from: "cn", to: "tw" });
  return toTraditional(text);
}

function fill(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fill);
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
  if (isLocalizedText(value)) {
    const text = value as Record<string, string>;
    return text["zh-TW"] ? value : { ...text, "zh-TW": traditional(text["zh-CN"] ?? "") };
  }
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fill(inner)]));
}

/**
 * `value` with every localized text that lacks zh-TW given one, when the reader reads zh-TW; for
 * other languages it is returned as it is (they never need the conversion).
 */
export function withPluginTexts<T>(value: T, locale: string): T {
  return locale === "zh-TW" ? (fill(value) as T) : value;
}

/** One localized text (e.g. a plugin notification's title) as a string in `locale`. */
export function pluginTextIn(text: unknown, locale: string): string | null {
  if (!isLocalizedText(text)) return null;
  const source = text as Record<string, string>;
  if (locale === "zh-TW") return source["zh-TW"] ?? traditional(source["zh-CN"] ?? "");
  return source[locale] ?? source["zh-CN"] ?? null;
}
