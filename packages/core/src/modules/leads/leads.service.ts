/** Lead use cases: list, read, create, update (incl. assignment). Permission, transaction, audit, outbox. */
import { can, requirePartnerActor, requirePermission, type Actor } from "../../actor/index.ts";
import { db, Prisma } from "../../db/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { beforeSaveHooksInstalled, pluginFieldsBeforeSave, pluginFieldsOnUpdate } from "../plugins/plugin-host.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { page, ZId } from "../shared.schemas.ts";
import { findLead, findLeads, insertLead, isActiveMember, updateLeadRow } from "./leads.repository.ts";
import { formatStatusReason, statusChangeProblems } from "./leads.rules.ts";
import {
  ZLeadCreateInput,
  ZLeadListInput,
  ZLeadAssignInput,
  ZLeadUpdateInput,
  type TLead,
  type TLeadCreateInput,
  type TLeadListInput,
  type TLeadUpdateInput,
} from "./leads.schemas.ts";

export async function listLeads(actor: Actor, rawInput: TLeadListInput): Promise<{ items: TLead[]; nextCursor: string | null }> {
  requirePermission(actor, "lead:read");
  const input = ZLeadListInput.parse(rawInput);
  // A partner may narrow to one of its visible sub-dealers; anything else just finds nothing.
  const rows = await findLeads(
    {
      ...(input.status ? { status: input.status } : {}),
      ...(input.q ? { q: input.q } : {}),
      ...(input.partnerId ? { partnerId: input.partnerId } : {}),
      ...(input.assigneeId ? { assigneeId: input.assigneeId } : {}),
      ...(input.cursor ? { beforeId: input.cursor } : {}),
    },
    input.limit + 1,
  );
  return page(rows, input.limit);
}

export async function getLead(actor: Actor, id: string): Promise<TLead> {
  requirePermission(actor, "lead:read");
  if (!ZId.safeParse(id).success) throw notFound("Lead");
  const lead = await findLead(id);
  if (!lead) throw notFound("Lead");
  return lead;
}

export async function createLead(actor: Actor, rawInput: TLeadCreateInput): Promise<TLead> {
  requirePermission(actor, "lead:create");
  const partnerActor = requirePartnerActor(actor);
  const input = ZLeadCreateInput.parse(rawInput);
  const assigneeId = input.assigneeId ?? partnerActor.userId;
  if (assigneeId !== partnerActor.userId && !can(actor, "lead:assign")) throw new DomainError("FORBIDDEN");

  // Installed plugins' compute and validate hooks run before the save (outside the transaction: sandbox CPU).
  const pluginFields = await pluginFieldsBeforeSave(actor, { partnerId: partnerActor.partnerId, object: "lead", operation: "create", record: { ...input, assigneeId }, previous: null });

  return db.$transaction(async (tx) => {
    if (assigneeId !== partnerActor.userId && !(await isActiveMember(tx, assigneeId, partnerActor.partnerId))) {
      throw new DomainError("ASSIGNEE_NOT_IN_PARTNER", { details: [{ path: "assigneeId", message: "errors.ASSIGNEE_NOT_IN_PARTNER" }] });
    }
    const lead = await insertLead(tx, {
      partnerId: partnerActor.partnerId,
      name: input.name,
      company: input.company,
      phone: input.phone,
      email: input.email,
      source: input.source,
      notes: input.notes,
      assigneeId,
      createdById: partnerActor.userId,
      customFields: pluginFields as Prisma.InputJsonValue,
    });
    await recordAudit(tx, actor, { action: "lead.created", entityType: "Lead", entityId: lead.id, partnerId: lead.partnerId, after: lead });
    await emitEvent(tx, "lead.created", { type: "Lead", id: lead.id, partnerId: lead.partnerId }, {
      leadId: lead.id,
      partnerId: lead.partnerId,
      assigneeId,
      actorUserId: partnerActor.userId,
    });
    if (assigneeId !== partnerActor.userId) {
      await emitEvent(tx, "lead.assigned", { type: "Lead", id: lead.id, partnerId: lead.partnerId }, {
        leadId: lead.id,
        partnerId: lead.partnerId,
        assigneeId,
        previousAssigneeId: null,
        actorUserId: partnerActor.userId,
      });
    }
    return lead;
  });
}

