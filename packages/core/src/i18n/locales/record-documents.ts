import { defineMessages } from "../define-messages.ts";

/** PDF documents of plugin records (ADR 026): the download button and the document's own texts. */
export const recordDocuments = defineMessages(
  {
    download: "下载 PDF",
    generatedAt: "生成时间：{{date}}",
    page: "第 {{page}} / {{pages}} 页",
    total: "合计",
    lineNumber: "序号",
    noLines: "没有明细。",
    yes: "是",
    no: "否",
    errors: {
      noDocument: "这个对象没有可下载的文档。",
      fontMissing: "服务器缺少中文字体，无法生成 PDF。请联系管理员。",
    },
  },
  {
    "zh-TW": {
      download: "下載 PDF",
      generatedAt: "產生時間：{{date}}",
      page: "第 {{page}} / {{pages}} 頁",
      total: "合計",
      lineNumber: "序號",
      noLines: "沒有明細。",
      yes: "是",
      no: "否",
      errors: {
        noDocument: "這個物件沒有可下載的文件。",
        fontMissing: "伺服器缺少中文字型，無法產生 PDF。請聯絡管理員。",
      },
    },
    en: {
      download: "Download PDF",
      generatedAt: "Generated {{date}}",
      page: "Page {{page}} of {{pages}}",
      total: "Total",
      lineNumber: "No.",
      noLines: "No lines.",
      yes: "Yes",
      no: "No",
      errors: {
        noDocument: "This object has no downloadable document.",
        fontMissing: "The server has no Chinese font installed, so it cannot make the PDF. Please tell your administrator.",
      },
    },
  },
);
