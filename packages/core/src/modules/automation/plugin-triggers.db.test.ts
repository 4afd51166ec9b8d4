/**
 * Plugin triggers as automation triggers, against a real database: a published plugin declares a
 * trigger with payload fields; installed for partners A and B, its event hook (run in the sandbox)
 * emits `<id>.visitDone` through an `emitEvent` intent; delivered through the domain-event handler,
 * A's rule whose condition holds creates a task once, A's rule whose condition does not is skipped,
 * B's rule never hears of A's event. Uninstalling stops the rule (kept, shown unavailable), restoring
 * starts it again; a partner without the plugin sees no such trigger and cannot save a rule on it.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TPluginPackage } from "@qudao/plugins/package-format";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { baseDb, disconnectDb, runAsActor } from "../../db/index.ts";
import { translator } from "../../i18n/index.ts";
import { handleDomainEvent } from "../../jobs/domain-event.handler.ts";
import { api, apiToken, createTestDeveloper, createTestPartner, createTestPartnerUser, createTestPlatformUser, type TestPartnerUser } from "../../testing/index.ts";
import { flushHookStats, forgetInstalledPlugins, resetPluginHost, runPluginHookJob } from "../plugins/index.ts";
import { automationCatalog, type TRuleInput } from "./index.ts";

const tag = `t${randomBytes(4).toString("hex")}`;
const PLUGIN_ID = `acme.${tag}`;
const NS = `acme_${tag}`;
const VISIT = `${NS}__visit`;
const EVENT = `${PLUGIN_ID}.visitDone`;
const en = translator("en");
const label = (zh: string, enText: string) => ({ "zh-CN": zh, en: enText });

const TRIGGER_LABEL = label("拜访完成", "Visit done");
const PLUGIN_NAME = label("拜访评分", "Visit scores");

function pluginPackage(): TPluginPackage {
  const manifest = {
    id: PLUGIN_ID,
    name: PLUGIN_NAME,
    description: label("拜访完成时通知自动化规则", "Tells automation rules when a visit is done"),
    version: "1.0.0",
    publisher: { name: "Acme" },
    engines: { qudao: ">=0.1.0" },
    surfaces: ["platform", "portal"],
    categories: ["sales"],
    permissions: [`records:write:${VISIT}`, "events:emit"],
    hooks: [{ name: "onVisit", kind: "event", events: [`${VISIT}.created`] }],
    contributes: {
      objects: [
        {
          name: VISIT,
          label: label("拜访", "Visit"),
          labelPlural: label("拜访", "Visits"),
          titleField: "summary",
          fields: [
            { name: "summary", type: "text", label: label("摘要", "Summary"), required: true },
            { name: "score", type: "decimal", label: label("评分", "Score") },
            { name: "outcome", type: "text", label: label("结果", "Outcome") },
          ],
          views: { list: { columns: ["summary", "score"] }, detail: { sections: [{ title: label("拜访", "Visit"), fields: ["summary", "score", "outcome"] }] }, form: { fields: ["summary", "score", "outcome"] } },
        },
      ],
      automationTriggers: [
        {
          name: `${NS}__visitDone`,
          event: EVENT,
          label: TRIGGER_LABEL,
          fields: [
            { name: "score", type: "decimal", label: label("评分", "Score") },
            { name: "outcome", type: "text", label: label("结果", "Outcome") },
          ],
        },
      ],
    },
  };
  // What `definePlugin` bundles: the hook reads the new visit and emits the plugin's own event with its facts.
  const hooks = `globalThis.__qudaoPlugin = { hooks: {
    onVisit(ctx) {
      const visit = ctx.records.get(${JSON.stringify(VISIT)}, ctx.event.payload.recordId);
      if (!visit) return [];
      return [{ type: "emitEvent", name: ${JSON.stringify(EVENT)}, payload: { score: visit.score, outcome: visit.outcome, partnerId: "forged" } }];
    }
  } };`;
  return { format: 1, manifest, hooks, tests: null, locales: { "zh-CN": {}, en: {} }, assets: {} } as unknown as TPluginPackage;
}

let aAdmin: TestPartnerUser, aRep: TestPartnerUser, bAdmin: TestPartnerUser, cAdmin: TestPartnerUser;
const tokens: Record<string, string> = {};
let platformToken: string;
let platformAdmin: { id: string };
let installA: string;
let installB: string;

beforeAll(async () => {
  const [developer, reviewer, staff] = await Promise.all([createTestDeveloper(), createTestPlatformUser(["reviewer"]), createTestPlatformUser(["admin"])]);
  platformAdmin = staff;
  const [devToken, reviewerToken] = await Promise.all([apiToken(developer), apiToken(reviewer)]);
  platformToken = await apiToken(staff);
  const [partnerA, partnerB, partnerC] = await Promise.all([createTestPartner(), createTestPartner(), createTestPartner()]);
  [aAdmin, aRep, bAdmin, cAdmin] = await Promise.all([
    createTestPartnerUser(partnerA.id, "admin"),
    createTestPartnerUser(partnerA.id, "rep"),
    createTestPartnerUser(partnerB.id, "admin"),
    createTestPartnerUser(partnerC.id, "admin"),
  ]);
  for (const [name, user] of Object.entries({ aAdmin, aRep, bAdmin, cAdmin })) tokens[name] = await apiToken(user);

  const uploaded = await api("POST", `/plugins/${PLUGIN_ID}/versions`, { token: devToken, body: pluginPackage() });
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  expect(uploaded.body.status).toBe("in_review");
  expect((await api("POST", `/plugin-reviews/${uploaded.body.id}/approve`, { token: reviewerToken, body: {} })).status).toBe(200);
  expect((await api("PUT", `/plugins/${PLUGIN_ID}/policy`, { token: platformToken, body: { partnerInstallAllowed: true } })).status).toBe(200);
  const permissions = [`records:write:${VISIT}`, "events:emit"];
  const a = await api("POST", "/plugin-installs", { token: tokens.aAdmin!, body: { pluginId: PLUGIN_ID, scope: "partner", consentedPermissions: permissions } });
  const b = await api("POST", "/plugin-installs", { token: tokens.bAdmin!, body: { pluginId: PLUGIN_ID, scope: "partner", consentedPermissions: permissions } });
  expect([a.status, b.status]).toEqual([201, 201]);
  installA = a.body.id;
  installB = b.body.id;
});

afterAll(async () => {
  await flushHookStats();
  resetPluginHost();
  await disconnectDb();
});

async function catalogOf(user: { id: string }) {
  const actor = (await actorForUserId(user.id, "session"))!.actor;
  return runAsActor(actor, () => automationCatalog(actor));
}

const visitRule = (name: string, conditions: TRuleInput["conditions"], title: string): TRuleInput => ({
  name,
  trigger: { type: "event", event: EVENT },
  conditions,
  actions: [{ type: "create_task", title: { kind: "text", text: title }, assignee: { strategy: "partner_admin" }, dueInHours: 48 }],
});

/** A rep records a visit; the plugin's event hook runs for it (as its worker job would) and emits the plugin event. Returns that event's outbox id. */
async function visitEmitsEvent(token: string, installId: string, values: Record<string, unknown>): Promise<string> {
  const created = await api("POST", `/records/${VISIT}`, { token, body: { object: VISIT, values } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const recordEvent = await baseDb().outboxEvent.findFirstOrThrow({ where: { type: `${VISIT}.created`, aggregateId: created.body.id } });
  const result = await runPluginHookJob({
    installId,
    hook: "onVisit",
    event: { id: recordEvent.id, name: recordEvent.type, occurredAt: recordEvent.createdAt.toISOString(), partnerId: recordEvent.partnerId, aggregateType: recordEvent.aggregateType, aggregateId: recordEvent.aggregateId, payload: recordEvent.payload as Record<string, unknown> },
  });
  expect(result).toEqual({ outcome: "ok", applied: 1, refused: 0 });
  const emitted = await baseDb().outboxEvent.findFirstOrThrow({ where: { type: EVENT, payload: { path: ["causedBy"], equals: recordEvent.id } } });
  return emitted.id;
}

/** Deliver an outbox event to its consumers, as the domain-events worker does (again, when called twice). */
async function deliver(eventId: string) {
  const event = await baseDb().outboxEvent.findUniqueOrThrow({ where: { id: eventId } });
  return handleDomainEvent({ eventId: event.id, type: event.type, aggregateType: event.aggregateType, aggregateId: event.aggregateId, partnerId: event.partnerId, payload: event.payload, occurredAt: event.createdAt.toISOString() });
}

const runsOf = (ruleId: string) => baseDb().automationRun.findMany({ where: { ruleId }, orderBy: { id: "asc" } });
const tasksTitled = (partnerId: string, title: string) => baseDb().task.findMany({ where: { partnerId, title } });

let ruleA: string, ruleANegative: string, ruleB: string;
const titleA = `跟进高分拜访 ${tag}`;
const titleANegative = `挽回差评客户 ${tag}`;
const titleB = `B 的跟进 ${tag}`;

describe("the rule editor's catalogue", () => {
  it("lists the plugin's trigger, labelled from its manifest with its payload fields, for partners that installed it and for the platform", async () => {
    const expected = {
      event: EVENT,
      name: `${NS}__visitDone`,
      pluginId: PLUGIN_ID,
      pluginName: PLUGIN_NAME,
      label: TRIGGER_LABEL,
      fields: [
        { name: "score", type: "decimal", label: label("评分", "Score") },
        { name: "outcome", type: "text", label: label("结果", "Outcome") },
      ],
    };
    expect((await catalogOf(aAdmin)).pluginTriggers).toContainEqual(expected);
    expect((await catalogOf(platformAdmin)).pluginTriggers).toContainEqual(expected);
    // Core triggers are still all there, unchanged.
    expect((await catalogOf(aAdmin)).events.map((e) => e.event)).toContain("customer.reactivated");
    expect((await catalogOf(cAdmin)).pluginTriggers.map((t) => t.event)).not.toContain(EVENT);
  });

  it("a partner without the plugin cannot save a rule on its trigger: a translated error on the trigger, nothing written", async () => {
    const refused = await api("POST", "/automation/rules", { token: tokens.cAdmin!, body: visitRule(`C ${tag}`, [], "C"), headers: { "accept-language": "en" } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ path: "trigger.event", message: en("automationPlugins.errors.triggerUnavailable") }]);
    expect(en("automationPlugins.errors.triggerUnavailable")).toMatch(/^No plugin installed/);
    expect(await baseDb().automationRule.count({ where: { triggerEvent: EVENT, partnerId: cAdmin.membership.partnerId } })).toBe(0);
  });

  it("conditions may test only the fields the trigger declares", async () => {
    const refused = await api("POST", "/automation/rules", { token: tokens.aAdmin!, body: visitRule(`bad ${tag}`, [{ field: "event.summary", op: "exists", value: true }], "x"), headers: { "accept-language": "en" } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ path: "conditions.0.field", message: en("automation.errors.fieldNotAvailable") }]);
  });
});

