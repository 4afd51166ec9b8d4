import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actionError, errorResponse, flashCookie, formValues, requireSignedIn } from "~/.server/request.server";
import { Field, FormError } from "~/components/form-field";
import { quickLogLinks } from "~/components/quick-log";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? pageTitle(matches, "work.portal.meta.convertLead", { name: data.lead.name }) : pageTitle(matches, "portal.meta.error");
export const links: LinksFunction = () => quickLogLinks();

const FIELDS = [
  "customer.kind",
  "customer.name",
  "customer.phone",
  "customer.email",
  "customer.uscc",
  "customer.city",
  "opportunity.name",
  "opportunity.amount",
  "opportunity.expectedCloseDate",
  "note",
] as const;
type ConvertField = (typeof FIELDS)[number];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const lead = await caller.leads.get({ id: params.id ?? "" }).catch((error: unknown) => errorResponse(error, ctx));
  if (lead.status === "converted") throw redirect(`/leads/${lead.id}`);
  const kind = lead.company ? "company" : "person";
  const values: Record<ConvertField, string> = {
    "customer.kind": kind,
    "customer.name": kind === "company" ? (lead.company ?? lead.name) : lead.name,
    "customer.phone": lead.phone ?? "",
    "customer.email": lead.email ?? "",
    "customer.uscc": "",
    "customer.city": "",
    "opportunity.name": lead.company ?? lead.name,
    "opportunity.amount": "0",
    "opportunity.expectedCloseDate": "",
    note: "",
  };
  return json({ lead: { id: lead.id, name: lead.name }, values });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const values = formValues(await request.formData(), FIELDS);
  const id = params.id ?? "";
  try {
    const result = await caller.leads.convert({
      id,
      customer: {
        kind: values["customer.kind"] === "person" ? "person" : "company",
        name: values["customer.name"],
        phone: values["customer.phone"],
        email: values["customer.email"],
        uscc: values["customer.uscc"],
        city: values["customer.city"],
      },
      opportunity: {
        name: values["opportunity.name"],
        amount: values["opportunity.amount"].trim() || "0",
        expectedCloseDate: values["opportunity.expectedCloseDate"] || null,
      },
      note: values.note,
    });
    if (result.status === "converted") {
      return redirect(`/leads/${id}`, { headers: { "Set-Cookie": flashCookie(request, "leadConverted", result.opportunityId ?? undefined) } });
    }
    // Refused or waiting for review: the registration's own answer, and the lead stays as it was.
    return json({ outcome: result.status, reason: result.registration.reason?.message ?? null, error: null, values }, { status: result.status === "refused" ? 422 : 202 });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ outcome: null, reason: null, ...body, values }, { status });
  }
}

export default function ConvertLead() {
  const { lead, values: initial } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const values = result?.values ?? initial;
  const errors: Record<string, string> = result?.error?.fields ?? {};
  const formError =
    result?.error?.message ??
    (result?.outcome === "refused" ? t("work.portal.convert.refused", { reason: result.reason ?? "" }) : undefined);
  const text = (name: ConvertField, label: string, props: { type?: string; hint?: string; required?: boolean; inputMode?: "tel" | "email" | "decimal" } = {}) => (
    <Field form="convert" name={name} label={label} error={errors[name]} hint={props.hint} required={props.required ?? false}>
      {(control) => <input {...control} type={props.type ?? "text"} inputMode={props.inputMode} autoComplete="off" defaultValue={values[name]} />}
    </Field>
  );
  return (
    <>
      <div className="page-head">
        <h1>{t("work.portal.convert.title")}</h1>
        <Link to={`/leads/${lead.id}`} className="button link-button">
          {t("work.portal.convert.back")}
        </Link>
      </div>
      <p className="muted">{t("work.portal.convert.intro")}</p>
      {result?.outcome === "pending_review" ? (
        <p className="notice warn" role="status">
          {t("work.portal.convert.pending")}
        </p>
      ) : null}
      <Form method="post" noValidate className="card conversion-form" aria-busy={busy}>
        <FormError message={formError} submission={result} />
        <fieldset>
          <legend>{t("work.portal.convert.customer")}</legend>
          <fieldset className="choice-group">
            <legend>{t("work.portal.convert.fields.kind")}</legend>
            <div className="choices">
              {(["company", "person"] as const).map((kind) => (
                <label key={kind} className="choice">
                  <input type="radio" name="customer.kind" value={kind} defaultChecked={values["customer.kind"] === kind} />
                  {t(`portal.customerKind.${kind}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="form-grid">
            {text("customer.name", t("work.portal.convert.fields.name"), { hint: t("work.portal.convert.hints.name"), required: true })}
            {text("customer.phone", t("work.portal.convert.fields.phone"), { type: "tel", inputMode: "tel" })}
            {text("customer.email", t("work.portal.convert.fields.email"), { type: "email", inputMode: "email" })}
            {text("customer.uscc", t("work.portal.convert.fields.uscc"))}
            {text("customer.city", t("work.portal.convert.fields.city"))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("work.portal.convert.opportunity")}</legend>
          <div className="form-grid">
            {text("opportunity.name", t("work.portal.convert.fields.opportunityName"))}
            {text("opportunity.amount", t("work.portal.convert.fields.amount"), { inputMode: "decimal", hint: t("work.portal.convert.hints.amount") })}
            {text("opportunity.expectedCloseDate", t("work.portal.convert.fields.expectedCloseDate"), { type: "date" })}
          </div>
        </fieldset>
        <Field form="convert" name="note" label={t("work.portal.convert.fields.note")} error={errors.note}>
          {(control) => <textarea {...control} rows={2} maxLength={2000} defaultValue={values.note} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("portal.form.saving") : t("work.portal.convert.submit")}
          </button>
          <Link to={`/leads/${lead.id}`} className="button">
            {t("common.actions.cancel")}
          </Link>
        </div>
      </Form>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
