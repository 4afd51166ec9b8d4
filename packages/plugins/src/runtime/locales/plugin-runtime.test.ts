import { describe, expect, it } from "vitest";
import { TEST_FAILURE_CODES } from "../../sdk/harness/index.ts";
import { INVOCATION_ERROR_CODES } from "../sandbox.ts";
import { PLUGIN_INTEGRITY_CODES } from "../signing.ts";
import { SCAN_CODES } from "../static-scan.ts";
import { pluginRuntime } from "./plugin-runtime.ts";

type Tree = Record<string, Record<string, string>>;
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
const leaves = (tree: Tree) => Object.entries(tree).flatMap(([group, messages]) => Object.entries(messages).map(([code, text]) => [`${group}.${code}`, text] as const));

describe("pluginRuntime messages", () => {
  const reference = new Map<string, string>(leaves(pluginRuntime["zh-CN"]));

  it.each(["zh-TW", "en"] as const)("%s says every zh-CN message, with the same placeholders", (locale) => {
    const messages = new Map<string, string>(leaves(pluginRuntime[locale]));
    expect([...messages.keys()].sort()).toEqual([...reference.keys()].sort());
    for (const [key, text] of messages) {
      expect(text.trim(), key).not.toBe("");
      expect(placeholders(text), key).toEqual(placeholders(reference.get(key)!));
    }
  });

  it("has a message for every code the runtime, the signing, the scan and the harness return", () => {
    const keys = [
      ...INVOCATION_ERROR_CODES.map((code) => `invocation.${code}`),
      "invocation.intent_invalid",
      ...PLUGIN_INTEGRITY_CODES.map((code) => `integrity.${code}`),
      ...SCAN_CODES.map((code) => `scan.${code}`),
      ...TEST_FAILURE_CODES.filter((code) => code !== "missing_hook").map((code) => `test.${code}`),
      "test.assertion_failed_not",
    ];
    for (const key of keys) expect(reference.has(key), key).toBe(true);
  });
});
