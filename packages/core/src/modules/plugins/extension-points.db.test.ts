/**
 * Issue 7's host extension points (ADR 026) against a real database, over /api/v1 as users act:
 * - validate and compute hooks read records (the record's tenant: its partner's and the platform's),
 *   including the partner organisation (`records.get("partner", id)`), with `recordPartnerId`;
 * - the hooks of a plugin installed for one partner also run for platform records (master data) of
 *   its own objects that staff create, with the manifest's default settings;
 * - `reference: "partner"` values: a partner picks itself or its sub-dealers, staff any partner;
 * - the `createOrder` intent ingests a real order (attribution, before-save order hooks, idempotent
 *   per plugin, tenant and externalId), and a refused one is a plugin error and a notification;
 * - a `patch` of a platform record applies only when platform staff caused the event.
 */
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../actor/index.ts";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { baseDb, db, disconnectDb, runAsActor } from "../../db/index.ts";
import { translator } from "../../i18n/index.ts";
import { api, apiToken, createTestDeveloper, createTestLead, createTestPartner, createTestPartnerUser, createTestPlatformUser, type TestPartnerUser } from "../../testing/index.ts";
import { installTestPlugin, localized, testPluginPackage } from "../../testing/plugin-factories.ts";
import { pluginOrderExternalId } from "../orders/orders.service.ts";
import { registerCustomer } from "../registrations/index.ts";
import { disconnectHookReadDb, readerFor, readScopeOf } from "./hook-reader.ts";
import { installsForPartner } from "./installed-plugins.ts";
import { flushHookStats, resetPluginHost, runBeforeSave, runPluginHookJob } from "./index.ts";

const tag = `t${randomBytes(4).toString("hex")}`;
const PLUGIN_ID = `qx.${tag}`;
const NS = `qx_${tag}`;
const HOSPITAL = `${NS}__hospital`;
const SAMPLE = `${NS}__sample`;
const CHANGE = `${NS}__changeRequest`;
const QUOTE = `${NS}__quote`;
const EN = { "accept-language": "en" };
const en = translator("en");

