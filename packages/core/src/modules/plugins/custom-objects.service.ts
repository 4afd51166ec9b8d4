/**
 * Plugin objects and plugin fields in the host (issue 6 item 4, ADR 024). Records of plugin objects
 * live in CustomObjectRecord (values in JSONB), plugin fields on core records in their `customFields`;
 * both are validated against the installed manifest, run the plugins' validate and compute hooks
 * before save, and go through the scoped data layer, so partner scoping applies exactly as to core
 * records. The apps render list, detail and form views from the manifest with no per-plugin code.
 */
import semver from "semver";
import type { TCustomObject, TFieldDefinition, TPluginManifest } from "@qudao/plugins/manifest";
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db, Prisma, runAsSystem, type CustomObjectRecord, type Tx } from "../../db/index.ts";
import { DomainError, isDomainError, notFound } from "../../errors/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { page, ZId } from "../shared.schemas.ts";
import { checkValues, objectFields, recordTitle, type ValueIssue } from "./custom-values.rules.ts";
import { installsForActor, installsForPartner, type InstalledPlugin } from "./installed-plugins.ts";
import { findActivity } from "../activities/activities.repository.ts";
import { findLead } from "../leads/leads.repository.ts";
import { findOpportunity } from "../opportunities/opportunities.repository.ts";
import { findOrder, withLines } from "../orders/orders.repository.ts";
import { findTask } from "../tasks/tasks.repository.ts";
import { activityHookRecord, customerHookRecord, opportunityHookRecord, orderHookRecord, taskHookRecord } from "./hook-records.rules.ts";
import { hasBeforeSaveHooks, runBeforeSave } from "./plugin-host.ts";
import { emitRecordEvent } from "./plugins.repository.ts";
import { checkPartnerReferences } from "./partner-references.ts";
import { ZCustomFieldsUpdateInput, ZCustomRecordListInput, ZCustomRecordUpdateInput, ZCustomRecordWriteInput, type TCustomRecord } from "./plugins.schemas.ts";
import { ZRecordBoardInput, ZRecordStageMoveInput, type TRecordBoard } from "./record-stages.schemas.ts";

export type ObjectDefinition = { install: InstalledPlugin; object: TCustomObject };

/** A plugin object the actor's tenant has installed, or 404 (an object of a plugin not installed here does not exist for it). */
export async function objectDefinition(actor: Actor, objectName: string): Promise<ObjectDefinition> {
  for (const install of await installsForActor(actor)) {
    const object = install.manifest.contributes.objects.find((o) => o.name === objectName);
    if (object) return { install, object };
  }
  throw notFound("CustomObject");
}

function issuesError(issues: ValueIssue[]): DomainError {
  return new DomainError("VALIDATION_FAILED", { details: issues.map((i) => ({ path: i.path, message: i.message, ...(i.params ? { params: i.params } : {}) })) });
}

// ---------------------------------------------------------------------------------------------
// Pipelines on plugin objects (ADR 024 addendum): a record's current stage of each pipeline its
// object has is stored in its values under the pipeline's name (namespaced, so it never collides
// with a field), which is what hooks read and see change; `closedAt` says it is in a won/lost stage.

type ObjectPipeline = TPluginManifest["contributes"]["pipelines"][number];

/** The pipelines a plugin contributes on one of its objects, in manifest order. */
export function objectPipelines(manifest: TPluginManifest, objectName: string): ObjectPipeline[] {
  return manifest.contributes.pipelines.filter((p) => p.object === objectName);
}

/** Where a new record starts: the first open stage of each pipeline. */
export function initialStages(pipelines: readonly ObjectPipeline[]): Record<string, string> {
  return Object.fromEntries(
    pipelines.flatMap((p) => {
      const first = p.stages.find((s) => s.kind === "open");
      return first ? [[p.name, first.key] as const] : [];
    }),
  );
}

/** A record is closed while any of its pipelines has it in a won or lost stage. */
function inClosedStage(pipelines: readonly ObjectPipeline[], values: Record<string, unknown>): boolean {
  return pipelines.some((p) => {
    const kind = p.stages.find((s) => s.key === values[p.name])?.kind;
    return kind === "won" || kind === "lost";
  });
}

