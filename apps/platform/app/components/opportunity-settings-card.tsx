import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormField } from "~/components/form-field";

type Result = { ok: true } | { ok: false; error: { message: string; fields: Record<string, string> }; values: { stuckDays: string } };

/**
 * The opportunity settings on the settings page: how many days without a stage change make a deal
 * stuck. Saved through /settings/opportunities with a fetcher, so the protection policy form above
 * keeps what is typed in it.
 */
export function OpportunitySettingsCard({ stuckDays, mayUpdate }: { stuckDays: number; mayUpdate: boolean }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<Result>();
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const failed = result && !result.ok ? result : undefined;
  return (
    <fetcher.Form method="post" action="/settings/opportunities" noValidate className="card settings-form" aria-labelledby="opportunity-settings-title">
      <h2 id="opportunity-settings-title">{t("opportunities.settings.title")}</h2>
      <p className="muted">{t("opportunities.settings.intro")}</p>
      {result?.ok ? (
        <p role="status" className="notice">
          {t("opportunities.settings.saved")}
        </p>
      ) : null}
      {failed && !failed.error.fields.stuckDays ? (
        <p role="alert" className="form-error">
          {failed.error.message}
        </p>
      ) : null}
      <div className="form-grid">
        <FormField label={t("opportunities.settings.stuckDays")} name="stuckDays" error={failed?.error.fields.stuckDays} hint={t("opportunities.settings.stuckDaysHint")} required>
          {(control) => (
            <span className="with-unit">
              <input {...control} type="number" inputMode="numeric" min={1} max={365} step={1} defaultValue={failed?.values.stuckDays ?? String(stuckDays)} disabled={!mayUpdate} />
              <span className="muted">{t("opportunities.settings.days")}</span>
            </span>
          )}
        </FormField>
      </div>
      {mayUpdate ? (
        <div className="actions">
          <button type="submit" className="primary" disabled={fetcher.state !== "idle"}>
            {t("common.actions.save")}
          </button>
        </div>
      ) : null}
    </fetcher.Form>
  );
}
