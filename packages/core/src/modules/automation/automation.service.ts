/**
 * Automation rule use cases: list, read, create, replace, enable/disable, delete; the runs log; the
 * catalog the rule editor offers. Platform admins edit the platform's rules (every partner's events),
 * a partner's admins their own partner's; managers and channel managers read.
 */
import { can, requirePermission, requireUserActor, type Actor, type UserActor } from "../../actor/index.ts";
import { db, Prisma } from "../../db/index.ts";
import { env } from "../../env/index.ts";
import { DomainError, notFound, type ErrorDetail } from "../../errors/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { page, ZId } from "../shared.schemas.ts";
import {
  deleteRuleRow,
  findActiveMembers,
  findPartnerNames,
  findRule,
  findRuleNames,
  findRules,
  findRuns,
  findVisibleTags,
  insertRule,
  ruleColumns,
  updateRuleRow,
  type RunRow,
  type StoredRule,
} from "./automation.repository.ts";
import { builtInRuleNameKey, definitionProblems } from "./automation.rules.ts";
import { describePluginTriggers, pluginTriggersFor } from "./plugin-triggers.service.ts";
import {
  ACTION_TYPES,
  ASSIGNEE_STRATEGIES,
  CONDITION_FIELDS,
  CONDITION_OPS,
  MESSAGE_KEYS,
  RUN_STATUSES,
  SCHEDULE_SUBJECTS,
  TASK_TITLE_KEYS,
  TRIGGER_EVENT_CATALOG,
  ZRuleEnableInput,
  ZRuleInput,
  ZRuleListInput,
  ZRunListInput,
  isPluginEvent,
  type TCatalog,
  type TRule,
  type TRulePluginTrigger,
  type TRuleDefinition,
  type TRuleInput,
  type TRun,
} from "./automation.schemas.ts";
import type { z } from "zod";

/** The partner whose rules this actor writes: a partner admin's own; platform staff write the platform's (null). */
function rulePartnerOf(actor: UserActor): string | null {
  return actor.kind === "partner" ? actor.partnerId : null;
}

function mayEdit(actor: Actor, rule: Pick<StoredRule, "partnerId">): boolean {
  if (!can(actor, "automation:manage") || (actor.kind !== "platform" && actor.kind !== "partner")) return false;
  return rule.partnerId === rulePartnerOf(actor);
}

function toRule(actor: Actor, rule: StoredRule, partnerNames: Map<string, string>, pluginTriggers: Map<string, TRulePluginTrigger>): TRule {
  const definition = rule.definition;
  return {
    id: rule.id,
    partnerId: rule.partnerId,
    partnerName: rule.partnerId ? (partnerNames.get(rule.partnerId) ?? null) : null,
    name: rule.name,
    nameKey: builtInRuleNameKey(rule.name),
    enabled: rule.enabled,
    trigger: definition?.trigger ?? null,
    pluginTrigger: pluginTriggers.get(rule.id) ?? null,
    conditions: definition?.conditions ?? [],
    actions: definition?.actions ?? [],
    valid: definition !== null,
    editable: mayEdit(actor, rule),
    createdAt: rule.createdAt,
    updatedAt: rule.updatedAt,
  };
}

/**
 * Rules as the actor reads them. A plugin trigger is available when its plugin is installed for the
 * tenant the rule runs for: a partner rule's partner; for a platform rule, the reading partner (or,
 * read by platform staff, anywhere).
 */
async function present(actor: Actor, rules: StoredRule[]): Promise<TRule[]> {
  const names = await findPartnerNames([...new Set(rules.map((r) => r.partnerId).filter((id): id is string => Boolean(id)))]);
  const viewerPartnerId = actor.kind === "partner" ? actor.partnerId : null;
  const pluginTriggers = await describePluginTriggers(
    rules.map((r) => ({ id: r.id, partnerId: r.partnerId, trigger: r.definition?.trigger ?? null })),
    (r) => r.partnerId ?? viewerPartnerId,
  );
  return rules.map((r) => toRule(actor, r, names, pluginTriggers));
}

async function presentOne(actor: Actor, rule: StoredRule): Promise<TRule> {
  return (await present(actor, [rule]))[0]!;
}

export async function listRules(actor: Actor, raw: z.input<typeof ZRuleListInput>): Promise<{ items: TRule[]; nextCursor: string | null }> {
  requirePermission(actor, "automation:read");
  const input = ZRuleListInput.parse(raw);
  const rows = await findRules({ ...(input.scope ? { scope: input.scope } : {}), ...(input.cursor ? { beforeId: input.cursor } : {}) }, input.limit + 1);
  const { items, nextCursor } = page(rows, input.limit);
  return { items: await present(actor, items), nextCursor };
}

async function visibleRule(actor: Actor, id: string): Promise<StoredRule> {
  if (!ZId.safeParse(id).success) throw notFound("AutomationRule");
  const rule = await findRule(id);
  if (!rule) throw notFound("AutomationRule");
  return rule;
}

