import { describe, expect, it } from "vitest";
import { labelIn, planPluginStages, pluginIdOf, pluginPipelineKey, stageProbability, storedLabels, type ExistingPluginStage, type PluginPipelineContribution, type PluginStageContribution } from "./plugin-pipelines.rules.ts";

const text = (zh: string, en: string) => ({ "zh-CN": zh, en });
const stage = (key: string, zh: string, kind: PluginStageContribution["kind"] = "open", probability?: number): PluginStageContribution => ({ key, label: text(zh, key), kind, ...(probability !== undefined ? { probability } : {}) });
const hospital = (stages: PluginStageContribution[]): PluginPipelineContribution => ({ name: "acme_pharma__access", object: "opportunity", label: text("医院准入", "Hospital access"), stages });
const base = [stage("entry", "进院", "open", 20), stage("listing", "挂网", "open", 50), stage("vbp", "带量采购", "won"), stage("lost", "未准入", "lost")];

const existing = (id: string, key: string, zh: string, position: number, kind: ExistingPluginStage["kind"] = "open", extra: Partial<ExistingPluginStage> = {}): ExistingPluginStage => ({
  id,
  pluginKey: key,
  name: zh,
  labels: storedLabels(text(zh, key)),
  position,
  probability: kind === "won" ? 100 : kind === "lost" ? 0 : key === "entry" ? 20 : 50,
  kind,
  archivedAt: null,
  ...extra,
});
const current = [existing("s1", "entry", "进院", 1), existing("s2", "listing", "挂网", 2), existing("s3", "vbp", "带量采购", 3, "won"), existing("s4", "lost", "未准入", 4, "lost")];
const none = new Map<string, { total: number }>();

describe("stageProbability", () => {
  it.each([
    ["the manifest's probability", [stage("a", "A", "open", 35), stage("w", "W", "won")], 0, 35],
    ["won is 100", [stage("a", "A"), stage("w", "W", "won")], 1, 100],
    ["lost is 0", [stage("a", "A"), stage("l", "L", "lost")], 1, 0],
    ["open stages spread evenly: first of three", [stage("a", "A"), stage("b", "B"), stage("c", "C"), stage("w", "W", "won")], 0, 25],
    ["open stages spread evenly: third of three", [stage("a", "A"), stage("b", "B"), stage("c", "C"), stage("w", "W", "won")], 2, 75],
  ] as const)("%s", (_name, stages, index, expected) => {
    expect(stageProbability(stages, index)).toBe(expected);
  });
});

describe("labels", () => {
  it("stores zh-TW converted from zh-CN when the manifest leaves it out, keeps it when given", () => {
    expect(storedLabels(text("带量采购", "VBP"))).toEqual({ "zh-CN": "带量采购", "zh-TW": "帶量採購", en: "VBP" });
    expect(storedLabels({ "zh-CN": "进院", "zh-TW": "入院", en: "Entry" })["zh-TW"]).toBe("入院");
  });

  it.each([
    ["the reader's language", { "zh-CN": "进院", "zh-TW": "進院", en: "Entry" }, "en", "Entry"],
    ["zh-TW converted when absent", { "zh-CN": "挂网", en: "Listing" }, "zh-TW", "掛網"],
    ["zh-CN for an unknown language", { "zh-CN": "挂网", en: "Listing" }, "fr", "挂网"],
    ["nothing for a row without labels", null, "en", null],
  ] as const)("%s", (_name, labels, locale, expected) => {
    expect(labelIn(labels, locale)).toBe(expected);
  });

  it("reads the plugin back out of a pipeline's key", () => {
    expect(pluginIdOf(pluginPipelineKey("acme.pharma", "acme_pharma__access"))).toBe("acme.pharma");
    expect(pluginIdOf(null)).toBeNull();
  });
});

describe("planPluginStages", () => {
  it("creates every stage of a new pipeline in manifest order", () => {
    const plan = planPluginStages([], hospital(base), none);
    expect(plan.create.map((s) => [s.pluginKey, s.name, s.position, s.probability, s.kind])).toEqual([
      ["entry", "进院", 1, 20, "open"],
      ["listing", "挂网", 2, 50, "open"],
      ["vbp", "带量采购", 3, 100, "won"],
      ["lost", "未准入", 4, 0, "lost"],
    ]);
    expect(plan.update).toEqual([]);
    expect(plan.archive).toEqual([]);
  });

  it("changes nothing when the manifest says what the rows say", () => {
    expect(planPluginStages(current, hospital(base), none)).toEqual({ create: [], update: [], archive: [], keptKind: [] });
  });

  it("renames by key, inserts a new stage, renumbers, and archives a stage the manifest dropped", () => {
    const next = hospital([stage("entry", "进院", "open", 20), stage("bidding", "招标", "open", 70), stage("listing", "挂网采购", "open", 50), stage("vbp", "带量采购", "won"), stage("lost", "未准入", "lost")]);
    const plan = planPluginStages(current, next, none);
    expect(plan.create.map((s) => [s.pluginKey, s.position])).toEqual([["bidding", 2]]);
    expect(plan.update).toEqual([
      { id: "s2", data: { name: "挂网采购", labels: storedLabels(text("挂网采购", "listing")), position: 3 } },
      { id: "s3", data: { position: 4 } },
      { id: "s4", data: { position: 5 } },
    ]);
    expect(plan.archive).toEqual([]);
    const dropped = planPluginStages(current, hospital([stage("entry", "进院", "open", 20), stage("vbp", "带量采购", "won"), stage("lost", "未准入", "lost")]), none);
    expect(dropped.archive).toEqual(["s2"]);
  });

  it("brings back an archived stage the manifest lists again", () => {
    const withArchived = current.map((s) => (s.id === "s2" ? { ...s, archivedAt: new Date("2026-12-01") } : s));
    expect(planPluginStages(withArchived, hospital(base), none).update).toEqual([{ id: "s2", data: { archivedAt: null } }]);
  });

  it("keeps the kind of a stage that holds opportunities, changes it on an empty one", () => {
    const swapped = hospital([stage("entry", "进院", "open", 20), stage("listing", "挂网", "won", 50), stage("vbp", "带量采购", "open", 100), stage("lost", "未准入", "lost")]);
    const busy = planPluginStages(current, swapped, new Map([["s2", { total: 3 }]]));
    expect(busy.keptKind).toEqual(["s2"]);
    expect(busy.update.find((u) => u.id === "s2")).toBeUndefined();
    expect(busy.update).toContainEqual({ id: "s3", data: { kind: "open" } });
    const idle = planPluginStages(current, swapped, none);
    expect(idle.update).toContainEqual({ id: "s2", data: { kind: "won" } });
  });
});
