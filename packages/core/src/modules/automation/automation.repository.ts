/**
 * The only Prisma for automation rules and runs. Rule management runs through the scoped client as
 * the acting user; the engine's reads and writes run as the system (rules span partners).
 */
import { db, Prisma, type Tx } from "../../db/index.ts";
import type { AutomationRule } from "../../db/index.ts";
import type { CustomerFacts, LeadFacts, OpportunityFacts, PartnerFacts, TeamMember } from "./automation.rules.ts";
import {
  STORED_RULE_VERSION,
  ZStoredActions,
  ZStoredConditions,
  ZTrigger,
  type ScheduleSubject,
  type TAction,
  type TCondition,
  type TRuleDefinition,
  type TTrigger,
} from "./automation.schemas.ts";

// ── stored rules ───────────────────────────────────────────────────────────────────────────────

export type StoredRule = Pick<AutomationRule, "id" | "partnerId" | "name" | "enabled" | "createdAt" | "updatedAt"> & {
  definition: TRuleDefinition | null;
};

const ruleSelect = {
  id: true,
  partnerId: true,
  name: true,
  enabled: true,
  triggerType: true,
  triggerEvent: true,
  schedule: true,
  conditions: true,
  actions: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.AutomationRuleSelect;
type RuleRow = Prisma.AutomationRuleGetPayload<{ select: typeof ruleSelect }>;

/** The definition of a stored row, or null when it cannot be read (then the rule never runs). */
export function readDefinition(row: Pick<RuleRow, "name" | "enabled" | "triggerType" | "triggerEvent" | "schedule" | "conditions" | "actions">): TRuleDefinition | null {
  const conditions = ZStoredConditions.safeParse(row.conditions);
  const actions = ZStoredActions.safeParse(row.actions);
  if (!conditions.success || !actions.success || actions.data.items.length === 0) return null;
  const rawTrigger =
    row.triggerType === "event"
      ? { type: "event", event: row.triggerEvent }
      : row.triggerType === "schedule"
        ? { type: "schedule", cron: row.schedule, subject: conditions.data.subject }
        : null;
  const trigger = ZTrigger.safeParse(rawTrigger);
  if (!trigger.success) return null;
  return { name: row.name, enabled: row.enabled, trigger: trigger.data, conditions: conditions.data.items, actions: actions.data.items };
}

function toStored(row: RuleRow): StoredRule {
  return { id: row.id, partnerId: row.partnerId, name: row.name, enabled: row.enabled, createdAt: row.createdAt, updatedAt: row.updatedAt, definition: readDefinition(row) };
}

/** The columns a definition is stored in (versioned JSON for conditions and actions). */
export function ruleColumns(definition: TRuleDefinition) {
  const trigger: TTrigger = definition.trigger;
  const subject: ScheduleSubject | null = trigger.type === "schedule" ? trigger.subject : null;
  return {
    name: definition.name,
    enabled: definition.enabled,
    triggerType: trigger.type,
    triggerEvent: trigger.type === "event" ? trigger.event : null,
    schedule: trigger.type === "schedule" ? trigger.cron : null,
    conditions: { version: STORED_RULE_VERSION, subject, items: definition.conditions as TCondition[] } as unknown as Prisma.InputJsonValue,
    actions: { version: STORED_RULE_VERSION, items: definition.actions as TAction[] } as unknown as Prisma.InputJsonValue,
  };
}

export async function findRules(filter: { scope?: "platform" | "partner"; beforeId?: string }, take: number): Promise<StoredRule[]> {
  const and: Prisma.AutomationRuleWhereInput[] = [];
  if (filter.scope === "platform") and.push({ partnerId: null });
  if (filter.scope === "partner") and.push({ partnerId: { not: null } });
  if (filter.beforeId) and.push({ id: { lt: filter.beforeId } });
  const rows = await db.automationRule.findMany({ where: and.length ? { AND: and } : {}, orderBy: { id: "desc" }, take, select: ruleSelect });
  return rows.map(toStored);
}

export async function findRule(id: string, tx?: Tx): Promise<StoredRule | null> {
  const row = await (tx ?? db).automationRule.findUnique({ where: { id }, select: ruleSelect });
  return row ? toStored(row) : null;
}

export async function insertRule(tx: Tx, data: Prisma.AutomationRuleUncheckedCreateInput): Promise<StoredRule> {
  return toStored(await tx.automationRule.create({ data, select: ruleSelect }));
}

export async function updateRuleRow(tx: Tx, id: string, data: Prisma.AutomationRuleUncheckedUpdateInput): Promise<StoredRule> {
  return toStored(await tx.automationRule.update({ where: { id }, data, select: ruleSelect }));
}

export async function deleteRuleRow(tx: Tx, id: string): Promise<number> {
  return (await tx.automationRule.deleteMany({ where: { id } })).count;
}

export async function findPartnerNames(ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.partner.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ── runs ───────────────────────────────────────────────────────────────────────────────────────

const runSelect = { id: true, ruleId: true, partnerId: true, triggerKey: true, status: true, detail: true, error: true, createdAt: true } satisfies Prisma.AutomationRunSelect;
export type RunRow = Prisma.AutomationRunGetPayload<{ select: typeof runSelect }>;

export async function findRuns(filter: { ruleId?: string; status?: string; partnerId?: string; beforeId?: string }, take: number): Promise<RunRow[]> {
  const and: Prisma.AutomationRunWhereInput[] = [];
  if (filter.ruleId) and.push({ ruleId: filter.ruleId });
  if (filter.status) and.push({ status: filter.status });
  if (filter.partnerId) and.push({ partnerId: filter.partnerId });
  if (filter.beforeId) and.push({ id: { lt: filter.beforeId } });
  return db.automationRun.findMany({ where: and.length ? { AND: and } : {}, orderBy: { id: "desc" }, take, select: runSelect });
}

/** Names of the rules behind runs (read as the actor: a partner's runs are of its own or platform rules). */
export async function findRuleNames(ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.automationRule.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Claim the run of a rule for a trigger: the unique (ruleId, triggerKey) makes a second delivery, or
 * a second worker, find it taken (a concurrent claim waits for the first transaction, then sees it).
 */
export async function claimRun(tx: Tx, run: { ruleId: string; partnerId: string | null; triggerKey: string }): Promise<string | null> {
  const [row] = await tx.automationRun.createManyAndReturn({
    data: [{ ...run, status: "skipped", detail: {} }],
    skipDuplicates: true,
    select: { id: true },
  });
  return row?.id ?? null;
}

export async function finishRun(tx: Tx, id: string, status: "done" | "skipped", detail: Record<string, unknown>): Promise<void> {
  await tx.automationRun.update({ where: { id }, data: { status, detail: detail as Prisma.InputJsonValue } });
}

/** A failed run, written after its transaction rolled back; a run already recorded stays as it is. */
export async function recordFailedRun(run: { ruleId: string; partnerId: string | null; triggerKey: string; error: string; detail: Record<string, unknown> }): Promise<void> {
  await db.automationRun.createMany({
    data: [{ ruleId: run.ruleId, partnerId: run.partnerId, triggerKey: run.triggerKey, status: "failed", error: run.error, detail: run.detail as Prisma.InputJsonValue }],
    skipDuplicates: true,
  });
}

/** The marker a schedule rule writes once a tick is through. */
export const TICK_MARKER_PREFIX = "schedule-tick:";

export async function latestTick(ruleId: string): Promise<Date | null> {
  const row = await db.automationRun.findFirst({
    where: { ruleId, triggerKey: { startsWith: TICK_MARKER_PREFIX } },
    orderBy: { id: "desc" },
    select: { triggerKey: true },
  });
  if (!row) return null;
  const at = new Date(row.triggerKey.slice(TICK_MARKER_PREFIX.length));
  return Number.isNaN(at.getTime()) ? null : at;
}

export async function recordTick(run: { ruleId: string; partnerId: string | null; tick: Date; detail: Record<string, unknown> }): Promise<void> {
  await db.automationRun.createMany({
    data: [{ ruleId: run.ruleId, partnerId: run.partnerId, triggerKey: `${TICK_MARKER_PREFIX}${run.tick.toISOString()}`, status: "done", detail: run.detail as Prisma.InputJsonValue }],
    skipDuplicates: true,
  });
}

// ── the engine's reads (system actor) ──────────────────────────────────────────────────────────

export async function findEventRules(type: string, partnerId: string): Promise<StoredRule[]> {
  const rows = await db.automationRule.findMany({
    where: { triggerType: "event", triggerEvent: type, enabled: true, OR: [{ partnerId: null }, { partnerId }] },
    orderBy: { id: "asc" },
    select: ruleSelect,
  });
  return rows.map(toStored);
}

export async function findScheduleRules(): Promise<StoredRule[]> {
  const rows = await db.automationRule.findMany({ where: { triggerType: "schedule", enabled: true }, orderBy: { id: "asc" }, select: ruleSelect });
  return rows.map(toStored);
}

export async function findPartnerFacts(id: string): Promise<PartnerFacts | null> {
  return db.partner.findFirst({ where: { id, status: "active" }, select: { id: true, name: true, tier: true, region: true } });
}

/** Active partners, a page at a time, optionally narrowed by tier/region equality (schedule rules). */
export async function findActivePartners(where: Prisma.PartnerWhereInput, afterId: string | null, take: number): Promise<PartnerFacts[]> {
  return db.partner.findMany({
    where: { AND: [{ status: "active" }, where, afterId ? { id: { gt: afterId } } : {}] },
    orderBy: { id: "asc" },
    take,
    select: { id: true, name: true, tier: true, region: true },
  });
}

const customerSelect = {
  id: true,
  name: true,
  kind: true,
  city: true,
  lifecycleStage: true,
  rfmSegment: true,
  ownerPartnerId: true,
  tags: { select: { partnerId: true, tag: { select: { id: true, name: true, partnerId: true } } } },
} satisfies Prisma.CustomerSelect;
type CustomerRow = Prisma.CustomerGetPayload<{ select: typeof customerSelect }>;

/** Customers with their tags and, per customer, the partner's rep who registered it. */
async function customerFacts(rows: CustomerRow[], partnerId: string): Promise<CustomerFacts[]> {
  if (rows.length === 0) return [];
  const registrations = await db.registration.findMany({
    where: { customerId: { in: rows.map((r) => r.id) }, partnerId, status: "accepted" },
    orderBy: { id: "desc" },
    select: { customerId: true, createdById: true },
  });
  const rep = new Map<string, string>();
  for (const r of registrations) if (r.customerId && !rep.has(r.customerId)) rep.set(r.customerId, r.createdById);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    city: row.city,
    lifecycleStage: row.lifecycleStage,
    rfmSegment: row.rfmSegment,
    ownerPartnerId: row.ownerPartnerId,
    tags: row.tags.map((t) => ({ id: t.tag.id, name: t.tag.name, tagPartnerId: t.tag.partnerId, appliedByPartnerId: t.partnerId })),
    repUserId: rep.get(row.id) ?? null,
  }));
}

