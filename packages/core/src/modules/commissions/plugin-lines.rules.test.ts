import { describe, expect, it } from "vitest";
import type { TCommissionHookLine } from "@qudao/plugins/runtime";
import { computePartnerPeriod, statementTotals, type PlanVersion, type PluginLine } from "./commission.rules.ts";
import { ZCommissionRules } from "./commission.schemas.ts";
import { checkPluginLines, windowStartOf, type PluginRuleCall } from "./plugin-lines.rules.ts";
import { periodBounds } from "./periods.rules.ts";

const ORDER = "01930000-0000-7000-8000-000000000001";
const OTHER_ORDER = "01930000-0000-7000-8000-000000000002";
const RECORD = "01930000-0000-7000-8000-0000000000aa";

const call: PluginRuleCall = {
  period: "2021-03",
  planVersionId: "01930000-0000-7000-8000-0000000000f1",
  ruleIndex: 1,
  ruleType: "acme_mfg__rebate",
  ruleLabel: { "zh-CN": "返利", "zh-TW": "返利", en: "Rebate" },
  window: "quarter",
  plugin: { id: "acme.mfg", version: "1.0.0", name: { "zh-CN": "制造", "zh-TW": "製造", en: "Manufacturing" } },
  inputOrderIds: new Set([ORDER]),
  readableSources: new Set([`acme_mfg__sellout:${RECORD}`]),
  hasMessage: (key) => key === "line.rebate",
  describe: (key, params) => ({ "zh-CN": `${key}:${JSON.stringify(params)}`, "zh-TW": key, en: key }),
};

const line = (overrides: Partial<TCommissionHookLine>): TCommissionHookLine => ({ kind: "bonus", base: "100.10", rate: "0.05", amount: "5.01", description: { messageKey: "line.rebate", params: {} }, ...overrides });

describe("checkPluginLines: a line the host refuses", () => {
  it.each([
    ["a negative earn", line({ kind: "earn", rate: undefined, amount: "-1.00" }), "amountSign"],
    ["a negative bonus", line({ amount: "-5.01", rate: undefined }), "amountSign"],
    ["a positive clawback", line({ kind: "clawback", rate: undefined, amount: "3.00" }), "amountSign"],
    ["-0.00", line({ kind: "clawback", rate: undefined, amount: "-0.00" }), "negativeZero"],
    ["a rate above 1", line({ rate: "1.5", amount: "150.15" }), "rateRange"],
    ["an amount a cent off base × rate", line({ amount: "5.02" }), "amountNotBaseTimesRate"],
    ["an amount of base × rate truncated two cents off", line({ base: "1234.5678", rate: "0.1", amount: "123.43" }), "amountNotBaseTimesRate"],
    ["an order that was not an input", line({ orderId: OTHER_ORDER }), "orderNotInInputs"],
    ["a source the plugin cannot read", line({ sourceRef: { object: "acme_mfg__sellout", id: OTHER_ORDER } }), "sourceUnreadable"],
    ["a description its locales do not have", line({ description: { messageKey: "line.missing", params: {} } }), "unknownMessageKey"],
  ] as const)("%s: %s", (_name, bad, problem) => {
    const result = checkPluginLines([line({}), bad], call);
    expect(result).toEqual({ ok: false, index: 1, problem });
  });
});

describe("checkPluginLines: lines the host takes", () => {
  it.each([
    ["base × rate rounded half-up", line({ base: "100.10", rate: "0.05", amount: "5.01" })],
    ["base × rate rounded half-even", line({ base: "100.10", rate: "0.05", amount: "5.00" })],
    ["a clawback of −base × rate", line({ kind: "clawback", base: "200.00", rate: "0.035", amount: "-7.00" })],
    ["a negative base (returns) with its clawback", line({ kind: "clawback", base: "-200.00", rate: "0.035", amount: "-7.00" })],
    ["no rate: any amount of the right sign", line({ kind: "earn", rate: undefined, base: "18000.00", amount: "540.00" })],
    ["a zero amount", line({ kind: "earn", rate: "0", amount: "0.00" })],
  ] as const)("%s", (_name, good) => {
    const result = checkPluginLines([good], call);
    expect(result.ok).toBe(true);
  });

  it("keys lines by period, rule, type and subject; normalises the decimals; keeps the translated description", () => {
    const result = checkPluginLines(
      [
        line({ orderId: ORDER, base: "1000.50", rate: "0.0350", amount: "35.02" }),
        line({ orderId: ORDER, base: "10", rate: "0.1", amount: "1.00" }),
        line({ sourceRef: { object: "acme_mfg__sellout", id: RECORD }, kind: "earn", base: "300", rate: undefined, amount: "9.00", description: { messageKey: "line.rebate", params: { hospital: "县医院", amount: "300" } } }),
        line({ base: "100.10" }),
      ],
      call,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.lines.map((l) => [l.key, l.kind, l.base, l.rate, l.amount, l.orderId])).toEqual([
      [`plugin:2021-03:1:acme_mfg__rebate:${ORDER}#0`, "bonus", "1000.50", "0.035", "35.02", ORDER],
      [`plugin:2021-03:1:acme_mfg__rebate:${ORDER}#1`, "bonus", "10.00", "0.1", "1.00", ORDER],
      [`plugin:2021-03:1:acme_mfg__rebate:acme_mfg__sellout:${RECORD}#0`, "earn", "300.00", null, "9.00", null],
      ["plugin:2021-03:1:acme_mfg__rebate:period#0", "bonus", "100.10", "0.05", "5.01", null],
    ]);
    expect(result.lines[2]).toMatchObject({
      sourceRef: { object: "acme_mfg__sellout", id: RECORD },
      planVersionId: call.planVersionId,
      window: "quarter",
      description: { messageKey: "line.rebate", params: { hospital: "县医院", amount: "300" }, text: { "zh-CN": 'line.rebate:{"hospital":"县医院","amount":"300"}' } },
    });
  });
});

