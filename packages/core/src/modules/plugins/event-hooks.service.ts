/**
 * Event hooks (issue 6 item 3, ADR 024). After a change commits, its outbox event reaches
 * `fanOutPluginHooks`, which queues one BullMQ job per (install, hook) subscribed to it for the
 * event's tenant. `runPluginHookJob` runs the hook in that tenant's sandbox with a reader that
 * answers only what the install's permissions and the installer's partner allow (hook-reader.ts),
 * then checks every intent the hook returned against the granted permissions, the plugin's namespace
 * and the tenant's scope, applies the allowed ones and records the refused ones. Issue 7 (ADR 026):
 * `createOrder` (plugin-orders.service.ts), and a `patch` of a platform record only when platform
 * staff caused the event. ADR 027: the installs are those as of the event; patches are written first,
 * together, only onto records unchanged since the hook read them (else the hook runs again).
 */
import { hasPermission, isCoreObject } from "@qudao/plugins/permissions";
import { permissionForIntent, type TIntent } from "@qudao/plugins/intents";
import type { TFieldDefinition } from "@qudao/plugins/manifest";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { systemActor, type Actor } from "../../actor/index.ts";
import { baseDb, db, Prisma, runAsActor, runAsSystem, type Tx } from "../../db/index.ts";
import { isDomainError } from "../../errors/index.ts";
import { hasMessage, pluginMessageKey, SUPPORTED_LOCALES, translator } from "../../i18n/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { createTask } from "../tasks/index.ts";
import { checkValues, objectFields, recordTitle } from "./custom-values.rules.ts";
import { initialStages, objectPipelines } from "./custom-objects.service.ts";
import { recordHookFailure } from "./hook-stats.service.ts";
import { activeInstalls, installsForPartner, type InstalledPlugin } from "./installed-plugins.ts";
import { latestDueTick } from "../automation/automation.rules.ts";
import { env } from "../../env/index.ts";
import { accountCall, sandboxFor } from "./plugin-host.ts";
import { isPluginIntegrityError } from "./plugin-loader.ts";
import { emitRecordEvent } from "./plugins.repository.ts";
import { enqueuePluginHooks, type TPluginHookJob } from "../../jobs/plugin-hook.job.ts";
import { readerFor, tenantReader } from "./hook-reader.ts";
import type { HostRecordReader } from "@qudao/plugins/runtime";
import { canonicalJson } from "@qudao/plugins/package-format";
import { applyCreateOrder } from "./plugin-orders.service.ts";
import type { TDomainEventJob } from "../../jobs/domain-event.job.ts";

/** Consumer of every delivered domain event: queue the subscribed hooks of the event's tenant. */
export async function fanOutPluginHooks(event: TDomainEventJob): Promise<{ queued: number }> {
  // The installs as of the event, not as of a cache older than it: a plugin installed a moment before runs.
  const installs = await installsForPartner(event.partnerId, new Date(event.occurredAt));
  const jobs: TPluginHookJob[] = [];
  for (const install of installs) {
    for (const hook of install.manifest.hooks) {
      if (hook.kind !== "event" || !hook.events.includes(event.type)) continue;
      jobs.push({
        installId: install.installId,
        hook: hook.name,
        event: { id: event.eventId, name: event.type, occurredAt: event.occurredAt, partnerId: event.partnerId, aggregateType: event.aggregateType, aggregateId: event.aggregateId, payload: event.payload },
      });
    }
  }
  await enqueuePluginHooks(jobs);
  return { queued: jobs.length };
}

/**
 * Maintenance, every minute: schedule hooks whose cron ticked in the last `windowMs` are queued once
 * per tick (the job id carries the tick, so two workers or a rerun queue it once). Missed ticks
 * coalesce into the latest, as cron does. Installs without the `schedule` permission never run them.
 */
