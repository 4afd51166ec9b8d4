import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../cli/args.ts";
import { LINT_CODES, SHAPE_SUBCODES } from "../sdk/manifest-lint.ts";
import { PLUGIN_TOOL_LOCALES, hasToolMessage, pluginToolMessages, translator } from "./index.ts";

function leaves(tree: unknown, prefix = ""): [string, string][] {
  if (typeof tree === "string") return [[prefix, tree]];
  return Object.entries(tree as Record<string, unknown>).flatMap(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key));
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe("plugin toolchain messages", () => {
  const reference = new Map(leaves(pluginToolMessages["zh-CN"]));

  it.each(PLUGIN_TOOL_LOCALES)("%s has exactly the zh-CN keys, none empty, with the same placeholders", (locale) => {
    const messages = new Map(leaves(pluginToolMessages[locale]));
    expect([...messages.keys()].sort()).toEqual([...reference.keys()].sort());
    for (const [key, text] of messages) {
      expect(text.trim(), `${locale} ${key}`).not.toBe("");
      expect(placeholders(text), `${locale} ${key}`).toEqual(placeholders(reference.get(key) as string));
    }
  });

  it("says every lint code and every shape sub-code", () => {
    for (const code of LINT_CODES.filter((c) => c !== "shape")) expect(hasToolMessage(`lint.${code}`), code).toBe(true);
    for (const sub of SHAPE_SUBCODES) expect(hasToolMessage(`lint.shape.${sub}`), sub).toBe(true);
  });

  it("defines every key the CLI passes to the translator", () => {
    const dir = new URL("../cli/", import.meta.url);
    const keys = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
      for (const match of readFileSync(new URL(file, dir), "utf8").matchAll(/"(cli\.[a-zA-Z0-9_.]+[a-zA-Z0-9_])"/g)) keys.add(match[1] as string);
    }
    for (const command of COMMANDS) keys.add(`cli.help.${command}`);
    for (const severity of ["error", "warning"]) keys.add(`cli.severity.${severity}`);
    for (const status of ["passed", "failed", "warning"]) keys.add(`cli.publish.checkStatus.${status}`);
    expect(keys.size).toBeGreaterThan(40);
    for (const key of keys) expect(hasToolMessage(key), key).toBe(true);
  });

  it("interpolates parameters and speaks the chosen language", () => {
    expect(translator("en")("lint.cron_too_frequent", { cron: "* * * * *", minutes: 5 })).toBe('"* * * * *" runs more often than every 5 minutes.');
    expect(translator("zh-CN")("lint.cron_too_frequent", { cron: "* * * * *", minutes: 5 })).toBe("“* * * * *”运行频率高于每 5 分钟一次。");
    expect(translator("zh-TW")("cli.severity.warning")).toBe("警告");
  });

  it("returns the key for an unknown message rather than failing", () => {
    expect(translator("en")("cli.nothing.here")).toBe("cli.nothing.here");
  });
});