function findPipeline(definition: ObjectDefinition, name: string): ObjectPipeline {
  const pipeline = objectPipelines(definition.install.manifest, definition.object.name).find((p) => p.name === name);
  if (!pipeline) throw issuesError([{ path: "pipeline", message: "pluginPipelines.errors.unknownPipeline" }]);
  return pipeline;
}

const CORE_DELEGATES = {
  customer: (ids: string[]) => db.customer.count({ where: { id: { in: ids } } }),
  lead: (ids: string[]) => db.lead.count({ where: { id: { in: ids } } }),
  opportunity: (ids: string[]) => db.opportunity.count({ where: { id: { in: ids } } }),
  activity: (ids: string[]) => db.activity.count({ where: { id: { in: ids } } }),
  task: (ids: string[]) => db.task.count({ where: { id: { in: ids } } }),
  order: (ids: string[]) => db.order.count({ where: { id: { in: ids } } }),
} as const;

/** Relation values: ids the actor can see (another partner's record is "not found", like everywhere). */
async function checkRelations(object: TCustomObject, values: Record<string, unknown>): Promise<ValueIssue[]> {
  const issues: ValueIssue[] = [];
  for (const relation of object.relations) {
    const raw = values[relation.name];
    if (raw === undefined || raw === null) continue;
    const ids = (Array.isArray(raw) ? raw : [raw]).map(String);
    if (relation.kind === "manyToMany" && ids.some((id) => !ZId.safeParse(id).success)) {
      issues.push({ path: relation.name, message: "plugins.values.reference" });
      continue;
    }
    const count = relation.to in CORE_DELEGATES
      ? await CORE_DELEGATES[relation.to as keyof typeof CORE_DELEGATES](ids)
      : await db.customObjectRecord.count({ where: { id: { in: ids }, object: relation.to } });
    if (count !== new Set(ids).size) issues.push({ path: relation.name, message: "plugins.values.referenceNotFound" });
  }
  return issues;
}

/** Unique fields are unique across the platform (a serial number is one machine, whoever sells it). */
async function checkUnique(object: TCustomObject, pluginId: string, values: Record<string, unknown>, exceptId: string | null): Promise<ValueIssue[]> {
  const issues: ValueIssue[] = [];
  for (const field of object.fields.filter((f) => f.unique)) {
    const value = values[field.name];
    if (value === null || value === undefined) continue;
    const taken = await runAsSystem("plugin unique check", () =>
      db.customObjectRecord.count({
        where: { pluginId, object: object.name, values: { path: [field.name], equals: value as Prisma.InputJsonValue }, ...(exceptId ? { id: { not: exceptId } } : {}) },
      }),
    );
    if (taken > 0) issues.push({ path: field.name, message: "plugins.values.taken" });
  }
  return issues;
}