export async function enqueueScheduledHooks(now = new Date(), windowMs = 5 * 60_000): Promise<{ queued: number }> {
  const jobs: TPluginHookJob[] = [];
  for (const install of await activeInstalls()) {
    if (!hasPermission(install.grantedPermissions, "schedule")) continue;
    for (const hook of install.manifest.hooks) {
      if (hook.kind !== "schedule") continue;
      const tick = latestDueTick(hook.cron, env().PLATFORM_TIMEZONE, new Date(now.getTime() - windowMs), now);
      if (!tick) continue;
      const at = tick.toISOString();
      jobs.push({
        installId: install.installId,
        hook: hook.name,
        event: { id: `schedule:${at}`, name: "schedule", occurredAt: at, partnerId: install.partnerId, aggregateType: "PluginInstall", aggregateId: install.installId, payload: {} },
      });
    }
  }
  await enqueuePluginHooks(jobs);
  return { queued: jobs.length };
}

// The reader moved to hook-reader.ts (every hook kind reads, issue 7); kept importable from here.
export { readerFor, tenantReader };

const ACTING_TTL_MS = 5_000;
const actingCache = new Map<string, { at: number; actor: Promise<Actor> }>();

/** Who the hook acts as: the user behind the event when they belong to the tenant, else its first admin (cached briefly: a burst of events of one user loads them once). */
function actingActor(partnerId: string | null, payload: Record<string, unknown>): Promise<Actor> {
  const key = `${partnerId}|${String(payload.actorUserId ?? "")}|${String(payload.createdById ?? "")}|${String(payload.assigneeId ?? "")}`;
  const cached = actingCache.get(key);
  if (cached && Date.now() - cached.at < ACTING_TTL_MS) return cached.actor;
  if (actingCache.size > 1_000) actingCache.clear();
  const actor = loadActingActor(partnerId, payload);
  actingCache.set(key, { at: Date.now(), actor });
  actor.catch(() => actingCache.delete(key));
  return actor;
}

async function loadActingActor(partnerId: string | null, payload: Record<string, unknown>): Promise<Actor> {
  if (!partnerId) return systemActor("plugin hook");
  const candidates = [payload.actorUserId, payload.createdById, payload.assigneeId].filter((v): v is string => typeof v === "string");
  for (const userId of candidates) {
    const loaded = await actorForUserId(userId, "job");
    if (loaded?.actor.kind === "partner" && loaded.actor.partnerId === partnerId) return loaded.actor;
  }
  const admin = await baseDb().membership.findFirst({ where: { partnerId, role: "admin", user: { deactivatedAt: null } }, orderBy: { createdAt: "asc" }, select: { userId: true } });
  const loaded = admin ? await actorForUserId(admin.userId, "job") : null;
  return loaded?.actor ?? systemActor("plugin hook");
}

/** Tables of the rows a `patch` intent may change (Prisma delegate → table; the models are not renamed). */
const PATCHABLE_TABLES: Record<string, string> = {
  customer: "Customer",
  lead: "Lead",
  opportunity: "Opportunity",
  activity: "Activity",
  task: "Task",
  order: "Order",
  customObjectRecord: "CustomObjectRecord",
};

/**
 * Reads one JSON column of a row after locking it (SELECT … FOR UPDATE) in the caller's transaction:
 * the merge that follows is of the committed row, and a concurrent writer waits for this commit.
 * null when the row is gone.
 */
async function lockedRow(tx: Tx, delegate: string, id: string, column: "customFields" | "values"): Promise<Record<string, unknown> | null> {
  const table = PATCHABLE_TABLES[delegate];
  if (!table) throw new Error(`no table for ${delegate}`);
  const rows = await tx.$queryRaw<Array<Record<string, unknown>>>`SELECT ${Prisma.raw(`"${column}"`)} FROM ${Prisma.raw(`"${table}"`)} WHERE id = ${id}::uuid FOR UPDATE`;
  return rows[0] ?? null;
}

export type Refusal = { index: number; reason: "permission" | "namespace" | "scope" | "invalid" | "no_partner" | "platform_record" | "refused"; detail: string };

type Delegate = { findFirst(args: unknown): Promise<Record<string, unknown> | null> };

function delegateOf(object: string): Delegate {
  return (db as unknown as Record<string, Delegate>)[object]!;
}

/** The core key of a plugin's translated task title: its params hold the text per language (zh_CN, zh_TW, en). */
export const PLUGIN_TASK_TITLE = "plugins.task.title";

