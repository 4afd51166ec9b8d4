/**
 * The manufacturing plugin running in the host for a dealer, on a real database: the builtin directory
 * packed as shipped (id and namespace renamed: test files share one database), uploaded with its
 * sandbox tests as the review check, approved, installed by the dealer's admin — then the demo data
 * (seed/demo-manufacturing.ts) entered through the plugin services. Every save runs the plugin's
 * compute and validate hooks with their reads (tier price list and volume breaks, quote totals and
 * approval, serial formats, warranty, SLA), so the stored values are what a dealer would see. Then the
 * event and schedule hooks run as the worker would run them: the ordered quote becomes a platform order
 * (attributed to the dealer, its number back on the quote), overdue tickets are escalated, parts used
 * and received move the stock; and a rep's approval, an order above the credit limit, the quote PDF and
 * the dealer's reports behave as a user would expect.
 */
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor, PartnerActor } from "../../actor/index.ts";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { baseDb, disconnectDb, runAsActor } from "../../db/index.ts";
import { isDomainError } from "../../errors/index.ts";
import { translator } from "../../i18n/index.ts";
import { apiToken, createTestDeveloper, createTestPartner, createTestPartnerUser, createTestPlatformUser } from "../../testing/index.ts";
import { installTestPlugin } from "../../testing/plugin-factories.ts";
import { packBuiltinPluginAs } from "../../testing/builtin-plugin-package.ts";
import { createCustomRecord, flushHookStats, moveCustomRecordStage, renderRecordDocument, resetPluginHost, runPluginHookJob, runReport } from "../plugins/index.ts";
import { registerCustomer } from "../registrations/index.ts";
import { presentTask } from "../tasks/tasks.service.ts";
import { seedManufacturingDemo } from "../../seed/demo-manufacturing.ts";
import type { IndustryDemoContext } from "../../seed/demo-plugins.ts";

const tag = randomBytes(4).toString("hex").replace(/^\d/, "a");
const PLUGIN_ID = `qudao.manufacturing${tag}`;
const NS = `qudao_manufacturing${tag}`;
const o = (name: string) => `${NS}__${name}`;
const QUOTE_STATUS = o("quoteStatus");
const TICKET_STATUS = o("ticketStatus");
const en = translator("en");

let ctx: IndustryDemoContext;
let installId: string;
let rep: PartnerActor, manager: PartnerActor;
const now = new Date();

type Row = { id: string; partnerId: string | null; values: Record<string, unknown>; closedAt: Date | null };
async function records(object: string): Promise<Row[]> {
  const rows = await baseDb().customObjectRecord.findMany({ where: { pluginId: PLUGIN_ID, object: o(object) }, orderBy: { id: "asc" } });
  return rows.map((r) => ({ id: r.id, partnerId: r.partnerId, values: r.values as Record<string, unknown>, closedAt: r.closedAt }));
}
async function one(object: string, field: string, value: unknown): Promise<Row> {
  const row = (await records(object)).find((r) => r.values[field] === value);
  if (!row) throw new Error(`no ${object} with ${field} = ${String(value)}`);
  return row;
}

/** Run every hook subscribed to the outbox events of `type` (optionally of one record) as the worker would. */
async function runHooks(type: string, hook: string, aggregateId?: string) {
  const events = await baseDb().outboxEvent.findMany({ where: { type, ...(aggregateId ? { aggregateId } : {}) }, orderBy: { id: "asc" } });
  const results = [];
  for (const event of events) {
    if ((event.payload as { pluginId?: string }).pluginId && (event.payload as { pluginId?: string }).pluginId !== PLUGIN_ID) continue;
    results.push(
      await runPluginHookJob({
        installId,
        hook,
        event: { id: event.id, name: event.type, occurredAt: event.createdAt.toISOString(), partnerId: event.partnerId, aggregateType: event.aggregateType, aggregateId: event.aggregateId, payload: event.payload as Record<string, unknown> },
      }),
    );
  }
  return results;
}

/** The refusal of a save as the user reads it (English). */
async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (isDomainError(error)) return error.details.map((d) => String(en(d.message, (d as { params?: Record<string, unknown> }).params ?? {}))).join(" | ");
    throw error;
  }
  return "saved";
}

