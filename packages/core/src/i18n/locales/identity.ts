import { defineMessages } from "../define-messages.ts";

/** Customer identity: validation messages for phone / email / USCC / name and the names of identity kinds. */
export const identity = defineMessages(
  {
    usccFormat: "统一社会信用代码应为 18 位，只能包含数字和大写字母（不含 I、O、Z、S、V）。",
    usccCheckDigit: "统一社会信用代码校验位不正确，请核对后重新输入。",
    nothingIdentifying: "请至少填写一项可识别客户的信息：手机或座机、邮箱、统一社会信用代码，或（企业客户）公司名称加所在城市。",
    kind: {
      uscc: "统一社会信用代码",
      phone: "电话",
      email: "邮箱",
      name_city: "公司名称 + 城市",
    },
  },
  {
    "zh-TW": {
      usccFormat: "統一社會信用代碼應為 18 位，只能包含數字和大寫字母（不含 I、O、Z、S、V）。",
      usccCheckDigit: "統一社會信用代碼檢查碼不正確，請核對後重新輸入。",
      nothingIdentifying: "請至少填寫一項可識別客戶的資訊：手機或市話、電子郵件、統一社會信用代碼，或（企業客戶）公司名稱加所在城市。",
      kind: {
        uscc: "統一社會信用代碼",
        phone: "電話",
        email: "電子郵件",
        name_city: "公司名稱 + 城市",
      },
    },
    en: {
      usccFormat:
        "The Unified Social Credit Code must be 18 characters: digits and capital letters except I, O, Z, S and V.",
      usccCheckDigit: "The Unified Social Credit Code's check digit is wrong. Please check the code and try again.",
      nothingIdentifying:
        "Enter at least one detail that identifies the customer: a mobile or landline number, an email address, a Unified Social Credit Code, or (for a company) its name together with its city.",
      kind: {
        uscc: "Unified Social Credit Code",
        phone: "Phone",
        email: "Email",
        name_city: "Company name + city",
      },
    },
  },
);
