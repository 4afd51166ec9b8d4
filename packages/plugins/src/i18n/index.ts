import en from "./en.json" with { type: "json" };
import zhCN from "./zh-CN.json" with { type: "json" };
import zhTW from "./zh-TW.json" with { type: "json" };
import { pluginRuntime } from "../runtime/locales/plugin-runtime.ts";

/**
 * Messages of the plugin toolchain: the CLI (`cli.*`) and the manifest lint (`lint.*`, see
 * `lintIssueKey`). Nested JSON with i18next-style `{{name}}` placeholders, so the host can load the
 * same files into its i18next instance; the CLI uses the small translator below and needs nothing else.
 * The translator also resolves `pluginRuntime.*` (the sandbox's own messages: scan findings, test
 * failures, limits), which live with the runtime.
 */
export const PLUGIN_TOOL_LOCALES = ["zh-CN", "zh-TW", "en"] as const;
export type PluginToolLocale = (typeof PLUGIN_TOOL_LOCALES)[number];
export const DEFAULT_TOOL_LOCALE: PluginToolLocale = "zh-CN";

type MessageTree = { [key: string]: string | MessageTree };

export const pluginToolMessages: Record<PluginToolLocale, MessageTree> = { "zh-CN": zhCN, "zh-TW": zhTW, en };

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function isPluginToolLocale(value: unknown): value is PluginToolLocale {
  return typeof value === "string" && (PLUGIN_TOOL_LOCALES as readonly string[]).includes(value);
}

function lookup(tree: MessageTree, key: string): string | undefined {
  let node: string | MessageTree | undefined = tree;
  for (const part of key.split(".")) {
    if (node === undefined || typeof node === "string") return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

export function hasToolMessage(key: string, locale: PluginToolLocale = DEFAULT_TOOL_LOCALE): boolean {
  return lookup(messagesOf(locale), key) !== undefined;
}

function messagesOf(locale: PluginToolLocale): MessageTree {
  return { ...pluginToolMessages[locale], pluginRuntime: pluginRuntime[locale] as MessageTree };
}

/** `t(key, params)`: the message in `locale`, else zh-CN, else the key itself (a test keeps that from happening). */
export function translator(locale: PluginToolLocale): Translate {
  const messages = messagesOf(locale);
  const fallback = messagesOf(DEFAULT_TOOL_LOCALE);
  return (key, params = {}) => {
    const template = lookup(messages, key) ?? lookup(fallback, key) ?? key;
    return template.replace(/\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}
