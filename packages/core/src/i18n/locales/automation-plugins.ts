import { defineMessages } from "../define-messages.ts";

/**
 * Automation rules on plugin triggers (issue 6): the rule editor's plugin groups, an unavailable
 * plugin trigger (its plugin uninstalled or stopped), and the error of saving one.
 */
export const automationPlugins = defineMessages(
  {
    errors: {
      triggerUnavailable: "没有为此规则的公司安装提供该触发器的插件（或插件已不再提供它）。请选择其他触发器，或先安装并启用该插件。",
    },
    ui: {
      coreEvents: "系统事件",
      pluginGroup: "插件：{{name}}",
      triggerPlugin: "插件事件：{{label}}（{{plugin}}）",
      unavailableOption: "{{label}}（不可用）",
      unavailableBadge: "触发器不可用",
      unavailableHint: "提供此触发器的插件已卸载或停用：规则保留，但暂不运行；插件恢复后会继续运行。",
    },
  },
  {
    "zh-TW": {
      errors: {
        triggerUnavailable: "沒有為此規則的公司安裝提供該觸發器的外掛（或外掛已不再提供它）。請選擇其他觸發器，或先安裝並啟用該外掛。",
      },
      ui: {
        coreEvents: "系統事件",
        pluginGroup: "外掛：{{name}}",
        triggerPlugin: "外掛事件：{{label}}（{{plugin}}）",
        unavailableOption: "{{label}}（無法使用）",
        unavailableBadge: "觸發器無法使用",
        unavailableHint: "提供此觸發器的外掛已解除安裝或停用：規則保留，但暫不執行；外掛復原後會繼續執行。",
      },
    },
    en: {
      errors: {
        triggerUnavailable: "No plugin installed for this rule's company offers this trigger (or the plugin no longer does). Choose another trigger, or install and enable the plugin first.",
      },
      ui: {
        coreEvents: "Qudao events",
        pluginGroup: "Plugin: {{name}}",
        triggerPlugin: "Plugin event: {{label}} ({{plugin}})",
        unavailableOption: "{{label}} (unavailable)",
        unavailableBadge: "Trigger unavailable",
        unavailableHint: "The plugin that offers this trigger was uninstalled or stopped: the rule is kept but does not run; it runs again once the plugin is restored.",
      },
    },
  },
);