function toRecord(row: CustomObjectRecord, object: TCustomObject, pipelines: readonly ObjectPipeline[] = []): TCustomRecord {
  // A record from before its object had a pipeline shows in the first stage until it is moved.
  const values = { ...initialStages(pipelines), ...((row.values ?? {}) as Record<string, unknown>) };
  return {
    id: row.id,
    object: row.object,
    title: row.title,
    partnerId: row.partnerId,
    ownerUserId: row.ownerUserId,
    values,
    locked: object.lockedWhen ? values[object.lockedWhen] === true : false,
    closedAt: row.closedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function listCustomRecords(actor: Actor, raw: unknown) {
  requirePermission(actor, "customObject:read");
  const input = ZCustomRecordListInput.parse(raw);
  const definition = await objectDefinition(actor, input.object);
  const { object } = definition;
  const pipelines = objectPipelines(definition.install.manifest, object.name);
  const and: Prisma.CustomObjectRecordWhereInput[] = [{ object: object.name }];
  if (input.q) and.push({ title: { contains: input.q, mode: "insensitive" } });
  if (input.relatedTo) and.push({ values: { path: [input.relatedTo.field], equals: input.relatedTo.id } });
  if (input.pipeline !== undefined || input.stage !== undefined) and.push(stageFilter(definition, input.pipeline ?? "", input.stage ?? ""));
  if (input.cursor) and.push({ id: { lt: input.cursor } });
  const rows = await db.customObjectRecord.findMany({ where: { AND: and }, orderBy: { id: "desc" }, take: input.limit + 1 });
  return page(rows.map((r) => toRecord(r, object, pipelines)), input.limit);
}

/** Records in one stage of a pipeline of the object (an unknown pipeline or stage is a field error, not an empty list). */
function stageFilter(definition: ObjectDefinition, pipelineName: string, stageKey: string): Prisma.CustomObjectRecordWhereInput {
  const pipeline = findPipeline(definition, pipelineName);
  if (!pipeline.stages.some((s) => s.key === stageKey)) throw issuesError([{ path: "stage", message: "pluginPipelines.errors.unknownStage" }]);
  return { values: { path: [pipeline.name], equals: stageKey } };
}

/**
 * A pipeline as a board: one column per stage, in manifest order, with how many records the actor
 * sees in it and the newest `perStage` of them (the scope applies exactly as to the list).
 */
export async function customRecordBoard(actor: Actor, raw: unknown): Promise<TRecordBoard> {
  requirePermission(actor, "customObject:read");
  const input = ZRecordBoardInput.parse(raw);
  const definition = await objectDefinition(actor, input.object);
  const pipeline = findPipeline(definition, input.pipeline);
  const pipelines = objectPipelines(definition.install.manifest, definition.object.name);
  const base: Prisma.CustomObjectRecordWhereInput[] = [{ object: definition.object.name }, ...(input.q ? [{ title: { contains: input.q, mode: "insensitive" as const } }] : [])];
  const columns = await Promise.all(
    pipeline.stages.map(async (stage) => {
      const where = { AND: [...base, { values: { path: [pipeline.name], equals: stage.key } }] };
      const [count, rows] = await Promise.all([db.customObjectRecord.count({ where }), db.customObjectRecord.findMany({ where, orderBy: { id: "desc" }, take: input.perStage })]);
      return { stage: stage.key, kind: stage.kind, count, records: rows.map((r) => toRecord(r, definition.object, pipelines)) };
    }),
  );
  return { object: definition.object.name, pipeline: pipeline.name, columns };
}

async function visibleRecord(client: Tx | typeof db, actor: Actor, id: string): Promise<{ row: CustomObjectRecord; definition: ObjectDefinition }> {
  const row = ZId.safeParse(id).success ? await client.customObjectRecord.findUnique({ where: { id } }) : null;
  if (!row) throw notFound("CustomObjectRecord");
  return { row, definition: await objectDefinition(actor, row.object) };
}

export async function getCustomRecord(actor: Actor, id: string): Promise<TCustomRecord> {
  requirePermission(actor, "customObject:read");
  const { row, definition } = await visibleRecord(db, actor, id);
  return toRecord(row, definition.object, objectPipelines(definition.install.manifest, definition.object.name));
}

/** The partner whose plugins run for a write: the record's (or, on create, the actor's). */
function tenantOf(actor: Actor, recordPartnerId: string | null): string | null {
  return recordPartnerId ?? (actor.kind === "partner" ? actor.partnerId : null);
}

export async function createCustomRecord(actor: Actor, raw: unknown): Promise<TCustomRecord> {
  requirePermission(actor, "customObject:write");
  const input = ZCustomRecordWriteInput.parse(raw);
  const { install, object } = await objectDefinition(actor, input.object);
  const checked = checkValues(objectFields(object), input.values, { partial: false });
  const issues = [
    ...checked.issues,
    ...(await checkRelations(object, checked.values)),
    ...(await checkPartnerReferences(actor, object.fields, checked.values)),
    ...(await checkUnique(object, install.pluginId, checked.values, null)),
  ];
  if (issues.length > 0) throw issuesError(issues);
  const partnerId = tenantOf(actor, null);
  // A new record starts in the first open stage of each pipeline; hooks see it there.
  const pipelines = objectPipelines(install.manifest, object.name);
  const stages = initialStages(pipelines);
  const computed = await runBeforeSave(actor, { partnerId, object: object.name, operation: "create", record: { ...checked.values, ...stages }, previous: null });
  const values = { ...checked.values, ...(computed.get(install.pluginId) ?? {}), ...stages };
  const userId = actor.kind === "partner" || actor.kind === "platform" ? actor.userId : null;
  const row = await db.$transaction(async (tx) => {
    const created = await tx.customObjectRecord.create({
      data: {
        pluginId: install.pluginId,
        object: object.name,
        title: recordTitle(object.titleField, values, object.name),
        values: values as Prisma.InputJsonValue,
        closedAt: inClosedStage(pipelines, values) ? new Date() : null,
        // Partners' records are stamped by the scope (partner, owner, author); staff records are the platform's.
        ...(actor.kind === "platform" ? { partnerId: null, ownerUserId: userId, createdById: userId } : {}),
      },
    });
    await recordAudit(tx, actor, { action: "customRecord.created", entityType: "CustomObjectRecord", entityId: created.id, partnerId: created.partnerId, after: { object: object.name, values } });
    await emitRecordEvent(tx, "created", { recordId: created.id, object: object.name, pluginId: install.pluginId, partnerId: created.partnerId, actorUserId: userId, changed: Object.keys(values) });
    return created;
  });
  return toRecord(row, object, pipelines);
}

/** The error of an edit or a stage move that lost its optimistic race (see `redoOnConflict`). */
const RECORD_CHANGED = "plugins.errors.recordChanged";
const CONFLICT_ATTEMPTS = 3;

/**
 * An edit or a stage move reads the record, runs the plugins' hooks (outside the transaction: sandbox
 * CPU), then writes only if nobody wrote in between. Most writes in between are a plugin's event hook
 * patching computed fields (a quote's totals after a line was added), which the user's change does not
 * contradict: the change is redone on the fresh record — re-read, hooks re-run — instead of asking the
 * user to reload. A record still changing after a few tries is a real conflict.
 */
async function redoOnConflict<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= CONFLICT_ATTEMPTS || !(isDomainError(error) && error.code === "CONFLICT" && error.i18nKey === RECORD_CHANGED)) throw error;
    }
  }
}

