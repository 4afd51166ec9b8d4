/**
 * Demo data of the manufacturing plugin (`qudao.manufacturing`) for the demo equipment dealer, written
 * through the plugin services exactly as people would enter it — so every compute and validate hook of
 * the installed plugin runs on it (prices from the tier price list, totals, approval, serial formats,
 * warranty, SLA due times, stock checks):
 *
 * - the platform's master data (platform admin): product lines, products, options, the silver and gold
 *   price lists with volume breaks, the dealer's credit account;
 * - the dealer's quotes in every stage: drafts, one pending the manager's approval (a 12 % discount),
 *   an approved one, one converted to an order (the platform order follows from the plugin's event hook
 *   once the worker runs), a rejected one;
 * - the installed base with a machine → spindle hierarchy, in and out of warranty; service tickets, one
 *   of them overdue (escalated by the plugin's schedule), one resolved with parts used and a warranty
 *   claim; dealer stock with a stock receipt.
 *
 * Called by demo-plugins.ts after the plugin is installed for the partner, outside any transaction.
 */
import type { Actor, PartnerActor, PlatformActor } from "../actor/index.ts";
import { runAsActor } from "../db/index.ts";
import { createCustomRecord, moveCustomRecordStage, updateCustomRecord } from "../modules/plugins/index.ts";
import type { IndustryDemoContext } from "./demo-plugins.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

type DemoUser = IndustryDemoContext["admin"];

function partnerActor(ctx: IndustryDemoContext, user: DemoUser, role: "admin" | "manager" | "rep"): PartnerActor {
  return { kind: "partner", userId: user.id, email: user.email, name: user.name, partnerId: ctx.partner.id, role, visiblePartnerIds: [ctx.partner.id], via: "script" };
}

function platformActor(ctx: IndustryDemoContext): PlatformActor {
  const { id, email, name } = ctx.platformAdmin;
  return { kind: "platform", userId: id, email, name, roles: ["admin"], via: "script" };
}

/** The China calendar date `days` from now (YYYY-MM-DD). */
function chinaDate(now: Date, days = 0): string {
  return new Date(now.getTime() + days * DAY_MS + 8 * HOUR_MS).toISOString().slice(0, 10);
}

export type ManufacturingDemoSummary = { masterRecords: number; dealerRecords: number; quotes: number; tickets: number };

