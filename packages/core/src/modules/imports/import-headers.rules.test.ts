import { describe, expect, it } from "vitest";
import { headerScore, normaliseHeader, suggestMapping } from "./import-headers.rules.ts";

describe("normaliseHeader", () => {
  it.each([
    ["姓名", "姓名"],
    [" 姓 名 ", "姓名"],
    ["*姓名", "姓名"],
    ["手机（必填）", "手机"],
    ["Email (optional)", "email"],
    ["E-mail", "email"],
    ["ＥＭＡＩＬ", "email"],
    ["聯絡電話", "联络电话"],
    ["公司名稱", "公司名称"],
    ["Contact_Name", "contactname"],
    ["统一社会信用代码：", "统一社会信用代码"],
  ])("%s → %s", (header, expected) => {
    expect(normaliseHeader(header)).toBe(expected);
  });
});

describe("header recognition: leads", () => {
  it.each([
    ["姓名", "name"],
    ["联系人", "name"],
    ["联系人姓名", "name"],
    ["Name", "name"],
    ["Full Name", "name"],
    ["公司", "company"],
    ["公司名称", "company"],
    ["企业名称", "company"],
    ["工作单位", "company"],
    ["Company", "company"],
    ["公司名稱", "company"],
    ["手机", "phone"],
    ["手机号码", "phone"],
    ["电话", "phone"],
    ["联系电话", "phone"],
    ["手機", "phone"],
    ["Mobile", "phone"],
    ["Tel", "phone"],
    ["邮箱", "email"],
    ["电子邮件", "email"],
    ["電子郵件", "email"],
    ["E-mail", "email"],
    ["来源", "source"],
    ["线索来源", "source"],
    ["來源", "source"],
    ["Source", "source"],
    ["备注", "notes"],
    ["備註", "notes"],
    ["Remarks", "notes"],
    ["Notes", "notes"],
  ])("%s is recognised as %s", (header, field) => {
    const mapping = suggestMapping("leads", [header]);
    expect(mapping[field]).toBe(0);
    expect(Object.entries(mapping).filter(([, column]) => column === 0).map(([f]) => f)).toEqual([field]);
  });

  it.each(["序号", "创建时间", "状态", "负责人", "", "ID"])("%s is not imported", (header) => {
    const mapping = suggestMapping("leads", [header]);
    expect(Object.values(mapping).every((column) => column === null)).toBe(true);
  });
});

describe("header recognition: customers", () => {
  it.each([
    ["客户名称", "name"],
    ["公司名称", "name"],
    ["客戶名稱", "name"],
    ["Customer Name", "name"],
    ["统一社会信用代码", "uscc"],
    ["統一社會信用代碼", "uscc"],
    ["社会信用代码", "uscc"],
    ["税号", "uscc"],
    ["USCC", "uscc"],
    ["城市", "city"],
    ["所在城市", "city"],
    ["City", "city"],
    ["客户类型", "kind"],
    ["客戶類型", "kind"],
    ["Type", "kind"],
    ["手机", "phone"],
    ["邮箱", "email"],
    ["备注", "note"],
  ])("%s is recognised as %s", (header, field) => {
    expect(suggestMapping("customers", [header])[field]).toBe(0);
  });
});

describe("suggestMapping: orders and refunds (platform finance)", () => {
  it.each([
    [
      "the API's own field names",
      "orders",
      ["externalId", "customerId", "orderedAt", "currency", "sku", "category", "quantity", "unitPrice"],
      { externalId: 0, customerId: 1, orderedAt: 2, currency: 3, sku: 4, category: 5, quantity: 6, unitPrice: 7 },
    ],
    [
      "an ERP export in Chinese, with columns the import does not take",
      "orders",
      ["序号", "订单编号", "客户ID", "下单时间", "商品编码", "商品名称", "品类", "数量", "单价", "金额", "币种"],
      { externalId: 1, customerId: 2, orderedAt: 3, currency: 10, sku: 4, category: 6, quantity: 7, unitPrice: 8 },
    ],
    [
      "Traditional headers",
      "orders",
      ["訂單號", "客戶編號", "下單時間", "幣別", "SKU", "品類", "數量", "單價"],
      { externalId: 0, customerId: 1, orderedAt: 2, currency: 3, sku: 4, category: 5, quantity: 6, unitPrice: 7 },
    ],
    [
      "refunds: the API's names — the order's externalId and the refund's own are told apart",
      "order_refunds",
      ["orderExternalId", "externalId", "amount", "refundedAt"],
      { orderExternalId: 0, externalId: 1, amount: 2, refundedAt: 3 },
    ],
    ["refunds in Chinese", "order_refunds", ["退款单号", "原订单号", "退款金额", "退款时间"], { orderExternalId: 1, externalId: 0, amount: 2, refundedAt: 3 }],
  ] as const)("%s", (_name, entity, headers, expected) => {
    expect(suggestMapping(entity, headers)).toEqual(expected);
  });
});

describe("suggestMapping", () => {
  it("maps a typical Chinese sheet column by column", () => {
    expect(suggestMapping("leads", ["序号", "姓名", "公司名称", "手机号码", "邮箱", "线索来源", "备注"])).toEqual({
      name: 1,
      company: 2,
      phone: 3,
      email: 4,
      source: 5,
      notes: 6,
    });
  });

  it("maps an English export of another CRM", () => {
    expect(suggestMapping("leads", ["Lead Name", "Account Name", "Mobile Phone", "Email Address", "Lead Source", "Description"])).toEqual({
      name: 0,
      company: 1,
      phone: 2,
      email: 3,
      source: 4,
      notes: 5,
    });
  });

  it("prefers an exact header to one that only contains the word, and gives each column to one field", () => {
    // "联系人手机" contains 联系人 (name) and 手机 (phone); the exact 手机 column wins phone, the exact 联系人 wins name.
    expect(suggestMapping("leads", ["联系人手机", "手机", "联系人"])).toMatchObject({ name: 2, phone: 1 });
  });

  it("takes the leftmost of two equally good columns", () => {
    expect(suggestMapping("leads", ["电话", "手机"]).phone).toBe(0);
  });

  it("falls back to a header that contains a known word", () => {
    expect(suggestMapping("leads", ["客户联系电话（座机或手机）"]).phone).toBe(0);
  });

  it("maps the headers this app exports back to the same fields (export → edit → import)", () => {
    expect(suggestMapping("leads", ["姓名", "公司", "电话", "邮箱", "来源", "备注", "状态", "负责人", "合作伙伴", "创建时间"])).toMatchObject({
      name: 0,
      company: 1,
      phone: 2,
      email: 3,
      source: 4,
      notes: 5,
    });
  });

  it("scores exact 3, contained 2, unrelated 0", () => {
    expect(headerScore("leads", "phone", "手机")).toBe(3);
    expect(headerScore("leads", "phone", "联系人手机")).toBe(2);
    expect(headerScore("leads", "phone", "地址")).toBe(0);
  });
});
