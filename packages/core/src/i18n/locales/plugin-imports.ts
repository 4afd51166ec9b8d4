import { defineMessages } from "../define-messages.ts";

/** Imports of an importable plugin object's records (ADR 026), in both apps. */
export const pluginImports = defineMessages(
  {
    errors: {
      notImportable: "这个对象不支持导入。",
      notFound: "找不到“{{value}}”，或你无权查看。",
      ambiguous: "“{{value}}”对应多条记录，请改填记录编号。",
    },
    page: {
      action: "导入",
      title: "导入{{object}}",
      intro: "上传 CSV 或 Excel（.xlsx）文件批量新建{{object}}。第一行为表头：字段名或字段名称（简体、繁体、英文均可）；关联记录可填名称或编号。每一行都像在表单里新建一样检查，插件的规则同样生效。",
      history: "导入记录",
      back: "返回{{object}}列表",
      modeAllOrNothingHint: "先检查所有行（包括插件的规则），有一行不通过就什么都不导入。检查之后、写入之时被插件拒绝的行会记为错误，之前已写入的记录保留。",
      resultCompleted: "导入完成：新建 {{imported}} 条，失败 {{errors}} 条。",
      viewRecords: "查看{{object}}",
    },
  },
  {
    "zh-TW": {
      errors: {
        notImportable: "這個物件不支援匯入。",
        notFound: "找不到「{{value}}」，或你無權檢視。",
        ambiguous: "「{{value}}」對應多筆記錄，請改填記錄編號。",
      },
      page: {
        action: "匯入",
        title: "匯入{{object}}",
        intro: "上傳 CSV 或 Excel（.xlsx）檔案批次新增{{object}}。第一列為表頭：欄位名或欄位名稱（簡體、繁體、英文皆可）；關聯記錄可填名稱或編號。每一列都像在表單裡新增一樣檢查，外掛的規則同樣生效。",
        history: "匯入記錄",
        back: "返回{{object}}清單",
        modeAllOrNothingHint: "先檢查所有列（包括外掛的規則），有一列不通過就什麼都不匯入。檢查之後、寫入之時被外掛拒絕的列會記為錯誤，之前已寫入的記錄保留。",
        resultCompleted: "匯入完成：新增 {{imported}} 筆，失敗 {{errors}} 筆。",
        viewRecords: "檢視{{object}}",
      },
    },
    en: {
      errors: {
        notImportable: "Records of this object cannot be imported.",
        notFound: "“{{value}}” was not found, or you may not see it.",
        ambiguous: "“{{value}}” matches more than one record: use the record's id instead.",
      },
      page: {
        action: "Import",
        title: "Import {{object}}",
        intro: "Upload a CSV or Excel (.xlsx) file to create {{object}} in bulk. The first row is the header: field names or their labels (Simplified, Traditional or English); related records by their name or id. Every row is checked as the form checks it, the plugin's rules included.",
        history: "Imports",
        back: "Back to {{object}}",
        modeAllOrNothingHint: "Every row is checked first, the plugin's rules included; if one fails, nothing is imported. A row the plugin refuses while writing (something changed since the check) is an error row, and the records written before it stay.",
        resultCompleted: "Import finished: {{imported}} created, {{errors}} failed.",
        viewRecords: "View {{object}}",
      },
    },
  },
);
