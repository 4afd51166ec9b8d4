/**
 * The pharma demo data (demo-pharma.ts) on a real database: the built-in plugin packed as it ships
 * (under an id of this run: the database is shared), published, approved and installed by a partner,
 * then `seedPharmaDemo` writes the master data as platform staff and the partner's records as its
 * users through the real services — so every record passed the plugin's hooks. What a demo user then
 * sees: reps their own calls, sell-out rows matched by name, by cleansing and by alias with the rest in
 * the review queue, cycle plans with their actual calls, access records in their stages.
 */
import { randomBytes, randomInt } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { baseDb, disconnectDb } from "../db/index.ts";
import { flushHookStats, forgetInstalledPlugins, resetPluginHost, runPluginHookJob } from "../modules/plugins/index.ts";
import { api, apiToken, createTestDeveloper, createTestPartner, createTestPartnerUser, createTestPlatformUser } from "../testing/index.ts";
import { packBuiltinPluginAs } from "../testing/builtin-plugin-package.ts";
import { installTestPlugin } from "../testing/plugin-factories.ts";
import { actorForUserId } from "../auth/actor-loader.ts";
import { runAsActor } from "../db/index.ts";
import { registerCustomer } from "../modules/registrations/index.ts";
import { seedPharmaDemo, type PharmaDemoSummary } from "./demo-pharma.ts";

const tag = randomBytes(4).toString("hex").replace(/^\d/, "a");
let ns: string;
let pluginId: string;
let summary: PharmaDemoSummary;
let tokens: { rep1: string; rep2: string; admin: string; staff: string; finance: string };
let adminId: string;
let customerId: string;
let installId: string;
let partnerId: string;
// The demo is seeded relative to now, and the reports read the current month: both use the real clock.
const now = new Date();
const chinaMonth = (date: Date) => new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
const month = chinaMonth(now);

beforeAll(async () => {
  const [developer, reviewer, platformAdmin] = await Promise.all([createTestDeveloper(), createTestPlatformUser(["reviewer"]), createTestPlatformUser(["admin"])]);
  const partner = await createTestPartner({ tier: "silver", region: "杭州", name: `杭州康润医药 ${tag}` });
  partnerId = partner.id;
  const [admin, manager, rep1, rep2] = await Promise.all([
    createTestPartnerUser(partner.id, "admin"),
    createTestPartnerUser(partner.id, "manager"),
    createTestPartnerUser(partner.id, "rep"),
    createTestPartnerUser(partner.id, "rep"),
  ]);
  const packed = await packBuiltinPluginAs("pharma", tag);
  ns = packed.namespace;
  pluginId = packed.pluginId;
  const staffToken = await apiToken(platformAdmin);
  ({ installId } = await installTestPlugin({
    pkg: packed.pkg as never,
    tokens: { developer: await apiToken(developer), reviewer: await apiToken(reviewer), platformAdmin: staffToken, partnerAdmin: await apiToken(admin) },
  }));
  forgetInstalledPlugins();
  const user = (u: { id: string; email: string; name: string }) => ({ id: u.id, email: u.email, name: u.name });
  summary = await seedPharmaDemo({ now, pluginId, partner: { id: partner.id, name: partner.name }, admin: user(admin), manager: user(manager), reps: [user(rep1), user(rep2)], platformAdmin: user(platformAdmin) });
  tokens = { rep1: await apiToken(rep1), rep2: await apiToken(rep2), admin: await apiToken(admin), staff: staffToken, finance: await apiToken(await createTestPlatformUser(["finance"])) };
  adminId = admin.id;
}, 300_000);

afterAll(async () => {
  await flushHookStats();
  resetPluginHost();
  await disconnectDb();
});

type Stored = Record<string, unknown> & { id: string; partnerId: string | null; ownerUserId: string | null };
/** The plugin's records of one object as stored: their values with the row's id, partner and owner. */
const values = async (object: string): Promise<Stored[]> =>
  (await baseDb().customObjectRecord.findMany({ where: { pluginId, object: `${ns}__${object}` }, orderBy: { id: "asc" } })).map((r) => ({ ...(r.values as Record<string, unknown>), id: r.id, partnerId: r.partnerId, ownerUserId: r.ownerUserId }));

