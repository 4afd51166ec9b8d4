/**
 * Event hooks (issue 6 item 3, ADR 024). After a change commits, its outbox event reaches
 * `fanOutPluginHooks`, which queues one BullMQ job per (install, hook) subscribed to it for the
 * event's tenant. `runPluginHookJob` runs the hook in that tenant's sandbox with a reader that
 * answers only what the install's permissions and the installer's partner allow, then checks every
 * intent the hook returned against the granted permissions, the plugin's namespace and the tenant's
 * scope, applies the allowed ones and records the refused ones.
 */
import { hasPermission, isCoreObject } from "@qudao/plugins/permissions";
import { permissionForIntent, type TIntent } from "@qudao/plugins/intents";
import type { TFieldDefinition } from "@qudao/plugins/manifest";
import type { HostRecordReader, RecordWhere } from "@qudao/plugins/runtime";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { systemActor, type Actor, type PartnerActor } from "../../actor/index.ts";
import { baseDb, db, Prisma, runAsActor, runAsSystem } from "../../db/index.ts";
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
import type { TDomainEventJob } from "../../jobs/domain-event.job.ts";

/** Consumer of every delivered domain event: queue the subscribed hooks of the event's tenant. */
export async function fanOutPluginHooks(event: TDomainEventJob): Promise<{ queued: number }> {
  const installs = await installsForPartner(event.partnerId);
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

/** A partner's view limited to that partner (no sub-dealers): what an install for it may read (also commission hooks, ADR 025). */
export function tenantReader(partnerId: string, userId: string): PartnerActor {
  return { kind: "partner", userId, email: "plugin@qudao.local", name: "plugin", partnerId, role: "admin", visiblePartnerIds: [partnerId], via: "job" };
}

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

const PERSONAL = new Set(["phone", "email"]);
const CORE_SELECT: Record<string, string[]> = {
  customer: ["id", "kind", "name", "city", "phone", "email", "ownerPartnerId", "protectedUntil", "lifecycleStage", "customFields", "createdAt"],
  lead: ["id", "partnerId", "customerId", "assigneeId", "status", "name", "company", "source", "customFields", "createdAt"],
  opportunity: ["id", "partnerId", "customerId", "ownerId", "stageId", "status", "name", "amount", "currency", "expectedCloseDate", "customFields", "createdAt"],
  activity: ["id", "partnerId", "authorId", "customerId", "leadId", "opportunityId", "kind", "subject", "occurredAt", "customFields", "createdAt"],
  task: ["id", "partnerId", "assigneeId", "customerId", "leadId", "opportunityId", "title", "status", "dueAt", "customFields", "createdAt"],
  order: ["id", "externalId", "customerId", "attributedPartnerId", "orderedAt", "currency", "total", "customFields", "createdAt"],
};
const CORE_QUERY_KEYS: Record<string, string[]> = {
  customer: ["lifecycleStage", "city", "kind"],
  lead: ["customerId", "assigneeId", "status"],
  opportunity: ["customerId", "ownerId", "stageId", "status"],
  activity: ["customerId", "leadId", "opportunityId", "kind", "authorId"],
  task: ["customerId", "leadId", "opportunityId", "assigneeId", "status"],
  order: ["customerId"],
};

function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Prisma.Decimal.isDecimal(value)) return (value as Prisma.Decimal).toString();
  return value;
}

/** A core row as a hook sees it: public columns, personal ones only with the contact permission, own plugin fields only. */
function coreRecord(install: InstalledPlugin, object: string, row: Record<string, unknown>): Record<string, unknown> & { id: string; object: string } {
  const canContact = install.grantedPermissions.includes("customers:read:contact");
  const out: Record<string, unknown> = { object };
  for (const [key, value] of Object.entries(row)) {
    if (object === "customer" && PERSONAL.has(key) && !canContact) continue;
    if (key === "customFields") {
      const own = Object.entries((value ?? {}) as Record<string, unknown>).filter(([k]) => k.startsWith(`${install.namespace}__`));
      out.customFields = Object.fromEntries(own);
      continue;
    }
    out[key] = plain(value);
  }
  return out as Record<string, unknown> & { id: string; object: string };
}

type Delegate = { findFirst(args: unknown): Promise<Record<string, unknown> | null>; findMany(args: unknown): Promise<Array<Record<string, unknown>>> };

function delegateOf(object: string): Delegate {
  return (db as unknown as Record<string, Delegate>)[object]!;
}

/**
 * What a hook may read: only objects it holds `records:read:` for, only through the tenant's scope
 * (another partner's record is absent), only its own plugin's custom objects. Everything else is
 * null / [] — the hook cannot tell "not allowed" from "not there" — and a read beyond the
 * permissions is recorded for the developer.
 */
