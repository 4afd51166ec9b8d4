import { expect, invoke, test } from "@qudao/plugins/sdk";
import { OBJ } from "../src/model.ts";
import { DEALER, LATHE, LATHES, REP, STAFF, ADMIN, id } from "./fixtures.ts";

const platformOnly = (object: string) => [{ messageKey: "masterData.platformOnly", params: { object } }];

test("a dealer's user cannot create master data; platform staff can", () => {
  const product = { model: "CK6150", name: "数控车床", kind: "machine", listPrice: "268000.00", productLine: LATHES, active: true };
  expect(invoke("checkProduct", { actor: REP, recordPartnerId: DEALER, record: product })).toEqual(platformOnly("product"));
  expect(invoke("checkProduct", { actor: ADMIN, recordPartnerId: DEALER, record: product })).toEqual(platformOnly("product"));
  expect(invoke("checkProduct", { actor: STAFF, recordPartnerId: null, record: product })).toEqual([]);
  expect(invoke("checkCreditAccount", { actor: ADMIN, recordPartnerId: DEALER, record: { name: "x", partner: DEALER, creditLimit: "1", paymentTermsDays: 30 } })).toEqual(platformOnly("creditAccount"));
  expect(invoke("checkProductOption", { actor: REP, recordPartnerId: DEALER, record: { product: LATHE } })).toEqual(platformOnly("productOption"));
  expect(invoke("checkPriceList", { actor: REP, recordPartnerId: DEALER, record: { name: "x", tier: "gold", validFrom: "2026-01-01" } })).toEqual(platformOnly("priceList"));
});

test("a product line's code and serial format are checked", () => {
  const ok = { name: "数控车床", code: "cnc-lathe", serialFormat: "CK-####-AA####", warrantyMonths: 12 };
  expect(invoke("checkProductLine", { actor: STAFF, record: ok })).toEqual([]);
  expect(invoke("checkProductLine", { actor: STAFF, record: { ...ok, code: "数控 车床" } })).toEqual([{ field: "code", messageKey: "productLine.codeFormat" }]);
  expect(invoke("checkProductLine", { actor: STAFF, record: { ...ok, serialFormat: "CK-2025" } })).toEqual([{ field: "serialFormat", messageKey: "productLine.serialFormatInvalid" }]);
  expect(invoke("checkProductLine", { actor: STAFF, record: { ...ok, serialFormat: "C#" } })).toEqual([{ field: "serialFormat", messageKey: "productLine.serialFormatInvalid" }]);
});

test("a product model is usable as an order SKU", () => {
  expect(invoke("checkProduct", { actor: STAFF, record: { model: "SP-6150/01.A" } })).toEqual([]);
  expect(invoke("checkProduct", { actor: STAFF, record: { model: "CK 6150" } })).toEqual([{ field: "model", messageKey: "product.modelFormat" }]);
});

test("a price list cannot end before it starts", () => {
  expect(invoke("checkPriceList", { actor: STAFF, record: { validFrom: "2026-01-01", validTo: "2025-12-31" } })).toEqual([
    { field: "validTo", messageKey: "priceList.endsBeforeStart", params: { from: "2026-01-01", to: "2025-12-31" } },
  ]);
  expect(invoke("checkPriceList", { actor: STAFF, record: { validFrom: "2026-01-01", validTo: "2026-01-01" } })).toEqual([]);
});

test("a price break has exactly one of unit price and discount, and one scope at most", () => {
  const base = { priceList: id(30), name: "x", minQuantity: 1 };
  expect(invoke("checkPriceBreak", { actor: STAFF, record: { ...base, unitPrice: "100.00", discountPercent: null } })).toEqual([]);
  expect(invoke("checkPriceBreak", { actor: STAFF, record: { ...base, unitPrice: null, discountPercent: "5" } })).toEqual([]);
  expect(invoke("checkPriceBreak", { actor: STAFF, record: { ...base, unitPrice: "100.00", discountPercent: "5" } })).toEqual([{ field: "unitPrice", messageKey: "priceBreak.priceOrDiscount" }]);
  expect(invoke("checkPriceBreak", { actor: STAFF, record: { ...base, unitPrice: null, discountPercent: null } })).toEqual([{ field: "unitPrice", messageKey: "priceBreak.priceOrDiscount" }]);
  expect(invoke("checkPriceBreak", { actor: STAFF, record: { ...base, discountPercent: "5", product: LATHE, productLine: LATHES } })).toEqual([{ field: "productLine", messageKey: "priceBreak.productOrLine" }]);
});


test("an option is offered with its product's model, since option names repeat across products", () => {
  expect(invoke("computeProductOption", { actor: STAFF, record: { product: LATHE, name: "液压卡盘", code: "HYD", priceDelta: "12800.00" } }, { records: [{ id: LATHE, object: OBJ.product, model: "CK6150", name: "数控车床" }] })).toEqual({ title: "CK6150 · 液压卡盘" });
  expect(invoke("computeProductOption", { actor: STAFF, record: { product: null, name: "液压卡盘" } })).toEqual({ title: "液压卡盘" });
});
