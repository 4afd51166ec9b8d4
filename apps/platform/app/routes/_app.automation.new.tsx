import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DomainError } from "@qudao/core/server";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { submittedRule } from "@qudao/ui/automation-form.server";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import { RuleEditor } from "@qudao/ui/automation-rule-editor";
import { formClassNames } from "~/components/form-field";
import { pageTitle } from "~/components/page-title";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { can } from "@qudao/core/server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "automation.ui.newRule");

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  try {
    if (!can(actor, "automation:manage")) throw new DomainError("FORBIDDEN");
    return json({ catalog: withPluginTexts(await caller.automation.catalog(), ctx.locale) });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    const rule = submittedRule<Parameters<typeof caller.automation.create>[0]>(await request.formData());
    await caller.automation.create(rule);
    return redirect("/automation?notice=created");
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json(body, { status });
  }
}

export default function NewRule() {
  const { catalog } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <div className="page-head">
        <h1>{t("automation.ui.newRule")}</h1>
      </div>
      <RuleEditor catalog={catalog} initial={null} errors={result?.error.fields ?? {}} formMessage={result?.error.message} busy={busy} readOnly={false} cancelTo="/automation" classNames={formClassNames} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
