/**
 * Pure automation logic, no I/O: which partner and records an event concerns, the facts a condition
 * reads, condition evaluation (exact decimals), cron due computation, and who an action goes to.
 */
import { CronExpressionParser } from "cron-parser";
import Decimal from "decimal.js";
import type { ErrorDetail } from "../../errors/index.ts";
import type { DomainEvents } from "../outbox/outbox.events.ts";
import {
  CONDITION_FIELDS,
  EVENT_FIELD_PATTERN,
  isPluginEvent,
  isTriggerEvent,
  TRIGGER_EVENT_CATALOG,
  type AssigneeStrategy,
  type ConditionField,
  type Subject,
  type TAction,
  type TAssignee,
  type TCondition,
  type TPluginTrigger,
  type TRuleDefinition,
  type TriggerEvent,
} from "./automation.schemas.ts";
import { triggerEventFields } from "./plugin-triggers.rules.ts";

// ── events → partner and records ───────────────────────────────────────────────────────────────

export type EventRefs = { partnerId: string | null; customerId: string | null; leadId: string | null; opportunityId: string | null };

const refs = (partnerId: string | null, ids: Partial<Omit<EventRefs, "partnerId">> = {}): EventRefs => ({
  partnerId,
  customerId: ids.customerId ?? null,
  leadId: ids.leadId ?? null,
  opportunityId: ids.opportunityId ?? null,
});

/**
 * The partner an event belongs to (platform rules run for it, and its own rules) and the records it
 * is about. A customer's events belong to its owner; a tag to whoever put it there.
 */
export const EVENT_REFS: { [T in TriggerEvent]: (payload: DomainEvents[T]) => EventRefs } = {
  "customer.reactivated": (p) => refs(p.ownerPartnerId, { customerId: p.customerId }),
  "customer.tagged": (p) => refs(p.partnerId ?? p.ownerPartnerId, { customerId: p.customerId }),
  "customer.lifecycle_changed": (p) => refs(p.ownerPartnerId, { customerId: p.customerId }),
  "customer.event_recorded": (p) => refs(p.ownerPartnerId, { customerId: p.customerId }),
  "customer.ownership_changed": (p) => refs(p.partnerId, { customerId: p.customerId }),
  "customer.inactivity_warning": (p) => refs(p.partnerId, { customerId: p.customerId }),
  "registration.expiring": (p) => refs(p.partnerId, { customerId: p.customerId }),
  "registration.decided": (p) => refs(p.partnerId, { customerId: p.customerId }),
  "lead.created": (p) => refs(p.partnerId, { leadId: p.leadId }),
  "lead.assigned": (p) => refs(p.partnerId, { leadId: p.leadId }),
  "opportunity.created": (p) => refs(p.partnerId, { opportunityId: p.opportunityId }),
  "opportunity.stage_changed": (p) => refs(p.partnerId, { opportunityId: p.opportunityId }),
  "opportunity.stuck": (p) => refs(p.partnerId, { opportunityId: p.opportunityId }),
  "activity.logged": (p) => refs(p.partnerId, { customerId: p.customerId, leadId: p.leadId, opportunityId: p.opportunityId }),
};

/** Refs of a delivered event whose payload is untyped JSON; null when it names no partner. */
export function eventRefs(type: TriggerEvent, payload: Record<string, unknown>): EventRefs | null {
  const found = (EVENT_REFS[type] as (p: unknown) => EventRefs)(payload);
  const id = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : null);
  const clean = { partnerId: id(found.partnerId), customerId: id(found.customerId), leadId: id(found.leadId), opportunityId: id(found.opportunityId) };
  return clean.partnerId ? clean : null;
}

// ── facts and the condition context ────────────────────────────────────────────────────────────

export type CustomerFacts = {
  id: string;
  name: string;
  kind: string;
  city: string | null;
  lifecycleStage: string;
  rfmSegment: string | null;
  ownerPartnerId: string | null;
  /** Tags on the customer: whose tag it is, and who put it there (null: the platform). */
  tags: Array<{ id: string; name: string; tagPartnerId: string | null; appliedByPartnerId: string | null }>;
  /** The partner's rep who registered it (the customer's "owner rep"). */
  repUserId: string | null;
};
export type OpportunityFacts = {
  id: string;
  name: string;
  amount: string;
  currency: string;
  status: string;
  stageId: string;
  stageName: string;
  stageEnteredAt: Date;
  ownerId: string | null;
  customerId: string | null;
  leadId: string | null;
};
export type LeadFacts = { id: string; name: string; status: string; source: string | null; assigneeId: string | null; customerId: string | null };
export type PartnerFacts = { id: string; name: string; tier: string; region: string | null };

