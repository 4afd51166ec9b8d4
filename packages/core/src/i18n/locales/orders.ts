import { defineMessages } from "../define-messages.ts";

/** Orders and refunds pushed by the platform's systems (POST /api/v1/orders), and their attribution. */
export const orders = defineMessages(
  {
    errors: {
      money: "请输入不小于 0 的金额，最多两位小数（字符串，例如 \"1234.50\"）。",
      amountPositive: "退款金额必须大于 0。",
      quantity: "请输入数量（字符串，最多四位小数，例如 \"2\" 或 \"0.5\"）。",
      quantityPositive: "数量必须大于 0。",
      currency: "请输入 ISO 4217 货币代码（三个字母，例如 CNY）。",
      itemsRequired: "订单至少需要一个商品行。",
      tooManyItems: "一个订单最多 {{max}} 个商品行。",
      totalTooLarge: "订单金额过大。",
      inFuture: "时间不能晚于现在超过 1 天。",
      customerNotFound: "找不到该客户。",
      externalIdReused: "该订单号（externalId）已用于另一笔内容不同的订单。",
      refundExternalIdReused: "该退款号（externalId）已用于另一笔内容不同的退款。",
      refundExceedsTotal: "退款合计不能超过订单金额：该订单最多还可退 {{remaining}} {{currency}}。",
      refundBeforeOrder: "退款时间不能早于下单时间。",
    },
    attribution: {
      NO_OWNER_AT_ORDER_TIME: "下单时该客户不属于任何合作伙伴（在公海中、已过期或已释放），订单未归属。",
      NOT_YET_OWNED_AT_ORDER_TIME: "下单时该客户尚未被任何合作伙伴报备，订单未归属。",
    },
  },
  {
    "zh-TW": {
      errors: {
        money: "請輸入不小於 0 的金額，最多兩位小數（字串，例如 \"1234.50\"）。",
        amountPositive: "退款金額必須大於 0。",
        quantity: "請輸入數量（字串，最多四位小數，例如 \"2\" 或 \"0.5\"）。",
        quantityPositive: "數量必須大於 0。",
        currency: "請輸入 ISO 4217 貨幣代碼（三個字母，例如 CNY）。",
        itemsRequired: "訂單至少需要一個商品行。",
        tooManyItems: "一張訂單最多 {{max}} 個商品行。",
        totalTooLarge: "訂單金額過大。",
        inFuture: "時間不能晚於現在超過 1 天。",
        customerNotFound: "找不到該客戶。",
        externalIdReused: "該訂單號（externalId）已用於另一筆內容不同的訂單。",
        refundExternalIdReused: "該退款號（externalId）已用於另一筆內容不同的退款。",
        refundExceedsTotal: "退款合計不能超過訂單金額：該訂單最多還可退 {{remaining}} {{currency}}。",
        refundBeforeOrder: "退款時間不能早於下單時間。",
      },
      attribution: {
        NO_OWNER_AT_ORDER_TIME: "下單時該客戶不屬於任何合作夥伴（在公海中、已過期或已釋放），訂單未歸屬。",
        NOT_YET_OWNED_AT_ORDER_TIME: "下單時該客戶尚未被任何合作夥伴報備，訂單未歸屬。",
      },
    },
    en: {
      errors: {
        money: "Enter an amount of at least 0 with at most two decimals, as a string (e.g. \"1234.50\").",
        amountPositive: "A refund amount must be greater than 0.",
        quantity: "Enter a quantity as a string with at most four decimals (e.g. \"2\" or \"0.5\").",
        quantityPositive: "Quantity must be greater than 0.",
        currency: "Enter an ISO 4217 currency code (three letters, e.g. CNY).",
        itemsRequired: "An order needs at least one item.",
        tooManyItems: "An order can have at most {{max}} items.",
        totalTooLarge: "The order total is too large.",
        inFuture: "This time may not be more than one day in the future.",
        customerNotFound: "Customer not found.",
        externalIdReused: "This order externalId was already used for a different order.",
        refundExternalIdReused: "This refund externalId was already used for a different refund.",
        refundExceedsTotal: "Refunds may not exceed the order total: at most {{remaining}} {{currency}} can still be refunded.",
        refundBeforeOrder: "A refund cannot be dated before the order.",
      },
      attribution: {
        NO_OWNER_AT_ORDER_TIME: "No partner owned this customer when it ordered (public pool, expired or released): the order is unattributed.",
        NOT_YET_OWNED_AT_ORDER_TIME: "No partner had registered this customer yet when it ordered: the order is unattributed.",
      },
    },
  },
);
