/**
 * The host side of plugin execution (issue 6 item 3, ADR 024): one SandboxHost per process, one
 * sandbox (its own WebAssembly instance) per (tenant, plugin version), loaded only after the stored
 * package's hash and signature verify. Validate and compute hooks run here, before a save; event
 * hooks run in the worker (event-hooks.service.ts) through the same sandboxes. Every call is counted
 * (CPU histogram per hook); failures are recorded, and repeated failures open the circuit breaker.
 */
import { Converter } from "opencc-js/cn2t";
import semver from "semver";
import { SandboxHost, type InvocationResult, type PluginSandbox } from "@qudao/plugins/runtime";
import type { TFieldDefinition, THookDeclaration } from "@qudao/plugins/manifest";
import type { TPluginPackage } from "@qudao/plugins/package-format";
import { isCoreObject, namespaceOf } from "@qudao/plugins/permissions";
import { systemActor, type Actor } from "../../actor/index.ts";
import { baseDb, db, runAsSystem, type PluginVersion } from "../../db/index.ts";
import { DomainError } from "../../errors/index.ts";
import { pluginMessageKey, registerPluginMessages } from "../../i18n/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { checkValues, type ValueIssue } from "./custom-values.rules.ts";
import { recordHookCall, recordHookFailure } from "./hook-stats.service.ts";
import { activeInstalls, forgetInstalledPlugins, installsForPartner, type InstalledPlugin } from "./installed-plugins.ts";
import { hookReadDb, readerFor, readScopeOf } from "./hook-reader.ts";
import { isPluginIntegrityError, reportIntegrityFailure } from "./plugin-loader.ts";
import { storedPackage } from "./plugins.repository.ts";
import { platformSigningKey } from "./signing-key.ts";

/** Failed calls of one install within the window before the breaker stops it for that tenant. */
export const CIRCUIT_BREAKER_FAILURES = 5;
export const CIRCUIT_BREAKER_WINDOW_MS = 10 * 60_000;

const toTraditional = Converter({ from: "cn", to: "tw" });

let host: SandboxHost | undefined;
/** Versions this process has loaded: the row and its parsed package (parsed once, verified by the host on first load per tenant). */
const versions = new Map<string, { row: PluginVersion; pkg: TPluginPackage | null; registered: boolean }>();

function sandboxHost(): SandboxHost {
  host ??= new SandboxHost({ publicKey: platformSigningKey().publicKey, maxSandboxes: Number(process.env.PLUGIN_MAX_SANDBOXES ?? 64) });
  return host;
}

/** Tests and shutdown: drop every sandbox and cached version. */
export function resetPluginHost(): void {
  host?.dispose();
  host = undefined;
  versions.clear();
}

async function loadedVersion(versionId: string): Promise<{ row: PluginVersion; pkg: TPluginPackage | null; registered: boolean }> {
  const cached = versions.get(versionId);
  if (cached) return cached;
  const row = await baseDb().pluginVersion.findUniqueOrThrow({ where: { id: versionId } });
  const entry = { row, pkg: null, registered: false };
  versions.set(versionId, entry);
  return entry;
}

/** The tenant a call runs for: the partner whose data it is, else the platform. Never shared. */
export function tenantKeyOf(partnerId: string | null): string {
  return partnerId ?? "platform";
}

/**
 * The sandbox for an install and a tenant. Verification happens when a (tenant, version) first
 * loads; a tampered package throws here, is reported loudly, and counts as a failure of the install.
 */
export async function sandboxFor(install: InstalledPlugin, partnerId: string | null, hook: string): Promise<PluginSandbox> {
  const entry = await loadedVersion(install.versionId);
  const row = entry.row;
  try {
    entry.pkg ??= storedPackage(row);
    const pkg = entry.pkg;
    const sandbox = sandboxHost().load({ tenantKey: tenantKeyOf(partnerId), pkg, signature: row.signature ? { sha256: row.sha256, signature: row.signature } : null });
    if (!entry.registered) {
      registerPluginMessages(install.namespace, pkg.locales, (text) => toTraditional(text));
      entry.registered = true;
    }
    return sandbox;
  } catch (error) {
    // Forget the row: the next load reads it again (an operator may have restored the package).
    versions.delete(install.versionId);
    if (isPluginIntegrityError(error)) await reportIntegrityFailure(error, { versionId: install.versionId, installId: install.installId, partnerId, hook });
    throw error;
  }
}

