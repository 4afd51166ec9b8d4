/**
 * Installs (issue 6 item 7, ADR 024). A platform admin installs a plugin for everyone; a partner's
 * admin installs it for its partner when the platform allows that plugin. Installing shows the
 * permissions in plain words and grants exactly those (the consent must name the version's
 * permissions, so nothing is granted unseen). Approved upgrades within the grant roll out at once;
 * wider ones wait for consent while the old version keeps running. Rollback returns to the previous
 * version. Uninstalling quarantines the plugin's data for PLUGIN_QUARANTINE_DAYS (restorable), then
 * a maintenance job purges it. Every change is audited with the permissions granted.
 *
 * Whenever the version running for a tenant changes (install, upgrade, rollback, restore), its
 * pipelines follow (ADR 024 addendum): opportunity pipelines are created or brought in line with the
 * manifest, and records of plugin objects that gained a pipeline get its first stage. Uninstalling
 * archives the opportunity pipelines; opportunities keep their stage.
 */
import semver from "semver";
import { permissionsWithin } from "@qudao/plugins/permissions";
import { ZPluginManifest, type TFieldDefinition, type TPluginManifest } from "@qudao/plugins/manifest";
import { requirePermission, type Actor } from "../../actor/index.ts";
import { baseDb, db, Prisma, runAsSystem, type PluginInstall, type PluginVersion, type Tx } from "../../db/index.ts";
import { env } from "../../env/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { archivePluginPipelines, syncPluginPipelines } from "../pipelines/index.ts";
import { checkValues } from "./custom-values.rules.ts";
import { forgetInstalledPlugins } from "./installed-plugins.ts";
import { isPluginIntegrityError, reportIntegrityFailure, verifyStoredVersion } from "./plugin-loader.ts";
import { lockInstall, toInstallState, versionsById } from "./plugins.repository.ts";
import { ZConsentInput, ZInstallInput, ZInstallRef, ZSettingsInput, type TInstallState } from "./plugins.schemas.ts";

const DAY_MS = 86_400_000;

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((p) => right.has(p));
}

/** Settings as a plugin declares them, checked like fields; defaults fill what is not given. */
export function checkSettings(manifest: TPluginManifest, input: Record<string, unknown>): Record<string, unknown> {
  const fields: TFieldDefinition[] = manifest.settings.map((s) => ({
    name: s.key,
    type: s.type,
    label: s.label,
    required: s.required,
    computed: false,
    personal: false,
    unique: false,
    ...(s.options ? { options: s.options } : {}),
  }));
  const withDefaults = Object.fromEntries(manifest.settings.map((s) => [s.key, s.key in input ? input[s.key] : s.default]).filter(([, v]) => v !== undefined));
  const unknown = Object.keys(input).filter((k) => !manifest.settings.some((s) => s.key === k));
  const checked = checkValues(fields, { ...withDefaults, ...Object.fromEntries(unknown.map((k) => [k, input[k]])) }, { partial: false, pathPrefix: "settings" });
  if (checked.issues.length > 0) {
    throw new DomainError("VALIDATION_FAILED", { i18nKey: "plugins.errors.settingsInvalid", details: checked.issues.map((i) => ({ path: i.path, message: i.message, ...(i.params ? { params: i.params } : {}) })) });
  }
  return checked.values;
}

/**
 * A version an install the caller can see runs, waits for or ran: read as the system, since the
 * caller's scope may not list it (a partner reads approved versions only; a version may be
 * delisted since) — the install itself is what the caller was allowed to see.
 */
function versionOfInstall(id: string): Promise<PluginVersion> {
  return runAsSystem("plugin install version", () => db.pluginVersion.findUniqueOrThrow({ where: { id } }));
}

async function latestApproved(client: Tx | typeof db, pluginId: string): Promise<PluginVersion> {
  const plugin = await client.plugin.findUnique({ where: { id: pluginId }, select: { latestVersionId: true, delistedAt: true } });
  if (!plugin?.latestVersionId || plugin.delistedAt) throw notFound("Plugin");
  const version = await client.pluginVersion.findUnique({ where: { id: plugin.latestVersionId } });
  if (!version || version.status !== "approved") throw notFound("Plugin");
  return version;
}

