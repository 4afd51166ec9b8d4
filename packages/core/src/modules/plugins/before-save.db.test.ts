/**
 * Plugins' validate and compute hooks ("before-save hooks") on every core object save a user makes,
 * over /api/v1 against a real database. One plugin, installed for partner A only, declares a compute
 * and a validate hook on each core object: for every (object, operation) a save carrying the word
 * REFUSE is refused in the plugin's words and nothing changes; an ordinary save gets the computed
 * plugin field in `customFields`; partner B, without the plugin, saves the same things as before. The
 * hook sees one record shape (core fields, plugin fields under `customFields`) whether the record is
 * saved by its own service or through its plugin-fields panel, with customers' personal data left
 * out; a refused order in an import is that row's error.
 */
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb } from "../../db/index.ts";
import {
  api,
  apiToken,
  createTestDeveloper,
  createTestPartner,
  createTestPartnerUser,
  createTestPlatformUser,
  DEFAULT_PIPELINE,
  type ApiResponse,
  type TestPartnerUser,
} from "../../testing/index.ts";
import { installTestPlugin, localized, testPluginPackage } from "../../testing/plugin-factories.ts";
import { runImport } from "../imports/import-run.service.ts";
import { flushHookStats, resetPluginHost } from "./index.ts";

const tag = `t${randomBytes(4).toString("hex")}`;
const PLUGIN_ID = `qa.${tag}`;
const NS = `qa_${tag}`;
const STAMP = `${NS}__stamp`;
const SHAPE = `${NS}__shape`;
const NOTE = `${NS}__note`;
/** A second plugin's personal field on customers (it holds `customers:read:contact`; the first does not). */
const CONTACT_PLUGIN_ID = `qb.${tag}`;
const ID_CARD = `qb_${tag}__idCard`;
const EN = { "accept-language": "en" };

const OBJECTS = ["customer", "lead", "opportunity", "activity", "task", "order"] as const;
type CoreObject = (typeof OBJECTS)[number];
const capitalised = (object: string) => object[0]!.toUpperCase() + object.slice(1);

function manifest() {
  return {
    id: PLUGIN_ID,
    name: localized("保存检查", "Save checks"),
    description: localized("保存前检查并补全字段", "Checks and fills fields before a save"),
    version: "1.0.0",
    publisher: { name: "QA" },
    engines: { qudao: ">=0.1.0" },
    surfaces: ["platform", "portal"],
    categories: ["productivity"],
    permissions: [],
    hooks: OBJECTS.flatMap((object) => [
      { name: `stamp${capitalised(object)}`, kind: "compute", object, on: ["create", "update"], failMode: "open" },
      { name: `check${capitalised(object)}`, kind: "validate", object, on: ["create", "update"], failMode: "closed" },
    ]),
    contributes: {
      fields: OBJECTS.flatMap((object) => [
        { name: STAMP, object, type: "text", label: localized("印记", "Stamp"), computed: true },
        { name: SHAPE, object, type: "longText", label: localized("所见", "Seen"), computed: true },
        { name: NOTE, object, type: "text", label: localized("备注", "Note") },
      ]),
    },
  };
}

/**
 * The compute hook stamps what it was called for and writes down the record it saw; the validate hook
 * refuses any top-level text containing REFUSE, and completing a task whose notes say "keep open".
 */
const HOOKS = `
function stamp(ctx) {
  var r = ctx.record, cf = r.customFields, out = {};
  out[${JSON.stringify(STAMP)}] = ctx.object + ":" + ctx.operation + ":" + (ctx.previous === null ? "no previous" : "previous");
  out[${JSON.stringify(SHAPE)}] = JSON.stringify({
    keys: Object.keys(r).sort(),
    customFields: cf && typeof cf === "object" ? Object.keys(cf).sort() : null,
    previousKeys: ctx.previous ? Object.keys(ctx.previous).sort() : null,
    note: cf && cf[${JSON.stringify(NOTE)}] !== undefined ? cf[${JSON.stringify(NOTE)}] : null
  });
  return out;
}
function check(ctx) {
  var r = ctx.record, keys = Object.keys(r);
  for (var i = 0; i < keys.length; i++) {
    var v = r[keys[i]];
    if (typeof v === "string" && v.indexOf("REFUSE") >= 0) return [{ field: keys[i], messageKey: "errors.refused", params: { object: ctx.object } }];
  }
  if (r.status === "done" && String(r.notes || "").indexOf("keep open") >= 0) return [{ field: "status", messageKey: "errors.keepOpen" }];
  return [];
}
globalThis.__qudaoPlugin = { hooks: {
  ${OBJECTS.map((o) => `stamp${capitalised(o)}: stamp, check${capitalised(o)}: check`).join(",\n  ")}
} };`;

