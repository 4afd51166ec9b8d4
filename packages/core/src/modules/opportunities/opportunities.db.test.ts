/**
 * Opportunities over /api/v1 against a real database: create, move through stages to won and lost,
 * the stage history, reassignment rules, another partner's deals answering 404, the distributor's
 * roll-up of its sub-dealers, the board (one statement, load more), and the forecast.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, disconnectDb, Prisma } from "../../db/index.ts";
import {
  api,
  apiToken,
  buildCustomer,
  createRng,
  createTestOpportunity,
  createTestPartner,
  createTestPartnerUser,
  createTestPipeline,
  createTestPlatformUser,
  DEFAULT_PIPELINE,
  type TestPartnerUser,
  type TestPlatformUser,
} from "../../testing/index.ts";
import { handleDomainEvent } from "../../jobs/domain-event.handler.ts";
import { addMonths, monthIn } from "./opportunities.rules.ts";

const S = DEFAULT_PIPELINE.stages;
const DAY = 86_400_000;
const rng = createRng(20_261_124);

let distributor: { id: string; name: string };
let subDealer: { id: string; name: string };
let competitor: { id: string };
let dAdmin: TestPartnerUser, dManager: TestPartnerUser, dRep1: TestPartnerUser, dRep2: TestPartnerUser;
let sAdmin: TestPartnerUser, sRep: TestPartnerUser, cAdmin: TestPartnerUser;
let finance: TestPlatformUser;
const tokens = new Map<string, string>();

async function token(user: { email: string; password: string }): Promise<string> {
  const cached = tokens.get(user.email);
  if (cached) return cached;
  const fresh = await apiToken(user);
  tokens.set(user.email, fresh);
  return fresh;
}

async function customerOf(partnerId: string): Promise<string> {
  const row = await baseDb().customer.create({ data: buildCustomer(rng, { ownerPartnerId: partnerId, kind: "company" }) });
  return row.id;
}

const thisMonth = () => monthIn(new Date(), "Asia/Shanghai");
/** A calendar date in the current month (the 15th), as the API takes it. */
const inMonth = (month: string) => `${month}-15`;

beforeAll(async () => {
  distributor = await createTestPartner({ name: `华东分销 ${randomUUID().slice(0, 6)}` });
  subDealer = await createTestPartner({ name: `苏州二级 ${randomUUID().slice(0, 6)}`, parentPartnerId: distributor.id });
  competitor = await createTestPartner();
  [dAdmin, dManager, dRep1, dRep2, sAdmin, sRep, cAdmin] = await Promise.all([
    createTestPartnerUser(distributor.id, "admin"),
    createTestPartnerUser(distributor.id, "manager"),
    createTestPartnerUser(distributor.id, "rep"),
    createTestPartnerUser(distributor.id, "rep"),
    createTestPartnerUser(subDealer.id, "admin"),
    createTestPartnerUser(subDealer.id, "rep"),
    createTestPartnerUser(competitor.id, "admin"),
  ]);
  finance = await createTestPlatformUser(["finance"]);
});

afterAll(disconnectDb);

