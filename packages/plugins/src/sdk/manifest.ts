import { z } from "zod";
import { NAMESPACED_NAME_PATTERN, PLUGIN_ID_PATTERN, parsePermission } from "./permissions.ts";

/**
 * The plugin manifest: everything the host needs to know about a plugin without running its code.
 * Isomorphic (zod only) so the CLI, the review checks and both apps share it; the published JSON
 * Schema (`manifest.schema.json`) is generated from it.
 *
 * Lint rules that need more than shape (namespacing against the id, hook ↔ permission consistency,
 * references between contributions) live in `manifest-lint.ts` and return codes, never prose.
 */

export const PLUGIN_LOCALES = ["zh-CN", "zh-TW", "en"] as const;
export type PluginLocale = (typeof PLUGIN_LOCALES)[number];

/** Text in the host's locales; zh-CN and en are required, zh-TW falls back to zh-CN converted. */
export const ZLocalizedText = z.object({
  "zh-CN": z.string().trim().min(1).max(2000),
  "zh-TW": z.string().trim().min(1).max(2000).optional(),
  en: z.string().trim().min(1).max(2000),
});
export type TLocalizedText = z.infer<typeof ZLocalizedText>;

const ZSemver = z
  .string()
  .regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/, "semver");

export const ZNamespacedName = z.string().regex(NAMESPACED_NAME_PATTERN, "namespaced");

/** A core object name or a plugin object name. */
export const ZObjectRef = z.string().regex(/^[a-z][a-z0-9_]*(__[a-z][a-zA-Z0-9]*)?$/, "objectRef");

