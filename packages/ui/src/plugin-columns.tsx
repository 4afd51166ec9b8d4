/**
 * Plugin list columns on core list pages (issue 6: `contributes.listColumns`): a plugin field shown
 * as a column of the customer, lead, opportunity… list, its values drawn with the generic renderers
 * from each row's `customFields` (core lists carry only the installed plugins' fields). Put
 * `PluginColumnHeads` after the page's own `<th>`s and `PluginColumnCells` after its `<td>`s.
 */
import { useTranslation } from "react-i18next";
import { PluginValue, type PluginAppConventions, type PluginField } from "./plugin-records.tsx";
import { usePluginText } from "./plugin-texts.ts";

/** One column: the plugin field it shows (its label heads the column). */
export type PluginColumn = { key: string; pluginId: string; field: PluginField };

/** What a list page's loader passes on (plugin-columns.server.ts). */
export type PluginColumnsData = { columns: ReadonlyArray<PluginColumn>; titles: Record<string, string> };

export function PluginColumnHeads({ columns }: { columns: ReadonlyArray<PluginColumn> }) {
  const text = usePluginText();
  return (
    <>
      {columns.map((column) => (
        <th scope="col" key={column.key} data-plugin-column={column.key}>
          {text(column.field.label)}
        </th>
      ))}
    </>
  );
}

/** The row's cells for the plugin columns; `values` is the row's `customFields`. */
export function PluginColumnCells({ columns, values, titles, app }: { columns: ReadonlyArray<PluginColumn>; values: Record<string, unknown> | null | undefined; titles: Record<string, string>; app: PluginAppConventions }) {
  const text = usePluginText();
  return (
    <>
      {columns.map((column) => (
        <td key={column.key} data-label={text(column.field.label)} data-field={column.key}>
          <PluginValue member={{ ...column.field, required: column.field.required ?? false, computed: column.field.computed ?? false }} value={values?.[column.key]} titles={titles} app={app} />
        </td>
      ))}
    </>
  );
}

/** A list laid out as cards rather than a table: the plugin values as label/value lines. */
export function PluginColumnLines({ columns, values, titles, app }: { columns: ReadonlyArray<PluginColumn>; values: Record<string, unknown> | null | undefined; titles: Record<string, string>; app: PluginAppConventions }) {
  const { t } = useTranslation();
  const text = usePluginText();
  if (columns.length === 0) return null;
  return (
    <dl className="plugin-column-lines" aria-label={t("pluginPanels.columns.label")}>
      {columns.map((column) => (
        <div key={column.key} className="plugin-column-line" data-field={column.key}>
          <dt>{text(column.field.label)}</dt>
          <dd>
            <PluginValue member={{ ...column.field, required: column.field.required ?? false, computed: column.field.computed ?? false }} value={values?.[column.key]} titles={titles} app={app} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
