import { describe, expect, it } from "vitest";
import {
  buildContext,
  conditionHolds,
  cronProblem,
  definitionProblems,
  evaluateConditions,
  eventRefs,
  latestDueTick,
  pickAssignees,
  primarySubject,
  visibleTagNames,
  type CustomerFacts,
  type Facts,
  type RuleContext,
  type TeamMember,
} from "./automation.rules.ts";
import { ZCondition, ZRuleInput, type TCondition, type TRuleInput } from "./automation.schemas.ts";

const TZ = "Asia/Shanghai";

describe("conditionHolds", () => {
  const context: RuleContext = {
    "opportunity.amount": "120000.50",
    "opportunity.status": "open",
    "opportunity.daysInStage": 14,
    "customer.lifecycleStage": "churned",
    "customer.rfmSegment": null,
    "customer.tags": ["VIP", "华东重点"],
    "customer.city": "上海",
    "partner.region": "华东",
    "event.from": "dormant",
    "event.days": 30,
  };
  const cases: Array<[string, TCondition, boolean]> = [
    // Decimal amounts: exact, whatever the notation on either side.
    ["amount ≥ equal value", { field: "opportunity.amount", op: "gte", value: "120000.5" }, true],
    ["amount ≥ a cent more", { field: "opportunity.amount", op: "gte", value: "120000.51" }, false],
    ["amount ≤ number", { field: "opportunity.amount", op: "lte", value: 120000.5 }, true],
    ["amount eq different scale", { field: "opportunity.amount", op: "eq", value: "120000.500" }, true],
    ["amount eq float-unsafe value", { field: "opportunity.amount", op: "eq", value: "120000.49" }, false],
    ["days in stage ≥ 14", { field: "opportunity.daysInStage", op: "gte", value: 14 }, true],
    ["event number ≥ text number", { field: "event.days", op: "gte", value: "30" }, true],
    ["gte on text is false", { field: "customer.city", op: "gte", value: "1" }, false],
    // Text.
    ["eq text", { field: "customer.lifecycleStage", op: "eq", value: "churned" }, true],
    ["eq is case-sensitive", { field: "customer.lifecycleStage", op: "eq", value: "Churned" }, false],
    ["neq text", { field: "customer.lifecycleStage", op: "neq", value: "customer" }, true],
    ["in list", { field: "customer.lifecycleStage", op: "in", value: ["customer", "churned"] }, true],
    ["not in list", { field: "opportunity.status", op: "in", value: ["won", "lost"] }, false],
    ["contains substring, any case", { field: "partner.region", op: "contains", value: "华" }, true],
    // Tags (a list): membership.
    ["tags contain VIP", { field: "customer.tags", op: "contains", value: "vip" }, true],
    ["tags eq one of them", { field: "customer.tags", op: "eq", value: "华东重点" }, true],
    ["tags eq a tag it lacks", { field: "customer.tags", op: "eq", value: "流失预警" }, false],
    ["tags neq a tag it lacks", { field: "customer.tags", op: "neq", value: "流失预警" }, true],
    ["tags neq a tag it has", { field: "customer.tags", op: "neq", value: "VIP" }, false],
    ["tags in any of", { field: "customer.tags", op: "in", value: ["A", "VIP"] }, true],
    ["tags exist", { field: "customer.tags", op: "exists" }, true],
    // Missing facts: false, except neq and exists:false.
    ["missing eq", { field: "customer.rfmSegment", op: "eq", value: "champions" }, false],
    ["missing neq", { field: "customer.rfmSegment", op: "neq", value: "champions" }, true],
    ["missing in", { field: "customer.rfmSegment", op: "in", value: ["champions"] }, false],
    ["missing gte", { field: "lead.status", op: "gte", value: 1 }, false],
    ["missing contains", { field: "lead.source", op: "contains", value: "x" }, false],
    ["missing exists", { field: "customer.rfmSegment", op: "exists" }, false],
    ["missing exists: false", { field: "customer.rfmSegment", op: "exists", value: false }, true],
    ["present exists: false", { field: "customer.city", op: "exists", value: false }, false],
    ["absent event field", { field: "event.reason", op: "eq", value: "login" }, false],
    ["event field", { field: "event.from", op: "eq", value: "dormant" }, true],
  ];
  it.each(cases)("%s", (_label, condition, expected) => {
    expect(ZCondition.safeParse(condition).success).toBe(true);
    expect(conditionHolds(condition, context)).toBe(expected);
  });

  it("reports the first condition that does not hold", () => {
    const conditions: TCondition[] = [
      { field: "customer.city", op: "eq", value: "上海" },
      { field: "customer.tags", op: "contains", value: "流失预警" },
      { field: "customer.lifecycleStage", op: "eq", value: "x" },
    ];
    expect(evaluateConditions(conditions, context)).toEqual({ matched: false, failedIndex: 1 });
    expect(evaluateConditions([], context)).toEqual({ matched: true, failedIndex: null });
  });
});