/** Verify the package before anything is granted: a tampered version is refused at install, loudly. */
async function verifyForInstall(version: PluginVersion, partnerId: string | null): Promise<TPluginManifest> {
  try {
    verifyStoredVersion(version);
  } catch (error) {
    if (isPluginIntegrityError(error)) {
      await reportIntegrityFailure(error, { versionId: version.id, installId: null, partnerId, hook: "install" });
      throw new DomainError("RULE_VIOLATION", { i18nKey: "plugins.errors.integrity", params: { plugin: version.pluginId, version: version.version } });
    }
    throw error;
  }
  return ZPluginManifest.parse(version.manifest);
}

function consentRefused(expected: readonly string[]): DomainError {
  return new DomainError("RULE_VIOLATION", { i18nKey: "plugins.errors.consentMismatch", params: { permissions: expected.join(", ") } });
}

/** The install that applies to the caller's tenant: its partner's own, else the platform-wide one. */
function installScopeOf(actor: Actor, scope: "platform" | "partner"): string | null {
  if (scope === "platform") {
    if (actor.kind !== "platform") throw new DomainError("FORBIDDEN");
    return null;
  }
  if (actor.kind !== "partner") throw new DomainError("FORBIDDEN");
  return actor.partnerId;
}

async function stateOf(install: PluginInstall): Promise<TInstallState> {
  const versions = await runAsSystem("plugin install versions", () => versionsById(db, [install.versionId, install.pendingVersionId, install.previousVersionId]));
  return toInstallState(install, versions);
}

/** The plugin records an install owns: a platform-wide install the platform's and those of partners without their own install. */
function installRecordsFilter(install: PluginInstall): Prisma.Sql {
  return install.partnerId
    ? Prisma.sql`"partnerId" = ${install.partnerId}::uuid`
    : Prisma.sql`("partnerId" IS NULL OR "partnerId" NOT IN (SELECT "partnerId" FROM "PluginInstall" WHERE "pluginId" = ${install.pluginId} AND "partnerId" IS NOT NULL AND status IN ('active', 'disabled')))`;
}

async function quarantineData(tx: Tx, install: PluginInstall, at: Date | null): Promise<number> {
  const partnerFilter = installRecordsFilter(install);
  const quarantined = at
    ? Prisma.sql`"quarantinedAt" IS NULL`
    : Prisma.sql`"quarantinedAt" IS NOT NULL`;
  return runAsSystem("plugin quarantine", () => tx.$executeRaw`UPDATE "CustomObjectRecord" SET "quarantinedAt" = ${at}, "updatedAt" = now() WHERE "pluginId" = ${install.pluginId} AND ${partnerFilter} AND ${quarantined}`);
}

/**
 * The running version of an install changed (or the install came back): its opportunity pipelines
 * follow the manifest, and its records of objects with a pipeline that have no stage in it yet (made
 * before the pipeline existed) start in its first open stage, so boards and stage filters find them.
 */
async function applyRunningVersion(tx: Tx, actor: Actor, install: PluginInstall, manifest: TPluginManifest, now: Date): Promise<void> {
  await syncPluginPipelines(tx, actor, { pluginId: install.pluginId, partnerId: install.partnerId }, manifest.contributes.pipelines, now);
  const partnerFilter = installRecordsFilter(install);
  for (const pipeline of manifest.contributes.pipelines) {
    const first = pipeline.stages.find((s) => s.kind === "open");
    if (!first || !manifest.contributes.objects.some((o) => o.name === pipeline.object)) continue;
    // Bookkeeping, not an edit: updatedAt stays (reads already showed the first stage).
    await runAsSystem("plugin record stages", () =>
      tx.$executeRaw`UPDATE "CustomObjectRecord" SET "values" = jsonb_set("values", ARRAY[${pipeline.name}]::text[], to_jsonb(${first.key}::text)) WHERE "pluginId" = ${install.pluginId} AND "object" = ${pipeline.object} AND ("values" -> ${pipeline.name}) IS NULL AND ${partnerFilter}`,
    );
  }
}