export async function findCustomerFacts(id: string, partnerId: string): Promise<CustomerFacts | null> {
  const row = await db.customer.findFirst({ where: { id, mergedIntoId: null }, select: customerSelect });
  return row ? ((await customerFacts([row], partnerId))[0] ?? null) : null;
}

const opportunitySelect = {
  id: true,
  name: true,
  amount: true,
  currency: true,
  status: true,
  stageId: true,
  stageEnteredAt: true,
  ownerId: true,
  customerId: true,
  leadId: true,
  stage: { select: { name: true } },
} satisfies Prisma.OpportunitySelect;
type OpportunityRow = Prisma.OpportunityGetPayload<{ select: typeof opportunitySelect }>;

function opportunityFacts(row: OpportunityRow): OpportunityFacts {
  const { stage, amount, ...rest } = row;
  return { ...rest, amount: amount.toFixed(2), stageName: stage.name };
}

/** The partner's own opportunity (another partner's id finds nothing). */
export async function findOpportunityFacts(id: string, partnerId: string): Promise<OpportunityFacts | null> {
  const row = await db.opportunity.findFirst({ where: { id, partnerId }, select: opportunitySelect });
  return row ? opportunityFacts(row) : null;
}

export async function findLeadFacts(id: string, partnerId: string): Promise<LeadFacts | null> {
  return db.lead.findFirst({ where: { id, partnerId }, select: { id: true, name: true, status: true, source: true, assigneeId: true, customerId: true } });
}