function manifest() {
  const text = (zh: string, enText: string) => localized(zh, enText);
  return {
    id: PLUGIN_ID,
    name: text("扩展点", "Extension points"),
    description: text("读取、主数据、下单", "Reads, master data, orders"),
    version: "1.0.0",
    publisher: { name: "QA" },
    engines: { qudao: ">=0.1.0" },
    surfaces: ["platform", "portal"],
    categories: ["industry"],
    permissions: [`records:write:${HOSPITAL}`, `records:write:${SAMPLE}`, `records:write:${CHANGE}`, `records:write:${QUOTE}`, "records:read:customer", "orders:create"],
    settings: [
      { key: "maxPerHcp", type: "integer", label: text("每位医生上限", "Max per HCP"), default: 5 },
      { key: "gradePrefix", type: "text", label: text("等级前缀", "Grade prefix"), default: "G" },
      { key: "orderLimit", type: "decimal", label: text("订单上限", "Order limit"), default: "100000" },
    ],
    hooks: [
      { name: "gradeHospital", kind: "compute", object: HOSPITAL, failMode: "closed" },
      { name: "checkHospital", kind: "validate", object: HOSPITAL, failMode: "closed" },
      { name: "describeSample", kind: "compute", object: SAMPLE, failMode: "closed" },
      { name: "sampleLimit", kind: "validate", object: SAMPLE, failMode: "closed" },
      { name: "keepIssued", kind: "validate", object: SAMPLE, on: ["delete"], failMode: "closed" },
      { name: "checkOrder", kind: "validate", object: "order", on: ["create"], failMode: "closed" },
      { name: "applyChange", kind: "event", events: [`${CHANGE}.updated`] },
      { name: "placeOrder", kind: "event", events: [`${QUOTE}.created`] },
    ],
    contributes: {
      objects: [
        {
          name: HOSPITAL,
          label: text("医院", "Hospital"),
          labelPlural: text("医院", "Hospitals"),
          titleField: "name",
          fields: [
            { name: "name", type: "text", required: true, label: text("名称", "Name") },
            { name: "beds", type: "integer", label: text("床位", "Beds") },
            { name: "grade", type: "text", computed: true, label: text("等级", "Grade") },
            { name: "seen", type: "text", computed: true, label: text("所见", "Seen") },
          ],
          views: { list: { columns: ["name", "beds"] }, detail: { sections: [{ title: text("医院", "Hospital"), fields: ["name", "beds", "grade", "seen"] }] }, form: { fields: ["name", "beds"] } },
        },
        {
          name: SAMPLE,
          label: text("样品发放", "Sample issue"),
          labelPlural: text("样品发放", "Sample issues"),
          titleField: "hcp",
          fields: [
            { name: "hcp", type: "text", required: true, label: text("医生", "HCP") },
            { name: "quantity", type: "integer", required: true, label: text("数量", "Quantity") },
            { name: "distributor", type: "reference", reference: "partner", label: text("经销商", "Distributor") },
            { name: "distributorName", type: "text", computed: true, label: text("经销商名称", "Distributor name") },
          ],
          relations: [{ name: "hospital", to: HOSPITAL, kind: "manyToOne", label: text("医院", "Hospital"), required: true }],
          views: { list: { columns: ["hcp", "quantity"] }, detail: { sections: [{ title: text("发放", "Issue"), fields: ["hcp", "quantity", "hospital", "distributor", "distributorName"] }] }, form: { fields: ["hcp", "quantity", "hospital", "distributor"] } },
        },
        {
          name: CHANGE,
          label: text("变更申请", "Change request"),
          labelPlural: text("变更申请", "Change requests"),
          titleField: "hospitalId",
          fields: [
            { name: "hospitalId", type: "reference", reference: HOSPITAL, required: true, label: text("医院", "Hospital") },
            { name: "newBeds", type: "integer", required: true, label: text("新床位", "New beds") },
            { name: "approved", type: "boolean", label: text("已批准", "Approved") },
          ],
          views: { list: { columns: ["hospitalId"] }, detail: { sections: [{ title: text("申请", "Request"), fields: ["hospitalId", "newBeds", "approved"] }] }, form: { fields: ["hospitalId", "newBeds", "approved"] } },
        },
        {
          name: QUOTE,
          label: text("报价", "Quote"),
          labelPlural: text("报价", "Quotes"),
          titleField: "number",
          fields: [
            { name: "number", type: "text", required: true, label: text("编号", "Number") },
            { name: "customerId", type: "reference", reference: "customer", required: true, label: text("客户", "Customer") },
            { name: "quantity", type: "decimal", required: true, label: text("数量", "Quantity") },
            { name: "unitPrice", type: "decimal", required: true, label: text("单价", "Unit price") },
          ],
          views: { list: { columns: ["number"] }, detail: { sections: [{ title: text("报价", "Quote"), fields: ["number", "customerId", "quantity", "unitPrice"] }] }, form: { fields: ["number", "customerId", "quantity", "unitPrice"] } },
        },
      ],
      fields: [
        { object: "order", name: `${NS}__quoteNumber`, type: "text", label: text("报价编号", "Quote number") },
        { object: "lead", name: `${NS}__leadDistributor`, type: "reference", reference: "partner", label: text("经销商", "Distributor") },
      ],
    },
  };
}