const LOCALES = {
  "zh-CN": { "errors.refused": "插件不允许保存这条记录（{{object}}）", "errors.keepOpen": "这个任务必须保持未完成" },
  en: { "errors.refused": "The plugin does not allow saving this {{object}}", "errors.keepOpen": "This task has to stay open" },
};

function contactPluginManifest() {
  return {
    id: CONTACT_PLUGIN_ID,
    name: localized("证件", "ID cards"),
    description: localized("客户证件号", "Customers' ID card numbers"),
    version: "1.0.0",
    publisher: { name: "QA" },
    engines: { qudao: ">=0.1.0" },
    surfaces: ["platform", "portal"],
    categories: ["compliance"],
    permissions: ["customers:read:contact"],
    hooks: [],
    contributes: { fields: [{ name: ID_CARD, object: "customer", type: "text", label: localized("证件号", "ID card"), personal: true }] },
  };
}

/** One side of the comparison: a partner with (A) or without (B) the plugin. */
type Side = { partnerId: string; admin: TestPartnerUser; rep: TestPartnerUser; adminToken: string; repToken: string };
let withPlugin: Side, withoutPlugin: Side;
let financeToken: string, platformAdminToken: string;

async function side(): Promise<Side> {
  const partner = await createTestPartner();
  const [admin, rep] = await Promise.all([createTestPartnerUser(partner.id, "admin"), createTestPartnerUser(partner.id, "rep")]);
  return { partnerId: partner.id, admin, rep, adminToken: await apiToken(admin), repToken: await apiToken(rep) };
}

beforeAll(async () => {
  [withPlugin, withoutPlugin] = await Promise.all([side(), side()]);
  const [developer, reviewer, platformAdmin, finance] = await Promise.all([createTestDeveloper(), createTestPlatformUser(["reviewer"]), createTestPlatformUser(["admin"]), createTestPlatformUser(["finance"])]);
  const [developerToken, reviewerToken] = await Promise.all([apiToken(developer), apiToken(reviewer)]);
  [platformAdminToken, financeToken] = await Promise.all([apiToken(platformAdmin), apiToken(finance)]);
  const tokens = { developer: developerToken, reviewer: reviewerToken, platformAdmin: platformAdminToken, partnerAdmin: withPlugin.adminToken };
  // Installed for partner A only: tests share the database.
  await installTestPlugin({ pkg: testPluginPackage({ manifest: manifest(), hooks: HOOKS, locales: LOCALES }), tokens });
  await installTestPlugin({ pkg: testPluginPackage({ manifest: contactPluginManifest(), hooks: "globalThis.__qudaoPlugin = { hooks: {} };", locales: { "zh-CN": {}, en: {} } }), tokens });
}, 120_000);

afterAll(async () => {
  await flushHookStats();
  resetPluginHost();
  await disconnectDb();
});

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────

const unique = () => randomUUID().slice(0, 8);
const mobile = () => `139${String(randomInt(0, 1e8)).padStart(8, "0")}`;
const closeDate = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

function created(step: string, response: ApiResponse): string {
  expect(response.status, `${step}: ${JSON.stringify(response.body)}`).toBe(201);
  return response.body.id as string;
}

async function newLead(who: Side, name = `线索 ${unique()}`): Promise<string> {
  return created("lead", await api("POST", "/leads", { token: who.repToken, body: { name } }));
}

