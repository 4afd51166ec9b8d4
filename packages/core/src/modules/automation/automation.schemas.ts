/**
 * Automation rules: trigger (a domain event, or a cron schedule) + conditions + actions.
 * Isomorphic zod; messages are i18n keys. The stored JSON is versioned (STORED_RULE_VERSION) so a
 * later shape can be read next to this one.
 */
import { z } from "zod";
import { TRIGGER_FIELD_TYPES, ZLocalizedText } from "@qudao/plugins/manifest";
import { PLUGIN_ID_PATTERN } from "@qudao/plugins/permissions";
import type { DomainEventType } from "../outbox/outbox.events.ts";
import { requiredText, ZId, ZListInput } from "../shared.schemas.ts";

/**
 * The domain events a rule can be triggered by, with the payload fields a condition may test as
 * `event.<field>` and the records the engine loads for it (see EVENT_TRIGGERS in automation.rules.ts).
 */
export const TRIGGER_EVENT_CATALOG = {
  "customer.reactivated": { fields: ["from", "reason"], provides: ["customer"] },
  "customer.tagged": { fields: ["tagName"], provides: ["customer"] },
  "customer.lifecycle_changed": { fields: ["from", "to"], provides: ["customer"] },
  "customer.event_recorded": { fields: ["type", "occurredAt"], provides: ["customer"] },
  "customer.ownership_changed": { fields: ["event"], provides: ["customer"] },
  "customer.inactivity_warning": { fields: ["reclaimOn"], provides: ["customer"] },
  "registration.expiring": { fields: ["protectedUntil"], provides: ["customer"] },
  "registration.decided": { fields: ["status", "reasonCode"], provides: ["customer"] },
  "lead.created": { fields: [], provides: ["lead", "customer"] },
  "lead.assigned": { fields: [], provides: ["lead", "customer"] },
  "opportunity.created": { fields: ["amount"], provides: ["opportunity", "customer", "lead"] },
  "opportunity.stage_changed": { fields: ["fromStageId", "toStageId", "status", "amount"], provides: ["opportunity", "customer", "lead"] },
  "opportunity.stuck": { fields: ["stageId", "days"], provides: ["opportunity", "customer", "lead"] },
  "activity.logged": { fields: ["kind", "occurredAt"], provides: ["customer", "lead", "opportunity"] },
} as const satisfies { [T in DomainEventType]?: { fields: readonly string[]; provides: readonly Subject[] } };

export type Subject = "customer" | "lead" | "opportunity";
export type TriggerEvent = keyof typeof TRIGGER_EVENT_CATALOG;
export const TRIGGER_EVENTS = Object.keys(TRIGGER_EVENT_CATALOG) as [TriggerEvent, ...TriggerEvent[]];

export function isTriggerEvent(type: string): type is TriggerEvent {
  return Object.hasOwn(TRIGGER_EVENT_CATALOG, type);
}

/**
 * A plugin's own event, `<pluginId>.<name>` (what its `emitEvent` intents write): the dynamic layer of
 * triggers next to the static catalog. A plugin id always has a dot, so no core event looks like one.
 */
export const PLUGIN_EVENT_PATTERN = new RegExp(`^${PLUGIN_ID_PATTERN.source.slice(1, -1)}\\.[a-z][a-zA-Z0-9]{0,63}$`);

export function isPluginEvent(type: string): boolean {
  return !isTriggerEvent(type) && PLUGIN_EVENT_PATTERN.test(type);
}

/** The plugin a plugin event belongs to (everything before the last dot), or null for any other event. */
export function pluginIdOfEvent(type: string): string | null {
  return isPluginEvent(type) ? type.slice(0, type.lastIndexOf(".")) : null;
}

/** What a schedule rule runs over: each matching record of the partner(s), in bounded batches. */
export const SCHEDULE_SUBJECTS = ["customer", "opportunity"] as const;
export type ScheduleSubject = (typeof SCHEDULE_SUBJECTS)[number];