export type Facts = {
  partner: PartnerFacts;
  customer: CustomerFacts | null;
  opportunity: OpportunityFacts | null;
  lead: LeadFacts | null;
  /** The triggering event's payload (schedule rules: none). */
  payload: Record<string, unknown>;
};

export type ContextValue = string | number | boolean | string[] | null | undefined;
export type RuleContext = Record<string, ContextValue>;

/** Tags a rule may see: a platform rule the platform's own tags; a partner rule those put on by the platform or by that partner. */
export function visibleTagNames(rulePartnerId: string | null, tags: CustomerFacts["tags"]): string[] {
  const visible = rulePartnerId === null ? tags.filter((t) => t.tagPartnerId === null) : tags.filter((t) => t.appliedByPartnerId === null || t.appliedByPartnerId === rulePartnerId);
  return [...new Set(visible.map((t) => t.name))];
}

const DAY_MS = 86_400_000;

export function buildContext(facts: Facts, rulePartnerId: string | null, now: Date): RuleContext {
  const context: RuleContext = {};
  for (const [key, value] of Object.entries(facts.payload)) {
    if (value === null || ["string", "number", "boolean"].includes(typeof value)) context[`event.${key}`] = value as ContextValue;
    else if (Array.isArray(value) && value.every((v) => typeof v === "string")) context[`event.${key}`] = value as string[];
  }
  const { partner, customer, opportunity, lead } = facts;
  context["partner.tier"] = partner.tier;
  context["partner.region"] = partner.region;
  if (customer) {
    context["customer.lifecycleStage"] = customer.lifecycleStage;
    context["customer.rfmSegment"] = customer.rfmSegment;
    context["customer.tags"] = visibleTagNames(rulePartnerId, customer.tags);
    context["customer.city"] = customer.city;
    context["customer.kind"] = customer.kind;
    context["customer.name"] = customer.name;
  }
  if (opportunity) {
    context["opportunity.stage"] = opportunity.stageName;
    context["opportunity.stageId"] = opportunity.stageId;
    context["opportunity.status"] = opportunity.status;
    context["opportunity.amount"] = opportunity.amount;
    context["opportunity.currency"] = opportunity.currency;
    context["opportunity.daysInStage"] = Math.max(0, Math.floor((now.getTime() - opportunity.stageEnteredAt.getTime()) / DAY_MS));
  }
  if (lead) {
    context["lead.status"] = lead.status;
    context["lead.source"] = lead.source;
  }
  return context;
}

// ── conditions ─────────────────────────────────────────────────────────────────────────────────

const DECIMAL_TEXT = /^-?\d{1,16}(\.\d{1,6})?$/;

function asDecimal(value: unknown): Decimal | null {
  if (typeof value === "number" && Number.isFinite(value)) return new Decimal(value);
  if (typeof value === "string" && DECIMAL_TEXT.test(value.trim())) return new Decimal(value.trim());
  return null;
}

function isMissing(value: ContextValue): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

function sameValue(actual: unknown, expected: unknown): boolean {
  const a = asDecimal(actual);
  const b = asDecimal(expected);
  if (a && b) return a.eq(b);
  // Text, and booleans against "true"/"false".
  return String(actual) === String(expected);
}

/** One condition against the context. A missing fact is false for every op but `neq` and `exists: false`. */
export function conditionHolds(condition: TCondition, context: RuleContext): boolean {
  const actual = context[condition.field];
  const expected = condition.value;
  const missing = isMissing(actual);
  switch (condition.op) {
    case "exists":
      return !missing === (expected === undefined || expected === null ? true : expected === true);
    case "eq":
      if (missing) return false;
      return Array.isArray(actual) ? actual.some((v) => sameValue(v, expected)) : sameValue(actual, expected);
    case "neq":
      if (missing) return true;
      return Array.isArray(actual) ? !actual.some((v) => sameValue(v, expected)) : !sameValue(actual, expected);
    case "in": {
      if (missing || !Array.isArray(expected)) return false;
      const values = Array.isArray(actual) ? actual : [actual];
      return values.some((v) => expected.some((e) => sameValue(v, e)));
    }
    case "gte":
    case "lte": {
      if (missing || Array.isArray(actual)) return false;
      const a = asDecimal(actual);
      const b = asDecimal(expected);
      if (!a || !b) return false;
      return condition.op === "gte" ? a.gte(b) : a.lte(b);
    }
    case "contains": {
      if (missing || expected === undefined || expected === null || Array.isArray(expected)) return false;
      const needle = String(expected).toLowerCase();
      if (Array.isArray(actual)) return actual.some((v) => v.toLowerCase() === needle);
      return String(actual).toLowerCase().includes(needle);
    }
  }
}

/** All conditions must hold; the first one that does not is reported. */
export function evaluateConditions(conditions: readonly TCondition[], context: RuleContext): { matched: boolean; failedIndex: number | null } {
  const failedIndex = conditions.findIndex((c) => !conditionHolds(c, context));
  return failedIndex === -1 ? { matched: true, failedIndex: null } : { matched: false, failedIndex };
}