const HOOKS = `
var HOSPITAL = ${JSON.stringify(HOSPITAL)}, SAMPLE = ${JSON.stringify(SAMPLE)};
globalThis.__qudaoPlugin = { hooks: {
  gradeHospital: function (ctx) {
    return { grade: ctx.settings.gradePrefix + (ctx.record.beds >= 500 ? "3A" : "2A"), seen: "tenant=" + String(ctx.recordPartnerId) + " partner=" + String(ctx.partnerId) };
  },
  checkHospital: function (ctx) {
    var same = ctx.records.query(HOSPITAL, { name: ctx.record.name }, 10).filter(function (h) { return h.id !== ctx.record.id; });
    return same.length > 0 ? [{ field: "name", messageKey: "hospital.duplicate", params: { name: ctx.record.name } }] : [];
  },
  describeSample: function (ctx) {
    if (!ctx.record.distributor) return { distributorName: null };
    var partner = ctx.records.get("partner", ctx.record.distributor);
    return { distributorName: partner ? partner.name + "/" + partner.tier + "/" + (partner.parentId === null ? "top" : "sub") : "unseen" };
  },
  sampleLimit: function (ctx) {
    var errors = [];
    var hospital = ctx.records.get(HOSPITAL, ctx.record.hospital);
    if (!hospital) errors.push({ field: "hospital", messageKey: "sample.hospitalUnknown" });
    var issued = 0;
    for (var offset = 0; ; offset += 2) {
      var page = ctx.records.query(SAMPLE, { hcp: ctx.record.hcp }, 2, offset);
      for (var i = 0; i < page.length; i++) if (page[i].id !== ctx.record.id) issued += page[i].quantity;
      if (page.length < 2) break;
    }
    if (issued + ctx.record.quantity > ctx.settings.maxPerHcp) errors.push({ field: "quantity", messageKey: "sample.limit", params: { issued: issued, max: ctx.settings.maxPerHcp } });
    if (ctx.recordPartnerId !== ctx.actor.partnerId) errors.push({ messageKey: "sample.tenant" });
    return errors;
  },
  keepIssued: function (ctx) {
    return ctx.operation === "delete" && ctx.record.quantity >= 3 ? [{ messageKey: "sample.keep", params: { quantity: ctx.record.quantity, id: ctx.record.id === ctx.previous.id ? "same" : "other" } }] : [];
  },
  checkOrder: function (ctx) {
    var customer = ctx.records.get("customer", ctx.record.customerId);
    if (!customer) return [{ messageKey: "order.customerUnseen" }];
    return Number(ctx.record.total) > Number(ctx.settings.orderLimit) ? [{ field: "total", messageKey: "order.tooLarge", params: { total: ctx.record.total } }] : [];
  },
  applyChange: function (ctx) {
    var request = ctx.records.get(${JSON.stringify(CHANGE)}, ctx.event.payload.recordId);
    if (!request || !request.approved) return [];
    return [{ type: "patch", object: HOSPITAL, id: request.hospitalId, set: { beds: request.newBeds } }];
  },
  placeOrder: function (ctx) {
    var quote = ctx.records.get(${JSON.stringify(QUOTE)}, ctx.event.payload.recordId);
    if (!quote) return [];
    var custom = {};
    custom[${JSON.stringify(`${NS}__quoteNumber`)}] = quote.number;
    return [{ type: "createOrder", externalId: quote.number, customerId: quote.customerId, items: [{ sku: "PUMP-1", category: "hardware", quantity: quote.quantity, unitPrice: quote.unitPrice }], customFields: custom, sourceRef: { object: ${JSON.stringify(QUOTE)}, id: quote.id } }];
  },
} };`;

const LOCALES = {
  "zh-CN": {
    "hospital.duplicate": "已有同名医院：{{name}}",
    "sample.hospitalUnknown": "找不到这家医院",
    "sample.limit": "超过每位医生的样品上限（已发 {{issued}}，上限 {{max}}）",
    "sample.tenant": "记录的租户不对",
    "sample.keep": "已发放 {{quantity}} 件的样品记录不能删除（{{id}}）",
    "order.customerUnseen": "看不到订单的客户",
    "order.tooLarge": "订单金额 {{total}} 超过上限",
  },
  en: {
    "hospital.duplicate": "A hospital named {{name}} exists already",
    "sample.hospitalUnknown": "This hospital does not exist",
    "sample.limit": "Over the sample limit per HCP ({{issued}} issued, at most {{max}})",
    "sample.tenant": "Wrong tenant",
    "sample.keep": "A sample issue of {{quantity}} units cannot be deleted ({{id}})",
    "order.customerUnseen": "The order's customer is not visible",
    "order.tooLarge": "The order total {{total}} is over the limit",
  },
};

let partnerA: { id: string }, partnerB: { id: string }, subDealer: { id: string };
let aAdmin: TestPartnerUser, aRep: TestPartnerUser, bAdmin: TestPartnerUser;
let aRepToken: string, aAdminToken: string, bAdminToken: string, staffToken: string, staffId: string;
let installId: string;

async function actorOf(userId: string): Promise<Actor> {
  return (await actorForUserId(userId, "session"))!.actor;
}

