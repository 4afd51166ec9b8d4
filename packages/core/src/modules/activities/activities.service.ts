/**
 * Activities: a call, visit, meeting, WeChat, email or note logged against a lead, a customer or an
 * opportunity the actor can see; timelines and "my recent activity"; correcting one's own entry.
 */
import { requirePartnerActor, requirePermission, type Actor } from "../../actor/index.ts";
import { db, Prisma, type Tx } from "../../db/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { activityHookRecord, recordToCreate } from "../plugins/hook-records.rules.ts";
import { beforeSaveHooksInstalled, pluginFieldsBeforeSave, pluginFieldsOnUpdate } from "../plugins/plugin-host.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { page, ZId } from "../shared.schemas.ts";
import {
  findActivities,
  findActivity,
  findCustomerTarget,
  findLeadTarget,
  findOpportunityTarget,
  insertActivity,
  markLeadContacted,
  moveFollowUpClock,
  updateActivityRow,
} from "./activities.repository.ts";
import { followUpClockAfter, isInFuture, leadStatusAfterActivity } from "./activities.rules.ts";
import {
  ZActivityCreateInput,
  ZActivityListInput,
  ZActivityUpdateInput,
  type TActivity,
  type TActivityCreateInput,
  type TActivityListInput,
  type TActivityUpdateInput,
} from "./activities.schemas.ts";

function notYetHappened(): DomainError {
  return new DomainError("VALIDATION_FAILED", { details: [{ path: "occurredAt", message: "work.activity.errors.future" }] });
}

type CustomerTarget = NonNullable<Awaited<ReturnType<typeof findCustomerTarget>>>;

/** The owner's follow-up clock, if this activity moves it (only forward, only for the owner). */
async function followUp(tx: Tx, customer: CustomerTarget | null, actorPartnerId: string, occurredAt: Date): Promise<void> {
  if (!customer) return;
  const next = followUpClockAfter(customer, actorPartnerId, occurredAt);
  if (next) await moveFollowUpClock(tx, customer.id, actorPartnerId, next);
}

export async function logActivity(actor: Actor, rawInput: TActivityCreateInput, now = new Date()): Promise<TActivity> {
  requirePermission(actor, "activity:write");
  const partner = requirePartnerActor(actor);
  const input = ZActivityCreateInput.parse(rawInput);
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  if (isInFuture(occurredAt, now)) throw notYetHappened();
  // Installed plugins' compute and validate hooks run before the save (outside the transaction: sandbox CPU).
  const record = recordToCreate(
    activityHookRecord({
      id: "",
      partnerId: partner.partnerId,
      kind: input.kind,
      subject: input.subject ?? null,
      body: input.body ?? null,
      occurredAt,
      durationMinutes: input.durationMinutes ?? null,
      leadId: input.leadId ?? null,
      customerId: input.customerId ?? null,
      opportunityId: input.opportunityId ?? null,
      authorId: partner.userId,
      createdAt: now,
    }),
  );
  const pluginFields = await pluginFieldsBeforeSave(actor, { partnerId: partner.partnerId, object: "activity", operation: "create", record, previous: null });
  return db.$transaction(async (tx) => {
    // Every record named must be visible to the actor; anything else is the same 404 as a missing id.
    const lead = input.leadId ? await findLeadTarget(input.leadId, tx) : null;
    if (input.leadId && !lead) throw notFound("Lead");
    let customer = input.customerId ? await findCustomerTarget(input.customerId, tx) : null;
    if (input.customerId && !customer) throw notFound("Customer");
    const opportunity = input.opportunityId ? await findOpportunityTarget(input.opportunityId, tx) : null;
    if (input.opportunityId && !opportunity) throw notFound("Opportunity");
    // Work on a deal is work with its customer: the entry shows on both timelines (if the customer is visible).
    if (!customer && opportunity?.customerId) customer = await findCustomerTarget(opportunity.customerId, tx);

    const activity = await insertActivity(tx, {
      partnerId: partner.partnerId,
      authorId: partner.userId,
      kind: input.kind,
      subject: input.subject,
      body: input.body,
      occurredAt,
      durationMinutes: input.durationMinutes ?? null,
      leadId: lead?.id ?? null,
      customerId: customer?.id ?? null,
      opportunityId: opportunity?.id ?? null,
      customFields: pluginFields as Prisma.InputJsonValue,
    });
    await recordAudit(tx, actor, { action: "activity.logged", entityType: "Activity", entityId: activity.id, partnerId: partner.partnerId, after: activity });
    await emitEvent(tx, "activity.logged", { type: "Activity", id: activity.id, partnerId: partner.partnerId }, {
      activityId: activity.id,
      partnerId: partner.partnerId,
      authorId: partner.userId,
      kind: activity.kind,
      customerId: activity.customerId,
      leadId: activity.leadId,
      opportunityId: activity.opportunityId,
      occurredAt: occurredAt.toISOString(),
    });

    if (lead && leadStatusAfterActivity(lead.status)) {
      const moved = await markLeadContacted(tx, lead.id);
      if (moved.count > 0) {
        await recordAudit(tx, actor, { action: "lead.updated", entityType: "Lead", entityId: lead.id, partnerId: lead.partnerId, before: { status: lead.status }, after: { status: "contacted" } });
        await emitEvent(tx, "lead.updated", { type: "Lead", id: lead.id, partnerId: lead.partnerId }, { leadId: lead.id, partnerId: lead.partnerId, changed: ["status"], actorUserId: partner.userId });
      }
    }
    await followUp(tx, customer, partner.partnerId, occurredAt);
    return activity;
  });
}

