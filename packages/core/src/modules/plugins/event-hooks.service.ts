/**
 * Event hooks (issue 6 item 3, ADR 024). After a change commits, its outbox event reaches
 * `fanOutPluginHooks`, which queues one BullMQ job per (install, hook) subscribed to it for the
 * event's tenant. `runPluginHookJob` runs the hook in that tenant's sandbox with a reader that
 * answers only what the install's permissions and the installer's partner allow (hook-reader.ts),
 * then checks every intent the hook returned against the granted permissions, the plugin's namespace
 * and the tenant's scope, applies the allowed ones and records the refused ones. Issue 7 (ADR 026):
 * `createOrder` (plugin-orders.service.ts), and a `patch` of a platform record only when platform
 * staff caused the event.
 */
import { hasPermission, isCoreObject } from "@qudao/plugins/permissions";
import { permissionForIntent, type TIntent } from "@qudao/plugins/intents";
import type { TFieldDefinition } from "@qudao/plugins/manifest";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { systemActor, type Actor } from "../../actor/index.ts";
import { baseDb, db, Prisma, runAsActor, runAsSystem, type Tx } from "../../db/index.ts";
import { isDomainError } from "../../errors/index.ts";
import { pluginMessageKey, SUPPORTED_LOCALES, translator } from "../../i18n/index.ts";
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

/** What an intent is applied with: who acts, the tenant's read scope, the tenant, the event, and whether platform staff caused it. */
export type IntentContext = { acting: Actor; scope: Actor; partnerId: string | null; eventId: string; now: string; causedByStaff: () => Promise<boolean> };

function ownFieldsOn(install: InstalledPlugin, object: string): TFieldDefinition[] {
  const own = install.manifest.contributes.objects.find((o) => o.name === object);
  if (own) return objectFields(own);
  return install.manifest.contributes.fields.filter((f) => f.object === object) as TFieldDefinition[];
}

/** Apply one intent already known to be permitted; returns a refusal when scope or values say no. */
async function applyIntent(install: InstalledPlugin, intent: TIntent, index: number, ctx: IntentContext): Promise<Refusal | null> {
  switch (intent.type) {
    case "patch": {
      const fields = ownFieldsOn(install, intent.object);
      if (fields.length === 0 || (isCoreObject(intent.object) && Object.keys(intent.set).some((k) => !k.startsWith(`${install.namespace}__`)))) {
        return { index, reason: "namespace", detail: intent.object };
      }
      const checked = checkValues(fields, intent.set, { partial: true, allowComputed: true });
      if (checked.issues.length > 0) return { index, reason: "invalid", detail: checked.issues.map((i) => `${i.path}: ${i.message}`).join("; ") };
      if (isCoreObject(intent.object)) {
        const row = await runAsActor(ctx.scope, () => delegateOf(intent.object).findFirst({ where: { id: intent.id }, select: { id: true } }).catch(() => null));
        if (!row) return { index, reason: "scope", detail: `${intent.object}:${intent.id}` };
        await runAsSystem("plugin intent", () =>
          db.$transaction(async (tx) => {
            // Merged under the row's lock: a user's save or another hook's patch in between is kept, not overwritten.
            const current = await lockedRow(tx, intent.object, intent.id, "customFields");
            if (!current) return;
            const merged = { ...((current.customFields ?? {}) as Record<string, unknown>), ...checked.values };
            await (tx as unknown as Record<string, { update(args: unknown): Promise<unknown> }>)[intent.object]!.update({ where: { id: intent.id }, data: { customFields: merged }, select: { id: true } });
            await recordAudit(tx, ctx.acting, { action: `${intent.object}.custom_fields_updated`, entityType: intent.object, entityId: intent.id, partnerId: ctx.partnerId, after: { plugin: install.pluginId, ...checked.values } });
          }),
        );
        return null;
      }
      const record = await runAsActor(ctx.scope, () => db.customObjectRecord.findFirst({ where: { id: intent.id, object: intent.object } }));
      if (!record) return { index, reason: "scope", detail: `${intent.object}:${intent.id}` };
      // Master data (a platform record) changes only when platform staff caused the event, e.g. a
      // reviewer approving a partner's change request; a partner's event never writes it.
      if (record.partnerId === null && !(await ctx.causedByStaff())) return { index, reason: "platform_record", detail: `${intent.object}:${intent.id}` };
      const object = install.manifest.contributes.objects.find((o) => o.name === intent.object)!;
      await runAsSystem("plugin intent", () =>
        db.$transaction(async (tx) => {
          // Merged under the row's lock: a stage move or an edit that committed since the read above is kept.
          const current = await lockedRow(tx, "customObjectRecord", record.id, "values");
          if (!current) return;
          const values = { ...((current.values ?? {}) as Record<string, unknown>), ...checked.values };
          await tx.customObjectRecord.update({ where: { id: record.id }, data: { values: values as Prisma.InputJsonValue, title: recordTitle(object.titleField, values, object.name) } });
          await recordAudit(tx, ctx.acting, { action: "customRecord.updated", entityType: "CustomObjectRecord", entityId: record.id, partnerId: record.partnerId, after: { plugin: install.pluginId, ...checked.values } });
          await emitRecordEvent(tx, "updated", { recordId: record.id, object: object.name, pluginId: install.pluginId, partnerId: record.partnerId, actorUserId: null, changed: Object.keys(checked.values) });
        }),
      );
      return null;
    }
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
      try {
        await runAsActor(ctx.acting, () =>
          createTask(ctx.acting, { title: intent.title, notes: intent.note ?? null, dueAt: intent.dueAt ?? null, assigneeId: intent.assigneeUserId ?? null, ...links }),
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
  const reader = { reader: readerFor(install, scope, partnerId, job.hook) };
  let staff: Promise<boolean> | undefined;
  const causedByStaff = () => (staff ??= eventCausedByStaff(partnerId, job.event.payload, acting));
  const result = scheduled
    ? await sandbox.invoke(job.hook, "schedule", base, reader)
    : await sandbox.invoke(job.hook, "event", { ...base, event: { name: job.event.name, id: job.event.id, occurredAt: job.event.occurredAt, payload: job.event.payload } }, reader);
  await accountCall(install, job.hook, partnerId, result);
  if (result.outcome !== "ok") {
    throw new PluginHookFailure(`${install.pluginId} ${job.hook}: ${result.outcome} ${result.error?.code ?? ""}`.trim(), { pluginId: install.pluginId, versionId: install.versionId, installId: install.installId, partnerId, hook: job.hook });
  }
  const refusals: Refusal[] = (result.rejectedIntents ?? []).map((r) => ({ index: r.index, reason: "invalid", detail: r.reason }));
  let applied = 0;
  for (const [index, intent] of (result.intents ?? []).entries()) {
    const permission = permissionForIntent(intent);
    if (!hasPermission(install.grantedPermissions, permission)) {
      refusals.push({ index, reason: "permission", detail: permission });
      continue;
    }
    const refusal = await applyIntent(install, intent, index, { acting, scope, partnerId, eventId: job.event.id, now: base.now, causedByStaff });
    if (refusal) refusals.push(refusal);
    else applied += 1;
  }
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
