/**
 * Loader side of plugin list columns: which `contributes.listColumns` apply to a core list in this
 * app (with their field definitions, texts ready for the reader's language) and the titles of the
 * records reference values in the rows point at.
 */
import { can, type Actor, type createCaller } from "@qudao/core/server";
import type { Locale } from "@qudao/core/i18n";
import type { PluginColumn, PluginColumnsData } from "./plugin-columns.tsx";
import type { CoreRecordObject } from "./plugin-panels.server.ts";
import type { PluginField, PluginObject } from "./plugin-records.tsx";
import { pluginReferenceTitles } from "./plugin-records.server.ts";
import { withPluginTexts } from "./plugin-texts.server.ts";

type Caller = ReturnType<typeof createCaller>;

/** What `pluginInstalls.ui` says about one plugin (the parts columns use). */
export type ColumnPluginUi = {
  pluginId: string;
  fields: ReadonlyArray<PluginField & { object: string }>;
  listColumns: ReadonlyArray<{ object: string; field: string }>;
};

/** The plugin columns of a core object's list (pure): in plugin order, each naming a field its plugin contributes there. */
export function pluginColumnsFor(plugins: ReadonlyArray<ColumnPluginUi>, object: CoreRecordObject): PluginColumn[] {
  const columns: PluginColumn[] = [];
  for (const plugin of plugins) {
    for (const column of plugin.listColumns.filter((c) => c.object === object)) {
      const field = plugin.fields.find((f) => f.object === object && f.name === column.field);
      if (field && !columns.some((c) => c.key === field.name)) columns.push({ key: field.name, pluginId: plugin.pluginId, field });
    }
  }
  return columns;
}

/**
 * The plugin columns for a list page and the titles its reference values need. `rows` are the
 * page's rows with their `customFields` (core's list output). None for staff who do not read plugin data.
 */
export async function pluginListColumns(
  caller: Caller,
  actor: Actor,
  list: { surface: "platform" | "portal"; object: CoreRecordObject; locale: Locale },
  rows: ReadonlyArray<{ customFields?: Record<string, unknown> | null | undefined }>,
): Promise<PluginColumnsData> {
  if (!can(actor, "customObject:read")) return { columns: [], titles: {} };
  const plugins = (await caller.pluginInstalls.ui({ surface: list.surface })) as ColumnPluginUi[];
  const columns = pluginColumnsFor(plugins, list.object);
  if (columns.length === 0) return { columns, titles: {} };
  const fields = columns.map((c) => c.field);
  const asObject: PluginObject = { name: list.object, label: {}, labelPlural: {}, titleField: "", fields, views: { list: { columns: [] }, detail: { sections: [] }, form: { fields: [] } } };
  const titles = await pluginReferenceTitles(caller, asObject, rows.map((row) => ({ values: row.customFields ?? {} })));
  return withPluginTexts({ columns, titles }, list.locale);
}
