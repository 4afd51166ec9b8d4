import { describe, expect, it } from "vitest";
import { checkEntitlementLimit, DEFAULT_ENTITLEMENT_POLICY, entitlementSteps, transition, typeRule, type EntitlementAction, type StepSource } from "./entitlements.rules.ts";
import { ENTITLEMENT_STATUSES, ZEntitlementPolicy, ZEntitlementRequestInput, type TEntitlementStatus, type TEntitlementTypeRule } from "./entitlements.schemas.ts";

const coupon: TEntitlementTypeRule = { code: "coupon", maxValue: "500.00", maxCountPerPeriod: 3, maxTotalValuePerPeriod: "1000.00" };

describe("checkEntitlementLimit: per type, per customer and period — value per request, count, total", () => {
  it.each([
    ["the first request within every limit", coupon, "200.00", [], { ok: true }],
    ["exactly the per-request maximum", coupon, "500.00", [], { ok: true }],
    ["one cent above the per-request maximum", coupon, "500.01", [], { ok: false, reason: "valueAboveMax", params: { type: "coupon", max: "500.00" } }],
    ["the last request the count allows", coupon, "100.00", ["100.00", "100.00"], { ok: true }],
    ["one request more than the count allows", coupon, "1.00", ["100.00", "100.00", "100.00"], { ok: false, reason: "countReached", params: { type: "coupon", max: 3, count: 3 } }],
    ["exactly reaching the total", coupon, "400.00", ["300.00", "300.00"], { ok: true }],
    ["one cent over the total, with what is left", coupon, "400.01", ["300.00", "300.00"], { ok: false, reason: "totalExceeded", params: { type: "coupon", max: "1000.00", remaining: "400.00" } }],
    ["no float drift: 0.1 + 0.2 + 999.7 is exactly 1000", { ...coupon, maxValue: "1000.00" }, "999.70", ["0.10", "0.20"], { ok: true }],
    ["a total already above a lowered cap leaves nothing", { ...coupon, maxTotalValuePerPeriod: "500.00", maxCountPerPeriod: 5 }, "1.00", ["400.00", "300.00"], { ok: false, reason: "totalExceeded", params: { type: "coupon", max: "500.00", remaining: "0.00" } }],
    ["the count is checked before the total", { ...coupon, maxCountPerPeriod: 1 }, "400.00", ["800.00"], { ok: false, reason: "countReached", params: { type: "coupon", max: 1, count: 1 } }],
    ["a type the platform does not offer", undefined, "1.00", [], { ok: false, reason: "typeNotOffered", params: { type: "coupon" } }],
  ] as const)("%s", (_name, rule, value, counted, expected) => {
    const result = checkEntitlementLimit(rule, "coupon", value, counted);
    expect(result).toMatchObject(expected);
    if (!result.ok) expect(result.i18nKey).toBe(`entitlements.errors.${result.reason}`);
  });
});

describe("the default catalogue", () => {
  it("offers coupons, free services, gifts and extended warranties, and is a valid policy", () => {
    expect(DEFAULT_ENTITLEMENT_POLICY.types.map((t) => t.code)).toEqual(["coupon", "free_service", "gift", "extended_warranty"]);
    expect(ZEntitlementPolicy.safeParse(DEFAULT_ENTITLEMENT_POLICY).success).toBe(true);
    expect(typeRule(DEFAULT_ENTITLEMENT_POLICY, "gift")?.maxCountPerPeriod).toBe(2);
    expect(typeRule(DEFAULT_ENTITLEMENT_POLICY, "training")).toBeUndefined();
  });
});

describe("transition: requested → approved | rejected | cancelled; approved → issued", () => {
  const table: Array<[TEntitlementStatus, EntitlementAction, string]> = [
    ["requested", "approve", "move:approved"],
    ["requested", "reject", "move:rejected"],
    ["requested", "cancel", "move:cancelled"],
    ["requested", "issue", "refuse:RULE_VIOLATION:entitlements.errors.notApproved"],
    ["approved", "issue", "move:issued"],
    ["approved", "approve", "refuse:ALREADY_DECIDED:entitlements.errors.alreadyDecided"],
    ["approved", "reject", "refuse:ALREADY_DECIDED:entitlements.errors.alreadyDecided"],
    ["approved", "cancel", "refuse:RULE_VIOLATION:entitlements.errors.cancelOnlyRequested"],
    ["rejected", "approve", "refuse:ALREADY_DECIDED:entitlements.errors.alreadyDecided"],
    ["rejected", "issue", "refuse:RULE_VIOLATION:entitlements.errors.notApproved"],
    ["rejected", "cancel", "refuse:RULE_VIOLATION:entitlements.errors.cancelOnlyRequested"],
    ["issued", "issue", "replay"],
    ["issued", "approve", "refuse:ALREADY_DECIDED:entitlements.errors.alreadyDecided"],
    ["issued", "cancel", "refuse:RULE_VIOLATION:entitlements.errors.cancelOnlyRequested"],
    ["cancelled", "cancel", "replay"],
    ["cancelled", "approve", "refuse:RULE_VIOLATION:entitlements.errors.cancelled"],
    ["cancelled", "issue", "refuse:RULE_VIOLATION:entitlements.errors.cancelled"],
  ];
  it.each(table)("%s + %s → %s", (from, action, expected) => {
    const result = transition(from, action);
    const text = result.kind === "move" ? `move:${result.to}` : result.kind === "replay" ? "replay" : `refuse:${result.code}:${result.i18nKey}`;
    expect(text).toBe(expected);
  });
  it("covers every status and action", () => {
    const actions: EntitlementAction[] = ["approve", "reject", "issue", "cancel"];
    for (const status of ENTITLEMENT_STATUSES) for (const action of actions) expect(transition(status, action).kind).toMatch(/move|replay|refuse/);
    // Only two ways lead anywhere from a final state: the replays.
    const fromFinal = (["rejected", "issued", "cancelled"] as const).flatMap((s) => actions.map((a) => transition(s, a))).filter((t) => t.kind === "move");
    expect(fromFinal).toEqual([]);
  });
});

