import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { env } from "@qudao/core/server";
import { periodOf, previousPeriod } from "@qudao/core/schemas";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { CommissionPlanForm, RatePreviewTable } from "~/components/commission-plan-form";
import { PLAN_TIME_ZONE, planFormValues, planInput, planValues } from "~/components/commission-plan-form.server";
import { DateTime } from "~/components/date-time";
import { PlanSimulationSection } from "~/components/plan-simulation";
import { PluginRulesSection, type PluginRuleError, type RuleTypeView } from "~/components/plugin-rules-editor";
import { pluginRuleError, pluginRuleSubmission, pluginRulesOf } from "~/components/plugin-rules-editor.server";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import { pageTitle } from "~/components/page-title";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import reconciliationStyles from "~/reconciliation.css?url";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "commissions.plans.title", data ? `v${data.plan.version} ${data.plan.name}` : null);

export const links: LinksFunction = () => [{ rel: "stylesheet", href: reconciliationStyles }];

const DONE = ["created", "saved", "activated", "withdrawn"] as const;
const PLUGIN_RULE_DONE = { pluginRuleAdded: "commissionPluginRules.editor.added", pluginRuleRemoved: "commissionPluginRules.editor.removed" } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    const plan = await caller.commissionPlans.get({ id: params.planId ?? "" });
    const preview = await caller.commissionPlans.preview({ rules: plan.rules as Parameters<typeof caller.commissionPlans.preview>[0]["rules"] });
    // The simulation being watched (?simulation=), else the version's latest one.
    const watched = new URL(request.url).searchParams.get("simulation") ?? "";
    const simulation = UUID.test(watched) ? await caller.planSimulations.get({ id: plan.id, runId: watched }) : ((await caller.planSimulations.list({ id: plan.id }))[0] ?? null);
    const currentPeriod = periodOf(new Date(), env().PLATFORM_TIMEZONE);
    // Rule types of the plugins installed platform-wide (ADR 025), labels as their manifests say them.
    const ruleTypes = withPluginTexts(await caller.commissionPlans.pluginRuleTypes(), ctx.locale) as RuleTypeView[];
    return json({
      plan,
      pluginRules: pluginRulesOf(plan.rules),
      ruleTypes,
      values: planValues(plan),
      preview,
      timeZone: PLAN_TIME_ZONE,
      canWithdraw: plan.status === "active" && new Date(plan.effectiveFrom) > new Date(),
      simulation,
      simulationPeriods: { default: previousPeriod(currentPeriod), max: currentPeriod },
    });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "save");
  const id = params.planId ?? "";
  const values = planFormValues(form);
  if (intent === "addPluginRule" || intent === "removePluginRule") return pluginRuleAction(intent, form, id, caller, ctx, values);
  if (intent === "simulate") {
    try {
      const { jobId } = await caller.planSimulations.start({ id, period: String(form.get("period") ?? "") });
      return redirect(`/commission-plans/${id}?simulation=${jobId}#plan-simulation`);
    } catch (error) {
      const { body, status } = actionError(error, ctx);
      return json({ error: null, values, preview: null, simulationError: body.error }, { status });
    }
  }
  try {
    if (intent === "activate") {
      await caller.commissionPlans.activate({ id });
      return redirect(`/commission-plans/${id}?done=activated`);
    }
    if (intent === "withdraw") {
      await caller.commissionPlans.withdraw({ id });
      return redirect(`/commission-plans/${id}?done=withdrawn`);
    }
    const parsed = planInput(values, ctx.locale);
    if (!parsed.ok) return json({ error: { code: "VALIDATION_FAILED", message: "", fields: parsed.fields }, values, preview: null }, { status: 400 });
    type Input = Parameters<typeof caller.commissionPlans.update>[0];
    if (intent === "preview") {
      const preview = await caller.commissionPlans.preview({ rules: parsed.input.rules as Input["rules"] & object });
      return json({ error: null, values, preview });
    }
    await caller.commissionPlans.update({ id, ...(parsed.input as Omit<Input, "id">) });
    return redirect(`/commission-plans/${id}?done=saved`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, values, preview: null }, { status });
  }
}

type Caller = Awaited<ReturnType<typeof requireSignedIn>>["caller"];
type Ctx = Awaited<ReturnType<typeof requireSignedIn>>["ctx"];

