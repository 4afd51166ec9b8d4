/**
 * Loader and action side of the generic plugin record pages: the submitted form as core's input (and
 * as typed, to show again after an error), stored values as form text, and the titles and choices of
 * the records a reference field points at. Core checks every value; nothing here decides validity.
 */
import { displayTimeZone, notFound, type createCaller } from "@qudao/core/server";
import { instantToLocalDateTime, localDateTimeToInstant } from "@qudao/core/schemas";
import { objectMembers, type PluginFormValues, type PluginMember, type PluginObject } from "./plugin-records.tsx";
import type { PluginPipeline } from "./plugin-records-board.tsx";
import { localized, type LocalizedText } from "./plugin-texts.ts";
import { withPluginTexts } from "./plugin-texts.server.ts";

type Caller = ReturnType<typeof createCaller>;

/** How many records a reference field offers to choose from (the newest first). */
const REFERENCE_CHOICES = 100;

/**
 * A plugin object the caller's tenant has installed, from the installed manifests (texts ready for
 * `locale`), with its labels in that language for page titles and its pipelines (board, stages,
 * stage filter). Anything else is the 404 page.
 */
export async function installedPluginObject(
  caller: Caller,
  surface: "platform" | "portal",
  name: string,
  locale: string,
): Promise<{ object: PluginObject; pluginId: string; label: string; labelPlural: string; pipelines: PluginPipeline[] }> {
  const plugins = await caller.pluginInstalls.ui({ surface });
  for (const plugin of plugins) {
    const found = plugin.objects.find((o) => o.name === name);
    if (!found) continue;
    const object: PluginObject = withPluginTexts(found, locale);
    const pipelines: PluginPipeline[] = withPluginTexts(plugin.pipelines.filter((p) => p.object === name), locale);
    return { object, pluginId: plugin.pluginId, label: localized(object.label as LocalizedText, locale), labelPlural: localized(object.labelPlural as LocalizedText, locale), pipelines };
  }
  throw notFound("CustomObject");
}

/** The list's `?stage=<pipeline>:<stage>` filter, when it names a stage of one of the object's pipelines. */
export function stageFilterOf(param: string | null, pipelines: ReadonlyArray<PluginPipeline>): { pipeline: string; stage: string } | null {
  if (!param) return null;
  const colon = param.lastIndexOf(":");
  const pipeline = pipelines.find((p) => p.name === param.slice(0, colon));
  const stage = pipeline?.stages.find((s) => s.key === param.slice(colon + 1));
  return pipeline && stage ? { pipeline: pipeline.name, stage: stage.key } : null;
}

/** The `?board=<pipeline>` view, when it names one of the object's pipelines. */
export function boardOf(param: string | null, pipelines: ReadonlyArray<PluginPipeline>): PluginPipeline | null {
  return pipelines.find((p) => p.name === param) ?? null;
}

/** A stage move as the board and the record page post it (core checks every part). */
export function stageMoveSubmission(form: FormData): { id: string; pipeline: string; stage: string } {
  return { id: text(form, "id"), pipeline: text(form, "pipeline"), stage: text(form, "stage") };
}

function formMembers(object: PluginObject): PluginMember[] {
  const members = objectMembers(object);
  return object.views.form.fields.map((name) => members.get(name)).filter((m): m is PluginMember => m !== undefined && !m.computed);
}

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/**
 * The fields of `views.form` as submitted: `values` for core (a date-time entered in the platform's
 * zone becomes an instant; an unchecked box is false; ticked options a list) and `typed` to refill
 * the form. Blank text goes as "" so core answers "required" where it is.
 */
export function pluginFormSubmission(form: FormData, object: PluginObject): { values: Record<string, unknown>; typed: PluginFormValues } {
  const values: Record<string, unknown> = {};
  const typed: PluginFormValues = {};
  for (const member of formMembers(object)) {
    switch (member.type) {
      case "boolean":
        values[member.name] = form.has(member.name);
        typed[member.name] = form.has(member.name) ? "true" : "";
        break;
      case "multiSelect": {
        const chosen = form.getAll(member.name).filter((v): v is string => typeof v === "string");
        values[member.name] = chosen;
        typed[member.name] = chosen;
        break;
      }
      case "referenceMany": {
        const chosen = form
          .getAll(member.name)
          .flatMap((v) => (typeof v === "string" ? v.split(/[\s,]+/) : []))
          .filter(Boolean);
        values[member.name] = chosen;
        typed[member.name] = chosen;
        break;
      }
      case "datetime": {
        const raw = text(form, member.name);
        // Something unreadable goes on as typed, so core answers with its translated field error.
        values[member.name] = raw.trim() === "" ? "" : (localDateTimeToInstant(raw, displayTimeZone())?.toISOString() ?? raw);
        typed[member.name] = raw;
        break;
      }
      default:
        values[member.name] = text(form, member.name);
        typed[member.name] = text(form, member.name);
    }
  }
  return { values, typed };
}