export async function getRule(actor: Actor, id: string): Promise<TRule> {
  requirePermission(actor, "automation:read");
  return presentOne(actor, await visibleRule(actor, id));
}

/**
 * A definition that parses may still not fit: its trigger lacks what a condition or action needs,
 * its cron is invalid, its plugin trigger is not offered by a plugin installed for the rule's tenant,
 * or it names a tag or a user the rule's partner does not have. Another partner's tag or user is
 * answered exactly like one that does not exist.
 */
async function checkDefinition(definition: TRuleDefinition, partnerId: string | null): Promise<void> {
  const { trigger } = definition;
  const pluginTriggers = trigger.type === "event" && isPluginEvent(trigger.event) ? await pluginTriggersFor(partnerId) : [];
  const problems: ErrorDetail[] = definitionProblems(definition, { platformRule: partnerId === null, timeZone: env().PLATFORM_TIMEZONE, pluginTriggers });
  const tagIds = definition.actions.flatMap((a) => (a.type === "add_tag" ? [a.tagId] : []));
  if (tagIds.length > 0) {
    const usable = new Set((await findVisibleTags(tagIds)).filter((t) => t.partnerId === null || t.partnerId === partnerId).map((t) => t.id));
    definition.actions.forEach((a, i) => {
      if (a.type === "add_tag" && !usable.has(a.tagId)) problems.push({ path: `actions.${i}.tagId`, message: "automation.errors.tagNotFound" });
    });
  }
  if (partnerId) {
    const assigneeOf = (a: TRuleDefinition["actions"][number]) => (a.type === "notify" ? { field: "recipients", value: a.recipients } : a.type === "add_tag" ? null : { field: "assignee", value: a.assignee });
    const userIds = definition.actions.flatMap((a) => {
      const assignee = assigneeOf(a)?.value;
      return assignee?.strategy === "user" ? [assignee.userId] : [];
    });
    if (userIds.length > 0) {
      const members = new Set((await findActiveMembers(partnerId, userIds)).map((m) => m.id));
      definition.actions.forEach((a, i) => {
        const assignee = assigneeOf(a);
        if (assignee?.value.strategy === "user" && !members.has(assignee.value.userId)) {
          problems.push({ path: `actions.${i}.${assignee.field}.userId`, message: "automation.errors.userNotInPartner" });
        }
      });
    }
  }
  if (problems.length > 0) throw new DomainError("VALIDATION_FAILED", { details: problems });
}

function auditShape(rule: StoredRule) {
  return { name: rule.name, enabled: rule.enabled, partnerId: rule.partnerId, definition: rule.definition };
}

export async function createRule(actor: Actor, raw: TRuleInput): Promise<TRule> {
  requirePermission(actor, "automation:manage");
  const user = requireUserActor(actor);
  const definition = ZRuleInput.parse(raw);
  const partnerId = rulePartnerOf(user);
  await checkDefinition(definition, partnerId);
  const rule = await db.$transaction(async (tx) => {
    const created = await insertRule(tx, { ...ruleColumns(definition), partnerId, createdById: user.userId });
    await recordAudit(tx, actor, { action: "automation_rule.created", entityType: "AutomationRule", entityId: created.id, partnerId, after: auditShape(created) });
    return created;
  });
  return presentOne(actor, rule);
}

/** The rule, if this actor may change it: 404 when it cannot see it, 403 when it may only read it. */
async function editableRule(actor: Actor, id: string): Promise<StoredRule> {
  const rule = await visibleRule(actor, id);
  if (!mayEdit(actor, rule)) throw new DomainError("FORBIDDEN", { i18nKey: "automation.errors.readOnly" });
  return rule;
}

export async function updateRule(actor: Actor, id: string, raw: TRuleInput): Promise<TRule> {
  requirePermission(actor, "automation:manage");
  const before = await editableRule(actor, id);
  const definition = ZRuleInput.parse(raw);
  await checkDefinition(definition, before.partnerId);
  const rule = await db.$transaction(async (tx) => {
    const after = await updateRuleRow(tx, id, ruleColumns(definition)).catch(notFoundIfGone);
    await recordAudit(tx, actor, { action: "automation_rule.updated", entityType: "AutomationRule", entityId: id, partnerId: before.partnerId, before: auditShape(before), after: auditShape(after) });
    return after;
  });
  return presentOne(actor, rule);
}

function notFoundIfGone(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") throw notFound("AutomationRule");
  throw error;
}

