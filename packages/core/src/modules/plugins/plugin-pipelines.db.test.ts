/**
 * Pipelines plugins contribute (ADR 024 addendum), against a real database over /api/v1. On a plugin
 * object (service tickets with an SLA pipeline): a new record starts in the first open stage; a move is
 * an update the plugin's validate hook sees and may refuse, audited, announced as `<object>.stageChanged`
 * (which an event hook acts on), and a won/lost stage closes the record; another partner's record is
 * 404. On opportunities (a hospital access pipeline): installing creates the tenant's Pipeline, an
 * upgrade renames and adds stages, uninstall archives it (deals keep their stage), restore brings it
 * back; partners cannot edit it; a platform-wide install gives every partner the pipeline.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb } from "../../db/index.ts";
import { translator } from "../../i18n/index.ts";
import { api, apiToken, createTestDeveloper, createTestPartner, createTestPartnerUser, createTestPlatformUser, type TestPartnerUser } from "../../testing/index.ts";
import { flushHookStats, resetPluginHost, runPluginHookJob } from "./index.ts";

const tag = `t${randomBytes(4).toString("hex")}`;
const PLUGIN_ID = `acme.${tag}`;
const NS = `acme_${tag}`;
const TICKET = `${NS}__ticket`;
const SLA = `${NS}__sla`;
const ESCALATION = `${NS}__escalation`;
const HOSPITAL = `${NS}__hospitalAccess`;
const EN = { "accept-language": "en" };
const en = translator("en");
const PERMISSIONS = [`records:write:${TICKET}`, "tasks:create"];

const label = (zh: string, enText: string) => ({ "zh-CN": zh, en: enText });

function manifest(version: string, upgraded: boolean) {
  return {
    id: PLUGIN_ID,
    name: label("设备服务", "Equipment service"),
    description: label("服务工单与医院准入流程", "Service tickets and hospital access"),
    version,
    publisher: { name: "Acme" },
    engines: { qudao: ">=0.1.0" },
    surfaces: ["platform", "portal"],
    categories: ["service"],
    permissions: PERMISSIONS,
    hooks: [
      { name: "checkTicket", kind: "validate", object: TICKET, on: ["update"], failMode: "closed" },
      { name: "onStage", kind: "event", events: [`${TICKET}.stageChanged`] },
    ],
    contributes: {
      objects: [
        {
          name: TICKET,
          label: label("服务工单", "Service ticket"),
          labelPlural: label("服务工单", "Service tickets"),
          titleField: "subject",
          fields: [
            { name: "subject", type: "text", label: label("问题", "Subject"), required: true },
            { name: "resolution", type: "longText", label: label("处理结果", "Resolution") },
          ],
          views: { list: { columns: ["subject"] }, detail: { sections: [{ title: label("工单", "Ticket"), fields: ["subject", "resolution"] }] }, form: { fields: ["subject", "resolution"] } },
        },
      ],
      pipelines: [
        {
          name: SLA,
          object: TICKET,
          label: label("服务时效", "SLA"),
          stages: [
            { key: "new", label: label("待受理", "New") },
            { key: "working", label: label("处理中", "In progress") },
            { key: "resolved", label: label("已解决", "Resolved"), kind: "won" },
            { key: "cancelled", label: label("已取消", "Cancelled"), kind: "lost" },
          ],
        },
        ...(upgraded
          ? [{ name: ESCALATION, object: TICKET, label: label("升级处理", "Escalation"), stages: [{ key: "none", label: label("未升级", "Not escalated") }, { key: "engineer", label: label("工程师", "Engineer") }] }]
          : []),
        {
          name: HOSPITAL,
          object: "opportunity",
          label: label("医院准入", "Hospital access"),
          stages: [
            { key: "entry", label: label("进院", "Hospital entry"), probability: 20 },
            { key: "listing", label: upgraded ? label("挂网采购", "Online procurement listing") : label("挂网", "Listing"), probability: 50 },
            ...(upgraded ? [{ key: "bidding", label: label("招标", "Bidding"), probability: 70 }] : []),
            { key: "vbp", label: label("带量采购", "Volume-based procurement"), kind: "won" },
            { key: "lost", label: label("未准入", "Not admitted"), kind: "lost" },
          ],
        },
      ],
    },
  };
}

/** The hooks as a bundle defines them: a resolution is required to resolve; every move becomes a task. */
const HOOKS = `globalThis.__qudaoPlugin = { hooks: {
  checkTicket(ctx) {
    const now = ctx.record[${JSON.stringify(SLA)}];
    const before = ctx.previous ? ctx.previous[${JSON.stringify(SLA)}] : null;
    if (now === "resolved" && before !== "resolved" && !ctx.record.resolution) return [{ field: ${JSON.stringify(SLA)}, messageKey: "errors.needResolution", params: { from: before } }];
    return [];
  },
  onStage(ctx) {
    const p = ctx.event.payload;
    return [{ type: "createTask", title: "SLA " + p.fromStage + " -> " + p.toStage + " (" + p.toKind + ")" }];
  }
} };`;

