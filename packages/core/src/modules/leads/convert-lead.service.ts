/**
 * Converting a lead: its customer is registered (报备) through the registration service, so the same
 * ownership rules decide — another partner's protection refuses it without naming anyone — and only
 * when the customer is this partner's does the conversion continue: an opportunity in the platform's
 * default pipeline (first open stage, with its first stage-history row) and the lead marked converted.
 *
 * The registration decides in its own transaction (ADR 008); everything it does not write is written
 * afterwards in one transaction. A refused or pending registration stops the conversion there, with
 * the registration's own answer, and nothing else is written.
 */
import { can, requirePartnerActor, requirePermission, type Actor } from "../../actor/index.ts";
import { db, Prisma } from "../../db/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import type { Locale } from "../../i18n/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { opportunityHookRecord, recordToCreate } from "../plugins/hook-records.rules.ts";
import { pluginFieldsBeforeSave, pluginFieldsOnUpdate } from "../plugins/plugin-host.ts";
import { registerCustomer } from "../registrations/index.ts";
import { ZId } from "../shared.schemas.ts";
import { findDefaultFirstStage, findLead, insertOpportunity, isActiveMember, markLeadConverted } from "./leads.repository.ts";
import { conversionBlocker, customerFromLead } from "./leads.rules.ts";
import { ZLeadConvertInput, type TLeadConversion, type TLeadConvertInput } from "./leads.schemas.ts";

export async function convertLead(actor: Actor, id: string, rawInput: TLeadConvertInput, locale: Locale = "zh-CN", now = new Date()): Promise<TLeadConversion> {
  requirePermission(actor, "lead:update");
  requirePermission(actor, "opportunity:write");
  const partner = requirePartnerActor(actor);
  if (!ZId.safeParse(id).success) throw notFound("Lead");
  const input = ZLeadConvertInput.parse(rawInput);
  const lead = await findLead(id);
  if (!lead) throw notFound("Lead");

  // Everything that could stop the conversion is checked before the registration is filed.
  const blocker = conversionBlocker(lead.status);
  if (blocker === "alreadyConverted") throw new DomainError("CONFLICT", { i18nKey: "work.lead.errors.alreadyConverted" });
  if (blocker === "disqualified") throw new DomainError("RULE_VIOLATION", { i18nKey: "work.lead.errors.disqualifiedCannotConvert" });
  // A distributor's manager sees its sub-dealers' leads, but a registration protects the registering partner: the sub-dealer converts its own.
  if (lead.partnerId !== partner.partnerId) throw new DomainError("RULE_VIOLATION", { i18nKey: "work.lead.errors.subDealerLead" });
  const stage = await findDefaultFirstStage(db);
  if (!stage) throw new DomainError("RULE_VIOLATION", { i18nKey: "work.lead.errors.noPipeline" });
  // The deal belongs to whoever works the lead; an unassigned lead's (or a leaver's) to the converter.
  const ownerId =
    lead.assigneeId && lead.assigneeId !== partner.userId && can(actor, "opportunity:assign") && (await isActiveMember(db, lead.assigneeId, partner.partnerId))
      ? lead.assigneeId
      : partner.userId;
  const amount = new Prisma.Decimal(input.opportunity?.amount ?? "0");
  const opportunityName = input.opportunity?.name ?? lead.company ?? lead.name;
  const expectedCloseDate = input.opportunity?.expectedCloseDate ? new Date(`${input.opportunity.expectedCloseDate}T00:00:00Z`) : null;

  // Installed plugins check the save like any other: the deal as an opportunity create, the lead as an
  // update to "converted". Before the registration is filed, so a refusal leaves nothing behind; the
  // customer is not known yet (the registration decides it), so hooks see the lead's own, if any.
  const opportunityFields = await pluginFieldsBeforeSave(actor, {
    partnerId: partner.partnerId,
    object: "opportunity",
    operation: "create",
    record: recordToCreate(
      opportunityHookRecord({ id: "", partnerId: partner.partnerId, pipelineId: stage.pipelineId, stageId: stage.id, name: opportunityName, amount, currency: "CNY", expectedCloseDate, status: "open", lostReason: null, ownerId, customerId: lead.customerId ?? null, leadId: lead.id, stageEnteredAt: now, closedAt: null, createdAt: now, updatedAt: now }),
    ),
    previous: null,
  }).catch((error: unknown) => {
    // The deal's fields are `opportunity.*` in the conversion's input: the plugin's message lands there.
    if (!(error instanceof DomainError) || error.code !== "VALIDATION_FAILED") throw error;
    throw new DomainError("VALIDATION_FAILED", { i18nKey: error.i18nKey, params: error.params, details: error.details.map((d) => ({ ...d, path: d.path ? `opportunity.${d.path}` : "opportunity" })) });
  });
  const leadFields = await pluginFieldsOnUpdate(actor, { partnerId: lead.partnerId, object: "lead", before: { ...lead }, changes: { status: "converted" }, readCustomFields: () => db.lead.findUnique({ where: { id: lead.id }, select: { customFields: true } }).then((row) => row?.customFields ?? {}) });

  const registration = await registerCustomer(actor, { customer: customerFromLead(lead, input.customer ?? {}), note: input.note ?? null }, locale, now);
  const answer = { id: registration.id, status: registration.status, reason: registration.reason ?? null };
  const owned = registration.status === "accepted" || (registration.status === "rejected" && registration.reason?.code === "ALREADY_YOURS");
  if (!owned || !registration.customerId) {
    return { status: registration.status === "pending" ? "pending_review" : "refused", lead, customerId: null, opportunityId: null, registration: answer };
  }
  const customerId = registration.customerId;

  const opportunityId = await db.$transaction(async (tx) => {
    if (!(await markLeadConverted(tx, lead.id, customerId))) throw new DomainError("CONFLICT", { i18nKey: "work.lead.errors.alreadyConverted" });
    const opportunity = await insertOpportunity(tx, {
      partnerId: partner.partnerId,
      pipelineId: stage.pipelineId,
      stageId: stage.id,
      customerId,
      leadId: lead.id,
      name: opportunityName,
      amount,
      expectedCloseDate,
      ownerId,
      createdById: partner.userId,
      at: now,
      customFields: opportunityFields,
    });
    if (leadFields) await tx.lead.update({ where: { id: lead.id }, data: { customFields: leadFields as Prisma.InputJsonValue }, select: { id: true } });
    const aggregate = { type: "Lead", id: lead.id, partnerId: lead.partnerId };
    await recordAudit(tx, actor, {
      action: "lead.converted",
      entityType: "Lead",
      entityId: lead.id,
      partnerId: lead.partnerId,
      before: { status: lead.status, customerId: lead.customerId },
      after: { status: "converted", customerId, opportunityId: opportunity.id, registrationId: registration.id },
    });
    await emitEvent(tx, "lead.updated", aggregate, { leadId: lead.id, partnerId: lead.partnerId, changed: ["status", "customerId"], actorUserId: partner.userId });
    await emitEvent(tx, "opportunity.created", { type: "Opportunity", id: opportunity.id, partnerId: partner.partnerId }, {
      opportunityId: opportunity.id,
      partnerId: partner.partnerId,
      ownerId,
      stageId: stage.id,
      amount: amount.toFixed(2),
    });
    return opportunity.id;
  });
  const converted = await findLead(lead.id);
  return { status: "converted", lead: converted ?? lead, customerId, opportunityId, registration: answer };
}
