/**
 * Customer entitlements (客户权益, issue 5 item 9; docs/decisions/020-entitlements.md). A partner asks
 * a benefit for a customer it owns; the platform approves or rejects it (a rejection says why); an
 * approved benefit is issued exactly once. Limits per customer, type and period come from the
 * `entitlement-policy` setting and are checked when asked and again when approved, under a lock on
 * the customer's row. Every change is one transaction with its audit row and outbox event; a
 * decision or an issue also tells the partner user who asked.
 */
import { requirePartnerActor, requirePermission, type Actor } from "../../actor/index.ts";
import { db, Prisma, type Entitlement, type Tx } from "../../db/index.ts";
import { env } from "../../env/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { periodOf } from "../commissions/periods.rules.ts";
import { formatMoney } from "../money.rules.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { page, ZId } from "../shared.schemas.ts";
import { readEntitlementPolicy } from "./entitlement-policy.service.ts";
import {
  countedValues,
  findCustomerEntitlements,
  findEntitlement,
  findEntitlements,
  findVisibleCustomer,
  insertEntitlement,
  lockCustomer,
  moveEntitlement,
  namesFor,
  notifyRequester,
} from "./entitlements.repository.ts";
import {
  checkEntitlementLimit,
  entitlementSteps,
  STATUSES_COUNTED_AT_APPROVAL,
  STATUSES_COUNTED_AT_REQUEST,
  transition,
  typeRule,
  type LimitRefusal,
  type Transition,
} from "./entitlements.rules.ts";
import {
  ZApproveInput,
  ZEntitlementListInput,
  ZEntitlementRequestInput,
  ZIssueInput,
  ZRejectInput,
  type TApproveInput,
  type TEntitlement,
  type TEntitlementListInput,
  type TEntitlementListItem,
  type TEntitlementRequestInput,
  type TEntitlementStep,
  type TIssueInput,
  type TRejectInput,
} from "./entitlements.schemas.ts";

/** A customer's timeline shows at most this many of its entitlements (the oldest first). */
const TIMELINE_ENTITLEMENTS = 200;