it("writes the master data as the platform's and the partner's data as the partner's", async () => {
  expect(summary).toEqual({ hospitals: 14, hcps: 14, visits: 13, sampleIssues: 7, flowRows: 21, unmatchedFlowRows: 3, accessRecords: 6 });
  for (const object of ["hospital", "department", "hcp", "affiliation", "product", "sampleLot"]) expect((await values(object)).every((r) => r.partnerId === null)).toBe(true);
  for (const object of ["visit", "sampleIssue", "cyclePlan", "spend", "flowRow", "hospitalAccess", "dataChangeRequest", "hospitalAlias"]) {
    const rows = await values(object);
    expect(rows.length, object).toBeGreaterThan(0);
    expect(rows.every((r) => r.partnerId === partnerId)).toBe(true);
  }
  // A second call changes nothing.
  expect((await seedPharmaDemo({ now, pluginId, partner: { id: partnerId, name: "x" }, admin: { id: "", email: "", name: "" }, manager: { id: "", email: "", name: "" }, reps: [], platformAdmin: { id: "", email: "", name: "" } })).hospitals).toBe(0);
});

it("sell-out rows are matched by name, by cleansing and by alias; the rest wait in the review queue or are ignored", async () => {
  const rows = await values("flowRow");
  const byName = (name: string) => rows.find((r) => r.hospitalName === name)!;
  expect(byName("浙江大学医学院附属第一医院（药剂科）")).toMatchObject({ matchStatus: "matched", matchMethod: "normalized" });
  expect(byName("浙医二院")).toMatchObject({ matchStatus: "matched", matchMethod: "alias" });
  expect(byName("杭州市第1人民医院")).toMatchObject({ matchStatus: "matched", matchMethod: "normalized" });
  expect(byName("杭州九洲大药房（文三路店）")).toMatchObject({ matchStatus: "ignored" });
  expect(rows.filter((r) => r.matchStatus === "unmatched").map((r) => r.hospitalName).sort()).toEqual(["浙一医院", "湖滨社区卫生服务中心", "省人民医院药剂科"].sort());
  expect(rows.every((r) => r.matchStatus === "unmatched" || r.matchStatus === "ignored" || typeof r.matchedProduct === "string")).toBe(true);
});

it("reps see their own calls; submitted ones are locked; a correction points at the report it corrects", async () => {
  const list = await api("GET", `/records/${ns}__visit?limit=100`, { token: tokens.rep1 });
  expect(list.status).toBe(200);
  const mine = list.body.items as Array<{ id: string; locked: boolean; values: Record<string, unknown> }>;
  expect(mine).toHaveLength(8);
  expect(mine.filter((v) => !v.locked)).toHaveLength(1);
  const correction = mine.find((v) => v.values.corrects)!;
  expect(mine.find((v) => v.id === correction.values.corrects)).toMatchObject({ locked: true });
  const edit = await api("PATCH", `/records/${ns}__visit/${correction.id}`, { token: tokens.rep1, body: { values: { keyMessages: "改一下" } } });
  expect(edit.status).toBe(422);
  expect((await api("GET", `/records/${ns}__visit?limit=100`, { token: tokens.rep2 })).body.items).toHaveLength(5);
});

it("cycle plans carry their actual calls; access records stand in their stages; one change request waits", async () => {
  const plans = await values("cyclePlan");
  expect(plans).toHaveLength(9);
  // This month: 王建国 was called on face to face once, 陈晓燕 once online (which does not count for face to face).
  const hcps = await values("hcp");
  const hcp = (name: string) => hcps.find((h) => h.name === name)!.id;
  expect(plans.find((p) => p.hcp === hcp("王建国") && p.period === month)).toMatchObject({ plannedVisits: 2, actualVisits: 1, attainment: "50" });
  expect(plans.find((p) => p.hcp === hcp("陈晓燕") && p.period === month)).toMatchObject({ actualVisits: 0, attainment: "0" });
  const stages = (await values("hospitalAccess")).map((r) => r[`${ns}__access`]).sort();
  expect(stages).toEqual(["admitted", "committeeApplied", "listed", "notAdmitted", "vbpLost", "vbpWon"]);
  const requests = await values("dataChangeRequest");
  expect(requests.map((r) => r[`${ns}__review`])).toEqual(["submitted", "submitted"]);
});

