import semver from "semver";
import { z } from "zod";
import { ZPluginManifest, type TCustomObject, type TFieldDefinition, type TPluginManifest } from "./manifest.ts";
import { hasPermission, isCoreObject, isNamespacedBy, namespaceOf, parsePermission } from "./permissions.ts";

/**
 * Manifest lint: everything the zod schema cannot say on its own. It returns codes and parameters,
 * never prose, so the CLI, the upload checks and the reviewer's screen translate the same issue into
 * the reader's language (`lintIssueKey` gives the key in the plugins locale files).
 */

export const LINT_CODES = [
  "shape",
  "unknown_key",
  "namespace",
  "duplicate_name",
  "object_field_unknown",
  "locked_when_type",
  "form_required_missing",
  "form_computed_field",
  "field_options_missing",
  "field_reference_missing",
  "field_range",
  "reference_target",
  "relation_target",
  "pipeline_object",
  "pipeline_stage_duplicate",
  "pipeline_no_open_stage",
  "pipeline_won_lost",
  "trigger_event_foreign",
  "trigger_needs_emit",
  "rule_type_hook",
  "commission_hook_unused",
  "list_column_field",
  "panel_field",
  "panel_related_object",
  "panel_empty",
  "navigation_object",
  "navigation_target",
  "navigation_report",
  "report_hook",
  "report_hook_unused",
  "report_column_duplicate",
  "report_column_link",
  "widget_report",
  "widget_surface",
  "document_field",
  "document_lines",
  "surface_undeclared",
  "hook_object",
  "hook_delete_object",
  "event_permission",
  "event_unknown_object",
  "event_unknown_verb",
  "event_foreign",
  "event_unknown",
  "schedule_permission",
  "cron_invalid",
  "cron_never",
  "cron_too_frequent",
  "permission_duplicate",
  "permission_foreign_object",
  "permission_unknown_object",
  "personal_permission",
  "setting_default_type",
  "engines_range_invalid",
  "engines_unsatisfied",
  "zh_tw_missing",
] as const;
export type LintCode = (typeof LINT_CODES)[number];

/** What went wrong in a `shape` issue; the key is `lint.shape.<sub>`. */
export const SHAPE_SUBCODES = [
  "required",
  "type_string",
  "type_object",
  "type_array",
  "type_number",
  "type_int",
  "type_boolean",
  "type",
  "too_short",
  "too_long",
  "too_few",
  "too_many",
  "too_small",
  "too_big",
  "pattern",
  "pluginId",
  "semver",
  "namespaced",
  "objectRef",
  "permission",
  "email",
  "url",
  "one_of",
  "invalid",
] as const;
export type ShapeSubcode = (typeof SHAPE_SUBCODES)[number];

export type LintSeverity = "error" | "warning";
export type LintIssue = {
  code: LintCode;
  severity: LintSeverity;
  /** Where in manifest.json, e.g. `contributes.objects[0].views.form.fields[2]`; empty for the whole file. */
  path: string;
  params: Record<string, string | number>;
};
export type LintResult = { manifest?: TPluginManifest; issues: LintIssue[] };

/** Schedule hooks may not run more often than this. */
export const MIN_SCHEDULE_MINUTES = 5;
const RECORD_EVENT_VERBS = ["created", "updated", "deleted"] as const;
/** Records of an object with a pipeline also announce their moves between its stages. */
const STAGE_EVENT_VERB = "stageChanged";
/** The reference target that points at a partner organisation (fields and report links). */
export const PARTNER_REFERENCE = "partner";
/** The core objects whose pipelines a plugin may contribute (their stages are core Pipeline rows). */
export const PIPELINE_CORE_OBJECTS = ["opportunity"] as const;

/** The i18n key that says an issue in words (plugins locale files, `lint.*`). */
export function lintIssueKey(issue: LintIssue): string {
  return issue.code === "shape" ? `lint.shape.${String(issue.params.sub)}` : `lint.${issue.code}`;
}