export async function installPlugin(actor: Actor, raw: unknown, now = new Date()): Promise<TInstallState> {
  requirePermission(actor, "plugin:install");
  const input = ZInstallInput.parse(raw);
  const partnerId = installScopeOf(actor, input.scope);
  const plugin = await db.plugin.findUnique({ where: { id: input.pluginId }, select: { id: true, partnerInstallAllowed: true } });
  if (!plugin) throw notFound("Plugin");
  if (partnerId && !plugin.partnerInstallAllowed) throw new DomainError("RULE_VIOLATION", { i18nKey: "plugins.errors.partnerInstallNotAllowed" });
  const version = await latestApproved(db, input.pluginId);
  const manifest = await verifyForInstall(version, partnerId);
  if (partnerId && !manifest.surfaces.includes("portal")) throw new DomainError("RULE_VIOLATION", { i18nKey: "plugins.errors.noPortalSurface" });
  if (!sameSet(input.consentedPermissions, version.permissions)) throw consentRefused(version.permissions);
  const settings = checkSettings(manifest, input.settings);
  const userId = actor.kind === "platform" || actor.kind === "partner" ? actor.userId : "";

  const install = await db.$transaction(async (tx) => {
    const live = await runAsSystem("plugin install check", () =>
      tx.pluginInstall.findMany({ where: { pluginId: input.pluginId, status: { not: "purged" }, OR: [{ partnerId: null }, ...(partnerId ? [{ partnerId }] : [])] } }),
    );
    const platformWide = live.find((i) => i.partnerId === null && i.status !== "uninstalled");
    if (partnerId && platformWide) throw new DomainError("CONFLICT", { i18nKey: "plugins.errors.installedPlatformWide" });
    const existing = live.find((i) => i.partnerId === partnerId);
    if (existing && existing.status !== "uninstalled") throw new DomainError("CONFLICT", { i18nKey: "plugins.errors.alreadyInstalled" });
    const data = {
      versionId: version.id,
      previousVersionId: null,
      pendingVersionId: null,
      grantedPermissions: version.permissions,
      settings: settings as Prisma.InputJsonValue,
      status: "active" as const,
      consentedById: userId,
      consentedAt: now,
      disabledAt: null,
      disabledReason: null,
      consecutiveFailures: 0,
      breakerResetAt: now,
      uninstalledAt: null,
      purgeAfter: null,
    };
    let row: PluginInstall;
    let action: "installed" | "restored";
    if (existing) {
      // Reinstalling within the quarantine window restores the data it left behind.
      await lockInstall(tx, existing.id);
      row = await tx.pluginInstall.update({ where: { id: existing.id }, data });
      await quarantineData(tx, row, null);
      action = "restored";
    } else {
      row = await tx.pluginInstall.create({ data: { ...data, pluginId: input.pluginId, partnerId, installedById: userId } });
      action = "installed";
    }
    await applyRunningVersion(tx, actor, row, manifest, now);
    await recordAudit(tx, actor, { action: `plugin.${action}`, entityType: "PluginInstall", entityId: row.id, partnerId, after: { pluginId: input.pluginId, version: version.version, grantedPermissions: version.permissions, settings } });
    await emitEvent(tx, "plugin.install_changed", { type: "PluginInstall", id: row.id, partnerId }, { pluginId: input.pluginId, installId: row.id, partnerId, action, version: version.version });
    return row;
  });
  forgetInstalledPlugins();
  return stateOf(install);
}