export async function setRuleEnabled(actor: Actor, raw: z.input<typeof ZRuleEnableInput>): Promise<TRule> {
  requirePermission(actor, "automation:manage");
  const input = ZRuleEnableInput.parse(raw);
  const before = await editableRule(actor, input.id);
  if (before.enabled === input.enabled) return presentOne(actor, before);
  const rule = await db.$transaction(async (tx) => {
    const after = await updateRuleRow(tx, input.id, { enabled: input.enabled }).catch(notFoundIfGone);
    await recordAudit(tx, actor, { action: input.enabled ? "automation_rule.enabled" : "automation_rule.disabled", entityType: "AutomationRule", entityId: input.id, partnerId: before.partnerId, before: { enabled: before.enabled }, after: { enabled: after.enabled } });
    return after;
  });
  return presentOne(actor, rule);
}

/** Deleting a rule deletes its runs log too. */
export async function deleteRule(actor: Actor, id: string): Promise<void> {
  requirePermission(actor, "automation:manage");
  const before = await editableRule(actor, id);
  await db.$transaction(async (tx) => {
    if ((await deleteRuleRow(tx, id)) === 0) throw notFound("AutomationRule");
    await recordAudit(tx, actor, { action: "automation_rule.deleted", entityType: "AutomationRule", entityId: id, partnerId: before.partnerId, before: auditShape(before) });
  });
}

// ── runs ───────────────────────────────────────────────────────────────────────────────────────

function stringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "string" || typeof v === "number").map(([k, v]) => [k, String(v)]));
}

function toRun(row: RunRow, ruleNames: Map<string, string>, partnerNames: Map<string, string>): TRun {
  const detail = row.detail && typeof row.detail === "object" && !Array.isArray(row.detail) ? (row.detail as Record<string, unknown>) : {};
  const outcomes = Array.isArray(detail.outcomes)
    ? detail.outcomes.flatMap((o) => (o && typeof o === "object" && typeof (o as { key?: unknown }).key === "string" ? [{ key: (o as { key: string }).key, params: stringRecord((o as { params?: unknown }).params) }] : []))
    : [];
  const ruleName = ruleNames.get(row.ruleId) ?? "";
  return {
    id: row.id,
    ruleId: row.ruleId,
    ruleName,
    ruleNameKey: builtInRuleNameKey(ruleName),
    partnerId: row.partnerId,
    partnerName: row.partnerId ? (partnerNames.get(row.partnerId) ?? null) : null,
    triggerKey: row.triggerKey,
    status: (RUN_STATUSES as readonly string[]).includes(row.status) ? (row.status as TRun["status"]) : "failed",
    error: row.error,
    errorParams: stringRecord(detail.errorParams),
    outcomes,
    createdAt: row.createdAt,
  };
}

/** Newest first. A partner's admins and managers see their partner's runs (of its own and the platform's rules). */
export async function listRuns(actor: Actor, raw: z.input<typeof ZRunListInput>): Promise<{ items: TRun[]; nextCursor: string | null }> {
  requirePermission(actor, "automation:read");
  const input = ZRunListInput.parse(raw);
  const rows = await findRuns(
    {
      ...(input.ruleId ? { ruleId: input.ruleId } : {}),
      ...(input.status ? { status: input.status } : {}),
      ...(input.partnerId ? { partnerId: input.partnerId } : {}),
      ...(input.cursor ? { beforeId: input.cursor } : {}),
    },
    input.limit + 1,
  );
  const [ruleNames, partnerNames] = await Promise.all([
    findRuleNames([...new Set(rows.map((r) => r.ruleId))]),
    findPartnerNames([...new Set(rows.map((r) => r.partnerId).filter((id): id is string => Boolean(id)))]),
  ]);
  return page(rows.map((r) => toRun(r, ruleNames, partnerNames)), input.limit);
}

// ── what the editor offers ─────────────────────────────────────────────────────────────────────

export async function automationCatalog(actor: Actor): Promise<TCatalog> {
  requirePermission(actor, "automation:read");
  const user = requireUserActor(actor);
  const partnerId = rulePartnerOf(user);
  const tags = (await findVisibleTags()).filter((t) => t.partnerId === null || t.partnerId === partnerId);
  return {
    events: Object.entries(TRIGGER_EVENT_CATALOG).map(([event, entry]) => ({ event, fields: [...entry.fields], provides: [...entry.provides] })),
    pluginTriggers: await pluginTriggersFor(partnerId),
    scheduleSubjects: [...SCHEDULE_SUBJECTS],
    fields: Object.entries(CONDITION_FIELDS).map(([field, entry]) => ({ field, entity: entry.entity, kind: entry.kind })),
    ops: [...CONDITION_OPS],
    // A platform rule runs for every partner, so it cannot name one partner's user.
    strategies: ASSIGNEE_STRATEGIES.filter((s) => s !== "user" || partnerId !== null),
    actionTypes: [...ACTION_TYPES],
    taskTitleKeys: [...TASK_TITLE_KEYS],
    messageKeys: [...MESSAGE_KEYS],
    tags: tags.map((t) => ({ id: t.id, name: t.name, platform: t.partnerId === null })),
    users: partnerId ? await findActiveMembers(partnerId) : [],
    timeZone: env().PLATFORM_TIMEZONE,
  };
}
