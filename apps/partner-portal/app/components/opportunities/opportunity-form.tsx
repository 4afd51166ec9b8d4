import { Form, Link } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Field, FormError } from "~/components/form-field";

export const OPPORTUNITY_CREATE_FIELDS = ["name", "amount", "expectedCloseDate", "pipelineId", "stageId", "customerId", "ownerId", "lostReason"] as const;
export const OPPORTUNITY_EDIT_FIELDS = ["name", "amount", "expectedCloseDate", "customerId", "ownerId", "lostReason"] as const;
export type OpportunityFormField = (typeof OPPORTUNITY_CREATE_FIELDS)[number];

type Option = { id: string; name: string };
export type PipelineOption = Option & { stages: Array<Option & { kind: "open" | "won" | "lost" }> };

export type OpportunityFormProps = {
  mode: "create" | "edit";
  values: Partial<Record<OpportunityFormField, string | null>>;
  fieldErrors: Record<string, string>;
  formError?: string | undefined;
  submission?: unknown;
  /** Create only: the pipelines a new deal may go to, with their stages. */
  pipelines?: PipelineOption[];
  customers: Option[];
  /** Null for reps: they cannot hand a deal to someone else. */
  owners: Option[] | null;
  /** Edit only: the deal is lost, so its reason can be edited. */
  lost?: boolean;
  busy: boolean;
  cancelTo: string;
};

/**
 * The opportunity fields shared by /opportunities/new and the detail page. Validation happens in core
 * (noValidate): every problem comes back under its field, in the user's language.
 */
export function OpportunityForm(props: OpportunityFormProps) {
  const { t } = useTranslation();
  const form = props.mode === "create" ? "opportunity-new" : "opportunity-edit";
  const value = (name: OpportunityFormField) => props.values[name] ?? "";
  const [pipelineId, setPipelineId] = useState(value("pipelineId") || props.pipelines?.[0]?.id || "");
  const [stageId, setStageId] = useState(value("stageId"));
  const pipeline = props.pipelines?.find((p) => p.id === pipelineId) ?? props.pipelines?.[0];
  const stageKind = pipeline?.stages.find((s) => s.id === stageId)?.kind;
  // The empty choice is the pipeline's first open stage, where core starts a deal by default.
  const firstOpen = pipeline?.stages.find((s) => s.kind === "open");
  const showLostReason = props.mode === "create" ? stageKind === "lost" || Boolean(props.fieldErrors.lostReason) : props.lost === true;
  return (
    <Form method="post" noValidate className="card opportunity-form" aria-busy={props.busy}>
      <FormError message={props.formError} submission={props.submission} />
      <div className="form-grid">
        <Field form={form} name="name" label={t("opportunities.form.fields.name")} error={props.fieldErrors.name} hint={t("opportunities.form.hints.name")} required>
          {(control) => <input {...control} type="text" autoComplete="off" maxLength={200} defaultValue={value("name")} />}
        </Field>
        <Field form={form} name="amount" label={t("opportunities.form.fields.amount")} error={props.fieldErrors.amount} hint={t("opportunities.form.hints.amount")} required>
          {(control) => <input {...control} type="text" inputMode="decimal" autoComplete="off" defaultValue={value("amount")} />}
        </Field>
        <Field form={form} name="expectedCloseDate" label={t("opportunities.form.fields.expectedCloseDate")} error={props.fieldErrors.expectedCloseDate} required>
          {(control) => <input {...control} type="date" defaultValue={value("expectedCloseDate")} />}
        </Field>
        {props.mode === "create" && props.pipelines && props.pipelines.length > 1 ? (
          <Field form={form} name="pipelineId" label={t("opportunities.form.fields.pipeline")} error={props.fieldErrors.pipelineId}>
            {(control) => (
              <select
                {...control}
                value={pipelineId}
                onChange={(event) => {
                  setPipelineId(event.target.value);
                  setStageId("");
                }}
              >
                {props.pipelines!.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : props.mode === "create" && pipeline ? (
          <input type="hidden" name="pipelineId" value={pipeline.id} />
        ) : null}
        {props.mode === "create" && pipeline ? (
          <Field form={form} name="stageId" label={t("opportunities.form.fields.stage")} error={props.fieldErrors.stageId} hint={t("opportunities.form.hints.stage")}>
            {(control) => (
              <select {...control} value={stageId} onChange={(event) => setStageId(event.target.value)}>
                <option value="">{firstOpen?.name ?? ""}</option>
                {pipeline.stages.filter((s) => s.id !== firstOpen?.id).map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <Field form={form} name="customerId" label={t("opportunities.form.fields.customer")} error={props.fieldErrors.customerId} hint={t("opportunities.form.hints.customer")}>
          {(control) => (
            <select {...control} defaultValue={value("customerId")}>
              <option value="">{t("opportunities.form.none")}</option>
              {props.customers.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {props.owners ? (
          <Field form={form} name="ownerId" label={t("opportunities.form.fields.owner")} error={props.fieldErrors.ownerId} hint={t("opportunities.form.hints.owner")}>
            {(control) => (
              <select {...control} defaultValue={value("ownerId")}>
                {props.owners!.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {showLostReason ? (
          <Field form={form} name="lostReason" label={t("opportunities.form.fields.lostReason")} error={props.fieldErrors.lostReason} hint={t("opportunities.form.hints.lostReason")} required>
            {(control) => <input {...control} type="text" maxLength={500} defaultValue={value("lostReason")} />}
          </Field>
        ) : null}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={props.busy}>
          {props.busy ? t("opportunities.form.saving") : t(props.mode === "create" ? "opportunities.form.submitCreate" : "opportunities.form.submitSave")}
        </button>
        <Link to={props.cancelTo} className="button">
          {t("common.actions.cancel")}
        </Link>
      </div>
    </Form>
  );
}