export function readerFor(install: InstalledPlugin, scope: Actor, partnerId: string | null, hook: string): HostRecordReader {
  const allowed = async (object: string): Promise<boolean> => {
    if (hasPermission(install.grantedPermissions, `records:read:${object}`) && (isCoreObject(object) || object.startsWith(`${install.namespace}__`))) return true;
    await recordHookFailure({ pluginId: install.pluginId, versionId: install.versionId, installId: install.installId, partnerId, hook, outcome: "read_refused", code: "permission", message: `records:read:${object}` });
    return false;
  };
  const asScope = <T>(fn: () => Promise<T>) => runAsActor(scope, fn);
  return {
    async get(object, id) {
      if (!(await allowed(object)) || !/^[0-9a-f-]{36}$/i.test(id)) return null;
      if (isCoreObject(object)) {
        const select = Object.fromEntries(CORE_SELECT[object]!.map((k) => [k, true]));
        const row = await asScope(() => delegateOf(object).findFirst({ where: { id }, select }).catch(() => null));
        return row ? coreRecord(install, object, row) : null;
      }
      const row = await asScope(() => db.customObjectRecord.findFirst({ where: { id, object } }));
      return row ? { id: row.id, object, partnerId: row.partnerId, ...(row.values as Record<string, unknown>) } : null;
    },
    async query(object, where: RecordWhere, limit) {
      if (!(await allowed(object))) return [];
      if (isCoreObject(object)) {
        const keys = Object.keys(where);
        if (keys.some((k) => !CORE_QUERY_KEYS[object]!.includes(k))) return [];
        const select = Object.fromEntries(CORE_SELECT[object]!.map((k) => [k, true]));
        const rows = await asScope(() => delegateOf(object).findMany({ where, select, take: limit, orderBy: { id: "desc" } }).catch(() => []));
        return rows.map((r) => coreRecord(install, object, r));
      }
      const rows = await asScope(() =>
        db.customObjectRecord.findMany({
          where: { object, AND: Object.entries(where).map(([key, value]) => ({ values: { path: [key], equals: value === null ? Prisma.AnyNull : (value as Prisma.InputJsonValue) } })) },
          take: limit,
          orderBy: { id: "desc" },
        }),
      );
      return rows.map((row) => ({ id: row.id, object, partnerId: row.partnerId, ...(row.values as Record<string, unknown>) }));
    },
  };
}

type Refusal = { index: number; reason: "permission" | "namespace" | "scope" | "invalid" | "no_partner"; detail: string };

function ownFieldsOn(install: InstalledPlugin, object: string): TFieldDefinition[] {
  const own = install.manifest.contributes.objects.find((o) => o.name === object);
  if (own) return objectFields(own);
  return install.manifest.contributes.fields.filter((f) => f.object === object) as TFieldDefinition[];
}

/** Apply one intent already known to be permitted; returns a refusal when scope or values say no. */
async function applyIntent(install: InstalledPlugin, intent: TIntent, index: number, ctx: { acting: Actor; scope: Actor; partnerId: string | null; eventId: string }): Promise<Refusal | null> {
  switch (intent.type) {
    case "patch": {
      const fields = ownFieldsOn(install, intent.object);
      if (fields.length === 0 || (isCoreObject(intent.object) && Object.keys(intent.set).some((k) => !k.startsWith(`${install.namespace}__`)))) {
        return { index, reason: "namespace", detail: intent.object };
      }
      const checked = checkValues(fields, intent.set, { partial: true, allowComputed: true });
      if (checked.issues.length > 0) return { index, reason: "invalid", detail: checked.issues.map((i) => `${i.path}: ${i.message}`).join("; ") };
      if (isCoreObject(intent.object)) {
        const row = await runAsActor(ctx.scope, () => delegateOf(intent.object).findFirst({ where: { id: intent.id }, select: { id: true, customFields: true } }).catch(() => null));
        if (!row) return { index, reason: "scope", detail: `${intent.object}:${intent.id}` };
        const merged = { ...((row.customFields ?? {}) as Record<string, unknown>), ...checked.values };
        await runAsSystem("plugin intent", () =>
          db.$transaction(async (tx) => {
            await (tx as unknown as Record<string, { update(args: unknown): Promise<unknown> }>)[intent.object]!.update({ where: { id: intent.id }, data: { customFields: merged }, select: { id: true } });
            await recordAudit(tx, ctx.acting, { action: `${intent.object}.custom_fields_updated`, entityType: intent.object, entityId: intent.id, partnerId: ctx.partnerId, after: { plugin: install.pluginId, ...checked.values } });
          }),
        );
        return null;
      }
      const record = await runAsActor(ctx.scope, () => db.customObjectRecord.findFirst({ where: { id: intent.id, object: intent.object } }));
      if (!record) return { index, reason: "scope", detail: `${intent.object}:${intent.id}` };
      const object = install.manifest.contributes.objects.find((o) => o.name === intent.object)!;
      const values = { ...(record.values as Record<string, unknown>), ...checked.values };
      await runAsSystem("plugin intent", () =>
        db.$transaction(async (tx) => {
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
  }
}

/** The worker's handler for one (event, install, hook). Throws to retry; the last attempt is a dead letter. */
export async function runPluginHookJob(job: TPluginHookJob): Promise<{ outcome: string; applied: number; refused: number }> {
  const installs = await installsForPartner(job.event.partnerId);
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
    const refusal = await applyIntent(install, intent, index, { acting, scope, partnerId, eventId: job.event.id });
    if (refusal) refusals.push(refusal);
    else applied += 1;
  }
  for (const refusal of refusals) {
    console.warn(`[plugins] ${install.pluginId} ${job.hook}: intent #${refusal.index} refused (${refusal.reason}: ${refusal.detail})`);
    await recordHookFailure({ pluginId: install.pluginId, versionId: install.versionId, installId: install.installId, partnerId, hook: job.hook, outcome: "intent_refused", code: refusal.reason, message: `intent #${refusal.index}: ${refusal.detail}` });
  }
  return { outcome: "ok", applied, refused: refusals.length };
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
