/**
 * What is installed where, with each running version's manifest: read on every plugin-aware request
 * (navigation, forms, hooks before save), so it is cached per process for a few seconds. A change
 * made in this process forgets the cache at once; other processes see it within the TTL.
 */
import semver from "semver";
import { namespaceOf } from "@qudao/plugins/permissions";
import { ZPluginManifest, type TPluginManifest } from "@qudao/plugins/manifest";
import type { Actor } from "../../actor/index.ts";
import { baseDb } from "../../db/index.ts";

export type InstalledPlugin = {
  installId: string;
  pluginId: string;
  namespace: string;
  /** null: installed platform-wide. */
  partnerId: string | null;
  versionId: string;
  version: string;
  manifest: TPluginManifest;
  grantedPermissions: string[];
  settings: Record<string, unknown>;
  developerId: string;
};

const TTL_MS = 3_000;
let cache: { at: number; installs: Promise<InstalledPlugin[]> } | undefined;

export function forgetInstalledPlugins(): void {
  cache = undefined;
}

async function loadActive(): Promise<InstalledPlugin[]> {
  const rows = await baseDb().pluginInstall.findMany({
    where: { status: "active" },
    include: { plugin: { select: { developerId: true } } },
    orderBy: { createdAt: "asc" },
  });
  const versions = await baseDb().pluginVersion.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.versionId))] } }, select: { id: true, version: true, manifest: true } });
  const byId = new Map(versions.map((v) => [v.id, v]));
  const out: InstalledPlugin[] = [];
  for (const row of rows) {
    const version = byId.get(row.versionId);
    const manifest = version ? ZPluginManifest.safeParse(version.manifest) : null;
    if (!version || !manifest?.success) continue;
    out.push({
      installId: row.id,
      pluginId: row.pluginId,
      namespace: namespaceOf(row.pluginId),
      partnerId: row.partnerId,
      versionId: row.versionId,
      version: version.version,
      manifest: manifest.data,
      grantedPermissions: row.grantedPermissions,
      settings: (row.settings ?? {}) as Record<string, unknown>,
      developerId: row.plugin.developerId,
    });
  }
  return out;
}

export async function activeInstalls(): Promise<InstalledPlugin[]> {
  if (!cache || Date.now() - cache.at > TTL_MS) {
    const installs = loadActive();
    cache = { at: Date.now(), installs };
    installs.catch(() => forgetInstalledPlugins());
  }
  return cache.installs;
}

/**
 * The installs that run for a partner's records: the partner's own and the platform-wide ones — one
 * per plugin. A partner that installed a plugin the platform also installed for everyone runs its
 * own install (its version, settings and grant), never both: otherwise every hook would run twice
 * (stock deducted twice, two notifications).
 */
export async function installsForPartner(partnerId: string | null): Promise<InstalledPlugin[]> {
  return installsApplyingTo(await activeInstalls(), partnerId);
}

/** `installsForPartner` over a given list of active installs (order kept). */
export function installsApplyingTo<T extends Pick<InstalledPlugin, "pluginId" | "partnerId">>(all: readonly T[], partnerId: string | null): T[] {
  const ownPlugins = new Set(partnerId === null ? [] : all.filter((i) => i.partnerId === partnerId).map((i) => i.pluginId));
  return all.filter((i) => (i.partnerId === null && !ownPlugins.has(i.pluginId)) || (partnerId !== null && i.partnerId === partnerId));
}

/**
 * The plugins an actor works with in the apps: a partner user those installed for its partner (or
 * platform-wide); platform staff every plugin installed anywhere (one entry per plugin: the
 * platform-wide install's version, else the newest among partners').
 */
export async function installsForActor(actor: Actor): Promise<InstalledPlugin[]> {
  if (actor.kind === "partner") return installsForPartner(actor.partnerId);
  if (actor.kind !== "platform" && actor.kind !== "system") return [];
  const all = await activeInstalls();
  const chosen = new Map<string, InstalledPlugin>();
  for (const install of all) {
    const current = chosen.get(install.pluginId);
    if (!current || (current.partnerId !== null && (install.partnerId === null || semver.gt(install.version, current.version)))) chosen.set(install.pluginId, install);
  }
  return [...chosen.values()];
}