/** Schedule rules over customers: the partner's owned customers, a page at a time. */
export async function findScheduleCustomers(partnerId: string, where: Prisma.CustomerWhereInput, afterId: string | null, take: number): Promise<CustomerFacts[]> {
  const rows = await db.customer.findMany({
    where: { AND: [{ ownerPartnerId: partnerId, mergedIntoId: null }, where, afterId ? { id: { gt: afterId } } : {}] },
    orderBy: { id: "asc" },
    take,
    select: customerSelect,
  });
  return customerFacts(rows, partnerId);
}

/** Schedule rules over opportunities: the partner's, a page at a time, with their customers. */
export async function findScheduleOpportunities(
  partnerId: string,
  where: Prisma.OpportunityWhereInput,
  afterId: string | null,
  take: number,
): Promise<Array<{ opportunity: OpportunityFacts; customer: CustomerFacts | null }>> {
  const rows = await db.opportunity.findMany({
    where: { AND: [{ partnerId }, where, afterId ? { id: { gt: afterId } } : {}] },
    orderBy: { id: "asc" },
    take,
    select: opportunitySelect,
  });
  const customerIds = [...new Set(rows.map((r) => r.customerId).filter((id): id is string => Boolean(id)))];
  const customers = customerIds.length
    ? await customerFacts(await db.customer.findMany({ where: { id: { in: customerIds }, mergedIntoId: null }, select: customerSelect }), partnerId)
    : [];
  const byId = new Map(customers.map((c) => [c.id, c]));
  return rows.map((row) => ({ opportunity: opportunityFacts(row), customer: row.customerId ? (byId.get(row.customerId) ?? null) : null }));
}