/** What an intent is applied with: who acts, the tenant's read scope, the tenant, the event, and whether platform staff caused it. */
export type IntentContext = { acting: Actor; scope: Actor; partnerId: string | null; eventId: string; now: string; causedByStaff: () => Promise<boolean> };

function ownFieldsOn(install: InstalledPlugin, object: string): TFieldDefinition[] {
  const own = install.manifest.contributes.objects.find((o) => o.name === object);
  if (own) return objectFields(own);
  return install.manifest.contributes.fields.filter((f) => f.object === object) as TFieldDefinition[];
}

/** A permitted patch whose values and scope were checked: what `writePatches` writes. */
type PreparedPatch = { index: number; object: string; id: string; core: boolean; values: Record<string, unknown>; record: { partnerId: string | null } | null };

/** A patch's checks before any write: namespace, values, the tenant's scope, and master data only on staff's events. */
async function preparePatch(install: InstalledPlugin, intent: Extract<TIntent, { type: "patch" }>, index: number, ctx: IntentContext): Promise<PreparedPatch | Refusal> {
  const fields = ownFieldsOn(install, intent.object);
  if (fields.length === 0 || (isCoreObject(intent.object) && Object.keys(intent.set).some((k) => !k.startsWith(`${install.namespace}__`)))) {
    return { index, reason: "namespace", detail: intent.object };
  }
  const checked = checkValues(fields, intent.set, { partial: true, allowComputed: true });
  if (checked.issues.length > 0) return { index, reason: "invalid", detail: checked.issues.map((i) => `${i.path}: ${i.message}`).join("; ") };
  if (isCoreObject(intent.object)) {
    const row = await runAsActor(ctx.scope, () => delegateOf(intent.object).findFirst({ where: { id: intent.id }, select: { id: true } }).catch(() => null));
    if (!row) return { index, reason: "scope", detail: `${intent.object}:${intent.id}` };
    return { index, object: intent.object, id: intent.id, core: true, values: checked.values, record: null };
  }
  const record = await runAsActor(ctx.scope, () => db.customObjectRecord.findFirst({ where: { id: intent.id, object: intent.object }, select: { id: true, partnerId: true } }));
  if (!record) return { index, reason: "scope", detail: `${intent.object}:${intent.id}` };
  // Master data (a platform record) changes only when platform staff caused the event, e.g. a
  // reviewer approving a partner's change request; a partner's event never writes it.
  if (record.partnerId === null && !(await ctx.causedByStaff())) return { index, reason: "platform_record", detail: `${intent.object}:${intent.id}` };
  return { index, object: intent.object, id: intent.id, core: false, values: checked.values, record };
}

/** What a hook read of a record, to tell later whether it changed since: its values (a core record: the plugin's own fields). */
type ReadStamps = Map<string, string>;

const readKey = (object: string, id: string) => `${object}:${id}`;

/** The part of a record a patch guard compares: a plugin record's values, a core record's fields of this plugin. */
function guardedPart(install: InstalledPlugin, core: boolean, stored: Record<string, unknown>): string {
  if (!core) return canonicalJson(stored);
  return canonicalJson(Object.fromEntries(Object.entries(stored).filter(([key]) => key.startsWith(`${install.namespace}__`))));
}

/** The reader of a queued hook, noting what it read of each record (see `writePatches`). */
function stampingReader(install: InstalledPlugin, reader: HostRecordReader, stamps: ReadStamps): HostRecordReader {
  const note = (object: string, record: Record<string, unknown> | null) => {
    if (!record || object === "partner" || typeof record.id !== "string") return;
    const core = isCoreObject(object);
    const { id: _id, object: _object, partnerId: _partnerId, ...values } = record as Record<string, unknown>;
    stamps.set(readKey(object, record.id), guardedPart(install, core, core ? ((record.customFields ?? {}) as Record<string, unknown>) : values));
  };
  return {
    async get(object, id) {
      const record = await reader.get(object, id);
      note(object, record);
      return record;
    },
    async query(object, where, limit, offset) {
      const records = await reader.query(object, where, limit, offset);
      for (const record of records) note(object, record);
      return records;
    },
  };
}

