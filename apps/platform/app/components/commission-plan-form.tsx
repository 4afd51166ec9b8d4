import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { TRatePreview } from "@qudao/core/schemas";
import { FormError, FormField } from "~/components/form-field";

export type PlanFormError = { message: string; fields: Record<string, string> } | undefined;

/** Every problem in the rules (rules.rates.0.rate…) under the one rules box, with where it is. */
function rulesError(error: PlanFormError): string | undefined {
  if (!error) return undefined;
  const lines = Object.entries(error.fields)
    .filter(([path]) => path === "rules" || path.startsWith("rules."))
    .map(([path, message]) => (path === "rules" ? message : `${path.slice("rules.".length)}：${message}`));
  return lines.length > 0 ? lines.join(" ") : undefined;
}

const FIELDS = ["name", "note", "effectiveFrom"];

/** The plan version form: name, note, start (platform time zone), rules as JSON; read-only once active. */
export function CommissionPlanForm({
  values,
  error,
  readOnly,
  timeZone,
  busy,
  children,
}: {
  values: { name: string; note: string; effectiveFrom: string; rules: string };
  error: PlanFormError;
  readOnly: boolean;
  timeZone: string;
  busy: boolean;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  const rulesFields = error ? Object.keys(error.fields).filter((p) => p === "rules" || p.startsWith("rules.")) : [];
  return (
    <Form method="post" noValidate className="card settings-form">
      <FormError error={error} fieldNames={[...FIELDS, ...rulesFields]} />
      <fieldset disabled={readOnly || busy} className="plain-fieldset">
        <FormField label={t("commissions.plans.form.name")} name="name" error={error?.fields.name} required>
          {(control) => <input {...control} defaultValue={values.name} maxLength={100} />}
        </FormField>
        <FormField label={t("commissions.plans.form.effectiveFrom")} name="effectiveFrom" error={error?.fields.effectiveFrom} hint={t("commissions.plans.form.effectiveFromHint", { timeZone })} required>
          {(control) => <input {...control} type="datetime-local" defaultValue={values.effectiveFrom} />}
        </FormField>
        <FormField label={t("commissions.plans.form.note")} name="note" error={error?.fields.note}>
          {(control) => <textarea {...control} defaultValue={values.note} rows={2} maxLength={2000} />}
        </FormField>
        <FormField label={t("commissions.plans.form.rules")} name="rules" error={rulesError(error)} hint={t("commissions.plans.form.rulesHint")} required>
          {(control) => <textarea {...control} defaultValue={values.rules} rows={16} spellCheck={false} className="code" />}
        </FormField>
      </fieldset>
      <div className="actions">{children}</div>
    </Form>
  );
}

/** What the rules pay per category and partner tier. */
export function RatePreviewTable({ preview }: { preview: TRatePreview }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="rate-preview">
      <h2 id="rate-preview">{t("commissions.plans.preview.title")}</h2>
      <p className="muted">{t("commissions.plans.preview.caption")}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("commissions.plans.preview.category")}</th>
              {preview.tiers.map((tier) => (
                <th scope="col" key={tier} className="num">
                  {t(`common.partnerTier.${tier as "gold"}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr key={row.category ?? ""} data-category={row.category ?? ""}>
                <th scope="row">{row.category ?? t("commissions.plans.preview.otherCategory")}</th>
                {row.cells.map((cell) => (
                  <td key={cell.partnerTier} className="num" data-tier={cell.partnerTier}>
                    <span data-field="rate">{cell.rate}</span>
                    {cell.firstOrderRate ? <span className="muted"> {t("commissions.plans.preview.firstOrder", { rate: cell.firstOrderRate })}</span> : null}
                    <div className="muted small">{t(`commissions.plans.preview.matchedBy.${cell.matchedBy as "default"}`)}</div>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