/** The partner's members (teams are small), with whether each may still be given work. */
export async function findTeam(partnerId: string): Promise<Array<TeamMember & { name: string }>> {
  const rows = await db.membership.findMany({
    where: { partnerId },
    select: { id: true, userId: true, role: true, createdAt: true, user: { select: { name: true, deactivatedAt: true } } },
  });
  return rows.map((m) => ({ userId: m.userId, name: m.user.name, membershipId: m.id, role: m.role, joinedAt: m.createdAt, active: m.user.deactivatedAt === null }));
}

export async function findTag(id: string): Promise<{ id: string; name: string; partnerId: string | null } | null> {
  return db.tag.findUnique({ where: { id }, select: { id: true, name: true, partnerId: true } });
}

// ── the engine's writes (system actor, in the run's transaction) ───────────────────────────────

export async function insertTask(tx: Tx, data: Prisma.TaskUncheckedCreateInput & { sourceKey: string }): Promise<string | null> {
  const [row] = await tx.task.createManyAndReturn({ data: [data], skipDuplicates: true, select: { id: true } });
  return row?.id ?? null;
}

export async function insertNotifications(tx: Tx, rows: Prisma.NotificationCreateManyInput[]): Promise<number> {
  if (rows.length === 0) return 0;
  return (await tx.notification.createMany({ data: rows, skipDuplicates: true })).count;
}

export async function insertCustomerTag(tx: Tx, data: { customerId: string; tagId: string; partnerId: string | null }): Promise<boolean> {
  return (await tx.customerTag.createMany({ data: [{ ...data, createdById: null }], skipDuplicates: true })).count > 0;
}

export async function setLeadAssignee(tx: Tx, id: string, assigneeId: string): Promise<void> {
  await tx.lead.update({ where: { id }, data: { assigneeId } });
}

export async function setOpportunityOwner(tx: Tx, id: string, ownerId: string): Promise<void> {
  await tx.opportunity.update({ where: { id }, data: { ownerId } });
}

// ── plugin triggers no longer installed (scoped, as the reader) ────────────────────────────────

/**
 * The manifests of the latest installs (any status: uninstalled, disabled, purged) of these plugins
 * that the reader can see — a partner its own and platform-wide ones — newest first; what labels a
 * rule whose plugin trigger is unavailable now.
 */
export async function findLastInstalledManifests(pluginIds: string[]): Promise<Array<{ pluginId: string; manifest: unknown }>> {
  if (pluginIds.length === 0) return [];
  const installs = await db.pluginInstall.findMany({ where: { pluginId: { in: pluginIds } }, orderBy: { updatedAt: "desc" }, take: 200, select: { pluginId: true, versionId: true } });
  const versions = await db.pluginVersion.findMany({ where: { id: { in: [...new Set(installs.map((i) => i.versionId))] } }, select: { id: true, manifest: true } });
  const byId = new Map(versions.map((v) => [v.id, v.manifest]));
  return installs.flatMap((i) => (byId.has(i.versionId) ? [{ pluginId: i.pluginId, manifest: byId.get(i.versionId) }] : []));
}

// ── rule editing: what a definition may refer to (scoped, as the editor) ───────────────────────

/** Tags the editor can see (a partner: its own and the platform's). */
export async function findVisibleTags(ids?: string[]): Promise<Array<{ id: string; name: string; partnerId: string | null }>> {
  return db.tag.findMany({ where: ids ? { id: { in: ids } } : {}, orderBy: { name: "asc" }, take: 500, select: { id: true, name: true, partnerId: true } });
}

/** Active members of the partner among `userIds` (or all of them). */
export async function findActiveMembers(partnerId: string, userIds?: string[]): Promise<Array<{ id: string; name: string; role: string }>> {
  const rows = await db.membership.findMany({
    where: { partnerId, user: { deactivatedAt: null }, ...(userIds ? { userId: { in: userIds } } : {}) },
    orderBy: { createdAt: "asc" },
    select: { role: true, user: { select: { id: true, name: true } } },
  });
  return rows.map((r) => ({ id: r.user.id, name: r.user.name, role: r.role }));
}