export async function updateCustomRecord(actor: Actor, raw: unknown): Promise<TCustomRecord> {
  requirePermission(actor, "customObject:write");
  const input = ZCustomRecordUpdateInput.parse(raw);
  return redoOnConflict(() => updateOnce(actor, input));
}

async function updateOnce(actor: Actor, input: ReturnType<typeof ZCustomRecordUpdateInput.parse>): Promise<TCustomRecord> {
  const { row, definition } = await visibleRecord(db, actor, input.id);
  const { install, object } = definition;
  const previous = (row.values ?? {}) as Record<string, unknown>;
  // A submitted visit report (lockedWhen) is a record of what happened: corrections are new records.
  if (object.lockedWhen && previous[object.lockedWhen] === true) throw new DomainError("RULE_VIOLATION", { i18nKey: "plugins.errors.recordLocked" });
  const checked = checkValues(objectFields(object), input.values, { partial: true });
  const issues = [
    ...checked.issues,
    ...(await checkRelations(object, checked.values)),
    ...(await checkPartnerReferences(actor, object.fields, checked.values)),
    ...(await checkUnique(object, install.pluginId, checked.values, row.id)),
  ];
  if (issues.length > 0) throw issuesError(issues);
  const merged = { ...previous, ...checked.values };
  // Hooks see the record's id on updates (to query its lines, to leave itself out of a uniqueness check).
  const computed = await runBeforeSave(actor, { partnerId: row.partnerId, object: object.name, operation: "update", record: { ...merged, id: row.id }, previous: { ...previous, id: row.id } });
  const values = { ...merged, ...(computed.get(install.pluginId) ?? {}) };
  const changed = Object.keys(values).filter((k) => JSON.stringify(values[k]) !== JSON.stringify(previous[k]));
  const userId = actor.kind === "partner" || actor.kind === "platform" ? actor.userId : null;
  const updated = await db.$transaction(async (tx) => {
    // Optimistic: a concurrent edit since we read makes this one a conflict instead of a lost update.
    const result = await tx.customObjectRecord.updateMany({
      where: { id: row.id, updatedAt: row.updatedAt },
      data: { values: values as Prisma.InputJsonValue, title: recordTitle(object.titleField, values, object.name) },
    });
    if (result.count === 0) throw new DomainError("CONFLICT", { i18nKey: RECORD_CHANGED });
    await recordAudit(tx, actor, { action: "customRecord.updated", entityType: "CustomObjectRecord", entityId: row.id, partnerId: row.partnerId, before: Object.fromEntries(changed.map((k) => [k, previous[k] ?? null])), after: Object.fromEntries(changed.map((k) => [k, values[k] ?? null])) });
    if (changed.length > 0) await emitRecordEvent(tx, "updated", { recordId: row.id, object: object.name, pluginId: install.pluginId, partnerId: row.partnerId, actorUserId: userId, changed });
    return tx.customObjectRecord.findUniqueOrThrow({ where: { id: row.id } });
  });
  return toRecord(updated, object, objectPipelines(install.manifest, object.name));
}

