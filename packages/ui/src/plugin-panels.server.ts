/**
 * Loader and action side of plugin record panels (issue 6: `contributes.recordPanels`): what the
 * panels on a core record's page show — the plugin's fields on the record, and the plugin object's
 * records that point at it — and the save of a panel's edit form through core's `updateFields`
 * (which checks the values and runs the plugins' validate and compute hooks). Plugin fields that no
 * panel here lists get a default panel per plugin, so an installed field is never invisible.
 */
import { can, formFeedback, notFound, type Actor, type createCaller, type FormFeedback } from "@qudao/core/server";
import type { Locale } from "@qudao/core/i18n";
import type { PluginField, PluginFormValues, PluginObject, PluginRecordView } from "./plugin-records.tsx";
import { pluginFormSubmission, pluginRecordFormValues, pluginReferenceOptions, pluginReferenceTitles } from "./plugin-records.server.ts";
import type { LocalizedText } from "./plugin-texts.ts";
import { withPluginTexts } from "./plugin-texts.server.ts";

type Caller = ReturnType<typeof createCaller>;

/** The core objects plugin fields and panels attach to. */
export type CoreRecordObject = "customer" | "lead" | "opportunity" | "activity" | "task" | "order";

/** Which record of which app: panels declare the surfaces they appear on. */
export type PanelTarget = { surface: "platform" | "portal"; object: CoreRecordObject; id: string; locale: Locale };

/** How many related records a panel shows (the newest). */
export const RELATED_SHOWN = 10;

/** What `pluginInstalls.ui` says about one plugin (the parts panels use). */
export type PanelPluginUi = {
  pluginId: string;
  name: LocalizedText;
  objects: ReadonlyArray<PluginObject>;
  recordPanels: ReadonlyArray<{ name: string; object: string; title: LocalizedText; fields: ReadonlyArray<string>; relatedObject?: string | undefined }>;
};

/** What `customRecords.fields` says about one plugin's fields on the record. */
export type PanelFieldsEntry = { pluginId: string; fields: ReadonlyArray<Record<string, unknown>>; values: Record<string, unknown> };

/** A panel's related records: records of a plugin object whose reference field or relation (`via`) holds this record's id. */
export type PanelRelatedPlan = {
  object: PluginObject;
  via: string[];
  /** The field a new record's form is prefilled with (this record), when the form asks for one of `via`. */
  prefill: string | null;
};

export type PanelPlan = {
  /** The panel's name, or the plugin's id for its default panel (plugin ids have dots, panel names never). */
  key: string;
  pluginId: string;
  pluginName: LocalizedText;
  /** The manifest's title; null for a default panel (the host titles it after the plugin). */
  title: LocalizedText | null;
  fields: PluginField[];
  values: Record<string, unknown>;
  related: PanelRelatedPlan | null;
};

export type PluginPanel = Omit<PanelPlan, "related"> & {
  related: { object: PluginObject; records: PluginRecordView[]; more: boolean; prefill: string | null } | null;
};

export type PluginPanelsView = {
  object: CoreRecordObject;
  id: string;
  panels: PluginPanel[];
  /** Titles of the records reference values point at, by id. */
  titles: Record<string, string>;
  /** Whether the reader may change plugin fields (the edit links). */
  canEdit: boolean;
};

function relatedPlan(plugin: PanelPluginUi, objectName: string | undefined, coreObject: CoreRecordObject): PanelRelatedPlan | null {
  if (!objectName) return null;
  const object = plugin.objects.find((o) => o.name === objectName);
  if (!object) return null;
  const via = [
    ...object.fields.filter((f) => f.type === "reference" && f.reference === coreObject).map((f) => f.name),
    ...(object.relations ?? []).filter((r) => r.kind === "manyToOne" && r.to === coreObject).map((r) => r.name),
  ];
  if (via.length === 0) return null;
  return { object, via, prefill: via.find((name) => object.views.form.fields.includes(name)) ?? null };
}

