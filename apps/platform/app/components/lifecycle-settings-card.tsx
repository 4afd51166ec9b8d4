import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormField } from "~/components/form-field";

/** The thresholds of the computed lifecycle stages, in the order a customer meets them. */
export const LIFECYCLE_FIELDS = ["newCustomerDays", "activeDays", "dormantDays", "churnedDays", "reactivatedDays"] as const;
export type LifecycleField = (typeof LIFECYCLE_FIELDS)[number];

type Result = { ok: true } | { ok: false; error: { message: string; fields: Record<string, string> }; values: Record<LifecycleField, string> };

/**
 * The lifecycle settings on the settings page (core's PlatformSetting "lifecycle"). Saved through
 * /settings/lifecycle with a fetcher, so the other forms on the page keep what is typed in them.
 */
export function LifecycleSettingsCard({ saved, mayUpdate }: { saved: Record<LifecycleField, number>; mayUpdate: boolean }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<Result>();
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const failed = result && !result.ok ? result : undefined;
  const unplaced = failed ? Object.keys(failed.error.fields).filter((path) => !(LIFECYCLE_FIELDS as readonly string[]).includes(path)) : [];
  return (
    <fetcher.Form method="post" action="/settings/lifecycle" noValidate className="card settings-form" aria-labelledby="lifecycle-settings-title" key={JSON.stringify(saved)}>
      <h2 id="lifecycle-settings-title">{t("segments.lifecycleSettings.title")}</h2>
      <p className="muted">{t("segments.lifecycleSettings.intro")}</p>
      {!mayUpdate ? (
        <p className="warning" role="note">
          {t("segments.lifecycleSettings.readOnly")}
        </p>
      ) : null}
      {result?.ok ? (
        <p role="status" className="notice">
          {t("segments.lifecycleSettings.saved")}
        </p>
      ) : null}
      {failed ? (
        <p role="alert" className="form-error">
          {unplaced.length === 0 && Object.keys(failed.error.fields).length > 0 ? t("errors.VALIDATION_FAILED") : failed.error.message}
        </p>
      ) : null}
      <div className="form-grid">
        {LIFECYCLE_FIELDS.map((field) => (
          <FormField
            key={field}
            label={t(`segments.lifecycleSettings.fields.${field}`)}
            name={field}
            error={failed?.error.fields[field]}
            hint={t(`segments.lifecycleSettings.hints.${field}`)}
            required
          >
            {(control) => (
              <span className="with-unit">
                <input {...control} type="number" inputMode="numeric" min={1} max={3650} step={1} defaultValue={failed?.values[field] ?? String(saved[field])} disabled={!mayUpdate} />
                <span className="muted">{t("segments.lifecycleSettings.days")}</span>
              </span>
            )}
          </FormField>
        ))}
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
