/**
 * Imports of plugin object records (ADR 026): the object a job fills (installed for the
 * importer's tenant and `importable`), and a row's cells turned into the values its form would submit,
 * with relation and reference cells looked up by the target's title or id in the importer's scope
 * (a record they cannot see is "not found", never someone else's). The rows themselves are saved by
 * `createCustomRecord`, the form's own path (import-run.service.ts).
 */
import type { Actor } from "../../actor/index.ts";
import { db } from "../../db/index.ts";
import { DomainError } from "../../errors/index.ts";
import { objectDefinition, type ObjectDefinition } from "../plugins/custom-objects.service.ts";
import { checkValues, objectFields } from "../plugins/custom-values.rules.ts";
import { ZId } from "../shared.schemas.ts";
import { checkPluginRow, pluginImportFields, pluginMappedValues, type PluginImportField, type PluginLookup } from "./plugin-record-import.rules.ts";
import type { RowIssue } from "./import-rows.rules.ts";
import type { TImportMapping } from "./imports.schemas.ts";

export type PluginImportTarget = ObjectDefinition & { fields: PluginImportField[] };

/** The object a plugin records import fills: one the actor's tenant has installed (else 404) and that its manifest makes importable. */
export async function pluginImportTarget(actor: Actor, objectName: string | null | undefined): Promise<PluginImportTarget> {
  if (!objectName) throw new DomainError("VALIDATION_FAILED", { details: [{ path: "object", message: "errors.field.required" }] });
  const definition = await objectDefinition(actor, objectName);
  if (!definition.object.importable) throw new DomainError("FORBIDDEN", { i18nKey: "pluginImports.errors.notImportable" });
  return { ...definition, fields: pluginImportFields(definition.object) };
}

/** Which column of a target holds what people call a record: its title, name or number. */
type Candidate = { id: string };
const CORE_LOOKUPS: Record<string, (ids: string[], text: string) => Promise<Candidate[]>> = {
  customer: (ids, text) => db.customer.findMany({ where: { OR: [{ id: { in: ids } }, { name: text }] }, select: { id: true }, take: 2 }),
  lead: (ids, text) => db.lead.findMany({ where: { OR: [{ id: { in: ids } }, { name: text }] }, select: { id: true }, take: 2 }),
  opportunity: (ids, text) => db.opportunity.findMany({ where: { OR: [{ id: { in: ids } }, { name: text }] }, select: { id: true }, take: 2 }),
  order: (ids, text) => db.order.findMany({ where: { OR: [{ id: { in: ids } }, { externalId: text }] }, select: { id: true }, take: 2 }),
  task: (ids, text) => db.task.findMany({ where: { OR: [{ id: { in: ids } }, { title: text }] }, select: { id: true }, take: 2 }),
  activity: (ids) => (ids.length > 0 ? db.activity.findMany({ where: { id: { in: ids } }, select: { id: true }, take: 2 }) : Promise.resolve([])),
  partner: (ids, text) => db.partner.findMany({ where: { OR: [{ id: { in: ids } }, { name: text }] }, select: { id: true }, take: 2 }),
};

type Resolved = { id: string } | { issue: Omit<RowIssue, "field"> };

/**
 * Finds relation targets by id or exact title through the scoped client (call it inside the
 * importer's `runAsActor`), remembering answers for the rest of the file. An id wins over a title; a
 * title two visible records share is ambiguous.
 */
export function lookupResolver(): (lookup: PluginLookup) => Promise<Resolved> {
  const cache = new Map<string, Promise<Resolved>>();
  const find = async ({ target, text }: PluginLookup): Promise<Resolved> => {
    const ids = ZId.safeParse(text.toLowerCase()).success ? [text.toLowerCase()] : [];
    const found = CORE_LOOKUPS[target]
      ? await CORE_LOOKUPS[target](ids, text)
      : await db.customObjectRecord.findMany({ where: { object: target, OR: [{ id: { in: ids } }, { title: text }] }, select: { id: true }, take: 2 });
    const byId = found.find((c) => ids.includes(c.id));
    if (byId) return { id: byId.id };
    if (found.length === 1) return { id: found[0]!.id };
    if (found.length > 1) return { issue: { messageKey: "pluginImports.errors.ambiguous", params: { value: text } } };
    return { issue: { messageKey: "pluginImports.errors.notFound", params: { value: text } } };
  };
  return (lookup) => {
    const key = `${lookup.target}\u0000${lookup.text}`;
    let answer = cache.get(key);
    if (!answer) {
      answer = find(lookup);
      cache.set(key, answer);
    }
    return answer;
  };
}

export type PreparedPluginRow = { ok: true; values: Record<string, unknown> } | { ok: false; issues: RowIssue[] };

/**
 * A file row as the values a form create submits: cells checked by field type, relations resolved.
 * With `complete`, the values are also checked as the create will check them (required fields the
 * file leaves out, fields the object does not have), so a preview or a check pass says so per row.
 */
export async function preparePluginRow(
  target: PluginImportTarget,
  mapping: TImportMapping,
  cells: readonly string[],
  resolve: ReturnType<typeof lookupResolver>,
  timeZone: string,
): Promise<PreparedPluginRow> {
  const check = checkPluginRow(target.fields, mapping, pluginMappedValues(target.fields, mapping, cells), timeZone);
  const issues = [...check.issues];
  const values = { ...check.values };
  for (const lookup of check.lookups) {
    const resolved = await resolve(lookup);
    if ("id" in resolved) values[lookup.field] = resolved.id;
    else issues.push({ field: lookup.field, ...resolved.issue });
  }
  if (issues.length === 0) {
    // What the create itself refuses before any hook: a required field that is not in the form, for instance.
    for (const issue of checkValues(objectFields(target.object), values, { partial: false }).issues) issues.push({ field: issue.path, messageKey: issue.message, ...(issue.params ? { params: issue.params } : {}) });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, values };
}
