/**
 * Runs automation rules: for a delivered domain event (the event consumer), and for cron schedules
 * (a maintenance job each minute). Runs as the system actor.
 *
 * Exactly once per (rule, trigger): a run claims its AutomationRun row (unique ruleId + triggerKey)
 * first, in the same transaction as everything the actions write, so a redelivered event or a second
 * worker finds the run taken and does nothing. Tasks carry a deterministic source key
 * (`rule:<ruleId>:<eventId>`) as a second guard. A failing action rolls the run back and is recorded
 * as a failed run with its reason; it is not retried.
 */
import { createHash } from "node:crypto";
import { systemActor } from "../../actor/actor.ts";
import { db, runAsSystem, type Prisma, type Tx } from "../../db/index.ts";
import { env } from "../../env/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { RuleRunError } from "./automation.errors.ts";
import {
  claimRun,
  findActivePartners,
  findCustomerFacts,
  findEventRules,
  findLeadFacts,
  findOpportunityFacts,
  findPartnerFacts,
  findScheduleCustomers,
  findScheduleOpportunities,
  findScheduleRules,
  findTeam,
  finishRun,
  insertCustomerTag,
  insertNotifications,
  insertTask,
  latestTick,
  recordFailedRun,
  recordTick,
  setLeadAssignee,
  setOpportunityOwner,
  type StoredRule,
} from "./automation.repository.ts";
import {
  actionNeeds,
  buildContext,
  builtInRuleNameKey,
  conditionHolds,
  eventRefs,
  evaluateConditions,
  labelParams,
  latestDueTick,
  pickAssignees,
  primarySubject,
  type EventRefs,
  type Facts,
  type PartnerFacts,
  type TeamMember,
} from "./automation.rules.ts";
import { isPluginEvent, isTriggerEvent, pluginIdOfEvent, type TAction, type TCondition, type TRuleDefinition } from "./automation.schemas.ts";
import { declaredPayload } from "./plugin-triggers.rules.ts";
import { pluginTriggersFor } from "./plugin-triggers.service.ts";

type Team = Array<TeamMember & { name: string }>;
type Outcome = { key: string; params: Record<string, string> };
/** One record a run acts on, and the base of the source keys of what it creates. */
type RunItem = { facts: Facts; sourceKey: string };
type ReadyRule = StoredRule & { definition: TRuleDefinition };

const HOUR_MS = 3_600_000;

