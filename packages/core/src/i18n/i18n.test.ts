import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { hasMessage, localeFromAcceptLanguage, normaliseLocale, resources, translator } from "./index.ts";

describe("locale negotiation", () => {
  it.each([
    [undefined, undefined],
    ["", undefined],
    ["en-US,en;q=0.9", "en"],
    ["zh-TW", "zh-TW"],
    ["zh-HK,zh;q=0.8", "zh-TW"],
    ["zh-Hant-TW", "zh-TW"],
    ["zh-Hans-CN", "zh-CN"],
    ["zh", "zh-CN"],
    ["fr-FR,en;q=0.5", "en"],
    ["fr-FR,de;q=0.5", undefined],
    ["en;q=0.2,zh-TW;q=0.9", "zh-TW"],
    ["zh-CN;q=0,en", "en"],
  ])("%s → %s", (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });
  it("normalises underscores and case", () => {
    expect(normaliseLocale("ZH_tw")).toBe("zh-TW");
  });
});

function leafKeys(tree: unknown, prefix = ""): string[] {
  if (typeof tree === "string") return [prefix];
  return Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}

describe("message catalogue", () => {
  it("has the same keys in every language, none empty", () => {
    const zh = leafKeys(resources["zh-CN"].translation).sort();
    expect(leafKeys(resources["zh-TW"].translation).sort()).toEqual(zh);
    expect(leafKeys(resources.en.translation).sort()).toEqual(zh);
    for (const locale of ["zh-CN", "zh-TW", "en"] as const) {
      const t = translator(locale);
      for (const key of zh) expect(String(t(key)).trim(), `${locale} ${key}`).not.toBe("");
    }
  });

  it("defines every literal key the apps and core pass to t()", () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        if (name === "node_modules" || name === "build" || name === "generated" || name.startsWith(".")) continue;
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.(tsx?|mts)$/.test(name) && !name.endsWith(".test.ts")) files.push(full);
      }
    };
    for (const dir of ["apps/platform/app", "apps/partner-portal/app", "packages/core/src", "packages/ui/src"]) {
      try {
        walk(path.join(root, dir));
      } catch {
        // an app that does not exist yet has no keys
      }
    }
    const missing: string[] = [];
    const pattern = /\bt\(\s*["'`]((?:common|errors|auth|platform|portal|identity|ownership|work|imports|automation|segments|plugins|pluginRecords|marketplace|pluginDeveloper|pluginReview)\.[\w.]+)["'`]/g;
    for (const file of files) {
      for (const match of readFileSync(file, "utf8").matchAll(pattern)) {
        if (!hasMessage(match[1]!)) missing.push(`${path.relative(root, file)}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
