import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TEntitlementType } from "@qudao/core/schemas";
import { actionError, errorResponse, formValues, requireSignedIn } from "~/.server/request.server";
import { Field, FormError } from "~/components/form-field";
import { RouteErrorBoundary } from "~/components/route-error";
import entitlementStyles from "~/entitlements.css?url";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "entitlements.meta.request");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: entitlementStyles }];

const FIELDS = ["customerId", "type", "value", "reason"] as const;
type RequestField = (typeof FIELDS)[number];

/** "申请权益" for one customer (reached from the customer's page): the benefit types the platform offers, with their limits. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const customerId = new URL(request.url).searchParams.get("customerId")?.trim() ?? "";
  if (!customerId) return json({ customer: null, types: [] });
  // A customer the partner cannot see is the translated 404 page.
  const [customer, types] = await Promise.all([caller.customers.get({ id: customerId }), caller.entitlements.types()]).catch((error: unknown) => errorResponse(error, ctx));
  return json({ customer: { id: customer.id, name: customer.name }, types });
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const values = formValues(await request.formData(), FIELDS);
  try {
    const created = await caller.entitlements.request({ customerId: values.customerId, type: values.type as TEntitlementType, value: values.value, reason: values.reason });
    return redirect(`/entitlements?requested=${created.id}#entitlement-${created.id}`);
  } catch (error) {
    // A limit the request breaks comes back translated, under the field it is about (value or type).
    const { body, status } = actionError(error, ctx);
    return json({ ...body, values }, { status });
  }
}

export default function RequestEntitlement() {
  const { customer, types } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const [type, setType] = useState(result?.values.type ?? "");
  if (!customer) {
    return (
      <>
        <div className="page-head">
          <h1>{t("entitlements.portal.form.title")}</h1>
        </div>
        <p className="empty">
          {t("entitlements.portal.requestFromCustomer")} <Link to="/customers">{t("entitlements.portal.toCustomers")}</Link>
        </p>
      </>
    );
  }
  const fieldErrors: Partial<Record<RequestField, string>> = result?.error.fields ?? {};
  const chosen = types.find((offered) => offered.code === type);
  const limits = chosen ? t("entitlements.limits", { maxValue: chosen.maxValue, count: chosen.maxCountPerPeriod, total: chosen.maxTotalValuePerPeriod }) : undefined;
  return (
    <>
      <div className="page-head">
        <h1>{t("entitlements.portal.form.title")}</h1>
        <Link to={`/customers/${customer.id}`} className="button link-button">
          {t("entitlements.portal.form.backToCustomer")}
        </Link>
      </div>
      <Form method="post" noValidate className="card entitlement-form" aria-busy={busy}>
        <p className="muted">{t("entitlements.portal.form.for", { customer: customer.name })}</p>
        <FormError message={result?.error.message} submission={result} />
        <input type="hidden" name="customerId" value={customer.id} />
        {types.length === 0 ? <p className="notice warn">{t("entitlements.portal.form.noTypes")}</p> : null}
        <Field form="entitlement" name="type" label={t("entitlements.fields.type")} error={fieldErrors.type} hint={limits} required>
          {(control) => (
            <select {...control} value={type} onChange={(event) => setType(event.currentTarget.value)}>
              <option value="">{t("entitlements.portal.form.chooseType")}</option>
              {types.map((offered) => (
                <option key={offered.code} value={offered.code}>
                  {t(`entitlements.type.${offered.code}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field form="entitlement" name="value" label={t("entitlements.fields.value")} error={fieldErrors.value} hint={t("entitlements.portal.form.valueHint")} required>
          {(control) => <input {...control} type="text" inputMode="decimal" autoComplete="off" maxLength={24} defaultValue={result?.values.value ?? ""} />}
        </Field>
        <Field form="entitlement" name="reason" label={t("entitlements.fields.reason")} error={fieldErrors.reason} hint={t("entitlements.portal.form.reasonHint")} required>
          {(control) => <textarea {...control} rows={3} maxLength={1000} defaultValue={result?.values.reason ?? ""} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy || types.length === 0}>
            {busy ? t("entitlements.portal.form.submitting") : t("entitlements.portal.form.submit")}
          </button>
          <Link to={`/customers/${customer.id}`} className="button">
            {t("common.actions.cancel")}
          </Link>
        </div>
      </Form>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
