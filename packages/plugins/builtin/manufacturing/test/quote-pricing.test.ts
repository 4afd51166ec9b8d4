import { expect, invoke, test, type RecordData } from "@qudao/plugins/sdk";
import { CHUCK, DEALER, LATHE, LUBE, OLD_LATHE, QUOTE, REP, RETIRED_OPTION, SPINDLE, SPINDLE_OPTION, catalog, line, partner, priceLists, quote, type Ctx } from "./fixtures.ts";

const records = (tier = "gold") => [partner(tier), ...catalog, ...priceLists, quote()];
const price = (values: Record<string, unknown>, tier = "gold", ctx: Ctx = {}) =>
  invoke<Record<string, unknown>>("priceQuoteLine", { actor: REP, recordPartnerId: DEALER, record: { quote: QUOTE, option1: null, option2: null, option3: null, lineDiscountPercent: null, ...values }, ...ctx }, { records: records(tier) });

test("one lathe: the gold list's product break (8 % off list), no line discount", () => {
  expect(price({ product: LATHE, quantity: 1 })).toEqual({
    item: "CK6150 数控车床",
    listUnitPrice: "268000.00",
    unitPrice: "246560.00",
    netUnitPrice: "246560.00",
    amount: "246560.00",
    listAmount: "268000.00",
    priceSource: "金牌价目表 2026 · ≥1",
  });
});

test("five lathes with two options: the fixed 5-unit price plus the options, less a 7.5 % line discount, to the cent", () => {
  expect(price({ product: LATHE, quantity: 5, option1: CHUCK, option2: LUBE, lineDiscountPercent: "7.5" })).toEqual({
    item: "CK6150 数控车床 + 液压卡盘 + 自动润滑",
    listUnitPrice: "284450.50",
    unitPrice: "264450.50",
    // 264450.50 × 0.925 = 244616.7125 → 244616.71
    netUnitPrice: "244616.71",
    amount: "1223083.55",
    listAmount: "1422252.50",
    priceSource: "金牌价目表 2026 · ≥5",
  });
});

test("twelve lathes reach the 10-unit break (11 % off list incl. options), each rounding half-up once", () => {
  expect(price({ product: LATHE, quantity: 12, option3: LUBE, lineDiscountPercent: "3.33" })).toMatchObject({
    listUnitPrice: "271650.50",
    // 271650.50 × 0.89 = 241768.945 → 241768.95 (half-up)
    unitPrice: "241768.95",
    // 241768.95 × 0.9667 = 233718.043965 → 233718.04
    netUnitPrice: "233718.04",
    amount: "2804616.48",
    listAmount: "3259806.00",
    priceSource: "金牌价目表 2026 · ≥10",
  });
});

test("exactly on a break's minimum quantity it applies; one below it does not", () => {
  expect(price({ product: LATHE, quantity: 4 })).toMatchObject({ unitPrice: "246560.00", priceSource: "金牌价目表 2026 · ≥1" });
  expect(price({ product: LATHE, quantity: 5 })).toMatchObject({ unitPrice: "248000.00", priceSource: "金牌价目表 2026 · ≥5" });
  expect(price({ product: LATHE, quantity: 9 })).toMatchObject({ unitPrice: "248000.00" });
  expect(price({ product: LATHE, quantity: 10 })).toMatchObject({ unitPrice: "238520.00" });
});

test("without product breaks the product line's break applies from its quantity, else the list-wide one", () => {
  expect(price({ product: OLD_LATHE, quantity: 3 })).toMatchObject({ unitPrice: "150100.00", amount: "450300.00", priceSource: "金牌价目表 2026 · ≥3" });
  expect(price({ product: OLD_LATHE, quantity: 2 })).toMatchObject({ unitPrice: "154840.00", priceSource: "金牌价目表 2026 · ≥1" });
  expect(price({ product: SPINDLE, quantity: 3, option1: SPINDLE_OPTION })).toMatchObject({ listUnitPrice: "20900.00", unitPrice: "20482.00", amount: "61446.00" });
});