describe("entitlementSteps: the timeline of one request", () => {
  const t0 = new Date("2026-12-01T02:00:00Z");
  const t1 = new Date("2026-12-02T02:00:00Z");
  const t2 = new Date("2026-12-03T02:00:00Z");
  const base: StepSource = {
    status: "requested",
    reason: "老客户续约",
    requestedById: "rep",
    decidedById: null,
    decidedAt: null,
    decisionNote: null,
    issuedById: null,
    issuedAt: null,
    issueReference: null,
    createdAt: t0,
    updatedAt: t0,
  };
  it.each([
    ["asked", base, [["requested", t0, "rep", "老客户续约", null]]],
    ["approved", { ...base, status: "approved", decidedById: "staff", decidedAt: t1, decisionNote: "同意" }, [["requested", t0, "rep", "老客户续约", null], ["approved", t1, "staff", "同意", null]]],
    ["rejected, with the note the partner sees", { ...base, status: "rejected", decidedById: "staff", decidedAt: t1, decisionNote: "本月预算已用完" }, [["requested", t0, "rep", "老客户续约", null], ["rejected", t1, "staff", "本月预算已用完", null]]],
    [
      "issued",
      { ...base, status: "issued", decidedById: "staff", decidedAt: t1, issuedById: "staff2", issuedAt: t2, issueReference: "CPN-1" },
      [["requested", t0, "rep", "老客户续约", null], ["approved", t1, "staff", null, null], ["issued", t2, "staff2", null, "CPN-1"]],
    ],
    ["withdrawn: its last update", { ...base, status: "cancelled", updatedAt: t1 }, [["requested", t0, "rep", "老客户续约", null], ["cancelled", t1, null, null, null]]],
  ] as const)("%s", (_name, row, expected) => {
    expect(entitlementSteps(row as StepSource).map((s) => [s.event, s.at, s.actorId, s.note, s.reference])).toEqual(expected);
  });
});

describe("schemas", () => {
  const id = "0190f5a0-0000-7000-8000-000000000001";
  it.each([
    ["a typed amount with separators", { customerId: id, type: "coupon", value: "1,200.5", reason: "续约" }, "1200.5"],
    ["a full-width comma", { customerId: id, type: "gift", value: "1，000", reason: "续约" }, "1000"],
  ])("accepts %s", (_name, input, value) => {
    expect(ZEntitlementRequestInput.parse(input).value).toBe(value);
  });
  it.each([
    ["zero", { value: "0" }, "value", "entitlements.errors.valuePositive"],
    ["a float", { value: 12.5 }, "value", "errors.field.required"],
    ["three places", { value: "1.005" }, "value", "entitlements.errors.value"],
    ["an unknown type", { type: "cash" }, "type", "entitlements.errors.type"],
    ["no reason", { reason: "  " }, "reason", "entitlements.errors.reasonRequired"],
  ])("refuses %s under its field", (_name, over, path, message) => {
    const result = ZEntitlementRequestInput.safeParse({ customerId: id, type: "coupon", value: "10", reason: "续约", ...over });
    expect(result.success).toBe(false);
    expect(result.error?.issues.find((i) => i.path.join(".") === path)?.message).toBe(message);
  });
  it("a policy names each type once and never caps the total below one request", () => {
    const result = ZEntitlementPolicy.safeParse({
      types: [
        { code: "coupon", maxValue: "500", maxCountPerPeriod: 3, maxTotalValuePerPeriod: "400" },
        { code: "coupon", maxValue: "1", maxCountPerPeriod: 1, maxTotalValuePerPeriod: "1" },
        { code: "gift", maxValue: "1", maxCountPerPeriod: 0, maxTotalValuePerPeriod: "1" },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual(
      expect.arrayContaining([
        ["types.0.maxTotalValuePerPeriod", "entitlements.errors.policy.totalBelowMax"],
        ["types.1.code", "entitlements.errors.policy.duplicateType"],
        ["types.2.maxCountPerPeriod", "entitlements.errors.policy.count"],
      ]),
    );
  });
});
