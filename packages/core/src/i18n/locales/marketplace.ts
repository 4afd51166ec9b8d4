import { defineMessages } from "../define-messages.ts";

/** Plugins UI (issue 6). */
export const marketplace = defineMessages(
  { title: "marketplace" },
  { "zh-TW": { title: "marketplace" }, en: { title: "marketplace" } },
);