async function newOpportunity(who: Side, name = `商机 ${unique()}`): Promise<string> {
  return created("opportunity", await api("POST", "/opportunities", { token: who.repToken, body: { name, amount: "12,000.5", expectedCloseDate: closeDate() } }));
}

async function newTask(who: Side, body: Record<string, unknown> = {}): Promise<string> {
  return created("task", await api("POST", "/tasks", { token: who.repToken, body: { title: `任务 ${unique()}`, ...body } }));
}

async function newActivity(who: Side, subject = `拜访 ${unique()}`): Promise<string> {
  return created("activity", await api("POST", "/activities", { token: who.repToken, body: { kind: "visit", leadId: await newLead(who), subject } }));
}

async function register(who: Side, name: string, contact: { phone?: string; email?: string } = {}): Promise<ApiResponse> {
  return api("POST", "/registrations", { token: who.repToken, headers: EN, body: { customer: { kind: "company", name, phone: contact.phone ?? mobile(), ...(contact.email ? { email: contact.email } : {}), city: "苏州" } } });
}

async function newCustomer(who: Side, contact: { phone?: string; email?: string } = {}): Promise<string> {
  const response = await register(who, `客户${unique()}有限公司`, contact);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  expect(response.body.status).toBe("accepted");
  return response.body.customerId as string;
}

function orderBody(externalId: string, customerId: string) {
  return { externalId, customerId, orderedAt: new Date().toISOString(), currency: "CNY", items: [{ sku: "PUMP-1", category: "hardware", quantity: "2", unitPrice: "99.50" }] };
}

const CUSTOM_FIELDS: Record<CoreObject, (id: string) => Promise<unknown>> = {
  customer: async (id) => (await baseDb().customer.findUniqueOrThrow({ where: { id } })).customFields,
  lead: async (id) => (await baseDb().lead.findUniqueOrThrow({ where: { id } })).customFields,
  opportunity: async (id) => (await baseDb().opportunity.findUniqueOrThrow({ where: { id } })).customFields,
  activity: async (id) => (await baseDb().activity.findUniqueOrThrow({ where: { id } })).customFields,
  task: async (id) => (await baseDb().task.findUniqueOrThrow({ where: { id } })).customFields,
  order: async (id) => (await baseDb().order.findUniqueOrThrow({ where: { id } })).customFields,
};

// ── every wired save ────────────────────────────────────────────────────────────────────────────

type SaveCase = {
  name: string;
  object: CoreObject;
  operation: "create" | "update";
  /** What the save needs (the record to update…); `refuse`: set up so that the save will be refused. */
  prepare: (who: Side, refuse: boolean) => Promise<string | null>;
  /** The save, carrying REFUSE when `refuse`; answers the API's response. */
  save: (who: Side, prepared: string | null, refuse: boolean, marker: string) => Promise<ApiResponse>;
  /** What the save would change, read straight from the database. */
  stored: (prepared: string | null, marker: string) => Promise<unknown>;
  /** The saved record's id, after a successful save. */
  savedId: (prepared: string | null, response: ApiResponse) => string;
  /** The field the refusal names. */
  refusedField: string;
};

const fromResponse = (_prepared: string | null, response: ApiResponse) => response.body.id as string;
const prepared = (id: string | null) => id!;
const text = (refuse: boolean, marker: string) => (refuse ? `REFUSE ${marker}` : marker);

