/**
 * The structured rule form: trigger, condition rows, action rows. The browser keeps the rows in
 * state and submits the whole rule as JSON (`rule`); core validates it and answers per field path
 * (`conditions.0.value`), which is shown under that control.
 *
 * Shared by the platform console and the partner portal. The markup is the same in both; only the
 * CSS class names of each app's form conventions differ, so the app passes its own `classNames`.
 */
import { Form, Link } from "@remix-run/react";
import { createContext, useContext, useId, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { pluginTriggerNames, type RulePluginTrigger } from "./automation-labels.tsx";
import { usePluginText, type LocalizedText } from "./plugin-texts.ts";

/** A trigger a plugin installed for the tenant offers: labels from its manifest, the payload fields conditions may test. */
export type CatalogPluginTrigger = {
  event: string;
  name: string;
  pluginId: string;
  pluginName: LocalizedText;
  label: LocalizedText;
  fields: Array<{ name: string; type: string; label: LocalizedText }>;
};

export type RuleCatalog = {
  events: Array<{ event: string; fields: string[]; provides: string[] }>;
  pluginTriggers: CatalogPluginTrigger[];
  scheduleSubjects: string[];
  fields: Array<{ field: string; entity: string; kind: string }>;
  ops: string[];
  strategies: string[];
  actionTypes: string[];
  taskTitleKeys: string[];
  messageKeys: string[];
  tags: Array<{ id: string; name: string; platform: boolean }>;
  users: Array<{ id: string; name: string; role: string }>;
  timeZone: string;
};

/** The class names of an app's form markup (each app's stylesheet defines its own). */
export type FormClassNames = {
  /** A labelled control's wrapper. */
  field: string;
  /** The same wrapper while the control shows an error. */
  fieldWithError: string;
  /** The hint under a control or a section legend. */
  hint: string;
  /** The row of submit / cancel buttons. */
  actions: string;
};

// RuleEditor provides its `classNames` to every Control it renders (there is no other place a Control is used).
const ClassNames = createContext<FormClassNames>({ field: "field", fieldWithError: "field", hint: "hint", actions: "actions" });

type Assignee = { strategy: string; userId?: string };
type Label = { kind: "text"; text: string } | { kind: "key"; key: string };
export type RuleValue = {
  name: string;
  enabled: boolean;
  trigger: { type: "event"; event: string } | { type: "schedule"; cron: string; subject: string } | null;
  /** A saved rule's plugin trigger (names it while its plugin is not installed). */
  pluginTrigger?: RulePluginTrigger | null;
  conditions: Array<{ field: string; op: string; value?: unknown }>;
  actions: Array<
    | { type: "create_task"; title: Label; assignee: Assignee; dueInHours: number | null }
    | { type: "notify"; recipients: Assignee; message: Label }
    | { type: "add_tag"; tagId: string }
    | { type: "assign"; target: string; assignee: Assignee }
  >;
};

type ConditionRow = { key: string; field: string; op: string; value: string };
type ActionRow = {
  key: string;
  type: string;
  labelKind: "key" | "text";
  labelKey: string;
  text: string;
  strategy: string;
  userId: string;
  dueInHours: string;
  tagId: string;
  target: string;
};

let rowCounter = 0;
const rowKey = () => `row-${++rowCounter}`;

const PLACEHOLDERS = { customerName: "…", opportunityName: "…", leadName: "…", ruleName: "…", text: "…" };

function conditionRow(condition?: RuleValue["conditions"][number]): ConditionRow {
  const value = condition?.value;
  return {
    key: rowKey(),
    field: condition?.field ?? "",
    op: condition?.op ?? "eq",
    value: Array.isArray(value) ? value.join(", ") : value === undefined || value === null ? (condition?.op === "exists" ? "true" : "") : String(value),
  };
}

function actionRow(catalog: RuleCatalog, action?: RuleValue["actions"][number]): ActionRow {
  const row: ActionRow = {
    key: rowKey(),
    type: action?.type ?? "create_task",
    labelKind: "key",
    labelKey: catalog.taskTitleKeys[0] ?? "",
    text: "",
    strategy: "most_recent_rep",
    userId: "",
    dueInHours: "24",
    tagId: "",
    target: "lead",
  };
  if (!action) return row;
  if (action.type === "create_task") {
    Object.assign(row, { strategy: action.assignee.strategy, userId: action.assignee.userId ?? "", dueInHours: action.dueInHours === null ? "" : String(action.dueInHours) });
    if (action.title.kind === "key") Object.assign(row, { labelKind: "key", labelKey: action.title.key });
    else Object.assign(row, { labelKind: "text", text: action.title.text });
  } else if (action.type === "notify") {
    Object.assign(row, { strategy: action.recipients.strategy, userId: action.recipients.userId ?? "" });
    if (action.message.kind === "key") Object.assign(row, { labelKind: "key", labelKey: action.message.key });
    else Object.assign(row, { labelKind: "text", text: action.message.text });
  } else if (action.type === "add_tag") {
    row.tagId = action.tagId;
  } else {
    Object.assign(row, { target: action.target, strategy: action.assignee.strategy, userId: action.assignee.userId ?? "" });
  }
  return row;
}

/** What the rows mean as core's rule input. Values are sent as typed; core says what is wrong with them. */
function toInput(state: { name: string; enabled: boolean; triggerType: string; event: string; cron: string; subject: string; conditions: ConditionRow[]; actions: ActionRow[] }) {
  const assignee = (row: ActionRow) => (row.strategy === "user" ? { strategy: "user", userId: row.userId } : { strategy: row.strategy });
  const label = (row: ActionRow) => (row.labelKind === "text" ? { kind: "text", text: row.text } : { kind: "key", key: row.labelKey });
  return {
    name: state.name,
    enabled: state.enabled,
    trigger: state.triggerType === "schedule" ? { type: "schedule", cron: state.cron, subject: state.subject } : { type: "event", event: state.event },
    conditions: state.conditions.map((row) => {
      const value =
        row.op === "exists"
          ? row.value !== "false"
          : row.op === "in"
          ? row.value
              .split(/[,，、]/)
              .map((v) => v.trim())
              .filter(Boolean)
          : row.value.trim();
      return { field: row.field, op: row.op, value };
    }),
    actions: state.actions.map((row) => {
      switch (row.type) {
        case "notify":
          return { type: "notify", recipients: assignee(row), message: label(row) };
        case "add_tag":
          return { type: "add_tag", tagId: row.tagId };
        case "assign":
          return { type: "assign", target: row.target, assignee: assignee(row) };
        default: {
          const hours = row.dueInHours.trim();
          return { type: "create_task", title: label(row), assignee: assignee(row), dueInHours: hours === "" ? null : /^\d+$/.test(hours) ? Number(hours) : hours };
        }
      }
    }),
  };
}

function Control({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  children: (props: { id: string; "aria-invalid": true | undefined; "aria-describedby": string | undefined }) => ReactNode;
}) {
  const id = useId();
  const classNames = useContext(ClassNames);
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? classNames.fieldWithError : classNames.field}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint ? (
        <p id={`${id}-hint`} className={classNames.hint}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function RuleEditor({
  catalog,
  initial,
  errors,
  formMessage,
  busy,
  readOnly,
  cancelTo,
  classNames,
}: {
  catalog: RuleCatalog;
  initial: RuleValue | null;
  errors: Record<string, string>;
  formMessage: string | undefined;
  busy: boolean;
  readOnly: boolean;
  cancelTo: string;
  classNames: FormClassNames;
}) {
  const { t, i18n } = useTranslation();
  const pluginText = usePluginText();
  const firstEvent = catalog.events[0]?.event ?? "";
  const [name, setName] = useState(initial?.name ?? "");
  const [enabled, setEnabled] = useState(initial?.enabled ?? true);
  const [triggerType, setTriggerType] = useState<string>(initial?.trigger?.type ?? "event");
  const [event, setEvent] = useState(initial?.trigger?.type === "event" ? initial.trigger.event : firstEvent);
  const [cron, setCron] = useState(initial?.trigger?.type === "schedule" ? initial.trigger.cron : "0 9 * * 1");
  const [subject, setSubject] = useState(initial?.trigger?.type === "schedule" ? initial.trigger.subject : catalog.scheduleSubjects[0] ?? "customer");
  const [conditions, setConditions] = useState<ConditionRow[]>(() => (initial?.conditions ?? []).map(conditionRow));
  const [actions, setActions] = useState<ActionRow[]>(() => (initial?.actions.length ? initial.actions.map((a) => actionRow(catalog, a)) : [actionRow(catalog)]));

  const rule = toInput({ name, enabled, triggerType, event, cron, subject, conditions, actions });
  const coreEvent = catalog.events.find((e) => e.event === event);
  const pluginTrigger = coreEvent ? undefined : catalog.pluginTriggers.find((p) => p.event === event);
  // A saved rule's plugin trigger whose plugin is not installed now: kept, shown, but it cannot fire.
  const unavailableEvent = triggerType === "event" && event !== "" && !coreEvent && !pluginTrigger ? event : null;
  const eventFields = triggerType === "event" ? coreEvent?.fields ?? pluginTrigger?.fields.map((f) => f.name) ?? [] : [];
  const eventFieldLabel = (name: string) => {
    const declared = pluginTrigger?.fields.find((f) => f.name === name);
    return declared ? pluginText(declared.label) : t(`automation.eventField.${name}`);
  };
  const fieldLabel = (field: string) => (field.startsWith("event.") ? t("automation.field.eventPrefix", { field: eventFieldLabel(field.slice(6)) }) : t(`automation.field.${field}`));
  const pluginGroups = catalog.pluginTriggers.reduce<Array<{ pluginId: string; pluginName: LocalizedText; triggers: CatalogPluginTrigger[] }>>((groups, trigger) => {
    const group = groups.find((g) => g.pluginId === trigger.pluginId);
    if (group) group.triggers.push(trigger);
    else groups.push({ pluginId: trigger.pluginId, pluginName: trigger.pluginName, triggers: [trigger] });
    return groups;
  }, []);
  const unavailableLabel = (value: string) => {
    const saved = initial?.pluginTrigger && initial.trigger?.type === "event" && initial.trigger.event === value ? initial.pluginTrigger : null;
    const names = saved ? pluginTriggerNames(saved, value, i18n.language) : { label: value, plugin: "" };
    return t("automationPlugins.ui.unavailableOption", { label: names.plugin ? `${names.label} · ${names.plugin}` : names.label });
  };
  const coreOptions = catalog.events.map((e) => (
    <option key={e.event} value={e.event}>
      {t(`automation.event.${e.event}`)}
    </option>
  ));
  const updateCondition = (key: string, patch: Partial<ConditionRow>) => setConditions((rows) => rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const updateAction = (key: string, patch: Partial<ActionRow>) =>
    setActions((rows) =>
      rows.map((r) => {
        if (r.key !== key) return r;
        const next = { ...r, ...patch };
        // A new action type starts from that type's first built-in text.
        if (patch.type && patch.type !== r.type) {
          next.labelKind = "key";
          next.labelKey = patch.type === "notify" ? catalog.messageKeys[0] ?? "" : catalog.taskTitleKeys[0] ?? "";
        }
        return next;
      })
    );
  const placed = new Set<string>();
  const err = (path: string) => {
    placed.add(path);
    return errors[path];
  };
  const strategySelect = (row: ActionRow, i: number, base: string, label: string) => (
    <>
      <Control label={label} error={err(`actions.${i}.${base}.strategy`)}>
        {(p) => (
          <select {...p} name={`actions.${i}.${base}.strategy`} value={row.strategy} onChange={(e) => updateAction(row.key, { strategy: e.target.value })} disabled={readOnly}>
            {catalog.strategies.map((s) => (
              <option key={s} value={s}>
                {t(`automation.strategy.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Control>
      {row.strategy === "user" ? (
        <Control label={t("automation.ui.form.user")} error={err(`actions.${i}.${base}.userId`)}>
          {(p) => (
            <select {...p} name={`actions.${i}.${base}.userId`} value={row.userId} onChange={(e) => updateAction(row.key, { userId: e.target.value })} disabled={readOnly}>
              <option value="">{t("automation.ui.form.choose")}</option>
              {catalog.users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} · {t(`common.membershipRole.${u.role}`)}
                </option>
              ))}
            </select>
          )}
        </Control>
      ) : null}
    </>
  );
  const labelFields = (row: ActionRow, i: number, base: "title" | "message", keys: string[], i18nBase: string) => (
    <>
      <Control label={t(base === "title" ? "automation.ui.form.titleKind" : "automation.ui.form.messageKind")} error={err(`actions.${i}.${base}.kind`)}>
        {(p) => (
          <select {...p} value={row.labelKind} onChange={(e) => updateAction(row.key, { labelKind: e.target.value as "key" | "text" })} disabled={readOnly}>
            <option value="key">{t("automation.ui.form.builtInText")}</option>
            <option value="text">{t("automation.ui.form.ownText")}</option>
          </select>
        )}
      </Control>
      {row.labelKind === "key" ? (
        <Control label={t("automation.ui.form.builtInText")} error={err(`actions.${i}.${base}.key`)}>
          {(p) => (
            <select {...p} name={`actions.${i}.${base}.key`} value={row.labelKey} onChange={(e) => updateAction(row.key, { labelKey: e.target.value })} disabled={readOnly}>
              {keys.map((k) => (
                <option key={k} value={k}>
                  {t(`${i18nBase}.${k}`, PLACEHOLDERS)}
                </option>
              ))}
            </select>
          )}
        </Control>
      ) : (
        <Control label={t("automation.ui.form.text")} error={err(`actions.${i}.${base}.text`)}>
          {(p) => (
            <input {...p} name={`actions.${i}.${base}.text`} type="text" maxLength={200} value={row.text} onChange={(e) => updateAction(row.key, { text: e.target.value })} disabled={readOnly} />
          )}
        </Control>
      )}
    </>
  );

  const body = (
    <>
      <Control label={t("automation.ui.form.name")} error={err("name")}>
        {(p) => <input {...p} name="name" type="text" maxLength={120} value={name} onChange={(e) => setName(e.target.value)} disabled={readOnly} required />}
      </Control>
      <label className="choice">
        <input type="checkbox" name="enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} disabled={readOnly} /> {t("automation.ui.form.enabled")}
      </label>

      <fieldset className="rule-section">
        <legend>{t("automation.ui.form.triggerLegend")}</legend>
        <div className="choices">
          {(["event", "schedule"] as const).map((type) => (
            <label key={type} className="choice">
              <input type="radio" name="triggerType" value={type} checked={triggerType === type} onChange={() => setTriggerType(type)} disabled={readOnly} />{" "}
              {t(`automation.ui.form.triggerType.${type}`)}
            </label>
          ))}
        </div>
        {triggerType === "event" ? (
          <Control label={t("automation.ui.form.event")} error={err("trigger.event")} hint={unavailableEvent ? t("automationPlugins.ui.unavailableHint") : undefined}>
            {(p) => (
              <select {...p} name="trigger.event" value={event} onChange={(e) => setEvent(e.target.value)} disabled={readOnly}>
                {pluginGroups.length === 0 && !unavailableEvent ? coreOptions : <optgroup label={t("automationPlugins.ui.coreEvents")}>{coreOptions}</optgroup>}
                {pluginGroups.map((group) => (
                  <optgroup key={group.pluginId} label={t("automationPlugins.ui.pluginGroup", { name: pluginText(group.pluginName) })}>
                    {group.triggers.map((trigger) => (
                      <option key={trigger.event} value={trigger.event}>
                        {pluginText(trigger.label)}
                      </option>
                    ))}
                  </optgroup>
                ))}
                {unavailableEvent ? <option value={unavailableEvent}>{unavailableLabel(unavailableEvent)}</option> : null}
              </select>
            )}
          </Control>
        ) : (
          <div className="rule-row">
            <Control label={t("automation.ui.form.cron")} error={err("trigger.cron")} hint={t("automation.ui.form.cronHint", { timeZone: catalog.timeZone })}>
              {(p) => <input {...p} name="trigger.cron" type="text" value={cron} onChange={(e) => setCron(e.target.value)} disabled={readOnly} spellCheck={false} autoComplete="off" />}
            </Control>
            <Control label={t("automation.ui.form.subject")} error={err("trigger.subject")}>
              {(p) => (
                <select {...p} name="trigger.subject" value={subject} onChange={(e) => setSubject(e.target.value)} disabled={readOnly}>
                  {catalog.scheduleSubjects.map((s) => (
                    <option key={s} value={s}>
                      {t(`automation.scheduleSubject.${s}`)}
                    </option>
                  ))}
                </select>
              )}
            </Control>
          </div>
        )}
      </fieldset>

      <fieldset className="rule-section">
        <legend>{t("automation.ui.form.conditionsLegend")}</legend>
        <p className={classNames.hint}>{t("automation.ui.form.conditionsHint")}</p>
        {err("conditions") ? <p className="field-error">{errors.conditions}</p> : null}
        {conditions.map((row, i) => (
          <div className="rule-row" key={row.key} data-testid="condition-row">
            <Control label={t("automation.ui.form.field")} error={err(`conditions.${i}.field`)}>
              {(p) => (
                <select {...p} name={`conditions.${i}.field`} value={row.field} onChange={(e) => updateCondition(row.key, { field: e.target.value })} disabled={readOnly}>
                  <option value="">{t("automation.ui.form.choose")}</option>
                  {catalog.fields.map((f) => (
                    <option key={f.field} value={f.field}>
                      {fieldLabel(f.field)}
                    </option>
                  ))}
                  {eventFields.map((f) => (
                    <option key={f} value={`event.${f}`}>
                      {fieldLabel(`event.${f}`)}
                    </option>
                  ))}
                  {row.field && !catalog.fields.some((f) => f.field === row.field) && !eventFields.some((f) => `event.${f}` === row.field) ? <option value={row.field}>{row.field}</option> : null}
                </select>
              )}
            </Control>
            <Control label={t("automation.ui.form.op")} error={err(`conditions.${i}.op`)}>
              {(p) => (
                <select
                  {...p}
                  name={`conditions.${i}.op`}
                  value={row.op}
                  onChange={(e) => updateCondition(row.key, { op: e.target.value, ...(e.target.value === "exists" ? { value: "true" } : {}) })}
                  disabled={readOnly}
                >
                  {catalog.ops.map((op) => (
                    <option key={op} value={op}>
                      {t(`automation.op.${op}`)}
                    </option>
                  ))}
                </select>
              )}
            </Control>
            <Control label={t("automation.ui.form.value")} error={err(`conditions.${i}.value`)}>
              {(p) =>
                row.op === "exists" ? (
                  <select
                    {...p}
                    name={`conditions.${i}.value`}
                    value={row.value === "false" ? "false" : "true"}
                    onChange={(e) => updateCondition(row.key, { value: e.target.value })}
                    disabled={readOnly}
                  >
                    <option value="true">{t("automation.ui.form.yes")}</option>
                    <option value="false">{t("automation.ui.form.no")}</option>
                  </select>
                ) : (
                  <input {...p} name={`conditions.${i}.value`} type="text" value={row.value} onChange={(e) => updateCondition(row.key, { value: e.target.value })} disabled={readOnly} />
                )
              }
            </Control>
            {readOnly ? null : (
              <button type="button" className="link" onClick={() => setConditions((rows) => rows.filter((r) => r.key !== row.key))}>
                {t("automation.ui.form.removeCondition")}
              </button>
            )}
          </div>
        ))}
        {readOnly ? null : (
          <button type="button" onClick={() => setConditions((rows) => [...rows, conditionRow()])}>
            {t("automation.ui.form.addCondition")}
          </button>
        )}
      </fieldset>

      <fieldset className="rule-section">
        <legend>{t("automation.ui.form.actionsLegend")}</legend>
        {err("actions") ? <p className="field-error">{errors.actions}</p> : null}
        {actions.map((row, i) => (
          <div className="rule-row" key={row.key} data-testid="action-row">
            <Control label={t("automation.ui.form.actionType")} error={err(`actions.${i}.type`)}>
              {(p) => (
                <select {...p} name={`actions.${i}.type`} value={row.type} onChange={(e) => updateAction(row.key, { type: e.target.value })} disabled={readOnly}>
                  {catalog.actionTypes.map((type) => (
                    <option key={type} value={type}>
                      {t(`automation.actionType.${type}`)}
                    </option>
                  ))}
                </select>
              )}
            </Control>
            {row.type === "create_task" ? (
              <>
                {labelFields(row, i, "title", catalog.taskTitleKeys, "automation.task")}
                {strategySelect(row, i, "assignee", t("automation.ui.form.assignee"))}
                <Control label={t("automation.ui.form.dueInHours")} error={err(`actions.${i}.dueInHours`)}>
                  {(p) => (
                    <input
                      {...p}
                      name={`actions.${i}.dueInHours`}
                      type="number"
                      inputMode="numeric"
                      min={1}
                      max={8760}
                      step={1}
                      value={row.dueInHours}
                      onChange={(e) => updateAction(row.key, { dueInHours: e.target.value })}
                      disabled={readOnly}
                    />
                  )}
                </Control>
              </>
            ) : null}
            {row.type === "notify" ? (
              <>
                {strategySelect(row, i, "recipients", t("automation.ui.form.recipients"))}
                {labelFields(row, i, "message", catalog.messageKeys, "automation.message")}
              </>
            ) : null}
            {row.type === "add_tag" ? (
              <Control label={t("automation.ui.form.tag")} error={err(`actions.${i}.tagId`)} hint={catalog.tags.length === 0 ? t("automation.ui.form.noTags") : undefined}>
                {(p) => (
                  <select {...p} name={`actions.${i}.tagId`} value={row.tagId} onChange={(e) => updateAction(row.key, { tagId: e.target.value })} disabled={readOnly}>
                    <option value="">{t("automation.ui.form.choose")}</option>
                    {catalog.tags.map((tag) => (
                      <option key={tag.id} value={tag.id}>
                        {tag.platform ? t("automation.ui.form.platformTag", { name: tag.name }) : tag.name}
                      </option>
                    ))}
                  </select>
                )}
              </Control>
            ) : null}
            {row.type === "assign" ? (
              <>
                <Control label={t("automation.ui.form.target")} error={err(`actions.${i}.target`)}>
                  {(p) => (
                    <select {...p} name={`actions.${i}.target`} value={row.target} onChange={(e) => updateAction(row.key, { target: e.target.value })} disabled={readOnly}>
                      {(["lead", "opportunity"] as const).map((target) => (
                        <option key={target} value={target}>
                          {t(`automation.target.${target}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </Control>
                {strategySelect(row, i, "assignee", t("automation.ui.form.assignee"))}
              </>
            ) : null}
            {readOnly || actions.length === 1 ? null : (
              <button type="button" className="link" onClick={() => setActions((rows) => rows.filter((r) => r.key !== row.key))}>
                {t("automation.ui.form.removeAction")}
              </button>
            )}
          </div>
        ))}
        {readOnly ? null : (
          <button type="button" onClick={() => setActions((rows) => [...rows, actionRow(catalog)])}>
            {t("automation.ui.form.addAction")}
          </button>
        )}
      </fieldset>
    </>
  );

  const unplaced = Object.keys(errors).filter((path) => !placed.has(path));
  return (
    <ClassNames.Provider value={classNames}>
      {readOnly ? (
        <div className="card rule-editor">{body}</div>
      ) : (
        <Form method="post" noValidate className="card rule-editor" aria-busy={busy}>
          {formMessage ? (
            <p role="alert" className="form-error">
              {formMessage}
              {unplaced.map((path) => (
                <span key={path}> {errors[path]}</span>
              ))}
            </p>
          ) : null}
          <input type="hidden" name="rule" value={JSON.stringify(rule)} />
          {body}
          <div className={classNames.actions}>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t("automation.ui.form.saving") : t("automation.ui.form.save")}
            </button>
            <Link to={cancelTo} className="button">
              {t("automation.ui.form.cancel")}
            </Link>
          </div>
        </Form>
      )}
    </ClassNames.Provider>
  );
}