/** Facts a condition can test, by record; `event.<field>` tests the triggering event's payload. */
export const CONDITION_FIELDS = {
  "customer.lifecycleStage": { entity: "customer", kind: "text" },
  "customer.rfmSegment": { entity: "customer", kind: "text" },
  "customer.tags": { entity: "customer", kind: "list" },
  "customer.city": { entity: "customer", kind: "text" },
  "customer.kind": { entity: "customer", kind: "text" },
  "customer.name": { entity: "customer", kind: "text" },
  "partner.tier": { entity: "partner", kind: "text" },
  "partner.region": { entity: "partner", kind: "text" },
  "opportunity.stage": { entity: "opportunity", kind: "text" },
  "opportunity.stageId": { entity: "opportunity", kind: "text" },
  "opportunity.status": { entity: "opportunity", kind: "text" },
  "opportunity.amount": { entity: "opportunity", kind: "decimal" },
  "opportunity.currency": { entity: "opportunity", kind: "text" },
  "opportunity.daysInStage": { entity: "opportunity", kind: "decimal" },
  "lead.status": { entity: "lead", kind: "text" },
  "lead.source": { entity: "lead", kind: "text" },
} as const satisfies Record<string, { entity: Subject | "partner"; kind: "text" | "list" | "decimal" }>;
export type ConditionField = keyof typeof CONDITION_FIELDS;
export const CONDITION_FIELD_NAMES = Object.keys(CONDITION_FIELDS) as [ConditionField, ...ConditionField[]];
export const EVENT_FIELD_PATTERN = /^event\.[A-Za-z][A-Za-z0-9]*$/;

/**
 * eq/neq/in compare values (numerically, as exact decimals, when both sides are numbers); gte/lte
 * only numbers; contains is a substring of a text or a member of a list; exists tests presence.
 * On a list field (customer.tags) eq/in mean "has that one / any of these", neq "has not".
 */
export const CONDITION_OPS = ["eq", "neq", "in", "gte", "lte", "contains", "exists"] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export const ASSIGNEE_STRATEGIES = ["owner_rep", "most_recent_rep", "partner_admin", "user"] as const;
export type AssigneeStrategy = (typeof ASSIGNEE_STRATEGIES)[number];

/** Built-in task titles and notification texts (i18n keys under automation.task / automation.message). */
export const TASK_TITLE_KEYS = ["contactReturningCustomer", "followUpCustomer", "followUpOpportunity", "followUpLead", "reviewStuckOpportunity"] as const;
export const MESSAGE_KEYS = ["customerReturned", "customerTagged", "opportunityStuck", "ruleFired"] as const;

export const ACTION_TYPES = ["create_task", "notify", "add_tag", "assign"] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

const decimalText = /^-?\d{1,16}(\.\d{1,6})?$/;

export const ZConditionValue = z.union([
  z.string().max(200, { message: "errors.field.tooLong" }),
  z.number(),
  z.boolean(),
  z.array(z.string().max(200, { message: "errors.field.tooLong" })).max(50, { message: "errors.field.tooLong" }),
  z.null(),
]);

export const ZCondition = z
  .object({
    field: z.union([z.enum(CONDITION_FIELD_NAMES, { message: "automation.errors.unknownField" }), z.string().regex(EVENT_FIELD_PATTERN, { message: "automation.errors.unknownField" })], {
      message: "automation.errors.unknownField",
    }),
    op: z.enum(CONDITION_OPS, { message: "errors.field.invalidOption" }),
    value: ZConditionValue.optional(),
  })
  .superRefine((condition, ctx) => {
    const { op, value } = condition;
    const issue = (message: string) => ctx.addIssue({ code: "custom", path: ["value"], message });
    if (op === "exists") {
      if (value !== undefined && value !== null && typeof value !== "boolean") issue("automation.errors.valueBoolean");
    } else if (op === "in") {
      if (!Array.isArray(value) || value.length === 0) issue("automation.errors.valueList");
    } else if (op === "gte" || op === "lte") {
      if (!(typeof value === "number" || (typeof value === "string" && decimalText.test(value.trim())))) issue("automation.errors.valueNumber");
    } else if (value === undefined || value === null || Array.isArray(value) || (typeof value === "string" && value.trim() === "")) {
      issue("errors.field.required");
    }
  });
export type TCondition = z.infer<typeof ZCondition>;

