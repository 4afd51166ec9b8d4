import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { actionError, formValues, requireSignedIn } from "~/.server/request.server";
import { CustomerSections } from "~/components/customer-sections";
import { Field, FormError } from "~/components/form-field";
import { useProtectionCountdown } from "~/components/protection";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "portal.meta.newRegistration");

const REGISTRATION_FIELDS = ["kind", "name", "city", "phone", "email", "uscc", "note"] as const;
type RegistrationField = (typeof REGISTRATION_FIELDS)[number];
type CustomerKind = "company" | "person";

/** Core reports identity problems by input path (`customer.phone`); the form's fields are flat. */
const FIELD_BY_PATH: Record<string, RegistrationField> = {
  "customer.kind": "kind",
  "customer.name": "name",
  "customer.city": "city",
  "customer.phone": "phone",
  "customer.email": "email",
  "customer.uscc": "uscc",
  note: "note",
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSignedIn(request);
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const values = formValues(form, REGISTRATION_FIELDS);
  const now = new Date().toISOString();
  try {
    const decision = await caller.registrations.create({
      customer: {
        // Core validates the kind; anything else comes back as a field error.
        kind: values.kind as CustomerKind,
        name: values.name,
        city: values.city,
        phone: values.phone,
        email: values.email,
        // A person has no USCC: the field is hidden for them, and a stale value is not sent.
        uscc: values.kind === "company" ? values.uscc : null,
      },
      note: values.note,
    });
    return json({
      decision: {
        id: decision.id,
        status: decision.status,
        customerId: decision.customerId ?? null,
        protectedUntil: decision.protectedUntil?.toISOString() ?? null,
        // Already translated by core in this request's language.
        reason: decision.reason ?? null,
      },
      error: null,
      // A rejected customer may be corrected and sent again; after any other answer the form starts empty.
      values: decision.status === "rejected" ? values : { kind: values.kind },
      now,
    });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    const fields: Partial<Record<RegistrationField, string>> = {};
    for (const [path, message] of Object.entries(body.error.fields)) {
      const field = FIELD_BY_PATH[path];
      if (field) fields[field] ??= message;
    }
    // "Nothing identifying" belongs to no single field: it replaces the generic summary.
    const message = body.error.fields.customer ?? body.error.message;
    return json({ decision: null, error: { code: body.error.code, message, fields }, values, now }, { status });
  }
}

/** Light hints while typing; the server's check (with the check digit) is the one that counts. */
function usccHintKey(draft: string): { key: string; count?: number } {
  const value = draft.replace(/\s+/g, "").toUpperCase();
  if (value.length > 0 && value.length !== 18) return { key: "portal.registrationForm.hints.usccLength", count: value.length };
  if (/[^0-9A-HJ-NPQRTUWXY]/.test(value)) return { key: "portal.registrationForm.hints.usccCharacters" };
  return { key: "portal.registrationForm.hints.uscc" };
}

