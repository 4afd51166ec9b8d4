import { describe, expect, it } from "vitest";
import { permissionPhrase } from "@qudao/plugins/permissions";
import { SUPPORTED_LOCALES, translator } from "../../i18n/index.ts";

/** Every permission a manifest may ask for is said in plain words on the consent screen, in every language. */
describe("permission phrases", () => {
  const permissions = ["records:read:lead", "records:write:acme_pharma__visit", "customers:read:contact", "tasks:create", "notify", "schedule", "events:emit", "orders:create"];

  it.each(permissions)("%s has a phrase in zh-CN, zh-TW and en", (permission) => {
    const phrase = permissionPhrase(permission);
    expect(phrase).not.toBeNull();
    for (const locale of SUPPORTED_LOCALES) {
      const text = String(translator(locale)(phrase!.key, { object: "X" }));
      expect(text, `${locale} ${phrase!.key}`).not.toBe(phrase!.key);
      expect(text.trim()).not.toBe("");
    }
  });

  it("places orders in words a partner's admin understands", () => {
    expect(translator("en")(permissionPhrase("orders:create")!.key)).toBe("Place orders on your behalf (attributed and commissioned like any ingested order)");
  });
});
