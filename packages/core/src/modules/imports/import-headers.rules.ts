/**
 * Which column is which: a file's header row, in Chinese (Simplified or Traditional) or English, as
 * people and other systems write it (姓名 / 联系人 / Name, 手机号码 / 联系电话 / Mobile …), turned
 * into a suggested mapping field → column. Pure; the user confirms or changes the suggestion.
 */
import { toHalfWidth, toSimplified } from "../identity/index.ts";
import { importFields, type TImportEntity, type TImportMapping } from "./imports.schemas.ts";

/** Lower-case, half-width, Simplified; no spaces, punctuation, "required" marks or bracketed hints. */
export function normaliseHeader(header: string): string {
  const text = toSimplified(toHalfWidth(header.normalize("NFKC")))
    .toLowerCase()
    // Hints people add to headers: 手机（必填）, Email (optional), *姓名
    .replace(/[(（[【][^)）\]】]*[)）\]】]/g, "")
    .replace(/必填|选填|可选|required|optional/g, "");
  return text.replace(/[\s*＊:：_\-–—./\\·'"`]+/g, "");
}

/** Header words per field, already normalised (Traditional spellings become Simplified above). */
const SYNONYMS: Record<TImportEntity, Record<string, readonly string[]>> = {
  leads: {
    name: ["姓名", "名字", "联系人", "联系人姓名", "客户姓名", "线索名称", "线索", "称呼", "name", "fullname", "contact", "contactname", "contactperson", "leadname"],
    company: ["公司", "公司名称", "公司名", "企业", "企业名称", "单位", "单位名称", "工作单位", "客户名称", "机构", "company", "companyname", "organization", "organisation", "account", "accountname"],
    phone: ["手机", "手机号", "手机号码", "电话", "电话号码", "联系电话", "联系方式", "移动电话", "座机", "phone", "phonenumber", "mobile", "mobilephone", "cellphone", "cell", "tel", "telephone"],
    email: ["邮箱", "电子邮箱", "邮件", "电子邮件", "邮箱地址", "电邮", "email", "emailaddress", "mail"],
    source: ["来源", "线索来源", "客户来源", "渠道", "获客渠道", "source", "leadsource", "channel"],
    notes: ["备注", "说明", "描述", "备注信息", "notes", "note", "remark", "remarks", "comment", "comments", "memo", "description"],
  },
  customers: {
    kind: ["客户类型", "类型", "客户性质", "主体类型", "kind", "type", "customertype", "customerkind"],
    name: ["客户名称", "客户", "公司名称", "公司", "企业名称", "企业", "单位名称", "名称", "姓名", "客户姓名", "name", "customer", "customername", "company", "companyname"],
    phone: ["手机", "手机号", "手机号码", "电话", "电话号码", "联系电话", "移动电话", "座机", "phone", "phonenumber", "mobile", "mobilephone", "cellphone", "tel", "telephone"],
    email: ["邮箱", "电子邮箱", "邮件", "电子邮件", "邮箱地址", "电邮", "email", "emailaddress", "mail"],
    uscc: ["统一社会信用代码", "社会信用代码", "信用代码", "统一信用代码", "纳税人识别号", "税号", "uscc", "creditcode", "unifiedsocialcreditcode", "socialcreditcode", "taxid"],
    city: ["城市", "所在城市", "所在地", "地区", "所在地区", "城市地区", "city", "location", "region"],
    note: ["备注", "说明", "描述", "报备说明", "备注信息", "note", "notes", "remark", "remarks", "comment", "comments", "memo"],
  },
  // Headers of ERP and shop exports, and the API's own field names (externalId, unitPrice…).
  orders: {
    externalId: ["订单号", "订单编号", "外部订单号", "订单单号", "单号", "销售单号", "externalid", "orderno", "ordernumber", "orderid", "order"],
    customerId: ["客户id", "客户编号", "客户编码", "客户标识", "customerid", "customer", "clientid"],
    orderedAt: ["下单时间", "下单日期", "订单时间", "订单日期", "成交时间", "orderedat", "orderdate", "ordertime", "orderdatetime", "date"],
    currency: ["币种", "货币", "币别", "currency", "currencycode"],
    sku: ["sku", "商品编码", "商品编号", "产品编码", "产品编号", "物料编码", "物料号", "货号", "itemcode", "productcode"],
    category: ["品类", "类别", "商品类别", "产品类别", "商品分类", "产品分类", "分类", "category", "productcategory"],
    quantity: ["数量", "购买数量", "销售数量", "件数", "quantity", "qty"],
    unitPrice: ["单价", "销售单价", "价格", "含税单价", "unitprice", "price"],
  },
  order_refunds: {
    orderExternalId: ["订单号", "原订单号", "订单编号", "外部订单号", "orderexternalid", "orderno", "ordernumber", "orderid", "order"],
    externalId: ["退款号", "退款单号", "退款编号", "退货单号", "externalid", "refundexternalid", "refundno", "refundnumber", "refundid", "refund"],
    amount: ["退款金额", "金额", "退款额", "amount", "refundamount"],
    refundedAt: ["退款时间", "退款日期", "refundedat", "refunddate", "refundtime", "date"],
  },
  // A plugin object's headers are its fields' names and labels (plugin-record-import.rules.ts).
  plugin_records: {},
};

/** How well a header names a field: 3 exact, 2 the header contains a word of it (联系人手机 ⊃ 手机), 0 not at all. */
export function headerScore(entity: TImportEntity, field: string, header: string): number {
  const normalised = normaliseHeader(header);
  if (!normalised) return 0;
  const words = SYNONYMS[entity][field] ?? [];
  if (words.includes(normalised)) return 3;
  // Only words of two or more characters, so "名" or "tel" alone inside a longer header does not count.
  if (words.some((word) => word.length >= 2 && normalised.includes(word))) return 2;
  return 0;
}

/**
 * The suggested mapping: every field gets the best-scoring column not taken by a better match;
 * exact matches win over partial ones, and on a tie the leftmost column wins. Unmatched fields map to null.
 */
export function suggestMapping(entity: TImportEntity, headers: readonly string[]): TImportMapping {
  const candidates: Array<{ field: string; column: number; score: number; order: number }> = [];
  importFields(entity).forEach(({ field }, order) => {
    headers.forEach((header, column) => {
      const score = headerScore(entity, field, header);
      if (score > 0) candidates.push({ field, column, score, order });
    });
  });
  candidates.sort((a, b) => b.score - a.score || a.column - b.column || a.order - b.order);
  const mapping: TImportMapping = Object.fromEntries(importFields(entity).map(({ field }) => [field, null]));
  const taken = new Set<number>();
  for (const candidate of candidates) {
    if (mapping[candidate.field] !== null || taken.has(candidate.column)) continue;
    mapping[candidate.field] = candidate.column;
    taken.add(candidate.column);
  }
  return mapping;
}
