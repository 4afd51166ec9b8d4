import { describe, expect, it } from "vitest";
import { isLocalizedText, localized } from "./plugin-texts.ts";
import { pluginTextIn, withPluginTexts } from "./plugin-texts.server.ts";

const visit = { "zh-CN": "拜访报告", en: "Visit report" };

describe("localized", () => {
  it.each([
    ["zh-CN", visit, "拜访报告"],
    ["en", visit, "Visit report"],
    ["zh-TW", { ...visit, "zh-TW": "拜訪報告" }, "拜訪報告"],
    // Without zh-TW (the loader fills it), or in a language the host does not have: zh-CN.
    ["zh-TW", visit, "拜访报告"],
    ["fr", visit, "拜访报告"],
    ["en", { "zh-CN": "只有中文" }, "只有中文"],
  ])("in %s", (locale, text, expected) => {
    expect(localized(text, locale)).toBe(expected);
  });

  it("is empty for no text", () => {
    expect(localized(null, "en")).toBe("");
  });
});

describe("isLocalizedText", () => {
  it.each([
    [visit, true],
    [{ "zh-CN": "名称", "zh-TW": "名稱", en: "Name" }, true],
    [{ en: "no zh-CN" }, false],
    [{ "zh-CN": "名称", note: "other key" }, false],
    [{ "zh-CN": 1 }, false],
    ["拜访报告", false],
    [["zh-CN"], false],
    [null, false],
  ])("%j → %s", (value, expected) => {
    expect(isLocalizedText(value)).toBe(expected);
  });
});

describe("withPluginTexts", () => {
  const ui = {
    pluginId: "acme.visits",
    name: visit,
    objects: [{ name: "acme_visits__visit", label: { "zh-CN": "拜访", "zh-TW": "造訪", en: "Visit" }, fields: [{ name: "outcome", options: [{ value: "ok", label: { "zh-CN": "满意", en: "Satisfied" } }] }] }],
    reviewedAt: new Date("2026-12-01T00:00:00Z"),
  };

  it("gives a zh-TW reader Traditional text converted from zh-CN where the plugin wrote none", () => {
    const out = withPluginTexts(ui, "zh-TW");
    expect(out.name).toEqual({ "zh-CN": "拜访报告", "zh-TW": "拜訪報告", en: "Visit report" });
    expect(out.objects[0]!.fields[0]!.options[0]!.label["zh-TW" as "zh-CN"]).toBe("滿意");
  });

  it("keeps the plugin's own zh-TW text, ids, and dates", () => {
    const out = withPluginTexts(ui, "zh-TW");
    expect(out.objects[0]!.label["zh-TW"]).toBe("造訪");
    expect(out.pluginId).toBe("acme.visits");
    expect(out.reviewedAt).toBeInstanceOf(Date);
    expect(out.reviewedAt.getTime()).toBe(ui.reviewedAt.getTime());
  });

  it.each(["zh-CN", "en"])("leaves texts alone for a %s reader", (locale) => {
    expect(withPluginTexts(ui, locale)).toBe(ui);
  });
});

describe("pluginTextIn", () => {
  it.each([
    ["zh-CN", "拜访报告"],
    ["zh-TW", "拜訪報告"],
    ["en", "Visit report"],
  ])("a plugin notification's title in %s", (locale, expected) => {
    expect(pluginTextIn(visit, locale)).toBe(expected);
  });

  it("is null for anything that is not a localized text (the app shows it as it is)", () => {
    expect(pluginTextIn("plain", "en")).toBeNull();
    expect(pluginTextIn({ count: 3 }, "en")).toBeNull();
  });
});