/** A customer registered (owned) by `user`'s partner, a day ago. */
async function ownedCustomer(user: TestPartnerUser): Promise<string> {
  const actor = await actorOf(user.id);
  const decision = await runAsActor(actor, () =>
    registerCustomer(actor, { customer: { kind: "company", name: `扩展点测试${randomUUID().slice(0, 8)}有限公司`, phone: `139${String(randomInt(0, 1e8)).padStart(8, "0")}`, city: "苏州" } }, "zh-CN", new Date(Date.now() - 86_400_000)),
  );
  expect(decision.status).toBe("accepted");
  return decision.customerId!;
}

/** Run the record event's job for `hook`, as the worker would, optionally as if `actorUserId` had caused it. */
async function runRecordEventJob(hook: string, type: string, recordId: string, actorUserId?: string) {
  const event = await baseDb().outboxEvent.findFirstOrThrow({ where: { type, aggregateId: recordId }, orderBy: { createdAt: "desc" } });
  const payload = { ...(event.payload as Record<string, unknown>), ...(actorUserId ? { actorUserId } : {}) };
  return runPluginHookJob({
    installId,
    hook,
    event: { id: event.id, name: event.type, occurredAt: event.createdAt.toISOString(), partnerId: event.partnerId, aggregateType: event.aggregateType, aggregateId: event.aggregateId, payload },
  });
}

beforeAll(async () => {
  partnerA = await createTestPartner({ tier: "gold" });
  partnerB = await createTestPartner();
  subDealer = await createTestPartner({ parentPartnerId: partnerA.id, name: `二级经销商 ${tag}` });
  [aAdmin, aRep, bAdmin] = await Promise.all([createTestPartnerUser(partnerA.id, "admin"), createTestPartnerUser(partnerA.id, "rep"), createTestPartnerUser(partnerB.id, "admin")]);
  const [developer, reviewer, platformAdmin, staff] = await Promise.all([createTestDeveloper(), createTestPlatformUser(["reviewer"]), createTestPlatformUser(["admin"]), createTestPlatformUser(["channel_manager"])]);
  const [developerToken, reviewerToken, platformAdminToken] = await Promise.all([apiToken(developer), apiToken(reviewer), apiToken(platformAdmin)]);
  [aRepToken, aAdminToken, bAdminToken, staffToken] = await Promise.all([apiToken(aRep), apiToken(aAdmin), apiToken(bAdmin), apiToken(staff)]);
  staffId = staff.id;
  // Installed for partner A only (tests share the database: never platform-wide).
  const installed = await installTestPlugin({ pkg: testPluginPackage({ manifest: manifest(), hooks: HOOKS, locales: LOCALES }), tokens: { developer: developerToken, reviewer: reviewerToken, platformAdmin: platformAdminToken, partnerAdmin: aAdminToken } });
  installId = installed.installId;
}, 120_000);

afterAll(async () => {
  await flushHookStats();
  resetPluginHost();
  await disconnectHookReadDb();
  await disconnectDb();
});

let hospitalId: string;

