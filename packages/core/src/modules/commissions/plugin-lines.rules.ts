/**
 * The lines a plugin's commission hook returned (ADR 025), judged before anything is written. Pure:
 * plugin-rules.service.ts gathers what needs I/O (which orders were inputs, which source records the
 * plugin can read, which message keys its locales have) and passes it in.
 *
 * The sandbox already checked the shape (`ZCommissionHookLine`: decimal strings, amounts with two
 * places, uuids). Here is what needs the inputs and the money rules: the sign each kind must have
 * (the same CHECK the database holds), a rate from 0 to 1, `amount` = `base × rate` to the cent
 * (half-up or half-even: the SDK's decimal helper offers both, and both are within half a cent of
 * the exact product), an order that was one of the inputs, a source the plugin may read, a
 * description the plugin's locales can say. One bad line refuses them all: a statement is never
 * half-computed.
 */
import type { TCommissionHookLine } from "@qudao/plugins/runtime";
import { formatExact, formatMoney, formatRate, toDecimal } from "../money.rules.ts";
import type { PluginLine } from "./commission.rules.ts";
import type { TPeriod } from "./periods.rules.ts";

export const PLUGIN_LINE_PROBLEMS = ["amountSign", "negativeZero", "rateRange", "amountNotBaseTimesRate", "orderNotInInputs", "sourceUnreadable", "unknownMessageKey"] as const;
export type PluginLineProblem = (typeof PLUGIN_LINE_PROBLEMS)[number];

/** How far an amount may be from the exact base × rate: half a cent (either rounding lands within it). */
const HALF_CENT = toDecimal("0.005");

export type PluginRuleCall = {
  period: TPeriod;
  planVersionId: string;
  ruleIndex: number;
  ruleType: string;
  ruleLabel: Record<string, string>;
  window: "month" | "quarter";
  plugin: { id: string; version: string; name: Record<string, string> };
  /** The orders the hook was given, and the orders of the refunds it was given. */
  inputOrderIds: ReadonlySet<string>;
  /** `object:id` of every source record the hook named that its reader can read. */
  readableSources: ReadonlySet<string>;
  /** Whether the plugin's locales have this key. */
  hasMessage(key: string): boolean;
  /** The description in every language (the plugin's text with its params). */
  describe(key: string, params: Record<string, string | number>): Record<string, string>;
};

export type CheckedPluginLines = { ok: true; lines: PluginLine[] } | { ok: false; index: number; problem: PluginLineProblem };

/** `object:id`, the form `readableSources` holds. */
export function sourceKey(ref: { object: string; id: string }): string {
  return `${ref.object}:${ref.id}`;
}

function problemOf(line: TCommissionHookLine, call: PluginRuleCall): PluginLineProblem | null {
  const amount = toDecimal(line.amount);
  if (line.amount.startsWith("-") && amount.isZero()) return "negativeZero";
  if (line.kind === "clawback" ? amount.gt(0) : amount.isNegative()) return "amountSign";
  if (line.rate !== undefined) {
    const rate = toDecimal(line.rate);
    if (rate.isNegative() || rate.gt(1)) return "rateRange";
    const exact = toDecimal(line.base).mul(rate).abs();
    if (amount.abs().sub(exact).abs().gt(HALF_CENT)) return "amountNotBaseTimesRate";
  }
  if (line.orderId !== undefined && !call.inputOrderIds.has(line.orderId)) return "orderNotInInputs";
  if (line.sourceRef !== undefined && !call.readableSources.has(sourceKey(line.sourceRef))) return "sourceUnreadable";
  if (!call.hasMessage(line.description.messageKey)) return "unknownMessageKey";
  return null;
}

/**
 * The hook's lines as statement lines, or the first problem. Keys are natural and stable across
 * reruns of a deterministic hook: the period, the rule's place in the plan, its type, what the line
 * is about (its order, its source record, or the period), and a counter for repeats of that.
 */
export function checkPluginLines(output: readonly TCommissionHookLine[], call: PluginRuleCall): CheckedPluginLines {
  const lines: PluginLine[] = [];
  const seen = new Map<string, number>();
  for (const [index, line] of output.entries()) {
    const problem = problemOf(line, call);
    if (problem) return { ok: false, index, problem };
    const about = line.orderId ?? (line.sourceRef ? sourceKey(line.sourceRef) : "period");
    const stem = `plugin:${call.period}:${call.ruleIndex}:${call.ruleType}:${about}`;
    const count = seen.get(stem) ?? 0;
    seen.set(stem, count + 1);
    const params = line.description.params;
    lines.push({
      kind: line.kind,
      key: `${stem}#${count}`,
      period: call.period,
      base: formatExact(line.base),
      amount: formatMoney(line.amount),
      orderId: line.orderId ?? null,
      planVersionId: call.planVersionId,
      rate: line.rate !== undefined ? formatRate(line.rate) : null,
      plugin: call.plugin,
      ruleType: call.ruleType,
      ruleLabel: call.ruleLabel,
      ruleIndex: call.ruleIndex,
      window: call.window,
      sourceRef: line.sourceRef ?? null,
      description: { messageKey: line.description.messageKey, params, text: call.describe(line.description.messageKey, params) },
    });
  }
  return { ok: true, lines };
}

/**
 * The first month of the window a rule settles in `period`, or null when it does not settle then:
 * a monthly rule every month, a quarterly one in the last month of each calendar quarter (March,
 * June, September, December) over the quarter's three months.
 */
export function windowStartOf(period: TPeriod, window: "month" | "quarter"): TPeriod | null {
  if (window === "month") return period;
  const month = Number(period.slice(5, 7));
  if (month % 3 !== 0) return null;
  return `${period.slice(0, 4)}-${String(month - 2).padStart(2, "0")}`;
}
