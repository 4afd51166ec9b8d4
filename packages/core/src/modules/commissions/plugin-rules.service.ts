/**
 * Commission rule types contributed by plugins (ADR 025). A plan version may hold `pluginRules`:
 * `{ type: "<ns>__name", params, window }`. When a version is saved or activated, every rule must be
 * a rule type of a plugin installed platform-wide, its params fitting the type's declared params
 * (the same checkValues as plugin fields). When a partner's period is generated or simulated, the
 * rules of the version closing the period run: each rule's `commission` hook is invoked in the
 * partner's sandbox with the period, the partner, the params and the partner's orders and refunds of
 * the rule's window, reading records through the install's permissions and the partner's scope; the
 * lines it returns are judged (plugin-lines.rules.ts) and become statement lines.
 *
 * Hooks run before the statement's transaction (their reads use other connections, and a
 * transaction never waits on the pool). Any failure — the plugin not installed, the hook failing,
 * one bad line — is a PluginRuleFailure naming the plugin: that partner's statement is not generated
 * at all, the failure is recorded for the developer, other partners go on.
 */
import { Converter } from "opencc-js/cn2t";
import type { TFieldDefinition, TLocalizedText, TPluginManifest } from "@qudao/plugins/manifest";
import { requirePermission, type Actor } from "../../actor/index.ts";
import { runAsSystem, systemTransaction } from "../../db/index.ts";
import { DomainError, type ErrorDetail } from "../../errors/index.ts";
import { hasMessage, pluginMessageKey, SUPPORTED_LOCALES, translator } from "../../i18n/index.ts";
import { checkValues } from "../plugins/custom-values.rules.ts";
import { readerFor, tenantReader } from "../plugins/event-hooks.service.ts";
import { recordHookFailure } from "../plugins/hook-stats.service.ts";
import { activeInstalls, type InstalledPlugin } from "../plugins/installed-plugins.ts";
import { accountCall, sandboxFor } from "../plugins/plugin-host.ts";
import { isPluginIntegrityError } from "../plugins/plugin-loader.ts";
import { planInForce, type PlanVersion, type PluginLine } from "./commission.rules.ts";
import type { TCommissionRules, TPluginRule } from "./commission.schemas.ts";
import type { TPluginRuleType } from "./commission-plans.schemas.ts";
import { checkPluginLines, sourceKey, windowStartOf } from "./plugin-lines.rules.ts";
import { ordersForRule, partnerTerritory, refundsForRule, statementLocked, type RuleOrderRow, type RuleRefundRow } from "./plugin-rules.repository.ts";
import { periodBounds, type TPeriod } from "./periods.rules.ts";

type RuleTypeDeclaration = TPluginManifest["contributes"]["commissionRuleTypes"][number];

/** A rule type a platform-wide install provides, with the hook that computes it. */
export type AvailableRuleType = { install: InstalledPlugin; declaration: RuleTypeDeclaration };

/** Rule types of the plugins installed platform-wide (and running), by name. */
async function availableRuleTypes(): Promise<Map<string, AvailableRuleType>> {
  const out = new Map<string, AvailableRuleType>();
  for (const install of await activeInstalls()) {
    // The plan is the platform's: only a plugin that runs for every partner can compute one of its rules.
    if (install.partnerId !== null) continue;
    for (const declaration of install.manifest.contributes.commissionRuleTypes) {
      const hook = install.manifest.hooks.find((h) => h.name === declaration.hook);
      if (hook?.kind === "commission") out.set(declaration.name, { install, declaration });
    }
  }
  return out;
}

/**
 * The plan's plugin rules checked against the installed plugins, params normalised as checkValues
 * reads them. Throws VALIDATION_FAILED with one detail per problem (`rules.pluginRules.<i>.type` /
 * `.params.<name>`).
 */
export async function checkPluginRules(rules: TCommissionRules): Promise<TCommissionRules> {
  if (!rules.pluginRules || rules.pluginRules.length === 0) return rules;
  const available = await availableRuleTypes();
  const details: ErrorDetail[] = [];
  const pluginRules = rules.pluginRules.map((rule, index): TPluginRule => {
    const found = available.get(rule.type);
    if (!found) {
      details.push({ path: `rules.pluginRules.${index}.type`, message: "commissionPluginRules.errors.ruleTypeNotInstalled", params: { type: rule.type } });
      return rule;
    }
    const checked = checkValues(found.declaration.params, rule.params, { partial: false, pathPrefix: `rules.pluginRules.${index}.params` });
    for (const issue of checked.issues) details.push({ path: issue.path, message: issue.message, ...(issue.params ? { params: issue.params } : {}) });
    return { ...rule, params: checked.values as TPluginRule["params"] };
  });
  if (details.length > 0) throw new DomainError("VALIDATION_FAILED", { details });
  return { ...rules, pluginRules };
}