export async function seedManufacturingDemo(ctx: IndustryDemoContext): Promise<ManufacturingDemoSummary> {
  const { now } = ctx;
  // Names follow the installed plugin's namespace (`qudao.manufacturing` → `qudao_manufacturing__…`).
  const ns = ctx.pluginId.replace(/\./g, "_");
  const obj = (name: string) => `${ns}__${name}`;
  const QUOTE_STATUS = `${ns}__quoteStatus`;
  const TICKET_STATUS = `${ns}__ticketStatus`;
  const staff = platformActor(ctx);
  const admin = partnerActor(ctx, ctx.admin, "admin");
  const manager = partnerActor(ctx, ctx.manager, "manager");
  const [rep1User, rep2User] = ctx.reps;
  if (!rep1User || ctx.customers.length < 4) throw new Error("seedManufacturingDemo: the demo dealer needs a rep and four customers");
  const rep1 = partnerActor(ctx, rep1User, "rep");
  const rep2 = rep2User ? partnerActor(ctx, rep2User, "rep") : rep1;
  const customer = (i: number) => ctx.customers[i % ctx.customers.length]!.id;
  let masterRecords = 0;
  let dealerRecords = 0;

  const create = async (actor: Actor, object: string, values: Record<string, unknown>): Promise<string> => {
    const record = await runAsActor(actor, () => createCustomRecord(actor, { object: obj(object), values }));
    if (actor.kind === "platform") masterRecords += 1;
    else dealerRecords += 1;
    return record.id;
  };
  const move = (actor: Actor, id: string, pipeline: string, stage: string) => runAsActor(actor, () => moveCustomRecordStage(actor, { id, pipeline, stage }));

  // ---- Master data (the manufacturer's) ------------------------------------------------------
  const year = chinaDate(now).slice(0, 4);
  const lathes = await create(staff, "productLine", { name: "数控车床", code: "cnc-lathe", serialFormat: "CK-####-AA####", warrantyMonths: 12, active: true });
  const centres = await create(staff, "productLine", { name: "立式加工中心", code: "machining-center", serialFormat: "VMC-####-AA####", warrantyMonths: 12, active: true });
  const parts = await create(staff, "productLine", { name: "备件与附件", code: "spare-parts", serialFormat: "SP-########", warrantyMonths: 6, active: true });

  const product = (values: Record<string, unknown>) => create(staff, "product", { unit: "台", active: true, description: null, warrantyMonths: null, ...values });
  const ck6150 = await product({ model: "CK6150", name: "数控车床 Φ500", kind: "machine", listPrice: "268000.00", productLine: lathes, warrantyMonths: 18, description: "最大回转直径 500 mm，最大加工长度 1000 mm，FANUC 0i-TF 系统。" });
  const ck6140 = await product({ model: "CK6140", name: "数控车床 Φ400", kind: "machine", listPrice: "198000.00", productLine: lathes, warrantyMonths: 18 });
  await product({ model: "CK6136", name: "数控车床 Φ360（停产）", kind: "machine", listPrice: "158000.00", productLine: lathes, active: false });
  const vmc850 = await product({ model: "VMC850", name: "立式加工中心 850", kind: "machine", listPrice: "368000.00", productLine: centres, description: "工作台 1000×500 mm，主轴 BT40 10000 rpm，24 把刀库。" });
  const vmc1060 = await product({ model: "VMC1060", name: "立式加工中心 1060", kind: "machine", listPrice: "528000.00", productLine: centres });
  const spindle = await product({ model: "SP-6150-01", name: "主轴总成", kind: "part", unit: "件", listPrice: "18500.00", productLine: parts });
  const lubePump = await product({ model: "SP-LB-01", name: "导轨润滑泵", kind: "part", unit: "件", listPrice: "1650.00", productLine: parts });
  const chuck = await product({ model: "SP-HC-200", name: "液压卡盘 200", kind: "accessory", unit: "件", listPrice: "9800.00", productLine: parts });

  const option = (productId: string, code: string, name: string, priceDelta: string) => create(staff, "productOption", { product: productId, code, name, priceDelta, active: true });
  const hydraulicChuck = await option(ck6150, "HYD", "液压卡盘", "12800.00");
  const autoLube = await option(ck6150, "LUB", "自动润滑", "3650.50");
  await option(ck6150, "CHP", "链板排屑器", "6800.00");
  await option(ck6140, "HYD", "液压卡盘", "11200.00");
  const fourthAxis = await option(vmc850, "A4", "第四轴数控转台", "45000.00");
  await option(vmc850, "T30", "刀库升级 30 把", "18000.00");
  await option(vmc1060, "A4", "第四轴数控转台", "52000.00");

  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const silver = await create(staff, "priceList", { name: `银牌经销价 ${year}`, tier: "silver", validFrom: from, validTo: to, active: true, notes: "适用于银牌经销商；阶梯价按单张报价的数量计算。" });
  const gold = await create(staff, "priceList", { name: `金牌经销价 ${year}`, tier: "gold", validFrom: from, validTo: to, active: true, notes: null });
  const priceBreak = (priceList: string, values: Record<string, unknown>) => create(staff, "priceBreak", { product: null, productLine: null, unitPrice: null, discountPercent: null, ...values, priceList });
  await priceBreak(silver, { name: "CK6150 单台 95 折", product: ck6150, minQuantity: 1, discountPercent: "5" });
  await priceBreak(silver, { name: "CK6150 5 台起一口价", product: ck6150, minQuantity: 5, unitPrice: "249000.00" });
  await priceBreak(silver, { name: "CK6150 10 台起 91 折", product: ck6150, minQuantity: 10, discountPercent: "9" });
  await priceBreak(silver, { name: "数控车床 3 台起 94 折", productLine: lathes, minQuantity: 3, discountPercent: "6" });
  await priceBreak(silver, { name: "加工中心 97 折", productLine: centres, minQuantity: 1, discountPercent: "3" });
  await priceBreak(silver, { name: "加工中心 2 台起 95 折", productLine: centres, minQuantity: 2, discountPercent: "5" });
  await priceBreak(silver, { name: "备件 9 折", productLine: parts, minQuantity: 1, discountPercent: "10" });
  await priceBreak(gold, { name: "金牌全线 92 折", minQuantity: 1, discountPercent: "8" });
  await priceBreak(gold, { name: "金牌全线 5 台起 89 折", minQuantity: 5, discountPercent: "11" });

  await create(staff, "creditAccount", { name: `${ctx.partner.name} 信用账户`, partner: ctx.partner.id, creditLimit: "3000000.00", paymentTermsDays: 60, onHold: false, notes: "年度授信，季度复核。" });

  // ---- The dealer's stock -------------------------------------------------------------------
  const stock = (productId: string, quantityOnHand: number, reorderLevel: number, location: string) => create(admin, "dealerStock", { product: productId, quantityOnHand, reorderLevel, location });
  await stock(spindle, 3, 2, "A-01-02");
  await stock(lubePump, 6, 3, "A-02-05");
  await stock(chuck, 2, 1, "A-03-01");
  await stock(ck6150, 2, 1, "展厅");
  await create(admin, "stockReceipt", { reference: `NB-SH-${year}-1102`, product: lubePump, quantity: 4, receivedOn: chinaDate(now, -10), notes: "厂家月度补货" });

  // ---- Quotes ---------------------------------------------------------------------------------
  const validUntil = chinaDate(now, 30);
  const terms = { paymentTerms: "预付 30%，发货前付清余款", deliveryTerms: "合同签订后 45 天内送货到厂，含安装调试" };
  const quote = (actor: Actor, subject: string, customerIndex: number, contactName: string) =>
    create(actor, "quote", { subject, customer: customer(customerIndex), contactName, validUntil, ...terms, notes: null });
  const line = (actor: Actor, quoteId: string, values: Record<string, unknown>) =>
    create(actor, "quoteLine", { option1: null, option2: null, option3: null, lineDiscountPercent: null, notes: null, ...values, quote: quoteId });

  // Pending approval: a 12 % line discount is above the 10 % threshold.
  const pending = await quote(rep1, "CK6150 数控车床三台（带液压卡盘）", 0, "周工");
  await line(rep1, pending, { product: ck6150, option1: hydraulicChuck, option2: autoLube, quantity: 3, lineDiscountPercent: "12", notes: "客户要求年底前交货" });
  await line(rep1, pending, { product: spindle, quantity: 1 });
  await move(rep1, pending, QUOTE_STATUS, "pendingApproval");

  // Approved by the manager, ready to become an order.
  const approved = await quote(rep1, "VMC850 加工中心（带第四轴）", 1, "陈经理");
  await line(rep1, approved, { product: vmc850, option1: fourthAxis, quantity: 1, lineDiscountPercent: "5" });
  await move(rep1, approved, QUOTE_STATUS, "pendingApproval");
  await move(manager, approved, QUOTE_STATUS, "approved");

  // Ordered: the plugin turns it into a platform order (commissions apply) when the worker runs.
  const ordered = await quote(rep1, "CK6140 数控车床两台", 2, "林厂长");
  await line(rep1, ordered, { product: ck6140, quantity: 2, lineDiscountPercent: "3" });
  await move(rep1, ordered, QUOTE_STATUS, "pendingApproval");
  await move(manager, ordered, QUOTE_STATUS, "approved");
  await move(rep1, ordered, QUOTE_STATUS, "ordered");

  // Rejected: 18 % off two VMC1060 was too much.
  const rejected = await quote(rep2, "VMC1060 加工中心两台", 3, "吴总");
  await line(rep2, rejected, { product: vmc1060, quantity: 2, lineDiscountPercent: "18" });
  await move(rep2, rejected, QUOTE_STATUS, "pendingApproval");
  await move(manager, rejected, QUOTE_STATUS, "rejected");

  // Drafts.
  const draft = await quote(rep2, "备件补货：主轴与润滑泵", 3, "吴总");
  await line(rep2, draft, { product: spindle, quantity: 2 });
  await line(rep2, draft, { product: lubePump, quantity: 5 });
  const draft2 = await quote(rep1, "CK6150 五台批量报价", 0, "周工");
  await line(rep1, draft2, { product: ck6150, option1: autoLube, quantity: 5 });

  // ---- Installed base ---------------------------------------------------------------------------
  const serialYear = (daysAgo: number) => chinaDate(now, -daysAgo).slice(0, 4);
  const equipment = (values: Record<string, unknown>) => create(admin, "equipment", { parent: null, warrantyMonths: null, status: "operating", notes: null, ...values });
  const lathe = await equipment({ serialNumber: `CK-${serialYear(200)}-NB0317`, product: ck6150, customer: customer(0), location: "宁波市鄞州区 2 号车间", installDate: chinaDate(now, -200) });
  await equipment({ serialNumber: "SP-03170001", product: spindle, customer: customer(0), parent: lathe, location: "宁波市鄞州区 2 号车间", installDate: chinaDate(now, -200) });
  const newCentre = await equipment({ serialNumber: `VMC-${serialYear(30)}-NB0042`, product: vmc1060, customer: customer(0), location: "宁波市鄞州区 5 号车间", installDate: chinaDate(now, -30) });
  const oldCentre = await equipment({ serialNumber: `VMC-${serialYear(600)}-YY0108`, product: vmc850, customer: customer(1), location: "余姚市经济开发区 1 号厂房", installDate: chinaDate(now, -600) });
  await equipment({ serialNumber: `CK-${serialYear(900)}-CX0776`, product: ck6140, customer: customer(2), location: "慈溪市观海卫镇", installDate: chinaDate(now, -900), notes: "已过质保，签有年度保养合同。" });

  // ---- Service ------------------------------------------------------------------------------------
  const ticket = (values: Record<string, unknown>) => create(admin, "serviceTicket", { description: null, technician: null, resolution: null, ...values });
  // Overdue: a high-priority call from 20 hours ago (8-hour SLA), on site.
  const overdue = await ticket({ subject: "主轴异响，加工件表面有振纹", equipment: lathe, priority: "high", reportedAt: new Date(now.getTime() - 20 * HOUR_MS).toISOString(), technician: "李建国", description: "客户反映高速时主轴异响，工件表面粗糙度变差。" });
  await move(admin, overdue, TICKET_STATUS, "assigned");
  await move(admin, overdue, TICKET_STATUS, "onSite");
  // Urgent, due within the hour's SLA window.
  const urgent = await ticket({ subject: "液压夹具夹紧压力不足", equipment: newCentre, priority: "urgent", reportedAt: new Date(now.getTime() - HOUR_MS).toISOString(), technician: "周海" });
  await move(admin, urgent, TICKET_STATUS, "assigned");
  await ticket({ subject: "数控系统报警 ALM 401", equipment: oldCentre, priority: "normal", reportedAt: new Date(now.getTime() - 2 * HOUR_MS).toISOString() });
  // Resolved within its SLA, with a part used and a warranty claim.
  const resolved = await ticket({ subject: "导轨润滑泵不出油", equipment: lathe, priority: "low", reportedAt: new Date(now.getTime() - 48 * HOUR_MS).toISOString(), technician: "李建国" });
  await move(admin, resolved, TICKET_STATUS, "assigned");
  await move(admin, resolved, TICKET_STATUS, "onSite");
  await runAsActor(admin, () => updateCustomRecord(admin, { id: resolved, values: { resolution: "润滑泵电机烧毁，已更换新泵并加注导轨油，试机正常。" } }));
  await move(admin, resolved, TICKET_STATUS, "resolved");
  await create(admin, "partUsage", { ticket: resolved, part: lubePump, quantity: 1, notes: "旧泵返厂" });
  await create(admin, "warrantyClaim", { subject: "润滑泵质保更换", ticket: resolved, description: "设备在质保期内，润滑泵电机烧毁，更换新泵。", laborAmount: "600.00", decisionNote: null });

  return { masterRecords, dealerRecords, quotes: 6, tickets: 4 };
}
