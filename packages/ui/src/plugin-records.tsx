/**
 * The generic pages of a plugin object (issue 6 item 4): its record list, detail view and form are
 * drawn from the manifest's object definition — `views.list.columns`, `views.detail.sections`,
 * `views.form.fields` — with no per-plugin code. Both apps render them; each passes its own class
 * names and where its record pages live (`PluginAppConventions`). Styles in ./plugins.css.
 */
import { Form, Link } from "@remix-run/react";
import { Fragment, useEffect, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { FieldType } from "@qudao/plugins/manifest";
import type { FormClassNames } from "./automation-rule-editor.tsx";
import { PluginStageValue, type PluginPipeline } from "./plugin-records-board.tsx";
import { usePluginText, type LocalizedText } from "./plugin-texts.ts";

export type PluginField = {
  name: string;
  type: FieldType;
  label: LocalizedText;
  help?: LocalizedText | undefined;
  required?: boolean | undefined;
  computed?: boolean | undefined;
  options?: ReadonlyArray<{ value: string; label: LocalizedText }> | undefined;
  reference?: string | undefined;
  min?: number | undefined;
  max?: number | undefined;
  maxLength?: number | undefined;
};

export type PluginRelation = { name: string; to: string; kind: "manyToOne" | "manyToMany"; label: LocalizedText; required?: boolean | undefined };

/** A plugin object as the manifest defines it (what `pluginInstalls.ui` returns in `objects`). */
export type PluginObject = {
  name: string;
  label: LocalizedText;
  labelPlural: LocalizedText;
  titleField: string;
  fields: ReadonlyArray<PluginField>;
  relations?: ReadonlyArray<PluginRelation> | undefined;
  views: {
    list: { columns: ReadonlyArray<string> };
    detail: { sections: ReadonlyArray<{ title: LocalizedText; fields: ReadonlyArray<string> }> };
    form: { fields: ReadonlyArray<string> };
  };
  lockedWhen?: string | undefined;
};

export type PluginRecordView = { id: string; object: string; title: string; values: Record<string, unknown>; locked: boolean; closedAt?: string | Date | null | undefined; createdAt: string | Date; updatedAt: string | Date };

/** What a form shows in each control: the text typed, or the options ticked. */
export type PluginFormValues = Record<string, string | string[]>;

/** Each app's markup conventions and where its pages live. */
export type PluginAppConventions = {
  classNames: FormClassNames & { table: string; card: string; detailList: string };
  /** The page of a plugin record in this app. */
  recordHref: (object: string, id: string) => string;
  /** The page of a core record (customer, lead…) in this app, or null where it has none. */
  coreHref: (object: string, id: string) => string | null;
  /** The platform's time zone (date-times are shown and entered in it). */
  timeZone: string;
};

/** A field or a relation of an object, as one thing the views can name. */
export type PluginMember = {
  name: string;
  label: LocalizedText;
  help?: LocalizedText | undefined;
  required: boolean;
  computed: boolean;
  type: FieldType | "referenceMany";
  reference?: string | undefined;
  options?: ReadonlyArray<{ value: string; label: LocalizedText }> | undefined;
  maxLength?: number | undefined;
};

const CORE_OBJECTS = ["customer", "lead", "opportunity", "activity", "task", "order"];

export function isCoreObjectName(name: string): boolean {
  return CORE_OBJECTS.includes(name);
}

/** Fields and relations by name (relations hold record ids: one for manyToOne, a list for manyToMany). */
export function objectMembers(object: PluginObject): Map<string, PluginMember> {
  const members = new Map<string, PluginMember>();
  for (const field of object.fields) {
    members.set(field.name, { ...field, required: field.required ?? false, computed: field.computed ?? false });
  }
  for (const relation of object.relations ?? []) {
    members.set(relation.name, {
      name: relation.name,
      label: relation.label,
      required: relation.required ?? false,
      computed: false,
      type: relation.kind === "manyToOne" ? "reference" : "referenceMany",
      reference: relation.to,
    });
  }
  return members;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
}

/** One value in the reader's words: option labels, yes/no, dates in the platform's zone, records as links. */
export function PluginValue({ member, value, titles, app }: { member: PluginMember; value: unknown; titles: Record<string, string>; app: PluginAppConventions }) {
  const { t, i18n } = useTranslation();
  const text = usePluginText();
  if (isEmpty(value)) return <span className="muted">—</span>;
  const option = (v: string) => {
    const found = member.options?.find((o) => o.value === v);
    return found ? text(found.label) : v;
  };
  const recordLink = (id: string) => {
    const target = member.reference ?? "";
    // A partner reference has no plugin record page: the app links it where it has a partner page.
    const href = isCoreObjectName(target) || target === "partner" ? app.coreHref(target, id) : app.recordHref(target, id);
    const title = titles[id] ?? t("pluginRecords.value.unknownRecord");
    return href ? (
      <Link key={id} to={href} className="plugin-reference">
        {title}
      </Link>
    ) : (
      <span key={id}>{title}</span>
    );
  };
  switch (member.type) {
    case "boolean":
      return <>{value === true ? t("pluginRecords.value.yes") : t("pluginRecords.value.no")}</>;
    case "select":
      return <>{option(String(value))}</>;
    case "multiSelect":
      return <>{(Array.isArray(value) ? value : [value]).map((v) => option(String(v))).join(t("pluginRecords.value.separator"))}</>;
    case "date": {
      const day = new Date(`${String(value)}T00:00:00Z`);
      if (Number.isNaN(day.getTime())) return <>{String(value)}</>;
      return (
        <time dateTime={String(value)} suppressHydrationWarning>
          {new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: "UTC" }).format(day)}
        </time>
      );
    }
    case "datetime": {
      const at = new Date(String(value));
      if (Number.isNaN(at.getTime())) return <>{String(value)}</>;
      return (
        <time dateTime={at.toISOString()} suppressHydrationWarning>
          {new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short", timeZone: app.timeZone }).format(at)}
        </time>
      );
    }
    case "url": {
      const href = String(value);
      return /^https?:\/\//.test(href) ? (
        <a href={href} target="_blank" rel="noopener noreferrer" className="break">
          {href}
        </a>
      ) : (
        <>{href}</>
      );
    }
    case "email":
      return <a href={`mailto:${String(value)}`}>{String(value)}</a>;
    case "phone":
      return <a href={`tel:${String(value).replace(/[^\d+]/g, "")}`}>{String(value)}</a>;
    case "reference":
      return recordLink(String(value));
    case "referenceMany":
      return <span className="plugin-references">{(Array.isArray(value) ? value : [value]).map((id) => recordLink(String(id)))}</span>;
    case "longText":
      return <span className="plugin-long-text">{String(value)}</span>;
    default:
      return <>{String(value)}</>;
  }
}

