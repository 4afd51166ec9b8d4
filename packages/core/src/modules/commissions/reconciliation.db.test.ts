/**
 * Reconciliation of a period against a real database (2016-03, a month no other test file uses):
 * a plan in force, orders ingested through /api/v1 (attributed to two partners, one unattributed),
 * refunds, statements generated, one approved and partly paid. The figures come out to the cent;
 * a line altered or deleted in the database, an order re-attributed after generation and a payout
 * on an unapproved statement each show up as a finding with its rows; every figure's drill-down
 * lists the right rows; the CSV and XLSX exports carry the figures; only finance reads it.
 */
import { randomInt, randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../actor/index.ts";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { baseDb, disconnectDb, runAsActor } from "../../db/index.ts";
import { env } from "../../env/index.ts";
import { api, apiToken, createTestPartner, createTestPartnerUser, createTestPlatformUser, type TestPartnerUser } from "../../testing/index.ts";
import { exportList } from "../exports/index.ts";
import { registerCustomer } from "../registrations/index.ts";
import { periodBounds } from "./periods.rules.ts";
import { generatePartnerStatement, generationContext, loadPlanVersions } from "./statement-generation.service.ts";

afterAll(disconnectDb);

const PERIOD = "2016-03";
const { start, end } = periodBounds(PERIOD, env().PLATFORM_TIMEZONE);
const MINUTE = 60_000;
/** An instant `days` days (and some minutes) into the period. */
const inPeriod = (days: number, minutes = 0) => new Date(start.getTime() + days * 86_400_000 + minutes * MINUTE);

let finance: string;
let financeActor: Actor;
let channel: string;
let partnerA: { id: string; tier: "gold" };
let partnerB: { id: string; tier: "bronze" };
let adminA: TestPartnerUser;
let adminB: TestPartnerUser;
const ids = { o1: "", o2: "", o3: "", o4: "", o2Item: "", o3Item: "", statementA: "", statementB: "" };
const run = randomUUID().slice(0, 8);
const ext = (name: string) => `RECON-${run}-${name}`;

async function actorOf(userId: string): Promise<Actor> {
  return (await actorForUserId(userId, "session"))!.actor;
}

async function registeredAt(user: TestPartnerUser, at: Date): Promise<string> {
  const actor = await actorOf(user.id);
  const decision = await runAsActor(actor, () =>
    registerCustomer(actor, { customer: { kind: "company", name: `对账测试${randomUUID().slice(0, 8)}有限公司`, phone: `137${String(randomInt(0, 1e8)).padStart(8, "0")}`, city: "苏州" } }, "zh-CN", at),
  );
  expect(decision.status).toBe("accepted");
  return decision.customerId!;
}

async function order(name: string, customerId: string, orderedAt: Date, items: Array<{ sku: string; category: string; quantity: string; unitPrice: string }>) {
  const response = await api("POST", "/orders", { token: finance, body: { externalId: ext(name), customerId, orderedAt: orderedAt.toISOString(), currency: "CNY", items } });
  expect(response.status).toBe(201);
  return response.body as { id: string; attributedPartnerId: string | null; items: Array<{ id: string }> };
}

async function generate(partner: { id: string; tier: "gold" | "bronze" }): Promise<void> {
  await generatePartnerStatement(partner, PERIOD, generationContext(await loadPlanVersions()));
}

const reconciliation = async (lang = "zh-CN") => {
  const response = await api("GET", `/reconciliation/${PERIOD}`, { token: finance, headers: { "accept-language": lang } });
  expect(response.status).toBe(200);
  return response.body;
};
const rows = async (query: string) => {
  const response = await api("GET", `/reconciliation/${PERIOD}/lines?${query}`, { token: finance });
  expect(response.status).toBe(200);
  return response.body as { items: Array<Record<string, any>>; nextCursor: string | null };
};
const checkOf = (body: any, code: string) => body.checks.find((c: { code: string }) => c.code === code);

beforeAll(async () => {
  const financeUser = await createTestPlatformUser(["finance"]);
  finance = await apiToken(financeUser);
  financeActor = await actorOf(financeUser.id);
  channel = await apiToken(await createTestPlatformUser(["channel_manager"]));
  partnerA = { id: (await createTestPartner({ tier: "gold", name: `对账甲 ${run}` })).id, tier: "gold" };
  partnerB = { id: (await createTestPartner({ tier: "bronze", name: `对账乙 ${run}` })).id, tier: "bronze" };
  [adminA, adminB] = await Promise.all([createTestPartnerUser(partnerA.id, "admin"), createTestPartnerUser(partnerB.id, "admin")]);

  // The plan in force from the first hours of the period: 5 %, software 10 %.
  const plan = await api("POST", "/commission-plans", {
    token: finance,
    body: { name: `对账测试方案 ${run}`, effectiveFrom: new Date(start.getTime() + randomInt(1, 600) * MINUTE).toISOString(), rules: { rates: [{ rate: "0.05" }, { category: "software", rate: "0.10" }] } },
  });
  expect(plan.status).toBe(201);
  expect((await api("POST", `/commission-plans/${plan.body.id}/activate`, { token: finance })).status).toBe(200);

  const customerA = await registeredAt(adminA, new Date(start.getTime() - 10 * 86_400_000));
  const customerB = await registeredAt(adminB, new Date(start.getTime() - 10 * 86_400_000));
  const nobody = (await baseDb().customer.create({ data: { kind: "company", name: `对账无主客户 ${run}` } })).id;

  // O1 (A): 2 × 1000.00 software → 200.00; 0.5 × 99.99 = 49.995 (50.00 on the order) hardware → 2.50. Total 2050.00.
  const o1 = await order("O1", customerA, inPeriod(9), [
    { sku: "SW-1", category: "software", quantity: "2", unitPrice: "1000.00" },
    { sku: "HW-1", category: "hardware", quantity: "0.5", unitPrice: "99.99" },
  ]);
  // O2 (A): 3 × 333.33 = 999.99 hardware → 50.00.
  const o2 = await order("O2", customerA, inPeriod(12), [{ sku: "HW-2", category: "hardware", quantity: "3", unitPrice: "333.33" }]);
  // O3 (B): 1 × 500.00 software → 50.00.
  const o3 = await order("O3", customerB, inPeriod(14), [{ sku: "SW-3", category: "software", quantity: "1", unitPrice: "500.00" }]);
  // O4: nobody owned the customer → unattributed, 800.00.
  const o4 = await order("O4", nobody, inPeriod(15), [{ sku: "HW-4", category: "hardware", quantity: "1", unitPrice: "800.00" }]);
  expect([o1.attributedPartnerId, o2.attributedPartnerId, o3.attributedPartnerId, o4.attributedPartnerId]).toEqual([partnerA.id, partnerA.id, partnerB.id, null]);
  Object.assign(ids, { o1: o1.id, o2: o2.id, o3: o3.id, o4: o4.id, o2Item: o2.items[0]!.id, o3Item: o3.items[0]!.id });

  // Half of O1 refunded: clawback −1025 / 2050 × 202.50 = −101.25. 100.00 of O4 refunded: nobody to claw back from.
  expect((await api("POST", `/orders/${ext("O1")}/refunds`, { token: finance, body: { externalId: ext("R1"), amount: "1025.00", refundedAt: inPeriod(19).toISOString() } })).status).toBe(201);
  expect((await api("POST", `/orders/${ext("O4")}/refunds`, { token: finance, body: { externalId: ext("R2"), amount: "100.00", refundedAt: inPeriod(20).toISOString() } })).status).toBe(201);

  await generate(partnerA);
  await generate(partnerB);
  const statements = await baseDb().commissionStatement.findMany({ where: { period: PERIOD, partnerId: { in: [partnerA.id, partnerB.id] } } });
  ids.statementA = statements.find((s) => s.partnerId === partnerA.id)!.id;
  ids.statementB = statements.find((s) => s.partnerId === partnerB.id)!.id;

  // A's statement goes all the way to approved and is paid 100.00 of 151.25; B's is issued.
  const adminAToken = await apiToken(adminA);
  expect((await api("POST", `/statements/${ids.statementA}/issue`, { token: finance })).status).toBe(200);
  expect((await api("POST", `/statements/${ids.statementA}/confirm`, { token: adminAToken })).status).toBe(200);
  expect((await api("POST", `/statements/${ids.statementA}/approve`, { token: finance })).status).toBe(200);
  expect((await api("POST", `/statements/${ids.statementB}/issue`, { token: finance })).status).toBe(200);
  await baseDb().$transaction([
    baseDb().payout.create({ data: { partnerId: partnerA.id, statementId: ids.statementA, amount: "100.00", paidOn: new Date("2016-04-10"), reference: `BANK-${run}` } }),
    baseDb().commissionStatement.update({ where: { id: ids.statementA }, data: { paidAmount: "100.00" } }),
  ]);
}, 120_000);

describe("GET /reconciliation/{period}", () => {
  it("adds the period up to the cent, and every check passes (the base only differs by the items' rounding)", async () => {
    const body = await reconciliation();
    expect(body).toMatchObject({
      period: PERIOD,
      currency: "CNY",
      from: start.toISOString(),
      to: end.toISOString(),
      orders: {
        all: { count: 4, amount: "4349.99" },
        attributed: { count: 3, amount: "3549.99" },
        unattributed: { count: 1, amount: "800.00", drill: { list: "orders", query: { from: start.toISOString(), to: end.toISOString(), attribution: "unattributed" } } },
      },
      refunds: { all: { count: 2, amount: "1125.00" }, attributed: { count: 1, amount: "1025.00" }, unattributed: { count: 1, amount: "100.00" } },
      lines: {
        earn: { count: 4, amount: "302.50", drill: { list: "lines", query: { kind: "earn" } } },
        clawback: { count: 1, amount: "-101.25" },
        bonus: { count: 0, amount: "0.00" },
        cap: { count: 0, amount: "0.00" },
        adjustment: { count: 0, amount: "0.00" },
        total: { count: 5, amount: "201.25" },
      },
      earnBase: "3549.985",
      statements: { total: { count: 2, amount: "201.25" } },
      payouts: { approved: { count: 1, amount: "151.25" }, paid: { count: 1, amount: "100.00" }, outstanding: "51.25" },
      findings: 0,
    });
    const byStatus = Object.fromEntries(body.statements.byStatus.map((s: { status: string; count: number; amount: string }) => [s.status, [s.count, s.amount]]));
    expect(byStatus).toMatchObject({ approved: [1, "151.25"], issued: [1, "50.00"], draft: [0, "0.00"], paid: [0, "0.00"] });
    expect(body.checks.map((c: { code: string; ok: boolean }) => [c.code, c.ok])).toEqual([
      ["linesMatchStatements", true],
      ["earnLinesForItems", true],
      ["earnLinesStillAttributed", true],
      ["clawbacksForRefunds", true],
      ["earnBaseMatchesItems", true],
      ["payoutsMatchStatements", true],
    ]);
    const base = checkOf(body, "earnBaseMatchesItems");
    expect(base).toMatchObject({ expected: "3549.99", actual: "3549.985", difference: "-0.005" });
    expect(base.explanation).toBe("相差 -0.005 元，全部来自舍入：计佣基数按数量 × 单价精确计算，商品金额按行四舍六入五成双到分。");
    expect(checkOf(body, "payoutsMatchStatements")).toMatchObject({ expected: "51.25", actual: "51.25", difference: "0.00" });
    expect(checkOf(await reconciliation("en"), "earnLinesForItems").explanation).toBe("All 4 items of attributed orders have an earn line.");
  });

  it("a line's amount changed in the database: Σ lines ≠ Σ statement totals, naming the statement", async () => {
    await baseDb().$executeRaw`UPDATE "CommissionLine" SET amount = amount + 1.00 WHERE "partnerId" = ${partnerB.id}::uuid AND key = ${`earn:${ids.o3Item}`}`;
    try {
      const body = await reconciliation();
      expect(body.findings).toBe(1);
      const check = checkOf(body, "linesMatchStatements");
      expect(check).toMatchObject({ ok: false, expected: "201.25", actual: "202.25", difference: "1.00", count: 1, drill: { list: "lines", query: { issue: "statementMismatch" } } });
      expect(check.explanation).toContain("明细金额之和比对账单合计多 1.00 元；1 张对账单的合计与其明细不符");
      expect(check.reasons).toEqual([{ code: "totalDiffers", count: 1, amount: "1.00", message: "对账单合计与明细之和不符", drill: { list: "lines", query: { issue: "statementMismatch", reason: "totalDiffers" } } }]);
      const found = await rows("issue=statementMismatch");
      expect(found.items).toEqual([
        expect.objectContaining({ id: ids.statementB, subject: "statement", partnerId: partnerB.id, statementStatus: "issued", amount: "51.00", expected: "50.00", difference: "1.00", reason: { code: "totalDiffers", message: "对账单合计与明细之和不符" } }),
      ]);
      expect(checkOf(body, "earnBaseMatchesItems").ok).toBe(true);
    } finally {
      await baseDb().$executeRaw`UPDATE "CommissionLine" SET amount = amount - 1.00 WHERE "partnerId" = ${partnerB.id}::uuid AND key = ${`earn:${ids.o3Item}`}`;
    }
    expect((await reconciliation()).findings).toBe(0);
  });

  it("a line deleted from an approved statement: the item has no earn line, the statement is short, and the base check says why", async () => {
    const line = await baseDb().commissionLine.findFirstOrThrow({ where: { partnerId: partnerA.id, key: `earn:${ids.o2Item}` } });
    await baseDb().commissionLine.delete({ where: { id: line.id } });
    try {
      const body = await reconciliation();
      expect(checkOf(body, "linesMatchStatements")).toMatchObject({ ok: false, difference: "-50.00", count: 1 });
      expect(checkOf(body, "earnLinesForItems")).toMatchObject({
        ok: false,
        expected: "3549.99",
        actual: "2550.00",
        difference: "-999.99",
        count: 1,
        reasons: [expect.objectContaining({ code: "statementLocked", count: 1, amount: "999.99" })],
      });
      const base = checkOf(body, "earnBaseMatchesItems");
      expect(base).toMatchObject({ ok: false, actual: "2549.995", difference: "-999.995" });
      expect(Object.fromEntries(base.parts.map((p: { code: string; amount: string }) => [p.code, p.amount]))).toEqual({ rounding: "-0.005", missingItems: "-999.99", orphanLines: "0.00", changedBases: "0.00", unexplained: "0.00" });
      const missing = await rows("issue=missingEarn");
      expect(missing.items).toEqual([
        expect.objectContaining({
          id: ids.o2Item,
          subject: "orderItem",
          partnerId: partnerA.id,
          orderExternalId: ext("O2"),
          label: "HW-2",
          base: "999.99",
          amount: "999.99",
          statementStatus: "approved",
          reason: { code: "statementLocked", message: "该合作伙伴本期对账单已审批锁定：将作为调整计入下一个未结账期" },
        }),
      ]);
      expect((await rows("issue=missingEarn&reason=notGenerated")).items).toEqual([]);
    } finally {
      await baseDb().commissionLine.create({ data: line as never });
    }
    expect((await reconciliation()).findings).toBe(0);
  });

  it("an order re-attributed after generation: its earn line is listed as no longer attributed, and the base check names it", async () => {
    await baseDb().order.update({ where: { id: ids.o3 }, data: { attributedPartnerId: null, attributionReason: "NO_OWNER_AT_ORDER_TIME" } });
    try {
      const body = await reconciliation();
      expect(checkOf(body, "earnLinesStillAttributed")).toMatchObject({ ok: false, actual: "50.00", count: 1, reasons: [expect.objectContaining({ code: "nowUnattributed" })] });
      expect(body.orders.unattributed).toMatchObject({ count: 2, amount: "1300.00" });
      const orphan = await rows("issue=orphanEarn");
      expect(orphan.items).toEqual([expect.objectContaining({ subject: "line", kind: "earn", partnerId: partnerB.id, orderExternalId: ext("O3"), amount: "50.00", label: `earn:${ids.o3Item}`, reason: { code: "nowUnattributed", message: "订单现在未归属任何合作伙伴" } })]);
      expect(checkOf(body, "earnBaseMatchesItems").parts.find((p: { code: string }) => p.code === "orphanLines").amount).toBe("500.00");
    } finally {
      await baseDb().order.update({ where: { id: ids.o3 }, data: { attributedPartnerId: partnerB.id, attributionReason: null } });
    }
  });

  it("a refund recorded after generation has no clawback until the statement is generated again", async () => {
    expect((await api("POST", `/orders/${ext("O3")}/refunds`, { token: finance, body: { externalId: ext("R3"), amount: "100.00", refundedAt: inPeriod(25).toISOString() } })).status).toBe(201);
    const body = await reconciliation();
    expect(checkOf(body, "clawbacksForRefunds")).toMatchObject({ ok: false, expected: "1125.00", actual: "1025.00", difference: "-100.00", count: 1, reasons: [expect.objectContaining({ code: "notGenerated", count: 1, amount: "100.00" })] });
    expect((await rows("issue=missingClawback")).items).toEqual([expect.objectContaining({ subject: "refund", refundExternalId: ext("R3"), orderExternalId: ext("O3"), amount: "100.00", partnerId: partnerB.id })]);

    await generate(partnerB);
    const after = await reconciliation();
    expect(after.findings).toBe(0);
    // −100 / 500 × 50.00 = −10.00
    expect(after.lines.clawback).toMatchObject({ count: 2, amount: "-111.25" });
    expect(after.statements.total.amount).toBe("191.25");
  });

  it("a payout on a statement not yet approved: outstanding no longer matches the statements", async () => {
    const payout = await baseDb().payout.create({ data: { partnerId: partnerB.id, statementId: ids.statementB, amount: "5.00", paidOn: new Date("2016-04-12"), reference: `EARLY-${run}` } });
    try {
      const body = await reconciliation();
      expect(body.payouts).toMatchObject({ paid: { count: 2, amount: "105.00" }, outstanding: "46.25" });
      expect(checkOf(body, "payoutsMatchStatements")).toMatchObject({ ok: false, expected: "46.25", actual: "51.25", difference: "5.00", count: 1, reasons: [expect.objectContaining({ code: "paidAmountDiffers", count: 1 })] });
      expect((await rows("issue=payoutMismatch")).items).toEqual([expect.objectContaining({ id: ids.statementB, subject: "statement", amount: "5.00", expected: "0.00", difference: "5.00" })]);
      expect((await rows("list=payouts")).items.map((row) => [row.label, row.amount])).toEqual(expect.arrayContaining([[`BANK-${run}`, "100.00"], [`EARLY-${run}`, "5.00"]]));

      // Recorded on the statement too: the amounts agree, but it was paid before approval.
      await baseDb().commissionStatement.update({ where: { id: ids.statementB }, data: { paidAmount: "5.00" } });
      const recorded = await reconciliation();
      expect(checkOf(recorded, "payoutsMatchStatements")).toMatchObject({ ok: false, difference: "5.00", count: 1, reasons: [expect.objectContaining({ code: "paidBeforeApproval", message: "对账单尚未审批就有付款" })] });
    } finally {
      await baseDb().commissionStatement.update({ where: { id: ids.statementB }, data: { paidAmount: "0.00" } });
      await baseDb().payout.delete({ where: { id: payout.id } });
    }
    expect((await reconciliation()).findings).toBe(0);
  });
});

describe("drill-down lists", () => {
  it("the earn figure lists its lines with order and partner, page by page", async () => {
    const first = await rows("kind=earn&limit=3");
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).toBe(first.items[2]!.id);
    const second = await rows(`kind=earn&limit=3&cursor=${first.nextCursor}`);
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items];
    expect(all.map((row) => [row.orderExternalId, row.partnerId, row.amount]).sort()).toEqual(
      [
        [ext("O1"), partnerA.id, "200.00"],
        [ext("O1"), partnerA.id, "2.50"],
        [ext("O2"), partnerA.id, "50.00"],
        [ext("O3"), partnerB.id, "50.00"],
      ].sort(),
    );
    expect(all.every((row) => row.kind === "earn" && row.subject === "line" && row.partnerName)).toBe(true);
  });

  it("filters by partner and statement status; refunds by attribution; statements and payouts", async () => {
    expect((await rows(`partnerId=${partnerB.id}`)).items.map((row) => row.kind).sort()).toEqual(["clawback", "earn"]);
    expect((await rows("status=locked")).items.every((row) => row.partnerId === partnerA.id)).toBe(true);
    expect((await rows("status=locked")).items).toHaveLength(4);
    expect((await rows("list=refunds&attribution=unattributed")).items.map((row) => [row.refundExternalId, row.amount, row.partnerId])).toEqual([[ext("R2"), "100.00", null]]);
    expect((await rows("list=statements&status=locked")).items.map((row) => [row.id, row.amount, row.paid])).toEqual([[ids.statementA, "151.25", "100.00"]]);
  });

  it("the orders figures drill into GET /orders with the period's bounds", async () => {
    const body = await reconciliation();
    const query = new URLSearchParams(body.orders.unattributed.drill.query).toString();
    const orders = await api("GET", `/orders?${query}`, { token: finance });
    expect(orders.status).toBe(200);
    expect(orders.body.items.map((o: { externalId: string }) => o.externalId)).toEqual([ext("O4")]);
    const all = await api("GET", `/orders?${new URLSearchParams(body.orders.all.drill.query).toString()}`, { token: finance });
    expect(all.body.items.map((o: { externalId: string }) => o.externalId).sort()).toEqual([ext("O1"), ext("O2"), ext("O3"), ext("O4")]);
  });

  it("refuses bad filters with a translated message", async () => {
    const bad = await api("GET", `/reconciliation/${PERIOD}/lines?issue=nonsense`, { token: finance, headers: { "accept-language": "en" } });
    expect(bad.status).toBe(400);
    const period = await api("GET", "/reconciliation/2016-13", { token: finance, headers: { "accept-language": "zh-CN" } });
    expect(period.status).toBe(400);
    expect(JSON.stringify(period.body.error)).toContain("账期格式应为 YYYY-MM。");
  });
});

