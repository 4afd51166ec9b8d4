/**
 * Developer publishing (issue 6 item 5, ADR 024): a developer uploads a packed version; the platform
 * runs the automated checks (manifest lint, version order, permission diff against the latest
 * approved version, bundle size, static scan, the plugin's own tests in the sandbox) and queues it
 * for review, or records why it cannot be reviewed. The first upload of an id registers the plugin
 * (and so its namespace) to that developer.
 */
import semver from "semver";
import { diffPermissions } from "@qudao/plugins/permissions";
import { hasLintErrors, lintManifest } from "@qudao/plugins/manifest-lint";
import {
  canonicalJson,
  hooksBytes,
  MAX_HOOKS_BYTES,
  MAX_PACKAGE_BYTES,
  packageHash,
  ZPluginPackage,
  type TPluginPackage,
} from "@qudao/plugins/package-format";
import { scanHooksBundle } from "@qudao/plugins/runtime";
import { createHarness } from "@qudao/plugins/harness";
import { requireDeveloperActor, requirePermission, type Actor } from "../../actor/index.ts";
import { db, isUniqueViolation, Prisma, runAsSystem } from "../../db/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { HOST_VERSION } from "./host-version.ts";
import { toVersionSummary } from "./plugins.repository.ts";
import { ZUploadVersionInput, type TCheckResult } from "./plugins.schemas.ts";
import { developerUsage } from "./hook-stats.service.ts";

function packageError(details: Array<{ path: string; message: string; params?: Record<string, unknown> }>): DomainError {
  return new DomainError("VALIDATION_FAILED", { i18nKey: "plugins.errors.packageInvalid", details });
}

/** Parse the uploaded document; any shape problem is a 400 with the paths that are wrong. */
function parsePackage(raw: unknown): TPluginPackage {
  const parsed = ZPluginPackage.safeParse(raw);
  if (!parsed.success) {
    throw packageError(parsed.error.issues.slice(0, 20).map((i) => ({ path: `package.${i.path.join(".")}`, message: "plugins.errors.packageShape", params: { issue: i.message } })));
  }
  return parsed.data;
}

async function runChecks(pkg: TPluginPackage, previousApproved: { permissions: string[]; version: string } | null, newestVersion: string | null): Promise<{ checks: TCheckResult[]; diff: ReturnType<typeof diffPermissions> }> {
  const checks: TCheckResult[] = [];
  const lint = lintManifest(pkg.manifest, { hostVersion: HOST_VERSION });
  checks.push({
    code: "manifest",
    status: hasLintErrors(lint.issues) ? "failed" : lint.issues.length > 0 ? "warning" : "passed",
    details: lint.issues.map((i) => ({ ...i })),
  });
  const version = String(pkg.manifest.version ?? "");
  const orderOk = newestVersion === null || (semver.valid(version) !== null && semver.gt(version, newestVersion));
  checks.push({ code: "version_order", status: orderOk ? "passed" : "failed", details: orderOk ? [] : [{ version, newest: newestVersion }] });

  const permissions = lint.manifest?.permissions ?? [];
  const diff = diffPermissions(previousApproved?.permissions ?? [], permissions);
  // Added permissions are the reviewer's first question and every install's consent: flagged, not failed.
  checks.push({ code: "permissions", status: diff.added.length > 0 ? "warning" : "passed", details: [{ added: diff.added, removed: diff.removed, previousVersion: previousApproved?.version ?? null }] });

  const bytes = hooksBytes(pkg);
  checks.push({ code: "bundle_size", status: bytes <= MAX_HOOKS_BYTES ? "passed" : "failed", details: [{ bytes, max: MAX_HOOKS_BYTES }] });

  const findings = scanHooksBundle(pkg.hooks);
  checks.push({ code: "static_scan", status: findings.length === 0 ? "passed" : "failed", details: findings.map((f) => ({ ...f })) });

  if (!lint.manifest) {
    checks.push({ code: "tests", status: "failed", details: [{ reason: "manifest" }] });
  } else if (!pkg.tests) {
    checks.push({ code: "tests", status: "warning", details: [{ reason: "none" }] });
  } else {
    const harness = await createHarness({ manifest: lint.manifest, hooksCode: pkg.hooks, testsCode: pkg.tests, locales: pkg.locales });
    try {
      const results = await harness.runTests();
      const failed = results.filter((r) => !r.passed);
      checks.push({
        code: "tests",
        status: results.length === 0 ? "warning" : failed.length > 0 ? "failed" : "passed",
        details: results.map((r) => ({ name: r.name, passed: r.passed, error: r.error ?? null, cpuMicros: r.cpuMicros })),
      });
    } finally {
      harness.dispose();
    }
  }
  return { checks, diff };
}

