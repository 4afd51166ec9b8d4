import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "@qudao/core/server";
import { actionError, errorResponse, requireSignedIn } from "~/.server/request.server";
import { actionsText, conditionsText, ruleName, runRuleName, runText, triggerText } from "@qudao/ui/automation-labels";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "automation.ui.title");

const NOTICES = ["created", "saved", "deleted", "enabled", "disabled"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  // Core lets admins and managers read rules and their partner's runs; a rep gets the translated 403 page.
  const [rules, runs] = await Promise.all([caller.automation.list({ limit: 200 }), caller.automation.runs({ limit: 30 })]).catch((error: unknown) => errorResponse(error, ctx));
  const items = withPluginTexts(rules.items, ctx.locale);
  return json({
    own: items.filter((r) => r.partnerId !== null),
    platform: items.filter((r) => r.partnerId === null),
    runs: runs.items,
    canManage: can(actor, "automation:manage"),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const id = String(form.get("id") ?? "");
  try {
    if (form.get("intent") === "delete") {
      await caller.automation.delete({ id });
      return redirect("/automation?notice=deleted");
    }
    const enabled = form.get("enabled") === "true";
    await caller.automation.setEnabled({ id, enabled });
    return redirect(`/automation?notice=${enabled ? "enabled" : "disabled"}`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json(body, { status });
  }
}

type Rule = SerializeFrom<typeof loader>["own"][number];

export default function Automation() {
  const { own, platform, runs, canManage } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const format = useDateFormat();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const notice = NOTICES.find((n) => n === params.get("notice"));
  const columns = {
    trigger: t("automation.ui.columns.trigger"),
    conditions: t("automation.ui.columns.conditions"),
    actions: t("automation.ui.columns.actions"),
    status: t("automation.ui.columns.status"),
  };
  const ruleTable = (rules: Rule[]) => (
    <table className="responsive-table">
      <thead>
        <tr>
          <th scope="col">{t("automation.ui.columns.name")}</th>
          <th scope="col">{columns.trigger}</th>
          <th scope="col">{columns.conditions}</th>
          <th scope="col">{columns.actions}</th>
          <th scope="col">{columns.status}</th>
          <th scope="col">{t("automation.ui.columns.operations")}</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((rule) => (
          <tr key={rule.id} data-testid="rule-row" className={rule.enabled ? undefined : "inactive"}>
            <td className="cell-title">
              <Link to={`/automation/${rule.id}`}>{ruleName(t, rule)}</Link>
            </td>
            <td data-label={columns.trigger}>{triggerText(t, rule, i18n.language)}</td>
            <td data-label={columns.conditions}>{conditionsText(t, rule)}</td>
            <td data-label={columns.actions}>{actionsText(t, rule)}</td>
            <td data-label={columns.status}>
              <span className={rule.enabled ? "badge qualified" : "badge disqualified"}>{rule.enabled ? t("automation.ui.enabled") : t("automation.ui.disabled")}</span>
              {rule.editable ? null : <span className="badge">{t("automation.ui.readOnlyBadge")}</span>}
              {rule.pluginTrigger && !rule.pluginTrigger.available ? <span className="badge">{t("automationPlugins.ui.unavailableBadge")}</span> : null}
            </td>
            <td className="cell-actions">
              {rule.editable ? (
                <>
                  <Form method="post">
                    <input type="hidden" name="id" value={rule.id} />
                    <input type="hidden" name="enabled" value={rule.enabled ? "false" : "true"} />
                    <button type="submit" name="intent" value="toggle" className="link" disabled={busy}>
                      {rule.enabled ? t("automation.ui.disable") : t("automation.ui.enable")}
                    </button>
                  </Form>
                  <Form
                    method="post"
                    onSubmit={(event) => {
                      if (!window.confirm(t("automation.ui.deleteConfirm", { name: ruleName(t, rule) }))) event.preventDefault();
                    }}
                  >
                    <input type="hidden" name="id" value={rule.id} />
                    <button type="submit" name="intent" value="delete" className="link" disabled={busy}>
                      {t("automation.ui.delete")}
                    </button>
                  </Form>
                </>
              ) : (
                <Link to={`/automation/${rule.id}`}>{t("automation.ui.view")}</Link>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  const runColumns = { time: t("automation.ui.runs.time"), status: t("automation.ui.runs.status"), summary: t("automation.ui.runs.summary") };
  return (
    <>
      <div className="page-head">
        <h1>{t("automation.ui.title")}</h1>
        {canManage ? (
          <Link to="/automation/new" className="button primary">
            {t("automation.ui.newRule")}
          </Link>
        ) : null}
      </div>
      <p className="muted">{t("automation.ui.portalIntro")}</p>
      {notice ? (
        <p role="status" className="notice">
          {t(`automation.ui.notice.${notice}`)}
        </p>
      ) : null}
      {failure?.error ? (
        <p role="alert" className="form-error">
          {failure.error.message}
        </p>
      ) : null}

      <section aria-labelledby="own-rules">
        <h2 id="own-rules">{t("automation.ui.ownRules")}</h2>
        {own.length === 0 ? <p className="empty">{t("automation.ui.emptyOwn")}</p> : ruleTable(own)}
      </section>
      <section aria-labelledby="platform-rules">
        <h2 id="platform-rules">{t("automation.ui.platformRules")}</h2>
        {platform.length === 0 ? <p className="empty">{t("automation.ui.empty")}</p> : ruleTable(platform)}
      </section>
      <section aria-labelledby="runs-title">
        <h2 id="runs-title">{t("automation.ui.runs.title")}</h2>
        {runs.length === 0 ? (
          <p className="empty">{t("automation.ui.runs.empty")}</p>
        ) : (
          <table className="responsive-table">
            <thead>
              <tr>
                <th scope="col">{t("automation.ui.runs.rule")}</th>
                <th scope="col">{runColumns.time}</th>
                <th scope="col">{runColumns.status}</th>
                <th scope="col">{runColumns.summary}</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id} data-testid="run-row">
                  <td className="cell-title">{runRuleName(t, run)}</td>
                  <td data-label={runColumns.time}>
                    <time dateTime={run.createdAt}>{format.dateTime(run.createdAt)}</time>
                  </td>
                  <td data-label={runColumns.status}>
                    <span className={run.status === "done" ? "badge qualified" : run.status === "failed" ? "badge run-failed" : "badge disqualified"}>{t(`automation.runStatus.${run.status}`)}</span>
                  </td>
                  <td data-label={runColumns.summary}>{runText(t, run)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
