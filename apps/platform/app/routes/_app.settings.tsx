import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PARTNER_TIERS } from "@qudao/core/schemas";
import { can, DomainError } from "@qudao/core/server";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { EntitlementPolicyCard } from "~/components/entitlement-policy-card";
import { FormError, FormField } from "~/components/form-field";
import { LifecycleSettingsCard } from "~/components/lifecycle-settings-card";
import { Notice, withNotice } from "~/components/notice";
import { OpportunitySettingsCard } from "~/components/opportunity-settings-card";
import { pageTitle } from "~/components/page-title";
import { formText, throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import entitlementStyles from "~/entitlements.css?url";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "platform.settings.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: entitlementStyles }];

/** Whole-number fields of the protection policy; every one is required. */
const NUMBER_FIELDS = [
  "defaultProtectionDays",
  "extensionDays",
  "expiryWarningDays",
  "inactivityDays",
  "inactivityWarningDays",
  "poolClaimCap",
  "poolClaimPeriodDays",
] as const;
type NumberField = (typeof NUMBER_FIELDS)[number];
const REVIEW_MODES = ["auto", "review"] as const;
const tierField = (tier: string) => `tierProtectionDays.${tier}`;
const FIELD_NAMES = [...NUMBER_FIELDS, "reviewMode", ...PARTNER_TIERS.map(tierField)];

type PolicyValues = Record<NumberField, string> & { reviewMode: string; tiers: Record<string, string> };

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  try {
    const policy = await caller.settings.protectionPolicy();
    const opportunitySettings = await caller.opportunities.settings();
    const lifecycle = await caller.lifecycle.settings();
    const entitlementPolicy = await caller.entitlements.policy();
    const saved: PolicyValues = {
      ...(Object.fromEntries(NUMBER_FIELDS.map((f) => [f, String(policy[f])])) as Record<NumberField, string>),
      reviewMode: policy.reviewMode,
      tiers: Object.fromEntries(PARTNER_TIERS.map((tier) => [tier, policy.tierProtectionDays[tier] === undefined ? "" : String(policy.tierProtectionDays[tier])])),
    };
    return json({ saved, tiers: PARTNER_TIERS, reviewModes: REVIEW_MODES, mayUpdate: can(actor, "settings:update"), stuckDays: opportunitySettings.stuckDays, lifecycle, entitlementPolicy });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const values: PolicyValues = {
    ...(Object.fromEntries(NUMBER_FIELDS.map((f) => [f, formText(form, f)])) as Record<NumberField, string>),
    reviewMode: formText(form, "reviewMode"),
    tiers: Object.fromEntries(PARTNER_TIERS.map((tier) => [tier, formText(form, tierField(tier))])),
  };
  // A blank number must not fall back to core's default silently: it is sent as NaN, which core
  // always refuses, so the reviewer sees every problem at once and blanks read "required".
  const blank = NUMBER_FIELDS.filter((f) => values[f] === "");
  try {
    await caller.settings.updateProtectionPolicy({
      // Core coerces and range-checks the numbers, reporting each problem under its field.
      ...Object.fromEntries(NUMBER_FIELDS.map((f) => [f, values[f] === "" ? Number.NaN : values[f]])),
      // A blank tier uses the default period.
      tierProtectionDays: Object.fromEntries(PARTNER_TIERS.filter((tier) => values.tiers[tier]).map((tier) => [tier, values.tiers[tier]])),
      reviewMode: values.reviewMode as (typeof REVIEW_MODES)[number],
    });
    return redirect(withNotice("/settings", "settingsSaved"));
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    if (blank.length > 0) {
      const required = actionError(new DomainError("VALIDATION_FAILED", { details: blank.map((path) => ({ path, message: "errors.field.required" })) }), ctx);
      Object.assign(body.error.fields, required.body.error.fields);
    }
    return json({ ...body, values }, { status });
  }
}

export default function Settings() {
  const { saved, tiers, reviewModes, mayUpdate, stuckDays, lifecycle, entitlementPolicy } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const values = result?.values ?? saved;
  const errors = result?.error.fields ?? {};
  const disabled = !mayUpdate;

  const numberField = (name: NumberField, unit: "days" | "customers" = "days") => (
    <FormField label={t(`platform.settings.fields.${name}`)} name={name} error={errors[name]} hint={t(`platform.settings.hints.${name}`)} required>
      {(control) => (
        <span className="with-unit">
          <input {...control} type="number" inputMode="numeric" min={name === "poolClaimCap" ? 0 : 1} step={1} defaultValue={values[name]} disabled={disabled} />
          <span className="muted">{t(`platform.settings.units.${unit}`)}</span>
        </span>
      )}
    </FormField>
  );

  return (
    <>
      <div className="page-head">
        <h1>{t("platform.settings.title")}</h1>
      </div>
      <Notice />
      {!mayUpdate ? (
        <p className="warning" role="note">
          {t("platform.settings.readOnly")}
        </p>
      ) : null}
      <Form method="post" action="/settings" noValidate className="card settings-form" key={JSON.stringify(saved)} aria-labelledby="policy-title">
        <h2 id="policy-title">{t("platform.settings.policyTitle")}</h2>
        <p className="muted">{t("platform.settings.policyIntro")}</p>
        <FormError error={result?.error} fieldNames={FIELD_NAMES} />

        <fieldset>
          <legend>{t("platform.settings.groups.protection")}</legend>
          <div className="form-grid">{numberField("defaultProtectionDays")}</div>
          <p className="hint">{t("platform.settings.tierHint")}</p>
          <div className="form-grid">
            {tiers.map((tier) => (
              <FormField key={tier} label={t("platform.settings.tierLabel", { tier: t(`common.partnerTier.${tier}`) })} name={tierField(tier)} error={errors[tierField(tier)]}>
                {(control) => (
                  <span className="with-unit">
                    <input
                      {...control}
                      type="number"
                      inputMode="numeric"
                      min={1}
                      step={1}
                      defaultValue={values.tiers[tier] ?? ""}
                      placeholder={t("platform.settings.tierPlaceholder", { days: saved.defaultProtectionDays })}
                      disabled={disabled}
                    />
                    <span className="muted">{t("platform.settings.units.days")}</span>
                  </span>
                )}
              </FormField>
            ))}
          </div>
        </fieldset>

        <fieldset aria-describedby={errors.reviewMode ? "review-mode-error" : undefined}>
          <legend>{t("platform.settings.fields.reviewMode")}</legend>
          {reviewModes.map((mode) => (
            <label key={mode} className="choice">
              <input type="radio" name="reviewMode" value={mode} defaultChecked={values.reviewMode === mode} disabled={disabled} />
              <span>
                <span className="strong">{t(`platform.settings.reviewModes.${mode}`)}</span>
                <span className="hint">{t(`platform.settings.reviewModeHints.${mode}`)}</span>
              </span>
            </label>
          ))}
          {errors.reviewMode ? (
            <p id="review-mode-error" className="field-error">
              {errors.reviewMode}
            </p>
          ) : null}
        </fieldset>

        <fieldset>
          <legend>{t("platform.settings.groups.extension")}</legend>
          <div className="form-grid">
            {numberField("extensionDays")}
            {numberField("expiryWarningDays")}
          </div>
        </fieldset>

        <fieldset>
          <legend>{t("platform.settings.groups.inactivity")}</legend>
          <div className="form-grid">
            {numberField("inactivityDays")}
            {numberField("inactivityWarningDays")}
          </div>
        </fieldset>

        <fieldset>
          <legend>{t("platform.settings.groups.pool")}</legend>
          <div className="form-grid">
            {numberField("poolClaimCap", "customers")}
            {numberField("poolClaimPeriodDays")}
          </div>
        </fieldset>

        {mayUpdate ? (
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t("common.actions.save")}
            </button>
          </div>
        ) : null}
      </Form>
      <OpportunitySettingsCard stuckDays={stuckDays} mayUpdate={mayUpdate} />
      <LifecycleSettingsCard saved={lifecycle} mayUpdate={mayUpdate} />
      <EntitlementPolicyCard saved={entitlementPolicy.types} mayUpdate={mayUpdate} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