export function hasLintErrors(issues: readonly LintIssue[]): boolean {
  return issues.some((issue) => issue.severity === "error");
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

export function lintManifest(input: unknown, options: { hostVersion: string }): LintResult {
  const issues: LintIssue[] = [];
  if (input !== null && typeof input === "object" && !Array.isArray(input)) unknownKeys(ZPluginManifest, input, [], issues);
  const parsed = ZPluginManifest.safeParse(input);
  if (!parsed.success) {
    return { issues: [...parsed.error.issues.map((issue) => shapeIssue(issue, input)), ...issues] };
  }
  const manifest = parsed.data;
  new ManifestChecks(manifest, options.hostVersion, issues).run();
  return { manifest, issues };
}

function shapeIssue(issue: z.core.$ZodIssue, input: unknown): LintIssue {
  const path = formatPath(issue.path);
  const make = (sub: ShapeSubcode, params: Record<string, string | number> = {}): LintIssue => ({
    code: "shape",
    severity: "error",
    path,
    params: { sub, ...params },
  });
  switch (issue.code) {
    case "invalid_type": {
      if (valueAt(input, issue.path) === undefined) return make("required");
      const sub = `type_${issue.expected}`;
      return make((SHAPE_SUBCODES as readonly string[]).includes(sub) ? (sub as ShapeSubcode) : "type");
    }
    case "too_small": {
      const minimum = Number(issue.minimum);
      if (issue.origin === "string") return make("too_short", { minimum });
      if (issue.origin === "array" || issue.origin === "set") return make("too_few", { minimum });
      return make("too_small", { minimum });
    }
    case "too_big": {
      const maximum = Number(issue.maximum);
      if (issue.origin === "string") return make("too_long", { maximum });
      if (issue.origin === "array" || issue.origin === "set") return make("too_many", { maximum });
      return make("too_big", { maximum });
    }
    case "invalid_format": {
      if (issue.format === "email") return make("email");
      if (issue.format === "url") return make("url");
      // Patterns that carry a name (manifest.ts passes it as the message) get a sentence of their own.
      const named = ["pluginId", "semver", "namespaced", "objectRef"] as const;
      const name = named.find((n) => n === issue.message);
      if (name) return make(name);
      return make("pattern", { pattern: "pattern" in issue && typeof issue.pattern === "string" ? issue.pattern : "" });
    }
    case "invalid_value":
      return make("one_of", { options: issue.values.map(String).join(", ") });
    case "invalid_union":
      if ("options" in issue && Array.isArray(issue.options)) return make("one_of", { options: issue.options.map(String).join(", ") });
      return make("invalid");
    case "custom":
      return make(issue.message === "permission" ? "permission" : "invalid");
    default:
      return make("invalid");
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

/** zod strips keys it does not know; a misspelt key ("permisions") would silently vanish, so say so. */
function unknownKeys(schema: z.ZodType, value: unknown, path: PropertyKey[], issues: LintIssue[]): void {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) {
    unknownKeys(schema.unwrap() as z.ZodType, value, path, issues);
    return;
  }
  if (value === null || typeof value !== "object") return;
  if (schema instanceof z.ZodArray) {
    if (!Array.isArray(value)) return;
    value.forEach((item, index) => unknownKeys(schema.element as z.ZodType, item, [...path, index], issues));
    return;
  }
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const discriminator = (schema.def as { discriminator: string }).discriminator;
    const tag = (value as Record<string, unknown>)[discriminator];
    const option = (schema.options as z.ZodType[]).find(
      (candidate) =>
        candidate instanceof z.ZodObject &&
        candidate.shape[discriminator] instanceof z.ZodLiteral &&
        (candidate.shape[discriminator] as z.ZodLiteral).values.has(tag as never),
    );
    if (option) unknownKeys(option, value, path, issues);
    return;
  }
  if (schema instanceof z.ZodObject && !Array.isArray(value)) {
    const shape = schema.shape as Record<string, z.ZodType>;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const childSchema = shape[key];
      if (!childSchema) {
        issues.push({ code: "unknown_key", severity: "warning", path: formatPath([...path, key]), params: { key } });
        continue;
      }
      unknownKeys(childSchema, child, [...path, key], issues);
    }
  }
}

class ManifestChecks {
  private readonly ns: string;
  private readonly ownObjects: Map<string, TPluginManifest["contributes"]["objects"][number]>;
  private readonly ownFieldsByObject: Map<string, Set<string>>;

  constructor(
    private readonly manifest: TPluginManifest,
    private readonly hostVersion: string,
    private readonly issues: LintIssue[],
  ) {
    this.ns = namespaceOf(manifest.id);
    this.ownObjects = new Map(manifest.contributes.objects.map((o) => [o.name, o]));
    this.ownFieldsByObject = new Map();
    for (const field of manifest.contributes.fields) {
      const set = this.ownFieldsByObject.get(field.object) ?? new Set<string>();
      set.add(field.name);
      this.ownFieldsByObject.set(field.object, set);
    }
  }

