import { defineMessages } from "../define-messages.ts";

/** Plugin panels on core record pages and plugin columns on core lists (issue 6: recordPanels, listColumns). */
export const pluginPanels = defineMessages(
  {
    defaultTitle: "{{plugin}}：插件字段",
    source: "来自插件「{{plugin}}」",
    edit: "编辑",
    editLabel: "编辑「{{panel}}」",
    editTitle: "编辑「{{panel}}」",
    saved: "「{{panel}}」已保存。",
    computed: "（自动计算）",
    related: {
      newestOnly: "只显示最近的 {{count}} 条。",
    },
    columns: {
      label: "插件字段",
    },
    meta: {
      edit: "编辑插件字段",
    },
  },
  {
    "zh-TW": {
      defaultTitle: "{{plugin}}：外掛欄位",
      source: "來自外掛「{{plugin}}」",
      edit: "編輯",
      editLabel: "編輯「{{panel}}」",
      editTitle: "編輯「{{panel}}」",
      saved: "「{{panel}}」已儲存。",
      computed: "（自動計算）",
      related: {
        newestOnly: "只顯示最近的 {{count}} 筆。",
      },
      columns: {
        label: "外掛欄位",
      },
      meta: {
        edit: "編輯外掛欄位",
      },
    },
    en: {
      defaultTitle: "{{plugin}}: plugin fields",
      source: "From the plugin \u201c{{plugin}}\u201d",
      edit: "Edit",
      editLabel: "Edit \u201c{{panel}}\u201d",
      editTitle: "Edit \u201c{{panel}}\u201d",
      saved: "\u201c{{panel}}\u201d saved.",
      computed: "(computed)",
      related: {
        newestOnly: "Showing the newest {{count}} only.",
      },
      columns: {
        label: "Plugin fields",
      },
      meta: {
        edit: "Edit plugin fields",
      },
    },
  },
);
