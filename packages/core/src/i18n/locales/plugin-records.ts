import { defineMessages } from "../define-messages.ts";

/** Plugins UI (issue 6). */
export const pluginRecords = defineMessages(
  { title: "pluginRecords" },
  { "zh-TW": { title: "pluginRecords" }, en: { title: "pluginRecords" } },
);
