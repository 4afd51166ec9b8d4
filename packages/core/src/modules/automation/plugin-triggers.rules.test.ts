import { describe, expect, it } from "vitest";
import { ZPluginManifest, type TPluginManifestInput } from "@qudao/plugins/manifest";
import { buildContext, definitionProblems, evaluateConditions, type Facts } from "./automation.rules.ts";
import { isPluginEvent, pluginIdOfEvent, TRIGGER_EVENT_CATALOG, ZRuleInput, type TRuleInput } from "./automation.schemas.ts";
import { declaredPayload, pluginTriggersOf, triggerEventFields, type InstalledManifest } from "./plugin-triggers.rules.ts";

const text = (zh: string, en: string) => ({ "zh-CN": zh, en });

function installed(pluginId: string, triggers: NonNullable<NonNullable<TPluginManifestInput["contributes"]>["automationTriggers"]>, id = pluginId): InstalledManifest {
  const manifest = ZPluginManifest.parse({
    id,
    name: text(`插件 ${pluginId}`, `Plugin ${pluginId}`),
    description: text("描述", "Description"),
    version: "1.0.0",
    publisher: { name: "Acme" },
    engines: { qudao: ">=0.1.0" },
    surfaces: ["portal"],
    categories: ["sales"],
    permissions: ["events:emit"],
    contributes: { automationTriggers: triggers },
  });
  return { pluginId, manifest };
}

const visitDone = {
  name: "acme_pharma__visitDone",
  event: "acme.pharma.visitDone",
  label: text("拜访完成", "Visit done"),
  fields: [
    { name: "score", type: "decimal" as const, label: text("评分", "Score") },
    { name: "outcome", type: "text" as const, label: text("结果", "Outcome") },
    { name: "urgent", type: "boolean" as const, label: text("紧急", "Urgent") },
    { name: "products", type: "list" as const, label: text("产品", "Products") },
  ],
};
const pharma = installed("acme.pharma", [visitDone, { name: "acme_pharma__sampleSent", event: "acme.pharma.sampleSent", label: text("样品已寄出", "Sample sent") }]);

describe("plugin events", () => {
  it.each([
    ["acme.pharma.visitDone", true, "acme.pharma"],
    ["acme.pharma.line.visitDone", true, "acme.pharma.line"],
    ["lead.created", false, null],
    ["customer.lifecycle_changed", false, null],
    ["acme_pharma__visit.created", false, null],
    ["acme.pharma.visit_done", false, null],
    ["acme.pharma", false, null],
  ])("%s is a plugin event: %s (plugin %s)", (event, plugin, pluginId) => {
    expect(isPluginEvent(event)).toBe(plugin);
    expect(pluginIdOfEvent(event)).toBe(pluginId);
  });

  it("no core trigger event can be taken for a plugin's", () => {
    for (const event of Object.keys(TRIGGER_EVENT_CATALOG)) expect(isPluginEvent(event)).toBe(false);
  });
});

describe("pluginTriggersOf: merging the plugins' triggers into the catalogue", () => {
  it("lists each installed plugin's triggers with the manifest's labels and payload fields (none declared: none)", () => {
    const triggers = pluginTriggersOf([pharma]);
    expect(triggers.map((t) => t.event)).toEqual(["acme.pharma.visitDone", "acme.pharma.sampleSent"]);
    expect(triggers[0]).toEqual({
      event: "acme.pharma.visitDone",
      name: "acme_pharma__visitDone",
      pluginId: "acme.pharma",
      pluginName: text("插件 acme.pharma", "Plugin acme.pharma"),
      label: text("拜访完成", "Visit done"),
      fields: visitDone.fields,
    });
    expect(triggers[1]!.fields).toEqual([]);
  });

  it("keeps plugins apart and in install order; a plugin seen twice (platform-wide and own install) counts once, the first", () => {
    const older = installed("acme.pharma", [{ ...visitDone, label: text("旧标签", "Old label") }]);
    const other = installed("beta.tools", [{ name: "beta_tools__done", event: "beta.tools.done", label: text("完成", "Done") }]);
    const triggers = pluginTriggersOf([older, other, pharma]);
    expect(triggers.map((t) => [t.pluginId, t.event, t.label.en])).toEqual([
      ["acme.pharma", "acme.pharma.visitDone", "Old label"],
      ["beta.tools", "beta.tools.done", "Done"],
    ]);
  });

  it("drops triggers on core events or another plugin's events, and installs whose manifest is of another plugin", () => {
    const sneaky = installed("evil.corp", [
      { name: "evil_corp__lead", event: "lead.created", label: text("线索", "Lead") },
      { name: "evil_corp__visit", event: "acme.pharma.visitDone", label: text("冒充", "Impersonated") },
      { name: "evil_corp__own", event: "evil.corp.own", label: text("自己的", "Own") },
    ]);
    expect(pluginTriggersOf([sneaky]).map((t) => t.event)).toEqual(["evil.corp.own"]);
    expect(pluginTriggersOf([{ ...pharma, pluginId: "beta.tools" }])).toEqual([]);
  });

  it("gives the fields a condition may test: core events from the static catalogue, plugin events from their plugin, else none", () => {
    const triggers = pluginTriggersOf([pharma]);
    expect(triggerEventFields("opportunity.stuck", triggers)).toEqual(["stageId", "days"]);
    expect(triggerEventFields("acme.pharma.visitDone", triggers)).toEqual(["score", "outcome", "urgent", "products"]);
    expect(triggerEventFields("acme.pharma.visitDone", [])).toBeNull();
    expect(triggerEventFields("partner.created", triggers)).toBeNull();
    // The static catalogue itself is untouched by the merge.
    expect(Object.keys(TRIGGER_EVENT_CATALOG)).not.toContain("acme.pharma.visitDone");
  });
});

