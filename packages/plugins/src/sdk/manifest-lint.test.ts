import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkCron, lintIssueKey, lintManifest, type LintIssue } from "./manifest-lint.ts";

type Manifest = Record<string, any>;

/** The scaffold's manifest is the valid baseline: `qudao-plugin init` must produce a plugin with no issues. */
const sample: Manifest = JSON.parse(readFileSync(new URL("../../templates/plugin/manifest.json", import.meta.url), "utf8"));
const HOST = "0.1.0";

function lint(mutate: (m: Manifest) => void, hostVersion = HOST) {
  const manifest = structuredClone(sample);
  mutate(manifest);
  return lintManifest(manifest, { hostVersion });
}

const text = (en: string) => ({ "zh-CN": en, "zh-TW": en, en });
const visitNote = (m: Manifest) => m.contributes.objects[0];

/** A report hook with one report, shown on both surfaces. */
function withReport(m: Manifest, report: Record<string, unknown> = {}): Record<string, any> {
  m.hooks.push({ name: "visitsByCustomer", kind: "report" });
  const entry = {
    name: "acme_sample__visits",
    label: text("Visits"),
    hook: "visitsByCustomer",
    params: [{ name: "from", type: "date", label: text("From") }],
    columns: [
      { key: "customer", label: text("Customer"), type: "text", link: "customer" },
      { key: "visits", label: text("Visits"), type: "integer" },
    ],
    ...report,
  };
  m.contributes.reports = [entry];
  return entry;
}

/** A quote line object pointing back at the visit note, for document views. */
function withLines(m: Manifest): void {
  m.contributes.objects.push({
    name: "acme_sample__noteLine",
    label: text("Line"),
    labelPlural: text("Lines"),
    titleField: "item",
    fields: [
      { name: "item", type: "text", required: true, label: text("Item") },
      { name: "quantity", type: "integer", label: text("Qty") },
      { name: "amount", type: "decimal", label: text("Amount") },
    ],
    relations: [{ name: "note", to: "acme_sample__visitNote", kind: "manyToOne", label: text("Note"), required: true }],
    views: { list: { columns: ["item"] }, detail: { sections: [{ title: text("Line"), fields: ["item", "quantity", "amount"] }] }, form: { fields: ["item", "note", "quantity", "amount"] } },
  });
  visitNote(m).views.document = {
    title: text("Visit note"),
    fields: ["subject", "customer", "visitedOn"],
    lines: { object: "acme_sample__noteLine", relation: "note", columns: ["item", "quantity", "amount"], totals: ["quantity", "amount"] },
  };
}

