/**
 * The task fields shared by /tasks/new and /tasks/:id. Core validates on the server (every message
 * under its field); the browser also checks, as soon as a field is left (and then as it changes), what
 * it can know alone: a title, date-times it can read, and a reminder not after the due time.
 */
import { Form, Link } from "@remix-run/react";
import { useState, type FocusEvent, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { localDateTimeToInstant, timingProblems } from "@qudao/core/schemas";
import { Field, FormError } from "~/components/form-field";
import { useDisplayTimeZone } from "~/date-format";

export const TASK_FIELDS = ["title", "notes", "dueAt", "remindAt", "assigneeId", "leadId", "customerId", "opportunityId"] as const;
export type TaskFormField = (typeof TASK_FIELDS)[number];

type Problems = Partial<Record<TaskFormField, string>>;

/** What the browser can tell about the form on its own (keys of messages, not messages). */
function localProblems(form: HTMLFormElement, timeZone: string): Problems {
  const read = (name: TaskFormField) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? "";
  const problems: Problems = {};
  if (read("title").trim() === "") problems.title = "errors.field.required";
  const instant = (name: "dueAt" | "remindAt") => {
    const value = read(name);
    if (value === "") return null;
    const at = localDateTimeToInstant(value, timeZone);
    if (!at) problems[name] = "errors.field.invalid";
    return at;
  };
  const dueAt = instant("dueAt");
  const remindAt = instant("remindAt");
  for (const problem of timingProblems({ remindAt, dueAt })) problems[problem.path as TaskFormField] = problem.message;
  return problems;
}

export function TaskForm(props: {
  mode: "create" | "edit";
  values: Partial<Record<TaskFormField, string | null>>;
  /** Extra hidden fields for the route's action (e.g. the title as loaded). */
  hidden?: Record<string, string>;
  fieldErrors: Record<string, string>;
  formError?: string | undefined;
  submission?: unknown;
  /** Null for reps: a task of theirs is theirs. */
  assignees: Array<{ id: string; name: string }> | null;
  backTo: string;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const timeZone = useDisplayTimeZone();
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [local, setLocal] = useState<Problems>({});
  const form = props.mode === "create" ? "task-new" : "task-edit";
  const value = (name: TaskFormField) => props.values[name] ?? "";
  // A field's own check once it was left; the server's answer until the field is edited again.
  const errorOf = (name: TaskFormField) => (touched.has(name) && local[name] ? t(local[name]!) : touched.has(name) ? undefined : props.fieldErrors[name]);
  const onBlur = (event: FocusEvent<HTMLFormElement>) => {
    const name = (event.target as Element).getAttribute("name");
    if (!name) return;
    setTouched((before) => new Set(before).add(name).add(name === "dueAt" ? "remindAt" : name));
    setLocal(localProblems(event.currentTarget, timeZone));
  };
  // A field already checked is checked again as it changes, so a fixed mistake clears before the next tap.
  const onChange = (event: FormEvent<HTMLFormElement>) => {
    const name = (event.target as Element).getAttribute("name");
    if (name && touched.has(name)) setLocal(localProblems(event.currentTarget, timeZone));
  };
  return (
    <Form method="post" noValidate className="card" aria-busy={props.busy} onBlur={onBlur} onChange={onChange}>
      <FormError message={props.formError} submission={props.submission} />
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {(["leadId", "customerId", "opportunityId"] as const).map((name) =>
        props.values[name] ? <input key={name} type="hidden" name={name} value={props.values[name]!} /> : null,
      )}
      <Field form={form} name="title" label={t("work.portal.taskForm.fields.title")} error={errorOf("title")} required>
        {(control) => <input {...control} type="text" maxLength={200} autoComplete="off" placeholder={t("work.portal.taskForm.titlePlaceholder")} defaultValue={value("title")} />}
      </Field>
      <div className="form-grid">
        <Field form={form} name="dueAt" label={t("work.portal.taskForm.fields.dueAt")} error={errorOf("dueAt")} hint={t("work.portal.taskForm.hints.dueAt", { timeZone })}>
          {(control) => <input {...control} type="datetime-local" defaultValue={value("dueAt")} />}
        </Field>
        <Field form={form} name="remindAt" label={t("work.portal.taskForm.fields.remindAt")} error={errorOf("remindAt")} hint={t("work.portal.taskForm.hints.remindAt")}>
          {(control) => <input {...control} type="datetime-local" defaultValue={value("remindAt")} />}
        </Field>
        {props.assignees ? (
          <Field form={form} name="assigneeId" label={t("work.portal.taskForm.fields.assignee")} error={errorOf("assigneeId")} hint={t("work.portal.taskForm.hints.assignee")}>
            {(control) => (
              <select {...control} defaultValue={value("assigneeId")}>
                {props.assignees!.map((user) => (
                  <option key={user.id} value={user.id}>
                    {user.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
      </div>
      <Field form={form} name="notes" label={t("work.portal.taskForm.fields.notes")} error={errorOf("notes")}>
        {(control) => <textarea {...control} rows={3} maxLength={4000} defaultValue={value("notes")} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="primary" name="intent" value="save" disabled={props.busy}>
          {props.busy ? t("portal.form.saving") : t(props.mode === "create" ? "work.portal.taskForm.submitCreate" : "work.portal.taskForm.submitSave")}
        </button>
        <Link to={props.backTo} className="button">
          {t("common.actions.cancel")}
        </Link>
      </div>
    </Form>
  );
}
