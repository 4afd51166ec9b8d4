/**
 * Plugin review (issue 6 item 6, ADR 024): the reviewer queue, approval (the platform signs the
 * package with its Ed25519 key; every load verifies it) and rejection with notes the developer reads.
 * Approval also rolls the version out to installs whose grant already covers its permissions; the
 * others keep the running version and wait for their admin's consent.
 */
import semver from "semver";
import { signPackage } from "@qudao/plugins/runtime";
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db, runAsSystem, type PluginVersion, type Tx } from "../../db/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { ZId } from "../shared.schemas.ts";
import { rolloutApprovedVersion } from "./installs.service.ts";
import { storedPackage, toVersionSummary } from "./plugins.repository.ts";
import { ZRejectInput, ZReviewDecisionInput } from "./plugins.schemas.ts";
import { platformSigningKey } from "./signing-key.ts";

type Localized = Record<string, string>;

function listingText(manifest: Record<string, unknown>): { name: Localized; summary: Localized; categories: string[]; searchText: string } {
  const name = (manifest.name ?? {}) as Localized;
  const description = (manifest.description ?? {}) as Localized;
  const summary = ((manifest.listing as { summary?: Localized } | undefined)?.summary ?? description) as Localized;
  const categories = Array.isArray(manifest.categories) ? manifest.categories.map(String) : [];
  const searchText = [manifest.id, ...Object.values(name), ...Object.values(summary), ...categories].join(" ").toLowerCase();
  return { name, summary, categories, searchText };
}

export async function listReviewQueue(actor: Actor) {
  requirePermission(actor, "plugin:review");
  const rows = await db.pluginVersion.findMany({
    where: { status: "in_review" },
    orderBy: { createdAt: "asc" },
    take: 200,
    include: { plugin: { select: { developer: { select: { name: true, email: true } } } } },
  });
  return rows.map((row) => ({
    id: row.id,
    pluginId: row.pluginId,
    version: row.version,
    name: ((row.manifest as { name?: Localized }).name ?? {}) as Localized,
    developer: `${row.plugin.developer.name} <${row.plugin.developer.email}>`,
    addedPermissions: ((row.permissionDiff as { added?: string[] }).added ?? []) as string[],
    failedChecks: toVersionSummary(row).checks.filter((c) => c.status === "failed").length,
    createdAt: row.createdAt,
  }));
}

async function visibleVersion(id: string): Promise<PluginVersion & { plugin: { developerId: string; developer: { name: string; email: string } } }> {
  const row = ZId.safeParse(id).success
    ? await db.pluginVersion.findUnique({ where: { id }, include: { plugin: { select: { developerId: true, developer: { select: { name: true, email: true } } } } } })
    : null;
  if (!row) throw notFound("PluginVersion");
  return row;
}

export async function getReview(actor: Actor, id: string) {
  requirePermission(actor, "plugin:review");
  const row = await visibleVersion(id);
  const previous = await db.pluginVersion.findMany({ where: { pluginId: row.pluginId, status: "approved", id: { not: row.id } }, select: { version: true } });
  const manifest = row.manifest as Record<string, unknown>;
  return {
    ...toVersionSummary(row),
    name: (manifest.name ?? {}) as Localized,
    description: (manifest.description ?? {}) as Localized,
    developer: `${row.plugin.developer.name} <${row.plugin.developer.email}>`,
    manifest,
    previousVersion: previous.map((p) => p.version).sort(semver.rcompare)[0] ?? null,
    hooksSource: storedPackage(row).hooks,
  };
}

/** Lock the version and check it still waits for a decision (two reviewers deciding at once: one wins). */
async function lockForDecision(tx: Tx, id: string): Promise<PluginVersion> {
  await runAsSystem("plugin review lock", () => tx.$queryRaw`SELECT id FROM "PluginVersion" WHERE id = ${id}::uuid FOR UPDATE`);
  const row = await tx.pluginVersion.findUnique({ where: { id } });
  if (!row) throw notFound("PluginVersion");
  if (row.status !== "in_review") throw new DomainError("ALREADY_DECIDED", { i18nKey: "plugins.errors.alreadyDecided", params: { status: row.status } });
  return row;
}

