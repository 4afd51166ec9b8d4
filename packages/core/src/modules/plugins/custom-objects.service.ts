/**
 * Plugin objects and plugin fields in the host (issue 6 item 4, ADR 024). Records of plugin objects
 * live in CustomObjectRecord (values in JSONB), plugin fields on core records in their `customFields`;
 * both are validated against the installed manifest, run the plugins' validate and compute hooks
 * before save, and go through the scoped data layer, so partner scoping applies exactly as to core
 * records. The apps render list, detail and form views from the manifest with no per-plugin code.
 */
import semver from "semver";
import type { TCustomObject, TFieldDefinition } from "@qudao/plugins/manifest";
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db, Prisma, runAsSystem, type CustomObjectRecord, type Tx } from "../../db/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { page, ZId } from "../shared.schemas.ts";
import { checkValues, objectFields, recordTitle, type ValueIssue } from "./custom-values.rules.ts";
import { installsForActor, installsForPartner, type InstalledPlugin } from "./installed-plugins.ts";
import { runBeforeSave } from "./plugin-host.ts";
import { emitRecordEvent } from "./plugins.repository.ts";
import { ZCustomFieldsUpdateInput, ZCustomRecordListInput, ZCustomRecordUpdateInput, ZCustomRecordWriteInput, type TCustomRecord } from "./plugins.schemas.ts";

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