/** A title or message: the rule author's own words, or one of the built-in translated texts. */
function label<const K extends readonly [string, ...string[]]>(keys: K) {
  return z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("text"), text: requiredText(200) }),
    z.object({ kind: z.literal("key"), key: z.enum(keys, { message: "errors.field.invalidOption" }) }),
  ]);
}

export const ZAssignee = z.discriminatedUnion("strategy", [
  z.object({ strategy: z.literal("owner_rep") }),
  z.object({ strategy: z.literal("most_recent_rep") }),
  z.object({ strategy: z.literal("partner_admin") }),
  z.object({ strategy: z.literal("user"), userId: ZId }),
]);
export type TAssignee = z.infer<typeof ZAssignee>;

export const ZTaskTitle = label(TASK_TITLE_KEYS);
export const ZMessage = label(MESSAGE_KEYS);

export const ZAction = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("create_task"),
    title: ZTaskTitle,
    assignee: ZAssignee,
    dueInHours: z
      .number({ message: "errors.field.invalid" })
      .int({ message: "errors.field.invalid" })
      .min(1, { message: "automation.errors.dueInHours" })
      .max(8760, { message: "automation.errors.dueInHours" })
      .nullable()
      .default(null),
  }),
  z.object({ type: z.literal("notify"), recipients: ZAssignee, message: ZMessage }),
  z.object({ type: z.literal("add_tag"), tagId: ZId }),
  z.object({ type: z.literal("assign"), target: z.enum(["lead", "opportunity"], { message: "errors.field.invalidOption" }), assignee: ZAssignee }),
]);
export type TAction = z.infer<typeof ZAction>;

/** 5-field cron (minute hour day-of-month month day-of-week), read in the platform's time zone. */
export const CRON_PATTERN = /^[*0-9A-Za-z?/,#L-]+( [*0-9A-Za-z?/,#L-]+){4}$/;

export const ZTrigger = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("event"),
    // A core event, or a plugin's event (whether that plugin offers it to this rule is checked on save).
    event: z.union(
      [
        z.enum(TRIGGER_EVENTS, { message: "errors.field.invalidOption" }),
        z.string({ message: "errors.field.invalidOption" }).max(200, { message: "errors.field.invalidOption" }).regex(PLUGIN_EVENT_PATTERN, { message: "errors.field.invalidOption" }),
      ],
      { message: "errors.field.invalidOption" },
    ),
  }),
  z.object({
    type: z.literal("schedule"),
    cron: z.string().trim().max(100, { message: "errors.field.tooLong" }).regex(CRON_PATTERN, { message: "automation.errors.cron" }),
    subject: z.enum(SCHEDULE_SUBJECTS, { message: "errors.field.invalidOption" }),
  }),
]);
export type TTrigger = z.infer<typeof ZTrigger>;

export const ZRuleInput = z.object({
  name: requiredText(120),
  enabled: z.boolean().default(true),
  trigger: ZTrigger,
  conditions: z.array(ZCondition).max(20, { message: "automation.errors.tooManyConditions" }).default([]),
  actions: z.array(ZAction).min(1, { message: "automation.errors.noActions" }).max(10, { message: "automation.errors.tooManyActions" }),
});
export type TRuleInput = z.input<typeof ZRuleInput>;
export type TRuleDefinition = z.infer<typeof ZRuleInput>;

export const ZRuleUpdateInput = ZRuleInput.extend({ id: z.string() });
export const ZRuleEnableInput = z.object({ id: z.string(), enabled: z.boolean() });

export const ZRuleListInput = ZListInput.extend({
  /** platform: the platform's rules (for everyone); partner: partners' own rules. Both when absent. */
  scope: z.enum(["platform", "partner"], { message: "errors.field.invalidOption" }).optional(),
});

/** A trigger a plugin installed for the rule's tenant offers (manifest `contributes.automationTriggers`). */
export const ZPluginTrigger = z.object({
  /** `<pluginId>.<name>`: the plugin event that fires it. */
  event: z.string(),
  /** The manifest's trigger name (`<ns>__name`). */
  name: z.string(),
  pluginId: z.string(),
  pluginName: ZLocalizedText,
  label: ZLocalizedText,
  /** The payload fields conditions may test as `event.<name>`. */
  fields: z.array(z.object({ name: z.string(), type: z.enum(TRIGGER_FIELD_TYPES), label: ZLocalizedText })),
});
export type TPluginTrigger = z.infer<typeof ZPluginTrigger>;