function toEntitlement(row: Entitlement): TEntitlement {
  return {
    id: row.id,
    partnerId: row.partnerId,
    customerId: row.customerId,
    type: row.type,
    value: formatMoney(row.value.toString()),
    reason: row.reason,
    period: row.period,
    status: row.status,
    requestedById: row.requestedById,
    decidedById: row.decidedById,
    decidedAt: row.decidedAt,
    decisionNote: row.decisionNote,
    issuedById: row.issuedById,
    issuedAt: row.issuedAt,
    issueReference: row.issueReference,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** What the audit rows and events say about an entitlement. */
function facts(row: Entitlement) {
  return { entitlementId: row.id, partnerId: row.partnerId, customerId: row.customerId, type: row.type, value: formatMoney(row.value.toString()), period: row.period, requestedById: row.requestedById };
}

function auditView(row: Entitlement) {
  const { createdAt: _createdAt, updatedAt: _updatedAt, ...rest } = toEntitlement(row);
  return rest;
}

const aggregate = (row: Entitlement) => ({ type: "Entitlement", id: row.id, partnerId: row.partnerId });

function limitError(refusal: LimitRefusal, period: string): DomainError {
  const params = { ...refusal.params, period };
  // The field the form shows it under: the amount for value limits, the type for the rest.
  const path = refusal.reason === "valueAboveMax" || refusal.reason === "totalExceeded" ? "value" : "type";
  return new DomainError("RULE_VIOLATION", { i18nKey: refusal.i18nKey, params, details: [{ path, message: refusal.i18nKey, params }] });
}

function refusalError(step: Extract<Transition, { kind: "refuse" }>, status: string): DomainError {
  return new DomainError(step.code, { i18nKey: step.i18nKey, params: { status } });
}

const notOwned = () => new DomainError("RULE_VIOLATION", { i18nKey: "entitlements.errors.customerNotOwned" });

/** An entitlement the caller may see, else "not found" (another partner's is absent, never forbidden). */
async function visibleEntitlement(client: Tx | typeof db, id: string): Promise<Entitlement> {
  const row = ZId.safeParse(id).success ? await findEntitlement(client, id) : null;
  if (!row) throw notFound("Entitlement");
  return row;
}

const userIdOf = (actor: Actor) => (actor.kind === "platform" || actor.kind === "partner" ? actor.userId : null);

/** POST /entitlements: a partner asks a benefit for a customer it owns, within the customer's limits for the period. */
export async function requestEntitlement(actor: Actor, rawInput: TEntitlementRequestInput, now = new Date()): Promise<TEntitlement> {
  requirePermission(actor, "entitlement:request");
  const partner = requirePartnerActor(actor);
  const input = ZEntitlementRequestInput.parse(rawInput);
  // A customer the partner cannot see is absent; one it sees but does not own (a registration still
  // pending, a sub-dealer's) is a rule the partner can act on.
  const customer = await findVisibleCustomer(input.customerId);
  if (!customer) throw notFound("Customer");
  if (customer.ownerPartnerId !== partner.partnerId) throw notOwned();
  const policy = await readEntitlementPolicy();
  const period = periodOf(now, env().PLATFORM_TIMEZONE);
  const row = await db.$transaction(async (tx) => {
    const locked = await lockCustomer(tx, input.customerId);
    if (!locked) throw notFound("Customer");
    // Ownership may have moved while this request waited for the lock.
    if (locked.ownerPartnerId !== partner.partnerId) throw notOwned();
    const counted = await countedValues(tx, { customerId: input.customerId, type: input.type, period, statuses: STATUSES_COUNTED_AT_REQUEST });
    const check = checkEntitlementLimit(typeRule(policy, input.type), input.type, input.value, counted);
    if (!check.ok) throw limitError(check, period);
    const created = await insertEntitlement(tx, {
      partnerId: partner.partnerId,
      customerId: input.customerId,
      type: input.type,
      value: new Prisma.Decimal(formatMoney(input.value)),
      reason: input.reason,
      period,
      requestedById: partner.userId,
    });
    await recordAudit(tx, actor, { action: "entitlement.requested", entityType: "Entitlement", entityId: created.id, partnerId: created.partnerId, after: auditView(created) });
    await emitEvent(tx, "entitlement.requested", aggregate(created), facts(created));
    return created;
  });
  return toEntitlement(row);
}

/** The requester hears about a decision or an issue, in the same transaction as the change. */
async function tellRequester(tx: Tx, row: Entitlement, outcome: "approved" | "rejected" | "issued", eventId: string): Promise<void> {
  const customer = await tx.customer.findUnique({ where: { id: row.customerId }, select: { name: true } });
  await notifyRequester(tx, {
    userId: row.requestedById,
    type: `entitlement.${outcome}`,
    messageKey: `entitlements.notification.${outcome}`,
    params: { customerName: customer?.name ?? "", type: `entitlements.type.${row.type}`, value: formatMoney(row.value.toString()) },
    link: `/entitlements#entitlement-${row.id}`,
    sourceEventId: eventId,
  });
}

/**
 * POST /entitlements/{id}/approve: the customer must still be the requesting partner's, and the
 * limits must still hold against what is already granted (the policy may have changed since).
 */
export async function approveEntitlement(actor: Actor, id: string, rawInput: TApproveInput = {}, now = new Date()): Promise<TEntitlement> {
  requirePermission(actor, "entitlement:decide");
  const input = ZApproveInput.parse(rawInput);
  const current = await visibleEntitlement(db, id);
  const early = transition(current.status, "approve");
  if (early.kind === "refuse") throw refusalError(early, current.status);
  const policy = await readEntitlementPolicy();
  const row = await db.$transaction(async (tx) => {
    const locked = await lockCustomer(tx, current.customerId);
    // Read again under the lock: a concurrent decision or withdrawal may have won.
    const fresh = await visibleEntitlement(tx, id);
    const step = transition(fresh.status, "approve");
    if (step.kind === "refuse") throw refusalError(step, fresh.status);
    if (!locked || locked.ownerPartnerId !== fresh.partnerId) throw new DomainError("RULE_VIOLATION", { i18nKey: "entitlements.errors.customerNoLongerOwned" });
    const value = fresh.value.toString();
    const counted = await countedValues(tx, { customerId: fresh.customerId, type: fresh.type, period: fresh.period, statuses: STATUSES_COUNTED_AT_APPROVAL, exceptId: fresh.id });
    const check = checkEntitlementLimit(typeRule(policy, fresh.type), fresh.type, value, counted);
    if (!check.ok) throw limitError(check, fresh.period);
    const moved = await moveEntitlement(tx, id, "requested", { status: "approved", decidedById: userIdOf(actor), decidedAt: now, decisionNote: input.note });
    if (!moved) throw new DomainError("ALREADY_DECIDED", { i18nKey: "entitlements.errors.alreadyDecided", params: { status: fresh.status } });
    await recordAudit(tx, actor, { action: "entitlement.approved", entityType: "Entitlement", entityId: id, partnerId: moved.partnerId, before: auditView(fresh), after: auditView(moved) });
    const eventId = await emitEvent(tx, "entitlement.approved", aggregate(moved), { ...facts(moved), decidedById: moved.decidedById });
    await tellRequester(tx, moved, "approved", eventId);
    return moved;
  });
  return toEntitlement(row);
}

/** POST /entitlements/{id}/reject: with the note the partner reads. */
export async function rejectEntitlement(actor: Actor, id: string, rawInput: TRejectInput, now = new Date()): Promise<TEntitlement> {
  requirePermission(actor, "entitlement:decide");
  const input = ZRejectInput.parse(rawInput);
  const current = await visibleEntitlement(db, id);
  const step = transition(current.status, "reject");
  if (step.kind === "refuse") throw refusalError(step, current.status);
  const row = await db.$transaction(async (tx) => {
    const moved = await moveEntitlement(tx, id, "requested", { status: "rejected", decidedById: userIdOf(actor), decidedAt: now, decisionNote: input.note });
    if (!moved) {
      const fresh = await visibleEntitlement(tx, id);
      const again = transition(fresh.status, "reject");
      throw again.kind === "refuse" ? refusalError(again, fresh.status) : new DomainError("ALREADY_DECIDED");
    }
    await recordAudit(tx, actor, { action: "entitlement.rejected", entityType: "Entitlement", entityId: id, partnerId: moved.partnerId, before: auditView(current), after: auditView(moved) });
    const eventId = await emitEvent(tx, "entitlement.rejected", aggregate(moved), { ...facts(moved), decidedById: moved.decidedById, note: input.note });
    await tellRequester(tx, moved, "rejected", eventId);
    return moved;
  });
  return toEntitlement(row);
}

/**
 * POST /entitlements/{id}/issue: once. Issuing an issued entitlement (a retry, a double click, two
 * staff at once) answers with it as it was issued, and writes nothing.
 */
export async function issueEntitlement(actor: Actor, id: string, rawInput: TIssueInput = {}, now = new Date()): Promise<TEntitlement> {
  requirePermission(actor, "entitlement:decide");
  const input = ZIssueInput.parse(rawInput);
  const current = await visibleEntitlement(db, id);
  const step = transition(current.status, "issue");
  if (step.kind === "replay") return toEntitlement(current);
  if (step.kind === "refuse") throw refusalError(step, current.status);
  const row = await db.$transaction(async (tx) => {
    const moved = await moveEntitlement(tx, id, "approved", { status: "issued", issuedById: userIdOf(actor), issuedAt: now, issueReference: input.reference });
    if (!moved) return null;
    await recordAudit(tx, actor, { action: "entitlement.issued", entityType: "Entitlement", entityId: id, partnerId: moved.partnerId, before: auditView(current), after: auditView(moved) });
    const eventId = await emitEvent(tx, "entitlement.issued", aggregate(moved), { ...facts(moved), issuedById: moved.issuedById, reference: moved.issueReference });
    await tellRequester(tx, moved, "issued", eventId);
    return moved;
  });
  if (row) return toEntitlement(row);
  // Someone else moved it meanwhile: their issue is this one's answer; anything else is refused.
  const after = await visibleEntitlement(db, id);
  const again = transition(after.status, "issue");
  if (again.kind === "refuse") throw refusalError(again, after.status);
  return toEntitlement(after);
}

/** POST /entitlements/{id}/cancel: the partner withdraws a request the platform has not decided yet. */
export async function cancelEntitlement(actor: Actor, id: string): Promise<TEntitlement> {
  requirePermission(actor, "entitlement:request");
  const current = await visibleEntitlement(db, id);
  const step = transition(current.status, "cancel");
  if (step.kind === "replay") return toEntitlement(current);
  if (step.kind === "refuse") throw refusalError(step, current.status);
  const row = await db.$transaction(async (tx) => {
    const moved = await moveEntitlement(tx, id, "requested", { status: "cancelled" });
    if (!moved) return null;
    await recordAudit(tx, actor, { action: "entitlement.cancelled", entityType: "Entitlement", entityId: id, partnerId: moved.partnerId, before: auditView(current), after: auditView(moved) });
    await emitEvent(tx, "entitlement.cancelled", aggregate(moved), facts(moved));
    return moved;
  });
  if (row) return toEntitlement(row);
  const after = await visibleEntitlement(db, id);
  const again = transition(after.status, "cancel");
  if (again.kind === "refuse") throw refusalError(again, after.status);
  return toEntitlement(after);
}

/** GET /entitlements: in the caller's scope; newest first, or oldest first (the queue). */
export async function listEntitlements(actor: Actor, rawInput: TEntitlementListInput): Promise<{ items: TEntitlementListItem[]; nextCursor: string | null }> {
  requirePermission(actor, "entitlement:read");
  const input = ZEntitlementListInput.parse(rawInput);
  const and: Prisma.EntitlementWhereInput[] = [];
  if (input.status) and.push({ status: input.status });
  if (input.customerId) and.push({ customerId: input.customerId });
  if (input.partnerId) and.push({ partnerId: input.partnerId });
  // Ids are UUID v7: paging by id is paging by request time (ADR 001).
  if (input.cursor) and.push({ id: input.order === "newest" ? { lt: input.cursor } : { gt: input.cursor } });
  const rows = await findEntitlements({ AND: and }, input.order, input.limit + 1);
  const names = await namesFor(rows);
  const userName = (id: string | null) => (id ? (names.users.get(id) ?? null) : null);
  return page(
    rows.map((row) => ({
      ...toEntitlement(row),
      customerName: names.customers.get(row.customerId) ?? null,
      partnerName: names.partners.get(row.partnerId) ?? null,
      requestedByName: userName(row.requestedById),
      decidedByName: userName(row.decidedById),
      issuedByName: userName(row.issuedById),
    })),
    input.limit,
  );
}

/** GET /entitlements/{id}: another partner's entitlement is "not found". */
export async function getEntitlement(actor: Actor, id: string): Promise<TEntitlement> {
  requirePermission(actor, "entitlement:read");
  return toEntitlement(await visibleEntitlement(db, id));
}

/**
 * The customer's entitlements the caller may see, as timeline steps, oldest first: asked, approved
 * or rejected (with the note), issued (with the reference), withdrawn. The platform's customer 360
 * merges them into the customer's timeline, the portal into the customer's follow-ups.
 */
export async function customerEntitlementSteps(actor: Actor, customerId: string): Promise<TEntitlementStep[]> {
  requirePermission(actor, "entitlement:read");
  if (!ZId.safeParse(customerId).success || !(await findVisibleCustomer(customerId))) throw notFound("Customer");
  const rows = await findCustomerEntitlements(customerId, TIMELINE_ENTITLEMENTS);
  const names = await namesFor(rows);
  const steps = rows.flatMap((row) =>
    entitlementSteps(row).map((step) => ({
      id: `${row.id}:${step.event}`,
      entitlementId: row.id,
      event: step.event,
      at: step.at,
      type: row.type,
      value: formatMoney(row.value.toString()),
      status: row.status,
      partnerId: row.partnerId,
      partnerName: names.partners.get(row.partnerId) ?? null,
      actorName: step.actorId ? (names.users.get(step.actorId) ?? null) : null,
      note: step.note,
      reference: step.reference,
    })),
  );
  // A stable sort: steps at the same instant keep their order (request before decision, older request first).
  return steps.sort((a, b) => a.at.getTime() - b.at.getTime());
}