function toRecord(row: CustomObjectRecord, object: TCustomObject): TCustomRecord {
  const values = (row.values ?? {}) as Record<string, unknown>;
  return {
    id: row.id,
    object: row.object,
    title: row.title,
    partnerId: row.partnerId,
    ownerUserId: row.ownerUserId,
    values,
    locked: object.lockedWhen ? values[object.lockedWhen] === true : false,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function listCustomRecords(actor: Actor, raw: unknown) {
  requirePermission(actor, "customObject:read");
  const input = ZCustomRecordListInput.parse(raw);
  const { object } = await objectDefinition(actor, input.object);
  const where: Prisma.CustomObjectRecordWhereInput = {
    object: object.name,
    ...(input.q ? { title: { contains: input.q, mode: "insensitive" } } : {}),
    ...(input.relatedTo ? { values: { path: [input.relatedTo.field], equals: input.relatedTo.id } } : {}),
    ...(input.cursor ? { id: { lt: input.cursor } } : {}),
  };
  const rows = await db.customObjectRecord.findMany({ where, orderBy: { id: "desc" }, take: input.limit + 1 });
  return page(rows.map((r) => toRecord(r, object)), input.limit);
}

async function visibleRecord(client: Tx | typeof db, actor: Actor, id: string): Promise<{ row: CustomObjectRecord; definition: ObjectDefinition }> {
  const row = ZId.safeParse(id).success ? await client.customObjectRecord.findUnique({ where: { id } }) : null;
  if (!row) throw notFound("CustomObjectRecord");
  return { row, definition: await objectDefinition(actor, row.object) };
}

export async function getCustomRecord(actor: Actor, id: string): Promise<TCustomRecord> {
  requirePermission(actor, "customObject:read");
  const { row, definition } = await visibleRecord(db, actor, id);
  return toRecord(row, definition.object);
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
  const issues = [...checked.issues, ...(await checkRelations(object, checked.values)), ...(await checkUnique(object, install.pluginId, checked.values, null))];
  if (issues.length > 0) throw issuesError(issues);
  const partnerId = tenantOf(actor, null);
  const computed = await runBeforeSave(actor, { partnerId, object: object.name, operation: "create", record: checked.values, previous: null });
  const values = { ...checked.values, ...(computed.get(install.pluginId) ?? {}) };
  const userId = actor.kind === "partner" || actor.kind === "platform" ? actor.userId : null;
  const row = await db.$transaction(async (tx) => {
    const created = await tx.customObjectRecord.create({
      data: {
        pluginId: install.pluginId,
        object: object.name,
        title: recordTitle(object.titleField, values, object.name),
        values: values as Prisma.InputJsonValue,
        // Partners' records are stamped by the scope (partner, owner, author); staff records are the platform's.
        ...(actor.kind === "platform" ? { partnerId: null, ownerUserId: userId, createdById: userId } : {}),
      },
    });
    await recordAudit(tx, actor, { action: "customRecord.created", entityType: "CustomObjectRecord", entityId: created.id, partnerId: created.partnerId, after: { object: object.name, values } });
    await emitRecordEvent(tx, "created", { recordId: created.id, object: object.name, pluginId: install.pluginId, partnerId: created.partnerId, actorUserId: userId, changed: Object.keys(values) });
    return created;
  });
  return toRecord(row, object);
}

export async function updateCustomRecord(actor: Actor, raw: unknown): Promise<TCustomRecord> {
  requirePermission(actor, "customObject:write");
  const input = ZCustomRecordUpdateInput.parse(raw);
  const { row, definition } = await visibleRecord(db, actor, input.id);
  const { install, object } = definition;
  const previous = (row.values ?? {}) as Record<string, unknown>;
  // A submitted visit report (lockedWhen) is a record of what happened: corrections are new records.
  if (object.lockedWhen && previous[object.lockedWhen] === true) throw new DomainError("RULE_VIOLATION", { i18nKey: "plugins.errors.recordLocked" });
  const checked = checkValues(objectFields(object), input.values, { partial: true });
  const issues = [...checked.issues, ...(await checkRelations(object, checked.values)), ...(await checkUnique(object, install.pluginId, checked.values, row.id))];
  if (issues.length > 0) throw issuesError(issues);
  const merged = { ...previous, ...checked.values };
  const computed = await runBeforeSave(actor, { partnerId: row.partnerId, object: object.name, operation: "update", record: merged, previous });
  const values = { ...merged, ...(computed.get(install.pluginId) ?? {}) };
  const changed = Object.keys(values).filter((k) => JSON.stringify(values[k]) !== JSON.stringify(previous[k]));
  const userId = actor.kind === "partner" || actor.kind === "platform" ? actor.userId : null;
  const updated = await db.$transaction(async (tx) => {
    // Optimistic: a concurrent edit since we read makes this one a conflict instead of a lost update.
    const result = await tx.customObjectRecord.updateMany({
      where: { id: row.id, updatedAt: row.updatedAt },
      data: { values: values as Prisma.InputJsonValue, title: recordTitle(object.titleField, values, object.name) },
    });
    if (result.count === 0) throw new DomainError("CONFLICT", { i18nKey: "plugins.errors.recordChanged" });
    await recordAudit(tx, actor, { action: "customRecord.updated", entityType: "CustomObjectRecord", entityId: row.id, partnerId: row.partnerId, before: Object.fromEntries(changed.map((k) => [k, previous[k] ?? null])), after: Object.fromEntries(changed.map((k) => [k, values[k] ?? null])) });
    if (changed.length > 0) await emitRecordEvent(tx, "updated", { recordId: row.id, object: object.name, pluginId: install.pluginId, partnerId: row.partnerId, actorUserId: userId, changed });
    return tx.customObjectRecord.findUniqueOrThrow({ where: { id: row.id } });
  });
  return toRecord(updated, object);
}

export async function deleteCustomRecord(actor: Actor, id: string): Promise<void> {
  requirePermission(actor, "customObject:write");
  const { row, definition } = await visibleRecord(db, actor, id);
  if (definition.object.lockedWhen && (row.values as Record<string, unknown>)[definition.object.lockedWhen] === true) {
    throw new DomainError("RULE_VIOLATION", { i18nKey: "plugins.errors.recordLocked" });
  }
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

/** Write plugin fields on a core record: checked against the manifests, validate/compute hooks before save. */
export async function updateCustomFields(actor: Actor, raw: unknown) {
  requirePermission(actor, "customObject:write");
  const input = ZCustomFieldsUpdateInput.parse(raw);
  const record = ZId.safeParse(input.id).success ? await CORE_RECORDS[input.object].find(input.id) : null;
  if (!record) throw notFound(input.object);
  const definitions = await coreFieldDefinitions(actor, input.object);
  const fields = definitions.flatMap((d) => d.fields);
  const checked = checkValues(fields, input.values, { partial: true, pathPrefix: "values" });
  if (checked.issues.length > 0) throw issuesError(checked.issues);
  const previous = (record.customFields ?? {}) as Record<string, unknown>;
  const merged = { ...previous, ...checked.values };
  const computed = await runBeforeSave(actor, { partnerId: record.partnerId, object: input.object, operation: "update", record: merged, previous });
  for (const values of computed.values()) Object.assign(merged, values);
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
      listColumns: i.manifest.contributes.listColumns,
      recordPanels: i.manifest.contributes.recordPanels.filter((p) => p.surfaces.includes(surface)),
    }));
}