/**
 * Move a record to another stage of one of its object's pipelines. It is an update like any other:
 * the plugins' compute and validate hooks see it (operation `update`, `previous` in the old stage,
 * `record` in the new one) and may refuse it; it is audited; it emits `<object>.updated` and
 * `<object>.stageChanged`. Entering a won or lost stage closes the record; leaving it reopens it.
 * A record the actor cannot see answers 404; a locked one cannot move.
 */
export async function moveCustomRecordStage(actor: Actor, raw: unknown, now = new Date()): Promise<TCustomRecord> {
  requirePermission(actor, "customObject:write");
  const input = ZRecordStageMoveInput.parse(raw);
  return redoOnConflict(() => moveOnce(actor, input, now));
}

async function moveOnce(actor: Actor, input: ReturnType<typeof ZRecordStageMoveInput.parse>, now: Date): Promise<TCustomRecord> {
  const { row, definition } = await visibleRecord(db, actor, input.id);
  const { install, object } = definition;
  const pipeline = findPipeline(definition, input.pipeline);
  const target = pipeline.stages.find((s) => s.key === input.stage);
  if (!target) throw issuesError([{ path: "stage", message: "pluginPipelines.errors.unknownStage" }]);
  const pipelines = objectPipelines(install.manifest, object.name);
  const previous = { ...initialStages(pipelines), ...((row.values ?? {}) as Record<string, unknown>) };
  if (object.lockedWhen && previous[object.lockedWhen] === true) throw new DomainError("RULE_VIOLATION", { i18nKey: "plugins.errors.recordLocked" });
  const from = typeof previous[pipeline.name] === "string" ? (previous[pipeline.name] as string) : null;
  if (from === target.key) return toRecord(row, object, pipelines);

  const moved = { ...previous, [pipeline.name]: target.key };
  const computed = await runBeforeSave(actor, { partnerId: row.partnerId, object: object.name, operation: "update", record: { ...moved, id: row.id }, previous: { ...previous, id: row.id } });
  const values = { ...moved, ...(computed.get(install.pluginId) ?? {}) };
  const closedAt = inClosedStage(pipelines, values) ? (row.closedAt ?? now) : null;
  const changed = Object.keys(values).filter((k) => JSON.stringify(values[k]) !== JSON.stringify(previous[k]));
  const userId = actor.kind === "partner" || actor.kind === "platform" ? actor.userId : null;
  const updated = await db.$transaction(async (tx) => {
    // Optimistic, like an edit: a concurrent change since we read makes this move a conflict.
    const result = await tx.customObjectRecord.updateMany({
      where: { id: row.id, updatedAt: row.updatedAt },
      data: { values: values as Prisma.InputJsonValue, title: recordTitle(object.titleField, values, object.name), closedAt },
    });
    if (result.count === 0) throw new DomainError("CONFLICT", { i18nKey: RECORD_CHANGED });
    const others = changed.filter((k) => k !== pipeline.name);
    await recordAudit(tx, actor, {
      action: "customRecord.stage_changed",
      entityType: "CustomObjectRecord",
      entityId: row.id,
      partnerId: row.partnerId,
      before: { pipeline: pipeline.name, stage: from, closedAt: row.closedAt, ...Object.fromEntries(others.map((k) => [k, previous[k] ?? null])) },
      after: { pipeline: pipeline.name, stage: target.key, closedAt, ...Object.fromEntries(others.map((k) => [k, values[k] ?? null])) },
    });
    const event = { recordId: row.id, object: object.name, pluginId: install.pluginId, partnerId: row.partnerId, actorUserId: userId, changed };
    await emitRecordEvent(tx, "updated", event);
    const stageEvent = { ...event, pipeline: pipeline.name, fromStage: from, toStage: target.key, toKind: target.kind };
    await emitRecordEvent(tx, "stageChanged", stageEvent);
    return tx.customObjectRecord.findUniqueOrThrow({ where: { id: row.id } });
  });
  return toRecord(updated, object, pipelines);
}

