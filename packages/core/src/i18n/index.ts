/**
 * i18n shared by both apps and the API. Namespaces are files in ./locales, each defining all three
 * languages side by side (define-messages.ts makes a missing key a compile error).
 */
import i18next, { type TFunction } from "i18next";
import { common } from "./locales/common.ts";
import { errors } from "./locales/errors.ts";
import { auth } from "./locales/auth.ts";
import { platform } from "./locales/platform.ts";
import { portal } from "./locales/portal.ts";
import { identity } from "./locales/identity.ts";
import { ownership } from "./locales/ownership.ts";
import { automation } from "./locales/automation.ts";
import { automationPlugins } from "./locales/automation-plugins.ts";
import { work } from "./locales/work.ts";
import { team } from "./locales/team.ts";
import { imports } from "./locales/imports.ts";
import { opportunities } from "./locales/opportunities.ts";
import { pipeline } from "./locales/pipeline.ts";
import { segments } from "./locales/segments.ts";
import { orders } from "./locales/orders.ts";
import { commissions } from "./locales/commissions.ts";
import { entitlements } from "./locales/entitlements.ts";
import { statements } from "./locales/statements.ts";
import { reconciliation } from "./locales/reconciliation.ts";
import { settlement } from "./locales/settlement.ts";
import { plugins } from "./locales/plugins.ts";
import { pluginRecords } from "./locales/plugin-records.ts";
import { pluginPanels } from "./locales/plugin-panels.ts";
import { pluginPipelines } from "./locales/plugin-pipelines.ts";
import { marketplace } from "./locales/marketplace.ts";
import { pluginDeveloper } from "./locales/plugin-developer.ts";
import { pluginReview } from "./locales/plugin-review.ts";
import { commissionPluginRules } from "./locales/commission-plugin-rules.ts";
import { pluginImports } from "./locales/plugin-imports.ts";
import { recordDocuments } from "./locales/record-documents.ts";
import { pluginReports } from "./locales/plugin-reports.ts";
import { pluginExtensions } from "./locales/plugin-extensions.ts";
// The plugin toolchain's own texts (lint issues, CLI) and the sandbox's (limits, scan findings, tests):
// shown by the developer and review pages, so the apps read them from the same bundle.
import { pluginToolMessages } from "@qudao/plugins/i18n";
import { pluginRuntime } from "@qudao/plugins/runtime-messages";

export const SUPPORTED_LOCALES = ["zh-CN", "zh-TW", "en"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

const namespaces = { common, errors, auth, platform, portal, identity, ownership, automation, automationPlugins, imports, team, opportunities, pipeline, work, segments, orders, commissions, entitlements, statements, reconciliation, settlement, plugins, pluginRecords, pluginPanels, pluginPipelines, marketplace, pluginDeveloper, pluginReview, commissionPluginRules, pluginImports, recordDocuments, pluginReports, pluginExtensions };

function bundle(locale: Locale) {
  return {
    ...Object.fromEntries(Object.entries(namespaces).map(([ns, messages]) => [ns, messages[locale]])),
    pluginTools: pluginToolMessages[locale],
    pluginRuntime: pluginRuntime[locale],
  };
}

/** i18next resources: one "translation" namespace whose top-level keys are our namespaces. */
export const resources = {
  "zh-CN": { translation: bundle("zh-CN") },
  "zh-TW": { translation: bundle("zh-TW") },
  en: { translation: bundle("en") },
} as const;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** Map any BCP-47 tag to a supported locale, or undefined. zh-Hant/HK/MO read Traditional. */
export function normaliseLocale(tag: string | null | undefined): Locale | undefined {
  if (!tag) return undefined;
  const lower = tag.trim().toLowerCase().replace(/_/g, "-");
  if (!lower) return undefined;
  if (lower.startsWith("en")) return "en";
  if (lower.startsWith("zh")) {
    if (/^zh-(hant|tw|hk|mo)/.test(lower)) return "zh-TW";
    return "zh-CN";
  }
  return undefined;
}

/** Pure: pick the best locale from an Accept-Language header (q-values honoured). */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag ?? "", quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const entry of ranked) {
    const locale = normaliseLocale(entry.tag);
    if (locale) return locale;
  }
  return undefined;
}

const instance = i18next.createInstance();
void instance.init({
  resources,
  lng: DEFAULT_LOCALE,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...SUPPORTED_LOCALES],
  interpolation: { escapeValue: false },
  initImmediate: false,
  returnNull: false,
});

/** A translator for one locale (server side: API errors, emails, notifications). */
export function translator(locale: Locale): TFunction {
  return instance.getFixedT(locale);
}

export function hasMessage(key: string): boolean {
  return instance.exists(key, { lng: DEFAULT_LOCALE });
}

export type { TFunction };

/**
 * Plugin texts (validation messages, notifications) join the server translator under
 * `pluginText.<namespace>.<key>` when a plugin version loads; zh-TW falls back to zh-CN converted.
 */
export function registerPluginMessages(namespace: string, locales: { "zh-CN": Record<string, string>; "zh-TW"?: Record<string, string>; en: Record<string, string> }, toTraditional: (text: string) => string): void {
  const nest = (flat: Record<string, string>) => ({ pluginText: { [namespace]: unflatten(flat) } });
  const traditional = locales["zh-TW"] ?? Object.fromEntries(Object.entries(locales["zh-CN"]).map(([k, v]) => [k, toTraditional(v)]));
  instance.addResourceBundle("zh-CN", "translation", nest(locales["zh-CN"]), true, true);
  instance.addResourceBundle("zh-TW", "translation", nest(traditional), true, true);
  instance.addResourceBundle("en", "translation", nest(locales.en), true, true);
}

export function pluginMessageKey(namespace: string, key: string): string {
  return `pluginText.${namespace}.${key}`;
}

/** `{"a.b": "x"}` → `{a: {b: "x"}}`: plugin keys may contain dots, i18next reads them as paths. */
function unflatten(flat: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split(".");
    let node = out;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      node = (typeof next === "object" && next !== null ? next : (node[part] = {})) as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = value;
  }
  return out;
}
