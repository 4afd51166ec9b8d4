import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ENTITLEMENT_TYPES, type TOfferedEntitlementType } from "@qudao/core/schemas";

/** The limits of one benefit type, as the form sends them (`<code>.<field>`). */
export const ENTITLEMENT_LIMIT_FIELDS = ["maxValue", "maxCountPerPeriod", "maxTotalValuePerPeriod"] as const;
export type EntitlementLimitField = (typeof ENTITLEMENT_LIMIT_FIELDS)[number];
export type EntitlementPolicyValues = Record<string, { offered: boolean } & Record<EntitlementLimitField, string>>;

type Result = { ok: true } | { ok: false; error: { message: string; fields: Record<string, string> }; values: EntitlementPolicyValues };

const HEADINGS: Record<EntitlementLimitField, string> = { maxValue: "maxValue", maxCountPerPeriod: "maxCount", maxTotalValuePerPeriod: "maxTotal" };

/**
 * The benefit catalogue and its limits on the settings page (core's PlatformSetting
 * "entitlement-policy"): one row per benefit type, offered or not. Saved through
 * /settings/entitlements with a fetcher, so the other forms on the page keep what is typed in them.
 */
export function EntitlementPolicyCard({ saved, mayUpdate }: { saved: TOfferedEntitlementType[]; mayUpdate: boolean }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<Result>();
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const failed = result && !result.ok ? result : undefined;
  const savedBy = new Map(saved.map((rule) => [rule.code, rule]));
  const value = (code: string, field: EntitlementLimitField) => {
    if (failed) return failed.values[code]?.[field] ?? "";
    const rule = savedBy.get(code);
    return rule ? String(rule[field]) : "";
  };
  const offered = (code: string) => (failed ? Boolean(failed.values[code]?.offered) : savedBy.has(code));
  const fieldError = (code: string, field: EntitlementLimitField) => failed?.error.fields[`${code}.${field}`];
  // Problems that belong to no row (e.g. "offer at least one") are said at the top.
  const unplaced = failed ? Object.keys(failed.error.fields).filter((path) => !/^\w+\.(maxValue|maxCountPerPeriod|maxTotalValuePerPeriod)$/.test(path)) : [];
  return (
    <fetcher.Form method="post" action="/settings/entitlements" noValidate className="card settings-form entitlement-policy" aria-labelledby="entitlement-policy-title" key={JSON.stringify(saved)}>
      <h2 id="entitlement-policy-title">{t("entitlements.settings.title")}</h2>
      <p className="muted">{t("entitlements.settings.intro")}</p>
      {!mayUpdate ? (
        <p className="warning" role="note">
          {t("entitlements.settings.readOnly")}
        </p>
      ) : null}
      {result?.ok ? (
        <p role="status" className="notice">
          {t("entitlements.settings.saved")}
        </p>
      ) : null}
      {failed ? (
        <p role="alert" className="form-error">
          {unplaced.length > 0 ? unplaced.map((path) => failed.error.fields[path]).join(" ") : Object.keys(failed.error.fields).length > 0 ? t("errors.VALIDATION_FAILED") : failed.error.message}
        </p>
      ) : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("entitlements.settings.type")}</th>
              <th scope="col">{t("entitlements.settings.offered")}</th>
              {ENTITLEMENT_LIMIT_FIELDS.map((field) => (
                <th key={field} scope="col">
                  {t(`entitlements.settings.${HEADINGS[field]}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ENTITLEMENT_TYPES.map((code) => {
              const label = t(`entitlements.type.${code}`);
              return (
                <tr key={code} data-type={code}>
                  <th scope="row">{label}</th>
                  <td>
                    <input type="checkbox" name={`${code}.offered`} value="1" defaultChecked={offered(code)} disabled={!mayUpdate} aria-label={`${label} · ${t("entitlements.settings.offered")}`} />
                  </td>
                  {ENTITLEMENT_LIMIT_FIELDS.map((field) => {
                    const error = fieldError(code, field);
                    const errorId = `entitlement-policy-${code}-${field}-error`;
                    return (
                      <td key={field}>
                        <input
                          type={field === "maxCountPerPeriod" ? "number" : "text"}
                          inputMode={field === "maxCountPerPeriod" ? "numeric" : "decimal"}
                          name={`${code}.${field}`}
                          defaultValue={value(code, field)}
                          disabled={!mayUpdate}
                          aria-label={`${label} · ${t(`entitlements.settings.${HEADINGS[field]}`)}`}
                          aria-invalid={error ? true : undefined}
                          aria-describedby={error ? errorId : undefined}
                          {...(field === "maxCountPerPeriod" ? { min: 1, max: 1000, step: 1 } : {})}
                        />
                        {error ? (
                          <p id={errorId} className="field-error">
                            {error}
                          </p>
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
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
