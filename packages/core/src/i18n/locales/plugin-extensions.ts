import { defineMessages } from "../define-messages.ts";

/** Issue 7's host extension points (ADR 026): partner references, plugin-placed orders, the orders permission. */
export const pluginExtensions = defineMessages(
  {
    permission: {
      orders_create: "以您的名义创建订单（按订单接入规则归属并计算佣金）",
    },
    errors: {
      partnerNotFound: "找不到这个合作伙伴，或您无权选择它",
    },
    notification: {
      orderRefused: "插件「{{plugin}}」提交的订单 {{externalId}} 未能创建：{{reason}}",
    },
    refusal: {
      customerNotFound: "客户不存在或不在您的范围内",
      invalidOrder: "订单内容不正确（{{detail}}）",
      externalIdTooLong: "订单号过长",
      customFields: "订单的插件字段不正确（{{detail}}）",
    },
  },
  {
    "zh-TW": {
      permission: {
        orders_create: "以您的名義建立訂單（依訂單接入規則歸屬並計算佣金）",
      },
      errors: {
        partnerNotFound: "找不到這個合作夥伴，或您無權選擇它",
      },
      notification: {
        orderRefused: "外掛「{{plugin}}」提交的訂單 {{externalId}} 未能建立：{{reason}}",
      },
      refusal: {
        customerNotFound: "客戶不存在或不在您的範圍內",
        invalidOrder: "訂單內容不正確（{{detail}}）",
        externalIdTooLong: "訂單號過長",
        customFields: "訂單的外掛欄位不正確（{{detail}}）",
      },
    },
    en: {
      permission: {
        orders_create: "Place orders on your behalf (attributed and commissioned like any ingested order)",
      },
      errors: {
        partnerNotFound: "This partner does not exist or you may not choose it",
      },
      notification: {
        orderRefused: "The order {{externalId}} placed by the plugin “{{plugin}}” was not created: {{reason}}",
      },
      refusal: {
        customerNotFound: "the customer does not exist or is outside your scope",
        invalidOrder: "the order is not valid ({{detail}})",
        externalIdTooLong: "the order number is too long",
        customFields: "the order's plugin fields are not valid ({{detail}})",
      },
    },
  },
);
