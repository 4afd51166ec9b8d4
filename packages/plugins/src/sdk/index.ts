/**
 * The plugin SDK as plugin code imports it. It is bundled into the plugin and runs inside the QuickJS
 * sandbox, so it must stay tiny and free of Node, zod and the host: a function that registers the
 * hooks, the in-sandbox test API and the exact decimal helper. Types come from hooks.ts.
 */
import type { PluginDefinition, PluginHooks } from "./hooks.ts";

export type * from "./hooks.ts";

declare const globalThis: { __qudaoPlugin?: PluginDefinition; __qudaoTests?: PluginTestCase[] };

/** Registers the plugin's hooks with the sandbox. The names must match the manifest's `hooks[].name`. */
export function definePlugin<H extends PluginHooks>(definition: { hooks: H }): { hooks: H } {
  globalThis.__qudaoPlugin = definition;
  return definition;
}

export type PluginTestCase = { name: string; run: () => void };

/** Declares a test that `qudao-plugin test` and the review checks run in the sandbox, under the same limits. */
export function test(name: string, run: () => void): void {
  (globalThis.__qudaoTests ??= []).push({ name, run });
}

export { expect, invoke } from "./sandbox-test-api.ts";

/** Exact decimal arithmetic on decimal strings (money in commission hooks): `decimal.mul(base, rate)`… */
export * as decimal from "./decimal.ts";