/** Outcomes that are the plugin's failures (refused reads and intents are the host doing its job). */
const BREAKER_OUTCOMES = ["timeout", "memory", "error", "invalid_output", "missing_hook", "integrity", "dead_letter"];

/**
 * Count a call; on failure record it and move the breaker: CIRCUIT_BREAKER_FAILURES failures of an
 * install within CIRCUIT_BREAKER_WINDOW_MS stop it for that tenant (successes of its other hooks in
 * between do not hide a hook that keeps failing). Returns true when the breaker just opened.
 */
export async function accountCall(install: InstalledPlugin, hook: string, partnerId: string | null, result: InvocationResult | { outcome: "integrity"; cpuMicros: 0; error: { code: string; message: string } }): Promise<boolean> {
  const isFailure = result.outcome !== "ok";
  recordHookCall({ pluginId: install.pluginId, versionId: install.versionId, hook, cpuMicros: result.cpuMicros, failed: isFailure });
  if (!isFailure) return false;
  const error = result.error;
  if (result.outcome !== "integrity") {
    await recordHookFailure({
      pluginId: install.pluginId,
      versionId: install.versionId,
      installId: install.installId,
      partnerId,
      hook,
      outcome: result.outcome,
      code: error?.code ?? result.outcome,
      message: error?.message || error?.code || result.outcome,
    });
  }
  const state = await baseDb().pluginInstall.findUnique({ where: { id: install.installId }, select: { breakerResetAt: true } });
  const windowStart = new Date(Math.max(Date.now() - CIRCUIT_BREAKER_WINDOW_MS, state?.breakerResetAt?.getTime() ?? 0));
  const recent = await baseDb().pluginError.count({ where: { installId: install.installId, outcome: { in: BREAKER_OUTCOMES }, createdAt: { gt: windowStart } } });
  const [row] = await baseDb().$queryRaw<Array<{ consecutiveFailures: number; status: string }>>`
    UPDATE "PluginInstall" SET "consecutiveFailures" = ${recent}, "updatedAt" = now()
    WHERE id = ${install.installId}::uuid RETURNING "consecutiveFailures", status::text AS status`;
  if (!row || row.status !== "active" || row.consecutiveFailures < CIRCUIT_BREAKER_FAILURES) return false;
  const opened = await runAsSystem("plugin circuit breaker", () =>
    db.$transaction(async (tx) => {
      const changed = await tx.pluginInstall.updateMany({ where: { id: install.installId, status: "active" }, data: { status: "disabled", disabledAt: new Date(), disabledReason: "circuit_open" } });
      if (changed.count === 0) return false;
      await recordAudit(tx, systemActor("plugin circuit breaker"), { action: "plugin.circuit_opened", entityType: "PluginInstall", entityId: install.installId, partnerId: install.partnerId, after: { hook, failures: row.consecutiveFailures, lastOutcome: result.outcome } });
      await emitEvent(tx, "plugin.circuit_opened", { type: "PluginInstall", id: install.installId, partnerId: install.partnerId }, {
        pluginId: install.pluginId,
        installId: install.installId,
        partnerId: install.partnerId,
        hook,
        failures: row.consecutiveFailures,
        developerId: install.developerId,
      });
      return true;
    }),
  );
  if (opened) {
    forgetInstalledPlugins();
    sandboxHost().evict(tenantKeyOf(partnerId), install.pluginId);
  }
  return opened;
}

export type BeforeSaveTarget = {
  /**
   * The tenant whose installs run: the record's partner (for an order, its attributed partner), null
   * for the platform. It is also the hooks' `recordPartnerId` and the scope their reads answer in.
   */
  partnerId: string | null;
  object: string;
  operation: "create" | "update" | "delete";
  /**
   * The record as it will be saved. On a core object: the record's fields as its service reads them,
   * with its plugin fields under `customFields` (on create: the fields about to be inserted). On a
   * plugin object: its values.
   */
  record: Record<string, unknown>;
  /** On update, the record as stored (same shape); null on create. */
  previous: Record<string, unknown> | null;
};