async function visibleInstall(actor: Actor, id: string, forWrite: boolean): Promise<PluginInstall> {
  const row = await db.pluginInstall.findUnique({ where: { id } });
  if (!row) throw notFound("PluginInstall");
  // A partner sees the platform-wide install but changes only its own.
  if (forWrite && actor.kind === "partner" && row.partnerId !== actor.partnerId) throw new DomainError("FORBIDDEN");
  if (forWrite && actor.kind === "platform" && row.partnerId !== null && !actor.roles.includes("admin")) throw new DomainError("FORBIDDEN");
  return row;
}

export async function listInstalls(actor: Actor): Promise<Array<TInstallState & { pluginId: string; name: Record<string, string> }>> {
  requirePermission(actor, "plugin:read");
  const rows = await db.pluginInstall.findMany({ where: { status: { not: "purged" } }, orderBy: { createdAt: "desc" }, include: { plugin: { select: { name: true } } } });
  const versions = await runAsSystem("plugin install versions", () => versionsById(db, rows.flatMap((r) => [r.versionId, r.pendingVersionId, r.previousVersionId])));
  return rows.map((r) => ({ ...toInstallState(r, versions), pluginId: r.pluginId, name: (r.plugin.name ?? {}) as Record<string, string> }));
}

export async function getInstall(actor: Actor, raw: unknown): Promise<TInstallState & { pluginId: string }> {
  requirePermission(actor, "plugin:read");
  const { installId } = ZInstallRef.parse(raw);
  const row = await visibleInstall(actor, installId, false);
  return { ...(await stateOf(row)), pluginId: row.pluginId };
}

export async function updateInstallSettings(actor: Actor, raw: unknown): Promise<TInstallState> {
  requirePermission(actor, "plugin:install");
  const input = ZSettingsInput.parse(raw);
  const row = await visibleInstall(actor, input.installId, true);
  const version = await versionOfInstall(row.versionId);
  const settings = checkSettings(ZPluginManifest.parse(version.manifest), input.settings);
  const updated = await db.$transaction(async (tx) => {
    await lockInstall(tx, row.id);
    const next = await tx.pluginInstall.update({ where: { id: row.id }, data: { settings: settings as Prisma.InputJsonValue } });
    await recordAudit(tx, actor, { action: "plugin.settings_changed", entityType: "PluginInstall", entityId: row.id, partnerId: row.partnerId, before: { settings: row.settings }, after: { settings } });
    return next;
  });
  forgetInstalledPlugins();
  return stateOf(updated);
}

/** The tenant admin consents to a pending version's wider permissions: it replaces the running one. */
export async function consentToUpgrade(actor: Actor, raw: unknown, now = new Date()): Promise<TInstallState> {
  requirePermission(actor, "plugin:install");
  const input = ZConsentInput.parse(raw);
  const row = await visibleInstall(actor, input.installId, true);
  if (!row.pendingVersionId) throw new DomainError("RULE_VIOLATION", { i18nKey: "plugins.errors.nothingPending" });
  const pending = await versionOfInstall(row.pendingVersionId);
  const pendingManifest = await verifyForInstall(pending, row.partnerId);
  if (!sameSet(input.consentedPermissions, pending.permissions)) throw consentRefused(pending.permissions);
  const userId = actor.kind === "platform" || actor.kind === "partner" ? actor.userId : "";
  const updated = await db.$transaction(async (tx) => {
    await lockInstall(tx, row.id);
    const current = await tx.pluginInstall.findUniqueOrThrow({ where: { id: row.id } });
    if (current.pendingVersionId !== pending.id) throw new DomainError("CONFLICT", { i18nKey: "plugins.errors.installChanged" });
    const next = await tx.pluginInstall.update({
      where: { id: row.id },
      data: { previousVersionId: current.versionId, versionId: pending.id, pendingVersionId: null, grantedPermissions: pending.permissions, consentedById: userId, consentedAt: now },
    });
    await recordAudit(tx, actor, { action: "plugin.permissions_granted", entityType: "PluginInstall", entityId: row.id, partnerId: row.partnerId, before: { grantedPermissions: current.grantedPermissions }, after: { grantedPermissions: pending.permissions, version: pending.version } });
    await applyRunningVersion(tx, actor, next, pendingManifest, now);
    await emitEvent(tx, "plugin.install_changed", { type: "PluginInstall", id: row.id, partnerId: row.partnerId }, { pluginId: row.pluginId, installId: row.id, partnerId: row.partnerId, action: "upgraded", version: pending.version });
    return next;
  });
  forgetInstalledPlugins();
  return stateOf(updated);
}

