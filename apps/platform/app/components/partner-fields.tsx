import { useTranslation } from "react-i18next";
import { FormField } from "~/components/form-field";

export type PartnerFormValues = { name: string; tier: string; region: string; parentPartnerId: string; status?: string };

export const PARTNER_FIELD_NAMES = ["name", "tier", "region", "parentPartnerId", "status"];

/** The partner form's inputs, shared by "new partner" and "edit partner". */
export function PartnerFields({
  values,
  errors,
  parentOptions,
  tiers,
  statuses,
}: {
  values: PartnerFormValues;
  errors: Record<string, string>;
  parentOptions: ReadonlyArray<{ id: string; name: string }>;
  /** Enum values come from the loader, so core's zod schemas stay out of the browser bundle. */
  tiers: readonly string[];
  /** Without statuses the status field is left out (a new partner starts active). */
  statuses?: readonly string[];
}) {
  const { t } = useTranslation();
  return (
    <div className="form-grid">
      <FormField label={t("platform.partners.fields.name")} name="name" error={errors.name} required>
        {(control) => <input {...control} type="text" defaultValue={values.name} maxLength={200} autoComplete="organization" />}
      </FormField>
      <FormField label={t("platform.partners.fields.tier")} name="tier" error={errors.tier}>
        {(control) => (
          <select {...control} defaultValue={values.tier}>
            {tiers.map((tier) => (
              <option key={tier} value={tier}>
                {t(`common.partnerTier.${tier}`)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField label={t("platform.partners.fields.region")} name="region" error={errors.region}>
        {(control) => <input {...control} type="text" defaultValue={values.region} maxLength={100} placeholder={t("platform.partners.regionPlaceholder")} />}
      </FormField>
      <FormField
        label={t("platform.partners.fields.parent")}
        name="parentPartnerId"
        error={errors.parentPartnerId}
        hint={t("platform.partners.parentHint")}
      >
        {(control) => (
          <select {...control} defaultValue={values.parentPartnerId}>
            <option value="">{t("platform.partners.parentNone")}</option>
            {parentOptions.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {statuses ? (
        <FormField label={t("platform.partners.fields.status")} name="status" error={errors.status}>
          {(control) => (
            <select {...control} defaultValue={values.status}>
              {statuses.map((status) => (
                <option key={status} value={status}>
                  {t(`common.partnerStatus.${status}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
      ) : null}
    </div>
  );
}
