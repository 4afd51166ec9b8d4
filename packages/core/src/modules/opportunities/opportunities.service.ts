/**
 * Opportunity use cases: list, read (with stage history), create, edit and reassign, move between
 * stages. Permission, transaction, audit row and outbox event; reads go through the caller's scope,
 * so another partner's opportunity answers 404.
 */
import { can, requirePartnerActor, requirePermission, type Actor } from "../../actor/index.ts";
import { db, Prisma } from "../../db/index.ts";
import { DomainError, notFound, type ErrorDetail } from "../../errors/index.ts";
import type { Locale } from "../../i18n/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { opportunityHookRecord, recordToCreate } from "../plugins/hook-records.rules.ts";
import { beforeSaveHooksInstalled, pluginFieldsBeforeSave, pluginFieldsOnUpdate } from "../plugins/plugin-host.ts";
import { displayName, findStage, firstOpenStage, pipelineForNewOpportunity } from "../pipelines/index.ts";
import { page, ZId } from "../shared.schemas.ts";
import {
  calendarDate,
  dateOnly,
  findOpportunities,
  findOpportunity,
  findPipelineStages,
  findStageChanges,
  findVisibleCustomer,
  findVisibleLead,
  findVisiblePartners,
  insertOpportunity,
  insertStageChange,
  isActiveMember,
  updateOpportunityIfUnchanged,
  updateOpportunityRow,
  userNames,
  type OpportunityRow,
} from "./opportunities.repository.ts";
import { daysInStage, formatMoney, isStuck, monthBounds, planStageMove, stageVisits, statusForStageKind, timeInStages, weighted } from "./opportunities.rules.ts";
import {
  ZMoveStageInput,
  ZOpportunityCreateInput,
  ZOpportunityListInput,
  ZOpportunityUpdateInput,
  type TMoveStageInput,
  type TOpportunity,
  type TOpportunityCreateInput,
  type TOpportunityDetail,
  type TOpportunityListInput,
  type TOpportunityUpdateInput,
} from "./opportunities.schemas.ts";
import { readOpportunitySettings } from "./opportunity-settings.ts";

export function toOpportunity(row: OpportunityRow, locale: Locale, now: Date, stuckDays: number): TOpportunity {
  const { partner, owner, stage, amount, expectedCloseDate, ...rest } = row;
  return {
    ...rest,
    partnerName: partner.name,
    ownerName: owner?.name ?? null,
    stageName: displayName(stage, locale),
    stageKind: stage.kind,
    amount: formatMoney(amount.toString()),
    expectedCloseDate: dateOnly(expectedCloseDate),
    daysInStage: daysInStage(row.stageEnteredAt, now),
    stuck: isStuck(row.status, row.stageEnteredAt, now, stuckDays),
  };
}

function invalid(details: ErrorDetail[]): DomainError {
  return new DomainError("VALIDATION_FAILED", { details });
}

export async function listOpportunities(actor: Actor, rawInput: TOpportunityListInput, locale: Locale, now = new Date()): Promise<{ items: TOpportunity[]; nextCursor: string | null }> {
  requirePermission(actor, "opportunity:read");
  const input = ZOpportunityListInput.parse(rawInput);
  const month = input.closeMonth ? monthBounds(input.closeMonth) : undefined;
  // A partner may narrow to one of its visible sub-dealers; anything else just finds nothing.
  const rows = await findOpportunities(
    {
      status: input.status,
      pipelineId: input.pipelineId,
      stageId: input.stageId,
      ownerId: input.ownerId,
      partnerId: input.partnerId,
      customerId: input.customerId,
      leadId: input.leadId,
      q: input.q || undefined,
      closeFrom: month?.first,
      closeBefore: month?.next,
      beforeId: input.cursor,
    },
    input.limit + 1,
  );
  const { stuckDays } = await readOpportunitySettings();
  return page(rows.map((row) => toOpportunity(row, locale, now, stuckDays)), input.limit);
}