/** Add a rule of a plugin's rule type to the draft, or remove one: the rules are saved at once (core checks them). */
async function pluginRuleAction(intent: "addPluginRule" | "removePluginRule", form: FormData, id: string, caller: Caller, ctx: Ctx, values: ReturnType<typeof planFormValues>) {
  const plan = await caller.commissionPlans.get({ id }).catch((error: unknown) => throwPublicError(error, ctx));
  const rules = plan.rules as Record<string, unknown>;
  const existing = Array.isArray(rules.pluginRules) ? (rules.pluginRules as unknown[]) : [];
  type Rules = Parameters<typeof caller.commissionPlans.update>[0]["rules"];
  if (intent === "removePluginRule") {
    const index = Number(form.get("index"));
    try {
      await caller.commissionPlans.update({ id, rules: { ...rules, pluginRules: existing.filter((_, i) => i !== index) } as Rules });
      return redirect(`/commission-plans/${id}?done=pluginRuleRemoved#plugin-rules-section`);
    } catch (error) {
      const { body, status } = actionError(error, ctx);
      return json({ ...body, values, preview: null }, { status });
    }
  }
  const ruleTypes = (await caller.commissionPlans.pluginRuleTypes()) as RuleTypeView[];
  const ruleType = ruleTypes.find((r) => r.type === String(form.get("ruleType") ?? ""));
  if (!ruleType) throw new Response(null, { status: 400 });
  const { rule, typed, window } = pluginRuleSubmission(form, ruleType);
  try {
    await caller.commissionPlans.update({ id, rules: { ...rules, pluginRules: [...existing, rule] } as Rules });
    return redirect(`/commission-plans/${id}?done=pluginRuleAdded#plugin-rules-section`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    const pluginRule: PluginRuleError = pluginRuleError(ruleType.type, existing.length, body.error, typed, window);
    return json({ error: null, values, preview: null, pluginRuleError: pluginRule }, { status });
  }
}

export default function CommissionPlanPage() {
  const { plan, pluginRules, ruleTypes, values, preview, timeZone, canWithdraw, simulation, simulationPeriods } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const done = DONE.find((d) => d === params.get("done"));
  const pluginRuleDone = PLUGIN_RULE_DONE[params.get("done") as keyof typeof PLUGIN_RULE_DONE] ?? null;
  const draft = plan.status === "draft";
  return (
    <>
      <div className="page-head">
        <h1>{t("commissions.plans.form.editTitle", { version: plan.version, name: plan.name })}</h1>
        <Link to="/commission-plans" className="button">
          {t("commissions.plans.form.back")}
        </Link>
      </div>
      {done && !result ? (
        <p className="notice" role="status">
          {t(`commissions.plans.form.${done}`)}
        </p>
      ) : null}
      {pluginRuleDone && !result ? (
        <p className="notice" role="status">
          {t(pluginRuleDone)}
        </p>
      ) : null}
      <p>
        <span className={`badge plan-${plan.status}`} data-field="status">
          {t(`commissions.plans.status.${plan.status}`)}
        </span>{" "}
        {plan.activatedAt ? (
          <span className="muted">
            {t("commissions.plans.columns.activatedAt")} <DateTime value={plan.activatedAt} />
          </span>
        ) : null}
      </p>
      {draft ? null : <p className="muted">{t("commissions.plans.form.readOnly")}</p>}
      {/* Keyed by the saved version: after a plugin rule is added or removed the rules box shows what is saved now. */}
      <CommissionPlanForm key={`plan-form-${String(plan.updatedAt)}`} values={result?.values ?? values} error={result?.error ?? undefined} readOnly={!draft} timeZone={timeZone} busy={busy}>
        {draft ? (
          <>
            <button type="submit" name="intent" value="save" disabled={busy}>
              {t("commissions.plans.form.save")}
            </button>
            <button type="submit" name="intent" value="preview" disabled={busy}>
              {t("commissions.plans.form.preview")}
            </button>
            <button type="submit" name="intent" value="activate" className="primary" disabled={busy}>
              {t("commissions.plans.form.activate")}
            </button>
          </>
        ) : canWithdraw ? (
          <button type="submit" name="intent" value="withdraw" disabled={busy}>
            {t("commissions.plans.form.withdraw")}
          </button>
        ) : null}
      </CommissionPlanForm>
      <PluginRulesSection
        key={`plugin-rules-${String(plan.updatedAt)}`}
        rules={pluginRules}
        ruleTypes={ruleTypes}
        draft={draft}
        busy={busy}
        error={result && "pluginRuleError" in result ? (result.pluginRuleError as PluginRuleError) : null}
      />
      <RatePreviewTable preview={result?.preview ?? preview} />
      <PlanSimulationSection
        planId={plan.id}
        simulation={simulation}
        defaultPeriod={simulationPeriods.default}
        maxPeriod={simulationPeriods.max}
        error={result && "simulationError" in result ? result.simulationError : null}
        busy={busy}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