/**
 * The panels of one record (pure): for each plugin shown in this app, its panels on the object (in
 * manifest order) with the fields they list and their related object, then a default panel with its
 * fields on the object that none of them lists. A panel with nothing to show is left out.
 */
export function arrangePluginPanels(plugins: ReadonlyArray<PanelPluginUi>, entries: ReadonlyArray<PanelFieldsEntry>, object: CoreRecordObject): PanelPlan[] {
  const plans: PanelPlan[] = [];
  for (const plugin of plugins) {
    const entry = entries.find((e) => e.pluginId === plugin.pluginId);
    const definitions = (entry?.fields ?? []) as unknown as PluginField[];
    const byName = new Map(definitions.map((field) => [field.name, field]));
    const valuesOf = (fields: PluginField[]) => Object.fromEntries(fields.map((f) => [f.name, entry?.values[f.name] ?? null]));
    const listed = new Set<string>();
    for (const panel of plugin.recordPanels.filter((p) => p.object === object)) {
      const fields = panel.fields.map((name) => byName.get(name)).filter((f): f is PluginField => f !== undefined);
      fields.forEach((f) => listed.add(f.name));
      const related = relatedPlan(plugin, panel.relatedObject, object);
      if (fields.length === 0 && !related) continue;
      plans.push({ key: panel.name, pluginId: plugin.pluginId, pluginName: plugin.name, title: panel.title, fields, values: valuesOf(fields), related });
    }
    const rest = definitions.filter((f) => !listed.has(f.name));
    if (rest.length > 0) plans.push({ key: plugin.pluginId, pluginId: plugin.pluginId, pluginName: plugin.name, title: null, fields: rest, values: valuesOf(rest), related: null });
  }
  return plans;
}

/** A panel's fields as an object definition, so the generic form and its submission handle them. */
export function panelFormObject(panel: Pick<PanelPlan, "key" | "title" | "pluginName" | "fields">): PluginObject {
  const title = panel.title ?? panel.pluginName;
  const names = panel.fields.map((f) => f.name);
  return { name: panel.key, label: title, labelPlural: title, titleField: names[0] ?? "", fields: panel.fields, relations: [], views: { list: { columns: names }, detail: { sections: [{ title, fields: names }] }, form: { fields: names } } };
}

/** Whether a panel has a field a user may change (computed ones are the plugin's). */
export function isEditablePanel(panel: Pick<PanelPlan, "fields">): boolean {
  return panel.fields.some((f) => !f.computed);
}

async function panelPlans(caller: Caller, target: PanelTarget): Promise<PanelPlan[]> {
  // Installs are cached in the process: with none shown in this app, the record is not read again.
  const plugins: PanelPluginUi[] = await caller.pluginInstalls.ui({ surface: target.surface });
  if (plugins.length === 0) return [];
  const entries = await caller.customRecords.fields({ object: target.object, id: target.id });
  return arrangePluginPanels(plugins, entries, target.object);
}