describe("rules on plugin triggers", () => {
  const triggers = pluginTriggersOf([pharma]);
  const rule = (overrides: Partial<TRuleInput> = {}) =>
    ZRuleInput.parse({
      name: "拜访后跟进",
      trigger: { type: "event", event: "acme.pharma.visitDone" },
      conditions: [{ field: "event.score", op: "gte", value: "4.5" }],
      actions: [{ type: "create_task", title: { kind: "text", text: "跟进拜访" }, assignee: { strategy: "most_recent_rep" }, dueInHours: 24 }],
      ...overrides,
    });
  const options = { platformRule: false, timeZone: "Asia/Shanghai" };

  it("parse: a plugin event is a trigger; a core non-trigger event or a record event is not", () => {
    expect(rule().trigger).toEqual({ type: "event", event: "acme.pharma.visitDone" });
    for (const event of ["partner.created", "acme_pharma__visit.created", "acme.pharma.visit_done"]) {
      const parsed = ZRuleInput.safeParse({ ...rule(), trigger: { type: "event", event } });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]).toMatchObject({ path: ["trigger", "event"], message: "errors.field.invalidOption" });
    }
  });

  it("fits when the plugin offers the trigger and the conditions test its declared fields", () => {
    expect(definitionProblems(rule(), { ...options, pluginTriggers: triggers })).toEqual([]);
  });

  it("is refused, once, when no installed plugin offers the trigger", () => {
    expect(definitionProblems(rule(), { ...options, pluginTriggers: [] })).toEqual([{ path: "trigger.event", message: "automationPlugins.errors.triggerUnavailable" }]);
  });

  it("refuses a field the plugin does not declare, records the event has not got, and built-in texts naming them", () => {
    const problems = definitionProblems(
      rule({
        conditions: [
          { field: "event.causedBy", op: "exists", value: true },
          { field: "customer.city", op: "eq", value: "上海" },
          { field: "partner.tier", op: "eq", value: "gold" },
        ],
        actions: [
          { type: "create_task", title: { kind: "key", key: "followUpCustomer" }, assignee: { strategy: "owner_rep" }, dueInHours: null },
          { type: "notify", recipients: { strategy: "partner_admin" }, message: { kind: "key", key: "ruleFired" } },
        ],
      }),
      { ...options, pluginTriggers: triggers },
    );
    expect(problems).toEqual([
      { path: "conditions.0.field", message: "automation.errors.fieldNotAvailable" },
      { path: "conditions.1.field", message: "automation.errors.fieldNotAvailable" },
      { path: "actions.0.title.key", message: "automation.errors.actionNotAvailable" },
    ]);
  });

  it("conditions on declared payload fields hold like core ones; host fields and undeclared keys stay out", () => {
    const trigger = triggers[0]!;
    const payload = declaredPayload(trigger, { score: 4.8, outcome: "positive", urgent: true, products: ["A", "B"], secret: "x", pluginId: "acme.pharma", partnerId: "p1" });
    expect(payload).toEqual({ score: 4.8, outcome: "positive", urgent: true, products: ["A", "B"] });
    const facts: Facts = { partner: { id: "p1", name: "P", tier: "gold", region: null }, customer: null, lead: null, opportunity: null, payload };
    const context = buildContext(facts, "p1", new Date());
    const holds = (conditions: TRuleInput["conditions"]) => evaluateConditions(rule({ conditions }).conditions, context).matched;
    expect(holds([{ field: "event.score", op: "gte", value: "4.5" }, { field: "event.outcome", op: "eq", value: "positive" }])).toBe(true);
    expect(holds([{ field: "event.score", op: "gte", value: "4.81" }])).toBe(false);
    expect(holds([{ field: "event.urgent", op: "eq", value: "true" }, { field: "event.products", op: "contains", value: "b" }])).toBe(true);
    expect(holds([{ field: "event.secret", op: "exists", value: true }])).toBe(false);
    expect(holds([{ field: "event.partnerId", op: "exists", value: true }])).toBe(false);
  });
});