beforeAll(async () => {
  const [developer, reviewer, platformAdmin] = await Promise.all([createTestDeveloper(), createTestPlatformUser(["reviewer"]), createTestPlatformUser(["admin"])]);
  const partner = await createTestPartner({ tier: "silver", name: `宁波精工 ${tag}` });
  const [admin, managerUser, rep1, rep2] = await Promise.all([
    createTestPartnerUser(partner.id, "admin"),
    createTestPartnerUser(partner.id, "manager"),
    createTestPartnerUser(partner.id, "rep"),
    createTestPartnerUser(partner.id, "rep"),
  ]);
  const { pkg } = await packBuiltinPluginAs("manufacturing", tag);
  const installed = await installTestPlugin({
    pkg: pkg as never,
    tokens: { developer: await apiToken(developer), reviewer: await apiToken(reviewer), platformAdmin: await apiToken(platformAdmin), partnerAdmin: await apiToken(admin) },
  });
  installId = installed.installId;
  const adminActor = (await actorForUserId(admin.id, "session"))!.actor;
  const customers = [];
  for (const name of ["宁波华科模具有限公司", "余姚正泰精密机械有限公司", "慈溪恒远五金有限公司", "北仑港机配件有限公司"]) {
    const decision = await runAsActor(adminActor, () =>
      registerCustomer(adminActor, { customer: { kind: "company", name: `${name}${tag}`, phone: `137${String(randomInt(0, 1e8)).padStart(8, "0")}`, city: "宁波" } }, "zh-CN", new Date(now.getTime() - 400 * 86_400_000)),
    );
    expect(decision.status).toBe("accepted");
    customers.push({ id: decision.customerId!, name });
  }
  const user = (u: { id: string; email: string; name: string | null }) => ({ id: u.id, email: u.email, name: u.name ?? u.email });
  ctx = { now, pluginId: PLUGIN_ID, installId, partner: { id: partner.id, name: partner.name }, admin: user(admin), manager: user(managerUser), reps: [user(rep1), user(rep2)], customers, platformAdmin: user(platformAdmin) };
  rep = { kind: "partner", userId: rep1.id, email: rep1.email, name: rep1.email, partnerId: partner.id, role: "rep", visiblePartnerIds: [partner.id], via: "script" };
  manager = { kind: "partner", userId: managerUser.id, email: managerUser.email, name: managerUser.email, partnerId: partner.id, role: "manager", visiblePartnerIds: [partner.id], via: "script" };
  await seedManufacturingDemo(ctx);
}, 300_000);

afterAll(async () => {
  await flushHookStats();
  resetPluginHost();
  await disconnectDb();
});

describe("the demo dealer's data, entered through the plugin's hooks", () => {
  it("master data are platform records; the dealer's records are its own", async () => {
    expect((await records("product")).every((r) => r.partnerId === null)).toBe(true);
    expect((await records("priceBreak")).length).toBe(9);
    expect((await records("quote")).every((r) => r.partnerId === ctx.partner.id)).toBe(true);
  });

  it("quote lines are priced from the silver list's breaks, to the cent, and the quote totals follow", async () => {
    const pending = await one("quote", "subject", "CK6150 数控车床三台（带液压卡盘）");
    const lines = (await records("quoteLine")).filter((l) => l.values.quote === pending.id);
    // 268 000 + 12 800 + 3 650.50 = 284 450.50, the CK6150 single-unit break 5 % → 270 227.98, 12 % off → 237 800.62 × 3.
    expect(lines.map((l) => [l.values.item, l.values.unitPrice, l.values.netUnitPrice, l.values.amount]).sort()).toEqual(
      [
        ["CK6150 数控车床 Φ500 + 液压卡盘 + 自动润滑", "270227.98", "237800.62", "713401.86"],
        ["SP-6150-01 主轴总成", "16650.00", "16650.00", "16650.00"],
      ].sort(),
    );
    expect(pending.values).toMatchObject({ [QUOTE_STATUS]: "pendingApproval", lineCount: 2, listTotal: "871851.50", total: "730051.86", maxDiscountPercent: "12.00", needsApproval: true, submittedBy: ctx.reps[0]!.id });
    expect(String(pending.values.quoteNumber)).toMatch(/^BJ-\d{14}-\d{3}$/);
  });

  it("the manager's approval is recorded with the approved total; the ordered quote is closed as won", async () => {
    const approved = await one("quote", "subject", "VMC850 加工中心（带第四轴）");
    expect(approved.values).toMatchObject({ [QUOTE_STATUS]: "approved", total: "380579.50", needsApproval: false, approvedBy: ctx.manager.id, approvedTotal: "380579.50" });
    const ordered = await one("quote", "subject", "CK6140 数控车床两台");
    expect(ordered.values).toMatchObject({ [QUOTE_STATUS]: "ordered", total: "384120.00" });
    expect(ordered.closedAt).not.toBeNull();
    expect((await one("quote", "subject", "VMC1060 加工中心两台")).values).toMatchObject({ [QUOTE_STATUS]: "rejected", total: "822624.00" });
  });

  it("equipment has its warranty end and 'in warranty' from the product's or line's months", async () => {
    const lathe = (await records("equipment")).find((e) => String(e.values.serialNumber).endsWith("NB0317"))!;
    expect(lathe.values.inWarranty).toBe(true);
    expect(typeof lathe.values.warrantyEnd).toBe("string");
    const old = (await records("equipment")).find((e) => String(e.values.serialNumber).endsWith("YY0108"))!;
    expect(old.values).toMatchObject({ inWarranty: false });
    const spindle = await one("equipment", "serialNumber", "SP-03170001");
    expect(spindle.values.parent).toBe(lathe.id);
  });

  it("tickets carry their SLA due time; the overdue one is overdue, the resolved one met its SLA, its claim is priced", async () => {
    const overdue = await one("serviceTicket", "subject", "主轴异响，加工件表面有振纹");
    expect(overdue.values).toMatchObject({ [TICKET_STATUS]: "onSite", slaStatus: "overdue", inWarranty: true });
    expect(Date.parse(String(overdue.values.dueAt)) - Date.parse(String(overdue.values.reportedAt))).toBe(8 * 3_600_000);
    expect((await one("serviceTicket", "subject", "导轨润滑泵不出油")).values).toMatchObject({ [TICKET_STATUS]: "resolved", slaStatus: "met" });
    expect((await one("warrantyClaim", "subject", "润滑泵质保更换")).values).toMatchObject({ partsAmount: "1650.00", amount: "2250.00", [o("claimStatus")]: "submitted" });
  });
});