describe("a plugin event runs the tenant's rules", () => {
  beforeAll(async () => {
    const created = await Promise.all([
      api("POST", "/automation/rules", { token: tokens.aAdmin!, body: visitRule(`高分拜访 ${tag}`, [{ field: "event.score", op: "gte", value: "4.5" }], titleA) }),
      api("POST", "/automation/rules", { token: tokens.aAdmin!, body: visitRule(`差评拜访 ${tag}`, [{ field: "event.outcome", op: "eq", value: "negative" }], titleANegative) }),
      api("POST", "/automation/rules", { token: tokens.bAdmin!, body: visitRule(`B 拜访 ${tag}`, [], titleB) }),
    ]);
    for (const response of created) expect(response.status, JSON.stringify(response.body)).toBe(201);
    [ruleA, ruleANegative, ruleB] = created.map((r) => r.body.id as string) as [string, string, string];
    expect(created[0]!.body.pluginTrigger).toEqual({ pluginId: PLUGIN_ID, pluginName: PLUGIN_NAME, label: TRIGGER_LABEL, available: true });
    expect(await baseDb().auditLog.count({ where: { action: "automation_rule.created", entityId: ruleA } })).toBe(1);
  });

  it("the matching rule creates its task once (redelivered too), the other is skipped, and the other partner's rule does not fire", async () => {
    const eventId = await visitEmitsEvent(tokens.aRep!, installA, { summary: "Met the head of pharmacy", score: 4.8, outcome: "positive" });
    const event = await baseDb().outboxEvent.findUniqueOrThrow({ where: { id: eventId } });
    // The host stamps the tenant: a plugin cannot claim to be another partner.
    expect(event.partnerId).toBe(aAdmin.membership.partnerId);
    // Decimals of plugin records stay exact strings.
    expect(event.payload).toMatchObject({ score: "4.8", outcome: "positive", pluginId: PLUGIN_ID, partnerId: aAdmin.membership.partnerId });

    await deliver(eventId);
    await deliver(eventId);

    const tasks = await tasksTitled(aAdmin.membership.partnerId, titleA);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ assigneeId: aAdmin.id, status: "open", sourceKey: `rule:${ruleA}:${eventId}` });
    expect(tasks[0]!.dueAt!.getTime() - event.createdAt.getTime()).toBeGreaterThan(47 * 3_600_000);
    expect((await runsOf(ruleA)).map((r) => [r.status, r.triggerKey])).toEqual([["done", `event:${eventId}`]]);

    expect(await tasksTitled(aAdmin.membership.partnerId, titleANegative)).toHaveLength(0);
    expect((await runsOf(ruleANegative)).map((r) => r.status)).toEqual(["skipped"]);

    expect(await runsOf(ruleB)).toEqual([]);
    expect(await tasksTitled(bAdmin.membership.partnerId, titleB)).toHaveLength(0);

    // The run history a partner admin reads says what happened.
    const history = await api("GET", `/automation/runs?ruleId=${ruleA}`, { token: tokens.aAdmin!, headers: { "accept-language": "en" } });
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0]).toMatchObject({ status: "done", outcomes: [{ key: "automation.outcome.taskCreated" }] });
  });

  it("a low score does not meet the condition; B's own event runs only B's rule", async () => {
    const low = await visitEmitsEvent(tokens.aRep!, installA, { summary: "Short call", score: 3, outcome: "negative" });
    await deliver(low);
    expect(await tasksTitled(aAdmin.membership.partnerId, titleA)).toHaveLength(1);
    expect(await tasksTitled(aAdmin.membership.partnerId, titleANegative)).toHaveLength(1);

    const fromB = await visitEmitsEvent(tokens.bAdmin!, installB, { summary: "B visited", score: 5, outcome: "positive" });
    await deliver(fromB);
    expect(await tasksTitled(bAdmin.membership.partnerId, titleB)).toHaveLength(1);
    expect(await tasksTitled(aAdmin.membership.partnerId, titleA)).toHaveLength(1);
    expect((await runsOf(ruleA)).map((r) => r.triggerKey)).not.toContain(`event:${fromB}`);
  });
});