/** POST /plugins/{id}/versions. */
export async function uploadVersion(actor: Actor, raw: unknown) {
  requirePermission(actor, "plugin:develop");
  const developer = requireDeveloperActor(actor);
  const input = ZUploadVersionInput.parse(raw);
  const pkg = parsePackage(input.package);
  const text = canonicalJson(pkg);
  if (Buffer.byteLength(text, "utf8") > MAX_PACKAGE_BYTES) throw new DomainError("RULE_VIOLATION", { i18nKey: "plugins.errors.packageTooLarge", params: { max: MAX_PACKAGE_BYTES } });
  const manifestId = pkg.manifest.id;
  if (manifestId !== input.id) throw new DomainError("RULE_VIOLATION", { i18nKey: "plugins.errors.idMismatch", params: { url: input.id, manifest: String(manifestId) } });
  const version = String(pkg.manifest.version ?? "");

  // Whose id this is: the developer's own (scoped read), another developer's (a taken namespace), or free.
  const own = await db.plugin.findUnique({ where: { id: input.id }, select: { id: true } });
  if (!own) {
    const taken = await runAsSystem("plugin id check", () => db.plugin.findUnique({ where: { id: input.id }, select: { id: true } }));
    if (taken) throw new DomainError("CONFLICT", { i18nKey: "plugins.errors.idTaken", params: { id: input.id } });
  }
  const existing = own ? await db.pluginVersion.findMany({ where: { pluginId: input.id }, select: { version: true, status: true, permissions: true, createdAt: true } }) : [];
  if (existing.some((v) => v.version === version)) throw new DomainError("CONFLICT", { i18nKey: "plugins.errors.versionExists", params: { version } });
  const approved = existing.filter((v) => v.status === "approved").sort((a, b) => semver.compare(b.version, a.version))[0] ?? null;
  const newest = existing.map((v) => v.version).filter((v) => semver.valid(v)).sort(semver.rcompare)[0] ?? null;

  const { checks, diff } = await runChecks(pkg, approved, newest);
  const status: "checks_failed" | "in_review" = checks.some((c) => c.status === "failed") ? "checks_failed" : "in_review";
  const sha256 = packageHash(pkg);
  const permissions = Array.isArray(pkg.manifest.permissions) ? (pkg.manifest.permissions as unknown[]).map(String) : [];

  try {
    const row = await db.$transaction(async (tx) => {
      if (!own) await tx.plugin.create({ data: { id: input.id, developerId: developer.userId }, select: { id: true } });
      // Versions are written by the system on the developer's behalf (the scope gives developers read access only).
      const created = await runAsSystem("plugin upload", () =>
        tx.pluginVersion.create({
          data: {
            pluginId: input.id,
            version,
            manifest: pkg.manifest as Prisma.InputJsonValue,
            packageText: text,
            sha256,
            sizeBytes: Buffer.byteLength(text, "utf8"),
            hooksBytes: hooksBytes(pkg),
            permissions,
            status,
            checks: checks as unknown as Prisma.InputJsonValue,
            permissionDiff: diff as unknown as Prisma.InputJsonValue,
            submittedById: developer.userId,
          },
        }),
      );
      await recordAudit(tx, actor, { action: "plugin.version_uploaded", entityType: "PluginVersion", entityId: created.id, after: { pluginId: input.id, version, sha256, status, addedPermissions: diff.added } });
      return created;
    });
    return { id: row.id, pluginId: row.pluginId, version: row.version, sha256: row.sha256, status, checks };
  } catch (error) {
    // Two uploads of the same version (or id) at once: the second is the conflict it would have been a moment later.
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", { i18nKey: "plugins.errors.versionExists", params: { version } });
    throw error;
  }
}

/** The developer's plugins, newest first, with versions, installs, usage and recent errors. */
export async function listDeveloperPlugins(actor: Actor) {
  requirePermission(actor, "plugin:develop");
  requireDeveloperActor(actor);
  const plugins = await db.plugin.findMany({ orderBy: { createdAt: "desc" }, select: { id: true } });
  return Promise.all(plugins.map((p) => getDeveloperPlugin(actor, p.id)));
}

export async function getDeveloperPlugin(actor: Actor, id: string) {
  requirePermission(actor, "plugin:develop");
  requireDeveloperActor(actor);
  const plugin = await db.plugin.findUnique({ where: { id }, include: { versions: { orderBy: { createdAt: "desc" } } } });
  if (!plugin) throw notFound("Plugin");
  // Tenants stay anonymous to developers: counts per version, never who installed.
  const usage = await runAsSystem("developer plugin usage", () => developerUsage(plugin.id));
  const latest = plugin.versions.find((v) => v.id === plugin.latestVersionId) ?? null;
  return {
    id: plugin.id,
    name: (latest ? (latest.manifest as { name?: Record<string, string> }).name : (plugin.versions[0]?.manifest as { name?: Record<string, string> } | undefined)?.name) ?? {},
    latestVersion: latest?.version ?? null,
    partnerInstallAllowed: plugin.partnerInstallAllowed,
    delisted: plugin.delistedAt !== null,
    activeInstalls: usage.installsByVersion.reduce((sum, v) => sum + v.installs, 0),
    versions: plugin.versions.map(toVersionSummary),
    usage: usage.hooks,
    errors: usage.errors,
    installsByVersion: usage.installsByVersion,
  };
}