  run(): void {
    this.engines();
    this.permissions();
    this.customFields();
    this.objects();
    this.pipelines();
    this.triggers();
    this.ruleTypes();
    this.listColumns();
    this.recordPanels();
    this.reports();
    this.homeWidgets();
    this.navigation();
    this.hooks();
    this.settings();
    this.zhTw();
  }

  private add(code: LintCode, path: PropertyKey[], params: Record<string, string | number> = {}, severity: LintSeverity = "error"): void {
    this.issues.push({ code, severity, path: formatPath(path), params });
  }

  private isOwnOrCore(object: string): boolean {
    return isCoreObject(object) || this.ownObjects.has(object);
  }

  /** What a reference field or a report link may point at: also `partner` (the tenant's organisations). */
  private isReferenceTarget(object: string): boolean {
    return object === PARTNER_REFERENCE || this.isOwnOrCore(object);
  }

  private namespaced(name: string, path: PropertyKey[]): void {
    if (!isNamespacedBy(name, this.manifest.id)) this.add("namespace", path, { name, prefix: `${this.ns}__` });
  }

  private duplicates(names: readonly string[], path: (index: number) => PropertyKey[]): void {
    const seen = new Set<string>();
    names.forEach((name, index) => {
      if (seen.has(name)) this.add("duplicate_name", path(index), { name });
      seen.add(name);
    });
  }

  private engines(): void {
    const range = this.manifest.engines.qudao;
    if (semver.validRange(range) === null) {
      this.add("engines_range_invalid", ["engines", "qudao"], { range });
      return;
    }
    if (!semver.satisfies(this.hostVersion, range, { includePrerelease: true })) {
      this.add("engines_unsatisfied", ["engines", "qudao"], { range, hostVersion: this.hostVersion });
    }
  }

  private permissions(): void {
    const seen = new Set<string>();
    this.manifest.permissions.forEach((text, index) => {
      const path = ["permissions", index];
      if (seen.has(text)) this.add("permission_duplicate", path, { permission: text }, "warning");
      seen.add(text);
      const permission = parsePermission(text);
      if (permission?.area !== "records" || isCoreObject(permission.object)) return;
      if (!isNamespacedBy(permission.object, this.manifest.id)) {
        this.add("permission_foreign_object", path, { permission: text, object: permission.object });
      } else if (!this.ownObjects.has(permission.object)) {
        this.add("permission_unknown_object", path, { permission: text, object: permission.object });
      }
    });
  }

