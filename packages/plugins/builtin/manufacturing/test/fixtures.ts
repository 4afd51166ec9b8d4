/**
 * Fixture records shared by the tests: a small catalog (two product lines, a lathe with options, a spare
 * part), a gold-tier price list with volume breaks, a dealer with a credit account, and helpers to build
 * hook contexts. Ids are fixed uuids so expectations can name them.
 */
import type { RecordData, invoke } from "@qudao/plugins/sdk";
import { OBJ, QUOTE_STATUS, TICKET_STATUS } from "../src/model.ts";

export type Ctx = Parameters<typeof invoke>[1];

export const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

export const DEALER = id(900);
export const OTHER_DEALER = id(901);
export const REP = { userId: id(910), role: "rep", partnerId: DEALER };
export const MANAGER = { userId: id(911), role: "manager", partnerId: DEALER };
export const ADMIN = { userId: id(912), role: "admin", partnerId: DEALER };
export const STAFF = { userId: id(913), role: "admin", partnerId: null };
export const CUSTOMER = id(920);
export const OTHER_CUSTOMER = id(921);

export const LATHES = id(1);
export const PARTS = id(2);
export const LATHE = id(10);
export const SPINDLE = id(11);
export const OLD_LATHE = id(12);
export const CHUCK = id(20);
export const LUBE = id(21);
export const RETIRED_OPTION = id(22);
export const SPINDLE_OPTION = id(23);
export const GOLD_LIST = id(30);
export const OLD_GOLD_LIST = id(31);
export const SILVER_LIST = id(32);

export const partner = (tier = "gold"): RecordData => ({ id: DEALER, object: "partner", name: "华东精工", tier, territory: "华东", parentId: null });

export const catalog: RecordData[] = [
  { id: LATHES, object: OBJ.productLine, name: "数控车床", code: "cnc-lathe", serialFormat: "CK-####-AA####", warrantyMonths: 12, active: true, partnerId: null },
  { id: PARTS, object: OBJ.productLine, name: "备件", code: "spare-parts", serialFormat: "SP########", warrantyMonths: 6, active: true, partnerId: null },
  { id: LATHE, object: OBJ.product, model: "CK6150", name: "数控车床", kind: "machine", listPrice: "268000.00", productLine: LATHES, warrantyMonths: 18, active: true, partnerId: null },
  { id: SPINDLE, object: OBJ.product, model: "SP-6150-01", name: "主轴总成", kind: "part", listPrice: "18500.00", productLine: PARTS, warrantyMonths: null, active: true, partnerId: null },
  { id: OLD_LATHE, object: OBJ.product, model: "CK6136", name: "数控车床（停产）", kind: "machine", listPrice: "158000.00", productLine: LATHES, warrantyMonths: null, active: false, partnerId: null },
  { id: CHUCK, object: OBJ.productOption, product: LATHE, code: "HYD", name: "液压卡盘", priceDelta: "12800.00", active: true, partnerId: null },
  { id: LUBE, object: OBJ.productOption, product: LATHE, code: "LUB", name: "自动润滑", priceDelta: "3650.50", active: true, partnerId: null },
  { id: RETIRED_OPTION, object: OBJ.productOption, product: LATHE, code: "OLD", name: "手动尾座", priceDelta: "-1200.00", active: false, partnerId: null },
  { id: SPINDLE_OPTION, object: OBJ.productOption, product: SPINDLE, code: "CER", name: "陶瓷轴承", priceDelta: "2400.00", active: true, partnerId: null },
];

