import { defineMessages } from "../define-messages.ts";

/**
 * Pipelines that plugins contribute (ADR 024 addendum): the board, stage control and stage filter of
 * a plugin object's pages in both apps, closed records, and plugin-owned opportunity pipelines in the
 * pipeline settings. Stage and pipeline names themselves come from the plugin's manifest.
 */
export const pluginPipelines = defineMessages(
  {
    view: {
      label: "显示方式",
      list: "列表",
      board: "看板：{{pipeline}}",
    },
    board: {
      label: "{{pipeline}}看板",
      count: "{{count}} 条",
      empty: "暂无记录",
      more: "另有 {{count}} 条，在列表中按阶段查看",
      moveLabel: "把「{{title}}」移到",
      moveButton: "移动",
    },
    stage: {
      current: "{{pipeline}}",
      change: "移到阶段",
      none: "未设置",
    },
    closed: {
      won: "已关闭 · 成功",
      lost: "已关闭 · 未成功",
      at: "关闭于 {{date}}",
    },
    filter: {
      label: "阶段（{{pipeline}}）",
      labelMany: "阶段",
      all: "全部阶段",
    },
    notice: {
      moved: "「{{title}}」已移到「{{stage}}」。",
    },
    errors: {
      unknownPipeline: "此对象没有这个流程。",
      unknownStage: "该流程没有这个阶段。",
      pluginOwned: "此流程由插件「{{plugin}}」提供，只能查看。",
    },
    settings: {
      pluginBadge: "插件：{{plugin}}",
      pluginReadOnly: "此流程由插件「{{plugin}}」提供，随插件的安装、升级和卸载变化，不能在这里修改。",
    },
  },
  {
    "zh-TW": {
      view: {
        label: "顯示方式",
        list: "列表",
        board: "看板：{{pipeline}}",
      },
      board: {
        label: "{{pipeline}}看板",
        count: "{{count}} 筆",
        empty: "暫無紀錄",
        more: "另有 {{count}} 筆，在列表中依階段檢視",
        moveLabel: "把「{{title}}」移到",
        moveButton: "移動",
      },
      stage: {
        current: "{{pipeline}}",
        change: "移到階段",
        none: "未設定",
      },
      closed: {
        won: "已關閉 · 成功",
        lost: "已關閉 · 未成功",
        at: "關閉於 {{date}}",
      },
      filter: {
        label: "階段（{{pipeline}}）",
        labelMany: "階段",
        all: "全部階段",
      },
      notice: {
        moved: "「{{title}}」已移到「{{stage}}」。",
      },
      errors: {
        unknownPipeline: "此物件沒有這個流程。",
        unknownStage: "該流程沒有這個階段。",
        pluginOwned: "此流程由外掛「{{plugin}}」提供，只能檢視。",
      },
      settings: {
        pluginBadge: "外掛：{{plugin}}",
        pluginReadOnly: "此流程由外掛「{{plugin}}」提供，隨外掛的安裝、升級和解除安裝變化，不能在這裡修改。",
      },
    },
    en: {
      view: {
        label: "View",
        list: "List",
        board: "Board: {{pipeline}}",
      },
      board: {
        label: "{{pipeline}} board",
        count: "{{count}} records",
        empty: "No records",
        more: "{{count}} more; filter the list by this stage to see them",
        moveLabel: "Move “{{title}}” to",
        moveButton: "Move",
      },
      stage: {
        current: "{{pipeline}}",
        change: "Move to stage",
        none: "Not set",
      },
      closed: {
        won: "Closed · won",
        lost: "Closed · lost",
        at: "Closed on {{date}}",
      },
      filter: {
        label: "Stage ({{pipeline}})",
        labelMany: "Stage",
        all: "All stages",
      },
      notice: {
        moved: "“{{title}}” moved to “{{stage}}”.",
      },
      errors: {
        unknownPipeline: "This object has no such pipeline.",
        unknownStage: "This pipeline has no such stage.",
        pluginOwned: "This pipeline comes from the plugin “{{plugin}}” and is read-only.",
      },
      settings: {
        pluginBadge: "Plugin: {{plugin}}",
        pluginReadOnly: "This pipeline comes from the plugin “{{plugin}}”: it changes when the plugin is installed, upgraded or uninstalled, and cannot be edited here.",
      },
    },
  },
);