  private fieldDefinition(field: TFieldDefinition, path: PropertyKey[]): void {
    if ((field.type === "select" || field.type === "multiSelect") && !field.options?.length) {
      this.add("field_options_missing", [...path, "options"], { field: field.name });
    }
    if (field.options) this.duplicates(field.options.map((o) => o.value), (i) => [...path, "options", i, "value"]);
    if (field.type === "reference") {
      if (!field.reference) this.add("field_reference_missing", [...path, "reference"], { field: field.name });
      else if (!this.isReferenceTarget(field.reference)) this.add("reference_target", [...path, "reference"], { field: field.name, object: field.reference });
    }
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      this.add("field_range", [...path, "min"], { field: field.name, min: field.min, max: field.max });
    }
  }

  private customFields(): void {
    const fields = this.manifest.contributes.fields;
    fields.forEach((field, index) => {
      const path = ["contributes", "fields", index];
      this.namespaced(field.name, [...path, "name"]);
      this.fieldDefinition(field, path);
      if (field.personal && field.object === "customer" && !hasPermission(this.manifest.permissions, "customers:read:contact")) {
        this.add("personal_permission", [...path, "personal"], { field: field.name });
      }
    });
    this.duplicates(
      fields.map((f) => `${f.object}.${f.name}`),
      (i) => ["contributes", "fields", i, "name"],
    );
  }

  private objects(): void {
    const objects = this.manifest.contributes.objects;
    this.duplicates(
      objects.map((o) => o.name),
      (i) => ["contributes", "objects", i, "name"],
    );
    objects.forEach((object, index) => {
      const path = ["contributes", "objects", index];
      this.namespaced(object.name, [...path, "name"]);
      const fields = new Map(object.fields.map((f) => [f.name, f]));
      const relations = new Set(object.relations.map((r) => r.name));
      this.duplicates([...object.fields.map((f) => f.name), ...object.relations.map((r) => r.name)], (i) =>
        i < object.fields.length ? [...path, "fields", i, "name"] : [...path, "relations", i - object.fields.length, "name"],
      );
      object.fields.forEach((field, i) => this.fieldDefinition(field, [...path, "fields", i]));
      object.relations.forEach((relation, i) => {
        if (!this.isOwnOrCore(relation.to)) this.add("relation_target", [...path, "relations", i, "to"], { relation: relation.name, object: relation.to });
      });

      const known = (name: string) => fields.has(name) || relations.has(name);
      const refer = (name: string, at: PropertyKey[]) => {
        if (!known(name)) this.add("object_field_unknown", at, { object: object.name, field: name });
      };
      if (!fields.has(object.titleField)) this.add("object_field_unknown", [...path, "titleField"], { object: object.name, field: object.titleField });
      if (object.lockedWhen !== undefined) {
        const locked = fields.get(object.lockedWhen);
        if (!locked) this.add("object_field_unknown", [...path, "lockedWhen"], { object: object.name, field: object.lockedWhen });
        else if (locked.type !== "boolean") this.add("locked_when_type", [...path, "lockedWhen"], { object: object.name, field: object.lockedWhen });
      }
      if (object.views.document) this.documentView(object, [...path, "views", "document"]);
      object.views.list.columns.forEach((name, i) => refer(name, [...path, "views", "list", "columns", i]));
      object.views.detail.sections.forEach((section, s) =>
        section.fields.forEach((name, i) => refer(name, [...path, "views", "detail", "sections", s, "fields", i])),
      );
      const form = object.views.form.fields;
      form.forEach((name, i) => {
        refer(name, [...path, "views", "form", "fields", i]);
        if (fields.get(name)?.computed) this.add("form_computed_field", [...path, "views", "form", "fields", i], { object: object.name, field: name }, "warning");
      });
      // A required value that no form asks for makes the object impossible to create.
      for (const field of object.fields) {
        if (field.required && !field.computed && !form.includes(field.name)) {
          this.add("form_required_missing", [...path, "views", "form", "fields"], { object: object.name, field: field.name });
        }
      }
      for (const relation of object.relations) {
        if (relation.required && !form.includes(relation.name)) {
          this.add("form_required_missing", [...path, "views", "form", "fields"], { object: object.name, field: relation.name });
        }
      }
    });
  }

  /** The PDF document of a record: header fields of the object, lines from an own object pointing back at it. */
  private documentView(object: TCustomObject, path: PropertyKey[]): void {
    const document = object.views.document;
    if (!document) return;
    const known = new Set([...object.fields.map((f) => f.name), ...object.relations.map((r) => r.name)]);
    document.fields.forEach((name, i) => {
      if (!known.has(name)) this.add("document_field", [...path, "fields", i], { object: object.name, field: name });
    });
    const lines = document.lines;
    if (!lines) return;
    const lineObject = this.ownObjects.get(lines.object);
    if (!lineObject) {
      this.add("document_lines", [...path, "lines", "object"], { object: object.name, lines: lines.object });
      return;
    }
    const relation = lineObject.relations.find((r) => r.name === lines.relation);
    if (!relation || relation.kind !== "manyToOne" || relation.to !== object.name) {
      this.add("document_lines", [...path, "lines", "relation"], { object: object.name, lines: lines.object, relation: lines.relation });
    }
    const lineFields = new Map(lineObject.fields.map((f) => [f.name, f]));
    lines.columns.forEach((name, i) => {
      if (!lineFields.has(name)) this.add("document_field", [...path, "lines", "columns", i], { object: lines.object, field: name });
    });
    lines.totals.forEach((name, i) => {
      const field = lineFields.get(name);
      if (field?.type !== "decimal" && field?.type !== "integer") this.add("document_field", [...path, "lines", "totals", i], { object: lines.object, field: name });
    });
  }

  private pipelines(): void {
    const pipelines = this.manifest.contributes.pipelines;
    this.duplicates(
      pipelines.map((p) => p.name),
      (i) => ["contributes", "pipelines", i, "name"],
    );
    pipelines.forEach((pipeline, index) => {
      const path = ["contributes", "pipelines", index];
      this.namespaced(pipeline.name, [...path, "name"]);
      const onCore = (PIPELINE_CORE_OBJECTS as readonly string[]).includes(pipeline.object);
      if (!onCore && !this.ownObjects.has(pipeline.object)) this.add("pipeline_object", [...path, "object"], { pipeline: pipeline.name, object: pipeline.object });
      const keys = new Set<string>();
      pipeline.stages.forEach((stage, i) => {
        if (keys.has(stage.key)) this.add("pipeline_stage_duplicate", [...path, "stages", i, "key"], { pipeline: pipeline.name, key: stage.key });
        keys.add(stage.key);
      });
      const count = (kind: "open" | "won" | "lost") => pipeline.stages.filter((s) => s.kind === kind).length;
      // A record starts in the first open stage: without one it could not start at all.
      if (count("open") === 0) this.add("pipeline_no_open_stage", [...path, "stages"], { pipeline: pipeline.name });
      // Opportunities are won or lost exactly one way (the forecast and the core pipeline rules rely on it).
      if (onCore && (count("won") !== 1 || count("lost") !== 1)) this.add("pipeline_won_lost", [...path, "stages"], { pipeline: pipeline.name, object: pipeline.object });
    });
  }

  private ownEventName(event: string): boolean {
    const prefix = `${this.manifest.id}.`;
    return event.startsWith(prefix) && /^[a-z][a-zA-Z0-9]*$/.test(event.slice(prefix.length));
  }

  private triggers(): void {
    const triggers = this.manifest.contributes.automationTriggers;
    this.duplicates(
      triggers.map((t) => t.name),
      (i) => ["contributes", "automationTriggers", i, "name"],
    );
    triggers.forEach((trigger, index) => {
      const path = ["contributes", "automationTriggers", index];
      this.namespaced(trigger.name, [...path, "name"]);
      this.duplicates(
        trigger.fields.map((f) => f.name),
        (i) => [...path, "fields", i, "name"],
      );
      if (!this.ownEventName(trigger.event)) {
        this.add("trigger_event_foreign", [...path, "event"], { event: trigger.event, prefix: `${this.manifest.id}.` });
      } else if (!hasPermission(this.manifest.permissions, "events:emit")) {
        this.add("trigger_needs_emit", [...path, "event"], { event: trigger.event }, "warning");
      }
    });
  }

  private ruleTypes(): void {
    const ruleTypes = this.manifest.contributes.commissionRuleTypes;
    this.duplicates(
      ruleTypes.map((r) => r.name),
      (i) => ["contributes", "commissionRuleTypes", i, "name"],
    );
    ruleTypes.forEach((ruleType, index) => {
      const path = ["contributes", "commissionRuleTypes", index];
      this.namespaced(ruleType.name, [...path, "name"]);
      const hook = this.manifest.hooks.find((h) => h.name === ruleType.hook);
      if (hook?.kind !== "commission") this.add("rule_type_hook", [...path, "hook"], { ruleType: ruleType.name, hook: ruleType.hook });
      this.duplicates(
        ruleType.params.map((p) => p.name),
        (i) => [...path, "params", i, "name"],
      );
      ruleType.params.forEach((param, i) => this.fieldDefinition(param, [...path, "params", i]));
    });
  }

  private contributesField(object: string, field: string): boolean {
    return this.ownFieldsByObject.get(object)?.has(field) ?? false;
  }

  private listColumns(): void {
    const columns = this.manifest.contributes.listColumns;
    columns.forEach((column, index) => {
      if (!this.contributesField(column.object, column.field)) {
        this.add("list_column_field", ["contributes", "listColumns", index, "field"], { object: column.object, field: column.field });
      }
    });
    this.duplicates(
      columns.map((c) => `${c.object}.${c.field}`),
      (i) => ["contributes", "listColumns", i, "field"],
    );
  }

  private surface(surface: string, path: PropertyKey[]): void {
    if (!(this.manifest.surfaces as readonly string[]).includes(surface)) this.add("surface_undeclared", path, { surface });
  }

  private recordPanels(): void {
    const panels = this.manifest.contributes.recordPanels;
    this.duplicates(
      panels.map((p) => p.name),
      (i) => ["contributes", "recordPanels", i, "name"],
    );
    panels.forEach((panel, index) => {
      const path = ["contributes", "recordPanels", index];
      this.namespaced(panel.name, [...path, "name"]);
      panel.fields.forEach((field, i) => {
        if (!this.contributesField(panel.object, field)) this.add("panel_field", [...path, "fields", i], { object: panel.object, field });
      });
      if (panel.relatedObject !== undefined && !this.ownObjects.has(panel.relatedObject)) {
        this.add("panel_related_object", [...path, "relatedObject"], { object: panel.relatedObject });
      }
      if (panel.fields.length === 0 && panel.relatedObject === undefined) this.add("panel_empty", path, { panel: panel.name });
      panel.surfaces.forEach((surface, i) => this.surface(surface, [...path, "surfaces", i]));
    });
  }

  private reports(): void {
    const reports = this.manifest.contributes.reports;
    this.duplicates(
      reports.map((r) => r.name),
      (i) => ["contributes", "reports", i, "name"],
    );
    reports.forEach((report, index) => {
      const path = ["contributes", "reports", index];
      this.namespaced(report.name, [...path, "name"]);
      const hook = this.manifest.hooks.find((h) => h.name === report.hook);
      if (hook?.kind !== "report") this.add("report_hook", [...path, "hook"], { report: report.name, hook: report.hook });
      report.surfaces.forEach((surface, i) => this.surface(surface, [...path, "surfaces", i]));
      this.duplicates(
        report.params.map((p) => p.name),
        (i) => [...path, "params", i, "name"],
      );
      report.params.forEach((param, i) => this.fieldDefinition(param, [...path, "params", i]));
      const keys = new Set<string>();
      report.columns.forEach((column, i) => {
        if (keys.has(column.key)) this.add("report_column_duplicate", [...path, "columns", i, "key"], { report: report.name, key: column.key });
        keys.add(column.key);
        if (column.options) this.duplicates(column.options.map((o) => o.value), (o) => [...path, "columns", i, "options", o, "value"]);
        if (column.link !== undefined && !this.isReferenceTarget(column.link)) {
          this.add("report_column_link", [...path, "columns", i, "link"], { report: report.name, key: column.key, object: column.link });
        }
      });
    });
  }

  private homeWidgets(): void {
    const widgets = this.manifest.contributes.homeWidgets;
    this.duplicates(
      widgets.map((w) => w.name),
      (i) => ["contributes", "homeWidgets", i, "name"],
    );
    widgets.forEach((widget, index) => {
      const path = ["contributes", "homeWidgets", index];
      this.namespaced(widget.name, [...path, "name"]);
      this.surface(widget.surface, [...path, "surface"]);
      const report = this.manifest.contributes.reports.find((r) => r.name === widget.report);
      if (!report) this.add("widget_report", [...path, "report"], { widget: widget.name, report: widget.report });
      else if (!(report.surfaces as readonly string[]).includes(widget.surface)) {
        this.add("widget_surface", [...path, "surface"], { widget: widget.name, report: widget.report, surface: widget.surface });
      }
    });
  }

  private navigation(): void {
    const items = this.manifest.contributes.navigation;
    this.duplicates(
      items.map((n) => n.name),
      (i) => ["contributes", "navigation", i, "name"],
    );
    items.forEach((item, index) => {
      const path = ["contributes", "navigation", index];
      this.namespaced(item.name, [...path, "name"]);
      this.surface(item.surface, [...path, "surface"]);
      if ((item.object === undefined) === (item.report === undefined)) {
        this.add("navigation_target", path, { navigation: item.name });
        return;
      }
      if (item.object !== undefined && !this.ownObjects.has(item.object)) this.add("navigation_object", [...path, "object"], { object: item.object });
      if (item.report !== undefined) {
        const report = this.manifest.contributes.reports.find((r) => r.name === item.report);
        if (!report) this.add("navigation_report", [...path, "report"], { navigation: item.name, report: item.report });
        else if (!(report.surfaces as readonly string[]).includes(item.surface)) {
          this.add("navigation_report", [...path, "surface"], { navigation: item.name, report: item.report });
        }
      }
    });
  }

  private hooks(): void {
    const hooks = this.manifest.hooks;
    this.duplicates(
      hooks.map((h) => h.name),
      (i) => ["hooks", i, "name"],
    );
    hooks.forEach((hook, index) => {
      const path = ["hooks", index];
      switch (hook.kind) {
        case "validate":
        case "compute":
          if (!this.isOwnOrCore(hook.object)) this.add("hook_object", [...path, "object"], { hook: hook.name, object: hook.object });
          // Deletions are checked on the plugin's own objects only (core records are not deleted through hooks' objects).
          else if (hook.kind === "validate" && hook.on.includes("delete") && !this.ownObjects.has(hook.object)) this.add("hook_delete_object", [...path, "on"], { hook: hook.name, object: hook.object });
          return;
        case "event":
          hook.events.forEach((event, i) => this.eventSubscription(event, [...path, "events", i]));
          return;
        case "schedule":
          if (!hasPermission(this.manifest.permissions, "schedule")) this.add("schedule_permission", path, { hook: hook.name });
          this.cron(hook.cron, [...path, "cron"]);
          return;
        case "commission":
          // Only a rule type makes the host call it; one nobody names is dead code.
          if (!this.manifest.contributes.commissionRuleTypes.some((r) => r.hook === hook.name)) this.add("commission_hook_unused", path, { hook: hook.name }, "warning");
          return;
        case "report":
          if (!this.manifest.contributes.reports.some((r) => r.hook === hook.name)) this.add("report_hook_unused", path, { hook: hook.name }, "warning");
          return;
      }
    });
  }

  private eventSubscription(event: string, path: PropertyKey[]): void {
    if (this.ownEventName(event)) return;
    const dot = event.indexOf(".");
    const subject = event.slice(0, dot);
    const verb = event.slice(dot + 1);
    if (subject.includes("__")) {
      if (!isNamespacedBy(subject, this.manifest.id)) this.add("event_foreign", path, { event });
      else if (!this.ownObjects.has(subject)) this.add("event_unknown_object", path, { event, object: subject });
      else {
        const hasPipeline = this.manifest.contributes.pipelines.some((p) => p.object === subject);
        const verbs: string[] = [...RECORD_EVENT_VERBS, ...(hasPipeline ? [STAGE_EVENT_VERB] : [])];
        if (!verbs.includes(verb)) this.add("event_unknown_verb", path, { event, verbs: verbs.join(", ") });
      }
      return;
    }
    // Plugin ids have at least two segments, so `<a>.<b>.<c>` that is not ours is another plugin's event.
    if (verb.includes(".")) {
      this.add("event_foreign", path, { event });
      return;
    }
    if (!isCoreObject(subject)) {
      this.add("event_unknown", path, { event });
      return;
    }
    const needed = `records:read:${subject}`;
    if (!hasPermission(this.manifest.permissions, needed)) this.add("event_permission", path, { event, permission: needed });
  }

  private cron(expression: string, path: PropertyKey[]): void {
    const check = checkCron(expression);
    if (!check.ok) this.add(check.reason === "never" ? "cron_never" : "cron_invalid", path, { cron: expression });
    else if (check.minGapMinutes < MIN_SCHEDULE_MINUTES) {
      this.add("cron_too_frequent", path, { cron: expression, minutes: MIN_SCHEDULE_MINUTES });
    }
  }

  private settings(): void {
    const settings = this.manifest.settings;
    this.duplicates(
      settings.map((s) => s.key),
      (i) => ["settings", i, "key"],
    );
    settings.forEach((setting, index) => {
      const path = ["settings", index];
      if (setting.type === "select" && !setting.options?.length) this.add("field_options_missing", [...path, "options"], { field: setting.key });
      if (setting.default === undefined) return;
      const fits =
        setting.type === "boolean"
          ? typeof setting.default === "boolean"
          : setting.type === "integer"
            ? Number.isInteger(setting.default)
            : setting.type === "decimal"
              ? typeof setting.default === "number" || (typeof setting.default === "string" && /^-?\d+(\.\d+)?$/.test(setting.default))
              : setting.type === "select"
                ? setting.options?.some((o) => o.value === setting.default) === true
                : typeof setting.default === "string";
      if (!fits) this.add("setting_default_type", [...path, "default"], { setting: setting.key, type: setting.type });
    });
  }

  /** One warning for all texts without zh-TW: the host converts zh-CN, which is usually fine but not always idiomatic. */
  private zhTw(): void {
    const missing: string[] = [];
    const walk = (value: unknown, path: PropertyKey[]) => {
      if (value === null || typeof value !== "object") return;
      if (Array.isArray(value)) {
        value.forEach((item, i) => walk(item, [...path, i]));
        return;
      }
      const record = value as Record<string, unknown>;
      if (typeof record["zh-CN"] === "string" && typeof record.en === "string") {
        if (record["zh-TW"] === undefined) missing.push(formatPath(path));
        return;
      }
      for (const [key, child] of Object.entries(record)) walk(child, [...path, key]);
    };
    walk(this.manifest, []);
    const first = missing[0];
    if (first !== undefined) this.issues.push({ code: "zh_tw_missing", severity: "warning", path: first, params: { count: missing.length } });
  }
}