/** A patch found its record changed since the hook read it: the hook runs again on what is there now. */
class StaleRead extends Error {
  constructor(readonly record: string) {
    super(`changed since the hook read it: ${record}`);
  }
}

/**
 * Writes a hook's checked patches in one transaction, each merged into the row as committed, under
 * its lock (taken in id order, so two jobs never wait on each other crosswise). A patch of a record
 * the hook read is written only if that record is as the hook read it: a hook computes values from
 * what it read (stock on hand minus the parts used), and two such hooks running side by side must
 * not both subtract from the same reading. Otherwise nothing is written and StaleRead is thrown.
 */
async function writePatches(install: InstalledPlugin, patches: PreparedPatch[], ctx: IntentContext, stamps: ReadStamps): Promise<void> {
  if (patches.length === 0) return;
  const ordered = [...patches].sort((a, b) => a.id.localeCompare(b.id) || a.index - b.index);
  await runAsSystem("plugin intent", () =>
    db.$transaction(async (tx) => {
      for (const patch of ordered) {
        const column = patch.core ? "customFields" : "values";
        const current = await lockedRow(tx, patch.core ? patch.object : "customObjectRecord", patch.id, column);
        if (!current) continue;
        const stored = (current[column] ?? {}) as Record<string, unknown>;
        const seen = stamps.get(readKey(patch.object, patch.id));
        if (seen !== undefined && seen !== guardedPart(install, patch.core, stored)) throw new StaleRead(readKey(patch.object, patch.id));
        const merged = { ...stored, ...patch.values };
        // The next patch of the same record in this hook builds on this one.
        if (seen !== undefined) stamps.set(readKey(patch.object, patch.id), guardedPart(install, patch.core, merged));
        if (patch.core) {
          await (tx as unknown as Record<string, { update(args: unknown): Promise<unknown> }>)[patch.object]!.update({ where: { id: patch.id }, data: { customFields: merged }, select: { id: true } });
          await recordAudit(tx, ctx.acting, { action: `${patch.object}.custom_fields_updated`, entityType: patch.object, entityId: patch.id, partnerId: ctx.partnerId, after: { plugin: install.pluginId, ...patch.values } });
          continue;
        }
        const object = install.manifest.contributes.objects.find((o) => o.name === patch.object)!;
        await tx.customObjectRecord.update({ where: { id: patch.id }, data: { values: merged as Prisma.InputJsonValue, title: recordTitle(object.titleField, merged, object.name) } });
        await recordAudit(tx, ctx.acting, { action: "customRecord.updated", entityType: "CustomObjectRecord", entityId: patch.id, partnerId: patch.record!.partnerId, after: { plugin: install.pluginId, ...patch.values } });
        await emitRecordEvent(tx, "updated", { recordId: patch.id, object: object.name, pluginId: install.pluginId, partnerId: patch.record!.partnerId, actorUserId: null, changed: Object.keys(patch.values) });
      }
    }),
  );
}