const PERSONAL_CORE_FIELDS = ["phone", "email", "contactName", "contacts"];

function plainObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A core record always carries its plugin fields under `customFields` (an empty object before any are set). */
function withPluginFields(record: Record<string, unknown>): Record<string, unknown> {
  return { ...record, customFields: { ...plainObject(record.customFields) } };
}

/** Plugin fields on customers marked `personal` by any installed plugin (hidden like phone and e-mail). */
function personalPluginFields(installs: InstalledPlugin[]): Set<string> {
  return new Set(installs.flatMap((install) => install.manifest.contributes.fields.filter((f) => f.object === "customer" && f.personal).map((f) => f.name)));
}

/** What a plugin may see of the record: personal data (core and plugin fields) only with `customers:read:contact`. */
function visibleRecord(install: InstalledPlugin, object: string, record: Record<string, unknown> | null, personal: Set<string>): Record<string, unknown> | null {
  if (!record || object !== "customer" || install.grantedPermissions.includes("customers:read:contact")) return record;
  const visible = Object.fromEntries(Object.entries(record).filter(([key]) => !PERSONAL_CORE_FIELDS.includes(key)));
  if ("customFields" in record) visible.customFields = Object.fromEntries(Object.entries(plainObject(record.customFields)).filter(([key]) => !personal.has(key)));
  return visible;
}

function hookActor(actor: Actor) {
  if (actor.kind === "partner") return { userId: actor.userId, role: actor.role, partnerId: actor.partnerId };
  if (actor.kind === "platform") return { userId: actor.userId, role: actor.roles[0] ?? null, partnerId: null };
  return { userId: null, role: null, partnerId: null };
}

function hooksFor(install: InstalledPlugin, target: BeforeSaveTarget, kind: "validate" | "compute") {
  return install.manifest.hooks.filter(
    (h): h is Extract<THookDeclaration, { kind: "validate" | "compute" }> => h.kind === kind && h.object === target.object && (h.on as readonly string[]).includes(target.operation),
  );
}

/** The fields a compute hook may fill: its own plugin's computed fields on that object. */
function computedFields(install: InstalledPlugin, object: string): TFieldDefinition[] {
  const own = install.manifest.contributes.objects.find((o) => o.name === object);
  const fields = own ? own.fields : (install.manifest.contributes.fields.filter((f) => f.object === object) as TFieldDefinition[]);
  return fields.filter((f) => f.computed);
}

function hookFailedClosed(install: InstalledPlugin, hook: string): DomainError {
  return new DomainError("RULE_VIOLATION", { i18nKey: "plugins.errors.hookFailedClosed", params: { plugin: install.manifest.name["zh-CN"], pluginEn: install.manifest.name.en, hook } });
}

async function invokeBeforeSave(
  actor: Actor,
  install: InstalledPlugin,
  hook: { name: string; failMode: "open" | "closed" },
  kind: "validate" | "compute",
  target: BeforeSaveTarget,
  record: Record<string, unknown>,
  personal: Set<string>,
) {
  let sandbox: PluginSandbox;
  try {
    sandbox = await sandboxFor(install, target.partnerId, hook.name);
  } catch (error) {
    if (!isPluginIntegrityError(error)) throw error;
    await accountCall(install, hook.name, target.partnerId, { outcome: "integrity", cpuMicros: 0, error: { code: error.code, message: error.message } });
    if (hook.failMode === "closed") throw hookFailedClosed(install, hook.name);
    return null;
  }
  const context = {
    pluginId: install.pluginId,
    partnerId: target.partnerId,
    settings: install.settings,
    actor: hookActor(actor),
    now: new Date().toISOString(),
    object: target.object,
    operation: target.operation,
    recordPartnerId: target.partnerId,
    record: visibleRecord(install, target.object, record, personal)!,
    previous: visibleRecord(install, target.object, target.previous, personal),
  };
  // Reads answer in the record's tenant (its partner's records and the platform's), through the
  // hook-read pool: the caller may hold a transaction of the main pool (hook-reader.ts).
  const userId = actor.kind === "partner" && actor.partnerId === target.partnerId ? actor.userId : null;
  const reader = readerFor(install, readScopeOf(target.partnerId, userId), target.partnerId, hook.name, hookReadDb());
  const result = await sandbox.invoke(hook.name, kind, context, { reader });
  await accountCall(install, hook.name, target.partnerId, result);
  if (result.outcome === "ok") return result;
  if (hook.failMode === "closed") throw hookFailedClosed(install, hook.name);
  console.warn(`[plugins] ${install.pluginId} ${kind} hook ${hook.name} failed open (${result.outcome}: ${result.error?.code ?? ""}); the save goes through`);
  return null;
}