const CRON_FIELDS = [
  { min: 0, max: 59, names: [] as string[] },
  { min: 0, max: 23, names: [] as string[] },
  { min: 1, max: 31, names: [] as string[] },
  { min: 1, max: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] },
  { min: 0, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
] as const;

function cronField(text: string, spec: (typeof CRON_FIELDS)[number]): Set<number> | null {
  const out = new Set<number>();
  const value = (token: string): number | null => {
    const named = (spec.names as readonly string[]).indexOf(token.toUpperCase());
    if (named >= 0) return named + spec.min;
    if (!/^\d+$/.test(token)) return null;
    const n = Number(token);
    return n >= spec.min && n <= spec.max ? n : null;
  };
  for (const item of text.split(",")) {
    const [range, stepText, extra] = item.split("/");
    if (range === undefined || extra !== undefined) return null;
    const step = stepText === undefined ? 1 : /^\d+$/.test(stepText) ? Number(stepText) : 0;
    if (step < 1) return null;
    let from: number | null;
    let to: number | null;
    if (range === "*") {
      from = spec.min;
      to = spec.max;
    } else if (range.includes("-")) {
      const [a, b, more] = range.split("-");
      if (a === undefined || b === undefined || more !== undefined) return null;
      from = value(a);
      to = value(b);
    } else {
      from = value(range);
      to = stepText === undefined ? from : spec.max;
    }
    if (from === null || to === null || from > to) return null;
    for (let n = from; n <= to; n += step) out.add(n);
  }
  return out;
}

