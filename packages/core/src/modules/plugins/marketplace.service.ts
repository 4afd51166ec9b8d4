/**
 * The marketplace (issue 6 item 7): listed plugins (an approved version, not delisted) with search and
 * categories, each with its listing in the caller's languages, screenshots, the permissions it asks
 * for (the apps say them in plain words) and the caller's install. Partners see the plugins the
 * platform lets them install, and those installed platform-wide.
 */
import { ZPluginManifest } from "@qudao/plugins/manifest";
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db, runAsActor, type Plugin, type PluginInstall, type PluginVersion } from "../../db/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { forgetInstalledPlugins } from "./installed-plugins.ts";
import { storedPackage, toInstallState, versionsById } from "./plugins.repository.ts";
import { ZMarketplaceListInput, ZPolicyInput } from "./plugins.schemas.ts";

type Listed = Plugin & { installs: PluginInstall[] };

function callerInstall(actor: Actor, plugin: Listed): PluginInstall | null {
  const live = plugin.installs.filter((i) => i.status !== "purged");
  if (actor.kind === "partner") return live.find((i) => i.partnerId === actor.partnerId) ?? live.find((i) => i.partnerId === null) ?? null;
  return live.find((i) => i.partnerId === null) ?? null;
}

async function listed(actor: Actor, where: { id?: string; q?: string; category?: string }): Promise<Listed[]> {
  const rows = await db.plugin.findMany({
    where: {
      latestVersionId: { not: null },
      delistedAt: null,
      ...(where.id ? { id: where.id } : {}),
      ...(where.q ? { searchText: { contains: where.q.toLowerCase() } } : {}),
      ...(where.category ? { categories: { has: where.category } } : {}),
    },
    orderBy: { id: "asc" },
    take: 200,
  });
  // Installs read on their own, through their scope (a partner sees platform-wide installs and its own).
  const installs = rows.length ? await db.pluginInstall.findMany({ where: { pluginId: { in: rows.map((r) => r.id) }, status: { not: "purged" } } }) : [];
  const withInstalls = rows.map((r) => ({ ...r, installs: installs.filter((i) => i.pluginId === r.id) }));
  if (actor.kind !== "partner") return withInstalls;
  return withInstalls.filter((p) => p.partnerInstallAllowed || p.installs.some((i) => i.partnerId === null && i.status !== "purged"));
}

function item(actor: Actor, plugin: Listed, version: PluginVersion, versions: Map<string, PluginVersion>) {
  const manifest = ZPluginManifest.parse(version.manifest);
  const install = callerInstall(actor, plugin);
  return {
    id: plugin.id,
    name: manifest.name as Record<string, string>,
    summary: (manifest.listing.summary ?? manifest.description) as Record<string, string>,
    categories: manifest.categories as string[],
    publisher: manifest.publisher.name,
    version: version.version,
    surfaces: manifest.surfaces as string[],
    partnerInstallAllowed: plugin.partnerInstallAllowed,
    install: install ? toInstallState(install, versions) : null,
  };
}

export async function listMarketplace(actor: Actor, raw: unknown) {
  requirePermission(actor, "plugin:read");
  const input = ZMarketplaceListInput.parse(raw ?? {});
  const plugins = await listed(actor, { ...(input.q ? { q: input.q } : {}), ...(input.category ? { category: input.category } : {}) });
  const versions = await versionsById(db, plugins.flatMap((p) => [p.latestVersionId, ...p.installs.flatMap((i) => [i.versionId, i.pendingVersionId, i.previousVersionId])]));
  return plugins.slice(0, input.limit).flatMap((p) => {
    const version = versions.get(p.latestVersionId!);
    return version ? [item(actor, p, version, versions)] : [];
  });
}