/**
 * Before a record of `object` is saved for a partner: the installed plugins' compute hooks fill
 * their computed fields, then their validate hooks may refuse the save with messages in the
 * plugin's words. Returns the computed values per plugin. Throws VALIDATION_FAILED (the plugins'
 * issues, translated) or RULE_VIOLATION (a fail-closed hook that failed).
 */
export async function runBeforeSave(actor: Actor, rawTarget: BeforeSaveTarget): Promise<Map<string, Record<string, unknown>>> {
  const installs = await beforeSaveInstalls(rawTarget.partnerId, rawTarget.object);
  const computed = new Map<string, Record<string, unknown>>();
  // Every hook sees one shape on a core object, whichever service saves it: plugin fields under `customFields`.
  const core = isCoreObject(rawTarget.object);
  const target = core ? { ...rawTarget, record: withPluginFields(rawTarget.record), previous: rawTarget.previous && withPluginFields(rawTarget.previous) } : rawTarget;
  const personal = personalPluginFields(installs);
  let record = target.record;
  for (const install of installs) {
    for (const hook of hooksFor(install, target, "compute")) {
      const result = await invokeBeforeSave(actor, install, hook, "compute", target, record, personal);
      if (!result?.value) continue;
      const checked = checkValues(computedFields(install, target.object), (result.value as { set: Record<string, unknown> }).set, { partial: true, allowComputed: true });
      if (checked.issues.length > 0) {
        // A compute hook writing what it does not own, or a wrong type, is the plugin's bug: recorded, not saved.
        await recordHookFailure({ pluginId: install.pluginId, versionId: install.versionId, installId: install.installId, partnerId: target.partnerId, hook: hook.name, outcome: "invalid_output", code: "computed_values", message: checked.issues.map((i) => `${i.path}: ${i.message}`).join("; ") });
        if (hook.failMode === "closed") throw hookFailedClosed(install, hook.name);
        continue;
      }
      computed.set(install.pluginId, { ...(computed.get(install.pluginId) ?? {}), ...checked.values });
      // Validate hooks (and later compute hooks) see the computed values where they will be stored.
      record = core ? { ...record, customFields: { ...plainObject(record.customFields), ...checked.values } } : { ...record, ...checked.values };
    }
  }
  const issues: ValueIssue[] = [];
  for (const install of installs) {
    for (const hook of hooksFor(install, target, "validate")) {
      const result = await invokeBeforeSave(actor, install, hook, "validate", target, record, personal);
      const errors = (result?.value as { errors?: Array<{ field?: string; messageKey: string; params: Record<string, string | number> }> } | undefined)?.errors ?? [];
      for (const error of errors) issues.push({ path: error.field ?? "", message: pluginMessageKey(install.namespace, error.messageKey), params: error.params });
    }
  }
  if (issues.length > 0) {
    throw new DomainError("VALIDATION_FAILED", { i18nKey: "plugins.errors.refusedByPlugin", details: issues.map((i) => ({ path: i.path, message: i.message, ...(i.params ? { params: i.params } : {}) })) });
  }
  return computed;
}

function checksSave(install: InstalledPlugin, object: string, operation: "create" | "update"): boolean {
  return install.manifest.hooks.some((h) => (h.kind === "validate" || h.kind === "compute") && h.object === object && h.on.includes(operation));
}