export type CronCheck = { ok: true; minGapMinutes: number } | { ok: false; reason: "invalid" | "never" };

/**
 * Checks a five-field cron (minute hour day-of-month month day-of-week, Vixie semantics: when both day
 * fields are restricted a day matches either) and finds the shortest gap between two runs by walking
 * four years of days (a leap cycle), stopping as soon as a gap below the minimum shows up.
 */
export function checkCron(expression: string): CronCheck {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) return { ok: false, reason: "invalid" };
  const sets: Set<number>[] = [];
  for (let i = 0; i < 5; i++) {
    const set = cronField(parts[i] as string, CRON_FIELDS[i] as (typeof CRON_FIELDS)[number]);
    if (!set) return { ok: false, reason: "invalid" };
    sets.push(set);
  }
  const [minutes, hours, days, months, weekdays] = sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (weekdays.has(7)) weekdays.add(0);
  const dayStar = (parts[2] as string).startsWith("*");
  const weekdayStar = (parts[4] as string).startsWith("*");
  const minuteList = [...minutes].sort((a, b) => a - b);
  const hourList = [...hours].sort((a, b) => a - b);

  const start = Date.UTC(2024, 0, 1);
  const dayMs = 86_400_000;
  let previous: number | null = null;
  let minGap = Number.POSITIVE_INFINITY;
  for (let day = 0; day < 4 * 366; day++) {
    const date = new Date(start + day * dayMs);
    if (!months.has(date.getUTCMonth() + 1)) continue;
    const dayMatch = days.has(date.getUTCDate());
    const weekdayMatch = weekdays.has(date.getUTCDay());
    const matches = dayStar || weekdayStar ? dayMatch && weekdayMatch : dayMatch || weekdayMatch;
    if (!matches) continue;
    for (const hour of hourList) {
      for (const minute of minuteList) {
        const at = day * 1440 + hour * 60 + minute;
        if (previous !== null) minGap = Math.min(minGap, at - previous);
        previous = at;
        if (minGap < MIN_SCHEDULE_MINUTES) return { ok: true, minGapMinutes: minGap };
      }
    }
  }
  if (previous === null) return { ok: false, reason: "never" };
  return { ok: true, minGapMinutes: minGap };
}