describe("uninstall and restore", () => {
  it("after uninstall the rule stays but does not fire and shows as unavailable; after restore it fires again", async () => {
    const pending = await visitEmitsEvent(tokens.aRep!, installA, { summary: "Before uninstalling", score: 5, outcome: "positive" });
    expect((await api("POST", `/plugin-installs/${installA}/uninstall`, { token: tokens.aAdmin! })).body.status).toBe("uninstalled");
    forgetInstalledPlugins();

    // An event still queued when the plugin went away fires nothing.
    await deliver(pending);
    expect((await runsOf(ruleA)).map((r) => r.triggerKey)).not.toContain(`event:${pending}`);
    expect(await tasksTitled(aAdmin.membership.partnerId, titleA)).toHaveLength(1);

    // Kept, enabled, labelled from the last install's manifest, and marked unavailable.
    const shown = await api("GET", `/automation/rules/${ruleA}`, { token: tokens.aAdmin! });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ enabled: true, valid: true, trigger: { type: "event", event: EVENT }, pluginTrigger: { pluginId: PLUGIN_ID, pluginName: PLUGIN_NAME, label: TRIGGER_LABEL, available: false } });
    const listed = await api("GET", "/automation/rules?limit=100", { token: tokens.aAdmin! });
    expect(listed.body.items.find((r: { id: string }) => r.id === ruleA)?.pluginTrigger.available).toBe(false);
    expect((await catalogOf(aAdmin)).pluginTriggers.map((t) => t.event)).not.toContain(EVENT);
    // B still has the plugin: B's rule is available.
    expect((await api("GET", `/automation/rules/${ruleB}`, { token: tokens.bAdmin! })).body.pluginTrigger.available).toBe(true);
    // Saving it again is refused until the plugin is back.
    const resave = await api("PUT", `/automation/rules/${ruleA}`, { token: tokens.aAdmin!, body: visitRule(`高分拜访 ${tag}`, [{ field: "event.score", op: "gte", value: "4.5" }], titleA), headers: { "accept-language": "en" } });
    expect(resave.status).toBe(400);
    expect(resave.body.error.details).toEqual([{ path: "trigger.event", message: en("automationPlugins.errors.triggerUnavailable") }]);

    expect((await api("POST", `/plugin-installs/${installA}/restore`, { token: tokens.aAdmin! })).body.status).toBe("active");
    forgetInstalledPlugins();
    expect((await api("GET", `/automation/rules/${ruleA}`, { token: tokens.aAdmin! })).body.pluginTrigger.available).toBe(true);
    const after = await visitEmitsEvent(tokens.aRep!, installA, { summary: "After restoring", score: 4.6, outcome: "positive" });
    await deliver(after);
    expect(await tasksTitled(aAdmin.membership.partnerId, titleA)).toHaveLength(2);
    expect((await runsOf(ruleA)).map((r) => r.triggerKey)).toContain(`event:${after}`);
  });
});