/** A rule's plugin trigger as lists and the editor show it; unavailable while its plugin is not installed (the rule does not fire). */
export const ZRulePluginTrigger = z.object({
  pluginId: z.string(),
  /** From the manifest of the running install, else of the last install the reader can see; null when none is left. */
  pluginName: ZLocalizedText.nullable(),
  label: ZLocalizedText.nullable(),
  available: z.boolean(),
});
export type TRulePluginTrigger = z.infer<typeof ZRulePluginTrigger>;

export const ZRule = z.object({
  id: z.string(),
  /** null: a platform rule, applied to every partner. */
  partnerId: z.string().nullable(),
  partnerName: z.string().nullable(),
  name: z.string(),
  /** Built-in rules are named by an i18n key (name is the fallback). */
  nameKey: z.string().nullable(),
  enabled: z.boolean(),
  trigger: ZTrigger.nullable(),
  /** Set for a plugin's trigger: its labels and whether it can fire now. */
  pluginTrigger: ZRulePluginTrigger.nullable(),
  conditions: z.array(ZCondition),
  actions: z.array(ZAction),
  /** False when the stored definition cannot be read (a newer or damaged version): the rule never runs. */
  valid: z.boolean(),
  /** May this actor change it. */
  editable: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TRule = z.infer<typeof ZRule>;

export const RUN_STATUSES = ["done", "skipped", "failed"] as const;
export const ZRunListInput = ZListInput.extend({
  ruleId: ZId.optional(),
  status: z.enum(RUN_STATUSES, { message: "errors.field.invalidOption" }).optional(),
  /** Platform only: one partner's runs. */
  partnerId: ZId.optional(),
});

export const ZRun = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  ruleNameKey: z.string().nullable(),
  partnerId: z.string().nullable(),
  partnerName: z.string().nullable(),
  triggerKey: z.string(),
  status: z.enum(RUN_STATUSES),
  /** i18n key of what went wrong (failed runs), with its params. */
  error: z.string().nullable(),
  errorParams: z.record(z.string(), z.string()),
  /** What the run did: one line per action (i18n key + params). */
  outcomes: z.array(z.object({ key: z.string(), params: z.record(z.string(), z.string()) })),
  createdAt: z.date(),
});
export type TRun = z.infer<typeof ZRun>;

export const ZCatalog = z.object({
  events: z.array(z.object({ event: z.string(), fields: z.array(z.string()), provides: z.array(z.string()) })),
  /** Triggers of the plugins installed for the editor's tenant (a partner's, or anywhere for platform rules). */
  pluginTriggers: z.array(ZPluginTrigger),
  scheduleSubjects: z.array(z.string()),
  fields: z.array(z.object({ field: z.string(), entity: z.string(), kind: z.string() })),
  ops: z.array(z.string()),
  strategies: z.array(z.string()),
  actionTypes: z.array(z.string()),
  taskTitleKeys: z.array(z.string()),
  messageKeys: z.array(z.string()),
  tags: z.array(z.object({ id: z.string(), name: z.string(), platform: z.boolean() })),
  users: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
  /** The time zone cron expressions are read in. */
  timeZone: z.string(),
});
export type TCatalog = z.infer<typeof ZCatalog>;

// ── stored form (AutomationRule.conditions / .actions columns) ─────────────────────────────────

export const STORED_RULE_VERSION = 1;

/** conditions column: `{version, subject?, items}`; a bare array (the column's default) reads as version 1. */
export const ZStoredConditions = z.union([
  z.array(ZCondition).transform((items) => ({ version: STORED_RULE_VERSION, subject: null, items })),
  z.object({ version: z.literal(STORED_RULE_VERSION), subject: z.enum(SCHEDULE_SUBJECTS).nullable().default(null), items: z.array(ZCondition) }),
]);
export const ZStoredActions = z.union([
  z.array(ZAction).transform((items) => ({ version: STORED_RULE_VERSION, items })),
  z.object({ version: z.literal(STORED_RULE_VERSION), items: z.array(ZAction) }),
]);
