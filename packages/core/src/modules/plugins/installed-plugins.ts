/**
 * What is installed where, with each running version's manifest: read on every plugin-aware request
 * (navigation, forms, hooks before save), so it is cached per process for a second. A change made
 * in this process forgets the cache at once; other processes see it within the TTL.
 *
 * The worker cannot wait out a TTL: an event whose hooks are looked up in a cache older than the
 * install would miss them for good (a partner installs a plugin and creates its first record within
 * the TTL: that record's event hook never runs). So the worker asks with the event's time:
 * `activeInstalls(occurredAt)` answers from a snapshot taken after it, on the database's clock
 * (see `Snapshot.dbAt`). Whether the installs changed is one cheap query (a digest of the install
 * rows' last changes); the manifests are read and parsed again only when they did.
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

/** Cheap to renew: past it, one stamp query, and a reload only if the installs changed. */
const TTL_MS = 1_000;

type Snapshot = {
  /** The database's clock when the snapshot was taken: every install committed before it is in `installs`. */
  dbAt: Date;
  /** A digest of every install row's last change: equal stamps, equal installs. */
  stamp: string;
  installs: InstalledPlugin[];
};

let cache: { at: number; snapshot: Promise<Snapshot> } | undefined;

export function forgetInstalledPlugins(): void {
  cache = undefined;
}

/**
 * One statement, so its snapshot holds every transaction committed before `now()` (its start). The
 * stamp digests every install row's last change, so it differs whenever any row changed, whatever the
 * clocks of the processes that wrote them (a max of `updatedAt` would miss a writer whose clock is behind).
 */
async function installsStamp(): Promise<{ dbAt: Date; stamp: string }> {
  const [row] = await baseDb().$queryRaw<Array<{ dbAt: Date; stamp: string | null }>>`
    SELECT now() AS "dbAt", md5(string_agg(id::text || '@' || "updatedAt"::text, ',' ORDER BY id)) AS stamp FROM "PluginInstall"`;
  return { dbAt: row!.dbAt, stamp: row!.stamp ?? "" };
}

async function takeSnapshot(previous: Promise<Snapshot> | undefined): Promise<Snapshot> {
  const { dbAt, stamp } = await installsStamp();
  const before = previous ? await previous.catch(() => undefined) : undefined;
  if (before && before.stamp === stamp) return { ...before, dbAt };
  return { dbAt, stamp, installs: await loadActive() };
}

function refresh(): Promise<Snapshot> {
  const snapshot = takeSnapshot(cache?.snapshot);
  const entry = { at: Date.now(), snapshot };
  cache = entry;
  snapshot.catch(() => {
    if (cache === entry) forgetInstalledPlugins();
  });
  return snapshot;
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

/**
 * The active installs, from a snapshot at most TTL_MS old; with `asOf` (an event's time, on the
 * database's clock), from one that includes every install committed before it.
 */
export async function activeInstalls(asOf?: Date): Promise<InstalledPlugin[]> {
  const entry = cache;
  if (entry && Date.now() - entry.at <= TTL_MS) {
    const snapshot = await entry.snapshot.catch(() => undefined);
    if (snapshot && (!asOf || snapshot.dbAt.getTime() >= asOf.getTime())) return snapshot.installs;
  }
  return (await refresh()).installs;
}

/**
 * The installs that run for a partner's records: the partner's own and the platform-wide ones — one
 * per plugin. A partner that installed a plugin the platform also installed for everyone runs its
 * own install (its version, settings and grant), never both: otherwise every hook would run twice
 * (stock deducted twice, two notifications).
 */
export async function installsForPartner(partnerId: string | null, asOf?: Date): Promise<InstalledPlugin[]> {
  return installsApplyingTo(await activeInstalls(asOf), partnerId);
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
