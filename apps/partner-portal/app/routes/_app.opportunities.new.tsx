import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actionError, errorResponse, formValues, requireSignedIn } from "~/.server/request.server";
import { OPPORTUNITY_CREATE_FIELDS, OpportunityForm } from "~/components/opportunities/opportunity-form";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";
import styles from "~/opportunities.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opportunities.meta.new");

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const [pipelines, customers, owners] = await Promise.all([
    caller.pipelines.list({}),
    caller.customers.list({ limit: 200 }),
    actor.role === "rep" ? Promise.resolve(null) : caller.leads.assignees({ partnerId: actor.partnerId }),
  ]).catch((error: unknown) => errorResponse(error, ctx));
  // New deals go to the platform's pipelines or the partner's own (not a sub-dealer's); the default first.
  const usable = pipelines.items
    .filter((p) => p.partnerId === null || p.partnerId === actor.partnerId)
    .sort((a, b) => Number(b.isDefault && b.partnerId !== null) - Number(a.isDefault && a.partnerId !== null));
  // "New deal" from a customer's page: that customer is chosen (and listed, even beyond the first 200).
  const forCustomer = new URL(request.url).searchParams.get("customerId");
  const options = customers.items.map((c) => ({ id: c.id, name: c.name }));
  let customerId: string | null = null;
  if (forCustomer) {
    const known = options.find((c) => c.id === forCustomer) ?? (await caller.customers.get({ id: forCustomer }).then((c) => ({ id: c.id, name: c.name })).catch(() => null));
    if (known) {
      customerId = known.id;
      if (!options.some((c) => c.id === known.id)) options.unshift(known);
    }
  }
  return json({
    pipelines: usable.map((p) => ({ id: p.id, name: p.name, stages: p.stages.map((s) => ({ id: s.id, name: s.name, kind: s.kind })) })),
    customers: options,
    owners,
    me: actor.userId,
    customerId,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const values = formValues(await request.formData(), OPPORTUNITY_CREATE_FIELDS);
  try {
    const created = await caller.opportunities.create({
      name: values.name,
      amount: values.amount,
      expectedCloseDate: values.expectedCloseDate,
      ...(values.pipelineId ? { pipelineId: values.pipelineId } : {}),
      ...(values.stageId ? { stageId: values.stageId } : {}),
      ...(values.customerId ? { customerId: values.customerId } : {}),
      ...(values.ownerId ? { ownerId: values.ownerId } : {}),
      ...(values.lostReason ? { lostReason: values.lostReason } : {}),
    });
    return redirect(`/opportunities/${created.id}?created=1`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, values }, { status });
  }
}

export default function NewOpportunity() {
  const { pipelines, customers, owners, me, customerId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <div className="page-head">
        <h1>{t("opportunities.form.newTitle")}</h1>
        <Link to="/opportunities" className="button link-button">
          {t("opportunities.form.backToBoard")}
        </Link>
      </div>
      <OpportunityForm
        mode="create"
        values={result?.values ?? { ownerId: me, customerId }}
        fieldErrors={result?.error.fields ?? {}}
        formError={result?.error.message}
        submission={result}
        pipelines={pipelines}
        customers={customers}
        owners={owners}
        busy={busy}
        cancelTo="/opportunities"
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
