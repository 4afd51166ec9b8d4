import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { translator } from "@qudao/core/i18n";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { submittedRule } from "@qudao/ui/automation-form.server";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import { ruleName } from "@qudao/ui/automation-labels";
import { RuleEditor, type RuleValue } from "@qudao/ui/automation-rule-editor";
import { formClassNames } from "~/components/form-field";
import { pageTitle } from "~/components/page-title";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "automation.ui.viewRule");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    const [rule, catalog] = await Promise.all([caller.automation.get({ id: params.ruleId ?? "" }), caller.automation.catalog()]);
    return json({ rule: withPluginTexts(rule, ctx.locale), catalog: withPluginTexts(catalog, ctx.locale) });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    const rule = submittedRule<Parameters<typeof caller.automation.create>[0]>(await request.formData());
    const id = params.ruleId ?? "";
    // A built-in rule keeps its translated name unless the editor changed it.
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
        <h1>
          {readOnly ? t("automation.ui.viewRule") : t("automation.ui.editRule")} · {ruleName(t, rule)}
          {readOnly ? <span className="badge"> {t("automation.ui.readOnlyBadge")}</span> : null}
          {rule.pluginTrigger && !rule.pluginTrigger.available ? <span className="badge"> {t("automationPlugins.ui.unavailableBadge")}</span> : null}
        </h1>
        {readOnly ? (
          <Link to="/automation" className="button">
            {t("automation.ui.form.cancel")}
          </Link>
        ) : null}
      </div>
      {rule.partnerName ? <p className="muted">{rule.partnerName}</p> : null}
      <RuleEditor
        key={rule.updatedAt}
        catalog={catalog}
        initial={{ ...rule, name: rule.nameKey ? t(rule.nameKey) : rule.name } as RuleValue}
        errors={result?.error.fields ?? {}}
        formMessage={result?.error.message}
        busy={busy}
        readOnly={readOnly}
        cancelTo="/automation"
        classNames={formClassNames}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