export async function rollbackInstall(actor: Actor, raw: unknown): Promise<TInstallState> {
  requirePermission(actor, "plugin:install");
  const { installId } = ZInstallRef.parse(raw);
  const row = await visibleInstall(actor, installId, true);
  if (!row.previousVersionId) throw new DomainError("RULE_VIOLATION", { i18nKey: "plugins.errors.nothingToRollBack" });
  const previous = await versionOfInstall(row.previousVersionId);
  const previousManifest = await verifyForInstall(previous, row.partnerId);
  const updated = await db.$transaction(async (tx) => {
    await lockInstall(tx, row.id);
    const current = await tx.pluginInstall.findUniqueOrThrow({ where: { id: row.id } });
    if (current.previousVersionId !== previous.id) throw new DomainError("CONFLICT", { i18nKey: "plugins.errors.installChanged" });
    // The version rolled back from is held as pending, so it is not rolled out again by itself.
    const next = await tx.pluginInstall.update({ where: { id: row.id }, data: { versionId: previous.id, previousVersionId: null, pendingVersionId: current.versionId, consecutiveFailures: 0, breakerResetAt: new Date() } });
    await recordAudit(tx, actor, { action: "plugin.rolled_back", entityType: "PluginInstall", entityId: row.id, partnerId: row.partnerId, before: { versionId: current.versionId }, after: { versionId: previous.id, version: previous.version } });
    await applyRunningVersion(tx, actor, next, previousManifest, new Date());
    await emitEvent(tx, "plugin.install_changed", { type: "PluginInstall", id: row.id, partnerId: row.partnerId }, { pluginId: row.pluginId, installId: row.id, partnerId: row.partnerId, action: "rolled_back", version: previous.version });
    return next;
  });
  forgetInstalledPlugins();
  return stateOf(updated);
}

/** Re-enable an install the circuit breaker (or an admin) stopped. */
export async function enableInstall(actor: Actor, raw: unknown): Promise<TInstallState> {
  requirePermission(actor, "plugin:install");
  const { installId } = ZInstallRef.parse(raw);
  const row = await visibleInstall(actor, installId, true);
  if (row.status !== "disabled") throw new DomainError("RULE_VIOLATION", { i18nKey: "plugins.errors.notDisabled" });
  const updated = await db.$transaction(async (tx) => {
    await lockInstall(tx, row.id);
    const next = await tx.pluginInstall.update({ where: { id: row.id }, data: { status: "active", disabledAt: null, disabledReason: null, consecutiveFailures: 0, breakerResetAt: new Date() } });
    await recordAudit(tx, actor, { action: "plugin.enabled", entityType: "PluginInstall", entityId: row.id, partnerId: row.partnerId, before: { status: row.status, disabledReason: row.disabledReason }, after: { status: "active" } });
    return next;
  });
  forgetInstalledPlugins();
  return stateOf(updated);
}