// ── schedules ──────────────────────────────────────────────────────────────────────────────────

/** Null when the 5-field cron expression is valid, else the i18n key of the problem. */
export function cronProblem(expression: string, timeZone: string): string | null {
  if (expression.trim().split(/\s+/).length !== 5) return "automation.errors.cron";
  try {
    CronExpressionParser.parse(expression.trim(), { tz: timeZone });
    return null;
  } catch {
    return "automation.errors.cron";
  }
}

/**
 * The latest tick of the schedule in (after, now], or null. Missed ticks (the worker was down)
 * coalesce into the latest one, as cron does: a daily reminder runs once, not once per missed day.
 */
export function latestDueTick(expression: string, timeZone: string, after: Date, now: Date): Date | null {
  if (now.getTime() <= after.getTime()) return null;
  const interval = CronExpressionParser.parse(expression.trim(), { currentDate: new Date(now.getTime() + 1), tz: timeZone });
  const tick = interval.prev().toDate();
  return tick.getTime() > after.getTime() && tick.getTime() <= now.getTime() ? tick : null;
}

// ── who an action goes to ──────────────────────────────────────────────────────────────────────

export type TeamMember = { userId: string; membershipId: string; role: "admin" | "manager" | "rep"; joinedAt: Date; active: boolean };

export type AssigneePick = { userIds: string[]; used: AssigneeStrategy | "fallback_admin" | "nobody" };

const byJoinedDesc = (a: TeamMember, b: TeamMember) => b.joinedAt.getTime() - a.joinedAt.getTime() || (a.membershipId < b.membershipId ? 1 : -1);

/**
 * The user(s) an action goes to. `owner_rep`: the record's owner or assignee (for a customer, the rep
 * who registered it); `most_recent_rep`: the active rep who joined the partner last;
 * `partner_admin`: the partner's admins (the longest-serving first); `user`: that user. Anyone who is
 * not an active member of the partner does not count; when nobody is left, the admins get it.
 * One user unless `multiple` (notifications).
 */
export function pickAssignees(assignee: TAssignee, team: readonly TeamMember[], ownerUserId: string | null, multiple: boolean): AssigneePick {
  const active = team.filter((m) => m.active);
  const member = (userId: string | null) => (userId ? active.find((m) => m.userId === userId) : undefined);
  const admins = active.filter((m) => m.role === "admin").sort((a, b) => -byJoinedDesc(a, b));
  const take = (members: TeamMember[]) => (multiple ? members : members.slice(0, 1)).map((m) => m.userId);

  let chosen: TeamMember[] = [];
  switch (assignee.strategy) {
    case "owner_rep":
      chosen = [member(ownerUserId)].filter((m): m is TeamMember => Boolean(m));
      break;
    case "most_recent_rep":
      chosen = active.filter((m) => m.role === "rep").sort(byJoinedDesc).slice(0, 1);
      break;
    case "partner_admin":
      chosen = admins;
      break;
    case "user":
      chosen = [member(assignee.userId)].filter((m): m is TeamMember => Boolean(m));
      break;
  }
  if (chosen.length > 0) return { userIds: take(chosen), used: assignee.strategy };
  if (admins.length > 0) return { userIds: take(admins), used: "fallback_admin" };
  return { userIds: [], used: "nobody" };
}

/** The record whose owner `owner_rep` means, and that a task links to: opportunity, then lead, then customer. */
export function primarySubject(facts: Pick<Facts, "customer" | "lead" | "opportunity">): { subject: Subject; id: string; ownerUserId: string | null; link: string } | null {
  if (facts.opportunity) return { subject: "opportunity", id: facts.opportunity.id, ownerUserId: facts.opportunity.ownerId, link: `/opportunities/${facts.opportunity.id}` };
  if (facts.lead) return { subject: "lead", id: facts.lead.id, ownerUserId: facts.lead.assigneeId, link: `/leads/${facts.lead.id}` };
  if (facts.customer) return { subject: "customer", id: facts.customer.id, ownerUserId: facts.customer.repUserId, link: `/customers/${facts.customer.id}` };
  return null;
}

// ── texts ──────────────────────────────────────────────────────────────────────────────────────

/** Which record a built-in title or message names (its {{…Name}} parameter). */
export const LABEL_NEEDS: Record<string, Subject | null> = {
  contactReturningCustomer: "customer",
  followUpCustomer: "customer",
  followUpOpportunity: "opportunity",
  followUpLead: "lead",
  reviewStuckOpportunity: "opportunity",
  customerReturned: "customer",
  customerTagged: "customer",
  opportunityStuck: "opportunity",
  ruleFired: null,
};

