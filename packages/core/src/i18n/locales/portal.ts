import { defineMessages } from "../define-messages.ts";

export const portal = defineMessages(
  {
    title: "portal",
  },
  {
    "zh-TW": { title: "portal" },
    en: { title: "portal" },
  },
);
