import { describe, expect, it } from "vitest";
import type { PluginObject } from "./plugin-records.tsx";
import type { PluginPipeline } from "./plugin-records-board.tsx";
import { boardOf, pluginFormSubmission, pluginRecordFormValues, stageFilterOf, stageMoveSubmission } from "./plugin-records.server.ts";

const text = (zh: string) => ({ "zh-CN": zh, en: zh });

/** An object with one field of each kind the form turns into something other than plain text. */
const visit: PluginObject = {
  name: "acme_visits__visit",
  label: text("拜访"),
  labelPlural: text("拜访"),
  titleField: "summary",
  fields: [
    { name: "summary", type: "text", label: text("摘要"), required: true },
    { name: "visits", type: "integer", label: text("次数") },
    { name: "followUp", type: "boolean", label: text("需要跟进") },
    { name: "topics", type: "multiSelect", label: text("话题"), options: [{ value: "price", label: text("价格") }, { value: "service", label: text("服务") }] },
    { name: "startsAt", type: "datetime", label: text("开始时间") },
    { name: "score", type: "integer", label: text("得分"), computed: true },
  ],
  relations: [
    { name: "customer", to: "customer", kind: "manyToOne", label: text("客户") },
    { name: "attendees", to: "acme_visits__person", kind: "manyToMany", label: text("参与人") },
  ],
  views: {
    list: { columns: ["summary"] },
    detail: { sections: [{ title: text("拜访"), fields: ["summary"] }] },
    form: { fields: ["summary", "visits", "followUp", "topics", "startsAt", "customer", "attendees", "score"] },
  },
};

function form(entries: Array<[string, string]>): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("pluginFormSubmission", () => {
  it("sends what was typed, as core reads it (the platform's zone is Asia/Shanghai)", () => {
    const { values, typed } = pluginFormSubmission(
      form([
        ["summary", "客户同意试点"],
        ["visits", "3x"],
        ["followUp", "true"],
        ["topics", "price"],
        ["topics", "service"],
        ["startsAt", "2026-12-01T09:30"],
        ["customer", "0193a000-0000-7000-8000-000000000001"],
        ["attendees", "0193a000-0000-7000-8000-000000000002"],
        ["score", "99"],
      ]),
      visit,
    );
    expect(values).toEqual({
      summary: "客户同意试点",
      // Not a number: it goes on as typed, so core's message is shown under the field.
      visits: "3x",
      followUp: true,
      topics: ["price", "service"],
      startsAt: "2026-12-01T01:30:00.000Z",
      customer: "0193a000-0000-7000-8000-000000000001",
      attendees: ["0193a000-0000-7000-8000-000000000002"],
    });
    expect(typed).toMatchObject({ visits: "3x", followUp: "true", startsAt: "2026-12-01T09:30", topics: ["price", "service"] });
  });

  it("an empty form: unchecked boxes are false, nothing ticked is an empty list, blank text stays blank", () => {
    const { values } = pluginFormSubmission(form([]), visit);
    expect(values).toEqual({ summary: "", visits: "", followUp: false, topics: [], startsAt: "", customer: "", attendees: [] });
  });

  it("never sends a computed field, whatever the browser posts", () => {
    expect(pluginFormSubmission(form([["score", "100"]]), visit).values).not.toHaveProperty("score");
  });

  it("reads record ids typed into a text box (no list to choose from) separated by commas or spaces", () => {
    expect(pluginFormSubmission(form([["attendees", "a1, b2  c3"]]), visit).values.attendees).toEqual(["a1", "b2", "c3"]);
  });

  it("keeps an unreadable date-time as typed, for core to refuse", () => {
    expect(pluginFormSubmission(form([["startsAt", "next tuesday"]]), visit).values.startsAt).toBe("next tuesday");
  });
});

describe("pluginRecordFormValues", () => {
  it("shows stored values in the form's controls, date-times in the platform's zone", () => {
    expect(
      pluginRecordFormValues(visit, { summary: "客户同意试点", visits: 3, followUp: true, topics: ["price"], startsAt: "2026-12-01T01:30:00.000Z", customer: null, score: 7 }),
    ).toEqual({ summary: "客户同意试点", visits: "3", followUp: "true", topics: ["price"], startsAt: "2026-12-01T09:30", customer: "", attendees: [], score: "7" });
  });

  it("an unchecked box shows unchecked", () => {
    expect(pluginRecordFormValues(visit, { followUp: false }).followUp).toBe("");
  });

  it("what the form shows is what it sends back", () => {
    const stored = { summary: "复访", visits: 2, followUp: true, topics: ["service"], startsAt: "2026-12-02T06:00:00.000Z", customer: "0193a000-0000-7000-8000-000000000001", attendees: [] };
    const shown = pluginRecordFormValues(visit, stored);
    const posted = form(Object.entries(shown).flatMap(([name, value]) => (Array.isArray(value) ? value.map((v) => [name, v] as [string, string]) : value === "" ? [] : [[name, value] as [string, string]])));
    expect(pluginFormSubmission(posted, visit).values).toEqual({ ...stored, visits: "2" });
  });
});

const sla: PluginPipeline = {
  name: "acme_service__sla",
  object: "acme_service__ticket",
  label: text("服务时效"),
  stages: [
    { key: "new", label: text("待受理"), kind: "open" },
    { key: "resolved", label: text("已解决"), kind: "won" },
  ],
};

describe("stage filter, board and move from the address and the form", () => {
  it.each([
    ["a stage of the pipeline", "acme_service__sla:resolved", { pipeline: "acme_service__sla", stage: "resolved" }],
    ["no filter", null, null],
    ["a stage the pipeline does not have", "acme_service__sla:lost", null],
    ["another object's pipeline", "acme_other__flow:new", null],
    ["no pipeline at all", "resolved", null],
  ] as const)("%s", (_name, param, expected) => {
    expect(stageFilterOf(param, [sla])).toEqual(expected);
  });

  it("opens a board only for one of the object's pipelines", () => {
    expect(boardOf("acme_service__sla", [sla])?.name).toBe("acme_service__sla");
    expect(boardOf("acme_other__flow", [sla])).toBeNull();
    expect(boardOf(null, [sla])).toBeNull();
  });

  it("reads a move as posted (core checks it)", () => {
    const form = new FormData();
    form.set("intent", "moveStage");
    form.set("id", "0193f000-0000-7000-8000-000000000001");
    form.set("pipeline", "acme_service__sla");
    form.set("stage", "resolved");
    expect(stageMoveSubmission(form)).toEqual({ id: "0193f000-0000-7000-8000-000000000001", pipeline: "acme_service__sla", stage: "resolved" });
    expect(stageMoveSubmission(new FormData())).toEqual({ id: "", pipeline: "", stage: "" });
  });
});
