/** Plugins: the module's Prisma and SQL. Everything here runs through the scoped client unless it says system. */
import { ZPluginManifest, type TPluginManifest } from "@qudao/plugins/manifest";
import { ZPluginPackage, type TPluginPackage } from "@qudao/plugins/package-format";
import type { Prisma, PluginInstall, PluginVersion, Tx } from "../../db/index.ts";
import { db, runAsSystem } from "../../db/index.ts";
import { uuidv7 } from "../../db/uuidv7.ts";
import type { PluginRecordEvent } from "../outbox/outbox.events.ts";
import type { TCheckResult, TInstallState, TPluginVersionSummary } from "./plugins.schemas.ts";

export const LIVE_INSTALL_STATUSES = ["active", "disabled", "uninstalled"] as const;

/** The stored package, parsed again (it was valid at upload; a row edited since fails here or at verification). */
export function storedPackage(row: Pick<PluginVersion, "packageText">): TPluginPackage {
  return ZPluginPackage.parse(JSON.parse(row.packageText));
}

export function storedManifest(row: Pick<PluginVersion, "manifest">): TPluginManifest {
  return ZPluginManifest.parse(row.manifest);
}

export function toVersionSummary(row: PluginVersion): TPluginVersionSummary {
  return {
    id: row.id,
    pluginId: row.pluginId,
    version: row.version,
    status: row.status,
    sha256: row.sha256,
    sizeBytes: row.sizeBytes,
    hooksBytes: row.hooksBytes,
    permissions: row.permissions,
    permissionDiff: { added: [], removed: [], unchanged: [], ...(row.permissionDiff as object) },
    checks: (row.checks ?? []) as TCheckResult[],
    reviewNotes: row.reviewNotes,
    reviewedAt: row.reviewedAt,
    signedAt: row.signedAt,
    createdAt: row.createdAt,
  };
}

export async function versionsById(client: Tx | typeof db, ids: Array<string | null>): Promise<Map<string, PluginVersion>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await client.pluginVersion.findMany({ where: { id: { in: wanted } } });
  return new Map(rows.map((r) => [r.id, r]));
}

export function toInstallState(install: PluginInstall, versions: Map<string, PluginVersion>): TInstallState {
  const pending = install.pendingVersionId ? versions.get(install.pendingVersionId) : undefined;
  return {
    id: install.id,
    scope: install.partnerId ? "partner" : "platform",
    partnerId: install.partnerId,
    status: install.status,
    version: versions.get(install.versionId)?.version ?? "?",
    pendingVersion: pending?.version ?? null,
    pendingPermissions: pending ? pending.permissions.filter((p) => !install.grantedPermissions.includes(p)) : [],
    pendingVersionPermissions: pending?.permissions ?? [],
    previousVersion: install.previousVersionId ? (versions.get(install.previousVersionId)?.version ?? null) : null,
    grantedPermissions: install.grantedPermissions,
    settings: (install.settings ?? {}) as Record<string, unknown>,
    settingDefinitions: settingDefinitionsOf(versions.get(install.versionId)),
    disabledReason: install.disabledReason,
    purgeAfter: install.purgeAfter,
    updatedAt: install.updatedAt,
  };
}

/** Lock an install for a state change (upgrade, rollback, uninstall, circuit breaker). */
export async function lockInstall(tx: Tx, id: string): Promise<void> {
  // Raw SQL runs as the system; the caller has already found the install through its own scope.
  await runAsSystem("plugin install lock", () => tx.$queryRaw`SELECT id FROM "PluginInstall" WHERE id = ${id}::uuid FOR UPDATE`);
}

/** A plugin record event into the outbox, in the caller's transaction (names are dynamic, so not emitEvent). */
export async function emitRecordEvent(tx: Tx, verb: "created" | "updated" | "deleted" | "stageChanged", payload: PluginRecordEvent): Promise<void> {
  await tx.outboxEvent.create({
    data: {
      id: uuidv7(),
      type: `${payload.object}.${verb}`,
      aggregateType: "CustomObjectRecord",
      aggregateId: payload.recordId,
      partnerId: payload.partnerId,
      payload: payload as unknown as Prisma.InputJsonValue,
    },
    select: { id: true },
  });
}

function settingDefinitionsOf(version: PluginVersion | undefined): Array<Record<string, unknown>> {
  const settings = version ? (version.manifest as { settings?: unknown }).settings : undefined;
  return Array.isArray(settings) ? (settings as Array<Record<string, unknown>>) : [];
}