describe("platform records of a plugin's own objects get its hooks", () => {
  it("a hospital staff create runs the compute and validate hooks in the platform tenant with the manifest's defaults", async () => {
    // Partner A's own settings are A's business: the platform record runs with the manifest's defaults.
    const settings = await api("PUT", `/plugin-installs/${installId}/settings`, { token: aAdminToken, body: { installId, settings: { maxPerHcp: 5, gradePrefix: "A-", orderLimit: "100000" } } });
    expect(settings.status).toBe(200);
    const created = await api("POST", `/records/${HOSPITAL}`, { token: staffToken, body: { object: HOSPITAL, values: { name: `协和医院 ${tag}`, beds: 800 } } });
    expect(created.status).toBe(201);
    expect(created.body.values).toMatchObject({ grade: "G3A", seen: "tenant=null partner=null" });
    hospitalId = created.body.id as string;
    const row = await baseDb().customObjectRecord.findUniqueOrThrow({ where: { id: hospitalId } });
    expect(row.partnerId).toBeNull();
  });

  it("the validate hook reads the platform's records: a second hospital of that name is refused in the plugin's words", async () => {
    const again = await api("POST", `/records/${HOSPITAL}`, { token: staffToken, body: { object: HOSPITAL, values: { name: `协和医院 ${tag}`, beds: 100 } }, headers: EN });
    expect(again.status).toBe(400);
    expect(again.body.error.details).toEqual([expect.objectContaining({ path: "name", message: `A hospital named 协和医院 ${tag} exists already` })]);
    // An update of the same hospital leaves itself out: the hook sees the record's id.
    const renamed = await api("PATCH", `/records/${HOSPITAL}/${hospitalId}`, { token: staffToken, body: { id: hospitalId, values: { beds: 300 } } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.values).toMatchObject({ beds: 300, grade: "G2A" });
  });
});

describe("reads of before-save hooks inside transactions", () => {
  it("hooks read while every connection of the main pool is held by a transaction waiting for them", async () => {
    // As many transactions as the main pool has connections, each running the hospital's reading
    // validate hook inside it: were the reads to need the main pool, none could ever get a connection.
    const held = Number(process.env.DATABASE_POOL_SIZE ?? 10);
    const staff = await actorOf(staffId);
    const results = await Promise.all(
      Array.from({ length: held }, (_, i) =>
        runAsActor(staff, () =>
          db.$transaction(
            async (tx) => {
              await tx.customObjectRecord.count({ where: { object: HOSPITAL } });
              return runBeforeSave(staff, { partnerId: null, object: HOSPITAL, operation: "create", record: { name: `并发医院 ${tag} ${i}`, beds: 10 }, previous: null });
            },
            { maxWait: 20_000, timeout: 25_000 },
          ),
        ),
      ),
    );
    expect(results.map((computed) => computed.get(PLUGIN_ID)?.grade)).toEqual(Array.from({ length: held }, () => "G2A"));
  });
});

describe("reads in validate and compute hooks of a partner's record", () => {
  it("a sample issue reads the platform's hospital and earlier issues page by page, and is refused over the limit", async () => {
    const first = await api("POST", `/records/${SAMPLE}`, { token: aRepToken, body: { object: SAMPLE, values: { hcp: `王医生 ${tag}`, quantity: 3, hospital: hospitalId } } });
    expect(first.status).toBe(201);
    const second = await api("POST", `/records/${SAMPLE}`, { token: aRepToken, body: { object: SAMPLE, values: { hcp: `王医生 ${tag}`, quantity: 1, hospital: hospitalId } } });
    expect(second.status).toBe(201);
    const over = await api("POST", `/records/${SAMPLE}`, { token: aRepToken, body: { object: SAMPLE, values: { hcp: `王医生 ${tag}`, quantity: 2, hospital: hospitalId } }, headers: EN });
    expect(over.status).toBe(400);
    expect(over.body.error.details).toEqual([expect.objectContaining({ path: "quantity", message: "Over the sample limit per HCP (4 issued, at most 5)" })]);
    expect(await baseDb().customObjectRecord.count({ where: { object: SAMPLE, values: { path: ["hcp"], equals: `王医生 ${tag}` } } })).toBe(2);
  });

  it("an edit of an issue leaves the issue itself out of the count (the hook sees its id)", async () => {
    const created = await api("POST", `/records/${SAMPLE}`, { token: aRepToken, body: { object: SAMPLE, values: { hcp: `李医生 ${tag}`, quantity: 4, hospital: hospitalId } } });
    const edited = await api("PATCH", `/records/${SAMPLE}/${created.body.id}`, { token: aRepToken, body: { id: created.body.id, values: { quantity: 5 } } });
    expect(edited.status).toBe(200);
  });
});

describe("validate hooks that check deletions", () => {
  it("refuse a deletion in the plugin's words and keep the record; a deletion they allow goes through, and saves do not run them", async () => {
    const kept = await api("POST", `/records/${SAMPLE}`, { token: aRepToken, body: { object: SAMPLE, values: { hcp: `赵医生 ${tag}`, quantity: 3, hospital: hospitalId } } });
    const dropped = await api("POST", `/records/${SAMPLE}`, { token: aRepToken, body: { object: SAMPLE, values: { hcp: `赵医生 ${tag}`, quantity: 1, hospital: hospitalId } } });
    expect([kept.status, dropped.status]).toEqual([201, 201]);
    const refused = await api("DELETE", `/records/${SAMPLE}/${kept.body.id}`, { token: aAdminToken, headers: EN });
    expect(refused.status).toBe(400);
    // The hook saw the record as stored, with its id, as both record and previous.
    expect(refused.body.error.details).toEqual([expect.objectContaining({ message: "A sample issue of 3 units cannot be deleted (same)" })]);
    expect(await baseDb().customObjectRecord.count({ where: { id: kept.body.id } })).toBe(1);
    expect(await baseDb().auditLog.count({ where: { entityId: kept.body.id, action: "customRecord.deleted" } })).toBe(0);
    const allowed = await api("DELETE", `/records/${SAMPLE}/${dropped.body.id}`, { token: aAdminToken });
    expect(allowed.status).toBe(204);
    expect(await baseDb().customObjectRecord.count({ where: { id: dropped.body.id } })).toBe(0);
  });
});

describe("partner references", () => {
  it("a partner's user picks its own partner or a sub-dealer, and the hook reads that partner", async () => {
    const own = await api("POST", `/records/${SAMPLE}`, { token: aRepToken, body: { object: SAMPLE, values: { hcp: `赵医生 ${tag}`, quantity: 1, hospital: hospitalId, distributor: partnerA.id } } });
    expect(own.status).toBe(201);
    expect(own.body.values.distributorName).toMatch(/\/gold\/top$/);
    const sub = await api("POST", `/records/${SAMPLE}`, { token: aRepToken, body: { object: SAMPLE, values: { hcp: `钱医生 ${tag}`, quantity: 1, hospital: hospitalId, distributor: subDealer.id } } });
    expect(sub.status).toBe(201);
    expect(sub.body.values.distributorName).toBe(`二级经销商 ${tag}/bronze/sub`);
  });

  it("another partner (or one that does not exist) is not found, in the reader's language, and nothing is saved", async () => {
    for (const id of [partnerB.id, randomUUID()]) {
      const refused = await api("POST", `/records/${SAMPLE}`, { token: aRepToken, body: { object: SAMPLE, values: { hcp: `孙医生 ${tag}`, quantity: 1, hospital: hospitalId, distributor: id } }, headers: EN });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details).toEqual([expect.objectContaining({ path: "distributor", message: en("pluginExtensions.errors.partnerNotFound") })]);
    }
    expect(await baseDb().customObjectRecord.count({ where: { object: SAMPLE, values: { path: ["hcp"], equals: `孙医生 ${tag}` } } })).toBe(0);
  });

  it("platform staff may pick any partner, and a hook in the platform tenant sees every partner", async () => {
    // Staff's sample issue is a platform record: its plugin runs there too.
    const staffIssue = await api("POST", `/records/${SAMPLE}`, { token: staffToken, body: { object: SAMPLE, values: { hcp: `周医生 ${tag}`, quantity: 1, hospital: hospitalId, distributor: partnerB.id } }, headers: EN });
    // The hook's own check says the record's tenant (the platform) is not the staff member's partner (none): both null, so accepted.
    expect(staffIssue.status).toBe(201);
    expect(staffIssue.body.values.distributorName).toMatch(/\/bronze\/top$/);
  });
});