export async function getMarketplacePlugin(actor: Actor, id: string) {
  requirePermission(actor, "plugin:read");
  const [plugin] = await listed(actor, { id });
  if (!plugin) throw notFound("Plugin");
  const versions = await versionsById(db, [plugin.latestVersionId, ...plugin.installs.flatMap((i) => [i.versionId, i.pendingVersionId, i.previousVersionId])]);
  const version = versions.get(plugin.latestVersionId!);
  if (!version) throw notFound("Plugin");
  const manifest = ZPluginManifest.parse(version.manifest);
  const history = await db.pluginVersion.findMany({ where: { pluginId: id, status: "approved" }, orderBy: { createdAt: "desc" }, select: { version: true, reviewedAt: true } });
  return {
    ...item(actor, plugin, version, versions),
    description: manifest.description as Record<string, string>,
    permissions: version.permissions,
    screenshots: manifest.listing.screenshots.map((s) => ({ file: s.file, caption: s.caption as Record<string, string> })),
    settings: manifest.settings as Array<Record<string, unknown>>,
    versions: history,
    contributes: {
      objects: manifest.contributes.objects.map((o) => ({ name: o.name, label: o.label as Record<string, string> })),
      fields: manifest.contributes.fields.length,
      hooks: manifest.hooks.length,
    },
  };
}

/** A listing screenshot (PNG bytes) of the latest approved version. */
export async function marketplaceScreenshot(actor: Actor, id: string, file: string): Promise<Buffer> {
  requirePermission(actor, "plugin:read");
  // Called from resource routes as well as procedures: run the reads as the caller either way.
  return runAsActor(actor, () => screenshotOf(actor, id, file));
}

async function screenshotOf(actor: Actor, id: string, file: string): Promise<Buffer> {
  const [plugin] = await listed(actor, { id });
  if (!plugin?.latestVersionId) throw notFound("Plugin");
  const version = await db.pluginVersion.findUnique({ where: { id: plugin.latestVersionId } });
  const data = version ? storedPackage(version).assets[file] : undefined;
  if (!data) throw notFound("Screenshot");
  return Buffer.from(data, "base64");
}

/** Platform policy per plugin: may partners install it themselves; is it delisted. */
export async function setPluginPolicy(actor: Actor, raw: unknown, now = new Date()) {
  requirePermission(actor, "plugin:policy");
  const input = ZPolicyInput.parse(raw);
  const plugin = await db.plugin.findUnique({ where: { id: input.pluginId } });
  if (!plugin) throw notFound("Plugin");
  if (input.partnerInstallAllowed === undefined && input.delisted === undefined) throw new DomainError("VALIDATION_FAILED", { details: [{ path: "partnerInstallAllowed", message: "errors.field.required" }] });
  const data = {
    ...(input.partnerInstallAllowed !== undefined ? { partnerInstallAllowed: input.partnerInstallAllowed } : {}),
    ...(input.delisted !== undefined ? { delistedAt: input.delisted ? (plugin.delistedAt ?? now) : null } : {}),
  };
  const updated = await db.$transaction(async (tx) => {
    const next = await tx.plugin.update({ where: { id: plugin.id }, data });
    await recordAudit(tx, actor, { action: "plugin.policy_changed", entityType: "Plugin", entityId: plugin.id, before: { partnerInstallAllowed: plugin.partnerInstallAllowed, delisted: plugin.delistedAt !== null }, after: { partnerInstallAllowed: next.partnerInstallAllowed, delisted: next.delistedAt !== null } });
    return next;
  });
  forgetInstalledPlugins();
  return { id: updated.id, partnerInstallAllowed: updated.partnerInstallAllowed, delisted: updated.delistedAt !== null };
}

/** Platform staff: every plugin with its review and install counts (listed or not). */
export async function listAllPlugins(actor: Actor) {
  requirePermission(actor, "plugin:review");
  const rows = await db.plugin.findMany({
    orderBy: { id: "asc" },
    include: { developer: { select: { name: true, email: true } }, versions: { select: { version: true, status: true } }, installs: { where: { status: { in: ["active", "disabled"] } }, select: { id: true } } },
  });
  return rows.map((p) => ({
    id: p.id,
    name: p.name as Record<string, string>,
    developer: `${p.developer.name} <${p.developer.email}>`,
    latestVersionId: p.latestVersionId,
    partnerInstallAllowed: p.partnerInstallAllowed,
    delisted: p.delistedAt !== null,
    versions: p.versions.length,
    inReview: p.versions.filter((v) => v.status === "in_review").length,
    installs: p.installs.length,
  }));
}