function pkg(version: string, upgraded = false) {
  return {
    format: 1,
    manifest: manifest(version, upgraded),
    hooks: HOOKS,
    tests: null,
    locales: { "zh-CN": { "errors.needResolution": "先填写处理结果（当前阶段 {{from}}）" }, en: { "errors.needResolution": "Write the resolution first (now {{from}})" } },
    assets: {},
  };
}

let devToken: string, reviewerToken: string, platformToken: string;
let aAdmin: TestPartnerUser, aRep: TestPartnerUser, bAdmin: TestPartnerUser, cRep: TestPartnerUser;
const tokens: Record<string, string> = {};
let installA: string;
let ticketId: string;

async function publish(version: string, upgraded = false): Promise<string> {
  const uploaded = await api("POST", `/plugins/${PLUGIN_ID}/versions`, { token: devToken, body: pkg(version, upgraded) });
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  expect(uploaded.body.status, JSON.stringify(uploaded.body.checks)).toBe("in_review");
  const approved = await api("POST", `/plugin-reviews/${uploaded.body.id}/approve`, { token: reviewerToken, body: {} });
  expect(approved.status).toBe(200);
  return uploaded.body.id;
}

const hospitalKey = `${PLUGIN_ID}:${HOSPITAL}`;
const pipelineOf = (partnerId: string | null) => baseDb().pipeline.findFirstOrThrow({ where: { pluginKey: hospitalKey, partnerId }, include: { stages: { orderBy: { position: "asc" } } } });

beforeAll(async () => {
  const [developer, reviewer, platformAdmin] = await Promise.all([createTestDeveloper(), createTestPlatformUser(["reviewer"]), createTestPlatformUser(["admin"])]);
  [devToken, reviewerToken, platformToken] = await Promise.all([apiToken(developer), apiToken(reviewer), apiToken(platformAdmin)]);
  const [partnerA, partnerB, partnerC] = await Promise.all([createTestPartner(), createTestPartner(), createTestPartner()]);
  [aAdmin, aRep, bAdmin, cRep] = await Promise.all([createTestPartnerUser(partnerA.id, "admin"), createTestPartnerUser(partnerA.id, "rep"), createTestPartnerUser(partnerB.id, "admin"), createTestPartnerUser(partnerC.id, "rep")]);
  for (const [name, user] of Object.entries({ aAdmin, aRep, bAdmin, cRep })) tokens[name] = await apiToken(user);
  await publish("1.0.0");
  await api("PUT", `/plugins/${PLUGIN_ID}/policy`, { token: platformToken, body: { partnerInstallAllowed: true } });
  const installed = await api("POST", "/plugin-installs", { token: tokens.aAdmin!, body: { pluginId: PLUGIN_ID, scope: "partner", consentedPermissions: PERMISSIONS } });
  expect(installed.status, JSON.stringify(installed.body)).toBe(201);
  installA = installed.body.id;
  const installedB = await api("POST", "/plugin-installs", { token: tokens.bAdmin!, body: { pluginId: PLUGIN_ID, scope: "partner", consentedPermissions: PERMISSIONS } });
  expect(installedB.status).toBe(201);
});

afterAll(async () => {
  await flushHookStats();
  resetPluginHost();
  await disconnectDb();
});

const move = (token: string, id: string, stage: string, pipeline = SLA, headers: Record<string, string> = {}) => api("POST", `/records/${TICKET}/${id}/stage`, { token, body: { pipeline, stage }, headers });

