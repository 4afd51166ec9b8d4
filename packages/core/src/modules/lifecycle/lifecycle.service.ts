/**
 * Keeping every customer's lifecycle stage and RFM segment current: incrementally, when an event
 * or an activity arrives (outbox consumers, seconds after the change), and nightly for the passage
 * of time (a customer becomes dormant by doing nothing). Every run is idempotent: a stage is a
 * function of the facts, so running again changes nothing and emits nothing.
 */
import { db, runAsSystem, type Tx } from "../../db/index.ts";
import { domainEvent, type PendingEvent } from "../outbox/outbox.repository.ts";
import type { DomainEvents } from "../outbox/outbox.events.ts";
import { readLifecyclePolicy } from "../settings/lifecycle-policy.ts";
import {
  lifecycleFactsPage,
  lockLifecycleFacts,
  rfmBounds,
  scoreRfmPage,
  writeLifecycleChanges,
  type LifecycleChange,
  type LifecycleFactsRow,
  type RfmBounds,
} from "./lifecycle.repository.ts";
import { decideLifecycle, type LifecycleDecision, type LifecycleFacts } from "./lifecycle.rules.ts";
import type { TLifecyclePolicy } from "../settings/lifecycle-policy.ts";

const DEFAULT_BATCH = 1_000;

function toDate(value: Date | string | null | undefined): Date | null {
  return value === null || value === undefined ? null : value instanceof Date ? value : new Date(value);
}

function pick(dates: Array<Date | null>, choose: (a: Date, b: Date) => boolean): Date | null {
  return dates.reduce<Date | null>((out, d) => (d && (!out || choose(d, out)) ? d : out), null);
}

export function factsOf(row: LifecycleFactsRow): LifecycleFacts {
  const lastOrderColumn = toDate(row.lastOrderAt);
  return {
    firstOrderAt: pick([toDate(row.firstOrderEventAt), lastOrderColumn], (a, b) => a < b),
    lastOrderAt: pick([toDate(row.lastOrderEventAt), lastOrderColumn], (a, b) => a > b),
    lastEngagementAt: toDate(row.lastEngagementAt),
    previousTouchAt: toDate(row.touches?.[1] ?? null),
  };
}

function decide(row: LifecycleFactsRow, policy: TLifecyclePolicy, now: Date): LifecycleDecision {
  return decideLifecycle(factsOf(row), { stage: row.stage, changedAt: toDate(row.changedAt) }, policy, now);
}

export type LifecycleStageChange = { customerId: string; from: string; to: string; reactivatedFrom: string | null };

/**
 * Recompute these customers' stages under their row locks and write what changed, with
 * `customer.lifecycle_changed` (and `customer.reactivated` on a return) in the same transaction.
 * `reason` says what prompted it ("login", "activity:visit", "nightly") and travels with a reactivation.
 */
export async function recomputeLifecycle(customerIds: readonly string[], reason: string, now = new Date()): Promise<LifecycleStageChange[]> {
  if (customerIds.length === 0) return [];
  const policy = await readLifecyclePolicy();
  return runAsSystem(`lifecycle:${reason}`, () =>
    db.$transaction(async (tx: Tx) => {
      const rows = await lockLifecycleFacts(tx, customerIds);
      const changes: LifecycleChange[] = [];
      const events: PendingEvent[] = [];
      const result: LifecycleStageChange[] = [];
      for (const row of rows) {
        const decision = decide(row, policy, now);
        if (decision.stage === row.stage) continue;
        const aggregate = { type: "Customer", id: row.id, partnerId: row.ownerPartnerId };
        changes.push({ customerId: row.id, stage: decision.stage });
        events.push(domainEvent("customer.lifecycle_changed", aggregate, { customerId: row.id, ownerPartnerId: row.ownerPartnerId, from: row.stage, to: decision.stage }));
        if (decision.reactivatedFrom) {
          events.push(domainEvent("customer.reactivated", aggregate, { customerId: row.id, ownerPartnerId: row.ownerPartnerId, from: decision.reactivatedFrom, reason }));
        }
        result.push({ customerId: row.id, from: row.stage, to: decision.stage, reactivatedFrom: decision.reactivatedFrom });
      }
      await writeLifecycleChanges(tx, changes, events, now);
      return result;
    }),
  );
}