it("the plugin's reports run over the demo data for the partner's users, and the rep's home shows the attainment widget", async () => {
  const run = (token: string, report: string, params: Record<string, unknown> = {}) => api("POST", `/plugin-reports/${ns}__${report}/run`, { token, body: { params } });
  const hcps = await values("hcp");
  const hcp = (name: string) => hcps.find((h) => h.name === name)!.id;

  const attainment = await run(tokens.rep1, "cycleAttainment", { period: month });
  expect(attainment.status, JSON.stringify(attainment.body)).toBe(200);
  // The rep's own plans only: four doctors this month and 孙伟's quarter plan.
  expect(attainment.body.rows).toHaveLength(5);
  expect(attainment.body.rows.find((r: { hcp: string; period: string }) => r.hcp === hcp("王建国") && r.period === month)).toMatchObject({ planned: 2, actual: 1, attainment: "0.5" });
  expect(attainment.body.totals).toMatchObject({ planned: 10 });

  const queue = await run(tokens.admin, "unmatchedFlow");
  expect(queue.status, JSON.stringify(queue.body)).toBe(200);
  expect(queue.body.rows.map((r: { hospitalName: string }) => r.hospitalName).sort()).toEqual(["浙一医院", "湖滨社区卫生服务中心", "省人民医院药剂科"].sort());

  const sellThrough = await run(tokens.admin, "sellThrough", { fromMonth: chinaMonth(new Date(now.getTime() - 85 * 86_400_000)), toMonth: month });
  expect(sellThrough.status, JSON.stringify(sellThrough.body)).toBe(200);
  // 21 rows: 3 unmatched and 1 ignored are not sell-through.
  expect(sellThrough.body.totals.rows).toBe(17);

  const samples = await run(tokens.rep1, "sampleReconciliation");
  expect(samples.status, JSON.stringify(samples.body)).toBe(200);
  expect(samples.body.rows).toHaveLength(5);
  expect(samples.body.totals).toMatchObject({ lotQuantity: 1100, issued: 13 });
  expect(samples.body.rows.filter((r: { expiredWithStock: boolean }) => r.expiredWithStock)).toHaveLength(1);

  const inventory = await run(tokens.admin, "channelInventory", { toMonth: month });
  expect(inventory.status, JSON.stringify(inventory.body)).toBe(200);

  const widgets = await api("GET", "/plugin-widgets", { token: tokens.rep1 });
  expect(widgets.status).toBe(200);
  const widget = widgets.body.find((w: { name: string }) => w.name === `${ns}__myAttainment`);
  expect(widget).toMatchObject({ error: null });
  expect(widget.rows.length).toBeGreaterThan(0);
});

/** Runs an event hook on the newest outbox event of a record, as the worker would. */
async function runHookOn(hook: string, type: string, aggregateId: string) {
  const event = await baseDb().outboxEvent.findFirstOrThrow({ where: { type, aggregateId }, orderBy: { id: "desc" } });
  return runPluginHookJob({
    installId,
    hook,
    event: { id: event.id, name: event.type, occurredAt: event.createdAt.toISOString(), partnerId: event.partnerId, aggregateType: event.aggregateType, aggregateId: event.aggregateId, payload: event.payload as Record<string, unknown> },
  });
}

it("a rep's master data change request: the rep cannot approve it; staff approve it and the plugin applies it to the platform's record", async () => {
  const request = (await values("dataChangeRequest")).find((r) => r.summary === "浙江省人民医院床位数更新")!;
  const move = (token: string, stage: string) => api("POST", `/records/${ns}__dataChangeRequest/${request.id}/stage`, { token, body: { pipeline: `${ns}__review`, stage }, headers: { "accept-language": "en" } });
  const byRep = await move(tokens.rep1, "approved");
  expect(byRep.status).toBe(400);
  expect(JSON.stringify(byRep.body)).toContain("Only the platform's master data team can approve or reject change requests.");
  expect((await move(tokens.staff, "approved")).status).toBe(200);
  expect(await runHookOn("applyChangeRequest", `${ns}__dataChangeRequest.stageChanged`, request.id)).toMatchObject({ outcome: "ok", refused: 0 });
  const hospital = (await values("hospital")).find((h) => h.name === "浙江省人民医院")!;
  expect(hospital.beds).toBe(2800);
  expect((await values("dataChangeRequest")).find((r) => r.id === request.id)).toMatchObject({ applied: true });
  // The requester is told, in the plugin's words.
  const told = await baseDb().notification.findFirstOrThrow({ where: { userId: request.ownerUserId!, type: "plugin.notify" }, orderBy: { id: "desc" } });
  expect((told.params as { title: Record<string, string> }).title).toMatchObject({ "zh-CN": "主数据变更已批准：浙江省人民医院床位数更新", en: "Master data change approved: 浙江省人民医院床位数更新" });
  expect(told.link).toBe(`/x/${ns}__dataChangeRequest/${request.id}`);
});

