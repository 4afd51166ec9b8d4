/**
 * Plugins for database tests: a package as `qudao-plugin pack` writes it, and the way it comes to
 * run for a partner, over /api/v1 as the people involved do it — a developer uploads the version, a
 * reviewer approves (signs) it, a platform admin lets partners install it, the partner's admin
 * installs it with consent to every permission it asks for.
 */
import type { TPluginPackage } from "@qudao/plugins/package-format";
import { api } from "./api-client.ts";

/** A localized text as manifests write it (zh-TW is derived by the host). */
export function localized(zh: string, en: string): { "zh-CN": string; en: string } {
  return { "zh-CN": zh, en };
}

/** A package of the current format; `hooks` and `tests` are bundles as `definePlugin` / `test` leave them. */
export function testPluginPackage(parts: { manifest: Record<string, unknown>; hooks: string; tests?: string | null; locales: TPluginPackage["locales"] }): TPluginPackage {
  return { format: 1, manifest: parts.manifest, hooks: parts.hooks, tests: parts.tests ?? null, locales: parts.locales, assets: {} };
}

function expectStatus(step: string, response: { status: number; body: unknown }, status: number): void {
  if (response.status !== status) throw new Error(`${step}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
}

/**
 * Upload, approve, allow partner installs and install for one partner. The plugin then runs for that
 * partner only (tests share one database: never install platform-wide). Returns the version and install.
 */
export async function installTestPlugin(options: {
  pkg: TPluginPackage;
  tokens: { developer: string; reviewer: string; platformAdmin: string; partnerAdmin: string };
}): Promise<{ versionId: string; installId: string }> {
  const { pkg, tokens } = options;
  const pluginId = String(pkg.manifest.id);
  const uploaded = await api("POST", `/plugins/${pluginId}/versions`, { token: tokens.developer, body: pkg });
  expectStatus("upload", uploaded, 201);
  if (uploaded.body.status !== "in_review") throw new Error(`upload: checks did not pass ${JSON.stringify(uploaded.body.checks)}`);
  expectStatus("approve", await api("POST", `/plugin-reviews/${uploaded.body.id}/approve`, { token: tokens.reviewer, body: {} }), 200);
  expectStatus("policy", await api("PUT", `/plugins/${pluginId}/policy`, { token: tokens.platformAdmin, body: { partnerInstallAllowed: true } }), 200);
  const permissions = (pkg.manifest.permissions as string[] | undefined) ?? [];
  const installed = await api("POST", "/plugin-installs", { token: tokens.partnerAdmin, body: { pluginId, scope: "partner", consentedPermissions: permissions } });
  expectStatus("install", installed, 201);
  return { versionId: uploaded.body.id as string, installId: installed.body.id as string };
}