describe("partner choices and partner fields on core records", () => {
  it("the forms offer a partner's user its partner and sub-dealers, staff every partner", async () => {
    const ids = async (token: string) => ((await api("GET", "/plugin-partner-choices", { token })).body.items as Array<{ id: string }>).map((p) => p.id);
    expect((await ids(aRepToken)).sort()).toEqual([partnerA.id, subDealer.id].sort());
    expect(await ids(bAdminToken)).toEqual([partnerB.id]);
    expect(await ids(staffToken)).toEqual(expect.arrayContaining([partnerA.id, partnerB.id, subDealer.id]));
  });

  it("a partner custom field on a lead takes a sub-dealer and refuses another partner", async () => {
    const lead = await createTestLead(partnerA.id, { createdById: aAdmin.id });
    const field = `${NS}__leadDistributor`;
    const refused = await api("PUT", `/custom-fields/lead/${lead.id}`, { token: aAdminToken, body: { object: "lead", id: lead.id, values: { [field]: partnerB.id } }, headers: EN });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: `values.${field}`, message: en("pluginExtensions.errors.partnerNotFound") })]);
    const saved = await api("PUT", `/custom-fields/lead/${lead.id}`, { token: aAdminToken, body: { object: "lead", id: lead.id, values: { [field]: subDealer.id } } });
    expect(saved.status).toBe(200);
    expect(((await baseDb().lead.findUniqueOrThrow({ where: { id: lead.id } })).customFields as Record<string, unknown>)[field]).toBe(subDealer.id);
  });
});