export function labelParams(facts: Pick<Facts, "customer" | "lead" | "opportunity">, ruleName: string): Record<string, string> {
  return {
    ruleName,
    ...(facts.customer ? { customerName: facts.customer.name } : {}),
    ...(facts.opportunity ? { opportunityName: facts.opportunity.name } : {}),
    ...(facts.lead ? { leadName: facts.lead.name } : {}),
  };
}

// ── a definition against its trigger ───────────────────────────────────────────────────────────

/** The records a trigger gives conditions and actions (the partner always; a plugin's event no record). */
export function availableSubjects(trigger: TRuleDefinition["trigger"]): readonly Subject[] {
  if (trigger.type === "event") return isTriggerEvent(trigger.event) ? TRIGGER_EVENT_CATALOG[trigger.event].provides : [];
  return trigger.subject === "customer" ? ["customer"] : ["opportunity", "customer"];
}

/** Subjects an action needs: a built-in text's record, the customer for a tag, the target of an assignment. */
export function actionNeeds(action: TAction): Subject[] {
  switch (action.type) {
    case "create_task":
      return action.title.kind === "key" && LABEL_NEEDS[action.title.key] ? [LABEL_NEEDS[action.title.key]!] : [];
    case "notify":
      return action.message.kind === "key" && LABEL_NEEDS[action.message.key] ? [LABEL_NEEDS[action.message.key]!] : [];
    case "add_tag":
      return ["customer"];
    case "assign":
      return [action.target];
  }
}

/**
 * What does not fit together in a definition, as per-field details: a plugin trigger no plugin
 * installed for the rule's tenant offers (`pluginTriggers`), a condition on a record the trigger never
 * has, an event field the event does not carry, an action needing a missing record, a bad cron
 * expression, and (platform rules) a specific user, who belongs to one partner only.
 */
export function definitionProblems(definition: TRuleDefinition, options: { platformRule: boolean; timeZone: string; pluginTriggers?: readonly TPluginTrigger[] }): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const { trigger } = definition;
  const subjects = availableSubjects(trigger);
  if (trigger.type === "schedule") {
    const cron = cronProblem(trigger.cron, options.timeZone);
    if (cron) problems.push({ path: "trigger.cron", message: cron });
  }
  const eventFields = trigger.type === "event" ? triggerEventFields(trigger.event, options.pluginTriggers ?? []) : [];
  const unavailable = trigger.type === "event" && isPluginEvent(trigger.event) && eventFields === null;
  if (unavailable) problems.push({ path: "trigger.event", message: "automationPlugins.errors.triggerUnavailable" });
  definition.conditions.forEach((condition, i) => {
    if (EVENT_FIELD_PATTERN.test(condition.field)) {
      // An unavailable trigger is reported once, not once more per condition on its fields.
      if (!unavailable && !(eventFields ?? []).includes(condition.field.slice("event.".length))) problems.push({ path: `conditions.${i}.field`, message: "automation.errors.fieldNotAvailable" });
      return;
    }
    const { entity } = CONDITION_FIELDS[condition.field as ConditionField];
    if (entity !== "partner" && !subjects.includes(entity)) problems.push({ path: `conditions.${i}.field`, message: "automation.errors.fieldNotAvailable" });
  });
  definition.actions.forEach((action, i) => {
    const missing = actionNeeds(action).find((s) => !subjects.includes(s));
    if (missing) {
      const path = action.type === "create_task" ? `actions.${i}.title.key` : action.type === "notify" ? `actions.${i}.message.key` : action.type === "assign" ? `actions.${i}.target` : `actions.${i}.type`;
      problems.push({ path, message: "automation.errors.actionNotAvailable" });
    }
    const assignee = action.type === "create_task" || action.type === "assign" ? action.assignee : action.type === "notify" ? action.recipients : null;
    if (assignee?.strategy === "user" && options.platformRule) {
      problems.push({ path: `actions.${i}.${action.type === "notify" ? "recipients" : "assignee"}.strategy`, message: "automation.errors.userStrategyPlatform" });
    }
  });
  return problems;
}

// ── built-in rules ─────────────────────────────────────────────────────────────────────────────

/**
 * The platform's default rules, created by migration 20261124130400_automation_default_rule with
 * fixed ids (editable and deletable like any platform rule). Their names are i18n keys.
 */
export const DORMANT_CUSTOMER_RETURNS_RULE_ID = "01936a00-0000-7000-8000-0000000000a1";
const BUILT_IN_RULE_NAME_KEYS = ["automation.builtIn.dormantCustomerReturns"] as const;

/** The i18n key a stored rule name stands for, or null for a name someone typed. */
export function builtInRuleNameKey(name: string): string | null {
  return (BUILT_IN_RULE_NAME_KEYS as readonly string[]).includes(name) ? name : null;
}