/** Apply one intent already known to be permitted; returns a refusal when scope or values say no. */
async function applyIntent(install: InstalledPlugin, intent: TIntent, index: number, ctx: IntentContext): Promise<Refusal | null> {
  switch (intent.type) {
    case "patch":
      // Patches are prepared and written together, before the other intents (runPluginHookJob).
      throw new Error("patch intents go through preparePatch / writePatches");
    case "createRecord": {
      const object = install.manifest.contributes.objects.find((o) => o.name === intent.object);
      if (!object) return { index, reason: "namespace", detail: intent.object };
      const checked = checkValues(ownFieldsOn(install, intent.object), intent.values, { partial: false, allowComputed: true });
      if (checked.issues.length > 0) return { index, reason: "invalid", detail: checked.issues.map((i) => `${i.path}: ${i.message}`).join("; ") };
      const ownerUserId = ctx.acting.kind === "partner" ? ctx.acting.userId : null;
      await runAsSystem("plugin intent", () =>
        db.$transaction(async (tx) => {
          const created = await tx.customObjectRecord.create({ data: { pluginId: install.pluginId, object: object.name, partnerId: ctx.partnerId, ownerUserId, createdById: null, title: recordTitle(object.titleField, checked.values, object.name), values: { ...checked.values, ...initialStages(objectPipelines(install.manifest, object.name)) } as Prisma.InputJsonValue } });
          await recordAudit(tx, ctx.acting, { action: "customRecord.created", entityType: "CustomObjectRecord", entityId: created.id, partnerId: ctx.partnerId, after: { plugin: install.pluginId, object: object.name } });
          await emitRecordEvent(tx, "created", { recordId: created.id, object: object.name, pluginId: install.pluginId, partnerId: ctx.partnerId, actorUserId: null, changed: Object.keys(checked.values) });
        }),
      );
      return null;
    }
    case "createTask": {
      if (ctx.acting.kind !== "partner") return { index, reason: "no_partner", detail: "tasks belong to a partner" };
      const related = intent.related;
      const links = related && ["lead", "customer", "opportunity"].includes(related.object) ? { [`${related.object}Id`]: related.id } : {};
      // A title by key is translated now into every language (the plugin's messages are loaded here, in
      // the worker) and stored as a system task's params: each reader sees their own, in any process.
      let system: { titleKey: string; params: { zh_CN: string; zh_TW: string; en: string } } | undefined;
      if (intent.titleKey) {
        const key = pluginMessageKey(install.namespace, intent.titleKey);
        if (!hasMessage(key)) return { index, reason: "invalid", detail: `titleKey ${intent.titleKey} is not in the plugin's locales` };
        const text = (locale: (typeof SUPPORTED_LOCALES)[number]) => String(translator(locale)(key, intent.params)).trim().slice(0, 200);
        system = { titleKey: PLUGIN_TASK_TITLE, params: { zh_CN: text("zh-CN"), zh_TW: text("zh-TW"), en: text("en") } };
      }
      const title = system ? system.params.zh_CN : intent.title!;
      try {
        await runAsActor(ctx.acting, () =>
          createTask(ctx.acting, { title, notes: intent.note ?? null, dueAt: intent.dueAt ?? null, assigneeId: intent.assigneeUserId ?? null, ...links }, "zh-CN", system),
        );
      } catch (error) {
        if (isDomainError(error)) return { index, reason: error.code === "NOT_FOUND" || error.code === "ASSIGNEE_NOT_IN_PARTNER" ? "scope" : "invalid", detail: error.code };
        throw error;
      }
      return null;
    }
    case "emitEvent": {
      if (!intent.name.startsWith(`${install.pluginId}.`)) return { index, reason: "namespace", detail: intent.name };
      // The host's fields win over the plugin's: automation rules read the tenant from `partnerId` (see modules/automation/plugin-triggers.service.ts).
      await baseDb().outboxEvent.create({ data: { type: intent.name, aggregateType: "PluginInstall", aggregateId: install.installId, partnerId: ctx.partnerId, payload: { ...intent.payload, pluginId: install.pluginId, partnerId: ctx.partnerId, causedBy: ctx.eventId } as Prisma.InputJsonValue }, select: { id: true } });
      return null;
    }
    case "notify": {
      if (!ctx.partnerId) return { index, reason: "no_partner", detail: "notifications go to the installer's users" };
      const members = await baseDb().membership.findMany({
        where: { partnerId: ctx.partnerId, user: { deactivatedAt: null }, OR: [...(intent.userIds?.length ? [{ userId: { in: intent.userIds } }] : []), ...(intent.roles?.length ? [{ role: { in: intent.roles } }] : [])] },
        select: { userId: true },
      });
      // A user id outside the installer's partner is a scope refusal, not silently skipped.
      const outside = (intent.userIds ?? []).filter((id) => !members.some((m) => m.userId === id));
      if (outside.length > 0) return { index, reason: "scope", detail: outside.join(",") };
      if (members.length === 0) return null;
      const text = (key: string | undefined) =>
        key ? Object.fromEntries(SUPPORTED_LOCALES.map((locale) => [locale, String(translator(locale)(pluginMessageKey(install.namespace, key), intent.params))])) : null;
      const link = intent.link && !isCoreObject(intent.link.object) ? `/x/${intent.link.object}/${intent.link.id}` : intent.link ? `/${intent.link.object === "opportunity" ? "opportunities" : `${intent.link.object}s`}/${intent.link.id}` : null;
      await baseDb().notification.createMany({
        data: members.map((m) => ({ userId: m.userId, type: "plugin.notify", messageKey: "plugins.notification.message", params: { pluginId: install.pluginId, title: text(intent.titleKey), body: text(intent.bodyKey) } as Prisma.InputJsonValue, link, sourceEventId: null })),
      });
      return null;
    }
    case "createOrder":
      return applyCreateOrder(install, intent, index, ctx);
  }
}