describe("condition schema", () => {
  const cases: Array<[string, unknown, string | null]> = [
    ["gte needs a number", { field: "opportunity.amount", op: "gte", value: "lots" }, "automation.errors.valueNumber"],
    ["gte takes a decimal string", { field: "opportunity.amount", op: "gte", value: "9999.50" }, null],
    ["in needs a list", { field: "customer.city", op: "in", value: "上海" }, "automation.errors.valueList"],
    ["eq needs a value", { field: "customer.city", op: "eq" }, "errors.field.required"],
    ["exists takes a boolean", { field: "customer.city", op: "exists", value: "yes" }, "automation.errors.valueBoolean"],
    ["unknown field", { field: "customer.password", op: "exists" }, "automation.errors.unknownField"],
    ["event field pattern", { field: "event.from", op: "eq", value: "dormant" }, null],
  ];
  it.each(cases)("%s", (_label, input, message) => {
    const result = ZCondition.safeParse(input);
    if (message === null) expect(result.success).toBe(true);
    else expect(result.error?.issues.map((i) => i.message)).toContain(message);
  });
});

describe("tags a rule sees", () => {
  const tags: CustomerFacts["tags"] = [
    { id: "t1", name: "平台VIP", tagPartnerId: null, appliedByPartnerId: null },
    { id: "t2", name: "P自有", tagPartnerId: "P", appliedByPartnerId: "P" },
    { id: "t3", name: "Q自有", tagPartnerId: "Q", appliedByPartnerId: "Q" },
    { id: "t1", name: "平台VIP", tagPartnerId: null, appliedByPartnerId: "Q" },
  ];
  it("a platform rule sees the platform's tags; a partner rule those of the platform and its own", () => {
    expect(visibleTagNames(null, tags).sort()).toEqual(["平台VIP"]);
    expect(visibleTagNames("P", tags).sort()).toEqual(["P自有", "平台VIP"]);
    expect(visibleTagNames("Q", tags).sort()).toEqual(["Q自有", "平台VIP"]);
  });
});

describe("latestDueTick (Asia/Shanghai)", () => {
  const at = (iso: string) => new Date(iso);
  const cases: Array<[string, string, string, string, string | null]> = [
    ["daily 9:00, just reached", "0 9 * * *", "2026-11-24T00:59:00Z", "2026-11-24T01:00:00Z", "2026-11-24T01:00:00.000Z"],
    ["daily 9:00, a minute after", "0 9 * * *", "2026-11-24T00:59:30Z", "2026-11-24T01:00:45Z", "2026-11-24T01:00:00.000Z"],
    ["daily 9:00, already ran", "0 9 * * *", "2026-11-24T01:00:00Z", "2026-11-24T01:01:00Z", null],
    ["daily 9:00, not yet", "0 9 * * *", "2026-11-24T00:00:00Z", "2026-11-24T00:59:59Z", null],
    ["missed ticks coalesce to the latest", "*/5 * * * *", "2026-11-24T00:00:00Z", "2026-11-24T00:23:00Z", "2026-11-24T00:20:00.000Z"],
    ["every minute", "* * * * *", "2026-11-24T00:00:10Z", "2026-11-24T00:01:10Z", "2026-11-24T00:01:00.000Z"],
    ["Mondays 9:00 on a Tuesday", "0 9 * * 1", "2026-11-24T00:00:00Z", "2026-11-24T05:00:00Z", null],
    ["Mondays 9:00, a day late", "0 9 * * 1", "2026-11-23T00:00:00Z", "2026-11-24T05:00:00Z", "2026-11-23T01:00:00.000Z"],
    ["after is later than now", "* * * * *", "2026-11-24T01:00:00Z", "2026-11-24T00:00:00Z", null],
  ];
  it.each(cases)("%s", (_label, cron, after, now, expected) => {
    expect(latestDueTick(cron, TZ, at(after), at(now))?.toISOString() ?? null).toBe(expected);
  });

  it.each([
    ["0 9 * * *", null],
    ["*/15 8-18 * * 1-5", null],
    ["0 9 1 JAN *", null],
    ["61 * * * *", "automation.errors.cron"],
    ["0 24 * * *", "automation.errors.cron"],
    ["* * * *", "automation.errors.cron"],
    ["0 0 9 * * *", "automation.errors.cron"],
    ["0 0 30 2 *", "automation.errors.cron"],
    ["every day", "automation.errors.cron"],
  ])("cron %s → %s", (cron, expected) => {
    expect(cronProblem(cron, TZ)).toBe(expected);
  });
});

