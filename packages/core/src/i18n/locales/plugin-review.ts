import { defineMessages } from "../define-messages.ts";

/** Plugins UI (issue 6). */
export const pluginReview = defineMessages(
  { title: "pluginReview" },
  { "zh-TW": { title: "pluginReview" }, en: { title: "pluginReview" } },
);