export async function uninstallPlugin(actor: Actor, raw: unknown, now = new Date()): Promise<TInstallState> {
  requirePermission(actor, "plugin:install");
  const { installId } = ZInstallRef.parse(raw);
  const row = await visibleInstall(actor, installId, true);
  if (row.status === "uninstalled" || row.status === "purged") throw new DomainError("RULE_VIOLATION", { i18nKey: "plugins.errors.notInstalled" });
  const purgeAfter = new Date(now.getTime() + env().PLUGIN_QUARANTINE_DAYS * DAY_MS);
  const updated = await db.$transaction(async (tx) => {
    await lockInstall(tx, row.id);
    const next = await tx.pluginInstall.update({ where: { id: row.id }, data: { status: "uninstalled", uninstalledAt: now, purgeAfter, pendingVersionId: null } });
    const quarantined = await quarantineData(tx, next, now);
    await archivePluginPipelines(tx, actor, { pluginId: row.pluginId, partnerId: row.partnerId }, now);
    const version = await versionOfInstall(row.versionId);
    await recordAudit(tx, actor, { action: "plugin.uninstalled", entityType: "PluginInstall", entityId: row.id, partnerId: row.partnerId, before: { status: row.status, grantedPermissions: row.grantedPermissions }, after: { status: "uninstalled", purgeAfter, quarantinedRecords: quarantined } });
    await emitEvent(tx, "plugin.install_changed", { type: "PluginInstall", id: row.id, partnerId: row.partnerId }, { pluginId: row.pluginId, installId: row.id, partnerId: row.partnerId, action: "uninstalled", version: version.version });
    return next;
  });
  forgetInstalledPlugins();
  return stateOf(updated);
}

/** Restore an uninstalled plugin within its quarantine window, with the version and grant it had. */
export async function restoreInstall(actor: Actor, raw: unknown, now = new Date()): Promise<TInstallState> {
  requirePermission(actor, "plugin:install");
  const { installId } = ZInstallRef.parse(raw);
  const row = await visibleInstall(actor, installId, true);
  if (row.status !== "uninstalled" || !row.purgeAfter || row.purgeAfter <= now) throw new DomainError("RULE_VIOLATION", { i18nKey: "plugins.errors.notRestorable" });
  const version = await versionOfInstall(row.versionId);
  const manifest = await verifyForInstall(version, row.partnerId);
  const updated = await db.$transaction(async (tx) => {
    await lockInstall(tx, row.id);
    const next = await tx.pluginInstall.update({ where: { id: row.id }, data: { status: "active", uninstalledAt: null, purgeAfter: null, consecutiveFailures: 0, breakerResetAt: now, disabledAt: null, disabledReason: null } });
    const restored = await quarantineData(tx, next, null);
    await applyRunningVersion(tx, actor, next, manifest, now);
    await recordAudit(tx, actor, { action: "plugin.restored", entityType: "PluginInstall", entityId: row.id, partnerId: row.partnerId, before: { status: "uninstalled" }, after: { status: "active", restoredRecords: restored, grantedPermissions: row.grantedPermissions } });
    await emitEvent(tx, "plugin.install_changed", { type: "PluginInstall", id: row.id, partnerId: row.partnerId }, { pluginId: row.pluginId, installId: row.id, partnerId: row.partnerId, action: "restored", version: version.version });
    return next;
  });
  forgetInstalledPlugins();
  await rolloutApprovedVersion((await latestApproved(db, row.pluginId).catch(() => version)).id);
  return stateOf(updated);
}

/**
 * After an approval: every live install of the plugin on an older version upgrades when the new
 * version's permissions are within its grant; otherwise the version waits as pending (consent).
 */