describe("pickAssignees", () => {
  const joined = (day: number) => new Date(Date.UTC(2026, 0, day));
  const m = (userId: string, role: TeamMember["role"], day: number, active = true): TeamMember => ({ userId, membershipId: `m-${userId}`, role, joinedAt: joined(day), active });
  const team = [
    m("admin-old", "admin", 1),
    m("admin-new", "admin", 5),
    m("manager", "manager", 20),
    m("rep-old", "rep", 2),
    m("rep-new", "rep", 10),
    m("rep-gone", "rep", 15, false),
  ];
  const cases: Array<[string, Parameters<typeof pickAssignees>, { userIds: string[]; used: string }]> = [
    ["most recent rep skips deactivated reps and non-reps", [{ strategy: "most_recent_rep" }, team, null, false], { userIds: ["rep-new"], used: "most_recent_rep" }],
    [
      "most recent rep falls back to the longest-serving admin",
      [{ strategy: "most_recent_rep" }, [m("a1", "admin", 3), m("mgr", "manager", 9), m("gone", "rep", 9, false)], null, false],
      { userIds: ["a1"], used: "fallback_admin" },
    ],
    ["owner rep", [{ strategy: "owner_rep" }, team, "rep-old", false], { userIds: ["rep-old"], used: "owner_rep" }],
    ["owner rep who left → admin", [{ strategy: "owner_rep" }, team, "rep-gone", false], { userIds: ["admin-old"], used: "fallback_admin" }],
    ["owner rep of another partner → admin", [{ strategy: "owner_rep" }, team, "stranger", false], { userIds: ["admin-old"], used: "fallback_admin" }],
    ["no owner → admin", [{ strategy: "owner_rep" }, team, null, false], { userIds: ["admin-old"], used: "fallback_admin" }],
    ["partner admin: one for a task", [{ strategy: "partner_admin" }, team, null, false], { userIds: ["admin-old"], used: "partner_admin" }],
    ["partner admins: all for a notification", [{ strategy: "partner_admin" }, team, null, true], { userIds: ["admin-old", "admin-new"], used: "partner_admin" }],
    ["specific user", [{ strategy: "user", userId: "manager" }, team, null, false], { userIds: ["manager"], used: "user" }],
    ["specific user deactivated → admin", [{ strategy: "user", userId: "rep-gone" }, team, null, false], { userIds: ["admin-old"], used: "fallback_admin" }],
    ["nobody at all", [{ strategy: "most_recent_rep" }, [m("gone", "admin", 1, false)], null, false], { userIds: [], used: "nobody" }],
  ];
  it.each(cases)("%s", (_label, args, expected) => {
    expect(pickAssignees(...args)).toEqual(expected);
  });

  it("breaks a tie in joining time by membership id (newest first)", () => {
    const tie = [m("a", "rep", 7), { ...m("b", "rep", 7), membershipId: "m-z" }];
    expect(pickAssignees({ strategy: "most_recent_rep" }, tie, null, false).userIds).toEqual(["b"]);
  });
});

describe("eventRefs", () => {
  it.each([
    ["customer.reactivated", { customerId: "c", ownerPartnerId: "P", from: "dormant", reason: "login" }, { partnerId: "P", customerId: "c", leadId: null, opportunityId: null }],
    ["customer.reactivated", { customerId: "c", ownerPartnerId: null, from: "dormant", reason: "login" }, null],
    ["customer.tagged", { customerId: "c", tagId: "t", tagName: "x", partnerId: "Q", ownerPartnerId: "P" }, { partnerId: "Q", customerId: "c", leadId: null, opportunityId: null }],
    ["customer.tagged", { customerId: "c", tagId: "t", tagName: "x", partnerId: null, ownerPartnerId: "P" }, { partnerId: "P", customerId: "c", leadId: null, opportunityId: null }],
    ["opportunity.stuck", { opportunityId: "o", partnerId: "P", ownerId: null, stageId: "s", days: 30 }, { partnerId: "P", customerId: null, leadId: null, opportunityId: "o" }],
    ["activity.logged", { activityId: "a", partnerId: "P", authorId: "u", kind: "call", customerId: "c", leadId: null, opportunityId: "o", occurredAt: "x" }, { partnerId: "P", customerId: "c", leadId: null, opportunityId: "o" }],
  ] as const)("%s %j", (type, payload, expected) => {
    expect(eventRefs(type, payload as Record<string, unknown>)).toEqual(expected);
  });
});