/** The plugin objects' owner: `<ns>__name` belongs to the plugin whose namespace is `<ns>`. */
function ownsObject(install: InstalledPlugin, object: string): boolean {
  return object.startsWith(`${namespaceOf(install.pluginId)}__`);
}

/** The settings a plugin runs with where it has no install of that tenant: its manifest's defaults. */
function defaultSettings(install: InstalledPlugin): Record<string, unknown> {
  return Object.fromEntries(install.manifest.settings.filter((s) => s.default !== undefined).map((s) => [s.key, s.default]));
}

/**
 * The installs whose before-save hooks run for a record of `object` owned by `partnerId`: the
 * platform-wide installs and the partner's own. A platform record (partnerId null) of a plugin's own
 * object — master data staff keep — gets its plugin's hooks whenever that plugin is installed
 * anywhere (ADR 026): the platform-wide install, else the newest partner install's version
 * with the manifest's default settings (a partner's settings are that partner's business), running
 * in the platform tenant.
 */
export async function beforeSaveInstalls(partnerId: string | null, object: string): Promise<InstalledPlugin[]> {
  const own = await installsForPartner(partnerId);
  if (partnerId !== null || isCoreObject(object)) return own;
  if (own.some((install) => ownsObject(install, object))) return own;
  const candidates = (await activeInstalls()).filter((install) => ownsObject(install, object));
  const newest = candidates.reduce<InstalledPlugin | null>((best, install) => (!best || semver.gt(install.version, best.version) ? install : best), null);
  return newest ? [...own, { ...newest, settings: defaultSettings(newest) }] : own;
}

/** Whether any plugin that runs for this save has a compute or validate hook on it (cached installs, no query). */
export async function hasBeforeSaveHooks(partnerId: string | null, object: string, operation: "create" | "update"): Promise<boolean> {
  const installs = await beforeSaveInstalls(partnerId, object);
  return installs.some((install) => checksSave(install, object, operation));
}

/**
 * Call before a transaction inside which a before-save check runs (the record's partner, or an
 * order's attribution, is only known in it): reads the installed plugins now, so that the check
 * inside answers from the cache — a transaction never holds its connection waiting for another
 * (a pool full of such transactions would wait for ever). Answers whether any install anywhere has
 * such a hook; when none has, the caller skips the check and the transaction does no plugin work.
 */
export async function beforeSaveHooksInstalled(object: string, operation: "create" | "update"): Promise<boolean> {
  const installs = await activeInstalls();
  return installs.some((install) => checksSave(install, object, operation));
}

/**
 * For core services: run the installed plugins' compute and validate hooks before a core record is
 * saved, and return the plugin fields to merge into its `customFields` (all plugins' computed values).
 */
export async function pluginFieldsBeforeSave(actor: Actor, target: BeforeSaveTarget): Promise<Record<string, unknown>> {
  const computed = await runBeforeSave(actor, target);
  return Object.assign({}, ...computed.values()) as Record<string, unknown>;
}

/**
 * For core services' updates — the lead pattern in one call: only when a plugin installed for the
 * partner checks this save (cached installs, no query) are the stored plugin fields read
 * (`readCustomFields`, in the caller's transaction); the hooks then see `{ ...before, ...changes }`
 * with them under `customFields` (and `previous`: `before` with them). Returns the `customFields` to
 * write, or null when no plugin computed anything. Throws like `runBeforeSave`.
 */
export async function pluginFieldsOnUpdate(
  actor: Actor,
  update: { partnerId: string | null; object: string; before: Record<string, unknown>; changes: Record<string, unknown>; readCustomFields: () => Promise<unknown> },
): Promise<Record<string, unknown> | null> {
  if (!(await hasBeforeSaveHooks(update.partnerId, update.object, "update"))) return null;
  const customFields = { ...plainObject(await update.readCustomFields()) };
  const pluginFields = await pluginFieldsBeforeSave(actor, {
    partnerId: update.partnerId,
    object: update.object,
    operation: "update",
    record: { ...update.before, ...update.changes, customFields },
    previous: { ...update.before, customFields },
  });
  return Object.keys(pluginFields).length > 0 ? { ...customFields, ...pluginFields } : null;
}
