import { DEFAULT_TOOL_LOCALE, isPluginToolLocale, type PluginToolLocale } from "../i18n/index.ts";

/** `zh_TW.UTF-8` → zh-TW, `zh-Hant-HK` → zh-TW, `zh_CN` / `zh` → zh-CN, `en_GB` → en; anything else → undefined. */
export function localeFromTag(tag: string | undefined): PluginToolLocale | undefined {
  if (!tag) return undefined;
  const lower = tag.trim().split(".")[0]?.toLowerCase().replace(/_/g, "-") ?? "";
  if (lower === "en" || lower.startsWith("en-")) return "en";
  if (lower === "zh" || lower.startsWith("zh-")) return /^zh-(hant|tw|hk|mo)/.test(lower) ? "zh-TW" : "zh-CN";
  return undefined;
}

/** `--locale` (exact), then QUDAO_LOCALE, then LANG, then zh-CN. */
export function resolveLocale(flag: string | undefined, env: Record<string, string | undefined>): PluginToolLocale {
  if (isPluginToolLocale(flag)) return flag;
  return localeFromTag(env.QUDAO_LOCALE) ?? localeFromTag(env.LANG) ?? DEFAULT_TOOL_LOCALE;
}