/** GET /commission-plans/plugin-rule-types: what the plan editor offers (labels and params from the manifests). */
export async function listPluginRuleTypes(actor: Actor): Promise<TPluginRuleType[]> {
  requirePermission(actor, "commissionPlan:read");
  const available = await availableRuleTypes();
  return [...available.values()]
    .map(({ install, declaration }) => ({
      type: declaration.name,
      pluginId: install.pluginId,
      pluginName: install.manifest.name,
      label: declaration.label,
      params: declaration.params as Array<TFieldDefinition & Record<string, unknown>>,
      runFor: declaration.runFor,
    }))
    .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

/** A plugin rule could not be computed for a partner: its statement is not generated (translated, naming the plugin). */
export class PluginRuleFailure extends DomainError {
  constructor(i18nKey: string, params: Record<string, string | number>) {
    super("RULE_VIOLATION", { i18nKey, params });
    this.name = "PluginRuleFailure";
  }
}

export function isPluginRuleFailure(error: unknown): error is PluginRuleFailure {
  return error instanceof PluginRuleFailure;
}

/** The rules of the version closing the period that settle in it, with their window's first month. */
function settlingRules(versions: readonly PlanVersion[], period: TPeriod, timeZone: string): { version: PlanVersion; rules: Array<{ rule: TPluginRule; index: number; windowStart: TPeriod }> } | null {
  const { end } = periodBounds(period, timeZone);
  const version = planInForce(versions, new Date(end.getTime() - 1));
  if (!version?.rules.pluginRules?.length) return null;
  const rules = version.rules.pluginRules.flatMap((rule, index) => {
    const windowStart = windowStartOf(period, rule.window);
    return windowStart ? [{ rule, index, windowStart }] : [];
  });
  return rules.length > 0 ? { version, rules } : null;
}

/** Whether a run of this period must visit every active partner (a settling rule type runs for all of them). */
export async function pluginRulesNeedAllPartners(versions: readonly PlanVersion[], period: TPeriod, timeZone: string): Promise<boolean> {
  const settling = settlingRules(versions, period, timeZone);
  if (!settling) return false;
  const available = await availableRuleTypes();
  return settling.rules.some(({ rule }) => available.get(rule.type)?.declaration.runFor === "activePartners");
}

/**
 * The first instant of the widest window of the plugin rules settling in `period` (a quarterly rule's
 * quarter), or null when none settles: partners with orders since then take part in a simulation.
 */
export function pluginRulesWindowStart(versions: readonly PlanVersion[], period: TPeriod, timeZone: string): Date | null {
  const settling = settlingRules(versions, period, timeZone);
  if (!settling) return null;
  const first = settling.rules.map((r) => r.windowStart).sort()[0]!;
  return periodBounds(first, timeZone).start;
}

const NO_USER = "00000000-0000-0000-0000-000000000000";

let toTraditional: ((text: string) => string) | undefined;

/** A manifest text with zh-TW (converted from zh-CN when the plugin left it out), as a line keeps it. */
function inEveryLocale(text: TLocalizedText): Record<string, string> {
  toTraditional ??= Converter({ from: "cn", to: "tw" });
  return { "zh-CN": text["zh-CN"], "zh-TW": text["zh-TW"] ?? toTraditional(text["zh-CN"]), en: text.en };
}

function names(install: InstalledPlugin, declaration: RuleTypeDeclaration) {
  return { plugin: install.manifest.name["zh-CN"], pluginEn: install.manifest.name.en, rule: declaration.label["zh-CN"], ruleEn: declaration.label.en };
}

function ownFields(install: InstalledPlugin, customFields: Record<string, unknown> | null): Record<string, unknown> {
  return Object.fromEntries(Object.entries(customFields ?? {}).filter(([key]) => key.startsWith(`${install.namespace}__`)));
}

type Inputs = { orders: RuleOrderRow[]; refunds: RuleRefundRow[] };

/**
 * The lines of the plugin rules settling in `period` for one partner, checked, under the versions
 * given (the active ones for a statement, with a draft for a simulation). An empty list when the
 * closing version has none. Throws PluginRuleFailure; never writes anything but the plugin's call
 * statistics and failures.
 */
export async function computePluginLines(partner: { id: string; tier: string }, period: TPeriod, versions: readonly PlanVersion[], timeZone: string): Promise<PluginLine[]> {
  const settling = settlingRules(versions, period, timeZone);
  if (!settling) return [];
  const available = await availableRuleTypes();
  const { start, end } = periodBounds(period, timeZone);
  const windows = new Map<TPeriod, Inputs>();
  const territory = await runAsSystem("commissions:plugin-rules", () => systemTransaction((tx) => partnerTerritory(tx, partner.id)));
  const inputsOf = async (windowStart: TPeriod): Promise<Inputs> => {
    let inputs = windows.get(windowStart);
    if (!inputs) {
      const from = periodBounds(windowStart, timeZone).start;
      inputs = await runAsSystem("commissions:plugin-rules", () =>
        systemTransaction(async (tx) => ({ orders: await ordersForRule(tx, partner.id, from, end), refunds: await refundsForRule(tx, partner.id, from, end) })),
      );
      windows.set(windowStart, inputs);
    }
    return inputs;
  };

  const lines: PluginLine[] = [];
  for (const { rule, index, windowStart } of settling.rules) {
    const found = available.get(rule.type);
    if (!found) throw new PluginRuleFailure("commissionPluginRules.errors.ruleTypeUnavailable", { ruleType: rule.type });
    const { install, declaration } = found;
    const inputs = await inputsOf(windowStart);
    if (declaration.runFor === "partnersWithOrders" && inputs.orders.length === 0 && inputs.refunds.length === 0) continue;
    const hook = declaration.hook;
    let sandbox;
    try {
      sandbox = await sandboxFor(install, partner.id, hook);
    } catch (error) {
      if (!isPluginIntegrityError(error)) throw error;
      await accountCall(install, hook, partner.id, { outcome: "integrity", cpuMicros: 0, error: { code: error.code, message: error.message } });
      throw new PluginRuleFailure("commissionPluginRules.errors.hookFailed", { ...names(install, declaration), hook, outcome: "integrity" });
    }
    const context = {
      pluginId: install.pluginId,
      partnerId: partner.id,
      settings: install.settings,
      actor: { userId: null, role: null, partnerId: null },
      // Hooks have no clock: a past period always sees its own last instant, so a rerun sees the same.
      now: new Date(Math.min(end.getTime() - 1, Date.now())).toISOString(),
      ruleType: rule.type,
      params: rule.params,
      period: { key: period, start: start.toISOString(), windowStart: periodBounds(windowStart, timeZone).start.toISOString(), end: end.toISOString(), window: rule.window },
      partner: { id: partner.id, tier: partner.tier, territory },
      orders: inputs.orders.map((order) => ({
        id: order.id,
        externalId: order.externalId,
        customerId: order.customerId,
        orderedAt: order.orderedAt.toISOString(),
        currency: order.currency,
        total: order.total,
        items: order.items,
        customFields: ownFields(install, order.customFields),
      })),
      refunds: inputs.refunds.map((refund) => ({ id: refund.id, orderId: refund.orderId, refundedAt: refund.refundedAt.toISOString(), amount: refund.amount })),
    };
    const reader = readerFor(install, tenantReader(partner.id, NO_USER), partner.id, hook);
    const result = await sandbox.invoke(hook, "commission", context, { reader });
    await accountCall(install, hook, partner.id, result);
    if (result.outcome !== "ok" || !result.value) {
      throw new PluginRuleFailure("commissionPluginRules.errors.hookFailed", { ...names(install, declaration), hook, outcome: result.outcome });
    }
    const output = result.value.lines;
    const readableSources = new Set<string>();
    for (const ref of new Map(output.flatMap((line) => (line.sourceRef ? [[sourceKey(line.sourceRef), line.sourceRef] as const] : []))).values()) {
      if (await reader.get(ref.object, ref.id)) readableSources.add(sourceKey(ref));
    }
    const checked = checkPluginLines(output, {
      period,
      planVersionId: settling.version.id,
      ruleIndex: index,
      ruleType: rule.type,
      ruleLabel: inEveryLocale(declaration.label),
      window: rule.window,
      plugin: { id: install.pluginId, version: install.version, name: inEveryLocale(install.manifest.name) },
      inputOrderIds: new Set([...inputs.orders.map((o) => o.id), ...inputs.refunds.map((r) => r.orderId)]),
      readableSources,
      hasMessage: (key) => hasMessage(pluginMessageKey(install.namespace, key)),
      describe: (key, params) => Object.fromEntries(SUPPORTED_LOCALES.map((locale) => [locale, String(translator(locale)(pluginMessageKey(install.namespace, key), params))])),
    });
    if (!checked.ok) {
      await recordHookFailure({
        pluginId: install.pluginId,
        versionId: install.versionId,
        installId: install.installId,
        partnerId: partner.id,
        hook,
        outcome: "invalid_output",
        code: `commission_line_${checked.problem}`,
        message: `${period} ${rule.type}: line #${checked.index + 1} ${checked.problem}: ${JSON.stringify(output[checked.index])}`,
      });
      throw new PluginRuleFailure("commissionPluginRules.errors.invalidLine", { ...names(install, declaration), hook, line: checked.index + 1, problem: checked.problem });
    }
    lines.push(...checked.lines);
  }
  return lines;
}

/**
 * The plugin lines for generating a partner's period, or an empty list when its statement is locked
 * (nothing is computed for a locked statement; the transaction sees it too and writes nothing).
 */
export async function pluginLinesForStatement(partner: { id: string; tier: string }, period: TPeriod, versions: readonly PlanVersion[], timeZone: string): Promise<PluginLine[]> {
  if (!settlingRules(versions, period, timeZone)) return [];
  const locked = await runAsSystem("commissions:plugin-rules", () => systemTransaction((tx) => statementLocked(tx, partner.id, period)));
  return locked ? [] : computePluginLines(partner, period, versions, timeZone);
}
