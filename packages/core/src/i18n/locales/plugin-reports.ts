import { defineMessages } from "../define-messages.ts";

/**
 * Reports and home widgets contributed by plugins (issue 7): the report page (filters, table, totals,
 * notes, CSV), the widgets on each app's home, and the errors of running a report. Report names,
 * columns and params come from the plugin's manifest; the notes from the plugin's locales.
 */
export const pluginReports = defineMessages(
  {
    meta: {
      section: "报表",
      report: "{{report}} · 报表",
    },
    page: {
      source: "来自插件「{{plugin}}」",
      filters: "筛选条件",
      run: "生成报表",
      needsParams: "请先填写筛选条件，再生成报表。",
      empty: "没有符合条件的数据。",
      rowCount: "共 {{count}} 行",
      totals: "合计",
      notes: "说明",
      downloadCsv: "下载 CSV",
      ranAt: "生成于 {{time}}",
      tableLabel: "{{report}}：结果",
    },
    value: {
      yes: "是",
      no: "否",
      unknownRecord: "（无权查看的记录）",
    },
    widget: {
      open: "查看完整报表",
      more: "只显示前 {{count}} 行",
      needsParams: "此报表需要先选择筛选条件，请打开完整报表。",
      failed: "暂时无法生成：{{message}}",
    },
    home: {
      start: "进入工作台",
    },
    errors: {
      hookFailed: "插件「{{plugin}}」的报表「{{report}}」未能生成（$t(pluginReports.outcome.{{outcome}})），请稍后再试；已记录给插件开发者。",
      invalidOutput: "插件「{{plugin}}」的报表「{{report}}」返回的数据与其声明的列不符（$t(pluginReports.problem.{{problem}})），未显示；已记录给插件开发者。",
      paramsInvalid: "筛选条件有误",
    },
    outcome: {
      timeout: "超出 CPU 时间限制",
      memory: "超出内存限制",
      error: "插件代码出错",
      invalid_output: "返回值格式不对",
      missing_hook: "插件代码中没有这个钩子",
      integrity: "插件包校验未通过",
      read_refused: "读取被拒绝",
      intent_refused: "意图被拒绝",
      dead_letter: "多次重试仍失败",
    },
    problem: {
      unknown_column: "含有未声明的列",
      cell_type: "某个值与列的类型不符",
      unknown_note: "说明文字不在插件的语言包中",
    },
  },
  {
    "zh-TW": {
      meta: {
        section: "報表",
        report: "{{report}} · 報表",
      },
      page: {
        source: "來自外掛「{{plugin}}」",
        filters: "篩選條件",
        run: "產生報表",
        needsParams: "請先填寫篩選條件，再產生報表。",
        empty: "沒有符合條件的資料。",
        rowCount: "共 {{count}} 列",
        totals: "合計",
        notes: "說明",
        downloadCsv: "下載 CSV",
        ranAt: "產生於 {{time}}",
        tableLabel: "{{report}}：結果",
      },
      value: {
        yes: "是",
        no: "否",
        unknownRecord: "（無權檢視的記錄）",
      },
      widget: {
        open: "檢視完整報表",
        more: "只顯示前 {{count}} 列",
        needsParams: "此報表需要先選擇篩選條件，請開啟完整報表。",
        failed: "暫時無法產生：{{message}}",
      },
      home: {
        start: "進入工作台",
      },
      errors: {
        hookFailed: "外掛「{{plugin}}」的報表「{{report}}」未能產生（$t(pluginReports.outcome.{{outcome}})），請稍後再試；已記錄給外掛開發者。",
        invalidOutput: "外掛「{{plugin}}」的報表「{{report}}」傳回的資料與其宣告的欄位不符（$t(pluginReports.problem.{{problem}})），未顯示；已記錄給外掛開發者。",
        paramsInvalid: "篩選條件有誤",
      },
      outcome: {
        timeout: "超出 CPU 時間限制",
        memory: "超出記憶體限制",
        error: "外掛程式碼出錯",
        invalid_output: "傳回值格式不對",
        missing_hook: "外掛程式碼中沒有這個鉤子",
        integrity: "外掛套件校驗未通過",
        read_refused: "讀取被拒絕",
        intent_refused: "意圖被拒絕",
        dead_letter: "多次重試仍失敗",
      },
      problem: {
        unknown_column: "含有未宣告的欄位",
        cell_type: "某個值與欄位的類型不符",
        unknown_note: "說明文字不在外掛的語言包中",
      },
    },
    en: {
      meta: {
        section: "Reports",
        report: "{{report}} · Report",
      },
      page: {
        source: "From the plugin \u201c{{plugin}}\u201d",
        filters: "Filters",
        run: "Run report",
        needsParams: "Fill in the filters, then run the report.",
        empty: "No data matches.",
        rowCount: "Rows: {{count}}",
        totals: "Total",
        notes: "Notes",
        downloadCsv: "Download CSV",
        ranAt: "Computed {{time}}",
        tableLabel: "{{report}}: results",
      },
      value: {
        yes: "Yes",
        no: "No",
        unknownRecord: "(a record you cannot see)",
      },
      widget: {
        open: "Open the full report",
        more: "More rows in the full report (showing {{count}})",
        needsParams: "This report needs filters: open the full report to choose them.",
        failed: "Not available right now: {{message}}",
      },
      home: {
        start: "Go to your work",
      },
      errors: {
        hookFailed: "The report \u201c{{reportEn}}\u201d of the plugin \u201c{{pluginEn}}\u201d could not be computed ($t(pluginReports.outcome.{{outcome}})). Try again later; the plugin's developer has been told.",
        invalidOutput: "The report \u201c{{reportEn}}\u201d of the plugin \u201c{{pluginEn}}\u201d returned data that does not fit its declared columns ($t(pluginReports.problem.{{problem}})), so it is not shown; the plugin's developer has been told.",
        paramsInvalid: "Check the filters",
      },
      outcome: {
        timeout: "CPU time limit exceeded",
        memory: "memory limit exceeded",
        error: "the plugin's code failed",
        invalid_output: "malformed result",
        missing_hook: "the hook is missing from the plugin's code",
        integrity: "the plugin package failed verification",
        read_refused: "a read was refused",
        intent_refused: "an intent was refused",
        dead_letter: "failed after retries",
      },
      problem: {
        unknown_column: "a key that is not a declared column",
        cell_type: "a value that does not fit its column's type",
        unknown_note: "a note whose text is not in the plugin's locales",
      },
    },
  },
);