describe("who reads it", () => {
  it("finance only: channel managers and partners are refused", async () => {
    expect((await api("GET", `/reconciliation/${PERIOD}`, { token: channel })).status).toBe(403);
    expect((await api("GET", `/reconciliation/${PERIOD}/lines`, { token: await apiToken(adminA) })).status).toBe(403);
  });
});

describe("export", () => {
  it("CSV: the summary and the checks, in the reader's language", async () => {
    const file = await exportList(financeActor, "reconciliation", "csv", { period: PERIOD }, "zh-CN");
    expect(file.fileName).toMatch(/^对账-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = Buffer.from(await new Response(file.body).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").split("\r\n");
    expect(lines[0]).toBe("部分,项目,笔数,金额,应为,差额,结果,说明");
    expect(lines).toContain("订单,本期订单,4,4349.99,,,,");
    expect(lines).toContain("订单,未归属,1,800.00,,,,");
    expect(lines).toContain("佣金明细,退款扣回,2,-111.25,,,,");
    expect(lines).toContain("付款,待付款,,51.25,,,,");
    expect(lines.find((line) => line.startsWith("核对,明细合计 = 对账单合计,"))).toBe("核对,明细合计 = 对账单合计,0,191.25,191.25,0.00,一致,本期所有明细金额之和与对账单合计一致。");
  });

  it("XLSX: the same rows", async () => {
    const file = await exportList(financeActor, "reconciliation", "xlsx", { period: PERIOD }, "en");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await new Response(file.body).arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const values = sheet.getSheetValues().slice(1).map((row) => (Array.isArray(row) ? row.slice(1) : []));
    expect(values[0]).toEqual(["Section", "Item", "Count", "Amount", "Expected", "Difference", "Result", "Explanation"]);
    expect(values).toContainEqual(["Orders", "Orders of the period", 4, "4349.99"]);
    expect(values).toContainEqual(["Payouts", "Paid out", 1, "100.00"]);
    expect(values.find((row) => row[1] === "Σ commission base = Σ attributed item amounts")!.slice(2, 7)).toEqual([0, "3549.985", "3549.99", "-0.005", "Matches"]);
  });

  it("a channel manager may export lists, but not this one", async () => {
    const manager = await createTestPlatformUser(["channel_manager"]);
    await expect(exportList(await actorOf(manager.id), "reconciliation", "csv", { period: PERIOD }, "zh-CN")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