describe("windowStartOf", () => {
  it.each([
    ["2021-03", "month", "2021-03"],
    ["2021-01", "quarter", null],
    ["2021-02", "quarter", null],
    ["2021-03", "quarter", "2021-01"],
    ["2021-06", "quarter", "2021-04"],
    ["2021-09", "quarter", "2021-07"],
    ["2021-12", "quarter", "2021-10"],
    ["2021-11", "quarter", null],
  ] as const)("%s, %s → %s", (period, window, start) => {
    expect(windowStartOf(period, window)).toBe(start);
  });
});

describe("computePartnerPeriod with plugin lines", () => {
  const { start } = periodBounds("2021-03");
  const version: PlanVersion = { id: call.planVersionId, effectiveFrom: new Date(start.getTime() - 86_400_000), rules: ZCommissionRules.parse({ rates: [{ rate: "0.10" }], volumeTiers: [{ minBase: "1000.00", bonusRate: "0.01" }], capPerPeriod: "150.00" }) };
  const plugin = (key: string, kind: PluginLine["kind"], amount: string): PluginLine => {
    const checked = checkPluginLines([line({ kind, amount, rate: undefined, base: amount.replace("-", "") })], { ...call, ruleIndex: Number(key) });
    if (!checked.ok) throw new Error("bad fixture");
    return checked.lines[0]!;
  };

  it("adds them after the built-in lines of their kind, counts them in the cap but not in the volume bonus's base", () => {
    const result = computePartnerPeriod({
      period: "2021-03",
      items: [{ orderId: ORDER, orderItemId: "01930000-0000-7000-8000-0000000000b1", orderedAt: new Date(start.getTime() + 3600_000), category: null, quantity: "1", unitPrice: "900.00" }],
      refunds: [],
      versions: [version],
      partnerTier: null,
      firstOrderIds: [],
      pluginLines: [plugin("2", "bonus", "40.00"), plugin("1", "earn", "30.00"), plugin("3", "clawback", "-5.00")],
    });
    // Items: 900.00 → earn 90.00; base 900 < 1000, no volume bonus. Earn + bonus = 90 + 30 + 40 = 160 > 150: cap −10.00.
    expect(result.lines.map((l) => [l.kind, l.key.split(":").slice(0, 3).join(":"), l.amount])).toEqual([
      ["earn", "earn:01930000-0000-7000-8000-0000000000b1", "90.00"],
      ["earn", "plugin:2021-03:1", "30.00"],
      ["clawback", "plugin:2021-03:3", "-5.00"],
      ["bonus", "plugin:2021-03:2", "40.00"],
      ["cap", "cap:2021-03", "-10.00"],
    ]);
    expect(statementTotals(result.lines)).toEqual({ earn: "120.00", clawback: "-5.00", bonus: "40.00", cap: "-10.00", adjustment: "0.00", total: "145.00" });
  });

  it("a partner with plugin lines and no items still gets them, and the cap", () => {
    const result = computePartnerPeriod({ period: "2021-03", items: [], refunds: [], versions: [version], partnerTier: null, firstOrderIds: [], pluginLines: [plugin("0", "earn", "200.00")] });
    expect(result.lines.map((l) => [l.kind, l.amount])).toEqual([
      ["earn", "200.00"],
      ["cap", "-50.00"],
    ]);
  });

  it("refuses a plugin line of another period (a caller bug)", () => {
    const other = { ...plugin("0", "earn", "1.00"), period: "2021-02" };
    expect(() => computePartnerPeriod({ period: "2021-03", items: [], refunds: [], versions: [version], partnerTier: null, firstOrderIds: [], pluginLines: [other] })).toThrow(RangeError);
  });
});