const CASES: SaveCase[] = [
  {
    name: "lead create",
    object: "lead",
    operation: "create",
    prepare: async () => null,
    save: (who, _p, refuse, marker) => api("POST", "/leads", { token: who.repToken, headers: EN, body: { name: text(refuse, marker) } }),
    stored: (_p, marker) => baseDb().lead.count({ where: { name: { contains: marker } } }),
    savedId: fromResponse,
    refusedField: "name",
  },
  {
    name: "lead update",
    object: "lead",
    operation: "update",
    prepare: (who) => newLead(who),
    save: (who, id, refuse, marker) => api("PATCH", `/leads/${id}`, { token: who.repToken, headers: EN, body: { name: text(refuse, marker) } }),
    stored: (id) => baseDb().lead.findUniqueOrThrow({ where: { id: id! } }),
    savedId: prepared,
    refusedField: "name",
  },
  {
    name: "opportunity create",
    object: "opportunity",
    operation: "create",
    prepare: async () => null,
    save: (who, _p, refuse, marker) => api("POST", "/opportunities", { token: who.repToken, headers: EN, body: { name: text(refuse, marker), amount: "5000", expectedCloseDate: closeDate() } }),
    stored: (_p, marker) => baseDb().opportunity.count({ where: { name: { contains: marker } } }),
    savedId: fromResponse,
    refusedField: "name",
  },
  {
    name: "opportunity update",
    object: "opportunity",
    operation: "update",
    prepare: (who) => newOpportunity(who),
    save: (who, id, refuse, marker) => api("PATCH", `/opportunities/${id}`, { token: who.repToken, headers: EN, body: { name: text(refuse, marker), amount: "7,500" } }),
    stored: (id) => baseDb().opportunity.findUniqueOrThrow({ where: { id: id! } }),
    savedId: prepared,
    refusedField: "name",
  },
  {
    name: "opportunity stage move",
    object: "opportunity",
    operation: "update",
    prepare: (who) => newOpportunity(who),
    // Lost, with a reason the plugin refuses; or on to the next open stage.
    save: (who, id, refuse, marker) =>
      api("POST", `/opportunities/${id}/move`, { token: who.repToken, headers: EN, body: refuse ? { stageId: DEFAULT_PIPELINE.stages.lost, lostReason: text(true, marker) } : { stageId: DEFAULT_PIPELINE.stages.needs } }),
    stored: async (id) => ({
      opportunity: await baseDb().opportunity.findUniqueOrThrow({ where: { id: id! } }),
      history: await baseDb().opportunityStageChange.count({ where: { opportunityId: id! } }),
    }),
    savedId: prepared,
    refusedField: "lostReason",
  },
  {
    name: "task create",
    object: "task",
    operation: "create",
    prepare: async () => null,
    save: (who, _p, refuse, marker) => api("POST", "/tasks", { token: who.repToken, headers: EN, body: { title: text(refuse, marker) } }),
    stored: (_p, marker) => baseDb().task.count({ where: { title: { contains: marker } } }),
    savedId: fromResponse,
    refusedField: "title",
  },
  {
    name: "task update",
    object: "task",
    operation: "update",
    prepare: (who) => newTask(who),
    save: (who, id, refuse, marker) => api("PATCH", `/tasks/${id}`, { token: who.repToken, headers: EN, body: { title: text(refuse, marker) } }),
    stored: (id) => baseDb().task.findUniqueOrThrow({ where: { id: id! } }),
    savedId: prepared,
    refusedField: "title",
  },
  {
    name: "task complete",
    object: "task",
    operation: "update",
    prepare: (who, refuse) => newTask(who, { notes: refuse ? "keep open until the customer signs" : "call back" }),
    save: (who, id) => api("POST", `/tasks/${id}/complete`, { token: who.repToken, headers: EN }),
    stored: (id) => baseDb().task.findUniqueOrThrow({ where: { id: id! } }),
    savedId: prepared,
    refusedField: "status",
  },
  {
    name: "activity create",
    object: "activity",
    operation: "create",
    prepare: (who) => newLead(who),
    save: (who, leadId, refuse, marker) => api("POST", "/activities", { token: who.repToken, headers: EN, body: { kind: "call", leadId, subject: text(refuse, marker) } }),
    stored: (_p, marker) => baseDb().activity.count({ where: { subject: { contains: marker } } }),
    savedId: fromResponse,
    refusedField: "subject",
  },
  {
    name: "activity update",
    object: "activity",
    operation: "update",
    prepare: (who) => newActivity(who),
    save: (who, id, refuse, marker) => api("PATCH", `/activities/${id}`, { token: who.repToken, headers: EN, body: { subject: text(refuse, marker), durationMinutes: 45 } }),
    stored: (id) => baseDb().activity.findUniqueOrThrow({ where: { id: id! } }),
    savedId: prepared,
    refusedField: "subject",
  },
  {
    name: "customer create (registration accepted)",
    object: "customer",
    operation: "create",
    prepare: async () => null,
    save: (who, _p, refuse, marker) => register(who, `${text(refuse, marker)} 有限公司`),
    stored: async (_p, marker) => ({
      customers: await baseDb().customer.count({ where: { name: { contains: marker } } }),
      registrations: await baseDb().registration.count({ where: { submitted: { path: ["name"], string_contains: marker } } }),
    }),
    savedId: (_p, response) => response.body.customerId as string,
    refusedField: "name",
  },
  {
    name: "order create (ingest, attributed to the partner)",
    object: "order",
    operation: "create",
    prepare: (who) => newCustomer(who),
    save: (_who, customerId, refuse, marker) => api("POST", "/orders", { token: financeToken, headers: EN, body: orderBody(text(refuse, marker).replace(" ", "-"), customerId!) }),
    stored: (_p, marker) => baseDb().order.count({ where: { externalId: { contains: marker } } }),
    savedId: fromResponse,
    refusedField: "externalId",
  },
];

