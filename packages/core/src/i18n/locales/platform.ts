import { defineMessages } from "../define-messages.ts";

/** Strings of apps/platform. */
export const platform = defineMessages(
  {
    consoleName: "平台管理后台",
    nav: { label: "主导航", leads: "线索", partners: "合作伙伴", audit: "审计日志", apiKeys: "API 密钥" },
  },
  {
    "zh-TW": {
      consoleName: "平台管理後台",
      nav: { label: "主導覽", leads: "線索", partners: "合作夥伴", audit: "稽核日誌", apiKeys: "API 金鑰" },
    },
    en: {
      consoleName: "Platform console",
      nav: { label: "Main navigation", leads: "Leads", partners: "Partners", audit: "Audit log", apiKeys: "API keys" },
    },
  },
);