it("resolving an unmatched sell-out row teaches the plugin the name", async () => {
  const row = (await values("flowRow")).find((r) => r.hospitalName === "浙一医院")!;
  const zy1 = (await values("hospital")).find((h) => h.name === "浙江大学医学院附属第一医院")!;
  const resolved = await api("PATCH", `/records/${ns}__flowRow/${row.id}`, { token: tokens.admin, body: { values: { hospital: zy1.id } } });
  expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
  expect(resolved.body.values).toMatchObject({ matchStatus: "matched", matchMethod: "manual", matchedHospital: zy1.id });
  expect(await runHookOn("learnAlias", `${ns}__flowRow.updated`, row.id)).toMatchObject({ outcome: "ok", refused: 0 });
  expect((await values("hospitalAlias")).find((a) => a.alias === "浙一医院")).toMatchObject({ hospital: zy1.id, normalized: "浙一医院", partnerId });
  // The next file's row of that name matches by the alias.
  const next = await api("POST", `/records/${ns}__flowRow`, { token: tokens.admin, body: { object: `${ns}__flowRow`, values: { distributor: "康润医药", saleDate: "2026-01-02", hospitalName: "浙一医院 ", productName: "康欣", productCode: "KX-20", quantity: "5", amount: "178.00" } } });
  expect(next.status, JSON.stringify(next.body)).toBe(201);
  expect(next.body.values).toMatchObject({ matchStatus: "matched", matchMethod: "alias", matchedHospital: zy1.id });
});

it("两票制 on the partner's orders: at most two invoices to the hospital, three for a remote-area hospital", async () => {
  const actor = (await actorForUserId(adminId, "session"))!.actor;
  const decision = await runAsActor(actor, () =>
    registerCustomer(actor, { customer: { kind: "company", name: `浙江康复医疗器械${tag}有限公司`, phone: `139${String(randomInt(0, 1e8)).padStart(8, "0")}`, city: "杭州" } }, "zh-CN", new Date(Date.now() - 86_400_000)),
  );
  expect(decision.status).toBe("accepted");
  customerId = decision.customerId!;
  const order = await api("POST", "/orders", { token: tokens.finance, body: { externalId: `SO-${tag}`, customerId: decision.customerId, orderedAt: new Date().toISOString(), currency: "CNY", items: [{ sku: "KX-20", category: "drugs", quantity: "100", unitPrice: "30.00" }] } });
  expect(order.status, JSON.stringify(order.body)).toBe(201);
  const hospitals = await values("hospital");
  const id = (name: string) => hospitals.find((h) => h.name === name)!.id;
  const put = (fields: Record<string, unknown>) => api("PUT", `/custom-fields/order/${order.body.id}`, { token: tokens.admin, body: { object: "order", id: order.body.id, values: fields }, headers: { "accept-language": "zh-CN" } });

  const three = await put({ [`${ns}__hospital`]: id("浙江大学医学院附属第一医院"), [`${ns}__invoiceChain`]: "浙江康欣制药有限公司\n浙江省医药工业有限公司\n杭州康润医药有限公司\n浙江大学医学院附属第一医院" });
  expect(three.status).toBe(400);
  expect(three.body.error.details).toEqual([{ path: `${ns}__invoiceChain`, message: "违反两票制：这条发票链有 3 次开票，最多 2 次。" }]);

  const two = await put({ [`${ns}__hospital`]: id("浙江大学医学院附属第一医院"), [`${ns}__invoiceChain`]: "浙江康欣制药有限公司\n杭州康润医药有限公司\n浙江大学医学院附属第一医院", [`${ns}__firstInvoiceNo`]: "33012601", [`${ns}__secondInvoiceNo`]: "33012602" });
  expect(two.status, JSON.stringify(two.body)).toBe(200);
  const stored = await baseDb().order.findUniqueOrThrow({ where: { id: order.body.id } });
  expect(stored.customFields).toMatchObject({ [`${ns}__invoiceCount`]: 2 });

  const remote = await put({ [`${ns}__hospital`]: id("景宁畲族自治县人民医院"), [`${ns}__invoiceChain`]: "浙江康欣制药有限公司 → 浙江省医药工业有限公司 → 杭州康润医药有限公司 → 景宁畲族自治县人民医院", [`${ns}__thirdInvoiceNo`]: "33012603" });
  expect(remote.status, JSON.stringify(remote.body)).toBe(200);
});

it("compliance on the core activity log: a prescription volume is refused", async () => {
  const log = (body: string) => api("POST", "/activities", { token: tokens.admin, body: { kind: "visit", customerId, subject: "拜访王主任", body, occurredAt: new Date().toISOString() }, headers: { "accept-language": "zh-CN" } });
  const refused = await log("了解王主任上月处方量");
  expect(refused.status).toBe(400);
  expect(refused.body.error.details).toEqual([{ path: "body", message: "不得记录医生的处方量（统方）：请删除“处方量”。" }]);
  expect((await log("介绍康欣的循证证据，王主任同意参加科室会")).status).toBe(201);
});