describe("the createOrder intent", () => {
  it("ingests a real order for the tenant: attributed by ownership, before-save order hooks read, idempotent per externalId", async () => {
    const customerId = await ownedCustomer(aRep);
    const number = `Q-${tag}-1`;
    const quote = await api("POST", `/records/${QUOTE}`, { token: aRepToken, body: { object: QUOTE, values: { number, customerId, quantity: "2", unitPrice: "1500.50" } } });
    expect(quote.status).toBe(201);
    expect(await runRecordEventJob("placeOrder", `${QUOTE}.created`, quote.body.id)).toEqual({ outcome: "ok", applied: 1, refused: 0 });
    const externalId = pluginOrderExternalId(PLUGIN_ID, partnerA.id, number);
    const order = await baseDb().order.findUniqueOrThrow({ where: { externalId }, include: { items: true } });
    expect(order).toMatchObject({ attributedPartnerId: partnerA.id, customerId, currency: "CNY" });
    expect(order.total.toString()).toBe("3001");
    expect(order.items.map((i) => [i.sku, i.category, i.quantity.toString(), i.unitPrice.toString()])).toEqual([["PUMP-1", "hardware", "2", "1500.5"]]);
    expect(order.customFields).toEqual({ [`${NS}__quoteNumber`]: number });
    const ingested = await baseDb().outboxEvent.findFirstOrThrow({ where: { type: "order.ingested", aggregateId: order.id } });
    expect(ingested.payload).toMatchObject({ orderId: order.id, externalId, source: "plugin", pluginId: PLUGIN_ID, pluginExternalId: number, sourceRef: { object: QUOTE, id: quote.body.id } });
    const audit = await baseDb().auditLog.findFirstOrThrow({ where: { action: "order.ingested", entityId: order.id } });
    expect(audit.actorUserId).toBe(aRep.id);
    // The same event again (a retry) places nothing new.
    expect(await runRecordEventJob("placeOrder", `${QUOTE}.created`, quote.body.id)).toEqual({ outcome: "ok", applied: 1, refused: 0 });
    expect(await baseDb().order.count({ where: { externalId } })).toBe(1);
    // Partner A's admin sees it among its orders.
    const list = await api("GET", "/orders", { token: aAdminToken });
    expect(list.body.items.map((o: { id: string }) => o.id)).toContain(order.id);
    // A hook holding records:read:order finds it by that externalId, with its items (partner B's tenant does not).
    const install = (await installsForPartner(partnerA.id)).find((i) => i.installId === installId)!;
    const asOrderReader = { ...install, grantedPermissions: [...install.grantedPermissions, "records:read:order"] };
    const found = await readerFor(asOrderReader, readScopeOf(partnerA.id, null), partnerA.id, "test").query("order", { externalId }, 10, 0);
    expect(found).toEqual([expect.objectContaining({ id: order.id, externalId, items: [{ sku: "PUMP-1", category: "hardware", quantity: "2", unitPrice: "1500.50", amount: "3001.00" }] })]);
    expect(await readerFor(asOrderReader, readScopeOf(partnerB.id, null), partnerB.id, "test").query("order", { externalId }, 10, 0)).toEqual([]);
  });

  it("a customer outside the tenant is refused: recorded as the plugin's error and the rep is told why", async () => {
    const foreign = await ownedCustomer(bAdmin);
    const number = `Q-${tag}-2`;
    const quote = await api("POST", `/records/${QUOTE}`, { token: aRepToken, body: { object: QUOTE, values: { number, customerId: foreign, quantity: "1", unitPrice: "10" } } });
    // A plain reference field holds the id as typed; the order is what the host refuses.
    expect(quote.status).toBe(201);
    expect(await runRecordEventJob("placeOrder", `${QUOTE}.created`, quote.body.id)).toEqual({ outcome: "ok", applied: 0, refused: 1 });
    expect(await baseDb().order.count({ where: { externalId: pluginOrderExternalId(PLUGIN_ID, partnerA.id, number) } })).toBe(0);
    await flushHookStats();
    const errors = await baseDb().pluginError.findMany({ where: { installId, hook: "placeOrder", code: "scope" } });
    expect(errors.length).toBeGreaterThan(0);
    const notice = await baseDb().notification.findFirstOrThrow({ where: { userId: aRep.id, type: "plugin.orderRefused" }, orderBy: { createdAt: "desc" } });
    expect(notice.params).toMatchObject({ externalId: number, reason: { en: en("pluginExtensions.refusal.customerNotFound") } });
  });

  it("an order the plugin's own validate hook refuses is not created, and the rep reads the hook's words", async () => {
    const customerId = await ownedCustomer(aRep);
    const number = `Q-${tag}-3`;
    const quote = await api("POST", `/records/${QUOTE}`, { token: aRepToken, body: { object: QUOTE, values: { number, customerId, quantity: "100", unitPrice: "5000" } } });
    expect(await runRecordEventJob("placeOrder", `${QUOTE}.created`, quote.body.id)).toEqual({ outcome: "ok", applied: 0, refused: 1 });
    expect(await baseDb().order.count({ where: { externalId: pluginOrderExternalId(PLUGIN_ID, partnerA.id, number) } })).toBe(0);
    const notice = await baseDb().notification.findFirstOrThrow({ where: { userId: aRep.id, type: "plugin.orderRefused", params: { path: ["externalId"], equals: number } } });
    expect((notice.params as { reason: Record<string, string> }).reason.en).toBe("The order total 500000.00 is over the limit");
    const errors = await baseDb().pluginError.findMany({ where: { installId, hook: "placeOrder", code: "refused" } });
    expect(errors.length).toBeGreaterThan(0);
  });
});