/** A record's stored values as the form shows them (date-times in the platform's zone). */
export function pluginRecordFormValues(object: PluginObject, stored: Record<string, unknown>): PluginFormValues {
  const out: PluginFormValues = {};
  for (const [name, member] of objectMembers(object)) {
    const value = stored[name];
    if (value === null || value === undefined) out[name] = member.type === "multiSelect" || member.type === "referenceMany" ? [] : "";
    else if (Array.isArray(value)) out[name] = value.map(String);
    else if (member.type === "boolean") out[name] = value === true ? "true" : "";
    else if (member.type === "datetime") {
      const at = new Date(String(value));
      out[name] = Number.isNaN(at.getTime()) ? String(value) : instantToLocalDateTime(at, displayTimeZone());
    } else out[name] = String(value);
  }
  return out;
}

type Titled = { id: string; title: string };

/** The partners the caller may pick, read once per caller (one page names many partners). */
const partnerChoices = new WeakMap<Caller, Promise<Titled[]>>();
function partnersOf(caller: Caller): Promise<Titled[]> {
  let found = partnerChoices.get(caller);
  if (!found) {
    found = caller.pluginPartners.choices().then((r) => r.items.map((p) => ({ id: p.id, title: p.name })));
    partnerChoices.set(caller, found);
  }
  return found;
}

/** The newest records of a target object the caller may see; null where this app offers no list of them. */
async function choicesOf(caller: Caller, target: string): Promise<Titled[] | null> {
  try {
    return await listChoices(caller, target);
  } catch {
    // A role that may not list them (finance and leads) picks by id instead.
    return null;
  }
}

async function listChoices(caller: Caller, target: string): Promise<Titled[] | null> {
  switch (target) {
    case "customer":
      return (await caller.customers.list({ limit: REFERENCE_CHOICES })).items.map((c) => ({ id: c.id, title: c.name }));
    case "lead":
      return (await caller.leads.list({ limit: REFERENCE_CHOICES })).items.map((l) => ({ id: l.id, title: l.name }));
    case "opportunity":
      return (await caller.opportunities.list({ limit: REFERENCE_CHOICES })).items.map((o) => ({ id: o.id, title: o.name }));
    case "activity":
    case "task":
    case "order":
      return null;
    case "partner":
      // A partner reference: the caller's own partner and sub-dealers (staff: every partner).
      return partnersOf(caller);
    default:
      return (await caller.customRecords.list({ object: target, limit: REFERENCE_CHOICES })).items.map((r) => ({ id: r.id, title: r.title }));
  }
}

/** The title of one record, or null when the caller cannot see it (or this app has no title for it). */
async function titleOf(caller: Caller, target: string, id: string): Promise<string | null> {
  try {
    switch (target) {
      case "customer":
        return (await caller.customers.get({ id })).name;
      case "lead":
        return (await caller.leads.get({ id })).name;
      case "opportunity":
        return (await caller.opportunities.get({ id })).name;
      case "activity":
      case "task":
      case "order":
        return null;
      case "partner":
        return (await partnersOf(caller)).find((p) => p.id === id)?.title ?? null;
      default:
        return (await caller.customRecords.get({ object: target, id })).title;
    }
  } catch {
    // Another partner's record, or one deleted since: shown without a title, like core's "not found".
    return null;
  }
}

function referenceIds(members: Iterable<PluginMember>, records: ReadonlyArray<{ values: Record<string, unknown> }>): Map<string, Set<string>> {
  const wanted = new Map<string, Set<string>>();
  for (const member of members) {
    if (!member.reference) continue;
    for (const record of records) {
      const raw = record.values[member.name];
      const ids = (Array.isArray(raw) ? raw : raw === null || raw === undefined || raw === "" ? [] : [raw]).map(String);
      if (ids.length === 0) continue;
      const set = wanted.get(member.reference) ?? new Set<string>();
      ids.forEach((id) => set.add(id));
      wanted.set(member.reference, set);
    }
  }
  return wanted;
}

/** Titles (by id) of the records the given records point at through their reference fields and relations. */
export async function pluginReferenceTitles(caller: Caller, object: PluginObject, records: ReadonlyArray<{ values: Record<string, unknown> }>): Promise<Record<string, string>> {
  const wanted = referenceIds(objectMembers(object).values(), records);
  const found = await Promise.all([...wanted].flatMap(([target, ids]) => [...ids].map(async (id) => [id, await titleOf(caller, target, id)] as const)));
  return Object.fromEntries(found.filter((entry): entry is readonly [string, string] => entry[1] !== null));
}

/**
 * What each reference field of the form offers, by target object: the newest records the caller can
 * see, plus the ones already chosen (`current`) so an edit never drops them.
 */
export async function pluginReferenceOptions(caller: Caller, object: PluginObject, current: Record<string, unknown> = {}): Promise<Record<string, Titled[]>> {
  const members = formMembers(object).filter((m) => m.reference);
  const targets = [...new Set(members.map((m) => m.reference!))];
  const chosen = referenceIds(members, [{ values: current }]);
  const entries = await Promise.all(
    targets.map(async (target) => {
      const list = await choicesOf(caller, target);
      if (!list) return null;
      const missing = [...(chosen.get(target) ?? [])].filter((id) => !list.some((r) => r.id === id));
      const extra = await Promise.all(missing.map(async (id) => ({ id, title: (await titleOf(caller, target, id)) ?? id })));
      return [target, [...extra, ...list]] as const;
    }),
  );
  return Object.fromEntries(entries.filter((e): e is readonly [string, Titled[]] => e !== null));
}