/** "已锁定": a record whose `lockedWhen` field is set (a submitted report) can no longer change. */
/** An action's refusal on a plugin record page: the message, then each field's message. */
export function PluginActionError({ error }: { error: { message: string; fields: Record<string, string> } | null | undefined }) {
  if (!error) return null;
  return (
    <div role="alert" className="form-error">
      {error.message}
      {Object.values(error.fields).map((message) => (
        <span key={message}> {message}</span>
      ))}
    </div>
  );
}

export function PluginLockedBadge() {
  const { t } = useTranslation();
  return <span className="badge plugin-badge plugin-badge-locked">{t("pluginRecords.locked.badge")}</span>;
}

/**
 * The records of an object as a table: the columns of `views.list`, the record's title linking to its
 * page (the title field's column when listed, else a first column of its own), then the record's stage
 * in each of the object's pipelines.
 */
export function PluginRecordList({
  object,
  records,
  titles,
  app,
  pipelines = [],
}: {
  object: PluginObject;
  records: ReadonlyArray<PluginRecordView>;
  titles: Record<string, string>;
  app: PluginAppConventions;
  pipelines?: ReadonlyArray<PluginPipeline>;
}) {
  const text = usePluginText();
  const members = objectMembers(object);
  const columns = object.views.list.columns.map((name) => members.get(name)).filter((m): m is PluginMember => m !== undefined);
  const titleListed = columns.some((c) => c.name === object.titleField);
  const titleLabel = text(members.get(object.titleField)?.label ?? object.label);
  const titleCell = (record: PluginRecordView) => (
    <td className="cell-title" data-label={titleLabel}>
      <Link to={app.recordHref(object.name, record.id)}>{record.title}</Link>
      {record.locked ? <PluginLockedBadge /> : null}
    </td>
  );
  return (
    <div className="table-wrap">
      <table className={app.classNames.table}>
        <thead>
          <tr>
            {titleListed ? null : <th scope="col">{titleLabel}</th>}
            {columns.map((column) => (
              <th scope="col" key={column.name}>
                {text(column.label)}
              </th>
            ))}
            {pipelines.map((pipeline) => (
              <th scope="col" key={pipeline.name}>
                {text(pipeline.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr key={record.id} data-record-id={record.id}>
              {titleListed ? null : titleCell(record)}
              {columns.map((column) =>
                column.name === object.titleField ? (
                  <Fragment key={column.name}>{titleCell(record)}</Fragment>
                ) : (
                  <td key={column.name} data-label={text(column.label)} data-field={column.name}>
                    <PluginValue member={column} value={record.values[column.name]} titles={titles} app={app} />
                  </td>
                ),
              )}
              {pipelines.map((pipeline) => (
                <td key={pipeline.name} data-label={text(pipeline.label)} data-pipeline={pipeline.name}>
                  <PluginStageValue pipeline={pipeline} value={record.values[pipeline.name]} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A record's page: one card per `views.detail` section, then the relations no section lists (as
 * links to the related records), then a note when the record is locked.
 */
export function PluginRecordDetail({ object, record, titles, app }: { object: PluginObject; record: PluginRecordView; titles: Record<string, string>; app: PluginAppConventions }) {
  const { t } = useTranslation();
  const text = usePluginText();
  const members = objectMembers(object);
  const listed = new Set(object.views.detail.sections.flatMap((s) => s.fields));
  const unlisted = (object.relations ?? []).filter((r) => !listed.has(r.name)).map((r) => members.get(r.name)!);
  const section = (key: string, title: string, names: ReadonlyArray<PluginMember>) => (
    <section key={key} className={`${app.classNames.card} plugin-section`} aria-label={title}>
      <h2>{title}</h2>
      <dl className={app.classNames.detailList}>
        {names.map((member) => (
          <div key={member.name} className="plugin-detail-row" data-field={member.name}>
            <dt>{text(member.label)}</dt>
            <dd>
              <PluginValue member={member} value={record.values[member.name]} titles={titles} app={app} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
  return (
    <div className="plugin-detail">
      {record.locked ? (
        <p className="plugin-locked-note" role="note">
          <PluginLockedBadge /> {t("pluginRecords.locked.note")}
        </p>
      ) : null}
      {object.views.detail.sections.map((s, i) =>
        section(`section-${i}`, text(s.title), s.fields.map((name) => members.get(name)).filter((m): m is PluginMember => m !== undefined)),
      )}
      {unlisted.length > 0 ? section("relations", t("pluginRecords.detail.related"), unlisted) : null}
    </div>
  );
}

type ControlWiring = { id: string; name: string; "aria-invalid": true | undefined; "aria-describedby": string | undefined; "aria-required": true | undefined };

function FieldControl({ member, error, classNames, children }: { member: PluginMember; error: string | undefined; classNames: FormClassNames; children: (control: ControlWiring) => ReactNode }) {
  const { t } = useTranslation();
  const text = usePluginText();
  const id = `plugin-field-${member.name}`;
  const help = member.computed ? t("pluginRecords.form.computedHint") : member.help ? text(member.help) : "";
  const describedBy = [error ? `${id}-error` : null, help ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  const wiring: ControlWiring = { id, name: member.name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy, "aria-required": member.required ? true : undefined };
  const label = (
    <>
      {text(member.label)}
      {member.required ? (
        <abbr className="plugin-required" title={t("pluginRecords.form.required")}>
          *
        </abbr>
      ) : null}
    </>
  );
  const messages = (
    <>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
      {help ? (
        <p id={`${id}-hint`} className={classNames.hint}>
          {help}
        </p>
      ) : null}
    </>
  );
  const className = `${error ? classNames.fieldWithError : classNames.field} plugin-field`;
  // A yes/no field is one checkbox named by the field; a set of options is a group named by it.
  if (member.type === "boolean" && !member.computed) {
    return (
      <div className={className} data-field={member.name}>
        <span className="plugin-check">
          {children(wiring)}
          <label htmlFor={id}>{label}</label>
        </span>
        {messages}
      </div>
    );
  }
  return (
    <div className={className} data-field={member.name}>
      {member.type === "multiSelect" ? (
        <span className="plugin-field-label" id={`${id}-label`}>
          {label}
        </span>
      ) : (
        <label htmlFor={id}>{label}</label>
      )}
      {children(wiring)}
      {messages}
    </div>
  );
}

function FieldInput({ member, value, control, options }: { member: PluginMember; value: string | string[] | undefined; control: ControlWiring; options: ReadonlyArray<{ id: string; title: string }> | undefined }) {
  const { t } = useTranslation();
  const text = usePluginText();
  const one = typeof value === "string" ? value : "";
  const many = Array.isArray(value) ? value : typeof value === "string" && value ? [value] : [];
  if (member.computed) return <input id={control.id} type="text" value={one} readOnly disabled aria-describedby={control["aria-describedby"]} />;
  switch (member.type) {
    case "longText":
      return <textarea {...control} rows={4} maxLength={member.maxLength ?? 10000} defaultValue={one} />;
    case "integer":
      return <input {...control} type="text" inputMode="numeric" autoComplete="off" defaultValue={one} />;
    case "decimal":
      return <input {...control} type="text" inputMode="decimal" autoComplete="off" defaultValue={one} />;
    case "boolean":
      return <input id={control.id} name={control.name} type="checkbox" value="true" defaultChecked={one === "true"} aria-invalid={control["aria-invalid"]} aria-describedby={control["aria-describedby"]} />;
    case "date":
      return <input {...control} type="date" defaultValue={one} />;
    case "datetime":
      return <input {...control} type="datetime-local" defaultValue={one} />;
    case "select":
      return (
        <select {...control} defaultValue={one}>
          <option value="">{t("pluginRecords.form.choose")}</option>
          {(member.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {text(o.label)}
            </option>
          ))}
          {one && !(member.options ?? []).some((o) => o.value === one) ? <option value={one}>{one}</option> : null}
        </select>
      );
    case "multiSelect":
      return (
        <div className="plugin-choices" role="group" aria-labelledby={`${control.id}-label`} aria-describedby={control["aria-describedby"]}>
          {(member.options ?? []).map((o, i) => (
            <label key={o.value} className="plugin-check">
              <input id={i === 0 ? control.id : undefined} name={control.name} type="checkbox" value={o.value} defaultChecked={many.includes(o.value)} aria-invalid={control["aria-invalid"]} />
              <span>{text(o.label)}</span>
            </label>
          ))}
        </div>
      );
    case "email":
      return <input {...control} type="email" autoComplete="off" defaultValue={one} />;
    case "phone":
      return <input {...control} type="tel" autoComplete="off" defaultValue={one} />;
    case "url":
      return <input {...control} type="url" autoComplete="off" defaultValue={one} />;
    case "reference":
      return options ? (
        <select {...control} defaultValue={one}>
          <option value="">{t("pluginRecords.form.chooseRecord")}</option>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.title}
            </option>
          ))}
        </select>
      ) : (
        <input {...control} type="text" autoComplete="off" spellCheck={false} defaultValue={one} placeholder={t("pluginRecords.form.recordIdPlaceholder")} />
      );
    case "referenceMany":
      return options ? (
        <select {...control} multiple defaultValue={many} size={Math.min(6, Math.max(3, options.length))}>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.title}
            </option>
          ))}
        </select>
      ) : (
        <input {...control} type="text" autoComplete="off" spellCheck={false} defaultValue={many.join(", ")} placeholder={t("pluginRecords.form.recordIdPlaceholder")} />
      );
    default:
      return <input {...control} type="text" maxLength={member.maxLength ?? 500} defaultValue={one} />;
  }
}

/**
 * The form of `views.form`: one control per field type, required marks, the plugin's help text, and
 * each field's translated error under it (core's checks and the plugin's validate hooks answer per
 * field). After a failed save the controls show what the user typed (`values` from the action).
 */
export function PluginRecordForm({
  object,
  values,
  errors,
  formMessage,
  submission,
  options,
  busy,
  submitLabel,
  cancelTo,
  app,
}: {
  object: PluginObject;
  values: PluginFormValues;
  errors: Record<string, string>;
  formMessage: string | undefined;
  /** Changes with every submission, so focus moves to the first invalid field each time. */
  submission: unknown;
  /** Records to choose from for reference fields, by target object (a text box for ids where absent). */
  options: Record<string, ReadonlyArray<{ id: string; title: string }>>;
  busy: boolean;
  submitLabel: string;
  cancelTo: string;
  app: PluginAppConventions;
}) {
  const { t } = useTranslation();
  const members = objectMembers(object);
  const shown = object.views.form.fields.map((name) => members.get(name)).filter((m): m is PluginMember => m !== undefined);
  const unplaced = Object.keys(errors).filter((path) => !shown.some((m) => m.name === path));
  const alert = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!formMessage || !alert.current) return;
    const invalid = alert.current.closest("form")?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? alert.current).focus();
  }, [formMessage, submission]);
  return (
    <Form method="post" noValidate className={`${app.classNames.card} plugin-form`} aria-busy={busy}>
      {formMessage ? (
        <div role="alert" className="form-error" ref={alert} tabIndex={-1}>
          {formMessage}
          {unplaced.map((path) => (
            <span key={path}> {errors[path]}</span>
          ))}
        </div>
      ) : null}
      {shown.map((member) => (
        <FieldControl key={member.name} member={member} error={errors[member.name]} classNames={app.classNames}>
          {(control) => <FieldInput member={member} value={values[member.name]} control={control} options={member.reference ? options[member.reference] : undefined} />}
        </FieldControl>
      ))}
      <div className={app.classNames.actions}>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("pluginRecords.form.saving") : submitLabel}
        </button>
        <Link to={cancelTo} className="button">
          {t("common.actions.cancel")}
        </Link>
      </div>
    </Form>
  );
}
