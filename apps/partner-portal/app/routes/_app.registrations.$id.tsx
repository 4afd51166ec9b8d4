import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { actionError, errorResponse, formValues, requireSignedIn } from "~/.server/request.server";
import { Field, FormError } from "~/components/form-field";
import { RegistrationProtection } from "~/components/protection";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat, useDisplayTimeZone } from "~/date-format";
import { pageTitle } from "~/i18n";
import { protectionState } from "~/protection-countdown";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? pageTitle(matches, "portal.meta.registration", { name: data.registration.customerName }) : pageTitle(matches, "portal.meta.error");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  // Another partner's registration (or a rep's colleague's) is NOT_FOUND in core: the translated 404 page.
  const registration = await caller.registrations.get({ id: params.id ?? "" }).catch((error: unknown) => errorResponse(error, ctx));
  return json({
    registration: {
      id: registration.id,
      status: registration.status,
      customerId: registration.customerId,
      customerName: registration.customerName,
      submitted: registration.submitted,
      note: registration.note,
      protectedUntil: registration.protectedUntil,
      reason: registration.reason,
      reasonNote: registration.reasonNote,
      extensionStatus: registration.extensionStatus,
      extensionReason: registration.extensionReason,
      createdAt: registration.createdAt,
      decidedAt: registration.decidedAt,
    },
    now: new Date().toISOString(),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const values = formValues(form, ["reason"] as const);
  try {
    await caller.registrations.requestExtension({ id: params.id ?? "", reason: values.reason });
    return json({ requested: true as const, error: null, values: null });
  } catch (error) {
    // EXTENSION_ALREADY_REQUESTED / EXTENSION_NOT_ALLOWED come back translated, shown above the form.
    const { body, status } = actionError(error, ctx);
    return json({ requested: false as const, ...body, values }, { status });
  }
}

export default function RegistrationDetail() {
  const { registration, now } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const format = useDateFormat();
  const timeZone = useDisplayTimeZone();
  const busy = useNavigation().state === "submitting";
  const none = <span className="muted">{t("common.none")}</span>;
  const submitted = registration.submitted;
  const stillProtected = ["active", "today"].includes(protectionState(registration.protectedUntil, now, timeZone).kind);
  // Core allows one request while accepted and protected; it also says so if that changed meanwhile.
  const canRequestExtension = registration.status === "accepted" && stillProtected && registration.extensionStatus === "none";
  const customerLink =
    registration.customerId && (registration.status === "accepted" || registration.reason?.code === "ALREADY_YOURS")
      ? `/customers/${registration.customerId}`
      : null;
  return (
    <>
      <div className="page-head">
        <h1>
          {registration.customerName}
          <span className={`badge registration-${registration.status}`}>{t(`ownership.status.${registration.status}`)}</span>
        </h1>
        <Link to="/registrations" className="button link-button">
          {t("portal.registration.backToList")}
        </Link>
      </div>
      <p className="muted lead-meta">
        <span>{t("portal.registration.submittedAt", { date: format.dateTime(registration.createdAt) })}</span>
        {registration.decidedAt ? <span>{t("portal.registration.decidedAt", { date: format.dateTime(registration.decidedAt) })}</span> : null}
      </p>
      <div className="detail-grid">
        <section className="card" aria-labelledby="registration-decision">
          <h2 id="registration-decision" className="card-title">
            {t("portal.registration.decisionTitle")}
          </h2>
          <p>
            <span className={`badge registration-${registration.status}`}>{t(`ownership.status.${registration.status}`)}</span>
          </p>
          {registration.reason ? <p className="decision-reason">{registration.reason.message}</p> : null}
          {registration.reasonNote ? <p className="muted">{t("portal.registration.platformNote", { note: registration.reasonNote })}</p> : null}
          {customerLink ? (
            <p>
              <Link to={customerLink} className="button">
                {t("portal.registration.viewCustomer")}
              </Link>
            </p>
          ) : null}
        </section>
        <section className="card" aria-labelledby="registration-protection">
          <h2 id="registration-protection" className="card-title">
            {t("portal.registration.protectionTitle")}
          </h2>
          <dl className="detail-list">
            <dt>{t("portal.registration.protectionTitle")}</dt>
            <dd>
              <RegistrationProtection status={registration.status} until={registration.protectedUntil} now={now} />
            </dd>
            <dt>{t("portal.registration.extensionStatus")}</dt>
            <dd>{t(`ownership.extensionStatus.${registration.extensionStatus}`)}</dd>
            {registration.extensionReason ? (
              <>
                <dt>{t("portal.registration.extensionReason")}</dt>
                <dd className="break">{registration.extensionReason}</dd>
              </>
            ) : null}
          </dl>
        </section>
      </div>
      <section className="card" aria-labelledby="registration-submitted">
        <h2 id="registration-submitted" className="card-title">
          {t("portal.registration.submittedTitle")}
        </h2>
        <dl className="detail-list">
          <dt>{t("portal.registrationForm.kind")}</dt>
          <dd>{t(`portal.customerKind.${submitted.kind}`)}</dd>
          <dt>{t(submitted.kind === "company" ? "portal.registrationForm.fields.companyName" : "portal.registrationForm.fields.personName")}</dt>
          <dd>{submitted.name}</dd>
          <dt>{t("portal.registrationForm.fields.city")}</dt>
          <dd>{submitted.city ?? none}</dd>
          <dt>{t("portal.registrationForm.fields.phone")}</dt>
          <dd>{submitted.phone ?? none}</dd>
          <dt>{t("portal.registrationForm.fields.email")}</dt>
          <dd className="break">{submitted.email ?? none}</dd>
          {submitted.kind === "company" ? (
            <>
              <dt>{t("portal.registrationForm.fields.uscc")}</dt>
              <dd>{submitted.uscc ? <code>{submitted.uscc}</code> : none}</dd>
            </>
          ) : null}
          <dt>{t("portal.registrationForm.fields.note")}</dt>
          <dd className="break">{registration.note ?? none}</dd>
        </dl>
      </section>
      <ExtensionRequest canRequest={canRequestExtension} result={result} busy={busy} />
    </>
  );
}

type ExtensionResult =
  | { requested: true; error: null; values: null }
  | { requested: false; error: { code: string; message: string; fields: Record<string, string> }; values: { reason: string } }
  | undefined;

function ExtensionRequest({ canRequest, result, busy }: { canRequest: boolean; result: ExtensionResult; busy: boolean }) {
  const { t } = useTranslation();
  const notice = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (result?.requested) notice.current?.focus();
  }, [result]);
  if (result?.requested) {
    return (
      <p className="notice" role="status" tabIndex={-1} ref={notice}>
        {t("portal.registration.extension.requested")}
      </p>
    );
  }
  // A refusal (already requested, no longer allowed) stays visible after the form goes away.
  const refusal = result?.error && !result.error.fields.reason ? result.error.message : undefined;
  if (!canRequest) {
    return refusal ? (
      <div role="alert" className="form-error">
        {refusal}
      </div>
    ) : null;
  }
  return (
    <section className="card" aria-labelledby="registration-extension">
      <h2 id="registration-extension" className="card-title">
        {t("portal.registration.extension.title")}
      </h2>
      <Form method="post" noValidate aria-busy={busy}>
        <FormError message={result?.error?.message} submission={result} />
        <p className="muted">{t("portal.registration.extension.intro")}</p>
        <Field
          form="extension"
          name="reason"
          label={t("portal.registration.extension.reason")}
          error={result?.error?.fields.reason}
          hint={t("portal.registration.extension.reasonHint")}
          required
        >
          {(control) => <textarea {...control} rows={3} maxLength={1000} defaultValue={result?.values?.reason ?? ""} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("portal.form.saving") : t("portal.registration.extension.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