describe("lintManifest", () => {
  it("accepts the scaffold's manifest without a single issue and returns it parsed", () => {
    const result = lintManifest(sample, { hostVersion: HOST });
    expect(result.issues).toEqual([]);
    expect(result.manifest?.id).toBe("acme.sample");
    expect(result.manifest?.contributes.fields).toEqual([]);
  });

  const errors: [string, (m: Manifest) => void, Partial<LintIssue>][] = [
    ["custom field outside the namespace", (m) => (m.contributes.fields = [{ object: "lead", name: "other__level", type: "text", label: text("L") }]), { code: "namespace", path: "contributes.fields[0].name", params: { name: "other__level", prefix: "acme_sample__" } }],
    ["object outside the namespace", (m) => (visitNote(m).name = "acme__visitNote"), { code: "namespace", path: "contributes.objects[0].name" }],
    ["pipeline outside the namespace", (m) => (m.contributes.pipelines = [{ name: "acme__flow", object: "opportunity", label: text("P"), stages: [{ key: "a", label: text("A") }, { key: "b", label: text("B"), kind: "won" }] }]), { code: "namespace", path: "contributes.pipelines[0].name" }],
    ["trigger outside the namespace", (m) => { m.permissions.push("events:emit"); m.contributes.automationTriggers = [{ name: "x__t", event: "acme.sample.noteLogged", label: text("T") }]; }, { code: "namespace", path: "contributes.automationTriggers[0].name" }],
    ["rule type outside the namespace", (m) => { m.hooks.push({ name: "bonus", kind: "commission" }); m.contributes.commissionRuleTypes = [{ name: "x__bonus", label: text("B"), hook: "bonus" }]; }, { code: "namespace", path: "contributes.commissionRuleTypes[0].name" }],
    ["panel outside the namespace", (m) => (m.contributes.recordPanels = [{ name: "x__panel", object: "customer", title: text("P"), relatedObject: "acme_sample__visitNote" }]), { code: "namespace", path: "contributes.recordPanels[0].name" }],
    ["navigation outside the namespace", (m) => (m.contributes.navigation[0].name = "x__nav"), { code: "namespace", path: "contributes.navigation[0].name" }],
    ["two objects with one name", (m) => m.contributes.objects.push(structuredClone(visitNote(m))), { code: "duplicate_name", path: "contributes.objects[1].name" }],
    ["a field and a relation with one name", (m) => visitNote(m).relations.push({ name: "subject", to: "lead", kind: "manyToOne", label: text("S") }), { code: "duplicate_name", path: "contributes.objects[0].relations[1].name" }],
    ["two hooks with one name", (m) => m.hooks.push({ ...m.hooks[0] }), { code: "duplicate_name", path: "hooks[2].name" }],
    ["the same custom field twice on one object", (m) => (m.contributes.fields = [0, 1].map(() => ({ object: "lead", name: "acme_sample__level", type: "text", label: text("L") }))), { code: "duplicate_name", path: "contributes.fields[1].name" }],
    ["title field that does not exist", (m) => (visitNote(m).titleField = "title"), { code: "object_field_unknown", path: "contributes.objects[0].titleField", params: { object: "acme_sample__visitNote", field: "title" } }],
    ["list view column that does not exist", (m) => visitNote(m).views.list.columns.push("owner"), { code: "object_field_unknown", path: "contributes.objects[0].views.list.columns[5]" }],
    ["detail view field that does not exist", (m) => visitNote(m).views.detail.sections[1].fields.push("owner"), { code: "object_field_unknown", path: "contributes.objects[0].views.detail.sections[1].fields[3]" }],
    ["form field that does not exist", (m) => visitNote(m).views.form.fields.push("owner"), { code: "object_field_unknown", path: "contributes.objects[0].views.form.fields[7]" }],
    ["lockedWhen that does not exist", (m) => (visitNote(m).lockedWhen = "closed"), { code: "object_field_unknown", path: "contributes.objects[0].lockedWhen" }],
    ["lockedWhen on a text field", (m) => (visitNote(m).lockedWhen = "nextStep"), { code: "locked_when_type", path: "contributes.objects[0].lockedWhen" }],
    ["required field missing from the form", (m) => (visitNote(m).views.form.fields = ["subject", "visitedOn"]), { code: "form_required_missing", params: { object: "acme_sample__visitNote", field: "note" } }],
    ["select field without options", (m) => visitNote(m).fields.push({ name: "mood", type: "select", label: text("M") }), { code: "field_options_missing", path: "contributes.objects[0].fields[6].options" }],
    ["reference field without a target", (m) => visitNote(m).fields.push({ name: "lead", type: "reference", label: text("L") }), { code: "field_reference_missing" }],
    ["reference to another plugin's object", (m) => visitNote(m).fields.push({ name: "lead", type: "reference", reference: "other__thing", label: text("L") }), { code: "reference_target", params: { field: "lead", object: "other__thing" } }],
    ["min above max", (m) => (visitNote(m).fields[4].min = 100), { code: "field_range", path: "contributes.objects[0].fields[4].min" }],
    ["relation to another plugin's object", (m) => (visitNote(m).relations[0].to = "other_plugin__visit"), { code: "relation_target", path: "contributes.objects[0].relations[0].to" }],
    ["relation to an unknown core object", (m) => (visitNote(m).relations[0].to = "invoice"), { code: "relation_target" }],
    ["pipeline on another plugin's object", (m) => (m.contributes.pipelines = [{ name: "acme_sample__flow", object: "x__deal", label: text("P"), stages: [{ key: "a", label: text("A") }, { key: "b", label: text("B") }] }]), { code: "pipeline_object" }],
    ["pipeline on a core object that has no pipelines", (m) => (m.contributes.pipelines = [{ name: "acme_sample__flow", object: "lead", label: text("P"), stages: [{ key: "a", label: text("A") }, { key: "b", label: text("B"), kind: "won" }] }]), { code: "pipeline_object", path: "contributes.pipelines[0].object", params: { pipeline: "acme_sample__flow", object: "lead" } }],
    ["pipeline with a stage key twice", (m) => (m.contributes.pipelines = [{ name: "acme_sample__flow", object: "acme_sample__visitNote", label: text("P"), stages: [{ key: "a", label: text("A") }, { key: "a", label: text("B") }] }]), { code: "pipeline_stage_duplicate", path: "contributes.pipelines[0].stages[1].key", params: { pipeline: "acme_sample__flow", key: "a" } }],
    ["pipeline without an open stage", (m) => (m.contributes.pipelines = [{ name: "acme_sample__flow", object: "acme_sample__visitNote", label: text("P"), stages: [{ key: "done", label: text("Done"), kind: "won" }, { key: "dropped", label: text("Dropped"), kind: "lost" }] }]), { code: "pipeline_no_open_stage", path: "contributes.pipelines[0].stages" }],
    ["opportunity pipeline without a lost stage", (m) => (m.contributes.pipelines = [{ name: "acme_sample__flow", object: "opportunity", label: text("P"), stages: [{ key: "a", label: text("A") }, { key: "b", label: text("B"), kind: "won" }] }]), { code: "pipeline_won_lost", path: "contributes.pipelines[0].stages" }],
    ["opportunity pipeline with two won stages", (m) => (m.contributes.pipelines = [{ name: "acme_sample__flow", object: "opportunity", label: text("P"), stages: [{ key: "a", label: text("A") }, { key: "b", label: text("B"), kind: "won" }, { key: "c", label: text("C"), kind: "won" }, { key: "d", label: text("D"), kind: "lost" }] }]), { code: "pipeline_won_lost" }],
    ["a stage event of an object without a pipeline", (m) => m.hooks[1].events.push("acme_sample__visitNote.stageChanged"), { code: "event_unknown_verb", params: { verbs: "created, updated, deleted" } }],
    ["trigger on another plugin's event", (m) => { m.permissions.push("events:emit"); m.contributes.automationTriggers = [{ name: "acme_sample__t", event: "other.plugin.done", label: text("T") }]; }, { code: "trigger_event_foreign" }],
    ["trigger declaring a payload field twice", (m) => { m.permissions.push("events:emit"); m.contributes.automationTriggers = [{ name: "acme_sample__t", event: "acme.sample.done", label: text("T"), fields: [{ name: "score", type: "decimal", label: text("S") }, { name: "score", type: "text", label: text("S2") }] }]; }, { code: "duplicate_name", path: "contributes.automationTriggers[0].fields[1].name" }],
    ["rule type naming a missing hook", (m) => (m.contributes.commissionRuleTypes = [{ name: "acme_sample__bonus", label: text("B"), hook: "bonus" }]), { code: "rule_type_hook", params: { ruleType: "acme_sample__bonus", hook: "bonus" } }],
    ["rule type naming a validate hook", (m) => (m.contributes.commissionRuleTypes = [{ name: "acme_sample__bonus", label: text("B"), hook: "checkNoteLength" }]), { code: "rule_type_hook" }],
    ["rule type naming a compute hook (it runs on saves, not for statements)", (m) => { m.hooks.push({ name: "bonus", kind: "compute", object: "order", failMode: "open" }); m.contributes.commissionRuleTypes = [{ name: "acme_sample__bonus", label: text("B"), hook: "bonus" }]; }, { code: "rule_type_hook", params: { ruleType: "acme_sample__bonus", hook: "bonus" } }],
    ["list column for a field the plugin does not contribute", (m) => (m.contributes.listColumns = [{ object: "lead", field: "acme_sample__level" }]), { code: "list_column_field", params: { object: "lead", field: "acme_sample__level" } }],
    ["list column for its field on a different object", (m) => { m.contributes.fields = [{ object: "customer", name: "acme_sample__level", type: "text", label: text("L") }]; m.contributes.listColumns = [{ object: "lead", field: "acme_sample__level" }]; }, { code: "list_column_field" }],
    ["record panel showing a field the plugin does not contribute", (m) => (m.contributes.recordPanels = [{ name: "acme_sample__panel", object: "customer", title: text("P"), fields: ["acme_sample__level"] }]), { code: "panel_field", path: "contributes.recordPanels[0].fields[0]" }],
    ["record panel listing another plugin's object", (m) => (m.contributes.recordPanels = [{ name: "acme_sample__panel", object: "customer", title: text("P"), relatedObject: "x__visit" }]), { code: "panel_related_object" }],
    ["record panel with nothing to show", (m) => (m.contributes.recordPanels = [{ name: "acme_sample__panel", object: "customer", title: text("P") }]), { code: "panel_empty", path: "contributes.recordPanels[0]" }],
    ["record panel on an undeclared surface", (m) => { m.surfaces = ["portal"]; m.contributes.navigation.pop(); m.contributes.recordPanels = [{ name: "acme_sample__panel", object: "customer", title: text("P"), relatedObject: "acme_sample__visitNote", surfaces: ["portal", "platform"] }]; }, { code: "surface_undeclared", path: "contributes.recordPanels[0].surfaces[1]" }],
    ["navigation to a core object", (m) => (m.contributes.navigation[0].object = "acme_sample__lead"), { code: "navigation_object" }],
    ["navigation on an undeclared surface", (m) => (m.surfaces = ["portal"]), { code: "surface_undeclared", path: "contributes.navigation[1].surface", params: { surface: "platform" } }],
    ["validate hook on another plugin's object", (m) => (m.hooks[0].object = "x__visit"), { code: "hook_object", path: "hooks[0].object" }],
    ["compute hook on an unknown core object", (m) => m.hooks.push({ name: "score", kind: "compute", object: "invoice", failMode: "open" }), { code: "hook_object" }],
    ["a validate hook checking deletions of a core object", (m) => m.hooks.push({ name: "keepLeads", kind: "validate", object: "lead", on: ["delete"], failMode: "closed" }), { code: "hook_delete_object", path: "hooks[2].on" }],
    ["core event without read permission", (m) => m.hooks[1].events.push("lead.created"), { code: "event_permission", path: "hooks[1].events[1]", params: { event: "lead.created", permission: "records:read:lead" } }],
    ["record event of an object the plugin does not have", (m) => m.hooks[1].events.push("acme_sample__visit.created"), { code: "event_unknown_object" }],
    ["record event with an unknown verb", (m) => m.hooks[1].events.push("acme_sample__visitNote.approved"), { code: "event_unknown_verb" }],
    ["another plugin's record event", (m) => m.hooks[1].events.push("other_plugin__visit.created"), { code: "event_foreign" }],
    ["another plugin's own event", (m) => m.hooks[1].events.push("other.plugin.visitLogged"), { code: "event_foreign" }],
    ["an event of something that is not a core object", (m) => m.hooks[1].events.push("payroll.closed"), { code: "event_unknown" }],
    ["schedule hook without the schedule permission", (m) => m.hooks.push({ name: "nightly", kind: "schedule", cron: "0 2 * * *" }), { code: "schedule_permission", path: "hooks[2]" }],
    ["schedule hook with a malformed cron", (m) => { m.permissions.push("schedule"); m.hooks.push({ name: "nightly", kind: "schedule", cron: "0 25 * * *" }); }, { code: "cron_invalid", path: "hooks[2].cron" }],
    ["schedule hook that never runs", (m) => { m.permissions.push("schedule"); m.hooks.push({ name: "nightly", kind: "schedule", cron: "0 0 31 2 *" }); }, { code: "cron_never" }],
    ["schedule hook every minute", (m) => { m.permissions.push("schedule"); m.hooks.push({ name: "often", kind: "schedule", cron: "* * * * *" }); }, { code: "cron_too_frequent", params: { cron: "* * * * *", minutes: 5 } }],
    ["records permission on another plugin's object", (m) => m.permissions.push("records:read:other__visit"), { code: "permission_foreign_object", path: "permissions[2]" }],
    ["records permission on an object the plugin does not contribute", (m) => m.permissions.push("records:read:acme_sample__visit"), { code: "permission_unknown_object" }],
    ["personal customer field without customers:read:contact", (m) => (m.contributes.fields = [{ object: "customer", name: "acme_sample__wechat", type: "text", personal: true, label: text("W") }]), { code: "personal_permission", path: "contributes.fields[0].personal" }],
    ["setting default of the wrong type", (m) => (m.settings[0].default = "twenty"), { code: "setting_default_type", path: "settings[0].default" }],
    ["engines range that is not a range", (m) => (m.engines.qudao = "latest please"), { code: "engines_range_invalid" }],
    ["engines range the host does not satisfy", (m) => (m.engines.qudao = ">=2.0.0"), { code: "engines_unsatisfied", params: { range: ">=2.0.0", hostVersion: HOST } }],
    // Issue 7: reports, home widgets, navigation to a report, documents.
    ["report outside the namespace", (m) => (withReport(m).name = "x__visits"), { code: "namespace", path: "contributes.reports[0].name" }],
    ["two reports with one name", (m) => { withReport(m); m.contributes.reports.push({ ...m.contributes.reports[0] }); }, { code: "duplicate_name", path: "contributes.reports[1].name" }],
    ["report naming a missing hook", (m) => (withReport(m).hook = "nope"), { code: "report_hook", path: "contributes.reports[0].hook", params: { report: "acme_sample__visits", hook: "nope" } }],
    ["report naming an event hook", (m) => (withReport(m).hook = "followUpAfterVisit"), { code: "report_hook", params: { hook: "followUpAfterVisit" } }],
    ["report with a column key twice", (m) => withReport(m).columns.push({ key: "visits", label: text("Again"), type: "decimal" }), { code: "report_column_duplicate", path: "contributes.reports[0].columns[2].key", params: { report: "acme_sample__visits", key: "visits" } }],
    ["report column linking to another plugin's object", (m) => (withReport(m).columns[0].link = "x__hospital"), { code: "report_column_link", path: "contributes.reports[0].columns[0].link", params: { object: "x__hospital" } }],
    ["report on an undeclared surface", (m) => { m.surfaces = ["portal"]; m.contributes.navigation.pop(); withReport(m); }, { code: "surface_undeclared", path: "contributes.reports[0].surfaces[0]", params: { surface: "platform" } }],
    ["report param twice", (m) => withReport(m).params.push({ name: "from", type: "date", label: text("Again") }), { code: "duplicate_name", path: "contributes.reports[0].params[1].name" }],
    ["report param select without options", (m) => withReport(m).params.push({ name: "kind", type: "select", label: text("Kind") }), { code: "field_options_missing", path: "contributes.reports[0].params[1].options" }],
    ["home widget on another plugin's report", (m) => { withReport(m); m.contributes.homeWidgets = [{ name: "acme_sample__top", report: "x__visits", surface: "portal", title: text("Top") }]; }, { code: "widget_report", path: "contributes.homeWidgets[0].report", params: { widget: "acme_sample__top", report: "x__visits" } }],
    ["home widget on a surface its report is not shown on", (m) => { withReport(m, { surfaces: ["platform"] }); m.contributes.homeWidgets = [{ name: "acme_sample__top", report: "acme_sample__visits", surface: "portal", title: text("Top") }]; }, { code: "widget_surface", path: "contributes.homeWidgets[0].surface", params: { surface: "portal" } }],
    ["home widget outside the namespace", (m) => { withReport(m); m.contributes.homeWidgets = [{ name: "x__top", report: "acme_sample__visits", surface: "portal", title: text("Top") }]; }, { code: "namespace", path: "contributes.homeWidgets[0].name" }],
    ["navigation with both an object and a report", (m) => { withReport(m); m.contributes.navigation[0].report = "acme_sample__visits"; }, { code: "navigation_target", path: "contributes.navigation[0]", params: { navigation: "acme_sample__visitNotes" } }],
    ["navigation with neither an object nor a report", (m) => delete m.contributes.navigation[0].object, { code: "navigation_target", path: "contributes.navigation[0]" }],
    ["navigation to a report the plugin does not have", (m) => { delete m.contributes.navigation[0].object; m.contributes.navigation[0].report = "acme_sample__visits"; }, { code: "navigation_report", path: "contributes.navigation[0].report" }],
    ["navigation to a report not shown on its surface", (m) => { withReport(m, { surfaces: ["platform"] }); delete m.contributes.navigation[0].object; m.contributes.navigation[0].report = "acme_sample__visits"; }, { code: "navigation_report", path: "contributes.navigation[0].surface" }],
    ["document header naming an unknown field", (m) => { withLines(m); visitNote(m).views.document.fields.push("owner"); }, { code: "document_field", path: "contributes.objects[0].views.document.fields[3]", params: { object: "acme_sample__visitNote", field: "owner" } }],
    ["document lines of another plugin's object", (m) => { withLines(m); visitNote(m).views.document.lines.object = "x__line"; }, { code: "document_lines", path: "contributes.objects[0].views.document.lines.object" }],
    ["document lines through a relation that does not point back", (m) => { withLines(m); m.contributes.objects[1].relations[0].to = "customer"; }, { code: "document_lines", path: "contributes.objects[0].views.document.lines.relation", params: { relation: "note" } }],
    ["document lines through an unknown relation", (m) => { withLines(m); visitNote(m).views.document.lines.relation = "visit"; }, { code: "document_lines" }],
    ["document line column that the line object lacks", (m) => { withLines(m); visitNote(m).views.document.lines.columns.push("price"); }, { code: "document_field", path: "contributes.objects[0].views.document.lines.columns[3]", params: { object: "acme_sample__noteLine", field: "price" } }],
    ["document total of a text field", (m) => { withLines(m); visitNote(m).views.document.lines.totals.push("item"); }, { code: "document_field", path: "contributes.objects[0].views.document.lines.totals[2]", params: { field: "item" } }],
  ];

  it.each(errors)("refuses %s", (_name, mutate, expected) => {
    const { issues } = lint(mutate);
    expect(issues).toContainEqual(expect.objectContaining({ severity: "error", ...expected, params: expect.objectContaining(expected.params ?? {}) }));
  });

  const allowed: [string, (m: Manifest) => void][] = [
    ["a core event with read permission", (m) => { m.permissions.push("records:read:lead"); m.hooks[1].events.push("lead.created"); }],
    ["a core event with write permission (write implies read)", (m) => { m.permissions.push("records:write:opportunity"); m.hooks[1].events.push("opportunity.stage_changed"); }],
    ["its own record events", (m) => m.hooks[1].events.push("acme_sample__visitNote.updated", "acme_sample__visitNote.deleted")],
    ["its own plugin events", (m) => m.hooks[1].events.push("acme.sample.noteSubmitted")],
    ["a schedule every five minutes", (m) => { m.permissions.push("schedule"); m.hooks.push({ name: "sweep", kind: "schedule", cron: "*/5 * * * *" }); }],
    ["a weekday morning schedule with names", (m) => { m.permissions.push("schedule"); m.hooks.push({ name: "digest", kind: "schedule", cron: "30 8 * * MON-FRI" }); }],
    ["personal customer fields with customers:read:contact", (m) => { m.permissions.push("customers:read:contact"); m.contributes.fields = [{ object: "customer", name: "acme_sample__wechat", type: "text", personal: true, label: text("W") }]; }],
    ["personal fields on leads without customers:read:contact", (m) => (m.contributes.fields = [{ object: "lead", name: "acme_sample__wechat", type: "text", personal: true, label: text("W") }])],
    ["a list column and a panel for its own custom field", (m) => { m.contributes.fields = [{ object: "customer", name: "acme_sample__tier", type: "text", label: text("T") }]; m.contributes.listColumns = [{ object: "customer", field: "acme_sample__tier" }]; m.contributes.recordPanels = [{ name: "acme_sample__visits", object: "customer", title: text("V"), fields: ["acme_sample__tier"], relatedObject: "acme_sample__visitNote" }]; }],
    ["a rule type backed by a commission hook", (m) => { m.hooks.push({ name: "bonus", kind: "commission" }); m.contributes.commissionRuleTypes = [{ name: "acme_sample__bonus", label: text("B"), hook: "bonus", runFor: "activePartners", params: [{ name: "rate", type: "decimal", label: text("R"), required: true }] }]; }],
    ["a relation to another of its objects", (m) => { const other = structuredClone(visitNote(m)); other.name = "acme_sample__visitPlan"; m.contributes.objects.push(other); visitNote(m).relations.push({ name: "plan", to: "acme_sample__visitPlan", kind: "manyToOne", label: text("P") }); }],
    ["a host prerelease within the range", (m) => (m.engines.qudao = ">=0.1.0-0")],
    ["a reference field to a partner", (m) => visitNote(m).fields.push({ name: "distributor", type: "reference", reference: "partner", label: text("Distributor") })],
    ["a core custom field referencing a partner", (m) => (m.contributes.fields = [{ object: "order", name: "acme_sample__distributor", type: "reference", reference: "partner", label: text("Distributor") }])],
    ["the permission to place orders", (m) => m.permissions.push("orders:create")],
    ["an importable object", (m) => (visitNote(m).importable = true)],
    ["a report with a home widget and a navigation entry to it", (m) => {
      withReport(m, { columns: [{ key: "partner", label: text("Partner"), type: "text", link: "partner" }, { key: "amount", label: text("Amount"), type: "money" }] });
      m.contributes.homeWidgets = [{ name: "acme_sample__topVisits", report: "acme_sample__visits", surface: "portal", title: text("Top"), maxRows: 3 }];
      m.contributes.navigation.push({ name: "acme_sample__visitReport", label: text("Visit report"), surface: "platform", report: "acme_sample__visits" });
    }],
    ["a document with lines and totals", (m) => withLines(m)],
    ["a document with a header only", (m) => (visitNote(m).views.document = { title: text("Note"), fields: ["subject", "note"], footer: text("Thank you") })],
    [
      "a pipeline on its own object, with a hook on its stage moves",
      (m) => {
        m.contributes.pipelines = [{ name: "acme_sample__followUp", object: "acme_sample__visitNote", label: text("Follow-up"), stages: [{ key: "new", label: text("New") }, { key: "done", label: text("Done"), kind: "won" }] }];
        m.hooks[1].events.push("acme_sample__visitNote.stageChanged");
      },
    ],
    ["an opportunity pipeline with one won and one lost stage", (m) => (m.contributes.pipelines = [{ name: "acme_sample__hospital", object: "opportunity", label: text("Hospital"), stages: [{ key: "listing", label: text("Listing"), probability: 20 }, { key: "tender", label: text("Tender"), probability: 60 }, { key: "won", label: text("Won"), kind: "won", probability: 100 }, { key: "lost", label: text("Lost"), kind: "lost", probability: 0 }] }])],
  ];

  it.each(allowed)("allows %s", (_name, mutate) => {
    expect(lint(mutate).issues).toEqual([]);
  });

  it("warns, without refusing, when texts lack zh-TW: once, with the count and the first place", () => {
    const { issues, manifest } = lint((m) => {
      delete m.name["zh-TW"];
      delete visitNote(m).fields[0].label["zh-TW"];
    });
    expect(manifest).toBeDefined();
    expect(issues).toEqual([{ code: "zh_tw_missing", severity: "warning", path: "name", params: { count: 2 } }]);
  });

  it("warns about keys it does not know, which zod would drop silently", () => {
    const { issues, manifest } = lint((m) => {
      m.permisions = ["notify"];
      visitNote(m).fields[0].lable = text("typo");
      m.hooks[0].timeout = 100;
    });
    expect(manifest).toBeDefined();
    expect(issues).toHaveLength(3);
    expect(issues).toEqual(
      expect.arrayContaining([
        { code: "unknown_key", severity: "warning", path: "permisions", params: { key: "permisions" } },
        { code: "unknown_key", severity: "warning", path: "hooks[0].timeout", params: { key: "timeout" } },
        { code: "unknown_key", severity: "warning", path: "contributes.objects[0].fields[0].lable", params: { key: "lable" } },
      ]),
    );
  });

  it("warns about a permission listed twice and a trigger whose event the plugin cannot emit", () => {
    const { issues } = lint((m) => {
      m.permissions.push("tasks:create");
      m.contributes.automationTriggers = [{ name: "acme_sample__noteLogged", event: "acme.sample.noteLogged", label: text("N") }];
    });
    expect(issues.map((i) => [i.code, i.severity, i.path])).toEqual([
      ["permission_duplicate", "warning", "permissions[2]"],
      ["trigger_needs_emit", "warning", "contributes.automationTriggers[0].event"],
    ]);
  });

  it("warns about a computed field in a form", () => {
    const { issues } = lint((m) => (visitNote(m).fields[4].computed = true));
    expect(issues).toEqual([expect.objectContaining({ code: "form_computed_field", severity: "warning", path: "contributes.objects[0].views.form.fields[5]" })]);
  });

  it("warns about a report hook no report names (it would never run)", () => {
    const { issues } = lint((m) => m.hooks.push({ name: "stock", kind: "report" }));
    expect(issues).toEqual([{ code: "report_hook_unused", severity: "warning", path: "hooks[2]", params: { hook: "stock" } }]);
  });

  it("fills a report's defaults: both surfaces, every partner role, no params", () => {
    const { manifest, issues } = lint((m) => {
      m.hooks.push({ name: "visitsByCustomer", kind: "report" });
      m.contributes.reports = [{ name: "acme_sample__visits", label: text("Visits"), hook: "visitsByCustomer", columns: [{ key: "n", label: text("N"), type: "integer" }] }];
      m.contributes.homeWidgets = [{ name: "acme_sample__w", report: "acme_sample__visits", surface: "platform", title: text("W") }];
    });
    expect(issues).toEqual([]);
    expect(manifest?.contributes.reports[0]).toMatchObject({ surfaces: ["platform", "portal"], roles: ["admin", "manager", "rep"], params: [] });
    expect(manifest?.contributes.homeWidgets[0]?.maxRows).toBe(5);
    expect(manifest?.contributes.objects[0]?.importable).toBe(false);
  });

  it("warns about a commission hook no rule type names (it would never run)", () => {
    const { issues } = lint((m) => m.hooks.push({ name: "rebate", kind: "commission" }));
    expect(issues).toEqual([{ code: "commission_hook_unused", severity: "warning", path: "hooks[2]", params: { hook: "rebate" } }]);
  });

  const shapes: [string, unknown, Partial<LintIssue>][] = [
    ["a missing id", { ...sample, id: undefined }, { path: "id", params: { sub: "required" } }],
    ["an id that is not a plugin id", { ...sample, id: "Acme Sample" }, { path: "id", params: { sub: "pluginId" } }],
    ["a version that is not semver", { ...sample, version: "1.0" }, { path: "version", params: { sub: "semver" } }],
    ["an empty zh-CN name", { ...sample, name: { ...sample.name, "zh-CN": "" } }, { path: "name.zh-CN", params: { sub: "too_short", minimum: 1 } }],
    ["no surfaces", { ...sample, surfaces: [] }, { path: "surfaces", params: { sub: "too_few", minimum: 1 } }],
    ["four categories", { ...sample, categories: ["sales", "service", "finance", "industry"] }, { path: "categories", params: { sub: "too_many", maximum: 3 } }],
    ["an unknown surface", { ...sample, surfaces: ["mobile"] }, { path: "surfaces[0]", params: { sub: "one_of", options: "platform, portal" } }],
    ["an unknown hook kind", { ...sample, hooks: [{ name: "x", kind: "cron" }] }, { path: "hooks[0].kind", params: { sub: "one_of", options: "validate, compute, event, schedule, commission, report" } }],
    ["a report without columns", { ...sample, contributes: { reports: [{ name: "acme_sample__r", label: sample.name, hook: "h", columns: [] }] } }, { path: "contributes.reports[0].columns", params: { sub: "too_few", minimum: 1 } }],
    ["a report column of an unknown type", { ...sample, contributes: { reports: [{ name: "acme_sample__r", label: sample.name, hook: "h", columns: [{ key: "a", label: sample.name, type: "chart" }] }] } }, { path: "contributes.reports[0].columns[0].type", params: { sub: "one_of" } }],
    ["a report column key that is not lowerCamel", { ...sample, contributes: { reports: [{ name: "acme_sample__r", label: sample.name, hook: "h", columns: [{ key: "Total Amount", label: sample.name, type: "money" }] }] } }, { path: "contributes.reports[0].columns[0].key", params: { sub: "pattern" } }],
    ["a home widget of 50 rows", { ...sample, contributes: { homeWidgets: [{ name: "acme_sample__w", report: "acme_sample__r", surface: "portal", title: sample.name, maxRows: 50 }] } }, { path: "contributes.homeWidgets[0].maxRows", params: { sub: "too_big", maximum: 20 } }],
    ["a report for an unknown role", { ...sample, contributes: { reports: [{ name: "acme_sample__r", label: sample.name, hook: "h", roles: ["owner"], columns: [{ key: "a", label: sample.name, type: "text" }] }] } }, { path: "contributes.reports[0].roles[0]", params: { sub: "one_of" } }],
    ["a made-up permission", { ...sample, permissions: ["records:delete:lead"] }, { path: "permissions[0]", params: { sub: "permission" } }],
    ["a publisher email that is not one", { ...sample, publisher: { name: "A", email: "nope" } }, { path: "publisher.email", params: { sub: "email" } }],
    ["a name that is not text", { ...sample, publisher: { name: 42 } }, { path: "publisher.name", params: { sub: "type_string" } }],
    ["a fractional maxLength", { ...sample, contributes: { objects: [{ ...sample.contributes.objects[0], fields: [{ ...sample.contributes.objects[0].fields[0], maxLength: 1.5 }] }] } }, { path: "contributes.objects[0].fields[0].maxLength", params: { sub: "type_int" } }],
    ["a field name with a space", { ...sample, contributes: { objects: [{ ...sample.contributes.objects[0], fields: [{ ...sample.contributes.objects[0].fields[0], name: "my field" }] }] } }, { path: "contributes.objects[0].fields[0].name", params: { sub: "pattern" } }],
  ];

  it.each(shapes)("reports shape errors with path and sub-code: %s", (_name, input, expected) => {
    const result = lintManifest(input, { hostVersion: HOST });
    expect(result.manifest).toBeUndefined();
    expect(result.issues).toContainEqual(expect.objectContaining({ code: "shape", severity: "error", ...expected, params: expect.objectContaining(expected.params) }));
  });

  it("reports a manifest that is not an object as a shape error at the root", () => {
    expect(lintManifest([], { hostVersion: HOST }).issues).toEqual([{ code: "shape", severity: "error", path: "", params: { sub: "type_object" } }]);
  });

  it("names the translation key of an issue", () => {
    expect(lintIssueKey({ code: "shape", severity: "error", path: "id", params: { sub: "pluginId" } })).toBe("lint.shape.pluginId");
    expect(lintIssueKey({ code: "cron_never", severity: "error", path: "", params: {} })).toBe("lint.cron_never");
  });
});