describe("the worker's hooks", () => {
  it("the ordered quote becomes a platform order of the dealer, at the lines' net prices, and the quote shows its number", async () => {
    const ordered = await one("quote", "subject", "CK6140 数控车床两台");
    const results = await runHooks(`${o("quote")}.stageChanged`, "onQuoteStageChanged", ordered.id);
    expect(results.every((r) => r.outcome === "ok" && r.refused === 0)).toBe(true);
    const order = await baseDb().order.findFirstOrThrow({ where: { externalId: { endsWith: `QDM-Q-${ordered.id}` } }, include: { items: true } });
    expect(order).toMatchObject({ attributedPartnerId: ctx.partner.id, customerId: ctx.customers[2]!.id });
    expect(order.total.toFixed(2)).toBe("384120.00");
    expect(order.items.map((i) => [i.sku, i.category, i.quantity.toFixed(), i.unitPrice.toFixed(2)])).toEqual([["CK6140", "cnc-lathe", "2", "192060.00"]]);
    expect((order.customFields as Record<string, unknown>)[o("quoteNumber")]).toBe(ordered.values.quoteNumber);
    // Running it again is a no-op (idempotent by the quote's id).
    await runHooks(`${o("quote")}.stageChanged`, "onQuoteStageChanged", ordered.id);
    expect(await baseDb().order.count({ where: { externalId: { endsWith: `QDM-Q-${ordered.id}` } } })).toBe(1);
    await runHooks("order.ingested", "linkOrderToQuote", order.id);
    expect((await one("quote", "subject", "CK6140 数控车床两台")).values.orderNumber).toBe(order.externalId);
  });

  it("overdue tickets are escalated once: marked, the managers notified", async () => {
    const result = await runPluginHookJob({ installId, hook: "escalateOverdueTickets", event: { id: `schedule:${now.toISOString()}`, name: "schedule", occurredAt: new Date().toISOString(), partnerId: ctx.partner.id, aggregateType: "PluginInstall", aggregateId: installId, payload: {} } });
    // Four intents for the one overdue ticket: the mark, the notification, the task, the automation event.
    expect(result).toEqual({ outcome: "ok", applied: 4, refused: 0 });
    const overdue = await one("serviceTicket", "subject", "主轴异响，加工件表面有振纹");
    expect(typeof overdue.values.escalatedAt).toBe("string");
    expect(await baseDb().notification.count({ where: { userId: { in: [ctx.manager.id, ctx.admin.id] }, type: "plugin.notify" } })).toBeGreaterThanOrEqual(2);
    expect(await baseDb().outboxEvent.count({ where: { type: `${PLUGIN_ID}.ticketOverdue`, partnerId: ctx.partner.id } })).toBe(1);
    // The task's title is the plugin's, in each reader's language.
    const task = await baseDb().task.findFirstOrThrow({ where: { partnerId: ctx.partner.id, titleKey: "plugins.task.title", params: { path: ["zh_CN"], string_contains: "主轴异响，加工件表面有振纹" } }, include: { assignee: { select: { name: true } } } });
    expect(task.title).toBeNull();
    expect([presentTask(task, "zh-CN").displayTitle, presentTask(task, "zh-TW").displayTitle, presentTask(task, "en").displayTitle]).toEqual([
      "处理超期工单：主轴异响，加工件表面有振纹",
      "處理逾期工單：主轴异响，加工件表面有振纹",
      "Handle the overdue ticket: 主轴异响，加工件表面有振纹",
    ]);
    const again = await runPluginHookJob({ installId, hook: "escalateOverdueTickets", event: { id: `schedule:${new Date(now.getTime() + 900_000).toISOString()}`, name: "schedule", occurredAt: new Date().toISOString(), partnerId: ctx.partner.id, aggregateType: "PluginInstall", aggregateId: installId, payload: {} } });
    expect(again).toMatchObject({ outcome: "ok", applied: 0 });
  });

  it("a rep submitting a quote while the worker patches its totals (after the line was added): both land, no conflict", async () => {
    const ck6150 = await one("product", "model", "CK6150");
    const customer = (await one("quote", "subject", "CK6150 五台批量报价")).values.customer;
    // The two writes race for real: each round, the move and the hook's patch are in flight together.
    for (let round = 0; round < 6; round += 1) {
      const quote = await runAsActor(rep, () =>
        createCustomRecord(rep, { object: o("quote"), values: { subject: `赛跑 ${round}`, customer, contactName: "周工", validUntil: new Date(now.getTime() + 30 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10), paymentTerms: "预付", deliveryTerms: "送货", notes: null } }),
      );
      const line = await runAsActor(rep, () =>
        createCustomRecord(rep, { object: o("quoteLine"), values: { quote: quote.id, product: ck6150.id, quantity: 1, option1: null, option2: null, option3: null, lineDiscountPercent: null, notes: null } }),
      );
      const [moved, hooks] = await Promise.all([
        runAsActor(rep, () => moveCustomRecordStage(rep, { id: quote.id, pipeline: QUOTE_STATUS, stage: "pendingApproval" })),
        runHooks(`${o("quoteLine")}.created`, "refreshQuoteTotals", line.id),
      ]);
      expect(moved.values[QUOTE_STATUS]).toBe("pendingApproval");
      expect(hooks).toEqual([expect.objectContaining({ outcome: "ok", refused: 0 })]);
      const stored = (await records("quote")).find((r) => r.id === quote.id)!;
      // The hook's patch never puts the submitted quote back to draft, and the totals are the line's.
      expect(stored.values).toMatchObject({ [QUOTE_STATUS]: "pendingApproval", lineCount: 1, total: "254600.00" });
    }
  });

  it("parts used leave the stock and a receipt adds to it", async () => {
    const pump = await one("dealerStock", "item", "SP-LB-01 导轨润滑泵");
    expect(pump.values.quantityOnHand).toBe(6);
    await runHooks(`${o("partUsage")}.created`, "consumeStock");
    expect((await one("dealerStock", "item", "SP-LB-01 导轨润滑泵")).values.quantityOnHand).toBe(5);
    await runHooks(`${o("stockReceipt")}.created`, "receiveStock");
    expect((await one("dealerStock", "item", "SP-LB-01 导轨润滑泵")).values.quantityOnHand).toBe(9);
  });

  it("three parts used at once each leave the stock: the worker's hooks do not subtract from the same reading", async () => {
    const spindleStock = (await records("dealerStock")).find((r) => String(r.values.item).startsWith("SP-6150-01"))!;
    const onHand = spindleStock.values.quantityOnHand as number;
    expect(onHand).toBeGreaterThanOrEqual(3);
    const ticket = await one("serviceTicket", "subject", "主轴异响，加工件表面有振纹");
    const usages = [];
    for (let i = 0; i < 3; i += 1) {
      usages.push(await runAsActor(manager, () => createCustomRecord(manager, { object: o("partUsage"), values: { ticket: ticket.id, part: spindleStock.values.product, quantity: 1, notes: `换件 ${i}` } })));
    }
    // The worker runs a tenant's hook jobs side by side (BullMQ concurrency): all three at once.
    const results = await Promise.all(usages.map((usage) => runHooks(`${o("partUsage")}.created`, "consumeStock", usage.id)));
    expect(results.flat().map((r) => r.outcome)).toEqual(["ok", "ok", "ok"]);
    expect((await records("dealerStock")).find((r) => r.id === spindleStock.id)!.values.quantityOnHand).toBe(onHand - 3);
  });
});