export async function approveVersion(actor: Actor, raw: unknown, now = new Date()) {
  requirePermission(actor, "plugin:review");
  const input = ZReviewDecisionInput.parse(raw);
  await visibleVersion(input.id);
  const key = platformSigningKey();
  const approved = await db.$transaction(async (tx) => {
    const row = await lockForDecision(tx, input.id);
    const signed = signPackage(storedPackage(row), key.privateKey);
    // The package was hashed at upload; a row changed since then is not what was reviewed.
    if (signed.sha256 !== row.sha256) throw new DomainError("CONFLICT", { i18nKey: "plugins.errors.packageChanged" });
    const reviewerId = actor.kind === "platform" ? actor.userId : null;
    const updated = await tx.pluginVersion.update({
      where: { id: row.id },
      data: { status: "approved", signature: signed.signature, signingKeyId: key.keyId, signedAt: now, reviewerId, reviewNotes: input.notes ?? null, reviewedAt: now },
    });
    const plugin = await tx.plugin.findUniqueOrThrow({ where: { id: row.pluginId }, include: { versions: { where: { status: "approved" }, select: { id: true, version: true } } } });
    const newest = plugin.versions.sort((a, b) => semver.rcompare(a.version, b.version))[0];
    // The listing follows the newest approved version (approving an older one late changes nothing shown).
    if (newest?.id === row.id) {
      await tx.plugin.update({ where: { id: row.pluginId }, data: { latestVersionId: row.id, ...listingText(row.manifest as Record<string, unknown>) } });
    }
    await recordAudit(tx, actor, { action: "plugin.version_approved", entityType: "PluginVersion", entityId: row.id, after: { pluginId: row.pluginId, version: row.version, sha256: row.sha256, signingKeyId: key.keyId, notes: input.notes ?? null } });
    await emitEvent(tx, "plugin.version_reviewed", { type: "PluginVersion", id: row.id }, { pluginId: row.pluginId, versionId: row.id, version: row.version, status: "approved", developerId: plugin.developerId });
    return updated;
  });
  await rolloutApprovedVersion(approved.id);
  return toVersionSummary(approved);
}

export async function rejectVersion(actor: Actor, raw: unknown, now = new Date()) {
  requirePermission(actor, "plugin:review");
  const input = ZRejectInput.parse(raw);
  const visible = await visibleVersion(input.id);
  const rejected = await db.$transaction(async (tx) => {
    const row = await lockForDecision(tx, input.id);
    const updated = await tx.pluginVersion.update({
      where: { id: row.id },
      data: { status: "rejected", reviewerId: actor.kind === "platform" ? actor.userId : null, reviewNotes: input.notes, reviewedAt: now },
    });
    await recordAudit(tx, actor, { action: "plugin.version_rejected", entityType: "PluginVersion", entityId: row.id, after: { pluginId: row.pluginId, version: row.version, notes: input.notes } });
    await emitEvent(tx, "plugin.version_reviewed", { type: "PluginVersion", id: row.id }, { pluginId: row.pluginId, versionId: row.id, version: row.version, status: "rejected", developerId: visible.plugin.developerId });
    return updated;
  });
  return toVersionSummary(rejected);
}

/** Used by the platform's plugin page: every version of a plugin with its review state. */
export async function listPluginVersions(actor: Actor, pluginId: string) {
  requirePermission(actor, "plugin:review");
  const rows = await db.pluginVersion.findMany({ where: { pluginId }, orderBy: { createdAt: "desc" } });
  if (rows.length === 0) throw notFound("Plugin");
  return rows.map(toVersionSummary);
}