/** Runs of a hook whose patches found their records changed since it read them, before the job is retried later. */
const STALE_READ_ROUNDS = 5;

/** Per key, the settled-or-not end of the chain of calls waiting in `serially`. */
const chains = new Map<string, Promise<unknown>>();

/** `work` after every earlier call with the same key in this process has settled. */
async function serially<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = chains.get(key) ?? Promise.resolve();
  const run = before.then(work, work);
  const tail = run.catch(() => undefined);
  chains.set(key, tail);
  try {
    return await run;
  } finally {
    if (chains.get(key) === tail) chains.delete(key);
  }
}

/** The worker's handler for one (event, install, hook). Throws to retry; the last attempt is a dead letter. */
export async function runPluginHookJob(job: TPluginHookJob): Promise<{ outcome: string; applied: number; refused: number }> {
  const installs = await installsForPartner(job.event.partnerId, new Date(job.event.occurredAt));
  const install = installs.find((i) => i.installId === job.installId);
  // Uninstalled, disabled by the breaker, or upgraded to a version without this hook since: nothing to run.
  const declared = install?.manifest.hooks.find((h) => h.name === job.hook && (h.kind === "event" || h.kind === "schedule"));
  if (!install || !declared) return { outcome: "skipped", applied: 0, refused: 0 };
  const scheduled = declared.kind === "schedule";
  if (scheduled && !hasPermission(install.grantedPermissions, "schedule")) return { outcome: "skipped", applied: 0, refused: 0 };
  const partnerId = job.event.partnerId;
  const acting = await actingActor(partnerId, job.event.payload);
  const scope: Actor = partnerId ? tenantReader(partnerId, acting.kind === "partner" ? acting.userId : "00000000-0000-0000-0000-000000000000") : systemActor("plugin hook");
  let sandbox;
  try {
    sandbox = await sandboxFor(install, partnerId, job.hook);
  } catch (error) {
    if (isPluginIntegrityError(error)) {
      await accountCall(install, job.hook, partnerId, { outcome: "integrity", cpuMicros: 0, error: { code: error.code, message: error.message } });
      return { outcome: "integrity", applied: 0, refused: 0 };
    }
    throw error;
  }
  const base = {
    pluginId: install.pluginId,
    partnerId,
    settings: install.settings,
    actor: acting.kind === "partner" ? { userId: acting.userId, role: acting.role, partnerId: acting.partnerId } : { userId: null, role: null, partnerId: null },
    now: scheduled ? job.event.occurredAt : new Date().toISOString(),
  };
  let staff: Promise<boolean> | undefined;
  const causedByStaff = () => (staff ??= eventCausedByStaff(partnerId, job.event.payload, acting));
  const ctx: IntentContext = { acting, scope, partnerId, eventId: job.event.id, now: base.now, causedByStaff };
  // One job of an install and tenant at a time in this process: hooks that read and patch the same
  // records (stock, totals) then follow each other instead of re-running on each other's writes.
  const { refusals, applied } = await serially(`${install.installId}|${partnerId ?? "platform"}`, async () => {
    for (let round = 1; ; round += 1) {
      const stamps: ReadStamps = new Map();
      const reader = { reader: stampingReader(install, readerFor(install, scope, partnerId, job.hook), stamps) };
      const result = scheduled
        ? await sandbox.invoke(job.hook, "schedule", base, reader)
        : await sandbox.invoke(job.hook, "event", { ...base, event: { name: job.event.name, id: job.event.id, occurredAt: job.event.occurredAt, payload: job.event.payload } }, reader);
      await accountCall(install, job.hook, partnerId, result);
      if (result.outcome !== "ok") {
        throw new PluginHookFailure(`${install.pluginId} ${job.hook}: ${result.outcome} ${result.error?.code ?? ""}`.trim(), { pluginId: install.pluginId, versionId: install.versionId, installId: install.installId, partnerId, hook: job.hook });
      }
      const refused: Refusal[] = (result.rejectedIntents ?? []).map((r) => ({ index: r.index, reason: "invalid", detail: r.reason }));
      const permitted: Array<{ index: number; intent: TIntent }> = [];
      for (const [index, intent] of (result.intents ?? []).entries()) {
        const permission = permissionForIntent(intent);
        if (hasPermission(install.grantedPermissions, permission)) permitted.push({ index, intent });
        else refused.push({ index, reason: "permission", detail: permission });
      }
      // The patches first, all or none (writePatches); then the other intents in the hook's order.
      const patches: PreparedPatch[] = [];
      for (const { index, intent } of permitted) {
        if (intent.type !== "patch") continue;
        const prepared = await preparePatch(install, intent, index, ctx);
        if ("reason" in prepared) refused.push(prepared);
        else patches.push(prepared);
      }
      try {
        await writePatches(install, patches, ctx, stamps);
      } catch (error) {
        if (!(error instanceof StaleRead)) throw error;
        // Another writer changed a record between the hook's read and its patch: run it again on what is there now.
        if (round < STALE_READ_ROUNDS) continue;
        throw new PluginHookFailure(`${install.pluginId} ${job.hook}: ${error.message}`, { pluginId: install.pluginId, versionId: install.versionId, installId: install.installId, partnerId, hook: job.hook });
      }
      let done = patches.length;
      for (const { index, intent } of permitted) {
        if (intent.type === "patch") continue;
        const refusal = await applyIntent(install, intent, index, ctx);
        if (refusal) refused.push(refusal);
        else done += 1;
      }
      return { refusals: refused.sort((a, b) => a.index - b.index), applied: done };
    }
  });
  for (const refusal of refusals) {
    console.warn(`[plugins] ${install.pluginId} ${job.hook}: intent #${refusal.index} refused (${refusal.reason}: ${refusal.detail})`);
    await recordHookFailure({ pluginId: install.pluginId, versionId: install.versionId, installId: install.installId, partnerId, hook: job.hook, outcome: "intent_refused", code: refusal.reason, message: `intent #${refusal.index}: ${refusal.detail}` });
  }
  return { outcome: "ok", applied, refused: refusals.length };
}