describe("a pipeline on a plugin object", () => {
  it("a new record starts in the first open stage, open", async () => {
    const created = await api("POST", `/records/${TICKET}`, { token: tokens.aRep!, body: { object: TICKET, values: { subject: "CT scanner will not boot" } } });
    expect(created.status).toBe(201);
    expect(created.body.values[SLA]).toBe("new");
    expect(created.body.closedAt).toBeNull();
    ticketId = created.body.id;
    // Users cannot set the stage through an edit: the stage moves only through a move.
    const sneaky = await api("PATCH", `/records/${TICKET}/${ticketId}`, { token: tokens.aRep!, body: { values: { [SLA]: "resolved" } } });
    expect(sneaky.status).toBe(400);
    expect(sneaky.body.error.details.map((d: { path: string }) => d.path)).toEqual([SLA]);
  });

  it("a move is an update: audited, announced as updated and stageChanged", async () => {
    const moved = await move(tokens.aRep!, ticketId, "working");
    expect(moved.status).toBe(200);
    expect(moved.body.values[SLA]).toBe("working");
    expect(moved.body.closedAt).toBeNull();
    const audit = await baseDb().auditLog.findFirstOrThrow({ where: { entityId: ticketId, action: "customRecord.stage_changed" } });
    expect(audit.before).toMatchObject({ pipeline: SLA, stage: "new" });
    expect(audit.after).toMatchObject({ pipeline: SLA, stage: "working" });
    expect(audit.actorUserId).toBe(aRep.id);
    const events = await baseDb().outboxEvent.findMany({ where: { aggregateId: ticketId }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.type)).toEqual([`${TICKET}.created`, `${TICKET}.updated`, `${TICKET}.stageChanged`]);
    expect(events[2]!.payload).toMatchObject({ recordId: ticketId, pipeline: SLA, fromStage: "new", toStage: "working", toKind: "open", changed: [SLA] });
    // Moving to where it is changes nothing and announces nothing.
    expect((await move(tokens.aRep!, ticketId, "working")).status).toBe(200);
    expect(await baseDb().outboxEvent.count({ where: { aggregateId: ticketId } })).toBe(3);
  });

  it("the validate hook sees the move (previous and record) and refuses it in the plugin's words; nothing is written", async () => {
    const refused = await move(tokens.aRep!, ticketId, "resolved", SLA, EN);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ path: SLA, message: "Write the resolution first (now working)" }]);
    const stored = await baseDb().customObjectRecord.findUniqueOrThrow({ where: { id: ticketId } });
    expect((stored.values as Record<string, unknown>)[SLA]).toBe("working");
    expect(stored.closedAt).toBeNull();
    expect(await baseDb().auditLog.count({ where: { entityId: ticketId, action: "customRecord.stage_changed" } })).toBe(1);
  });

  it("entering a won stage closes the record; the stage filter and the board find it; moving back reopens it", async () => {
    expect((await api("PATCH", `/records/${TICKET}/${ticketId}`, { token: tokens.aRep!, body: { values: { resolution: "Replaced the power supply" } } })).status).toBe(200);
    const resolved = await move(tokens.aRep!, ticketId, "resolved");
    expect(resolved.status).toBe(200);
    expect(resolved.body.closedAt).not.toBeNull();

    const other = await api("POST", `/records/${TICKET}`, { token: tokens.aRep!, body: { object: TICKET, values: { subject: "Printer jam" } } });
    const inResolved = await api("GET", `/records/${TICKET}?pipeline=${SLA}&stage=resolved`, { token: tokens.aRep! });
    expect(inResolved.body.items.map((r: { id: string }) => r.id)).toEqual([ticketId]);
    const inNew = await api("GET", `/records/${TICKET}?pipeline=${SLA}&stage=new`, { token: tokens.aRep! });
    expect(inNew.body.items.map((r: { id: string }) => r.id)).toEqual([other.body.id]);
    const unknownStage = await api("GET", `/records/${TICKET}?pipeline=${SLA}&stage=archived`, { token: tokens.aRep!, headers: EN });
    expect(unknownStage.status).toBe(400);
    expect(unknownStage.body.error.details).toEqual([{ path: "stage", message: en("pluginPipelines.errors.unknownStage") }]);

    const board = await api("GET", `/records/${TICKET}/pipelines/${SLA}/board`, { token: tokens.aRep! });
    expect(board.status).toBe(200);
    expect(board.body.columns.map((c: { stage: string; kind: string; count: number }) => [c.stage, c.kind, c.count])).toEqual([
      ["new", "open", 1],
      ["working", "open", 0],
      ["resolved", "won", 1],
      ["cancelled", "lost", 0],
    ]);
    expect(board.body.columns[2].records[0]).toMatchObject({ id: ticketId, title: "CT scanner will not boot" });

    const reopened = await move(tokens.aRep!, ticketId, "working");
    expect(reopened.body.closedAt).toBeNull();
    const cancelled = await move(tokens.aRep!, other.body.id, "cancelled");
    expect(cancelled.body.closedAt).not.toBeNull();
  });

  it("the event hook acts on the stageChanged event", async () => {
    const event = await baseDb().outboxEvent.findFirstOrThrow({ where: { type: `${TICKET}.stageChanged`, aggregateId: ticketId, payload: { path: ["toStage"], equals: "resolved" } } });
    const result = await runPluginHookJob({
      installId: installA,
      hook: "onStage",
      event: { id: event.id, name: event.type, occurredAt: event.createdAt.toISOString(), partnerId: event.partnerId, aggregateType: event.aggregateType, aggregateId: event.aggregateId, payload: event.payload as Record<string, unknown> },
    });
    expect(result).toEqual({ outcome: "ok", applied: 1, refused: 0 });
    expect(await baseDb().task.count({ where: { partnerId: aRep.membership.partnerId, title: "SLA working -> resolved (won)" } })).toBe(1);
  });

  it("another partner's record answers 404, like one that does not exist; unknown pipelines and stages are field errors", async () => {
    const theirs = await move(tokens.bAdmin!, ticketId, "cancelled");
    const missing = await move(tokens.bAdmin!, randomUUID(), "cancelled");
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual(missing.body);
    expect(((await baseDb().customObjectRecord.findUniqueOrThrow({ where: { id: ticketId } })).values as Record<string, unknown>)[SLA]).toBe("working");
    const badStage = await move(tokens.aRep!, ticketId, "teleported", SLA, EN);
    expect(badStage.status).toBe(400);
    expect(badStage.body.error.details).toEqual([{ path: "stage", message: en("pluginPipelines.errors.unknownStage") }]);
    const badPipeline = await move(tokens.aRep!, ticketId, "new", `${NS}__nope`, EN);
    expect(badPipeline.body.error.details).toEqual([{ path: "pipeline", message: en("pluginPipelines.errors.unknownPipeline") }]);
  });
});