export async function deleteCustomRecord(actor: Actor, id: string): Promise<void> {
  requirePermission(actor, "customObject:write");
  const { row, definition } = await visibleRecord(db, actor, id);
  if (definition.object.lockedWhen && (row.values as Record<string, unknown>)[definition.object.lockedWhen] === true) {
    throw new DomainError("RULE_VIOLATION", { i18nKey: "plugins.errors.recordLocked" });
  }
  // Validate hooks that declare `delete` may refuse it (a sample issue on a submitted report stays).
  const stored = { ...((row.values ?? {}) as Record<string, unknown>), id: row.id };
  await runBeforeSave(actor, { partnerId: row.partnerId, object: row.object, operation: "delete", record: stored, previous: stored });
  const userId = actor.kind === "partner" || actor.kind === "platform" ? actor.userId : null;
  await db.$transaction(async (tx) => {
    await tx.customObjectRecord.delete({ where: { id: row.id } });
    await recordAudit(tx, actor, { action: "customRecord.deleted", entityType: "CustomObjectRecord", entityId: row.id, partnerId: row.partnerId, before: { object: row.object, values: row.values } });
    await emitRecordEvent(tx, "deleted", { recordId: row.id, object: row.object, pluginId: row.pluginId, partnerId: row.partnerId, actorUserId: userId, changed: [] });
  });
}

// ---------------------------------------------------------------------------------------------
// Plugin fields on core records

type CoreObject = "customer" | "lead" | "opportunity" | "activity" | "task" | "order";

/** The plugin fields on a core object for the actor's tenant, per plugin. */
export async function coreFieldDefinitions(actor: Actor, object: CoreObject): Promise<Array<{ install: InstalledPlugin; fields: TFieldDefinition[] }>> {
  const installs = await installsForActor(actor);
  return installs
    .map((install) => ({ install, fields: install.manifest.contributes.fields.filter((f) => f.object === object) as TFieldDefinition[] }))
    .filter((entry) => entry.fields.length > 0);
}

const CORE_RECORDS = {
  customer: { find: (id: string) => db.customer.findUnique({ where: { id }, select: { id: true, customFields: true, ownerPartnerId: true } }).then((r) => r && { customFields: r.customFields, partnerId: r.ownerPartnerId }), update: (tx: Tx, id: string, data: Prisma.InputJsonValue) => runAsSystem("plugin fields", () => tx.customer.update({ where: { id }, data: { customFields: data }, select: { id: true } })) },
  lead: { find: (id: string) => db.lead.findUnique({ where: { id }, select: { customFields: true, partnerId: true } }), update: (tx: Tx, id: string, data: Prisma.InputJsonValue) => tx.lead.update({ where: { id }, data: { customFields: data }, select: { id: true } }) },
  opportunity: { find: (id: string) => db.opportunity.findUnique({ where: { id }, select: { customFields: true, partnerId: true } }), update: (tx: Tx, id: string, data: Prisma.InputJsonValue) => tx.opportunity.update({ where: { id }, data: { customFields: data }, select: { id: true } }) },
  activity: { find: (id: string) => db.activity.findUnique({ where: { id }, select: { customFields: true, partnerId: true } }), update: (tx: Tx, id: string, data: Prisma.InputJsonValue) => tx.activity.update({ where: { id }, data: { customFields: data }, select: { id: true } }) },
  task: { find: (id: string) => db.task.findUnique({ where: { id }, select: { customFields: true, partnerId: true } }), update: (tx: Tx, id: string, data: Prisma.InputJsonValue) => tx.task.update({ where: { id }, data: { customFields: data }, select: { id: true } }) },
  order: { find: (id: string) => db.order.findUnique({ where: { id }, select: { customFields: true, attributedPartnerId: true } }).then((r) => r && { customFields: r.customFields, partnerId: r.attributedPartnerId }), update: (tx: Tx, id: string, data: Prisma.InputJsonValue) => runAsSystem("plugin fields", () => tx.order.update({ where: { id }, data: { customFields: data }, select: { id: true } })) },
} as const;

/** Plugin field values of one core record (only the installed plugins' fields; quarantined ones stay hidden). */
export async function getCustomFields(actor: Actor, object: CoreObject, id: string) {
  requirePermission(actor, "customObject:read");
  const record = ZId.safeParse(id).success ? await CORE_RECORDS[object].find(id) : null;
  if (!record) throw notFound(object);
  const stored = (record.customFields ?? {}) as Record<string, unknown>;
  const definitions = await coreFieldDefinitions(actor, object);
  return definitions.map(({ install, fields }) => ({
    pluginId: install.pluginId,
    name: install.manifest.name,
    // Users see every plugin field of records they can see; `personal` limits what hooks are shown, not people.
    fields,
    values: Object.fromEntries(fields.map((f) => [f.name, stored[f.name] ?? null])),
  }));
}