describe.each(CASES)("$name", (c) => {
  it("a validate hook refuses it with the plugin's message, and nothing is saved", async () => {
    const marker = unique();
    const target = await c.prepare(withPlugin, true);
    const before = await c.stored(target, marker);
    const response = await c.save(withPlugin, target, true, marker);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.error.code).toBe("VALIDATION_FAILED");
    const message = c.refusedField === "status" ? "This task has to stay open" : `The plugin does not allow saving this ${c.object}`;
    expect(response.body.error.details).toEqual([{ path: c.refusedField, message }]);
    expect(await c.stored(target, marker)).toEqual(before);
  });

  it("a compute hook's value lands in the record's customFields", async () => {
    const marker = unique();
    const target = await c.prepare(withPlugin, false);
    const response = await c.save(withPlugin, target, false, marker);
    expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
    const customFields = (await CUSTOM_FIELDS[c.object](c.savedId(target, response))) as Record<string, unknown>;
    expect(customFields[STAMP]).toBe(`${c.object}:${c.operation}:${c.operation === "create" ? "no previous" : "previous"}`);
  });

  it("without the plugin (another partner), the same save goes through as before", async () => {
    const marker = unique();
    const target = await c.prepare(withoutPlugin, true);
    const before = await c.stored(target, marker);
    const response = await c.save(withoutPlugin, target, true, marker);
    expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
    expect(await c.stored(target, marker)).not.toEqual(before);
    expect(await CUSTOM_FIELDS[c.object](c.savedId(target, response))).toEqual({});
  });
});

// ── the record a hook sees ──────────────────────────────────────────────────────────────────────

type Seen = { keys: string[]; customFields: string[] | null; previousKeys: string[] | null; note: unknown };

async function seen(object: CoreObject, id: string): Promise<Seen> {
  const customFields = (await CUSTOM_FIELDS[object](id)) as Record<string, unknown>;
  return JSON.parse(String(customFields[SHAPE])) as Seen;
}