/** A stable UUID for a notification's source, so a replayed action notifies nobody twice. */
function sourceUuid(sourceKey: string): string {
  const hex = createHash("sha256").update(sourceKey).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A rule's name as a text parameter: built-in names are translated when the reader reads it. */
function ruleNameParam(rule: StoredRule): string {
  const key = builtInRuleNameKey(rule.name);
  return key ? `$t(${key})` : rule.name;
}

// ── actions ────────────────────────────────────────────────────────────────────────────────────

type ActionContext = { tx: Tx; rule: ReadyRule; partner: PartnerFacts; team: Team; item: RunItem; index: number; now: Date };

function nameOf(team: Team, userId: string): string {
  return team.find((m) => m.userId === userId)?.name ?? "";
}

function sourceKeyFor(item: RunItem, index: number): string {
  return index === 0 ? item.sourceKey : `${item.sourceKey}:${index}`;
}

async function act(action: TAction, c: ActionContext): Promise<{ outcome: Outcome; counter: string }> {
  const { tx, rule, partner, team, item, index, now } = c;
  const { facts } = item;
  const missing = actionNeeds(action).find((subject) => !facts[subject]);
  if (missing) throw new RuleRunError("automation.errors.subjectMissing", { subject: `automation.subject.${missing}` });
  const primary = primarySubject(facts);
  const actor = systemActor(`automation:${rule.id}`);

  switch (action.type) {
    case "create_task": {
      const pick = pickAssignees(action.assignee, team, primary?.ownerUserId ?? null, false);
      const assigneeId = pick.userIds[0];
      if (!assigneeId) throw new RuleRunError("automation.errors.noAssignee");
      const title = action.title.kind === "text" ? { title: action.title.text, titleKey: null } : { title: null, titleKey: `automation.task.${action.title.key}` };
      const taskId = await insertTask(tx, {
        partnerId: partner.id,
        assigneeId,
        ...title,
        params: labelParams(facts, ruleNameParam(rule)) as Prisma.InputJsonValue,
        link: primary?.link ?? null,
        dueAt: action.dueInHours ? new Date(now.getTime() + action.dueInHours * HOUR_MS) : null,
        customerId: facts.customer?.id ?? null,
        leadId: facts.lead?.id ?? null,
        opportunityId: facts.opportunity?.id ?? null,
        createdById: null,
        sourceKey: sourceKeyFor(item, index),
      });
      if (!taskId) return { outcome: { key: "automation.outcome.taskExists", params: {} }, counter: "none" };
      await emitEvent(tx, "task.assigned", { type: "Task", id: taskId, partnerId: partner.id }, {
        taskId,
        partnerId: partner.id,
        assigneeId,
        previousAssigneeId: null,
        actorUserId: null,
      });
      return { outcome: { key: "automation.outcome.taskCreated", params: { user: nameOf(team, assigneeId) } }, counter: "tasks" };
    }
    case "notify": {
      const pick = pickAssignees(action.recipients, team, primary?.ownerUserId ?? null, true);
      if (pick.userIds.length === 0) throw new RuleRunError("automation.errors.noAssignee");
      const params = labelParams(facts, ruleNameParam(rule));
      const message = action.message.kind === "text" ? { messageKey: "automation.message.custom", params: { ...params, text: action.message.text } } : { messageKey: `automation.message.${action.message.key}`, params };
      const sourceEventId = sourceUuid(`notify:${sourceKeyFor(item, index)}`);
      const sent = await insertNotifications(
        tx,
        pick.userIds.map((userId) => ({ userId, type: "automation.rule", messageKey: message.messageKey, params: message.params, link: primary?.link ?? null, sourceEventId })),
      );
      return { outcome: { key: "automation.outcome.notified", params: { count: String(sent) } }, counter: "notifications" };
    }
    case "add_tag": {
      const customer = facts.customer!;
      const tag = await tx.tag.findUnique({ where: { id: action.tagId }, select: { id: true, name: true, partnerId: true } });
      // A platform rule puts on platform tags; a partner rule its own or the platform's.
      const usable = tag && (tag.partnerId === null || tag.partnerId === rule.partnerId);
      if (!tag || !usable) throw new RuleRunError("automation.errors.tagNotFound");
      const added = await insertCustomerTag(tx, { customerId: customer.id, tagId: tag.id, partnerId: rule.partnerId });
      if (!added) return { outcome: { key: "automation.outcome.tagAlreadyThere", params: { tag: tag.name } }, counter: "none" };
      await emitEvent(tx, "customer.tagged", { type: "Customer", id: customer.id, partnerId: rule.partnerId }, {
        customerId: customer.id,
        tagId: tag.id,
        tagName: tag.name,
        partnerId: rule.partnerId,
        ownerPartnerId: customer.ownerPartnerId,
      });
      return { outcome: { key: "automation.outcome.tagAdded", params: { tag: tag.name } }, counter: "tags" };
    }
    case "assign": {
      const record = action.target === "lead" ? facts.lead! : facts.opportunity!;
      const current = action.target === "lead" ? facts.lead!.assigneeId : facts.opportunity!.ownerId;
      const pick = pickAssignees(action.assignee, team, current, false);
      const userId = pick.userIds[0];
      if (!userId) throw new RuleRunError("automation.errors.noAssignee");
      const params = { user: nameOf(team, userId) };
      if (current === userId) return { outcome: { key: "automation.outcome.alreadyAssigned", params }, counter: "none" };
      if (action.target === "lead") {
        await setLeadAssignee(tx, record.id, userId);
        await emitEvent(tx, "lead.assigned", { type: "Lead", id: record.id, partnerId: partner.id }, {
          leadId: record.id,
          partnerId: partner.id,
          assigneeId: userId,
          previousAssigneeId: current,
          actorUserId: null,
        });
      } else {
        await setOpportunityOwner(tx, record.id, userId);
      }
      await recordAudit(tx, actor, {
        action: action.target === "lead" ? "lead.updated" : "opportunity.updated",
        entityType: action.target === "lead" ? "Lead" : "Opportunity",
        entityId: record.id,
        partnerId: partner.id,
        before: { [action.target === "lead" ? "assigneeId" : "ownerId"]: current },
        after: { [action.target === "lead" ? "assigneeId" : "ownerId"]: userId, ruleId: rule.id },
      });
      return { outcome: { key: action.target === "lead" ? "automation.outcome.leadAssigned" : "automation.outcome.opportunityAssigned", params }, counter: "assignments" };
    }
  }
}

// ── one run ────────────────────────────────────────────────────────────────────────────────────

export type RunResult = "done" | "skipped" | "failed" | "duplicate";

/**
 * One run of a rule for one trigger and partner, over its item(s): claim, check, act, record — all
 * in one transaction. An event run has one item and is "skipped" when its conditions do not hold;
 * a schedule run gets only items that matched, and records counts instead of one line per action.
 */
async function executeRun(args: {
  rule: ReadyRule;
  partner: PartnerFacts;
  triggerKey: string;
  items: RunItem[];
  team: Team;
  now: Date;
  summary: boolean;
  detail: Record<string, unknown>;
}): Promise<RunResult> {
  const { rule, partner, triggerKey, items, team, now } = args;
  const conditions: TCondition[] = rule.definition.conditions;
  try {
    return await db.$transaction(
      async (tx) => {
        const runId = await claimRun(tx, { ruleId: rule.id, partnerId: partner.id, triggerKey });
        if (!runId) return "duplicate";
        const outcomes: Outcome[] = [];
        const counts: Record<string, number> = { tasks: 0, notifications: 0, tags: 0, assignments: 0 };
        let acted = 0;
        for (const item of items) {
          const result = evaluateConditions(conditions, buildContext(item.facts, rule.partnerId, now));
          if (!result.matched) {
            if (!args.summary) {
              await finishRun(tx, runId, "skipped", { ...args.detail, outcomes: [{ key: "automation.outcome.conditionsNotMet", params: { number: String((result.failedIndex ?? 0) + 1) } }] });
              return "skipped";
            }
            continue;
          }
          acted++;
          for (const [index, action] of rule.definition.actions.entries()) {
            const done = await act(action, { tx, rule, partner, team, item, index, now });
            if (!args.summary) outcomes.push(done.outcome);
            if (done.counter in counts) counts[done.counter]!++;
          }
        }
        if (args.summary) {
          outcomes.push({ key: "automation.outcome.matched", params: { count: String(acted) } });
          for (const [counter, count] of Object.entries(counts)) if (count > 0) outcomes.push({ key: `automation.outcome.${counter}Count`, params: { count: String(count) } });
        }
        await finishRun(tx, runId, acted > 0 ? "done" : "skipped", { ...args.detail, outcomes });
        return acted > 0 ? "done" : "skipped";
      },
      { timeout: args.summary ? 120_000 : 15_000, maxWait: 10_000 },
    );
  } catch (error) {
    const known = error instanceof RuleRunError;
    if (!known) console.warn(`[automation] rule ${rule.id} failed on ${triggerKey}: ${error instanceof Error ? error.message : String(error)}`);
    await recordFailedRun({
      ruleId: rule.id,
      partnerId: partner.id,
      triggerKey,
      error: known ? error.key : "automation.errors.unexpected",
      detail: { ...args.detail, errorParams: known ? error.params : {}, ...(known ? {} : { message: String(error instanceof Error ? error.message : error).slice(0, 1000) }) },
    });
    return "failed";
  }
}

async function recordInvalidRule(rule: StoredRule, partnerId: string | null, triggerKey: string, detail: Record<string, unknown>): Promise<RunResult> {
  await recordFailedRun({ ruleId: rule.id, partnerId, triggerKey, error: "automation.errors.invalidRule", detail: { ...detail, errorParams: {} } });
  return "failed";
}

// ── events ─────────────────────────────────────────────────────────────────────────────────────

/** The records an event is about, for its partner (another partner's record is not loaded). */
async function loadEventFacts(partner: PartnerFacts, ids: EventRefs, payload: Record<string, unknown>): Promise<Facts> {
  const opportunity = ids.opportunityId ? await findOpportunityFacts(ids.opportunityId, partner.id) : null;
  const leadId = ids.leadId ?? opportunity?.leadId ?? null;
  const lead = leadId ? await findLeadFacts(leadId, partner.id) : null;
  const customerId = ids.customerId ?? opportunity?.customerId ?? lead?.customerId ?? null;
  const customer = customerId ? await findCustomerFacts(customerId, partner.id) : null;
  return { partner, customer, opportunity, lead, payload };
}

/**
 * The consumer of every trigger event: the enabled rules for it — the platform's and those of the
 * partner the event belongs to — each run once for this event. A plugin's event belongs to the
 * partner the host stamped on it (`partnerId`, the tenant whose hook emitted it); its rules run only
 * while the plugin is installed for that partner and declares the trigger, and see only the payload
 * fields the trigger declares.
 */
export async function runEventRules(type: string, eventId: string, payload: Record<string, unknown>, now = new Date()): Promise<{ runs: Record<string, RunResult> }> {
  if (isTriggerEvent(type)) {
    const ids = eventRefs(type, payload);
    if (!ids?.partnerId) return { runs: {} };
    const partnerIds = { ...ids, partnerId: ids.partnerId };
    return runRulesOn(await findEventRules(type, partnerIds.partnerId), type, eventId, partnerIds, payload, now);
  }
  if (!isPluginEvent(type)) return { runs: {} };
  const partnerId = typeof payload.partnerId === "string" && payload.partnerId.length > 0 ? payload.partnerId : null;
  if (!partnerId || payload.pluginId !== pluginIdOfEvent(type)) return { runs: {} };
  const rules = await findEventRules(type, partnerId);
  if (rules.length === 0) return { runs: {} };
  // Uninstalled (quarantined), stopped by the breaker, or a version that no longer declares it: nothing fires.
  const trigger = (await pluginTriggersFor(partnerId)).find((t) => t.event === type);
  if (!trigger) return { runs: {} };
  return runRulesOn(rules, type, eventId, { partnerId, customerId: null, leadId: null, opportunityId: null }, declaredPayload(trigger, payload), now);
}

async function runRulesOn(
  rules: StoredRule[],
  type: string,
  eventId: string,
  ids: EventRefs & { partnerId: string },
  payload: Record<string, unknown>,
  now: Date,
): Promise<{ runs: Record<string, RunResult> }> {
  const runs: Record<string, RunResult> = {};
  if (rules.length === 0) return { runs };
  const partner = await findPartnerFacts(ids.partnerId);
  if (!partner) return { runs };
  const facts = await loadEventFacts(partner, ids, payload);
  const team = await findTeam(partner.id);
  const triggerKey = `event:${eventId}`;
  const detail = { event: type, eventId };
  for (const rule of rules) {
    runs[rule.id] = rule.definition
      ? await executeRun({ rule: rule as ReadyRule, partner, triggerKey, items: [{ facts, sourceKey: `rule:${rule.id}:${eventId}` }], team, now, summary: false, detail })
      : await recordInvalidRule(rule, partner.id, triggerKey, detail);
  }
  return { runs };
}

// ── schedules ──────────────────────────────────────────────────────────────────────────────────

const PAGE = 500;
const MAX_PAGES = 20;
/** At most this many records a schedule rule acts on per partner and tick (bounded work per minute). */
export const MAX_ITEMS_PER_TICK = 200;
const PARTNER_PAGE = 200;

const textColumns = { "customer.lifecycleStage": "lifecycleStage", "customer.rfmSegment": "rfmSegment", "customer.city": "city" } as const;
const OPPORTUNITY_STATUSES = ["open", "won", "lost"];

/** A superset filter the database can apply from simple conditions; the engine checks every condition again. */
function customerPushdown(conditions: readonly TCondition[]): Prisma.CustomerWhereInput {
  const and: Prisma.CustomerWhereInput[] = [];
  for (const c of conditions) {
    const column = textColumns[c.field as keyof typeof textColumns];
    if (column && c.op === "eq" && typeof c.value === "string") and.push({ [column]: c.value });
    if (column && c.op === "in" && Array.isArray(c.value)) and.push({ [column]: { in: c.value } });
    if (c.field === "customer.tags" && (c.op === "eq" || c.op === "contains") && typeof c.value === "string") {
      and.push({ tags: { some: { tag: { name: { equals: c.value, mode: "insensitive" } } } } });
    }
  }
  return and.length ? { AND: and } : {};
}

function opportunityPushdown(conditions: readonly TCondition[]): Prisma.OpportunityWhereInput {
  const and: Prisma.OpportunityWhereInput[] = [];
  for (const c of conditions) {
    if (c.field === "opportunity.status" && c.op === "eq" && typeof c.value === "string") {
      if (!OPPORTUNITY_STATUSES.includes(c.value)) return { id: { in: [] } };
      and.push({ status: c.value as "open" | "won" | "lost" });
    }
  }
  return and.length ? { AND: and } : {};
}

/** The records of one partner a schedule rule acts on this tick (matching, bounded). */
async function scheduleItems(rule: ReadyRule, partner: PartnerFacts, tickIso: string, now: Date): Promise<{ items: RunItem[]; truncated: boolean }> {
  const { trigger, conditions } = rule.definition;
  if (trigger.type !== "schedule") return { items: [], truncated: false };
  const items: RunItem[] = [];
  let afterId: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const batch: Array<Pick<Facts, "customer" | "opportunity">> =
      trigger.subject === "customer"
        ? (await findScheduleCustomers(partner.id, customerPushdown(conditions), afterId, PAGE)).map((customer) => ({ customer, opportunity: null }))
        : await findScheduleOpportunities(partner.id, opportunityPushdown(conditions), afterId, PAGE);
    for (const record of batch) {
      const facts: Facts = { partner, customer: record.customer, opportunity: record.opportunity, lead: null, payload: {} };
      if (!evaluateConditions(conditions, buildContext(facts, rule.partnerId, now)).matched) continue;
      const entityId = (record.opportunity ?? record.customer)!.id;
      items.push({ facts, sourceKey: `rule:${rule.id}:${tickIso}:${entityId}` });
      if (items.length >= MAX_ITEMS_PER_TICK) return { items, truncated: true };
    }
    if (batch.length < PAGE) return { items, truncated: false };
    afterId = (batch[batch.length - 1]!.opportunity ?? batch[batch.length - 1]!.customer)!.id;
  }
  return { items, truncated: true };
}