export async function rolloutApprovedVersion(versionId: string): Promise<{ upgraded: number; waiting: number }> {
  return runAsSystem("plugin rollout", async () => {
    const version = await db.pluginVersion.findUnique({ where: { id: versionId } });
    if (!version || version.status !== "approved") return { upgraded: 0, waiting: 0 };
    const installs = await db.pluginInstall.findMany({ where: { pluginId: version.pluginId, status: { in: ["active", "disabled"] } } });
    const running = await versionsById(db, installs.map((i) => i.versionId));
    let upgraded = 0;
    let waiting = 0;
    for (const install of installs) {
      const current = running.get(install.versionId);
      if (!current || !semver.gt(version.version, current.version)) continue;
      // A version an admin rolled back from stays held until they consent to it again.
      if (install.pendingVersionId === version.id) continue;
      const within = permissionsWithin(version.permissions, install.grantedPermissions);
      await db.$transaction(async (tx) => {
        await lockInstall(tx, install.id);
        if (within) {
          const next = await tx.pluginInstall.update({ where: { id: install.id }, data: { previousVersionId: install.versionId, versionId: version.id, pendingVersionId: null } });
          await recordAudit(tx, { kind: "system", reason: "plugin rollout" }, { action: "plugin.upgraded", entityType: "PluginInstall", entityId: install.id, partnerId: install.partnerId, before: { version: current.version }, after: { version: version.version } });
          await applyRunningVersion(tx, { kind: "system", reason: "plugin rollout" }, next, ZPluginManifest.parse(version.manifest), new Date());
          await emitEvent(tx, "plugin.install_changed", { type: "PluginInstall", id: install.id, partnerId: install.partnerId }, { pluginId: install.pluginId, installId: install.id, partnerId: install.partnerId, action: "upgraded", version: version.version });
        } else {
          await tx.pluginInstall.update({ where: { id: install.id }, data: { pendingVersionId: version.id } });
          const added = version.permissions.filter((p) => !install.grantedPermissions.includes(p));
          await recordAudit(tx, { kind: "system", reason: "plugin rollout" }, { action: "plugin.consent_requested", entityType: "PluginInstall", entityId: install.id, partnerId: install.partnerId, after: { version: version.version, added } });
          await emitEvent(tx, "plugin.consent_needed", { type: "PluginInstall", id: install.id, partnerId: install.partnerId }, { pluginId: install.pluginId, installId: install.id, partnerId: install.partnerId, version: version.version, added });
        }
      });
      if (within) upgraded += 1;
      else waiting += 1;
    }
    forgetInstalledPlugins();
    return { upgraded, waiting };
  });
}

/**
 * Maintenance: uninstalled installs past their quarantine lose their data for good — plugin records,
 * and the plugin's `<ns>__` keys in core records' custom fields — and become `purged`.
 */
export async function purgeExpiredInstalls(now = new Date()): Promise<{ purged: number }> {
  const due = await baseDb().pluginInstall.findMany({ where: { status: "uninstalled", purgeAfter: { lte: now } } });
  for (const install of due) {
    const ns = `${install.pluginId.replace(/\./g, "_")}__`;
    await runAsSystem("plugin purge", () =>
      db.$transaction(async (tx) => {
        await lockInstall(tx, install.id);
        const current = await tx.pluginInstall.findUniqueOrThrow({ where: { id: install.id } });
        if (current.status !== "uninstalled" || !current.purgeAfter || current.purgeAfter > now) return;
        const records = await tx.$executeRaw`DELETE FROM "CustomObjectRecord" WHERE "pluginId" = ${install.pluginId} AND "quarantinedAt" IS NOT NULL AND ${install.partnerId ? Prisma.sql`"partnerId" = ${install.partnerId}::uuid` : Prisma.sql`true`}`;
        let fields = 0;
        for (const table of ["Customer", "Lead", "Opportunity", "Activity", "Task", "Order"] as const) {
          const column = table === "Customer" ? "ownerPartnerId" : table === "Order" ? "attributedPartnerId" : "partnerId";
          const partnerFilter = install.partnerId ? Prisma.sql`AND ${Prisma.raw(`"${column}"`)} = ${install.partnerId}::uuid` : Prisma.empty;
          fields += await tx.$executeRaw`
            UPDATE ${Prisma.raw(`"${table}"`)} SET "customFields" = (SELECT COALESCE(jsonb_object_agg(key, value), '{}'::jsonb) FROM jsonb_each("customFields") WHERE NOT starts_with(key, ${ns}))
            WHERE EXISTS (SELECT 1 FROM jsonb_object_keys("customFields") k WHERE starts_with(k, ${ns})) ${partnerFilter}`;
        }
        await tx.pluginInstall.update({ where: { id: install.id }, data: { status: "purged" } });
        await recordAudit(tx, { kind: "system", reason: "plugin purge" }, { action: "plugin.purged", entityType: "PluginInstall", entityId: install.id, partnerId: install.partnerId, after: { records, coreRecordsCleaned: fields } });
      }),
    );
  }
  return { purged: due.length };
}
