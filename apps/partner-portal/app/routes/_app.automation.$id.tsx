import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { translator } from "@qudao/core/i18n";
import { actionError, errorResponse, requireSignedIn } from "~/.server/request.server";
import { submittedRule } from "@qudao/ui/automation-form.server";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import { ruleName } from "@qudao/ui/automation-labels";
import { RuleEditor, type RuleValue } from "@qudao/ui/automation-rule-editor";
import { formClassNames } from "~/components/form-field";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "automation.ui.viewRule");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  // Another partner's rule is a 404, like a missing one; the platform's are read-only.
  const [rule, catalog] = await Promise.all([caller.automation.get({ id: params.id ?? "" }), caller.automation.catalog()]).catch((error: unknown) => errorResponse(error, ctx));
  return json({ rule: withPluginTexts(rule, ctx.locale), catalog: withPluginTexts(catalog, ctx.locale) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    const rule = submittedRule<Parameters<typeof caller.automation.create>[0]>(await request.formData());
    const id = params.id ?? "";
    const current = await caller.automation.get({ id });
    const name = current.nameKey && rule.name === translator(ctx.locale)(current.nameKey) ? current.nameKey : rule.name;
    await caller.automation.update({ ...rule, name, id });
    return redirect("/automation?notice=saved");
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json(body, { status });
  }
}

export default function EditRule() {
  const { rule, catalog } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const readOnly = !rule.editable;
  return (
    <>
      <div className="page-head">
        <h1>{readOnly ? t("automation.ui.viewRule") : t("automation.ui.editRule")}</h1>
        {readOnly ? <span className="badge">{t("automation.ui.readOnlyBadge")}</span> : null}
        {rule.pluginTrigger && !rule.pluginTrigger.available ? <span className="badge">{t("automationPlugins.ui.unavailableBadge")}</span> : null}
      </div>
      <p className="muted">{ruleName(t, rule)}</p>
      <RuleEditor
        key={rule.updatedAt}
        catalog={catalog}
        initial={{ ...rule, name: ruleName(t, rule) } as RuleValue}
        errors={result?.error.fields ?? {}}
        formMessage={result?.error.message}
        busy={busy}
        readOnly={readOnly}
        cancelTo="/automation"
        classNames={formClassNames}
      />
      {readOnly ? (
        <Link to="/automation" className="button">
          {t("automation.ui.form.cancel")}
        </Link>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
