import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "@qudao/core/server";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { actionsText, conditionsText, ruleName, runRuleName, runText, triggerText } from "@qudao/ui/automation-labels";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import { DateTime } from "~/components/date-time";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { formText, throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "automation.ui.title");

const SCOPES = ["platform", "partner"] as const;
const RUN_STATUSES = ["done", "skipped", "failed"] as const;
const NOTICES = ["created", "saved", "deleted", "enabled", "disabled"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const scope = SCOPES.find((s) => s === params.get("scope")) ?? null;
  const runStatus = RUN_STATUSES.find((s) => s === params.get("runStatus")) ?? null;
  const cursor = params.get("cursor") || undefined;
  try {
    const [rules, runs] = await Promise.all([
      caller.automation.list({ limit: 100, ...(scope ? { scope } : {}), ...(cursor ? { cursor } : {}) }),
      caller.automation.runs({ limit: 30, ...(runStatus ? { status: runStatus } : {}) }),
    ]);
    return json({ rules: withPluginTexts(rules, ctx.locale), runs: runs.items, filters: { scope: scope ?? "", runStatus: runStatus ?? "" }, canManage: can(actor, "automation:manage") });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const id = formText(form, "id");
  const intent = formText(form, "intent");
  try {
    if (intent === "delete") {
      await caller.automation.delete({ id });
      return redirect("/automation?notice=deleted");
    }
    const enabled = formText(form, "enabled") === "true";
    await caller.automation.setEnabled({ id, enabled });
    return redirect(`/automation?notice=${enabled ? "enabled" : "disabled"}`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json(body, { status });
  }
}

export default function AutomationRules() {
  const { rules, runs, filters, canManage } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const notice = NOTICES.find((n) => n === params.get("notice"));
  const tab = (scope: string, label: string) => (
    <Link to={scope ? `?scope=${scope}` : "?"} className={filters.scope === scope ? "active" : undefined} aria-current={filters.scope === scope ? "page" : undefined}>
      {label}
    </Link>
  );
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
      <p className="muted">{t("automation.ui.intro")}</p>
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
      <nav className="tabs" aria-label={t("automation.ui.title")}>
        {tab("", t("automation.ui.allRules"))}
        {tab("platform", t("automation.ui.platformRules"))}
        {tab("partner", t("automation.ui.partnerRules"))}
      </nav>
      {rules.items.length === 0 ? (
        <p className="empty">{t("automation.ui.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("automation.ui.columns.name")}</th>
                <th scope="col">{t("automation.ui.columns.scope")}</th>
                <th scope="col">{t("automation.ui.columns.trigger")}</th>
                <th scope="col">{t("automation.ui.columns.conditions")}</th>
                <th scope="col">{t("automation.ui.columns.actions")}</th>
                <th scope="col">{t("automation.ui.columns.status")}</th>
                <th scope="col">{t("automation.ui.columns.operations")}</th>
              </tr>
            </thead>
            <tbody>
              {rules.items.map((rule) => (
                <tr key={rule.id} data-testid="rule-row">
                  <td>
                    <Link to={`/automation/${rule.id}`} className="strong">
                      {ruleName(t, rule)}
                    </Link>
                    {rule.valid ? null : <span className="badge"> {t("automation.ui.invalidBadge")}</span>}
                    {rule.pluginTrigger && !rule.pluginTrigger.available ? <span className="badge"> {t("automationPlugins.ui.unavailableBadge")}</span> : null}
                  </td>
                  <td>{rule.partnerId ? rule.partnerName : t("automation.ui.scopePlatform")}</td>
                  <td>{triggerText(t, rule, i18n.language)}</td>
                  <td>{conditionsText(t, rule)}</td>
                  <td>{actionsText(t, rule)}</td>
                  <td>
                    <span className={rule.enabled ? "badge partner-active" : "badge partner-terminated"}>{rule.enabled ? t("automation.ui.enabled") : t("automation.ui.disabled")}</span>
                  </td>
                  <td>
                    {rule.editable ? (
                      <div className="actions">
                        <Link to={`/automation/${rule.id}`}>{t("automation.ui.edit")}</Link>
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
                          <button type="submit" name="intent" value="delete" className="link danger" disabled={busy}>
                            {t("automation.ui.delete")}
                          </button>
                        </Form>
                      </div>
                    ) : (
                      <Link to={`/automation/${rule.id}`}>{t("automation.ui.view")}</Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager nextCursor={rules.nextCursor} />

      <section aria-labelledby="runs-title">
        <div className="page-head">
          <h2 id="runs-title">{t("automation.ui.runs.title")}</h2>
        </div>
        <Form method="get" className="toolbar">
          {filters.scope ? <input type="hidden" name="scope" value={filters.scope} /> : null}
          <label>
            {t("automation.ui.runs.statusFilter")}
            <select name="runStatus" defaultValue={filters.runStatus}>
              <option value="">{t("common.all")}</option>
              {RUN_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`automation.runStatus.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t("common.actions.search")}</button>
        </Form>
        {runs.length === 0 ? (
          <p className="empty">{t("automation.ui.runs.empty")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("automation.ui.runs.time")}</th>
                  <th scope="col">{t("automation.ui.runs.rule")}</th>
                  <th scope="col">{t("automation.ui.runs.partner")}</th>
                  <th scope="col">{t("automation.ui.runs.status")}</th>
                  <th scope="col">{t("automation.ui.runs.summary")}</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => (
                  <tr key={run.id} data-testid="run-row">
                    <td>
                      <DateTime value={run.createdAt} style="precise" />
                    </td>
                    <td>
                      <Link to={`/automation/${run.ruleId}`}>{runRuleName(t, run)}</Link>
                    </td>
                    <td>{run.partnerName ?? <span className="muted">—</span>}</td>
                    <td>
                      <span className={`badge run-${run.status}`}>{t(`automation.runStatus.${run.status}`)}</span>
                    </td>
                    <td className={run.status === "failed" ? "field-error" : undefined}>{runText(t, run)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
