/**
 * Automation rules through the real /api/v1: who may read and write which rules, per-field
 * validation (translated), another partner's rules answered like missing ones, the runs log.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb } from "../../db/index.ts";
import { uuidv7 } from "../../db/uuidv7.ts";
import { api, apiToken, createTestPartner, createTestPartnerUser, createTestPlatformUser, type TestPartnerUser, type TestPlatformUser } from "../../testing/index.ts";
import { readDefinition } from "./automation.repository.ts";
import { DORMANT_CUSTOMER_RETURNS_RULE_ID, type TRuleInput } from "./index.ts";

let platformAdmin: TestPlatformUser, channelManager: TestPlatformUser;
let aAdmin: TestPartnerUser, aManager: TestPartnerUser, aRep: TestPartnerUser, bAdmin: TestPartnerUser;
let partnerA: { id: string }, partnerB: { id: string };

beforeAll(async () => {
  partnerA = await createTestPartner();
  partnerB = await createTestPartner();
  aAdmin = await createTestPartnerUser(partnerA.id, "admin");
  aManager = await createTestPartnerUser(partnerA.id, "manager");
  aRep = await createTestPartnerUser(partnerA.id, "rep");
  bAdmin = await createTestPartnerUser(partnerB.id, "admin");
  platformAdmin = await createTestPlatformUser(["admin"]);
  channelManager = await createTestPlatformUser(["channel_manager"]);
});
afterAll(disconnectDb);

const rule = (overrides: Partial<TRuleInput> = {}): TRuleInput => ({
  name: `规则 ${randomUUID().slice(0, 6)}`,
  trigger: { type: "event", event: "customer.reactivated" },
  conditions: [{ field: "customer.tags", op: "contains", value: "VIP" }],
  actions: [{ type: "create_task", title: { kind: "key", key: "contactReturningCustomer" }, assignee: { strategy: "most_recent_rep" }, dueInHours: 24 }],
  ...overrides,
});

describe("the default platform rule", () => {
  it("exists once, enabled, with a readable definition named by an i18n key", async () => {
    const row = await baseDb().automationRule.findUniqueOrThrow({ where: { id: DORMANT_CUSTOMER_RETURNS_RULE_ID } });
    expect(row).toMatchObject({ partnerId: null, enabled: true, triggerType: "event", triggerEvent: "customer.reactivated" });
    expect(readDefinition(row)).toMatchObject({
      trigger: { type: "event", event: "customer.reactivated" },
      conditions: [],
      actions: [{ type: "create_task", title: { kind: "key", key: "contactReturningCustomer" }, assignee: { strategy: "most_recent_rep" }, dueInHours: 24 }],
    });
    const response = await api("GET", `/automation/rules/${DORMANT_CUSTOMER_RETURNS_RULE_ID}`, { token: await apiToken(aManager) });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ nameKey: "automation.builtIn.dormantCustomerReturns", partnerId: null, valid: true, editable: false });
  });
});

describe("/automation/rules", () => {
  it("a platform admin creates, lists, replaces, disables and deletes a platform rule", async () => {
    const token = await apiToken(platformAdmin);
    // On customer.tagged, so the engine tests' customer.reactivated events running meanwhile do not meet it.
    const created = await api("POST", "/automation/rules", { token, body: rule({ name: "平台：VIP 打标", trigger: { type: "event", event: "customer.tagged" } }) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ partnerId: null, name: "平台：VIP 打标", enabled: true, valid: true, editable: true, conditions: [{ field: "customer.tags", op: "contains", value: "VIP" }] });
    const id = created.body.id as string;

    const listed = await api("GET", "/automation/rules?scope=platform&limit=200", { token });
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([id, DORMANT_CUSTOMER_RETURNS_RULE_ID]));

    const replaced = await api("PUT", `/automation/rules/${id}`, {
      token,
      body: rule({ name: "平台：每周一挽回流失客户", trigger: { type: "schedule", cron: "0 9 * * 1", subject: "customer" }, conditions: [{ field: "customer.lifecycleStage", op: "in", value: ["churned"] }] }),
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.trigger).toEqual({ type: "schedule", cron: "0 9 * * 1", subject: "customer" });
    const stored = await baseDb().automationRule.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ triggerType: "schedule", schedule: "0 9 * * 1", triggerEvent: null, conditions: { version: 1, subject: "customer" } });

    const disabled = await api("PATCH", `/automation/rules/${id}`, { token, body: { enabled: false } });
    expect(disabled.body.enabled).toBe(false);
    expect(await baseDb().auditLog.count({ where: { entityId: id, action: { startsWith: "automation_rule." } } })).toBe(3);

    expect((await api("DELETE", `/automation/rules/${id}`, { token })).status).toBe(204);
    expect((await api("GET", `/automation/rules/${id}`, { token })).status).toBe(404);
  });

  it("refuses what does not fit, field by field, in the reader's language, and writes nothing", async () => {
    const token = await apiToken(aAdmin);
    const before = await baseDb().automationRule.count({ where: { partnerId: partnerA.id } });
    const bad = await api("POST", "/automation/rules", {
      token,
      headers: { "accept-language": "en" },
      body: rule({
        name: "  ",
        trigger: { type: "schedule", cron: "0 25 * * *", subject: "customer" },
        conditions: [{ field: "opportunity.amount", op: "gte", value: "lots" }],
        actions: [{ type: "add_tag", tagId: uuidv7() }],
      }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
    expect(bad.body.error.details).toEqual(
      expect.arrayContaining([
        { path: "name", message: expect.any(String) },
        { path: "conditions.0.value", message: "Enter a number, e.g. 10000 or 9999.50." },
      ]),
    );
    // Past the schema: the trigger's own checks.
    const unfit = await api("POST", "/automation/rules", {
      token,
      headers: { "accept-language": "en" },
      body: rule({ trigger: { type: "schedule", cron: "0 25 * * *", subject: "customer" }, conditions: [{ field: "opportunity.amount", op: "gte", value: "1" }], actions: [{ type: "add_tag", tagId: uuidv7() }] }),
    });
    expect(unfit.status).toBe(400);
    expect(unfit.body.error.details).toEqual([
      { path: "trigger.cron", message: expect.stringContaining("cron") },
      { path: "conditions.0.field", message: "The chosen trigger does not have this field." },
      { path: "actions.0.tagId", message: "The tag does not exist or cannot be used." },
    ]);
    expect(await baseDb().automationRule.count({ where: { partnerId: partnerA.id } })).toBe(before);
  });

  it("a partner admin writes only its own rules; platform rules are read-only, another partner's are not there", async () => {
    const aToken = await apiToken(aAdmin);
    const bToken = await apiToken(bAdmin);
    const bTag = await baseDb().tag.create({ data: { partnerId: partnerB.id, name: `乙标签${randomUUID().slice(0, 6)}` } });
    const bRule = await api("POST", "/automation/rules", { token: bToken, body: rule({ actions: [{ type: "add_tag", tagId: bTag.id }] }) });
    expect(bRule.status).toBe(201);
    expect(bRule.body).toMatchObject({ partnerId: partnerB.id, editable: true });

    // Another partner's rule answers exactly like a missing one, whatever is asked.
    const missing = uuidv7();
    for (const [method, body] of [["GET", undefined], ["PUT", rule()], ["PATCH", { enabled: false }], ["DELETE", undefined]] as const) {
      const theirs = await api(method, `/automation/rules/${bRule.body.id}`, { token: aToken, body });
      const nothing = await api(method, `/automation/rules/${missing}`, { token: aToken, body });
      expect(theirs.status).toBe(404);
      expect(theirs.body).toEqual(nothing.body);
    }
    const aList = await api("GET", "/automation/rules?limit=200", { token: aToken });
    expect(aList.body.items.some((r: { partnerId: string | null }) => r.partnerId === partnerB.id)).toBe(false);
    // Nor can A use B's tag or B's people: the same answer as for ones that do not exist.
    const withTheirTag = await api("POST", "/automation/rules", { token: aToken, body: rule({ actions: [{ type: "add_tag", tagId: bTag.id }] }) });
    const withNoTag = await api("POST", "/automation/rules", { token: aToken, body: rule({ actions: [{ type: "add_tag", tagId: uuidv7() }] }) });
    expect(withTheirTag.status).toBe(400);
    expect(withTheirTag.body).toEqual(withNoTag.body);
    const withTheirAdmin = await api("POST", "/automation/rules", {
      token: aToken,
      body: rule({ actions: [{ type: "notify", recipients: { strategy: "user", userId: bAdmin.id }, message: { kind: "text", text: "看看" } }] }),
    });
    expect(withTheirAdmin.status).toBe(400);
    expect(withTheirAdmin.body.error.details).toEqual([{ path: "actions.0.recipients.userId", message: expect.any(String) }]);

    // The platform's rules: visible, not writable.
    const platformRule = await api("PATCH", `/automation/rules/${DORMANT_CUSTOMER_RETURNS_RULE_ID}`, { token: aToken, body: { enabled: false } });
    expect(platformRule.status).toBe(403);
    expect((await baseDb().automationRule.findUniqueOrThrow({ where: { id: DORMANT_CUSTOMER_RETURNS_RULE_ID } })).enabled).toBe(true);

    // Its own: a rule naming one of its own members.
    const own = await api("POST", "/automation/rules", {
      token: aToken,
      body: rule({ actions: [{ type: "create_task", title: { kind: "text", text: "回访" }, assignee: { strategy: "user", userId: aRep.id }, dueInHours: 2 }] }),
    });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ partnerId: partnerA.id, editable: true });
  });

  it("managers and channel managers read; reps see nothing; only admins write", async () => {
    const manager = await apiToken(aManager);
    expect((await api("GET", "/automation/rules", { token: manager })).status).toBe(200);
    expect((await api("POST", "/automation/rules", { token: manager, body: rule() })).status).toBe(403);
    expect((await api("GET", "/automation/rules", { token: await apiToken(aRep) })).status).toBe(403);
    expect((await api("GET", "/automation/runs", { token: await apiToken(aRep) })).status).toBe(403);
    const channel = await apiToken(channelManager);
    expect((await api("GET", "/automation/rules?scope=partner", { token: channel })).status).toBe(200);
    expect((await api("POST", "/automation/rules", { token: channel, body: rule() })).status).toBe(403);
  });
});

describe("/automation/runs", () => {
  it("shows a partner its own runs (of its rules and the platform's), newest first, with translatable outcomes", async () => {
    const aRule = await baseDb().automationRule.create({
      data: { partnerId: partnerA.id, name: "甲规则", triggerType: "event", triggerEvent: "customer.tagged", conditions: [], actions: { version: 1, items: [] } },
    });
    await baseDb().automationRun.createMany({
      data: [
        { ruleId: DORMANT_CUSTOMER_RETURNS_RULE_ID, partnerId: partnerA.id, triggerKey: `event:${uuidv7()}`, status: "done", detail: { outcomes: [{ key: "automation.outcome.taskCreated", params: { user: "张伟" } }] } },
        { ruleId: aRule.id, partnerId: partnerA.id, triggerKey: `event:${uuidv7()}`, status: "failed", error: "automation.errors.tagNotFound", detail: { errorParams: {} } },
        { ruleId: DORMANT_CUSTOMER_RETURNS_RULE_ID, partnerId: partnerB.id, triggerKey: `event:${uuidv7()}`, status: "done", detail: {} },
      ],
    });
    const response = await api("GET", "/automation/runs", { token: await apiToken(aManager) });
    expect(response.status).toBe(200);
    expect(response.body.items.map((r: { ruleName: string; status: string; partnerId: string }) => [r.ruleName, r.status, r.partnerId])).toEqual([
      ["甲规则", "failed", partnerA.id],
      ["automation.builtIn.dormantCustomerReturns", "done", partnerA.id],
    ]);
    expect(response.body.items[1]).toMatchObject({ ruleNameKey: "automation.builtIn.dormantCustomerReturns", outcomes: [{ key: "automation.outcome.taskCreated", params: { user: "张伟" } }] });
    const failed = await api("GET", "/automation/runs?status=failed", { token: await apiToken(platformAdmin) });
    expect(failed.body.items.find((r: { ruleId: string }) => r.ruleId === aRule.id)).toMatchObject({ error: "automation.errors.tagNotFound", partnerName: expect.any(String) });
  });
});