export const FIELD_TYPES = [
  "text",
  "longText",
  "integer",
  "decimal",
  "boolean",
  "date",
  "datetime",
  "select",
  "multiSelect",
  "email",
  "phone",
  "url",
  "reference",
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const ZFieldOption = z.object({
  value: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
  label: ZLocalizedText,
});

export const ZFieldDefinition = z.object({
  /** Namespaced on core objects (`acme_pharma__hcpLevel`); plain lowerCamelCase inside plugin objects. */
  name: z.string().regex(/^([a-z][a-z0-9_]*__)?[a-z][a-zA-Z0-9]{0,47}$/),
  type: z.enum(FIELD_TYPES),
  label: ZLocalizedText,
  help: ZLocalizedText.optional(),
  required: z.boolean().default(false),
  /** Shown but never written by users: filled by a compute hook. */
  computed: z.boolean().default(false),
  /** For select / multiSelect. */
  options: z.array(ZFieldOption).max(200).optional(),
  /**
   * For reference: the object it points to — a core object, one of the plugin's own objects, or
   * `partner` (a partner organisation: platform staff pick any, a partner user itself or a sub-dealer).
   */
  reference: ZObjectRef.optional(),
  /** Personal data: only shown to, and readable by hooks holding, `customers:read:contact`. */
  personal: z.boolean().default(false),
  unique: z.boolean().default(false),
  min: z.number().optional(),
  max: z.number().optional(),
  maxLength: z.number().int().positive().max(10000).optional(),
});
export type TFieldDefinition = z.infer<typeof ZFieldDefinition>;

export const CORE_FIELD_TARGETS = ["customer", "lead", "opportunity", "activity", "task", "order"] as const;

export const ZCustomFieldContribution = ZFieldDefinition.extend({
  object: z.enum(CORE_FIELD_TARGETS),
  name: ZNamespacedName,
});

export const ZObjectRelation = z.object({
  name: z.string().regex(/^[a-z][a-zA-Z0-9]{0,47}$/),
  to: ZObjectRef,
  kind: z.enum(["manyToOne", "manyToMany"]),
  label: ZLocalizedText,
  required: z.boolean().default(false),
});

/** Where a report, widget or panel is shown: the platform's app (staff) or the partner portal. */
export const SURFACES = ["platform", "portal"] as const;
export type Surface = (typeof SURFACES)[number];

/**
 * A printable A4 document of a record (a quote, an order confirmation): a header block of the record's
 * fields, optionally a table of its line records (another of the plugin's objects, related by a
 * manyToOne relation pointing back at this one) with column totals, and a footer text.
 */
export const ZObjectDocumentView = z.object({
  title: ZLocalizedText,
  /** Fields or relations of the object, shown as the header block in this order. */
  fields: z.array(z.string()).min(1).max(30),
  lines: z
    .object({
      /** The line object (`<ns>__quoteLine`), one of the plugin's own objects. */
      object: ZNamespacedName,
      /** The line object's manyToOne relation that points at this object. */
      relation: z.string().regex(/^[a-z][a-zA-Z0-9]{0,47}$/),
      /** Fields of the line object, as the table's columns. */
      columns: z.array(z.string()).min(1).max(10),
      /** Decimal or integer line fields summed under the table. */
      totals: z.array(z.string()).max(10).default([]),
    })
    .optional(),
  footer: ZLocalizedText.optional(),
});
export type TObjectDocumentView = z.infer<typeof ZObjectDocumentView>;

export const ZObjectViews = z.object({
  list: z.object({ columns: z.array(z.string()).min(1).max(12) }),
  detail: z.object({
    sections: z
      .array(z.object({ title: ZLocalizedText, fields: z.array(z.string()).min(1) }))
      .min(1)
      .max(12),
  }),
  form: z.object({ fields: z.array(z.string()).min(1) }),
  /** A downloadable PDF of one record (both apps' record pages). */
  document: ZObjectDocumentView.optional(),
});

export const ZCustomObject = z.object({
  name: ZNamespacedName,
  label: ZLocalizedText,
  labelPlural: ZLocalizedText,
  /** The field shown as the record's title in lists, links and search. */
  titleField: z.string(),
  fields: z.array(ZFieldDefinition).min(1).max(100),
  relations: z.array(ZObjectRelation).max(20).default([]),
  views: ZObjectViews,
  /** Records become read-only once this boolean field is true (e.g. a submitted visit report). */
  lockedWhen: z.string().optional(),
  /**
   * Users may import records of this object from CSV / XLSX where it is navigable: the columns are the
   * form's fields and manyToOne relations, each row saved as a form create would be (hooks included).
   */
  importable: z.boolean().default(false),
});
export type TCustomObject = z.infer<typeof ZCustomObject>;

export const ZPipelineContribution = z.object({
  name: ZNamespacedName,
  object: ZObjectRef,
  label: ZLocalizedText,
  stages: z
    .array(
      z.object({
        key: z.string().regex(/^[a-z][a-zA-Z0-9]{0,47}$/),
        label: ZLocalizedText,
        kind: z.enum(["open", "won", "lost"]).default("open"),
        probability: z.number().int().min(0).max(100).optional(),
      }),
    )
    .min(2)
    .max(30),
});

/**
 * The kinds of value a trigger's event payload field carries: what an automation condition compares
 * (`text`: eq / in / contains; `integer` and `decimal`: also ≥ / ≤, exactly; `boolean`: yes / no;
 * `list`: a list of texts, "has that one").
 */
export const TRIGGER_FIELD_TYPES = ["text", "integer", "decimal", "boolean", "list"] as const;
export type TriggerFieldType = (typeof TRIGGER_FIELD_TYPES)[number];

/** A payload field of a trigger's event that automation rules may test (`event.<name>`). */
export const ZAutomationTriggerField = z.object({
  name: z.string().regex(/^[a-z][a-zA-Z0-9]{0,47}$/),
  type: z.enum(TRIGGER_FIELD_TYPES),
  label: ZLocalizedText,
});
export type TAutomationTriggerField = z.infer<typeof ZAutomationTriggerField>;

export const ZAutomationTrigger = z.object({
  name: ZNamespacedName,
  /** The plugin event (`<pluginId>.<name>`) that fires it. */
  event: z.string().regex(/^[a-z][a-z0-9.]*\.[a-z][a-zA-Z0-9]*$/),
  label: ZLocalizedText,
  /**
   * The payload fields of that event rules may test in conditions; the plugin's `emitEvent` intent
   * puts them in its payload. The host adds `pluginId`, `partnerId` and `causedBy` itself (they win).
   */
  fields: z.array(ZAutomationTriggerField).max(30).default([]),
});
export type TAutomationTrigger = z.infer<typeof ZAutomationTrigger>;

export const ZCommissionRuleType = z.object({
  name: ZNamespacedName,
  label: ZLocalizedText,
  /** The `commission` hook that turns a period's inputs into lines (ADR 025). */
  hook: z.string(),
  params: z.array(ZFieldDefinition).max(30).default([]),
  /**
   * Which partners the hook runs for: those with attributed orders or refunds in the period
   * (`partnersWithOrders`), or every active partner (`activePartners`: credit from data other than
   * orders, e.g. distributor flow data). Every call costs a sandbox per partner, so only what is needed.
   */
  runFor: z.enum(["partnersWithOrders", "activePartners"]).default("partnersWithOrders"),
});

export const ZListColumn = z.object({
  object: z.enum(CORE_FIELD_TARGETS),
  field: ZNamespacedName,
});

export const ZRecordPanel = z.object({
  name: ZNamespacedName,
  object: z.enum(CORE_FIELD_TARGETS),
  title: ZLocalizedText,
  /** Custom fields (of this plugin) shown in the panel, or a plugin object listed as related records. */
  fields: z.array(ZNamespacedName).default([]),
  relatedObject: ZNamespacedName.optional(),
  surfaces: z.array(z.enum(SURFACES)).min(1).default(["platform", "portal"]),
});

/** A menu entry: exactly one of `object` (the object's list) or `report` (the report's page) — lint `navigation_target`. */
export const ZNavigationItem = z.object({
  name: ZNamespacedName,
  label: ZLocalizedText,
  surface: z.enum(SURFACES),
  object: ZNamespacedName.optional(),
  report: ZNamespacedName.optional(),
});
export type TNavigationItem = z.infer<typeof ZNavigationItem>;

export const REPORT_COLUMN_TYPES = ["text", "integer", "decimal", "money", "percent", "date", "datetime", "boolean"] as const;
export type ReportColumnType = (typeof REPORT_COLUMN_TYPES)[number];

/** The roles of a partner's users; platform staff see every report regardless. */
export const REPORT_ROLES = ["admin", "manager", "rep"] as const;

export const ZReportColumn = z.object({
  /** The key of the value in each row the hook returns. */
  key: z.string().regex(/^[a-z][a-zA-Z0-9]{0,47}$/),
  label: ZLocalizedText,
  type: z.enum(REPORT_COLUMN_TYPES),
  /** The cell holds a record id of this object: shown as a link with the record's title. */
  link: ZObjectRef.optional(),
  /** For a `text` column holding an enumerated value (a status): each value's label, shown instead of the value. */
  options: z.array(ZFieldOption).max(200).optional(),
});
export type TReportColumn = z.infer<typeof ZReportColumn>;

/**
 * A report: a `report` hook computes its rows from the tenant's records (reads like an event hook),
 * the host shows them as a table with the params as its filter form.
 */
export const ZReportContribution = z.object({
  name: ZNamespacedName,
  label: ZLocalizedText,
  description: ZLocalizedText.optional(),
  /** The `report` hook that computes it. */
  hook: z.string(),
  surfaces: z.array(z.enum(SURFACES)).min(1).default(["platform", "portal"]),
  /** Partner roles that may run it (platform staff always may). */
  roles: z.array(z.enum(REPORT_ROLES)).min(1).default(["admin", "manager", "rep"]),
  /** The filter form; values reach the hook typed as record values are. */
  params: z.array(ZFieldDefinition).max(10).default([]),
  columns: z.array(ZReportColumn).min(1).max(20),
});
export type TReportContribution = z.infer<typeof ZReportContribution>;

/** A report's first rows (and totals) on the home page of a surface. */
export const ZHomeWidget = z.object({
  name: ZNamespacedName,
  /** One of the plugin's own reports. */
  report: ZNamespacedName,
  surface: z.enum(SURFACES),
  title: ZLocalizedText,
  maxRows: z.number().int().min(1).max(20).default(5),
});
export type THomeWidget = z.infer<typeof ZHomeWidget>;

export const HOOK_KINDS = ["validate", "compute", "event", "schedule", "commission", "report"] as const;
export type HookKind = (typeof HOOK_KINDS)[number];

export const ZHookDeclaration = z.discriminatedUnion("kind", [
  z.object({
    name: z.string().regex(/^[a-z][a-zA-Z0-9]{0,63}$/),
    kind: z.literal("validate"),
    object: ZObjectRef,
    /** `delete` (only on the plugin's own objects): the hook may refuse a deletion, e.g. of a sample issue on a submitted report. */
    on: z.array(z.enum(["create", "update", "delete"])).min(1).default(["create", "update"]),
    /** closed: a failure (timeout, crash) blocks the save; open: the save goes through and the failure is logged. */
    failMode: z.enum(["open", "closed"]),
  }),
  z.object({
    name: z.string().regex(/^[a-z][a-zA-Z0-9]{0,63}$/),
    kind: z.literal("compute"),
    object: ZObjectRef,
    on: z.array(z.enum(["create", "update"])).min(1).default(["create", "update"]),
    failMode: z.enum(["open", "closed"]),
  }),
  z.object({
    name: z.string().regex(/^[a-z][a-zA-Z0-9]{0,63}$/),
    kind: z.literal("event"),
    /** A core domain event (`lead.created`), a record event (`<ns>__visit.created`) or a plugin event. */
    events: z.array(z.string().regex(/^[a-z][a-zA-Z0-9_]*(\.[a-zA-Z][a-zA-Z0-9_]*)+$/)).min(1).max(20),
  }),
  z.object({
    name: z.string().regex(/^[a-z][a-zA-Z0-9]{0,63}$/),
    kind: z.literal("schedule"),
    /** Five-field cron, at most every 5 minutes. */
    cron: z.string().min(9).max(100),
  }),
  z.object({
    name: z.string().regex(/^[a-z][a-zA-Z0-9]{0,63}$/),
    /** Computes commission lines for a partner's period: named by a `contributes.commissionRuleTypes` entry (ADR 025). */
    kind: z.literal("commission"),
  }),
  z.object({
    name: z.string().regex(/^[a-z][a-zA-Z0-9]{0,63}$/),
    /** Computes a report's rows: named by a `contributes.reports` entry. */
    kind: z.literal("report"),
  }),
]);
export type THookDeclaration = z.infer<typeof ZHookDeclaration>;

export const ZSettingDefinition = z.object({
  key: z.string().regex(/^[a-z][a-zA-Z0-9]{0,47}$/),
  type: z.enum(["text", "integer", "decimal", "boolean", "select"]),
  label: ZLocalizedText,
  help: ZLocalizedText.optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  options: z.array(ZFieldOption).optional(),
  required: z.boolean().default(false),
});

export const PLUGIN_CATEGORIES = [
  "industry",
  "sales",
  "service",
  "finance",
  "compliance",
  "productivity",
  "integration",
] as const;

export const ZPluginManifest = z.object({
  $schema: z.string().optional(),
  id: z.string().regex(PLUGIN_ID_PATTERN, "pluginId"),
  name: ZLocalizedText,
  description: ZLocalizedText,
  version: ZSemver,
  publisher: z.object({
    name: z.string().trim().min(1).max(120),
    email: z.email().optional(),
    url: z.url().optional(),
  }),
  engines: z.object({ qudao: z.string().min(1).max(60) }),
  surfaces: z.array(z.enum(SURFACES)).min(1),
  categories: z.array(z.enum(PLUGIN_CATEGORIES)).min(1).max(3),
  permissions: z
    .array(z.string().refine((p) => parsePermission(p) !== null, "permission"))
    .max(60)
    .default([]),
  hooks: z.array(ZHookDeclaration).max(50).default([]),
  settings: z.array(ZSettingDefinition).max(40).default([]),
  listing: z
    .object({
      summary: ZLocalizedText.optional(),
      screenshots: z.array(z.object({ file: z.string().regex(/^assets\/[a-zA-Z0-9_.-]+\.png$/), caption: ZLocalizedText })).max(8).default([]),
    })
    .default({ screenshots: [] }),
  contributes: z
    .object({
      fields: z.array(ZCustomFieldContribution).max(200).default([]),
      objects: z.array(ZCustomObject).max(40).default([]),
      pipelines: z.array(ZPipelineContribution).max(20).default([]),
      automationTriggers: z.array(ZAutomationTrigger).max(40).default([]),
      commissionRuleTypes: z.array(ZCommissionRuleType).max(10).default([]),
      listColumns: z.array(ZListColumn).max(40).default([]),
      recordPanels: z.array(ZRecordPanel).max(20).default([]),
      /** Entries of both surfaces together: each object list and report a surface offers needs one. */
      navigation: z.array(ZNavigationItem).max(40).default([]),
      reports: z.array(ZReportContribution).max(20).default([]),
      homeWidgets: z.array(ZHomeWidget).max(10).default([]),
    })
    .default({
      fields: [],
      objects: [],
      pipelines: [],
      automationTriggers: [],
      commissionRuleTypes: [],
      listColumns: [],
      recordPanels: [],
      navigation: [],
      reports: [],
      homeWidgets: [],
    }),
});
export type TPluginManifest = z.infer<typeof ZPluginManifest>;
export type TPluginManifestInput = z.input<typeof ZPluginManifest>;

/** Plugin i18n strings (validation messages, hook texts), per locale: flat `key → text`. */
export const ZPluginLocales = z.object({
  "zh-CN": z.record(z.string().regex(/^[a-zA-Z0-9_.-]{1,120}$/), z.string().max(2000)),
  "zh-TW": z.record(z.string().regex(/^[a-zA-Z0-9_.-]{1,120}$/), z.string().max(2000)).optional(),
  en: z.record(z.string().regex(/^[a-zA-Z0-9_.-]{1,120}$/), z.string().max(2000)),
});
export type TPluginLocales = z.infer<typeof ZPluginLocales>;