describe("creating an opportunity", () => {
  it("a rep's new deal starts in the first stage, is theirs, has its first history row, an audit row and an event", async () => {
    const customerId = await customerOf(distributor.id);
    const created = await api("POST", "/opportunities", {
      token: await token(dRep1),
      body: { name: "宁波海曙精工 2027 年度采购", amount: "128,000.5", expectedCloseDate: inMonth(thisMonth()), customerId },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      partnerId: distributor.id,
      ownerId: dRep1.id,
      pipelineId: DEFAULT_PIPELINE.id,
      stageId: S.qualification,
      stageName: "初步接洽",
      stageKind: "open",
      status: "open",
      amount: "128000.50",
      currency: "CNY",
      expectedCloseDate: inMonth(thisMonth()),
      customerId,
      daysInStage: 0,
      stuck: false,
      closedAt: null,
    });
    const id = created.body.id as string;
    const history = await baseDb().opportunityStageChange.findMany({ where: { opportunityId: id } });
    expect(history).toMatchObject([{ fromStageId: null, toStageId: S.qualification, partnerId: distributor.id, changedById: dRep1.id, secondsInPrevious: null }]);
    const event = await baseDb().outboxEvent.findFirstOrThrow({ where: { aggregateId: id, type: "opportunity.created" } });
    expect(event.payload).toEqual({ opportunityId: id, partnerId: distributor.id, ownerId: dRep1.id, stageId: S.qualification, amount: "128000.50" });
    expect(await baseDb().auditLog.count({ where: { entityId: id, action: "opportunity.created" } })).toBe(1);

    const detail = await api("GET", `/opportunities/${id}`, { token: await token(dRep1), headers: { "accept-language": "en" } });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ stageName: "Qualification", customerName: expect.any(String), history: [{ stageId: S.qualification, fromStageId: null, current: true }] });
  });

  it("rejects bad input field by field, translated, and writes nothing", async () => {
    const before = await baseDb().opportunity.count();
    const response = await api("POST", "/opportunities", {
      token: await token(dRep1),
      headers: { "accept-language": "zh-CN" },
      body: { name: " ", amount: "12.345", expectedCloseDate: "2026-02-30", currency: "USD" },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual(
      expect.arrayContaining([
        { path: "name", message: "必填项。" },
        { path: "amount", message: "请输入金额，最多两位小数，例如 12000 或 12000.50。" },
        { path: "expectedCloseDate", message: "请输入有效日期（年-月-日）。" },
        { path: "currency", message: "目前只支持人民币（CNY）。" },
      ]),
    );
    expect(await baseDb().opportunity.count()).toBe(before);
  });

  it("another partner's customer is refused exactly like a customer that does not exist", async () => {
    const theirs = await customerOf(competitor.id);
    const body = (customerId: string) => ({ name: "越界", amount: "1.00", expectedCloseDate: inMonth(thisMonth()), customerId });
    const b = await api("POST", "/opportunities", { token: await token(dRep1), body: body(theirs) });
    const missing = await api("POST", "/opportunities", { token: await token(dRep1), body: body(randomUUID()) });
    expect(b.status).toBe(400);
    expect(b.body).toEqual(missing.body);
    expect(b.body.error.details).toEqual([{ path: "customerId", message: "找不到该客户，或它不在你的客户范围内。" }]);
  });

  it("a rep cannot give a new deal to someone else; a manager can, to an active member only", async () => {
    const body = { name: "转交", amount: "100", expectedCloseDate: inMonth(thisMonth()) };
    expect((await api("POST", "/opportunities", { token: await token(dRep1), body: { ...body, ownerId: dRep2.id } })).status).toBe(403);
    const outsider = await api("POST", "/opportunities", { token: await token(dManager), body: { ...body, ownerId: cAdmin.id } });
    expect(outsider.status).toBe(422);
    expect(outsider.body.error.code).toBe("ASSIGNEE_NOT_IN_PARTNER");
    const ok = await api("POST", "/opportunities", { token: await token(dManager), body: { ...body, ownerId: dRep2.id } });
    expect(ok.status).toBe(201);
    expect(ok.body.ownerId).toBe(dRep2.id);
  });

  it("platform staff read opportunities but do not create them", async () => {
    const staff = await token(finance);
    expect((await api("GET", "/opportunities", { token: staff })).status).toBe(200);
    expect((await api("POST", "/opportunities", { token: staff, body: { name: "x", amount: "1", expectedCloseDate: inMonth(thisMonth()) } })).status).toBe(403);
  });

  it("replays a POST with the same Idempotency-Key", async () => {
    const key = randomUUID();
    const body = { name: `幂等 ${key}`, amount: "5", expectedCloseDate: inMonth(thisMonth()) };
    const first = await api("POST", "/opportunities", { token: await token(dRep2), body, headers: { "idempotency-key": key } });
    const replay = await api("POST", "/opportunities", { token: await token(dRep2), body, headers: { "idempotency-key": key } });
    expect(first.status).toBe(201);
    expect(replay.body.id).toBe(first.body.id);
    expect(await baseDb().opportunity.count({ where: { name: body.name } })).toBe(1);
  });
});