/**
 * A core record as before-save hooks see it when its own service saves it (hook-records.rules.ts; a
 * lead as the lead service reads it), read in the actor's scope; the caller adds `customFields`.
 */
const HOOK_RECORDS: Record<CoreObject, (id: string) => Promise<Record<string, unknown> | null>> = {
  customer: async (id) => {
    const row = await db.customer.findUnique({ where: { id } });
    return row && customerHookRecord(row);
  },
  lead: async (id) => findLead(id),
  opportunity: async (id) => {
    const row = await findOpportunity(id);
    return row && opportunityHookRecord(row);
  },
  activity: async (id) => {
    const row = await findActivity(id);
    return row && activityHookRecord(row);
  },
  task: async (id) => {
    const row = await findTask(id);
    return row && taskHookRecord(row);
  },
  order: async (id) => {
    const row = await findOrder(id);
    return row && orderHookRecord(row, (await withLines(db, row)).items);
  },
};

/** Write plugin fields on a core record: checked against the manifests, validate/compute hooks before save. */
export async function updateCustomFields(actor: Actor, raw: unknown) {
  requirePermission(actor, "customObject:write");
  const input = ZCustomFieldsUpdateInput.parse(raw);
  const record = ZId.safeParse(input.id).success ? await CORE_RECORDS[input.object].find(input.id) : null;
  if (!record) throw notFound(input.object);
  const definitions = await coreFieldDefinitions(actor, input.object);
  const fields = definitions.flatMap((d) => d.fields);
  const checked = checkValues(fields, input.values, { partial: true, pathPrefix: "values" });
  const issues = [...checked.issues, ...(await checkPartnerReferences(actor, fields, checked.values, "values"))];
  if (issues.length > 0) throw issuesError(issues);
  const previous = (record.customFields ?? {}) as Record<string, unknown>;
  const merged = { ...previous, ...checked.values };
  // The hooks see what the object's own updates show them: the core record, its plugin fields under `customFields`.
  if (await hasBeforeSaveHooks(record.partnerId, input.object, "update")) {
    const core = await HOOK_RECORDS[input.object](input.id);
    if (!core) throw notFound(input.object);
    const computed = await runBeforeSave(actor, { partnerId: record.partnerId, object: input.object, operation: "update", record: { ...core, customFields: merged }, previous: { ...core, customFields: previous } });
    for (const values of computed.values()) Object.assign(merged, values);
  }
  await db.$transaction(async (tx) => {
    await CORE_RECORDS[input.object].update(tx, input.id, merged as Prisma.InputJsonValue);
    await recordAudit(tx, actor, { action: `${input.object}.custom_fields_updated`, entityType: input.object, entityId: input.id, partnerId: record.partnerId, before: Object.fromEntries(Object.keys(checked.values).map((k) => [k, previous[k] ?? null])), after: checked.values });
  });
  return getCustomFields(actor, input.object, input.id);
}

/** Navigation and object definitions for the apps (labels resolved by the app). */
export async function pluginUiDefinitions(actor: Actor, surface: "platform" | "portal") {
  const installs = actor.kind === "partner" ? await installsForPartner(actor.partnerId) : await installsForActor(actor);
  return installs
    .filter((i) => i.manifest.surfaces.includes(surface))
    .sort((a, b) => a.pluginId.localeCompare(b.pluginId) || semver.compare(a.version, b.version))
    .map((i) => ({
      pluginId: i.pluginId,
      name: i.manifest.name,
      navigation: i.manifest.contributes.navigation.filter((n) => n.surface === surface),
      objects: i.manifest.contributes.objects,
      /** Pipelines on the plugin's own objects (board, stage control and filter of their pages). */
      pipelines: i.manifest.contributes.pipelines.filter((p) => i.manifest.contributes.objects.some((o) => o.name === p.object)),
      /** Plugin fields on core objects (list columns and record panels show them). */
      fields: i.manifest.contributes.fields,
      listColumns: i.manifest.contributes.listColumns,
      recordPanels: i.manifest.contributes.recordPanels.filter((p) => p.surfaces.includes(surface)),
    }));
}