/** Gold 2026: CK6150 at 8 % off from 1, 248 000.00 fixed from 5, 11 % off from 10; every lathe 5 % off from 3; the whole list 2 % off. */
export const priceLists: RecordData[] = [
  { id: GOLD_LIST, object: OBJ.priceList, name: "金牌价目表 2026", tier: "gold", validFrom: "2026-01-01", validTo: "2026-12-31", active: true, partnerId: null },
  { id: OLD_GOLD_LIST, object: OBJ.priceList, name: "金牌价目表 2025", tier: "gold", validFrom: "2025-01-01", validTo: null, active: true, partnerId: null },
  { id: SILVER_LIST, object: OBJ.priceList, name: "银牌价目表 2026", tier: "silver", validFrom: "2026-01-01", validTo: null, active: true, partnerId: null },
  { id: id(40), object: OBJ.priceBreak, priceList: GOLD_LIST, name: "CK6150 单台", product: LATHE, productLine: null, minQuantity: 1, unitPrice: null, discountPercent: "8", partnerId: null },
  { id: id(41), object: OBJ.priceBreak, priceList: GOLD_LIST, name: "CK6150 5 台起", product: LATHE, productLine: null, minQuantity: 5, unitPrice: "248000.00", discountPercent: null, partnerId: null },
  { id: id(42), object: OBJ.priceBreak, priceList: GOLD_LIST, name: "CK6150 10 台起", product: LATHE, productLine: null, minQuantity: 10, unitPrice: null, discountPercent: "11", partnerId: null },
  { id: id(43), object: OBJ.priceBreak, priceList: GOLD_LIST, name: "车床 3 台起", product: null, productLine: LATHES, minQuantity: 3, unitPrice: null, discountPercent: "5", partnerId: null },
  { id: id(44), object: OBJ.priceBreak, priceList: GOLD_LIST, name: "全部 2%", product: null, productLine: null, minQuantity: 1, unitPrice: null, discountPercent: "2", partnerId: null },
  { id: id(45), object: OBJ.priceBreak, priceList: OLD_GOLD_LIST, name: "2025 旧价", product: LATHE, productLine: null, minQuantity: 1, unitPrice: "200000.00", discountPercent: null, partnerId: null },
  { id: id(46), object: OBJ.priceBreak, priceList: SILVER_LIST, name: "银牌 3%", product: null, productLine: null, minQuantity: 1, unitPrice: null, discountPercent: "3", partnerId: null },
];

export const CREDIT = id(50);
export const creditAccount = (over: Record<string, unknown> = {}): RecordData => ({ id: CREDIT, object: OBJ.creditAccount, name: "华东精工 信用账户", partner: DEALER, creditLimit: "1000000.00", paymentTermsDays: 60, onHold: false, partnerId: null, ...over });

export const QUOTE = id(100);
export const quote = (over: Record<string, unknown> = {}): RecordData => ({
  id: QUOTE,
  object: OBJ.quote,
  partnerId: DEALER,
  subject: "苏州精密 CK6150 三台",
  quoteNumber: "BJ-20260105090000-000",
  customer: CUSTOMER,
  contactName: "王工",
  validUntil: "2026-02-28",
  paymentTerms: "预付 30%，发货前付清",
  deliveryTerms: "合同签订后 45 天",
  notes: null,
  lineCount: 1,
  listTotal: "804000.00",
  total: "739680.00",
  maxDiscountPercent: "0.00",
  needsApproval: true,
  submittedBy: null,
  approvedBy: null,
  approvedAt: null,
  approvedTotal: null,
  orderedAt: null,
  orderNumber: null,
  [QUOTE_STATUS]: "draft",
  ...over,
});

export const line = (n: number, over: Record<string, unknown> = {}): RecordData => ({
  id: id(200 + n),
  object: OBJ.quoteLine,
  partnerId: DEALER,
  quote: QUOTE,
  product: LATHE,
  option1: null,
  option2: null,
  option3: null,
  quantity: 1,
  lineDiscountPercent: null,
  notes: null,
  ...over,
});

export const EQUIPMENT = id(300);
export const equipment = (n: number, over: Record<string, unknown> = {}): RecordData => ({
  id: id(300 + n),
  object: OBJ.equipment,
  partnerId: DEALER,
  serialNumber: `CK-2025-AB${String(1000 + n)}`,
  product: LATHE,
  customer: CUSTOMER,
  parent: null,
  location: "苏州工业园区 3 号厂房",
  installDate: "2025-03-10",
  warrantyMonths: null,
  warrantyEnd: "2026-09-09",
  inWarranty: true,
  status: "operating",
  ...over,
});

export const ticket = (n: number, over: Record<string, unknown> = {}): RecordData => ({
  id: id(400 + n),
  object: OBJ.serviceTicket,
  partnerId: DEALER,
  subject: `主轴异响 ${n}`,
  equipment: id(300),
  priority: "high",
  technician: "李师傅",
  resolution: null,
  reportedAt: "2026-01-04T01:00:00.000Z",
  dueAt: "2026-01-04T09:00:00.000Z",
  slaStatus: "onTrack",
  escalatedAt: null,
  resolvedAt: null,
  inWarranty: true,
  [TICKET_STATUS]: "assigned",
  ...over,
});