export async function getOpportunity(actor: Actor, id: string, locale: Locale, now = new Date()): Promise<TOpportunityDetail> {
  requirePermission(actor, "opportunity:read");
  if (!ZId.safeParse(id).success) throw notFound("Opportunity");
  const row = await findOpportunity(id);
  if (!row) throw notFound("Opportunity");
  const [changes, stages, customer, lead, { stuckDays }] = await Promise.all([
    findStageChanges(id),
    findPipelineStages(row.pipelineId),
    row.customerId ? findVisibleCustomer(row.customerId) : null,
    row.leadId ? findVisibleLead(row.leadId) : null,
    readOpportunitySettings(),
  ]);
  const stageName = new Map(stages.map((s) => [s.id, displayName(s, locale)]));
  const visits = stageVisits(changes, row, now);
  const people = await userNames([...new Set(visits.flatMap((v) => (v.changedById ? [v.changedById] : [])))]);
  const probability = stages.find((s) => s.id === row.stageId)?.probability ?? 0;
  return {
    ...toOpportunity(row, locale, now, stuckDays),
    probability,
    weightedAmount: formatMoney(row.status === "open" ? weighted(row.amount.toString(), probability) : 0),
    customerName: customer?.name ?? null,
    leadName: lead?.name ?? null,
    history: visits.map((v) => ({
      ...v,
      stageName: stageName.get(v.stageId) ?? "",
      fromStageName: v.fromStageId ? (stageName.get(v.fromStageId) ?? "") : null,
      changedByName: v.changedById ? (people.get(v.changedById) ?? null) : null,
    })),
    timeInStages: timeInStages(visits).map((t) => ({ ...t, stageName: stageName.get(t.stageId) ?? "" })),
  };
}

/** For a partner user's filters: its own partner first, then the sub-dealers it sees. */
export async function listOpportunityPartners(actor: Actor): Promise<Array<{ id: string; name: string }>> {
  requirePermission(actor, "opportunity:read");
  const partnerActor = requirePartnerActor(actor);
  const rows = await findVisiblePartners();
  return [...rows.filter((p) => p.id === partnerActor.partnerId), ...rows.filter((p) => p.id !== partnerActor.partnerId)];
}

/** Customer and lead links must point at records the actor sees (the same answer for missing ones). */
async function linkIssues(input: { customerId?: string | null | undefined; leadId?: string | null | undefined }): Promise<ErrorDetail[]> {
  const details: ErrorDetail[] = [];
  if (input.customerId && !(await findVisibleCustomer(input.customerId))) details.push({ path: "customerId", message: "opportunities.errors.customerNotVisible" });
  if (input.leadId && !(await findVisibleLead(input.leadId))) details.push({ path: "leadId", message: "opportunities.errors.leadNotVisible" });
  return details;
}

export async function createOpportunity(actor: Actor, rawInput: TOpportunityCreateInput, locale: Locale, now = new Date()): Promise<TOpportunity> {
  requirePermission(actor, "opportunity:write");
  const partnerActor = requirePartnerActor(actor);
  const input = ZOpportunityCreateInput.parse(rawInput);
  const ownerId = input.ownerId ?? partnerActor.userId;
  if (ownerId !== partnerActor.userId && !can(actor, "opportunity:assign")) throw new DomainError("FORBIDDEN");

  const pipeline = await pipelineForNewOpportunity(partnerActor.partnerId, input.pipelineId);
  const stage = input.stageId ? pipeline.stages.find((s) => s.id === input.stageId && s.archivedAt === null) : firstOpenStage(pipeline.stages);
  const details = await linkIssues(input);
  if (!stage) details.push({ path: "stageId", message: "pipeline.errors.stageNotInPipeline" });
  const status = stage ? statusForStageKind(stage.kind) : "open";
  if (status === "lost" && !input.lostReason) details.push({ path: "lostReason", message: "opportunities.errors.lostReasonRequired" });
  if (details.length > 0) throw invalid(details);

  const fields = {
    partnerId: partnerActor.partnerId,
    pipelineId: pipeline.id,
    stageId: stage!.id,
    name: input.name,
    amount: new Prisma.Decimal(input.amount),
    currency: input.currency,
    expectedCloseDate: calendarDate(input.expectedCloseDate),
    status,
    lostReason: status === "lost" ? input.lostReason : null,
    stageEnteredAt: now,
    closedAt: status === "open" ? null : now,
    customerId: input.customerId ?? null,
    leadId: input.leadId ?? null,
    ownerId,
  };
  // Installed plugins' compute and validate hooks run before the save (outside the transaction: sandbox CPU).
  const record = recordToCreate(opportunityHookRecord({ ...fields, id: "", createdAt: now, updatedAt: now }));
  const pluginFields = await pluginFieldsBeforeSave(actor, { partnerId: partnerActor.partnerId, object: "opportunity", operation: "create", record, previous: null });

  const { stuckDays } = await readOpportunitySettings();
  return db.$transaction(async (tx) => {
    if (ownerId !== partnerActor.userId && !(await isActiveMember(tx, ownerId, partnerActor.partnerId))) {
      throw new DomainError("ASSIGNEE_NOT_IN_PARTNER", { details: [{ path: "ownerId", message: "errors.ASSIGNEE_NOT_IN_PARTNER" }] });
    }
    const row = await insertOpportunity(tx, { ...fields, createdById: partnerActor.userId, customFields: pluginFields as Prisma.InputJsonValue });
    await insertStageChange(tx, { opportunityId: row.id, partnerId: row.partnerId, fromStageId: null, toStageId: row.stageId, changedById: partnerActor.userId, secondsInPrevious: null, at: now });
    const created = toOpportunity(row, locale, now, stuckDays);
    await recordAudit(tx, actor, { action: "opportunity.created", entityType: "Opportunity", entityId: row.id, partnerId: row.partnerId, after: created });
    await emitEvent(tx, "opportunity.created", { type: "Opportunity", id: row.id, partnerId: row.partnerId }, {
      opportunityId: row.id,
      partnerId: row.partnerId,
      ownerId,
      stageId: row.stageId,
      amount: created.amount,
    });
    return created;
  });
}