async function editPluginFields(token: string, object: CoreObject, id: string, values: Record<string, unknown>): Promise<void> {
  const response = await api("PUT", `/custom-fields/${object}/${id}`, { token, body: { values } });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

const UPDATES: Array<{ object: CoreObject; create: () => Promise<string>; update: (id: string) => Promise<ApiResponse> }> = [
  { object: "lead", create: () => newLead(withPlugin), update: (id) => api("PATCH", `/leads/${id}`, { token: withPlugin.repToken, body: { company: "苏州精工" } }) },
  { object: "opportunity", create: () => newOpportunity(withPlugin), update: (id) => api("PATCH", `/opportunities/${id}`, { token: withPlugin.repToken, body: { amount: "9,999" } }) },
  { object: "task", create: () => newTask(withPlugin), update: (id) => api("PATCH", `/tasks/${id}`, { token: withPlugin.repToken, body: { notes: "带上合同" } }) },
  { object: "activity", create: () => newActivity(withPlugin), update: (id) => api("PATCH", `/activities/${id}`, { token: withPlugin.repToken, body: { body: "客户要报价" } }) },
];

describe("the record a before-save hook sees", () => {
  it.each(UPDATES)("is the same on a $object update and on an edit of its plugin fields: core fields, plugin fields under customFields", async ({ object, create, update }) => {
    const id = await create();
    const updated = await update(id);
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    const bySave = await seen(object, id);
    await editPluginFields(withPlugin.repToken, object, id, { [NOTE]: "看过了" });
    const byPanel = await seen(object, id);

    expect(bySave.keys).toContain("customFields");
    expect(bySave.keys).toEqual(expect.arrayContaining(["id", "partnerId", "createdAt"]));
    expect(byPanel.keys).toEqual(bySave.keys);
    expect(byPanel.previousKeys).toEqual(bySave.previousKeys);
    // Plugin fields are under customFields, never beside the core fields.
    expect(bySave.keys).not.toContain(STAMP);
    expect(bySave.customFields).toEqual(expect.arrayContaining([STAMP, SHAPE]));
    expect(byPanel.customFields).toEqual(expect.arrayContaining([STAMP, SHAPE, NOTE]));
    expect(byPanel.note).toBe("看过了");
    expect((await CUSTOM_FIELDS[object](id)) as Record<string, unknown>).toMatchObject({ [NOTE]: "看过了", [STAMP]: `${object}:update:previous` });
  });

  it("on a create, is the record about to be inserted with an empty customFields, and no previous", async () => {
    const id = await newTask(withPlugin);
    const onCreate = await seen("task", id);
    expect(onCreate.customFields).toEqual([]);
    expect(onCreate.previousKeys).toBeNull();
    expect(onCreate.keys).toEqual(expect.arrayContaining(["title", "status", "assigneeId", "customFields"]));
    expect(onCreate.keys).not.toContain("id");
  });

  it("leaves a customer's personal data out for a plugin without customers:read:contact, core fields and other plugins' personal fields alike", async () => {
    const customerId = await newCustomer(withPlugin, { phone: mobile(), email: `buyer-${unique()}@example.com` });
    const onCreate = await seen("customer", customerId);
    expect(onCreate.keys).toEqual(expect.arrayContaining(["name", "city", "kind", "ownerPartnerId", "customFields"]));
    expect(onCreate.keys).not.toContain("phone");
    expect(onCreate.keys).not.toContain("email");

    await editPluginFields(withPlugin.adminToken, "customer", customerId, { [NOTE]: "大客户", [ID_CARD]: "320501199001011234" });
    const onEdit = await seen("customer", customerId);
    expect(onEdit.keys).toEqual(expect.arrayContaining(["id", "name", "ownerPartnerId", "lifecycleStage", "customFields"]));
    expect(onEdit.keys).not.toContain("phone");
    expect(onEdit.keys).not.toContain("email");
    expect(onEdit.customFields).toContain(NOTE);
    expect(onEdit.customFields).not.toContain(ID_CARD);
    // The personal value is stored all the same: it is hidden from the hook, not dropped.
    expect(await CUSTOM_FIELDS.customer(customerId)).toMatchObject({ [ID_CARD]: "320501199001011234", [NOTE]: "大客户" });
  });

  it("on an order: its fields and items, for the partner it is attributed to", async () => {
    const customerId = await newCustomer(withPlugin);
    const id = created("order", await api("POST", "/orders", { token: financeToken, body: orderBody(`SO-${unique()}`, customerId) }));
    const onCreate = await seen("order", id);
    expect(onCreate.keys).toEqual(expect.arrayContaining(["externalId", "customerId", "attributedPartnerId", "total", "items", "customFields"]));
    await editPluginFields(platformAdminToken, "order", id, { [NOTE]: "加急" });
    const onEdit = await seen("order", id);
    expect(onEdit.keys).toEqual([...onCreate.keys, "id", "createdAt"].sort());
    expect(onEdit.note).toBe("加急");
  });
});

// ── imports ─────────────────────────────────────────────────────────────────────────────────────

const csv = (lines: string[][]) => `${lines.map((cells) => cells.join(",")).join("\r\n")}\r\n`;

/** An uploaded file queued without the queue, for running the import service directly. */
async function queuedImport(token: string, entity: "orders" | "customers" | "leads", content: string, mode: "valid_rows" | "all_or_nothing"): Promise<string> {
  const uploaded = await api("POST", "/imports", { token, body: { entity, fileName: "导入.csv", content: Buffer.from(content).toString("base64") } });
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  await baseDb().importJob.update({ where: { id: uploaded.body.id }, data: { status: "queued", mode } });
  return uploaded.body.id as string;
}

async function errorFile(token: string, id: string): Promise<string> {
  const response = await api("GET", `/imports/${id}/error-file`, { token });
  expect(response.status).toBe(200);
  return Buffer.from(response.body.content, "base64").subarray(3).toString("utf8");
}

describe("imports", () => {
  const ORDER_HEADERS = ["订单号", "客户编号", "下单时间", "币种", "SKU", "品类", "数量", "单价"];
  const orderRow = (externalId: string, customerId: string) => [externalId, customerId, new Date().toISOString().replace("Z", "+00:00"), "CNY", "PUMP-1", "hardware", "1", "10"];

  it("valid rows: an order the plugin refuses is that row's error, in the plugin's words; the other orders are recorded", async () => {
    const customerId = await newCustomer(withPlugin);
    const [good, refused] = [`SO-OK-${unique()}`, `SO-REFUSE-${unique()}`];
    const id = await queuedImport(financeToken, "orders", csv([ORDER_HEADERS, orderRow(refused, customerId), orderRow(good, customerId)]), "valid_rows");
    expect(await runImport(id, "zh-CN")).toEqual({ status: "completed", importedRows: 1, errorRows: 1, alreadyRecordedRows: 0 });
    expect(await baseDb().order.count({ where: { externalId: refused } })).toBe(0);
    const order = await baseDb().order.findUniqueOrThrow({ where: { externalId: good } });
    expect(order.customFields).toMatchObject({ [STAMP]: "order:create:no previous" });
    const lines = (await errorFile(financeToken, id)).split("\r\n");
    expect(lines[1]).toContain(`2,${refused},${customerId}`);
    expect(lines[1]).toContain("VALIDATION_FAILED,订单号：插件不允许保存这条记录（order）");
  });

  it("all or nothing: a refused order rolls the file back and names its row", async () => {
    const customerId = await newCustomer(withPlugin);
    const [good, refused] = [`SO-OK-${unique()}`, `SO-REFUSE-${unique()}`];
    const id = await queuedImport(financeToken, "orders", csv([ORDER_HEADERS, orderRow(good, customerId), orderRow(refused, customerId)]), "all_or_nothing");
    expect(await runImport(id, "zh-CN")).toMatchObject({ status: "failed", importedRows: 0, errorRows: 1 });
    expect(await baseDb().order.count({ where: { externalId: { in: [good, refused] } } })).toBe(0);
    expect(await errorFile(financeToken, id)).toContain(`3,${refused},${customerId}`);
  });

  it("leads: a lead the plugin refuses is that row's error; the others are imported with the computed field", async () => {
    const [good, refused] = [`导入线索${unique()}`, `REFUSE线索${unique()}`];
    const id = await queuedImport(withPlugin.repToken, "leads", csv([["姓名", "手机"], [refused, mobile()], [good, mobile()]]), "valid_rows");
    expect(await runImport(id, "zh-CN")).toEqual({ status: "completed", importedRows: 1, errorRows: 1, alreadyRecordedRows: 0 });
    expect(await baseDb().lead.count({ where: { name: refused } })).toBe(0);
    expect((await baseDb().lead.findFirstOrThrow({ where: { name: good } })).customFields).toMatchObject({ [STAMP]: "lead:create:no previous" });
    expect(await errorFile(withPlugin.repToken, id)).toContain(`2,${refused}`);
    expect(await errorFile(withPlugin.repToken, id)).toContain("插件不允许保存这条记录（lead）");
  });

  it("leads, all or nothing: a refused lead fails the file and nothing is imported; a clean file keeps the computed fields", async () => {
    const [good, refused] = [`导入线索${unique()}`, `REFUSE线索${unique()}`];
    const failed = await queuedImport(withPlugin.repToken, "leads", csv([["姓名", "手机"], [good, mobile()], [refused, mobile()]]), "all_or_nothing");
    expect(await runImport(failed, "zh-CN")).toMatchObject({ status: "failed", importedRows: 0, errorRows: 1 });
    expect(await baseDb().lead.count({ where: { name: { in: [good, refused] } } })).toBe(0);
    const clean = await queuedImport(withPlugin.repToken, "leads", csv([["姓名", "手机"], [good, mobile()]]), "all_or_nothing");
    expect(await runImport(clean, "zh-CN")).toMatchObject({ status: "completed", importedRows: 1, errorRows: 0 });
    expect((await baseDb().lead.findFirstOrThrow({ where: { name: good } })).customFields).toMatchObject({ [STAMP]: "lead:create:no previous" });
  });

  it("customers: a registration the plugin refuses is that row's error; the others are registered with the computed field", async () => {
    const [good, refused] = [`导入客户${unique()}有限公司`, `REFUSE导入${unique()}有限公司`];
    const id = await queuedImport(withPlugin.repToken, "customers", csv([["客户名称", "手机", "城市"], [refused, mobile(), "宁波"], [good, mobile(), "宁波"]]), "valid_rows");
    expect(await runImport(id, "zh-CN")).toEqual({ status: "completed", importedRows: 1, errorRows: 1, alreadyRecordedRows: 0 });
    expect(await baseDb().customer.count({ where: { name: refused } })).toBe(0);
    expect((await baseDb().customer.findFirstOrThrow({ where: { name: good } })).customFields).toMatchObject({ [STAMP]: "customer:create:no previous" });
    expect(await errorFile(withPlugin.repToken, id)).toContain(`2,${refused}`);
    expect(await errorFile(withPlugin.repToken, id)).toContain("客户名称：插件不允许保存这条记录（customer）");
  });
});

describe("converting a lead: the deal is an opportunity create and the lead an update, checked before anything is filed", () => {
  const convert = (who: Side, leadId: string, opportunityName: string) =>
    api("POST", `/leads/${leadId}/convert`, { token: who.repToken, headers: EN, body: { customer: { kind: "company", name: `转化客户${unique()}有限公司`, phone: mobile(), city: "苏州" }, opportunity: { name: opportunityName, amount: "8800", expectedCloseDate: closeDate() } } });

  it("a refused deal leaves the lead as it was, files no registration and opens no opportunity", async () => {
    const leadId = await newLead(withPlugin);
    const before = await baseDb().lead.findUniqueOrThrow({ where: { id: leadId } });
    const response = await convert(withPlugin, leadId, `REFUSE 商机 ${unique()}`);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.error.details).toEqual([{ path: "opportunity.name", message: "The plugin does not allow saving this opportunity" }]);
    expect(await baseDb().lead.findUniqueOrThrow({ where: { id: leadId } })).toEqual(before);
    expect(await baseDb().opportunity.count({ where: { leadId } })).toBe(0);
    expect(await baseDb().registration.count({ where: { partnerId: withPlugin.partnerId, createdAt: { gte: before.createdAt } } })).toBe(0);
  });

  it("a converted lead's deal and lead carry the plugins' computed fields; without the plugin nothing is added", async () => {
    const leadId = await newLead(withPlugin);
    const response = await convert(withPlugin, leadId, `商机 ${unique()}`);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.status).toBe("converted");
    expect(await CUSTOM_FIELDS.opportunity(response.body.opportunityId)).toMatchObject({ [STAMP]: "opportunity:create:no previous" });
    expect(await CUSTOM_FIELDS.lead(leadId)).toMatchObject({ [STAMP]: "lead:update:previous" });

    const otherLead = await newLead(withoutPlugin);
    const other = await convert(withoutPlugin, otherLead, `REFUSE 商机 ${unique()}`);
    expect(other.body.status).toBe("converted");
    expect(await CUSTOM_FIELDS.opportunity(other.body.opportunityId)).toEqual({});
  });
});
