import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { CommissionPlanForm } from "~/components/commission-plan-form";
import { PLAN_TIME_ZONE, planFormValues, planInput } from "~/components/commission-plan-form.server";
import { pageTitle } from "~/components/page-title";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "commissions.plans.form.newTitle");

/** A starting point finance recognises: one default rate, the bonus and cap switched off. */
const STARTER_RULES = JSON.stringify({ rates: [{ rate: "0.05" }] }, null, 2);

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  // Only who may write plans gets the form (core refuses the rest anyway).
  await caller.commissionPlans.list({ limit: 1 }).catch((error: unknown) => throwPublicError(error, ctx));
  return json({ timeZone: PLAN_TIME_ZONE });
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const values = planFormValues(await request.formData());
  const parsed = planInput(values, ctx.locale);
  if (!parsed.ok) return json({ error: { code: "VALIDATION_FAILED", message: "", fields: parsed.fields }, values }, { status: 400 });
  try {
    const created = await caller.commissionPlans.create(parsed.input as Parameters<typeof caller.commissionPlans.create>[0]);
    return redirect(`/commission-plans/${created.id}?done=created`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, values }, { status });
  }
}

export default function NewCommissionPlan() {
  const { timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <div className="page-head">
        <h1>{t("commissions.plans.form.newTitle")}</h1>
        <Link to="/commission-plans" className="button">
          {t("commissions.plans.form.back")}
        </Link>
      </div>
      <CommissionPlanForm values={result?.values ?? { name: "", note: "", effectiveFrom: "", rules: STARTER_RULES }} error={result?.error} readOnly={false} timeZone={timeZone} busy={busy}>
        <button type="submit" className="primary" disabled={busy}>
          {t("commissions.plans.form.create")}
        </button>
      </CommissionPlanForm>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
