import { describe, expect, it } from "vitest";
import { firstOpenStage, planStageChanges, stageSetIssues, type ExistingStage, type StageDraft } from "./pipelines.rules.ts";

const open = (name: string, probability = 20, id?: string): StageDraft => ({ ...(id ? { id } : {}), name, probability, kind: "open" });
const won = (name = "赢单", id?: string): StageDraft => ({ ...(id ? { id } : {}), name, probability: 100, kind: "won" });
const lost = (name = "输单", id?: string): StageDraft => ({ ...(id ? { id } : {}), name, probability: 0, kind: "lost" });

describe("stageSetIssues", () => {
  it.each<[string, StageDraft[], Array<{ path: string; message: string }>]>([
    ["a minimal valid set", [open("接洽"), won(), lost()], []],
    ["several open stages", [open("接洽"), open("方案", 50), open("谈判", 75), won(), lost()], []],
    ["no open stage", [won(), lost()], [{ path: "stages", message: "pipeline.errors.needOpenStage" }]],
    ["no won stage", [open("接洽"), lost()], [{ path: "stages", message: "pipeline.errors.exactlyOneWon" }]],
    ["two won stages", [open("接洽"), won("赢单"), won("大单赢单"), lost()], [{ path: "stages", message: "pipeline.errors.exactlyOneWon" }]],
    ["no lost stage", [open("接洽"), won()], [{ path: "stages", message: "pipeline.errors.exactlyOneLost" }]],
    ["two lost stages", [open("接洽"), won(), lost("输单"), lost("放弃")], [{ path: "stages", message: "pipeline.errors.exactlyOneLost" }]],
    [
      "a duplicate name, ignoring case and spaces, is reported on the later row",
      [open("Proposal"), open(" proposal "), won(), lost()],
      [{ path: "stages.1.name", message: "pipeline.errors.duplicateStageName" }],
    ],
    ["the same id twice", [open("A", 10, "s1"), open("B", 10, "s1"), won(), lost()], [{ path: "stages.1.id", message: "errors.field.invalid" }]],
    [
      "an empty list reports every missing kind",
      [],
      [
        { path: "stages", message: "pipeline.errors.needOpenStage" },
        { path: "stages", message: "pipeline.errors.exactlyOneWon" },
        { path: "stages", message: "pipeline.errors.exactlyOneLost" },
      ],
    ],
  ])("%s", (_name, stages, expected) => {
    expect(stageSetIssues(stages)).toEqual(expected);
  });
});

const existing = (id: string, name: string, position: number, kind: ExistingStage["kind"] = "open", extra: Partial<ExistingStage> = {}): ExistingStage => ({
  id,
  name,
  nameKey: null,
  displayName: name,
  position,
  probability: kind === "won" ? 100 : kind === "lost" ? 0 : 20,
  kind,
  archivedAt: null,
  ...extra,
});

const current = [existing("a", "接洽", 1), existing("b", "方案", 2), existing("w", "赢单", 3, "won"), existing("l", "输单", 4, "lost")];
const none = new Map<string, { open: number; total: number }>();