/** The newest records of the related object that point at the record, through any of its `via` fields. */
async function relatedRecords(caller: Caller, plan: PanelRelatedPlan, id: string): Promise<{ records: PluginRecordView[]; more: boolean }> {
  const pages = await Promise.all(plan.via.map((field) => caller.customRecords.list({ object: plan.object.name, limit: RELATED_SHOWN + 1, relatedField: field, relatedId: id })));
  const byId = new Map<string, PluginRecordView>();
  for (const page of pages) for (const record of page.items) byId.set(record.id, record);
  // Record ids are UUID v7: descending is newest first.
  const all = [...byId.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return { records: all.slice(0, RELATED_SHOWN), more: all.length > RELATED_SHOWN || pages.some((p) => p.nextCursor !== null) };
}

/**
 * The plugin panels of a core record for its page (texts ready for the reader's language). Nothing
 * for staff whose role does not read plugin data; a record the reader cannot see fails as core does.
 */
export async function pluginRecordPanels(caller: Caller, actor: Actor, target: PanelTarget): Promise<PluginPanelsView> {
  const empty: PluginPanelsView = { object: target.object, id: target.id, panels: [], titles: {}, canEdit: false };
  if (!can(actor, "customObject:read")) return empty;
  const plans = await panelPlans(caller, target);
  if (plans.length === 0) return empty;
  const panels: PluginPanel[] = await Promise.all(
    plans.map(async (plan) => {
      if (!plan.related) return { ...plan, related: null };
      const { records, more } = await relatedRecords(caller, plan.related, target.id);
      // The column pointing back at this record would say the same thing in every row.
      const object = { ...plan.related.object, views: { ...plan.related.object.views, list: { columns: plan.related.object.views.list.columns.filter((c) => !plan.related!.via.includes(c)) } } };
      return { ...plan, related: { object, records, more, prefill: plan.related.prefill } };
    }),
  );
  const titleSets = await Promise.all(
    panels.flatMap((panel) => [
      pluginReferenceTitles(caller, panelFormObject(panel), [{ values: panel.values }]),
      ...(panel.related ? [pluginReferenceTitles(caller, panel.related.object, panel.related.records)] : []),
    ]),
  );
  return withPluginTexts({ ...empty, panels, titles: Object.assign({}, ...titleSets) as Record<string, string>, canEdit: can(actor, "customObject:write") }, target.locale);
}

export type PanelEditor = {
  panel: PanelPlan;
  /** The panel's fields as a form definition (for `PluginRecordForm`). */
  form: PluginObject;
  initial: PluginFormValues;
  options: Record<string, Array<{ id: string; title: string }>>;
};

async function editablePanel(caller: Caller, actor: Actor, target: PanelTarget, key: string): Promise<PanelPlan> {
  if (!can(actor, "customObject:write")) throw notFound("RecordPanel");
  const plans = await panelPlans(caller, target);
  const panel = plans.find((p) => p.key === key);
  if (!panel || !isEditablePanel(panel)) throw notFound("RecordPanel");
  return panel;
}

/** A panel's edit form: its fields, their current values and the records reference fields offer. */
export async function pluginPanelEditor(caller: Caller, actor: Actor, target: PanelTarget, key: string): Promise<PanelEditor> {
  const panel = await editablePanel(caller, actor, target, key);
  const form = panelFormObject(panel);
  const options = await pluginReferenceOptions(caller, form, panel.values);
  return withPluginTexts({ panel, form, initial: pluginRecordFormValues(form, panel.values), options }, target.locale);
}

/**
 * Field errors as the panel form names its controls: core's value checks answer under
 * `values.<field>`, the plugins' validate hooks under `<field>`.
 */
export function panelFieldErrors(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    const name = path.startsWith("values.") ? path.slice("values.".length) : path;
    out[name] ??= message;
  }
  return out;
}

export type PanelSaveResult = { saved: true; key: string } | { saved: false; status: number; error: FormFeedback["error"]; values: PluginFormValues };

/** Save a panel's form: every editable field of the panel as submitted, through `customRecords.updateFields`. */
export async function savePluginPanel(caller: Caller, actor: Actor, target: PanelTarget, key: string, form: FormData): Promise<PanelSaveResult> {
  let typed: PluginFormValues = {};
  try {
    const panel = await editablePanel(caller, actor, target, key);
    const submitted = pluginFormSubmission(form, panelFormObject(panel));
    typed = submitted.typed;
    await caller.customRecords.updateFields({ object: target.object, id: target.id, values: submitted.values });
    return { saved: true, key };
  } catch (error) {
    const { body, status } = formFeedback(error, target.locale);
    return { saved: false, status, error: { ...body.error, fields: panelFieldErrors(body.error.fields) }, values: typed };
  }
}