/** Consumer of `customer.event_recorded`: a login, an order… may start, keep or bring back a customer. */
export async function recomputeOnCustomerEvent(_eventId: string, payload: DomainEvents["customer.event_recorded"]): Promise<{ changed: number }> {
  return { changed: (await recomputeLifecycle([payload.customerId], payload.type)).length };
}

/** Consumer of `activity.logged`: a call or a visit with the customer is engagement too. */
export async function recomputeOnActivityLogged(_eventId: string, payload: DomainEvents["activity.logged"]): Promise<{ changed: number }> {
  if (!payload.customerId) return { changed: 0 };
  return { changed: (await recomputeLifecycle([payload.customerId], `activity:${payload.kind}`)).length };
}

/**
 * Consumer of `opportunity.stage_changed`: winning a deal is the customer's purchase (and reopening a
 * won deal takes it back), so the customer's stage follows. Other moves cost one indexed read.
 */
export async function recomputeOnOpportunityMoved(_eventId: string, payload: DomainEvents["opportunity.stage_changed"]): Promise<{ changed: number }> {
  const opportunity = await db.opportunity.findUnique({ where: { id: payload.opportunityId }, select: { customerId: true } });
  if (!opportunity?.customerId) return { changed: 0 };
  return { changed: (await recomputeLifecycle([opportunity.customerId], `opportunity:${payload.status}`)).length };
}

/**
 * The nightly pass over every live customer, in id order, `batchSize` at a time (keyset paging: a
 * million customers never sit in memory). A page is read without locks; the few customers whose
 * stage moves are recomputed under their locks, so a concurrent event consumer and this job agree.
 */
export async function refreshLifecycleStages(options: { now?: Date; batchSize?: number } = {}): Promise<{ scanned: number; changed: number; batches: number }> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const policy = await readLifecyclePolicy();
  let after: string | null = null;
  let scanned = 0;
  let changed = 0;
  let batches = 0;
  for (;;) {
    const cursor: string | null = after;
    const rows: LifecycleFactsRow[] = await runAsSystem("lifecycle-nightly", () => lifecycleFactsPage(db, cursor, batchSize));
    if (rows.length === 0) break;
    batches++;
    scanned += rows.length;
    const moving = rows.filter((row) => decide(row, policy, now).stage !== row.stage).map((row) => row.id);
    changed += (await recomputeLifecycle(moving, "nightly", now)).length;
    after = rows[rows.length - 1]!.id;
    if (rows.length < batchSize) break;
  }
  return { scanned, changed, batches };
}

/** The nightly RFM scoring: quintile boundaries over everyone once, then every customer page by page. */
export async function refreshRfmSegments(options: { now?: Date; batchSize?: number } = {}): Promise<{ customersWithOrders: number; scanned: number; changed: number; batches: number; bounds: RfmBounds }> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? DEFAULT_BATCH * 2;
  return runAsSystem("rfm-nightly", async () => {
    const bounds = await rfmBounds(db);
    let after: string | null = null;
    let scanned = 0;
    let changed = 0;
    let batches = 0;
    for (;;) {
      const page = await scoreRfmPage(db, bounds, after, batchSize, now);
      if (page.scanned === 0) break;
      batches++;
      scanned += page.scanned;
      changed += page.changed;
      after = page.lastId;
      if (page.scanned < batchSize) break;
    }
    return { customersWithOrders: bounds.customers, scanned, changed, batches, bounds };
  });
}

/** The maintenance job (worker.ts): lifecycle stages, then RFM segments. */
export async function refreshCustomerSegments(now = new Date()) {
  const lifecycle = await refreshLifecycleStages({ now });
  const rfm = await refreshRfmSegments({ now });
  return { lifecycle, rfm };
}