const EDITABLE = ["name", "amount", "expectedCloseDate", "customerId", "leadId", "ownerId", "lostReason"] as const;
type Editable = (typeof EDITABLE)[number];

/** Edit the deal's facts, or give it to a colleague (managers and admins; an active member of its partner). */
export async function updateOpportunity(actor: Actor, id: string, rawPatch: TOpportunityUpdateInput, locale: Locale, now = new Date()): Promise<TOpportunity> {
  requirePermission(actor, "opportunity:write");
  if (!ZId.safeParse(id).success) throw notFound("Opportunity");
  const patch = ZOpportunityUpdateInput.parse(rawPatch);
  const before = await findOpportunity(id);
  if (!before) throw notFound("Opportunity");
  const current = toOpportunity(before, locale, now, 0);
  const wanted: Record<Editable, unknown> = {
    name: patch.name,
    amount: patch.amount === undefined ? undefined : formatMoney(patch.amount),
    expectedCloseDate: patch.expectedCloseDate,
    customerId: patch.customerId,
    leadId: patch.leadId,
    ownerId: patch.ownerId,
    lostReason: patch.lostReason,
  };
  const changed = EDITABLE.filter((field) => wanted[field] !== undefined && wanted[field] !== current[field]);
  if (changed.length === 0) return toOpportunity(before, locale, now, (await readOpportunitySettings()).stuckDays);
  if (changed.includes("ownerId") && !can(actor, "opportunity:assign")) throw new DomainError("FORBIDDEN");

  const details = await linkIssues({ customerId: changed.includes("customerId") ? patch.customerId : undefined, leadId: changed.includes("leadId") ? patch.leadId : undefined });
  if (changed.includes("lostReason")) {
    if (before.status !== "lost") details.push({ path: "lostReason", message: "opportunities.errors.lostReasonOnlyWhenLost" });
    else if (!patch.lostReason) details.push({ path: "lostReason", message: "opportunities.errors.lostReasonRequired" });
  }
  if (details.length > 0) throw invalid(details);

  const { stuckDays } = await readOpportunitySettings();
  const pluginsCheck = await beforeSaveHooksInstalled("opportunity", "update");
  return db.$transaction(async (tx) => {
    if (changed.includes("ownerId") && !(await isActiveMember(tx, patch.ownerId!, before.partnerId))) {
      throw new DomainError("ASSIGNEE_NOT_IN_PARTNER", { details: [{ path: "ownerId", message: "errors.ASSIGNEE_NOT_IN_PARTNER" }] });
    }
    const data: Prisma.OpportunityUncheckedUpdateInput = {};
    for (const field of changed) {
      if (field === "amount") data.amount = new Prisma.Decimal(wanted.amount as string);
      else if (field === "expectedCloseDate") data.expectedCloseDate = calendarDate(wanted.expectedCloseDate as string);
      else (data as Record<string, unknown>)[field] = wanted[field];
    }
    // Plugin fields are read only when an installed plugin checks opportunity updates (most saves have none).
    const customFields = pluginsCheck
      ? await pluginFieldsOnUpdate(actor, {
          partnerId: before.partnerId,
          object: "opportunity",
          before: opportunityHookRecord(before),
          changes: Object.fromEntries(changed.map((field) => [field, wanted[field]])),
          readCustomFields: async () => (await tx.opportunity.findUnique({ where: { id }, select: { customFields: true } }))?.customFields,
        })
      : null;
    if (customFields) data.customFields = customFields as Prisma.InputJsonValue;
    // Reassigned out of this actor's scope since it was read: the same answer as for a missing one.
    const row = await updateOpportunityRow(tx, id, data).catch((error: unknown) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") throw notFound("Opportunity");
      throw error;
    });
    const after = toOpportunity(row, locale, now, stuckDays);
    await recordAudit(tx, actor, {
      action: "opportunity.updated",
      entityType: "Opportunity",
      entityId: id,
      partnerId: before.partnerId,
      before: Object.fromEntries(changed.map((k) => [k, current[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
    return after;
  });
}

/**
 * Move to another stage of the same pipeline: status, closedAt and stageEnteredAt follow, the stay
 * just ended goes to the history with its duration, and `opportunity.stage_changed` is emitted. A
 * lost stage needs a reason. A move racing another one on the same deal is a 409, never two rows.
 */
export async function moveOpportunity(actor: Actor, id: string, rawInput: TMoveStageInput, locale: Locale, now = new Date()): Promise<TOpportunity> {
  requirePermission(actor, "opportunity:write");
  if (!ZId.safeParse(id).success) throw notFound("Opportunity");
  const input = ZMoveStageInput.parse(rawInput);
  const before = await findOpportunity(id);
  if (!before) throw notFound("Opportunity");
  const target = await findStage(input.stageId);
  if (!target || target.pipelineId !== before.pipelineId) throw invalid([{ path: "stageId", message: "pipeline.errors.stageNotInPipeline" }]);
  const plan = planStageMove(before, target, input.lostReason, now);
  const { stuckDays } = await readOpportunitySettings();
  if (plan.type === "noop") return toOpportunity(before, locale, now, stuckDays);
  if (plan.type === "refused") throw invalid([{ path: plan.path, message: plan.message }]);

  const pluginsCheck = await beforeSaveHooksInstalled("opportunity", "update");
  return db.$transaction(async (tx) => {
    // A stage move is an update: plugins see the deal in its new stage before it moves.
    const customFields = pluginsCheck
      ? await pluginFieldsOnUpdate(actor, {
          partnerId: before.partnerId,
          object: "opportunity",
          before: opportunityHookRecord(before),
          changes: plan.data,
          readCustomFields: async () => (await tx.opportunity.findUnique({ where: { id }, select: { customFields: true } }))?.customFields,
        })
      : null;
    const moved = await updateOpportunityIfUnchanged(tx, id, before, customFields ? { ...plan.data, customFields: customFields as Prisma.InputJsonValue } : plan.data);
    if (!moved) {
      // Moved by someone else meanwhile, or no longer in this actor's scope.
      if (await findOpportunity(id, tx)) throw new DomainError("CONFLICT");
      throw notFound("Opportunity");
    }
    await insertStageChange(tx, {
      opportunityId: id,
      partnerId: before.partnerId,
      fromStageId: plan.change.fromStageId,
      toStageId: plan.change.toStageId,
      changedById: actor.kind === "partner" ? actor.userId : null,
      secondsInPrevious: plan.change.secondsInPrevious,
      at: plan.change.at,
    });
    const after = toOpportunity((await findOpportunity(id, tx))!, locale, now, stuckDays);
    await recordAudit(tx, actor, {
      action: "opportunity.stage_changed",
      entityType: "Opportunity",
      entityId: id,
      partnerId: before.partnerId,
      before: { stageId: before.stageId, status: before.status, lostReason: before.lostReason },
      after: { stageId: after.stageId, status: after.status, lostReason: after.lostReason, secondsInPrevious: plan.change.secondsInPrevious },
    });
    await emitEvent(tx, "opportunity.stage_changed", { type: "Opportunity", id, partnerId: before.partnerId }, {
      opportunityId: id,
      partnerId: before.partnerId,
      ownerId: after.ownerId,
      fromStageId: plan.change.fromStageId,
      toStageId: plan.change.toStageId,
      status: after.status,
      amount: after.amount,
    });
    return after;
  });
}
