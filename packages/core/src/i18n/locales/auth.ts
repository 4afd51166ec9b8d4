import { defineMessages } from "../define-messages.ts";

export const auth = defineMessages(
  {
    platformTitle: "平台管理后台",
    portalTitle: "合作伙伴门户",
    email: "邮箱",
    password: "密码",
    apiKeyCannotSignOut: "API 密钥不能退出登录，请在界面中撤销该密钥。",
  },
  {
    "zh-TW": {
      platformTitle: "平台管理後台",
      portalTitle: "合作夥伴入口網站",
      email: "電子郵件",
      password: "密碼",
      apiKeyCannotSignOut: "API 金鑰不能登出，請在介面中撤銷該金鑰。",
    },
    en: {
      platformTitle: "Platform console",
      portalTitle: "Partner portal",
      email: "Email",
      password: "Password",
      apiKeyCannotSignOut: "An API key cannot sign out. Revoke the key in the UI instead.",
    },
  },
);