describe("what users are refused, in their words", () => {
  it("a rep cannot approve a quote above the threshold; the manager can", async () => {
    const pending = await one("quote", "subject", "CK6150 数控车床三台（带液压卡盘）");
    const message = await refusal(() => runAsActor(rep, () => moveCustomRecordStage(rep, { id: pending.id, pipeline: QUOTE_STATUS, stage: "approved" })));
    expect(message).toBe(
      "A total of 730051.86 CNY with a largest line discount of 12.00% is above the approval threshold (10% discount, 500000.00 CNY): a manager or admin must approve it.",
    );
    expect(await refusal(() => runAsActor(manager, () => moveCustomRecordStage(manager, { id: pending.id, pipeline: QUOTE_STATUS, stage: "approved" })))).toBe("saved");
  });

  it("an order above the dealer's credit limit is refused with the numbers", async () => {
    const vmc1060 = await one("product", "model", "VMC1060");
    const quote = await runAsActor(rep, () => createCustomRecord(rep, { object: o("quote"), values: { subject: `VMC1060 六台 ${randomUUID().slice(0, 4)}`, customer: ctx.customers[3]!.id, validUntil: new Date(now.getTime() + 20 * 86_400_000).toISOString().slice(0, 10) } }));
    await runAsActor(rep, () => createCustomRecord(rep, { object: o("quoteLine"), values: { quote: quote.id, product: vmc1060.id, quantity: 6 } }));
    await runAsActor(rep, () => moveCustomRecordStage(rep, { id: quote.id, pipeline: QUOTE_STATUS, stage: "pendingApproval" }));
    await runAsActor(manager, () => moveCustomRecordStage(manager, { id: quote.id, pipeline: QUOTE_STATUS, stage: "approved" }));
    // 6 × 501 600.00 = 3 009 600.00 on top of the 384 120.00 order: above the 3 000 000.00 limit.
    const message = await refusal(() => runAsActor(rep, () => moveCustomRecordStage(rep, { id: quote.id, pipeline: QUOTE_STATUS, stage: "ordered" })));
    expect(message).toBe("Credit limit exceeded: limit 3000000.00 CNY, unpaid orders within the 60-day terms 384120.00 CNY, this order 3009600.00 CNY, available 2615880.00 CNY.");
  });

  it("a serial number outside its product line's format is refused", async () => {
    const ck6150 = await one("product", "model", "CK6150");
    const admin = (await actorForUserId(ctx.admin.id, "session"))!.actor as Actor;
    const message = await refusal(() =>
      runAsActor(admin, () => createCustomRecord(admin, { object: o("equipment"), values: { serialNumber: "ck-2026-nb0001", product: ck6150.id, customer: ctx.customers[0]!.id, location: "宁波", installDate: "2026-01-02" } })),
    );
    expect(message).toBe("The serial number ck-2026-nb0001 does not match the format CK-####-AA#### of the product line “数控车床” (# a digit, A an upper-case letter).");
  });

  it("a dealer cannot change the platform's catalog", async () => {
    const admin = (await actorForUserId(ctx.admin.id, "session"))!.actor as Actor;
    const line = await one("productLine", "code", "cnc-lathe");
    const message = await refusal(() => runAsActor(admin, () => createCustomRecord(admin, { object: o("product"), values: { model: "X1", name: "私有产品", kind: "machine", listPrice: "1.00", productLine: line.id } })));
    expect(message).toBe("The catalog, price lists and credit accounts are kept by the manufacturer; dealers can only view them.");
  });
});

describe("documents and reports", () => {
  it("the quote's PDF renders", async () => {
    const pending = await one("quote", "subject", "CK6150 数控车床三台（带液压卡盘）");
    const document = await runAsActor(rep, () => renderRecordDocument(rep, o("quote"), pending.id, "zh-CN", { compress: false }));
    expect(document.contentType).toBe("application/pdf");
    expect(document.bytes.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("the open-tickets report lists the dealer's open tickets, overdue first", async () => {
    const result = await runAsActor(manager, () => runReport(manager, { report: o("openTickets"), params: {} }));
    expect(result.rows.length).toBe(3);
    expect(result.rows[0]).toMatchObject({ overdue: true, priority: "high", stage: "onSite" });
  });

  it("the stock report shows the dealer's stock and what was sold on ordered quotes", async () => {
    const result = await runAsActor(manager, () => runReport(manager, { report: o("stockSellThrough"), params: {} }));
    const ck6140 = await one("product", "model", "CK6140");
    expect(result.rows.find((r) => r.product === ck6140.id)).toMatchObject({ sold: 2, soldAmount: "384120.00", onHand: 0 });
  });
});