describe("planStageChanges", () => {
  it("changes nothing when the list is sent back as it is", () => {
    const plan = planStageChanges(current, [open("接洽", 20, "a"), open("方案", 20, "b"), won("赢单", "w"), lost("输单", "l")], none);
    expect(plan).toMatchObject({ create: [], update: [], archive: [], issues: [], refusals: [] });
  });

  it("renumbers positions from the list order, creates new stages, archives those left out", () => {
    const plan = planStageChanges(current, [open("方案", 40, "b"), open("新阶段", 60), won("赢单", "w"), lost("输单", "l")], none);
    expect(plan.update).toEqual([{ id: "b", data: { position: 1, probability: 40 } }]);
    expect(plan.create).toEqual([{ name: "新阶段", position: 2, probability: 60, kind: "open" }]);
    expect(plan.archive).toEqual(["a"]);
    expect(plan.refusals).toEqual([]);
  });

  it("keeps a built-in name's key when its translation is sent back, drops it when renamed", () => {
    const builtIn = [existing("q", "Qualification", 1, "open", { nameKey: "pipeline.default.stage.qualification", displayName: "初步接洽" }), ...current.slice(2)];
    const same = planStageChanges(builtIn, [open("初步接洽", 20, "q"), won("赢单", "w"), lost("输单", "l")], none);
    expect(same.update.find((u) => u.id === "q")).toBeUndefined();
    const stored = planStageChanges(builtIn, [open("Qualification", 20, "q"), won("赢单", "w"), lost("输单", "l")], none);
    expect(stored.update.find((u) => u.id === "q")).toBeUndefined();
    const renamed = planStageChanges(builtIn, [open("电话邀约", 20, "q"), won("赢单", "w"), lost("输单", "l")], none);
    expect(renamed.update.find((u) => u.id === "q")).toEqual({ id: "q", data: { name: "电话邀约", nameKey: null } });
  });

  it("refuses to archive a stage that still has open opportunities, naming it", () => {
    const plan = planStageChanges(current, [open("方案", 20, "b"), won("赢单", "w"), lost("输单", "l")], new Map([["a", { open: 3, total: 5 }]]));
    expect(plan.refusals).toEqual([{ code: "stageHasOpenOpportunities", stageId: "a", stageName: "接洽", count: 3 }]);
  });

  it("archives a stage whose opportunities are all closed", () => {
    const plan = planStageChanges(current, [open("方案", 20, "b"), won("赢单", "w"), lost("输单", "l")], new Map([["a", { open: 0, total: 4 }]]));
    expect(plan.refusals).toEqual([]);
    expect(plan.archive).toEqual(["a"]);
  });

  it("refuses a kind change of a stage that has opportunities, allows it on an empty one", () => {
    const swapped = [open("接洽", 20, "a"), won("方案", "b"), open("赢单", 20, "w"), lost("输单", "l")];
    const busy = planStageChanges(current, swapped, new Map([["w", { open: 0, total: 2 }]]));
    expect(busy.refusals).toEqual([{ code: "stageKindInUse", stageId: "w", stageName: "赢单", count: 2 }]);
    const idle = planStageChanges(current, swapped, none);
    expect(idle.refusals).toEqual([]);
    expect(idle.update.map((u) => [u.id, u.data.kind])).toEqual([
      ["b", "won"],
      ["w", "open"],
    ]);
  });

  it("brings back an archived stage that is listed again", () => {
    const withArchived = [...current, existing("x", "旧阶段", 5, "open", { archivedAt: new Date("2026-01-01") })];
    const plan = planStageChanges(withArchived, [open("接洽", 20, "a"), open("旧阶段", 20, "x"), open("方案", 20, "b"), won("赢单", "w"), lost("输单", "l")], none);
    expect(plan.update).toContainEqual({ id: "x", data: { position: 2, archivedAt: null } });
    expect(plan.archive).toEqual([]);
  });

  it("reports an id that is not one of the pipeline's stages, and plans nothing", () => {
    const plan = planStageChanges(current, [open("接洽", 20, "someone-elses"), won("赢单", "w"), lost("输单", "l")], none);
    expect(plan.issues).toEqual([{ path: "stages.0.id", message: "pipeline.errors.stageNotInPipeline" }]);
    expect(plan.update).toEqual([]);
    expect(plan.archive).toEqual([]);
  });
});

describe("firstOpenStage", () => {
  it.each([
    ["the lowest position among open stages", [existing("b", "B", 2), existing("a", "A", 1), existing("w", "W", 0, "won")], "a"],
    ["skips archived stages", [existing("a", "A", 1, "open", { archivedAt: new Date() }), existing("b", "B", 2)], "b"],
    ["none without an open stage", [existing("w", "W", 1, "won")], undefined],
  ] as const)("%s", (_name, stages, expected) => {
    expect(firstOpenStage(stages)?.id).toBe(expected);
  });
});