describe("a pipeline on opportunities", () => {
  let dealId: string;

  it("installing creates the partner's pipeline with the manifest's stages, named in the reader's language and not editable", async () => {
    const pipeline = await pipelineOf(aAdmin.membership.partnerId);
    expect(pipeline).toMatchObject({ name: "医院准入", isDefault: false, archivedAt: null });
    expect(pipeline.stages.map((s) => [s.pluginKey, s.name, s.kind, s.probability])).toEqual([
      ["entry", "进院", "open", 20],
      ["listing", "挂网", "open", 50],
      ["vbp", "带量采购", "won", 100],
      ["lost", "未准入", "lost", 0],
    ]);
    expect(await baseDb().auditLog.count({ where: { entityId: pipeline.id, action: "pipeline.created" } })).toBe(1);

    const shown = await api("GET", `/pipelines/${pipeline.id}`, { token: tokens.aAdmin!, headers: EN });
    expect(shown.body).toMatchObject({ name: "Hospital access", pluginId: PLUGIN_ID, pluginName: "Equipment service", editable: false });
    expect(shown.body.stages.map((s: { name: string }) => s.name)).toEqual(["Hospital entry", "Listing", "Volume-based procurement", "Not admitted"]);
    const edit = await api("PATCH", `/pipelines/${pipeline.id}`, { token: tokens.aAdmin!, body: { name: "改名" }, headers: EN });
    expect(edit.status).toBe(403);
    expect(edit.body.error.message).toBe(en("pluginPipelines.errors.pluginOwned", { plugin: "Equipment service" }));
    expect((await api("POST", `/pipelines/${pipeline.id}/archive`, { token: tokens.aAdmin! })).status).toBe(403);
    // Another partner's install has its own; partner C (nothing installed) sees neither.
    expect((await api("GET", `/pipelines/${pipeline.id}`, { token: tokens.bAdmin! })).status).toBe(404);
    expect((await api("GET", "/pipelines", { token: tokens.cRep! })).body.items.map((p: { pluginId: string | null }) => p.pluginId)).not.toContain(PLUGIN_ID);

    const deal = await api("POST", "/opportunities", { token: tokens.aRep!, body: { name: "市一院准入", amount: "120000", expectedCloseDate: "2027-03-01", pipelineId: pipeline.id }, headers: EN });
    expect(deal.status).toBe(201);
    expect(deal.body).toMatchObject({ stageId: pipeline.stages[0]!.id, stageName: "Hospital entry" });
    dealId = deal.body.id;
    expect((await api("POST", `/opportunities/${dealId}/move`, { token: tokens.aRep!, body: { stageId: pipeline.stages[1]!.id } })).status).toBe(200);
  });

  it("an upgrade renames and adds stages (deals stay), and gives existing records a stage in a new object pipeline", async () => {
    const before = await pipelineOf(aAdmin.membership.partnerId);
    await publish("1.1.0", true);
    expect((await api("GET", `/plugin-installs/${installA}`, { token: tokens.aAdmin! })).body.version).toBe("1.1.0");
    const after = await pipelineOf(aAdmin.membership.partnerId);
    expect(after.id).toBe(before.id);
    expect(after.stages.map((s) => [s.pluginKey, s.name, s.position])).toEqual([
      ["entry", "进院", 1],
      ["listing", "挂网采购", 2],
      ["bidding", "招标", 3],
      ["vbp", "带量采购", 4],
      ["lost", "未准入", 5],
    ]);
    // Same stage row, renamed: the deal did not move.
    expect(after.stages[1]!.id).toBe(before.stages[1]!.id);
    expect((await baseDb().opportunity.findUniqueOrThrow({ where: { id: dealId } })).stageId).toBe(before.stages[1]!.id);
    expect(await baseDb().auditLog.count({ where: { entityId: after.id, action: "pipeline.updated" } })).toBe(1);

    const stored = await baseDb().customObjectRecord.findUniqueOrThrow({ where: { id: ticketId } });
    expect(stored.values).toMatchObject({ [SLA]: "working", [ESCALATION]: "none" });
    const escalationBoard = await api("GET", `/records/${TICKET}/pipelines/${ESCALATION}/board`, { token: tokens.aRep! });
    expect(escalationBoard.body.columns[0]).toMatchObject({ stage: "none", count: 2 });
  });

  it("uninstall archives the pipeline (deals keep their stage); restore brings it back", async () => {
    const pipeline = await pipelineOf(aAdmin.membership.partnerId);
    expect((await api("POST", `/plugin-installs/${installA}/uninstall`, { token: tokens.aAdmin! })).status).toBe(200);
    const archived = await pipelineOf(aAdmin.membership.partnerId);
    expect(archived.archivedAt).not.toBeNull();
    expect(await baseDb().auditLog.count({ where: { entityId: pipeline.id, action: "pipeline.archived" } })).toBe(1);
    const deal = await baseDb().opportunity.findUniqueOrThrow({ where: { id: dealId } });
    expect(deal.stageId).toBe(pipeline.stages[1]!.id);
    expect((await api("GET", "/pipelines", { token: tokens.aAdmin! })).body.items.map((p: { id: string }) => p.id)).not.toContain(pipeline.id);
    const refused = await api("POST", "/opportunities", { token: tokens.aRep!, body: { name: "x", amount: "1", expectedCloseDate: "2027-03-01", pipelineId: pipeline.id } });
    expect(refused.status).toBe(400);

    expect((await api("POST", `/plugin-installs/${installA}/restore`, { token: tokens.aAdmin! })).status).toBe(200);
    const restored = await pipelineOf(aAdmin.membership.partnerId);
    expect(restored.archivedAt).toBeNull();
    expect(restored.stages.filter((s) => s.archivedAt === null)).toHaveLength(5);
    expect((await api("GET", "/pipelines", { token: tokens.aAdmin! })).body.items.map((p: { id: string }) => p.id)).toContain(pipeline.id);
  });

  it("a platform-wide install gives every partner one shared pipeline; uninstalling it archives that one only", async () => {
    const installed = await api("POST", "/plugin-installs", { token: platformToken, body: { pluginId: PLUGIN_ID, scope: "platform", consentedPermissions: PERMISSIONS } });
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
    const shared = await pipelineOf(null);
    expect(shared.stages).toHaveLength(5);
    const seen = await api("GET", "/pipelines", { token: tokens.cRep! });
    expect(seen.body.items.find((p: { id: string }) => p.id === shared.id)).toMatchObject({ partnerId: null, pluginId: PLUGIN_ID, editable: false });
    const deal = await api("POST", "/opportunities", { token: tokens.cRep!, body: { name: "县医院", amount: "5000", expectedCloseDate: "2027-03-01", pipelineId: shared.id } });
    expect(deal.status).toBe(201);

    expect((await api("POST", `/plugin-installs/${installed.body.id}/uninstall`, { token: platformToken })).status).toBe(200);
    expect((await pipelineOf(null)).archivedAt).not.toBeNull();
    expect((await pipelineOf(aAdmin.membership.partnerId)).archivedAt).toBeNull();
    expect((await baseDb().opportunity.findUniqueOrThrow({ where: { id: deal.body.id } })).stageId).toBe(shared.stages[0]!.id);
  });
});
