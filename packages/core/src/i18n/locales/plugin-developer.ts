import { defineMessages } from "../define-messages.ts";

/** Plugins UI (issue 6). */
export const pluginDeveloper = defineMessages(
  { title: "pluginDeveloper" },
  { "zh-TW": { title: "pluginDeveloper" }, en: { title: "pluginDeveloper" } },
);