export default function NewRegistration() {
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const values: Partial<Record<RegistrationField, string>> = result?.values ?? {};
  const [kind, setKind] = useState<CustomerKind>(values.kind === "person" ? "person" : "company");
  const [usccDraft, setUsccDraft] = useState(values.uscc ?? "");
  // After a decision the form starts again (keeping the kind); a rejected one keeps what was typed.
  const formKey = result?.decision?.id ?? "registration";
  useEffect(() => {
    setUsccDraft(result?.values && "uscc" in result.values ? result.values.uscc ?? "" : "");
  }, [result]);
  const fieldErrors: Partial<Record<RegistrationField, string>> = result?.error?.fields ?? {};
  const value = (name: RegistrationField) => values[name] ?? "";
  const usccHint = usccHintKey(usccDraft);
  return (
    <>
      <div className="page-head">
        <h1>{t("portal.registrationForm.title")}</h1>
      </div>
      <CustomerSections />
      {result?.decision ? <Decision decision={result.decision} now={result.now} /> : null}
      <Form key={formKey} method="post" noValidate className="card registration-form" aria-busy={busy}>
        <p className="muted">{t("portal.registrationForm.intro")}</p>
        <FormError message={result?.error?.message} submission={result} />
        <fieldset className="field choice-group">
          <legend>{t("portal.registrationForm.kind")}</legend>
          <div className="choices">
            {(["company", "person"] as const).map((option) => (
              <label key={option} className="choice">
                <input type="radio" name="kind" value={option} checked={kind === option} onChange={() => setKind(option)} />
                <span>{t(`portal.customerKind.${option}`)}</span>
              </label>
            ))}
          </div>
          {fieldErrors.kind ? <p className="field-error">{fieldErrors.kind}</p> : null}
        </fieldset>
        <div className="form-grid">
          <Field
            form="registration"
            name="name"
            label={t(kind === "company" ? "portal.registrationForm.fields.companyName" : "portal.registrationForm.fields.personName")}
            error={fieldErrors.name}
            hint={kind === "company" ? t("portal.registrationForm.hints.companyName") : undefined}
            required
          >
            {(control) => <input {...control} type="text" autoComplete="off" maxLength={200} defaultValue={value("name")} />}
          </Field>
          <Field
            form="registration"
            name="city"
            label={t("portal.registrationForm.fields.city")}
            error={fieldErrors.city}
            hint={kind === "company" ? t("portal.registrationForm.hints.city") : undefined}
          >
            {(control) => <input {...control} type="text" autoComplete="off" maxLength={50} defaultValue={value("city")} />}
          </Field>
        </div>
        <p className="identify-hint">{t("portal.registrationForm.identifyHint")}</p>
        <div className="form-grid">
          <Field
            form="registration"
            name="phone"
            label={t("portal.registrationForm.fields.phone")}
            error={fieldErrors.phone}
            hint={t("portal.registrationForm.hints.phone")}
          >
            {(control) => <input {...control} type="tel" inputMode="tel" autoComplete="off" maxLength={64} defaultValue={value("phone")} />}
          </Field>
          <Field form="registration" name="email" label={t("portal.registrationForm.fields.email")} error={fieldErrors.email}>
            {(control) => <input {...control} type="email" inputMode="email" autoComplete="off" maxLength={254} defaultValue={value("email")} />}
          </Field>
          {kind === "company" ? (
            <Field
              form="registration"
              name="uscc"
              label={t("portal.registrationForm.fields.uscc")}
              error={fieldErrors.uscc}
              hint={t(usccHint.key, usccHint.count === undefined ? {} : { count: usccHint.count })}
            >
              {(control) => (
                <input
                  {...control}
                  type="text"
                  autoComplete="off"
                  autoCapitalize="characters"
                  spellCheck={false}
                  maxLength={40}
                  defaultValue={value("uscc")}
                  onChange={(event) => setUsccDraft(event.currentTarget.value)}
                />
              )}
            </Field>
          ) : null}
        </div>
        <Field
          form="registration"
          name="note"
          label={t("portal.registrationForm.fields.note")}
          error={fieldErrors.note}
          hint={t("portal.registrationForm.hints.note")}
        >
          {(control) => <textarea {...control} rows={3} maxLength={2000} defaultValue={value("note")} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("portal.registrationForm.submitting") : t("portal.registrationForm.submit")}
          </button>
          <Link to="/registrations" className="button">
            {t("common.actions.cancel")}
          </Link>
        </div>
      </Form>
    </>
  );
}

type DecisionView = {
  id: string;
  status: string;
  customerId: string | null;
  protectedUntil: string | null;
  reason: { code: string; message: string } | null;
};

/** The answer, right above the form: focused when it arrives, so a phone user sees it at once. */
function Decision({ decision, now }: { decision: DecisionView; now: string }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const countdown = useProtectionCountdown();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, [decision.id]);
  const tone = decision.status === "accepted" ? "accepted" : decision.status === "pending" ? "pending" : "rejected";
  return (
    <div className={`decision ${tone}`} role="status" tabIndex={-1} ref={box} aria-labelledby="decision-title">
      <h2 id="decision-title" className="visually-hidden">
        {t("portal.registrationForm.decision.title")}
      </h2>
      {decision.status === "accepted" && decision.protectedUntil ? (
        <p className="decision-headline">
          {t("portal.registrationForm.decision.accepted", {
            date: format.date(decision.protectedUntil),
            left: countdown(decision.protectedUntil, now).text,
          })}
        </p>
      ) : (
        <p className="decision-headline">
          {decision.status === "pending" ? t("portal.registrationForm.decision.pending") : t("portal.registrationForm.decision.rejected")}
        </p>
      )}
      {decision.status !== "accepted" && decision.reason ? <p className="decision-reason">{decision.reason.message}</p> : null}
      <p className="decision-links">
        {decision.status === "accepted" && decision.customerId ? (
          <Link to={`/customers/${decision.customerId}`} className="button">
            {t("portal.registrationForm.decision.viewCustomer")}
          </Link>
        ) : null}
        {decision.reason?.code === "ALREADY_YOURS" && decision.customerId ? (
          <Link to={`/customers/${decision.customerId}`} className="button">
            {t("portal.registrationForm.decision.viewExistingCustomer")}
          </Link>
        ) : null}
        <Link to={`/registrations/${decision.id}`} className="button link-button">
          {t("portal.registrationForm.decision.viewRegistration")}
        </Link>
      </p>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