describe("patches of platform records apply only when platform staff caused the event", () => {
  it("a partner's approval of its own change request does not touch the master record; staff's approval does", async () => {
    const request = await api("POST", `/records/${CHANGE}`, { token: aRepToken, body: { object: CHANGE, values: { hospitalId, newBeds: 1200, approved: false } } });
    expect(request.status).toBe(201);
    // The rep marks it approved (partner-caused): the hook asks for the patch, the host refuses and records it.
    const partnerApproval = await api("PATCH", `/records/${CHANGE}/${request.body.id}`, { token: aRepToken, body: { id: request.body.id, values: { approved: true } } });
    expect(partnerApproval.status).toBe(200);
    expect(await runRecordEventJob("applyChange", `${CHANGE}.updated`, request.body.id)).toEqual({ outcome: "ok", applied: 0, refused: 1 });
    expect(((await baseDb().customObjectRecord.findUniqueOrThrow({ where: { id: hospitalId } })).values as { beds: number }).beds).toBe(300);
    await flushHookStats();
    expect(await baseDb().pluginError.count({ where: { installId, hook: "applyChange", outcome: "intent_refused", code: "platform_record" } })).toBe(1);

    // A platform reviewer approves it (staff-caused): the plugin's patch applies to the master record.
    const again = await api("PATCH", `/records/${CHANGE}/${request.body.id}`, { token: staffToken, body: { id: request.body.id, values: { newBeds: 1300 } } });
    expect(again.status).toBe(200);
    expect(await runRecordEventJob("applyChange", `${CHANGE}.updated`, request.body.id)).toEqual({ outcome: "ok", applied: 1, refused: 0 });
    expect(((await baseDb().customObjectRecord.findUniqueOrThrow({ where: { id: hospitalId } })).values as { beds: number }).beds).toBe(1300);
  });

  it("the event's causer decides, not the payload's partner: the same event caused by staff applies", async () => {
    const request = await api("POST", `/records/${CHANGE}`, { token: aRepToken, body: { object: CHANGE, values: { hospitalId, newBeds: 900, approved: true } } });
    await api("PATCH", `/records/${CHANGE}/${request.body.id}`, { token: aRepToken, body: { id: request.body.id, values: { newBeds: 950 } } });
    expect(await runRecordEventJob("applyChange", `${CHANGE}.updated`, request.body.id)).toMatchObject({ applied: 0, refused: 1 });
    expect(await runRecordEventJob("applyChange", `${CHANGE}.updated`, request.body.id, staffId)).toMatchObject({ applied: 1, refused: 0 });
    expect(((await baseDb().customObjectRecord.findUniqueOrThrow({ where: { id: hospitalId } })).values as { beds: number }).beds).toBe(950);
    // Partner B never sees the plugin's objects at all.
    expect((await api("GET", `/records/${HOSPITAL}`, { token: bAdminToken })).status).toBe(404);
  });
});
