import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PARTNER_TIERS } from "@qudao/core/schemas";
import { can, DomainError } from "@qudao/core/server";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { FormError } from "~/components/form-field";
import { withNotice } from "~/components/notice";
import { pageTitle } from "~/components/page-title";
import { PARTNER_FIELD_NAMES, PartnerFields } from "~/components/partner-fields";
import { formText, throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "platform.partners.newTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  try {
    // Roles that may list partners but not create them get the 403 page instead of a form that cannot succeed.
    if (!can(actor, "partner:create")) throw new DomainError("FORBIDDEN");
    const parentOptions = await caller.partners.options();
    return json({ parentOptions, tiers: PARTNER_TIERS, parentPartnerId: new URL(request.url).searchParams.get("parent") ?? "" });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const values = {
    name: formText(form, "name"),
    tier: formText(form, "tier"),
    region: formText(form, "region"),
    parentPartnerId: formText(form, "parentPartnerId"),
  };
  try {
    const partner = await caller.partners.create({
      name: values.name,
      // Core validates the value; an unknown tier comes back as a field error.
      tier: values.tier as (typeof PARTNER_TIERS)[number],
      region: values.region || null,
      parentPartnerId: values.parentPartnerId || null,
    });
    return redirect(withNotice(`/partners/${partner.id}`, "partnerCreated"));
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, values }, { status });
  }
}

export default function NewPartner() {
  const { parentOptions, tiers, parentPartnerId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const values = result?.values ?? { name: "", tier: "bronze", region: "", parentPartnerId };
  return (
    <>
      <p>
        <Link to="/partners">← {t("platform.partners.backToList")}</Link>
      </p>
      <h1>{t("platform.partners.newTitle")}</h1>
      <Form method="post" noValidate className="card">
        <FormError error={result?.error} fieldNames={PARTNER_FIELD_NAMES} />
        <PartnerFields values={values} errors={result?.error.fields ?? {}} parentOptions={parentOptions} tiers={tiers} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("common.actions.create")}
          </button>
          <Link to="/partners" className="button">
            {t("common.actions.cancel")}
          </Link>
        </div>
      </Form>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