describe("moving through the stages", () => {
  it("to won: closed, history with time in each stage, one event per move, forecast's won figure grows", async () => {
    const partner = await createTestPartner();
    const rep = await createTestPartnerUser(partner.id, "rep");
    const t = await token(rep);
    const month = thisMonth();
    const forecastBefore = await api("GET", `/opportunities/forecast?months=1`, { token: t });
    expect(forecastBefore.body.months[0]).toMatchObject({ month, wonAmount: "0.00", openAmount: "0.00" });

    const created = await api("POST", "/opportunities", { token: t, body: { name: "赢单之路", amount: "80000", expectedCloseDate: inMonth(month) } });
    const id = created.body.id as string;
    // Backdate the first stay so its duration is measurable.
    const entered = new Date(Date.now() - 3 * DAY);
    await baseDb().opportunity.update({ where: { id }, data: { stageEnteredAt: entered } });
    await baseDb().opportunityStageChange.updateMany({ where: { opportunityId: id }, data: { at: entered } });
    const open = await api("GET", `/opportunities/forecast?months=1`, { token: t });
    expect(open.body.months[0]).toMatchObject({ openCount: 1, openAmount: "80000.00", weightedAmount: "8000.00" });

    const toProposal = await api("POST", `/opportunities/${id}/move`, { token: t, body: { stageId: S.proposal } });
    expect(toProposal.status).toBe(200);
    expect(toProposal.body).toMatchObject({ stageId: S.proposal, status: "open", daysInStage: 0, closedAt: null });
    expect((await api("GET", `/opportunities/forecast?months=1`, { token: t })).body.months[0].weightedAmount).toBe("40000.00");

    const toWon = await api("POST", `/opportunities/${id}/move`, { token: t, body: { stageId: S.won } });
    expect(toWon.status).toBe(200);
    expect(toWon.body).toMatchObject({ stageId: S.won, status: "won", stageKind: "won", lostReason: null });
    expect(toWon.body.closedAt).not.toBeNull();

    const detail = await api("GET", `/opportunities/${id}`, { token: t });
    expect(detail.body.history.map((h: { stageId: string; fromStageId: string | null; current: boolean }) => [h.stageId, h.fromStageId, h.current])).toEqual([
      [S.qualification, null, false],
      [S.proposal, S.qualification, false],
      [S.won, S.proposal, true],
    ]);
    const firstStay = detail.body.history[0].seconds as number;
    expect(firstStay).toBeGreaterThanOrEqual(3 * 86_400 - 5);
    expect(firstStay).toBeLessThan(3 * 86_400 + 60);
    expect(detail.body.timeInStages.map((s: { stageName: string }) => s.stageName)).toEqual(["初步接洽", "方案报价", "赢单"]);
    const changes = await baseDb().opportunityStageChange.findMany({ where: { opportunityId: id }, orderBy: { at: "asc" } });
    expect(changes[1]).toMatchObject({ fromStageId: S.qualification, toStageId: S.proposal, changedById: rep.id });
    expect(changes[1]!.secondsInPrevious).toBe(firstStay);
    const events = await baseDb().outboxEvent.findMany({ where: { aggregateId: id, type: "opportunity.stage_changed" }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.payload)).toEqual([
      { opportunityId: id, partnerId: partner.id, ownerId: rep.id, fromStageId: S.qualification, toStageId: S.proposal, status: "open", amount: "80000.00" },
      { opportunityId: id, partnerId: partner.id, ownerId: rep.id, fromStageId: S.proposal, toStageId: S.won, status: "won", amount: "80000.00" },
    ]);

    const after = await api("GET", `/opportunities/forecast?months=1`, { token: t });
    expect(after.body.months[0]).toMatchObject({ openCount: 0, openAmount: "0.00", wonCount: 1, wonAmount: "80000.00" });
    expect(after.body.totals.wonAmount).toBe("80000.00");
  });

  it("to lost: a reason is required (nothing changes without one); reopening clears it", async () => {
    const opportunity = await createTestOpportunity(distributor.id, { createdById: dRep1.id });
    const t = await token(dRep1);
    const refused = await api("POST", `/opportunities/${opportunity.id}/move`, { token: t, body: { stageId: S.lost } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ path: "lostReason", message: "输单时请填写原因。" }]);
    expect(await baseDb().opportunityStageChange.count({ where: { opportunityId: opportunity.id } })).toBe(1);

    const lost = await api("POST", `/opportunities/${opportunity.id}/move`, { token: t, body: { stageId: S.lost, lostReason: "预算取消" } });
    expect(lost.body).toMatchObject({ status: "lost", lostReason: "预算取消" });
    expect(lost.body.closedAt).not.toBeNull();

    const editReason = await api("PATCH", `/opportunities/${opportunity.id}`, { token: t, body: { lostReason: "选择了竞争对手" } });
    expect(editReason.body.lostReason).toBe("选择了竞争对手");

    const reopened = await api("POST", `/opportunities/${opportunity.id}/move`, { token: t, body: { stageId: S.negotiation } });
    expect(reopened.body).toMatchObject({ status: "open", lostReason: null, closedAt: null });
    const notLost = await api("PATCH", `/opportunities/${opportunity.id}`, { token: t, body: { lostReason: "x" } });
    expect(notLost.status).toBe(400);
    expect(notLost.body.error.details[0].path).toBe("lostReason");
  });

  it("refuses a stage of another pipeline, and moving twice at once records one move, not two", async () => {
    const own = await createTestPipeline(distributor.id);
    const opportunity = await createTestOpportunity(distributor.id, { createdById: dRep1.id });
    const t = await token(dRep1);
    const foreign = await api("POST", `/opportunities/${opportunity.id}/move`, { token: t, body: { stageId: own.stages[1]!.id } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0].path).toBe("stageId");

    const results = await Promise.all([S.needs, S.proposal].map((stageId) => api("POST", `/opportunities/${opportunity.id}/move`, { token: t, body: { stageId } })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toContain(200);
    const changes = await baseDb().opportunityStageChange.findMany({ where: { opportunityId: opportunity.id }, orderBy: { at: "asc" } });
    const row = await baseDb().opportunity.findUniqueOrThrow({ where: { id: opportunity.id } });
    // Every recorded move starts where the previous one ended, and the last one is where the deal is.
    for (let i = 1; i < changes.length; i++) expect(changes[i]!.fromStageId).toBe(changes[i - 1]!.toStageId);
    expect(changes[changes.length - 1]!.toStageId).toBe(row.stageId);
    expect(changes.length).toBe(1 + results.filter((r) => r.status === 200).length);
    for (const r of results.filter((x) => x.status !== 200)) expect(r.body.error.code).toBe("CONFLICT");
  });
});

describe("winning a deal moves the customer's lifecycle", () => {
  /** Deliver the deal's stage-change events as the worker would. */
  async function deliverMoves(opportunityId: string) {
    const events = await baseDb().outboxEvent.findMany({ where: { aggregateId: opportunityId, type: "opportunity.stage_changed" }, orderBy: { id: "asc" } });
    for (const e of events) {
      await handleDomainEvent({ eventId: e.id, type: e.type, aggregateType: e.aggregateType, aggregateId: e.aggregateId, partnerId: e.partnerId, payload: e.payload, occurredAt: e.createdAt.toISOString() });
    }
  }
  const stageOf = async (customerId: string) => (await baseDb().customer.findUniqueOrThrow({ where: { id: customerId } })).lifecycleStage;

  it("a prospect whose deal is won becomes a new customer; reopening the deal makes it a prospect again", async () => {
    const t = await token(dRep1);
    const customerId = await customerOf(distributor.id);
    const created = await api("POST", "/opportunities", { token: t, body: { name: "首单", amount: "5000", expectedCloseDate: inMonth(thisMonth()), customerId } });
    const id = created.body.id as string;
    await api("POST", `/opportunities/${id}/move`, { token: t, body: { stageId: S.proposal } });
    await deliverMoves(id);
    expect(await stageOf(customerId)).toBe("prospect");

    expect((await api("POST", `/opportunities/${id}/move`, { token: t, body: { stageId: S.won } })).status).toBe(200);
    await deliverMoves(id);
    expect(await stageOf(customerId)).toBe("new");
    // Delivered again (at least once): nothing more happens.
    await deliverMoves(id);
    const changes = await baseDb().outboxEvent.count({ where: { aggregateId: customerId, type: "customer.lifecycle_changed" } });
    expect(changes).toBe(1);

    expect((await api("POST", `/opportunities/${id}/move`, { token: t, body: { stageId: S.negotiation } })).status).toBe(200);
    await deliverMoves(id);
    expect(await stageOf(customerId)).toBe("prospect");
  });
});

describe("reassignment and visibility", () => {
  it("reps cannot reassign; managers can, to an active member of the deal's partner; the old owner then gets a 404", async () => {
    const opportunity = await createTestOpportunity(distributor.id, { createdById: dRep1.id });
    const path = `/opportunities/${opportunity.id}`;
    expect((await api("PATCH", path, { token: await token(dRep1), body: { ownerId: dRep2.id } })).status).toBe(403);
    const outsider = await api("PATCH", path, { token: await token(dManager), body: { ownerId: sRep.id } });
    expect(outsider.status).toBe(422);
    expect(outsider.body.error.details).toEqual([{ path: "ownerId", message: "负责人必须是该合作伙伴的在职成员。" }]);
    const ok = await api("PATCH", path, { token: await token(dManager), body: { ownerId: dRep2.id, amount: "20000" } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ownerId: dRep2.id, amount: "20000.00" });
    expect((await api("GET", path, { token: await token(dRep1) })).status).toBe(404);
    expect((await api("GET", path, { token: await token(dRep2) })).status).toBe(200);
    const audit = await baseDb().auditLog.findFirstOrThrow({ where: { entityId: opportunity.id, action: "opportunity.updated" } });
    expect(audit.before).toEqual({ amount: "10000.00", ownerId: dRep1.id });
  });

  it("another partner's opportunity answers 404 to every route, exactly like a missing one, and is left unchanged", async () => {
    const theirs = await createTestOpportunity(competitor.id, { createdById: cAdmin.id, name: "竞争对手的商机" });
    const t = await token(dAdmin);
    for (const [method, suffix, body] of [
      ["GET", "", undefined],
      ["PATCH", "", { name: "hijacked", amount: "1" }],
      ["POST", "/move", { stageId: S.won }],
    ] as const) {
      const b = await api(method, `/opportunities/${theirs.id}${suffix}`, { token: t, body, headers: { "accept-language": "en" } });
      const missing = await api(method, `/opportunities/${randomUUID()}${suffix}`, { token: t, body, headers: { "accept-language": "en" } });
      expect(b.status).toBe(404);
      expect(b.body).toEqual(missing.body);
    }
    expect(await baseDb().opportunity.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ name: "竞争对手的商机", stageId: S.qualification });
  });

  it("a distributor's manager sees its sub-dealers' deals (filterable), a sub-dealer never the distributor's, a rep only their own", async () => {
    const mine = await createTestOpportunity(distributor.id, { createdById: dRep1.id });
    const colleague = await createTestOpportunity(distributor.id, { createdById: dRep2.id });
    const sub = await createTestOpportunity(subDealer.id, { createdById: sRep.id });
    const ids = async (user: TestPartnerUser, query = "") => {
      const response = await api("GET", `/opportunities?limit=200${query}`, { token: await token(user) });
      expect(response.status).toBe(200);
      return new Set(response.body.items.map((o: { id: string }) => o.id));
    };
    const seen = (set: Set<unknown>) => [mine.id, colleague.id, sub.id].filter((id) => set.has(id));
    expect(seen(await ids(dManager))).toEqual([mine.id, colleague.id, sub.id]);
    expect(seen(await ids(dManager, `&partnerId=${subDealer.id}`))).toEqual([sub.id]);
    expect(seen(await ids(sAdmin))).toEqual([sub.id]);
    expect(seen(await ids(dRep1))).toEqual([mine.id]);
    expect(seen(await ids(cAdmin, `&partnerId=${distributor.id}`))).toEqual([]);

    // The distributor's manager moves the sub-dealer's deal: its history row belongs to the sub-dealer.
    const moved = await api("POST", `/opportunities/${sub.id}/move`, { token: await token(dManager), body: { stageId: S.needs } });
    expect(moved.status).toBe(200);
    const change = await baseDb().opportunityStageChange.findFirstOrThrow({ where: { opportunityId: sub.id, toStageId: S.needs } });
    expect(change).toMatchObject({ partnerId: subDealer.id, changedById: dManager.id });
    expect(moved.body.partnerName).toBe(subDealer.name);
  });

  it("lists filter by status, stage, month and name, and page with a cursor", async () => {
    const partner = await createTestPartner();
    const rep = await createTestPartnerUser(partner.id, "rep");
    const month = thisMonth();
    const next = addMonths(month, 1);
    const t = await token(rep);
    const names: string[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await api("POST", "/opportunities", { token: t, body: { name: `商机${i}号`, amount: "100", expectedCloseDate: inMonth(i < 3 ? month : next) } });
      names.push(created.body.name);
    }
    const all = await api("GET", "/opportunities?limit=2", { token: t });
    const second = await api("GET", `/opportunities?limit=2&cursor=${all.body.nextCursor}`, { token: t });
    const third = await api("GET", `/opportunities?limit=2&cursor=${second.body.nextCursor}`, { token: t });
    expect([...all.body.items, ...second.body.items, ...third.body.items].map((o: { name: string }) => o.name)).toEqual([...names].reverse());
    expect(third.body.nextCursor).toBeNull();
    const inNext = await api("GET", `/opportunities?closeMonth=${next}`, { token: t });
    expect(inNext.body.items.map((o: { name: string }) => o.name).sort()).toEqual(["商机3号", "商机4号"]);
    expect((await api("GET", `/opportunities?q=${encodeURIComponent("2号")}`, { token: t })).body.items.map((o: { name: string }) => o.name)).toEqual(["商机2号"]);
    expect((await api("GET", `/opportunities?status=won`, { token: t })).body.items).toEqual([]);
    expect((await api("GET", `/opportunities?stageId=${S.qualification}`, { token: t })).body.items).toHaveLength(5);
    const bad = await api("GET", "/opportunities?closeMonth=2026-13", { token: t });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("closeMonth");
  });
});

