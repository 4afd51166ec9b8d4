/**
 * Plugin panels on a core record's page (issue 6: `contributes.recordPanels`): each shows the
 * plugin's fields on the record with the generic value renderers, a link to edit them (computed
 * fields are the plugin's and stay read-only), and — when the panel names a related object — the
 * plugin records that point at this record, with "new" prefilled with it. Plugin fields no panel
 * lists come in a default panel per plugin. Data from plugin-panels.server.ts; styles in
 * ./plugin-panels.css.
 */
import { Link, useSearchParams } from "@remix-run/react";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { PluginRecordForm, PluginRecordList, PluginValue, type PluginAppConventions, type PluginField, type PluginFormValues, type PluginMember, type PluginObject, type PluginRecordView } from "./plugin-records.tsx";
import { usePluginText, type LocalizedText } from "./plugin-texts.ts";

/** A panel as the page's loader passed it (plugin-panels.server.ts `PluginPanel`, after JSON). */
export type PluginPanelData = {
  key: string;
  pluginId: string;
  pluginName: LocalizedText;
  title: LocalizedText | null;
  fields: ReadonlyArray<PluginField>;
  values: Record<string, unknown>;
  related: { object: PluginObject; records: ReadonlyArray<PluginRecordView>; more: boolean; prefill: string | null } | null;
};

export type PluginPanelsData = { object: string; id: string; panels: ReadonlyArray<PluginPanelData>; titles: Record<string, string>; canEdit: boolean };

/** Where a panel's edit form lives (the same path in both apps). */
export function pluginPanelEditPath(object: string, id: string, key: string): string {
  return `/plugin-fields/${object}/${id}/${encodeURIComponent(key)}`;
}

/** The search parameter a saved panel's page is opened with (its key), for the notice. */
export const PANEL_SAVED_PARAM = "pluginSaved";

function member(field: PluginField): PluginMember {
  return { ...field, required: field.required ?? false, computed: field.computed ?? false };
}

/** A panel's heading: the manifest's title, or "<plugin>: plugin fields" for a plugin's default panel. */
export function usePanelTitle(): (panel: { title: LocalizedText | null; pluginName: LocalizedText }) => string {
  const { t } = useTranslation();
  const text = usePluginText();
  return (panel) => (panel.title ? text(panel.title) : t("pluginPanels.defaultTitle", { plugin: text(panel.pluginName) }));
}

function RelatedRecords({ panel, recordId, titles, app }: { panel: PluginPanelData; recordId: string; titles: Record<string, string>; app: PluginAppConventions }) {
  const { t } = useTranslation();
  const text = usePluginText();
  const headingId = useId();
  const related = panel.related;
  if (!related) return null;
  const labelPlural = text(related.object.labelPlural);
  const newHref = `/x/${related.object.name}/new${related.prefill ? `?${new URLSearchParams({ [related.prefill]: recordId }).toString()}` : ""}`;
  return (
    <div className="plugin-panel-related" role="group" aria-labelledby={headingId}>
      <h3 id={headingId}>{labelPlural}</h3>
      {related.records.length === 0 ? (
        <p className="muted">{t("pluginRecords.list.empty", { object: labelPlural })}</p>
      ) : (
        <PluginRecordList object={related.object} records={related.records} titles={titles} app={app} />
      )}
      {related.more ? <p className="muted">{t("pluginPanels.related.newestOnly", { count: related.records.length })}</p> : null}
      <p className="plugin-panel-links">
        <Link to={newHref}>{t("pluginRecords.list.new", { object: text(related.object.label) })}</Link>
      </p>
    </div>
  );
}

function Panel({ panel, data, app, saved }: { panel: PluginPanelData; data: PluginPanelsData; app: PluginAppConventions; saved: boolean }) {
  const { t } = useTranslation();
  const text = usePluginText();
  const titleOf = usePanelTitle();
  const headingId = useId();
  const title = titleOf(panel);
  const editable = data.canEdit && panel.fields.some((f) => !f.computed);
  return (
    <section className={`${app.classNames.card} plugin-panel`} aria-labelledby={headingId} data-plugin-panel={panel.key}>
      <div className="plugin-panel-head">
        <h2 id={headingId}>{title}</h2>
        {editable ? (
          <Link to={pluginPanelEditPath(data.object, data.id, panel.key)} className="button" aria-label={t("pluginPanels.editLabel", { panel: title })}>
            {t("pluginPanels.edit")}
          </Link>
        ) : null}
      </div>
      {panel.title ? <p className="plugin-panel-source">{t("pluginPanels.source", { plugin: text(panel.pluginName) })}</p> : null}
      {saved ? (
        <p className="notice" role="status">
          {t("pluginPanels.saved", { panel: title })}
        </p>
      ) : null}
      {panel.fields.length > 0 ? (
        <dl className={app.classNames.detailList}>
          {panel.fields.map((field) => (
            <div key={field.name} className="plugin-detail-row" data-field={field.name}>
              <dt>
                {text(field.label)}
                {field.computed ? <span className="plugin-panel-computed"> {t("pluginPanels.computed")}</span> : null}
              </dt>
              <dd>
                <PluginValue member={member(field)} value={panel.values[field.name]} titles={data.titles} app={app} />
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      <RelatedRecords panel={panel} recordId={data.id} titles={data.titles} app={app} />
    </section>
  );
}

/** The record's plugin panels, in plugin order; nothing when no installed plugin has any here. */
export function PluginRecordPanels({ data, app }: { data: PluginPanelsData; app: PluginAppConventions }) {
  const [params] = useSearchParams();
  const saved = params.get(PANEL_SAVED_PARAM);
  if (data.panels.length === 0) return null;
  return (
    <div className="plugin-panels">
      {data.panels.map((panel) => (
        <Panel key={panel.key} panel={panel} data={data} app={app} saved={saved === panel.key} />
      ))}
    </div>
  );
}

/** A panel's edit form as the edit page's loader passed it (plugin-panels.server.ts `PanelEditor`). */
export type PluginPanelEditorData = {
  panel: { title: LocalizedText | null; pluginName: LocalizedText };
  form: PluginObject;
  initial: PluginFormValues;
  options: Record<string, ReadonlyArray<{ id: string; title: string }>>;
};

/** What the edit page's action answered after a refused save (`savePluginPanel`). */
export type PluginPanelSaveFailure = { error: { message: string; fields: Record<string, string> }; values: PluginFormValues };

/**
 * The page that edits one panel's fields: the generic plugin form (required marks, help, computed
 * fields read-only), each field's translated error under it — core's checks and the plugins'
 * validate hooks — and what was typed kept after a refusal.
 */
export function PluginPanelEditPage({ editor, result, busy, back, app }: { editor: PluginPanelEditorData; result: PluginPanelSaveFailure | undefined; busy: boolean; back: string; app: PluginAppConventions }) {
  const { t } = useTranslation();
  const titleOf = usePanelTitle();
  return (
    <>
      <div className="page-head">
        <h1>{t("pluginPanels.editTitle", { panel: titleOf(editor.panel) })}</h1>
        <Link to={back} className="button link-button">
          {t("pluginRecords.form.backToRecord")}
        </Link>
      </div>
      <PluginRecordForm
        object={editor.form}
        values={result?.values ?? editor.initial}
        errors={result?.error.fields ?? {}}
        formMessage={result?.error.message}
        submission={result}
        options={editor.options}
        busy={busy}
        submitLabel={t("common.actions.save")}
        cancelTo={back}
        app={app}
      />
    </>
  );
}
