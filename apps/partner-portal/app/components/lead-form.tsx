import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DISQUALIFY_REASONS, LEAD_STATUSES } from "@qudao/core/schemas";
import { DuplicateWarning, useDuplicateCheck } from "~/components/duplicate-warning";
import { Field, FormError } from "~/components/form-field";

export const LEAD_CREATE_FIELDS = ["name", "company", "phone", "email", "source", "notes", "assigneeId"] as const;
export const LEAD_EDIT_FIELDS = [...LEAD_CREATE_FIELDS, "status", "disqualifyReason", "statusReason"] as const;
export type LeadFormField = (typeof LEAD_EDIT_FIELDS)[number];

export type LeadFormProps = {
  mode: "create" | "edit";
  values: Partial<Record<LeadFormField, string | null>>;
  fieldErrors: Record<string, string>;
  formError?: string | undefined;
  /** The action result, so focus moves to the first error after every failed submission. */
  submission?: unknown;
  /** Null for reps: they cannot assign, so they see no select. */
  assignees: Array<{ id: string; name: string }> | null;
  busy: boolean;
  /** The lead being edited (not its own duplicate). */
  leadId?: string;
};

/** The lead fields shared by /leads/new and /leads/:id. Server-side validation only (noValidate). */
export function LeadForm({ mode, values, fieldErrors, formError, submission, assignees, busy, leadId }: LeadFormProps) {
  const { t } = useTranslation();
  const duplicates = useDuplicateCheck(leadId);
  const form = mode === "create" ? "lead-new" : "lead-edit";
  const value = (name: LeadFormField) => values[name] ?? "";
  return (
    <Form method="post" noValidate className="card lead-form" aria-busy={busy} onChange={duplicates.onChange}>
      <FormError message={formError} submission={submission} />
      <div className="form-grid">
        <Field form={form} name="name" label={t("portal.leadForm.fields.name")} error={fieldErrors.name} required>
          {(control) => <input {...control} type="text" autoComplete="off" maxLength={200} defaultValue={value("name")} />}
        </Field>
        <Field form={form} name="company" label={t("portal.leadForm.fields.company")} error={fieldErrors.company}>
          {(control) => <input {...control} type="text" autoComplete="organization" defaultValue={value("company")} />}
        </Field>
        <Field form={form} name="phone" label={t("portal.leadForm.fields.phone")} error={fieldErrors.phone}>
          {(control) => <input {...control} type="tel" inputMode="tel" autoComplete="off" defaultValue={value("phone")} />}
        </Field>
        <Field form={form} name="email" label={t("portal.leadForm.fields.email")} error={fieldErrors.email}>
          {(control) => <input {...control} type="email" inputMode="email" autoComplete="off" defaultValue={value("email")} />}
        </Field>
        <Field
          form={form}
          name="source"
          label={t("portal.leadForm.fields.source")}
          error={fieldErrors.source}
          hint={t("portal.leadForm.hints.source")}
        >
          {(control) => <input {...control} type="text" defaultValue={value("source")} />}
        </Field>
        {assignees ? (
          <Field
            form={form}
            name="assigneeId"
            label={t("portal.leadForm.fields.assignee")}
            error={fieldErrors.assigneeId}
            hint={t("portal.leadForm.hints.assignee")}
          >
            {(control) => (
              <select {...control} defaultValue={value("assigneeId")}>
                {mode === "edit" ? <option value="">{t("portal.leadForm.unassigned")}</option> : null}
                {assignees.map((user) => (
                  <option key={user.id} value={user.id}>
                    {user.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {mode === "edit" ? (
          <>
            <Field form={form} name="status" label={t("portal.leadForm.fields.status")} error={fieldErrors.status}>
              {(control) => (
                <select {...control} defaultValue={value("status")}>
                  {/* "Converted" is reached through conversion (it registers the customer), not chosen here. */}
                  {LEAD_STATUSES.filter((status) => status !== "converted" || value("status") === "converted").map((status) => (
                    <option key={status} value={status}>
                      {t(`common.leadStatus.${status}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              form={form}
              name="disqualifyReason"
              label={t("work.portal.disqualify.reason")}
              error={fieldErrors.disqualifyReason}
              hint={t("work.portal.disqualify.hint")}
            >
              {(control) => (
                <select {...control} defaultValue={value("disqualifyReason")}>
                  <option value="">{t("work.portal.disqualify.choose")}</option>
                  {DISQUALIFY_REASONS.map((reason) => (
                    <option key={reason} value={reason}>
                      {t(`work.lead.disqualifyReason.${reason}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              form={form}
              name="statusReason"
              label={t("portal.leadForm.fields.statusReason")}
              error={fieldErrors.statusReason}
              hint={t("portal.leadForm.hints.statusReason")}
            >
              {(control) => <input {...control} type="text" defaultValue={value("statusReason")} />}
            </Field>
          </>
        ) : null}
      </div>
      <DuplicateWarning found={duplicates.found} />
      <Field form={form} name="notes" label={t("portal.leadForm.fields.notes")} error={fieldErrors.notes}>
        {(control) => <textarea {...control} rows={4} defaultValue={value("notes")} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("portal.form.saving") : t(mode === "create" ? "portal.leadForm.submitCreate" : "portal.leadForm.submitSave")}
        </button>
        <Link to="/leads" className="button">
          {t("common.actions.cancel")}
        </Link>
      </div>
    </Form>
  );
}
