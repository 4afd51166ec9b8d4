/**
 * Customer events: what a customer did elsewhere (a login, a visit to the shop, an order), pushed by
 * the platform's systems through POST /api/v1/customers/{id}/events. Recording one emits
 * `customer.event_recorded`, whose consumer recomputes the lifecycle stage within seconds.
 */
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db, Prisma, type CustomerEvent, isUniqueViolation } from "../../db/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { canonicalJson } from "../canonical-json.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { page, ZId } from "../shared.schemas.ts";
import {
  ZCustomerEventInput,
  ZCustomerEventListInput,
  ZOrderEventPayload,
  type TCustomerEvent,
  type TCustomerEventInput,
  type TCustomerEventListInput,
  type TRecordedCustomerEvent,
} from "./lifecycle.schemas.ts";

function toEvent(row: CustomerEvent): TCustomerEvent {
  return {
    id: row.id,
    customerId: row.customerId,
    type: row.type,
    occurredAt: row.occurredAt,
    payload: (row.payload ?? {}) as Record<string, unknown>,
    externalId: row.externalId,
    source: row.source,
    createdAt: row.createdAt,
  };
}


/** An order's amount is stored with exactly two places ("1234.5" → "1234.50"), its currency filled in. */
function normalisedPayload(type: string, payload: Record<string, unknown>): Record<string, unknown> {
  if (type !== "order") return payload;
  const order = ZOrderEventPayload.parse(payload);
  const [whole, fraction = ""] = order.amount.split(".");
  return { ...order, amount: `${BigInt(whole!).toString()}.${fraction.padEnd(2, "0")}` };
}

type Push = { type: string; occurredAt: Date; payload: Record<string, unknown>; source: string };

/** The same externalId again: the first record if it is the same event, else a conflict (API.md, like orders). */
function replay(existing: CustomerEvent, push: Push): TRecordedCustomerEvent {
  const same =
    existing.type === push.type &&
    existing.occurredAt.getTime() === push.occurredAt.getTime() &&
    existing.source === push.source &&
    canonicalJson(existing.payload) === canonicalJson(push.payload);
  if (!same) throw new DomainError("CONFLICT", { i18nKey: "segments.events.errors.externalIdReused" });
  return { ...toEvent(existing), replayed: true };
}


export async function pushCustomerEvent(actor: Actor, customerId: string, rawInput: TCustomerEventInput): Promise<TRecordedCustomerEvent> {
  requirePermission(actor, "customerEvent:push");
  if (!ZId.safeParse(customerId).success) throw notFound("Customer");
  const input = ZCustomerEventInput.parse(rawInput);
  const push: Push = { type: input.type, occurredAt: input.occurredAt, payload: normalisedPayload(input.type, input.payload), source: input.source ?? "api" };
  const externalId = input.externalId ?? null;
  const customer = await db.customer.findUnique({ where: { id: customerId }, select: { mergedIntoId: true } });
  // A merged-away duplicate is hidden everywhere; its survivor has its own id.
  if (!customer || customer.mergedIntoId) throw notFound("Customer");
  const previous = () => (externalId ? db.customerEvent.findUnique({ where: { customerId_externalId: { customerId, externalId } } }) : Promise.resolve(null));

  const earlier = await previous();
  if (earlier) return replay(earlier, push);
  try {
    const row = await db.$transaction(async (tx) => {
      // The owner as of the write, read in the same transaction.
      const { ownerPartnerId } = await tx.customer.findUniqueOrThrow({ where: { id: customerId }, select: { ownerPartnerId: true } });
      const event = await tx.customerEvent.create({
        data: { customerId, type: push.type, occurredAt: push.occurredAt, payload: push.payload as Prisma.InputJsonValue, externalId, source: push.source },
      });
      if (push.type === "order") {
        // Until issue 5's orders write it, the latest order event is the customer's last order.
        await tx.customer.updateMany({
          where: { id: customerId, OR: [{ lastOrderAt: null }, { lastOrderAt: { lt: push.occurredAt } }] },
          data: { lastOrderAt: push.occurredAt },
        });
      }
      await emitEvent(tx, "customer.event_recorded", { type: "Customer", id: customerId, partnerId: ownerPartnerId }, {
        customerId,
        eventId: event.id,
        type: event.type,
        occurredAt: event.occurredAt.toISOString(),
        ownerPartnerId,
      });
      return event;
    });
    return { ...toEvent(row), replayed: false };
  } catch (error) {
    // Two pushes of the same externalId at once: the loser answers with the winner's record.
    if (isUniqueViolation(error)) {
      const winner = await previous();
      if (winner) return replay(winner, push);
    }
    throw error;
  }
}

/** A customer's events for the platform's customer 360, latest occurrence first (cursor: the last id). */
export async function listCustomerEvents(actor: Actor, customerId: string, rawInput: TCustomerEventListInput): Promise<{ items: TCustomerEvent[]; nextCursor: string | null }> {
  requirePermission(actor, "customer:read");
  if (actor.kind !== "platform" && actor.kind !== "system") throw notFound("Customer");
  if (!ZId.safeParse(customerId).success) throw notFound("Customer");
  const input = ZCustomerEventListInput.parse(rawInput);
  const customer = await db.customer.findUnique({ where: { id: customerId }, select: { id: true } });
  if (!customer) throw notFound("Customer");
  const and: Prisma.CustomerEventWhereInput[] = [{ customerId }];
  if (input.type) and.push({ type: input.type });
  if (input.cursor) {
    // Ordered by occurrence, paged by id (ADR 009): the cursor row's time is read back.
    const at = await db.customerEvent.findFirst({ where: { id: input.cursor, customerId }, select: { occurredAt: true } });
    if (!at) throw new DomainError("VALIDATION_FAILED", { details: [{ path: "cursor", message: "errors.field.invalidCursor" }] });
    and.push({ OR: [{ occurredAt: { lt: at.occurredAt } }, { occurredAt: at.occurredAt, id: { lt: input.cursor } }] });
  }
  const rows = await db.customerEvent.findMany({ where: { AND: and }, orderBy: [{ occurredAt: "desc" }, { id: "desc" }], take: input.limit + 1 });
  return page(rows.map(toEvent), input.limit);
}