describe("the board", () => {
  it("groups open deals by stage in board order with counts and sums, flags stuck ones, and loads more per column", async () => {
    const partner = await createTestPartner();
    const admin = await createTestPartnerUser(partner.id, "admin");
    const rep = await createTestPartnerUser(partner.id, "rep");
    const long = new Date(Date.now() - 100 * DAY);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const o = await createTestOpportunity(partner.id, { createdById: rep.id, stageId: S.needs, amount: new Prisma.Decimal(`${1000 + i}.25`), stageEnteredAt: new Date(Date.now() - i * 60_000) });
      made.push(o.id);
    }
    const stuck = await createTestOpportunity(partner.id, { createdById: admin.id, stageId: S.proposal, stageEnteredAt: long });
    const won = await createTestOpportunity(partner.id, { createdById: rep.id, stageId: S.won, status: "won", closedAt: new Date(), amount: new Prisma.Decimal("999") });
    await createTestOpportunity(partner.id, { createdById: rep.id, stageId: S.won, status: "won", closedAt: new Date(Date.now() - 90 * DAY), stageEnteredAt: new Date(Date.now() - 90 * DAY) });

    const board = await api("GET", "/opportunities/board?limit=2", { token: await token(admin) });
    expect(board.status).toBe(200);
    expect(board.body.columns.map((c: { stageId: string }) => c.stageId)).toEqual(Object.values(S));
    const needs = board.body.columns[1];
    expect(needs).toMatchObject({ stageName: "需求分析", count: 5, amount: "5011.25", weightedAmount: "1503.38", probability: 30 });
    // Newest arrival in the stage first.
    expect(needs.cards.map((c: { id: string }) => c.id)).toEqual([made[0], made[1]]);
    expect(needs.nextCursor).toBe(made[1]);
    const proposal = board.body.columns[2];
    expect(proposal.cards[0]).toMatchObject({ id: stuck.id, stuck: true, daysInStage: 100 });
    expect(needs.cards[0]).toMatchObject({ stuck: false, ownerId: rep.id, partnerName: expect.any(String) });
    // Won column: what closed in the last 30 days only.
    expect(board.body.columns[4]).toMatchObject({ count: 1, amount: "999.00", weightedAmount: "0.00" });
    expect(board.body.columns[4].cards[0].id).toBe(won.id);

    const more = await api("GET", `/opportunities/board/${S.needs}?limit=2&cursor=${needs.nextCursor}`, { token: await token(admin) });
    expect(more.body.cards.map((c: { id: string }) => c.id)).toEqual([made[2], made[3]]);
    const last = await api("GET", `/opportunities/board/${S.needs}?limit=2&cursor=${more.body.nextCursor}`, { token: await token(admin) });
    expect(last.body).toMatchObject({ cards: [{ id: made[4] }], nextCursor: null });

    // The rep sees only their own deals; counts only with limit=0.
    const repBoard = await api("GET", "/opportunities/board?limit=0", { token: await token(rep) });
    expect(repBoard.body.columns.map((c: { count: number }) => c.count)).toEqual([0, 5, 0, 0, 1, 0]);
    expect(repBoard.body.columns.every((c: { cards: unknown[] }) => c.cards.length === 0)).toBe(true);
  });

  it("rolls up a distributor's sub-dealers, narrows to one, and answers 404 for another partner's pipeline", async () => {
    await createTestOpportunity(subDealer.id, { createdById: sRep.id, stageId: S.negotiation, amount: new Prisma.Decimal("700") });
    const t = await token(dAdmin);
    const all = await api("GET", "/opportunities/board?limit=50", { token: t });
    const subOnly = await api("GET", `/opportunities/board?limit=50&partnerId=${subDealer.id}`, { token: t });
    const negotiation = (body: { columns: Array<{ stageId: string; cards: Array<{ partnerId: string }> }> }) => body.columns.find((c) => c.stageId === S.negotiation)!;
    expect(negotiation(all.body).cards.some((c) => c.partnerId === subDealer.id)).toBe(true);
    expect(negotiation(subOnly.body).cards.every((c) => c.partnerId === subDealer.id)).toBe(true);
    const theirs = await createTestPipeline(competitor.id);
    const b = await api("GET", `/opportunities/board?pipelineId=${theirs.id}`, { token: t });
    const missing = await api("GET", `/opportunities/board?pipelineId=${randomUUID()}`, { token: t });
    expect(b.status).toBe(404);
    expect(b.body).toEqual(missing.body);
    const staff = await api("GET", "/opportunities/board", { token: await token(finance) });
    expect(staff.status).toBe(400);
    expect(staff.body.error.details[0].path).toBe("partnerId");
    expect((await api("GET", `/opportunities/board?partnerId=${subDealer.id}`, { token: await token(finance) })).status).toBe(200);
  });
});

