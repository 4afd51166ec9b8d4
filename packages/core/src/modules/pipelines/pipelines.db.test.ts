/**
 * Pipelines as data, over /api/v1: who sees which pipelines, a partner admin's own pipelines and
 * stage edits, the refusals (the platform's pipeline, another partner's, stages with open deals), and
 * platform admins editing the default pipeline.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb } from "../../db/index.ts";
import {
  api,
  apiToken,
  createTestOpportunity,
  createTestPartner,
  createTestPartnerUser,
  createTestPipeline,
  createTestPlatformUser,
  DEFAULT_PIPELINE,
  type TestPartnerUser,
} from "../../testing/index.ts";

const stages = [
  { name: "电话沟通", probability: 10, kind: "open" },
  { name: "上门演示", probability: 40, kind: "open" },
  { name: "签约", probability: 100, kind: "won" },
  { name: "放弃", probability: 0, kind: "lost" },
];

let partner: { id: string };
let other: { id: string };
let admin: TestPartnerUser, manager: TestPartnerUser, rep: TestPartnerUser, otherAdmin: TestPartnerUser;

beforeAll(async () => {
  partner = await createTestPartner();
  other = await createTestPartner();
  [admin, manager, rep, otherAdmin] = await Promise.all([
    createTestPartnerUser(partner.id, "admin"),
    createTestPartnerUser(partner.id, "manager"),
    createTestPartnerUser(partner.id, "rep"),
    createTestPartnerUser(other.id, "admin"),
  ]);
});
afterAll(disconnectDb);

describe("listing pipelines", () => {
  it("a partner sees the platform's default (named in its language) and its own, never another partner's", async () => {
    const own = await createTestPipeline(partner.id);
    const theirs = await createTestPipeline(other.id);
    const zh = await api("GET", "/pipelines", { token: await apiToken(rep) });
    expect(zh.status).toBe(200);
    const ids = zh.body.items.map((p: { id: string }) => p.id);
    expect(ids).toContain(DEFAULT_PIPELINE.id);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(theirs.id);
    const platform = zh.body.items.find((p: { id: string }) => p.id === DEFAULT_PIPELINE.id);
    expect(platform).toMatchObject({ name: "标准销售流程", nameKey: "pipeline.default.name", partnerId: null, editable: false, isDefault: true });
    expect(platform.stages.map((s: { name: string; kind: string; probability: number }) => [s.name, s.kind, s.probability])).toEqual([
      ["初步接洽", "open", 10],
      ["需求分析", "open", 30],
      ["方案报价", "open", 50],
      ["商务谈判", "open", 75],
      ["赢单", "won", 100],
      ["输单", "lost", 0],
    ]);
    const en = await api("GET", `/pipelines/${DEFAULT_PIPELINE.id}`, { token: await apiToken(rep), headers: { "accept-language": "en" } });
    expect(en.body.stages[1].name).toBe("Needs analysis");
    const byAdmin = await api("GET", `/pipelines/${own.id}`, { token: await apiToken(admin) });
    expect(byAdmin.body.editable).toBe(true);
    const b = await api("GET", `/pipelines/${theirs.id}`, { token: await apiToken(admin) });
    const missing = await api("GET", `/pipelines/${randomUUID()}`, { token: await apiToken(admin) });
    expect(b.status).toBe(404);
    expect(b.body).toEqual(missing.body);
  });
});

describe("a partner admin's own pipelines", () => {
  it("creates one (201) that becomes the default for new opportunities; managers and reps may not", async () => {
    const fresh = await createTestPartner();
    const freshAdmin = await createTestPartnerUser(fresh.id, "admin");
    const freshRep = await createTestPartnerUser(fresh.id, "rep");
    const body = { name: "医院渠道流程", isDefault: true, stages };
    const created = await api("POST", "/pipelines", { token: await apiToken(freshAdmin), body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ partnerId: fresh.id, name: "医院渠道流程", isDefault: true, editable: true });
    expect(created.body.stages.map((s: { name: string; position: number }) => [s.name, s.position])).toEqual([
      ["电话沟通", 1],
      ["上门演示", 2],
      ["签约", 3],
      ["放弃", 4],
    ]);
    expect(await baseDb().auditLog.count({ where: { entityId: created.body.id, action: "pipeline.created" } })).toBe(1);
    expect((await api("POST", "/pipelines", { token: await apiToken(freshRep), body })).status).toBe(403);

    const deal = await api("POST", "/opportunities", { token: await apiToken(freshRep), body: { name: "默认流程", amount: "1", expectedCloseDate: "2027-01-15" } });
    expect(deal.status).toBe(201);
    expect(deal.body).toMatchObject({ pipelineId: created.body.id, stageId: created.body.stages[0].id, stageName: "电话沟通" });

    // A second default replaces the first.
    const second = await api("POST", "/pipelines", { token: await apiToken(freshAdmin), body: { ...body, name: "第二流程" } });
    const first = await api("GET", `/pipelines/${created.body.id}`, { token: await apiToken(freshAdmin) });
    expect(second.body.isDefault).toBe(true);
    expect(first.body.isDefault).toBe(false);
  });

  it("rejects an invalid stage set row by row and writes nothing", async () => {
    const before = await baseDb().pipeline.count();
    const response = await api("POST", "/pipelines", {
      token: await apiToken(admin),
      body: {
        name: "坏流程",
        stages: [
          { name: "A", probability: 101, kind: "open" },
          { name: "a", probability: 10, kind: "open" },
          { name: "赢", probability: 100, kind: "won" },
        ],
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual(expect.arrayContaining([{ path: "stages.0.probability", message: "赢率须为 0 到 100 之间的整数。" }]));
    const semantic = await api("POST", "/pipelines", {
      token: await apiToken(admin),
      body: { name: "坏流程", stages: [{ name: "A", probability: 10, kind: "open" }, { name: "a", probability: 10, kind: "open" }, { name: "赢", probability: 100, kind: "won" }] },
    });
    expect(semantic.status).toBe(400);
    expect(semantic.body.error.details).toEqual([
      { path: "stages", message: "必须有且只有一个输单阶段。" },
      { path: "stages.1.name", message: "阶段名称不能重复。" },
    ]);
    expect(await baseDb().pipeline.count()).toBe(before);
  });

  it("edits stages (order, names, probabilities, new and removed), refusing to remove one with open deals", async () => {
    const pipeline = await createTestPipeline(partner.id);
    const [contact, quote, won, lost] = pipeline.stages;
    const deal = await createTestOpportunity(partner.id, { createdById: rep.id, pipelineId: pipeline.id, stageId: contact!.id });
    const t = await apiToken(admin);
    const path = `/pipelines/${pipeline.id}`;

    const refused = await api("PATCH", path, {
      token: t,
      body: { stages: [{ id: quote!.id, name: "报价", probability: 60, kind: "open" }, { id: won!.id, name: "赢单", probability: 100, kind: "won" }, { id: lost!.id, name: "输单", probability: 0, kind: "lost" }] },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toBe("阶段「接洽」还有 1 个进行中的商机，不能停用。请先把它们移到其他阶段。");
    expect((await baseDb().pipelineStage.findUniqueOrThrow({ where: { id: contact!.id } })).archivedAt).toBeNull();

    const kindChange = await api("PATCH", path, {
      token: t,
      body: { stages: [{ id: contact!.id, name: "接洽", probability: 20, kind: "won" }, { id: quote!.id, name: "报价", probability: 60, kind: "open" }, { id: won!.id, name: "赢单", probability: 100, kind: "open" }, { id: lost!.id, name: "输单", probability: 0, kind: "lost" }] },
    });
    expect(kindChange.status).toBe(422);
    expect(kindChange.body.error.message).toContain("不能更改类型");

    await baseDb().opportunity.update({ where: { id: deal.id }, data: { stageId: quote!.id } });
    const edited = await api("PATCH", path, {
      token: t,
      body: {
        name: "改名后的流程",
        stages: [
          { id: quote!.id, name: "方案报价", probability: 55, kind: "open" },
          { name: "合同审批", probability: 80, kind: "open" },
          { id: won!.id, name: "赢单", probability: 100, kind: "won" },
          { id: lost!.id, name: "输单", probability: 0, kind: "lost" },
        ],
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.name).toBe("改名后的流程");
    expect(edited.body.stages.map((s: { name: string; position: number; probability: number }) => [s.name, s.position, s.probability])).toEqual([
      ["方案报价", 1, 55],
      ["合同审批", 2, 80],
      ["赢单", 3, 100],
      ["输单", 4, 0],
    ]);
    expect((await baseDb().pipelineStage.findUniqueOrThrow({ where: { id: contact!.id } })).archivedAt).not.toBeNull();
    const audit = await baseDb().auditLog.findFirstOrThrow({ where: { entityId: pipeline.id, action: "pipeline.updated" } });
    expect(audit.before).toMatchObject({ name: pipeline.name });
    // A deal cannot move into the retired stage.
    const move = await api("POST", `/opportunities/${deal.id}/move`, { token: await apiToken(rep), body: { stageId: contact!.id } });
    expect(move.status).toBe(400);
  });

  it("is refused on the platform's pipeline (403) and another partner's (404, like a missing one); a manager may not edit", async () => {
    const t = await apiToken(admin);
    const body = { name: "改平台的", stages };
    const platform = await api("PATCH", `/pipelines/${DEFAULT_PIPELINE.id}`, { token: t, body });
    expect(platform.status).toBe(403);
    const theirs = await createTestPipeline(other.id);
    const b = await api("PATCH", `/pipelines/${theirs.id}`, { token: t, body });
    const missing = await api("PATCH", `/pipelines/${randomUUID()}`, { token: t, body });
    expect(b.status).toBe(404);
    expect(b.body).toEqual(missing.body);
    expect((await api("POST", `/pipelines/${theirs.id}/archive`, { token: t })).status).toBe(404);
    const own = await createTestPipeline(partner.id);
    expect((await api("PATCH", `/pipelines/${own.id}`, { token: await apiToken(manager), body })).status).toBe(403);
    const defaultName = await baseDb().pipeline.findUniqueOrThrow({ where: { id: DEFAULT_PIPELINE.id } });
    expect(defaultName.name).toBe("Default pipeline");
    expect(await baseDb().pipeline.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ name: theirs.name, archivedAt: null });
  });

  it("a distributor's admin sees a sub-dealer's pipeline but can neither edit it nor put its own deals on it", async () => {
    const sub = await createTestPartner({ parentPartnerId: partner.id });
    const subPipeline = await createTestPipeline(sub.id);
    const t = await apiToken(admin);
    const seen = await api("GET", `/pipelines/${subPipeline.id}`, { token: t });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ editable: false, partnerName: sub.name });
    expect((await api("PATCH", `/pipelines/${subPipeline.id}`, { token: t, body: { name: "x" } })).status).toBe(403);
    const deal = await api("POST", "/opportunities", { token: t, body: { name: "x", amount: "1", expectedCloseDate: "2027-01-15", pipelineId: subPipeline.id } });
    expect(deal.status).toBe(400);
    expect(deal.body.error.details).toEqual([{ path: "pipelineId", message: "不能使用该销售流程。" }]);
  });

  it("archives a pipeline once it has no open deals; an archived pipeline takes no new deals", async () => {
    const pipeline = await createTestPipeline(partner.id);
    const deal = await createTestOpportunity(partner.id, { createdById: rep.id, pipelineId: pipeline.id, stageId: pipeline.stages[0]!.id });
    const t = await apiToken(admin);
    const refused = await api("POST", `/pipelines/${pipeline.id}/archive`, { token: t });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toBe("该流程还有 1 个进行中的商机，不能归档。");
    await baseDb().opportunity.update({ where: { id: deal.id }, data: { stageId: pipeline.stages[2]!.id, status: "won", closedAt: new Date() } });
    const archived = await api("POST", `/pipelines/${pipeline.id}/archive`, { token: t });
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).not.toBeNull();
    const listed = await api("GET", "/pipelines", { token: t });
    expect(listed.body.items.map((p: { id: string }) => p.id)).not.toContain(pipeline.id);
    expect((await api("GET", "/pipelines?includeArchived=true", { token: t })).body.items.map((p: { id: string }) => p.id)).toContain(pipeline.id);
    const deal2 = await api("POST", "/opportunities", { token: await apiToken(rep), body: { name: "x", amount: "1", expectedCloseDate: "2027-01-15", pipelineId: pipeline.id } });
    expect(deal2.status).toBe(400);
  });
});

describe("the platform's pipelines", () => {
  it("platform admins edit them (a renamed built-in stage loses its translation key); other staff may not; the default cannot be archived", async () => {
    const staff = await createTestPlatformUser(["admin"]);
    const channel = await createTestPlatformUser(["channel_manager"]);
    const t = await apiToken(staff);
    expect((await api("POST", `/pipelines/${DEFAULT_PIPELINE.id}/archive`, { token: t })).status).toBe(422);
    expect((await api("GET", `/pipelines/${DEFAULT_PIPELINE.id}`, { token: t })).body.editable).toBe(true);

    // A platform pipeline of its own, so other test files reading the default one are not disturbed.
    const pipeline = await createTestPipeline(null);
    const builtIn = pipeline.stages[0]!;
    await baseDb().pipelineStage.update({ where: { id: builtIn.id }, data: { name: "Needs analysis", nameKey: "pipeline.default.stage.needs" } });
    const current = await api("GET", `/pipelines/${pipeline.id}`, { token: t });
    expect(current.body.stages[0].name).toBe("需求分析");
    const list = current.body.stages.map((s: { id: string; name: string; probability: number; kind: string }) => ({ id: s.id, name: s.name, probability: s.probability, kind: s.kind }));
    try {
      expect((await api("PATCH", `/pipelines/${pipeline.id}`, { token: await apiToken(channel), body: { stages: list } })).status).toBe(403);

      // Sent back as shown (the translated name): nothing changes, the key stays, no audit row.
      const same = await api("PATCH", `/pipelines/${pipeline.id}`, { token: t, body: { stages: list } });
      expect(same.status).toBe(200);
      expect((await baseDb().pipelineStage.findUniqueOrThrow({ where: { id: builtIn.id } })).nameKey).toBe("pipeline.default.stage.needs");
      expect(await baseDb().auditLog.count({ where: { entityId: pipeline.id, action: "pipeline.updated" } })).toBe(0);

      const renamed = list.map((s: { id: string }) => (s.id === builtIn.id ? { ...s, name: "需求调研", probability: 35 } : s));
      const edited = await api("PATCH", `/pipelines/${pipeline.id}`, { token: t, body: { stages: renamed } });
      expect(edited.status).toBe(200);
      expect(edited.body.stages[0]).toMatchObject({ name: "需求调研", nameKey: null, probability: 35 });
      expect(await baseDb().auditLog.count({ where: { entityId: pipeline.id, action: "pipeline.updated" } })).toBe(1);
    } finally {
      // Partners see every platform pipeline: retire this one.
      await baseDb().pipeline.update({ where: { id: pipeline.id }, data: { archivedAt: new Date() } });
    }
  });
});