const EDITABLE = ["name", "company", "phone", "email", "source", "notes", "status", "assigneeId"] as const;

export async function updateLead(actor: Actor, id: string, rawPatch: TLeadUpdateInput): Promise<TLead> {
  requirePermission(actor, "lead:update");
  if (!ZId.safeParse(id).success) throw notFound("Lead");
  const patch = ZLeadUpdateInput.parse(rawPatch);
  const actorUserId = actor.kind === "platform" || actor.kind === "partner" ? actor.userId : null;
  // Read the installed plugins before the transaction, so the check inside never waits on a second connection.
  const pluginsCheck = await beforeSaveHooksInstalled("lead", "update");

  return db.$transaction(async (tx) => {
    const before = await findLead(id, tx);
    if (!before) throw notFound("Lead");
    const data: Record<string, unknown> = {};
    for (const field of EDITABLE) {
      if (patch[field] !== undefined && patch[field] !== before[field]) data[field] = patch[field];
    }
    const problems = statusChangeProblems(before, patch);
    if (problems.length > 0) throw new DomainError("VALIDATION_FAILED", { details: problems });
    // The reason code and the words share one column; a lead that is no longer disqualified keeps only the words.
    const nextStatus = patch.status ?? before.status;
    const code = patch.disqualifyReason !== undefined ? patch.disqualifyReason : before.disqualifyReason;
    const words = patch.statusReason !== undefined ? patch.statusReason : before.statusReason;
    const storedReason = formatStatusReason(nextStatus === "disqualified" ? code : null, words);
    if (storedReason !== formatStatusReason(before.disqualifyReason, before.statusReason)) data.statusReason = storedReason;
    if (Object.keys(data).length === 0) return before;
    // Plugin fields are read only when an installed plugin checks lead updates (most saves have none).
    const customFields = pluginsCheck
      ? await pluginFieldsOnUpdate(actor, {
          partnerId: before.partnerId,
          object: "lead",
          before: { ...before },
          changes: data,
          readCustomFields: () => tx.lead.findUniqueOrThrow({ where: { id }, select: { customFields: true } }).then((row) => row.customFields),
        })
      : null;
    if (customFields) data.customFields = customFields;

    const reassigned = "assigneeId" in data;
    if (reassigned) {
      if (!can(actor, "lead:assign")) throw new DomainError("FORBIDDEN");
      const next = data.assigneeId as string | null;
      if (next !== null && !(await isActiveMember(tx, next, before.partnerId))) {
        throw new DomainError("ASSIGNEE_NOT_IN_PARTNER", { details: [{ path: "assigneeId", message: "errors.ASSIGNEE_NOT_IN_PARTNER" }] });
      }
    }
    // Reassigned out of this actor's scope since it was read: the same answer as for a missing lead.
    const after = await updateLeadRow(tx, id, data).catch((error: unknown) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") throw notFound("Lead");
      throw error;
    });
    const changed = Object.keys(data);
    const audited = changed.includes("statusReason") ? [...changed, "disqualifyReason"] : changed;
    await recordAudit(tx, actor, {
      action: "lead.updated",
      entityType: "Lead",
      entityId: id,
      partnerId: before.partnerId,
      before: Object.fromEntries(audited.map((k) => [k, before[k as keyof TLead]])),
      after: Object.fromEntries(audited.map((k) => [k, after[k as keyof TLead]])),
    });
    const aggregate = { type: "Lead", id, partnerId: before.partnerId };
    await emitEvent(tx, "lead.updated", aggregate, { leadId: id, partnerId: before.partnerId, changed, actorUserId });
    if (reassigned && after.assigneeId && after.assigneeId !== actorUserId) {
      await emitEvent(tx, "lead.assigned", aggregate, {
        leadId: id,
        partnerId: before.partnerId,
        assigneeId: after.assigneeId,
        previousAssigneeId: before.assigneeId,
        actorUserId,
      });
    }
    return after;
  });
}

/** Give a lead to a rep (managers and admins): an active member of the lead's partner; the assignee is notified (lead.assigned). */
export async function assignLead(actor: Actor, id: string, rawInput: { assigneeId: string }): Promise<TLead> {
  requirePermission(actor, "lead:assign");
  const input = ZLeadAssignInput.parse(rawInput);
  return updateLead(actor, id, { assigneeId: input.assigneeId });
}