/** Partner conditions only: a platform schedule rule skips partners they rule out without reading their records. */
function partnerMatches(conditions: readonly TCondition[], partner: PartnerFacts): boolean {
  const context = { "partner.tier": partner.tier, "partner.region": partner.region };
  return conditions.filter((c) => c.field.startsWith("partner.")).every((c) => conditionHolds(c, context));
}

async function runScheduleTick(rule: ReadyRule, tick: Date, now: Date): Promise<{ partners: number; runs: number; failed: number }> {
  const tickIso = tick.toISOString();
  const stats = { partners: 0, runs: 0, failed: 0 };
  const runFor = async (partner: PartnerFacts) => {
    if (!partnerMatches(rule.definition.conditions, partner)) return;
    stats.partners++;
    const { items, truncated } = await scheduleItems(rule, partner, tickIso, now);
    if (items.length === 0) return;
    const result = await executeRun({
      rule,
      partner,
      triggerKey: `schedule:${tickIso}:${partner.id}`,
      items,
      team: await findTeam(partner.id),
      now,
      summary: true,
      detail: { tick: tickIso, truncated },
    });
    if (result === "done" || result === "skipped") stats.runs++;
    if (result === "failed") stats.failed++;
  };
  if (rule.partnerId) {
    const partner = await findPartnerFacts(rule.partnerId);
    if (partner) await runFor(partner);
  } else {
    let afterId: string | null = null;
    for (;;) {
      const partners = await findActivePartners({}, afterId, PARTNER_PAGE);
      for (const partner of partners) await runFor(partner);
      if (partners.length < PARTNER_PAGE) break;
      afterId = partners[partners.length - 1]!.id;
    }
  }
  return stats;
}