describe("context and subjects", () => {
  const facts: Facts = {
    partner: { id: "P", name: "华东", tier: "gold", region: "华东" },
    customer: { id: "c", name: "宁波海曙精工", kind: "company", city: "宁波", lifecycleStage: "customer", rfmSegment: null, ownerPartnerId: "P", tags: [], repUserId: "rep" },
    opportunity: {
      id: "o",
      name: "年度采购",
      amount: "88000.00",
      currency: "CNY",
      status: "open",
      stageId: "s",
      stageName: "Proposal",
      stageEnteredAt: new Date("2026-11-01T00:00:00Z"),
      ownerId: "owner",
      customerId: "c",
      leadId: null,
    },
    lead: null,
    payload: { days: 23, nested: { no: true } },
  };
  it("flattens facts and payload; counts whole days in stage", () => {
    const context = buildContext(facts, "P", new Date("2026-11-24T12:00:00Z"));
    expect(context).toMatchObject({ "partner.tier": "gold", "opportunity.amount": "88000.00", "opportunity.daysInStage": 23, "event.days": 23, "customer.city": "宁波" });
    expect(context).not.toHaveProperty("event.nested");
  });
  it("a task for an opportunity event goes to the opportunity's owner and links to it", () => {
    expect(primarySubject(facts)).toEqual({ subject: "opportunity", id: "o", ownerUserId: "owner", link: "/opportunities/o" });
    expect(primarySubject({ ...facts, opportunity: null })).toEqual({ subject: "customer", id: "c", ownerUserId: "rep", link: "/customers/c" });
  });
});

describe("definitionProblems", () => {
  const base: TRuleInput = {
    name: "规则",
    trigger: { type: "event", event: "customer.reactivated" },
    conditions: [],
    actions: [{ type: "create_task", title: { kind: "key", key: "contactReturningCustomer" }, assignee: { strategy: "most_recent_rep" }, dueInHours: 24 }],
  };
  const problems = (input: TRuleInput, platformRule = true) => definitionProblems(ZRuleInput.parse(input), { platformRule, timeZone: TZ }).map((p) => `${p.path}: ${p.message}`);

  it("accepts the default rule", () => expect(problems(base)).toEqual([]));
  it("refuses a condition on a record the trigger lacks, and an event field it does not carry", () => {
    expect(problems({ ...base, conditions: [{ field: "opportunity.amount", op: "gte", value: 1 }, { field: "event.days", op: "gte", value: 1 }, { field: "event.from", op: "eq", value: "dormant" }] })).toEqual([
      "conditions.0.field: automation.errors.fieldNotAvailable",
      "conditions.1.field: automation.errors.fieldNotAvailable",
    ]);
  });
  it("refuses actions needing a record the trigger lacks", () => {
    expect(problems({ ...base, actions: [{ type: "assign", target: "lead", assignee: { strategy: "owner_rep" } }, { type: "create_task", title: { kind: "key", key: "followUpOpportunity" }, assignee: { strategy: "owner_rep" } }] })).toEqual([
      "actions.0.target: automation.errors.actionNotAvailable",
      "actions.1.title.key: automation.errors.actionNotAvailable",
    ]);
  });
  it("refuses a specific user in a platform rule only", () => {
    const input: TRuleInput = { ...base, actions: [{ type: "notify", recipients: { strategy: "user", userId: "0193a000-0000-7000-8000-000000000001" }, message: { kind: "key", key: "customerReturned" } }] };
    expect(problems(input, true)).toEqual(["actions.0.recipients.strategy: automation.errors.userStrategyPlatform"]);
    expect(problems(input, false)).toEqual([]);
  });
  it("checks a schedule's cron and what its subject offers", () => {
    expect(problems({ ...base, trigger: { type: "schedule", cron: "0 25 * * *", subject: "customer" } })).toEqual(["trigger.cron: automation.errors.cron"]);
    expect(problems({ ...base, trigger: { type: "schedule", cron: "0 9 * * 1", subject: "opportunity" }, conditions: [{ field: "opportunity.daysInStage", op: "gte", value: 14 }, { field: "customer.tags", op: "contains", value: "VIP" }] })).toEqual([]);
  });
});