test("the dealer's tier picks the list: silver 3 %, a tier without a list pays list price", () => {
  expect(price({ product: LATHE, quantity: 1 }, "silver")).toMatchObject({ unitPrice: "259960.00", priceSource: "银牌价目表 2026 · ≥1" });
  expect(price({ product: LATHE, quantity: 1 }, "bronze")).toMatchObject({ unitPrice: "268000.00", netUnitPrice: "268000.00", priceSource: null });
});

test("a list is used only while valid: before 2026 the 2025 gold list applies", () => {
  expect(price({ product: LATHE, quantity: 1 }, "gold", { now: "2025-12-31T15:59:00.000Z" })).toMatchObject({ unitPrice: "200000.00", priceSource: "金牌价目表 2025 · ≥1" });
  // 16:00 UTC on 31 December is already 1 January in China.
  expect(price({ product: LATHE, quantity: 1 }, "gold", { now: "2025-12-31T16:00:00.000Z" })).toMatchObject({ priceSource: "金牌价目表 2026 · ≥1" });
});

test("a 100 % line discount prices the line at zero; tiny discounts round to the cent", () => {
  expect(price({ product: SPINDLE, quantity: 2, lineDiscountPercent: "100" })).toMatchObject({ netUnitPrice: "0.00", amount: "0.00" });
  // 18130.00 × 0.99995 = 18129.0935 → 18129.09
  expect(price({ product: SPINDLE, quantity: 1, lineDiscountPercent: "0.005" })).toMatchObject({ unitPrice: "18130.00", netUnitPrice: "18129.09" });
  // 18130.00 × 0.0005 = 9.065: a tie, rounded half-up to 9.07 (half-even would say 9.06)
  expect(price({ product: SPINDLE, quantity: 3, lineDiscountPercent: "99.95" })).toMatchObject({ netUnitPrice: "9.07", amount: "27.21" });
});

test("nothing is computed until the product and quantity are known", () => {
  expect(price({ product: null, quantity: 1 })).toEqual({});
  expect(price({ product: LATHE, quantity: null })).toEqual({});
});

const check = (values: Record<string, unknown>, extra: RecordData[] = [], ctx: Ctx = {}) =>
  invoke("checkQuoteLine", { actor: REP, recordPartnerId: DEALER, record: { ...line(1), ...values }, ...ctx }, { records: [...catalog, ...extra] });

test("a line of a draft quote with the product's own active options passes", () => {
  expect(check({ option1: CHUCK, option2: LUBE }, [quote()])).toEqual([]);
});

test("lines of a submitted quote are locked", () => {
  expect(check({}, [quote({ qudao_manufacturing__quoteStatus: "pendingApproval" })])).toEqual([{ field: "quote", messageKey: "quoteLine.quoteLocked", params: { quote: "苏州精密 CK6150 三台" } }]);
});

test("inactive products and foreign, inactive or repeated options are refused", () => {
  expect(check({ product: OLD_LATHE }, [quote()])).toEqual([{ field: "product", messageKey: "quoteLine.productInactive", params: { model: "CK6136" } }]);
  expect(check({ option1: SPINDLE_OPTION }, [quote()])).toEqual([{ field: "option1", messageKey: "quoteLine.optionNotForProduct", params: { option: "陶瓷轴承", model: "CK6150" } }]);
  expect(check({ option2: RETIRED_OPTION }, [quote()])).toEqual([{ field: "option2", messageKey: "quoteLine.optionInactive", params: { option: "手动尾座" } }]);
  expect(check({ option1: CHUCK, option3: CHUCK }, [quote()])).toEqual([{ field: "option2", messageKey: "quoteLine.optionTwice" }]);
});

test("a line cannot move to another quote, and a negative price is refused", () => {
  expect(check({}, [quote()], { operation: "update", previous: line(1, { quote: "00000000-0000-4000-8000-000000000999" }) })).toEqual([{ field: "quote", messageKey: "quoteLine.quoteFixed" }]);
  expect(check({ unitPrice: "-1.00" }, [quote()])).toEqual([{ field: "product", messageKey: "quoteLine.negativePrice", params: { unitPrice: "-1.00" } }]);
});