export async function getActivity(actor: Actor, id: string): Promise<TActivity> {
  requirePermission(actor, "activity:read");
  if (!ZId.safeParse(id).success) throw notFound("Activity");
  const activity = await findActivity(id);
  if (!activity) throw notFound("Activity");
  return activity;
}

const CORRECTABLE = ["kind", "subject", "body", "occurredAt", "durationMinutes"] as const;

function sameValue(a: unknown, b: unknown): boolean {
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
}

export async function updateActivity(actor: Actor, id: string, rawPatch: TActivityUpdateInput, now = new Date()): Promise<TActivity> {
  requirePermission(actor, "activity:write");
  const partner = requirePartnerActor(actor);
  if (!ZId.safeParse(id).success) throw notFound("Activity");
  const parsed = ZActivityUpdateInput.parse(rawPatch);
  const patch = { ...parsed, occurredAt: parsed.occurredAt === undefined ? undefined : new Date(parsed.occurredAt) };
  if (patch.occurredAt && isInFuture(patch.occurredAt, now)) throw notYetHappened();
  const pluginsCheck = await beforeSaveHooksInstalled("activity", "update");
  return db.$transaction(async (tx) => {
    const before = await findActivity(id, tx);
    if (!before) throw notFound("Activity");
    // A manager sees the team's activity, but each entry is corrected by whoever logged it.
    if (before.authorId !== partner.userId) throw new DomainError("FORBIDDEN", { i18nKey: "work.activity.errors.notAuthor" });
    const data: Record<string, unknown> = {};
    for (const field of CORRECTABLE) {
      const next = patch[field];
      if (next !== undefined && !sameValue(next, before[field])) data[field] = next;
    }
    const changed = Object.keys(data);
    if (changed.length === 0) return before;
    // Plugin fields are read only when an installed plugin checks activity updates (most saves have none).
    const customFields = pluginsCheck
      ? await pluginFieldsOnUpdate(actor, {
          partnerId: before.partnerId,
          object: "activity",
          before: activityHookRecord(before),
          changes: data,
          readCustomFields: async () => (await tx.activity.findUnique({ where: { id }, select: { customFields: true } }))?.customFields,
        })
      : null;
    const after = await updateActivityRow(tx, id, customFields ? { ...data, customFields: customFields as Prisma.InputJsonValue } : data).catch((error: unknown) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") throw notFound("Activity");
      throw error;
    });
    await recordAudit(tx, actor, {
      action: "activity.updated",
      entityType: "Activity",
      entityId: id,
      partnerId: before.partnerId,
      before: Object.fromEntries(changed.map((k) => [k, before[k as keyof TActivity]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k as keyof TActivity]])),
    });
    if (changed.includes("occurredAt") && after.customerId) await followUp(tx, await findCustomerTarget(after.customerId, tx), partner.partnerId, after.occurredAt);
    return after;
  });
}

/** The cursor row's time, read in the actor's scope: a cursor the actor cannot read is as invalid as garbage (ADR 009). */
async function afterCursor(cursor: string): Promise<{ id: string; occurredAt: Date }> {
  const row = await findActivity(cursor);
  if (!row) throw new DomainError("VALIDATION_FAILED", { details: [{ path: "cursor", message: "errors.field.invalidCursor" }] });
  return { id: row.id, occurredAt: row.occurredAt };
}

export async function listActivities(actor: Actor, rawInput: TActivityListInput): Promise<{ items: TActivity[]; nextCursor: string | null }> {
  requirePermission(actor, "activity:read");
  const input = ZActivityListInput.parse(rawInput);
  // A timeline of a record the actor cannot see is a 404, like the record itself.
  if (input.leadId && !(await findLeadTarget(input.leadId))) throw notFound("Lead");
  if (input.customerId && !(await findCustomerTarget(input.customerId))) throw notFound("Customer");
  if (input.opportunityId && !(await findOpportunityTarget(input.opportunityId))) throw notFound("Opportunity");
  const rows = await findActivities(
    {
      ...(input.leadId ? { leadId: input.leadId } : {}),
      ...(input.customerId ? { customerId: input.customerId } : {}),
      ...(input.opportunityId ? { opportunityId: input.opportunityId } : {}),
      ...(input.mine && (actor.kind === "partner" || actor.kind === "platform") ? { authorId: actor.userId } : {}),
      ...(input.cursor ? { after: await afterCursor(input.cursor) } : {}),
    },
    input.limit + 1,
  );
  return page(rows, input.limit);
}
