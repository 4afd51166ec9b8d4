/**
 * The plan version's plugin rules (ADR 025): the rules it holds, each named by its rule type's label
 * and plugin as the manifest says them, with its params; on a draft, one small form per rule type a
 * platform-wide plugin offers, its params form built from the type's declared params.
 */
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PluginSettingsFields, type PluginSetting } from "@qudao/ui/plugin-settings";
import { usePluginText, type LocalizedText } from "@qudao/ui/plugin-texts";
import { formClassNames } from "~/components/form-field";

export type RuleTypeView = {
  type: string;
  pluginId: string;
  pluginName: LocalizedText;
  label: LocalizedText;
  params: Array<Record<string, unknown>>;
  runFor: "partnersWithOrders" | "activePartners";
};

export type PluginRuleView = { type: string; window: "month" | "quarter"; params: Record<string, unknown> };

/** The failed add of one rule type: the message, and per param (`settings.<name>`) what is wrong. */
export type PluginRuleError = { type: string; message: string; fields: Record<string, string>; typed: Record<string, string>; window: string };

const SETTING_TYPES = ["text", "integer", "decimal", "boolean", "select"] as const;

/** A declared param as a settings control (the kinds a plan param needs; others are typed as text). */
export function paramControl(param: Record<string, unknown>): PluginSetting {
  const type = SETTING_TYPES.find((t) => t === param.type) ?? "text";
  return {
    key: String(param.name),
    type,
    label: param.label as LocalizedText,
    help: (param.help as LocalizedText | undefined) ?? undefined,
    options: (param.options as PluginSetting["options"]) ?? undefined,
    required: param.required === true,
  };
}

function ParamValues({ ruleType, params }: { ruleType: RuleTypeView | undefined; params: Record<string, unknown> }) {
  const { t } = useTranslation();
  const text = usePluginText();
  // In the order the rule type declares its params (stored JSON has its own key order).
  const declaredOrder = (ruleType?.params ?? []).map((p) => String(p.name));
  const names = [...declaredOrder.filter((name) => name in params), ...Object.keys(params).filter((name) => !declaredOrder.includes(name))];
  const shown = names.map((name) => [name, params[name]] as const).filter(([, value]) => value !== null && value !== undefined && value !== "");
  if (shown.length === 0) return <span className="muted">{t("commissionPluginRules.editor.noParams")}</span>;
  return (
    <ul className="plain-list">
      {shown.map(([name, value]) => {
        const declared = ruleType?.params.find((p) => p.name === name);
        const option = Array.isArray(declared?.options) ? (declared.options as Array<{ value: string; label: LocalizedText }>).find((o) => o.value === value) : undefined;
        const shownValue = option ? text(option.label) : typeof value === "boolean" ? t(value ? "pluginRecords.value.yes" : "pluginRecords.value.no") : Array.isArray(value) ? value.join(t("pluginRecords.value.separator")) : String(value);
        return (
          <li key={name} data-param={name}>
            {declared ? text(declared.label as LocalizedText) : name}: <span data-field="value">{shownValue}</span>
          </li>
        );
      })}
    </ul>
  );
}

export function PluginRulesSection({
  rules,
  ruleTypes,
  draft,
  busy,
  error,
}: {
  rules: readonly PluginRuleView[];
  ruleTypes: readonly RuleTypeView[];
  draft: boolean;
  busy: boolean;
  error: PluginRuleError | null;
}) {
  const { t } = useTranslation();
  const text = usePluginText();
  const byType = new Map(ruleTypes.map((r) => [r.type, r]));
  return (
    <section className="card" aria-labelledby="plugin-rules" id="plugin-rules-section">
      <h2 id="plugin-rules">{t("commissionPluginRules.editor.title")}</h2>
      <p className="muted">{t("commissionPluginRules.editor.caption")}</p>
      {rules.length === 0 ? (
        <p className="empty">{t("commissionPluginRules.editor.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("commissionPluginRules.editor.columns.rule")}</th>
                <th scope="col">{t("commissionPluginRules.editor.columns.plugin")}</th>
                <th scope="col">{t("commissionPluginRules.editor.columns.params")}</th>
                <th scope="col">{t("commissionPluginRules.editor.columns.window")}</th>
                {draft ? <th scope="col">{t("commissionPluginRules.editor.columns.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rules.map((rule, index) => {
                const ruleType = byType.get(rule.type);
                return (
                  <tr key={`${rule.type}-${index}`} data-plugin-rule={rule.type}>
                    <th scope="row">{ruleType ? text(ruleType.label) : t("commissionPluginRules.editor.unknownType", { type: rule.type })}</th>
                    <td>{ruleType ? text(ruleType.pluginName) : "—"}</td>
                    <td>
                      <ParamValues ruleType={ruleType} params={rule.params} />
                    </td>
                    <td>{t(`commissionPluginRules.editor.window.${rule.window}`)}</td>
                    {draft ? (
                      <td>
                        <Form method="post">
                          <input type="hidden" name="intent" value="removePluginRule" />
                          <input type="hidden" name="index" value={index} />
                          <button type="submit" disabled={busy}>
                            {t("commissionPluginRules.editor.remove")}
                          </button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {draft ? (
        ruleTypes.length === 0 ? (
          <p className="muted">{t("commissionPluginRules.editor.noneAvailable")}</p>
        ) : (
          ruleTypes.map((ruleType) => {
            const failed = error?.type === ruleType.type ? error : null;
            const controls = ruleType.params.map(paramControl);
            const label = text(ruleType.label);
            return (
              <details key={ruleType.type} className="plugin-rule-add" data-rule-type={ruleType.type} open={failed !== null}>
                <summary>
                  {t("commissionPluginRules.editor.addTitle", { rule: label })} <span className="muted">· {text(ruleType.pluginName)} · {t(ruleType.runFor === "activePartners" ? "commissionPluginRules.editor.runsForAll" : "commissionPluginRules.editor.runsForOrders")}</span>
                </summary>
                <Form method="post" noValidate className="settings-form">
                  <input type="hidden" name="intent" value="addPluginRule" />
                  <input type="hidden" name="ruleType" value={ruleType.type} />
                  {failed?.message ? (
                    <p className="form-error" role="alert">
                      {failed.message}
                    </p>
                  ) : null}
                  <PluginSettingsFields settings={controls} values={failed?.typed ?? {}} errors={failed?.fields ?? {}} classNames={formClassNames} readOnly={busy} />
                  <div className="field">
                    <label htmlFor={`window-${ruleType.type}`}>{t("commissionPluginRules.editor.windowLabel")}</label>
                    <select id={`window-${ruleType.type}`} name="window" defaultValue={failed?.window ?? "month"} disabled={busy}>
                      {(["month", "quarter"] as const).map((window) => (
                        <option key={window} value={window}>
                          {t(`commissionPluginRules.editor.window.${window}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="actions">
                    <button type="submit" disabled={busy}>
                      {t("commissionPluginRules.editor.add")}
                    </button>
                  </div>
                </Form>
              </details>
            );
          })
        )
      ) : null}
    </section>
  );
}