describe("the forecast", () => {
  it("weights open amounts by stage probability per expected close month, with overdue and undated apart", async () => {
    const partner = await createTestPartner();
    const rep = await createTestPartnerUser(partner.id, "rep");
    const month = thisMonth();
    const date = (m: string) => new Date(`${m}-10T00:00:00Z`);
    await createTestOpportunity(partner.id, { createdById: rep.id, stageId: S.qualification, amount: new Prisma.Decimal("10000"), expectedCloseDate: date(month) });
    await createTestOpportunity(partner.id, { createdById: rep.id, stageId: S.negotiation, amount: new Prisma.Decimal("20000"), expectedCloseDate: date(month) });
    await createTestOpportunity(partner.id, { createdById: rep.id, stageId: S.proposal, amount: new Prisma.Decimal("3000.10"), expectedCloseDate: date(addMonths(month, 2)) });
    await createTestOpportunity(partner.id, { createdById: rep.id, stageId: S.proposal, amount: new Prisma.Decimal("500"), expectedCloseDate: date(addMonths(month, -2)) });
    await createTestOpportunity(partner.id, { createdById: rep.id, stageId: S.needs, amount: new Prisma.Decimal("400"), expectedCloseDate: null });
    await createTestOpportunity(partner.id, { createdById: rep.id, stageId: S.lost, status: "lost", closedAt: new Date(), amount: new Prisma.Decimal("77777") });

    const response = await api("GET", "/opportunities/forecast?months=3", { token: await token(rep) });
    expect(response.status).toBe(200);
    expect(response.body.fromMonth).toBe(month);
    expect(response.body.months).toEqual([
      { month, openCount: 2, openAmount: "30000.00", weightedAmount: "16000.00", wonCount: 0, wonAmount: "0.00" },
      { month: addMonths(month, 1), openCount: 0, openAmount: "0.00", weightedAmount: "0.00", wonCount: 0, wonAmount: "0.00" },
      { month: addMonths(month, 2), openCount: 1, openAmount: "3000.10", weightedAmount: "1500.05", wonCount: 0, wonAmount: "0.00" },
    ]);
    expect(response.body.overdue).toEqual({ openCount: 1, openAmount: "500.00", weightedAmount: "250.00" });
    expect(response.body.undated).toEqual({ openCount: 1, openAmount: "400.00", weightedAmount: "120.00" });
    expect((await api("GET", `/opportunities/forecast?fromMonth=${addMonths(month, 2)}&months=1`, { token: await token(rep) })).body.overdue.openCount).toBe(3);
  });
});