/**
 * The maintenance job, each minute: every enabled schedule rule whose cron expression has a tick
 * since the rule's last one (or since it was last saved) runs for that tick. A tick is marked done
 * once every partner is through, so a crash mid-tick resumes it and already-run partners are skipped.
 */
export async function runScheduledRules(now = new Date()): Promise<{ rules: number; partners: number; runs: number; failed: number }> {
  return runAsSystem("automation-schedule", async () => {
    const total = { rules: 0, partners: 0, runs: 0, failed: 0 };
    const timeZone = env().PLATFORM_TIMEZONE;
    for (const rule of await findScheduleRules()) {
      const trigger = rule.definition?.trigger;
      if (!rule.definition || trigger?.type !== "schedule") continue;
      const last = await latestTick(rule.id);
      const after = last && last > rule.updatedAt ? last : rule.updatedAt;
      let tick: Date | null;
      try {
        tick = latestDueTick(trigger.cron, timeZone, after, now);
      } catch {
        tick = null;
      }
      if (!tick) continue;
      total.rules++;
      const stats = await runScheduleTick(rule as ReadyRule, tick, now);
      total.partners += stats.partners;
      total.runs += stats.runs;
      total.failed += stats.failed;
      await recordTick({ ruleId: rule.id, partnerId: rule.partnerId, tick, detail: { outcomes: [{ key: "automation.outcome.tick", params: { partners: String(stats.partners), runs: String(stats.runs) } }] } });
    }
    return total;
  });
}