/**
 * Whether the event was caused by platform staff: its `actorUserId` (the user whose action emitted
 * it) is a platform user. A platform tenant's job that no user caused (a schedule, a system event)
 * counts too: no partner caused it. Anything a partner's user or a partner's schedule caused does not.
 */
async function eventCausedByStaff(partnerId: string | null, payload: Record<string, unknown>, acting: Actor): Promise<boolean> {
  const userId = typeof payload.actorUserId === "string" ? payload.actorUserId : null;
  if (userId) {
    const loaded = await actorForUserId(userId, "job");
    return loaded?.actor.kind === "platform";
  }
  return partnerId === null && acting.kind === "system";
}

/** A hook that failed in the sandbox: retried by BullMQ; recorded as a dead letter after the last attempt. */
export class PluginHookFailure extends Error {
  constructor(
    message: string,
    readonly where: { pluginId: string; versionId: string; installId: string; partnerId: string | null; hook: string },
  ) {
    super(message);
    this.name = "PluginHookFailure";
  }
}

export async function recordDeadLetter(job: TPluginHookJob, error: Error): Promise<void> {
  const install = await baseDb().pluginInstall.findUnique({ where: { id: job.installId }, select: { pluginId: true, versionId: true, partnerId: true } });
  if (!install) return;
  await recordHookFailure({ pluginId: install.pluginId, versionId: install.versionId, installId: job.installId, partnerId: install.partnerId, hook: job.hook, outcome: "dead_letter", code: "attempts_exhausted", message: `${job.event.name} ${job.event.id}: ${error.message}` });
}