describe("checkCron", () => {
  it.each([
    ["*/5 * * * *", 5],
    ["0,30 * * * *", 30],
    ["0 * * * *", 60],
    ["55 23 * * *", 1440],
    ["58,59 23 * * *", 1],
    ["0,3 * * * *", 3],
    ["*/4 * * * *", 4],
    ["59 * * * *", 60],
    ["0,59 0,23 * * *", 1],
    ["0 9 * * 1-5", 1440],
    ["0 9 1 * 1", 1440],
    ["0 9 * JAN *", 1440],
    ["0 0 1 */3 *", 129600],
  ])("%s runs at most every %i minutes", (cron, minutes) => {
    expect(checkCron(cron)).toEqual({ ok: true, minGapMinutes: minutes });
  });

  it.each(["* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "5-1 * * * *", "*/0 * * * *", "a * * * *", "1-2-3 * * * *", "1/2/3 * * * *"])(
    "refuses %s",
    (cron) => {
      expect(checkCron(cron)).toEqual({ ok: false, reason: "invalid" });
    },
  );

  it("knows a date that never comes", () => {
    expect(checkCron("0 0 30 2 *")).toEqual({ ok: false, reason: "never" });
  });

  it("treats Sunday as 0 and 7", () => {
    expect(checkCron("0 0 * * 0")).toEqual(checkCron("0 0 * * 7"));
  });
});
