/**
 * What a before-save hook sees of a core record (ADR 024; plugins README, "Hooks and intents"): the
 * record's own fields as its service reads them — ids, instants, money as decimal strings, calendar
 * dates as YYYY-MM-DD — without joined display data; the host adds its plugin fields under
 * `customFields` (plugin-host.ts). The object's service builds `record` and `previous` with these on
 * create and update, and `updateCustomFields` with the same, so a hook gets one shape whichever way
 * the record is saved. Leads are the exception that predates this file: they use the lead service's
 * own read model (TLead).
 */
import type { Customer, Order, OrderItem, Prisma } from "../../db/index.ts";
import { formatMoney } from "../money.rules.ts";

type Decimal = Prisma.Decimal;

const money = (value: Decimal | string) => formatMoney(value.toString());
const calendarDate = (value: Date | null) => (value ? value.toISOString().slice(0, 10) : null);

export type OpportunityFields = {
  id: string;
  partnerId: string;
  pipelineId: string;
  stageId: string;
  name: string;
  amount: Decimal;
  currency: string;
  expectedCloseDate: Date | null;
  status: string;
  lostReason: string | null;
  ownerId: string | null;
  customerId: string | null;
  leadId: string | null;
  stageEnteredAt: Date;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export function opportunityHookRecord(row: OpportunityFields): Record<string, unknown> {
  return {
    id: row.id,
    partnerId: row.partnerId,
    pipelineId: row.pipelineId,
    stageId: row.stageId,
    name: row.name,
    amount: money(row.amount),
    currency: row.currency,
    expectedCloseDate: calendarDate(row.expectedCloseDate),
    status: row.status,
    lostReason: row.lostReason,
    ownerId: row.ownerId,
    customerId: row.customerId,
    leadId: row.leadId,
    stageEnteredAt: row.stageEnteredAt,
    closedAt: row.closedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export type TaskFields = {
  id: string;
  partnerId: string;
  titleKey: string | null;
  title: string | null;
  params: unknown;
  notes: string | null;
  link: string | null;
  dueAt: Date | null;
  remindAt: Date | null;
  remindedAt: Date | null;
  status: string;
  completedAt: Date | null;
  assigneeId: string | null;
  leadId: string | null;
  customerId: string | null;
  opportunityId: string | null;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export function taskHookRecord(row: TaskFields): Record<string, unknown> {
  return {
    id: row.id,
    partnerId: row.partnerId,
    titleKey: row.titleKey,
    title: row.title,
    params: row.params ?? {},
    notes: row.notes,
    link: row.link,
    dueAt: row.dueAt,
    remindAt: row.remindAt,
    remindedAt: row.remindedAt,
    status: row.status,
    completedAt: row.completedAt,
    assigneeId: row.assigneeId,
    leadId: row.leadId,
    customerId: row.customerId,
    opportunityId: row.opportunityId,
    createdById: row.createdById,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export type ActivityFields = {
  id: string;
  partnerId: string;
  kind: string;
  subject: string | null;
  body: string | null;
  occurredAt: Date;
  durationMinutes: number | null;
  leadId: string | null;
  customerId: string | null;
  opportunityId: string | null;
  authorId: string;
  createdAt: Date;
};

export function activityHookRecord(row: ActivityFields): Record<string, unknown> {
  return {
    id: row.id,
    partnerId: row.partnerId,
    kind: row.kind,
    subject: row.subject,
    body: row.body,
    occurredAt: row.occurredAt,
    durationMinutes: row.durationMinutes,
    leadId: row.leadId,
    customerId: row.customerId,
    opportunityId: row.opportunityId,
    authorId: row.authorId,
    createdAt: row.createdAt,
  };
}

type OrderLine = Pick<OrderItem, "sku" | "category" | "quantity" | "unitPrice" | "amount">;

/** An order line as hooks see it: quantity as sent (up to four places), prices and amount to the cent. */
export function orderLineHookRecord(item: OrderLine, position: number): Record<string, unknown> {
  return { position, sku: item.sku, category: item.category, quantity: item.quantity.toString(), unitPrice: money(item.unitPrice), amount: money(item.amount) };
}

export function orderHookRecord(row: Omit<Order, "customFields">, items: OrderLine[]): Record<string, unknown> {
  return {
    id: row.id,
    externalId: row.externalId,
    customerId: row.customerId,
    sentCustomerId: row.sentCustomerId,
    orderedAt: row.orderedAt,
    currency: row.currency,
    total: money(row.total),
    refundedTotal: money(row.refundedTotal),
    attributedPartnerId: row.attributedPartnerId,
    attributionOwnershipId: row.attributionOwnershipId,
    attributionReason: row.attributionReason,
    createdAt: row.createdAt,
    items: items.map((item, index) => orderLineHookRecord(item, index + 1)),
  };
}

/** Phone and e-mail are here; the host hides them from plugins without `customers:read:contact`. */
export function customerHookRecord(row: Omit<Customer, "customFields">): Record<string, unknown> {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    city: row.city,
    phone: row.phone,
    email: row.email,
    uscc: row.uscc,
    ownerPartnerId: row.ownerPartnerId,
    protectedUntil: row.protectedUntil,
    lifecycleStage: row.lifecycleStage,
    lifecycleChangedAt: row.lifecycleChangedAt,
    lastActivityAt: row.lastActivityAt,
    lastOrderAt: row.lastOrderAt,
    rfmSegment: row.rfmSegment,
    rfmScore: row.rfmScore,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const NOT_YET_SAVED = new Set(["id", "createdAt", "updatedAt"]);

/** The record as it will be inserted: no id or timestamps yet (the database gives them). */
export function recordToCreate(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !NOT_YET_SAVED.has(key)));
}
