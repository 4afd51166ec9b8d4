/**
 * The golden customer record: lists for partners (own customers only) and the platform (all),
 * the customer 360, transfers, merging duplicates (reversibly), the public pool and claiming.
 */
import { z } from "zod";
import { actorLabel, can, requirePartnerActor, requirePermission, type Actor } from "../../actor/index.ts";
import { db, runAsSystem, type Prisma, type Tx } from "../../db/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import type { Customer } from "../../generated/prisma/client.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { customerEntitlementSteps, type TEntitlementStep } from "../entitlements/index.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { changeOwnership, ownershipHistory } from "../ownership/ownership.repository.ts";
import { addDays, claimsLeft, ownerAtTime, protectionDaysFor } from "../ownership/ownership.rules.ts";
import { customerHookRecord, recordToCreate } from "../plugins/hook-records.rules.ts";
import { beforeSaveHooksInstalled, hasBeforeSaveHooks, pluginFieldsBeforeSave } from "../plugins/plugin-host.ts";
import { readProtectionPolicy } from "../settings/protection-policy.ts";
import { page, ZId } from "../shared.schemas.ts";
import { customerTags, taggedWith, type TTagChip } from "../tags/index.ts";
import {
  ZCustomerListInput,
  ZMergeInput,
  ZPoolListInput,
  ZReleaseInput,
  ZTransferInput,
  type TCustomer,
  type TCustomerForPlatform,
  type TCustomerListInput,
  type TCustomerListItem,
  type TPoolCustomer,
} from "./customers.schemas.ts";

function toCustomer(c: Customer): TCustomer {
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    city: c.city,
    phone: c.phone,
    email: c.email,
    uscc: c.uscc,
    protectedUntil: c.protectedUntil,
    lifecycleStage: c.lifecycleStage,
    lifecycleChangedAt: c.lifecycleChangedAt,
    lastActivityAt: c.lastActivityAt,
    lastOrderAt: c.lastOrderAt,
    rfmSegment: c.rfmSegment,
    rfmScore: c.rfmScore,
    createdAt: c.createdAt,
  };
}

/** The records with the tags the actor may see on each (modules/tags). */
async function withTags<T extends { id: string }>(actor: Actor, rows: T[]): Promise<Array<T & { tags: TTagChip[] }>> {
  const tags = await customerTags(actor, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, tags: tags.get(r.id) ?? [] }));
}

async function forPlatform(rows: Customer[]): Promise<TCustomerForPlatform[]> {
  const ids = [...new Set(rows.map((r) => r.ownerPartnerId).filter((id): id is string => id !== null))];
  const partners = await db.partner.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  const names = new Map(partners.map((p) => [p.id, p.name]));
  return rows.map((c) => ({ ...toCustomer(c), ownerPartnerId: c.ownerPartnerId, ownerPartnerName: c.ownerPartnerId ? (names.get(c.ownerPartnerId) ?? null) : null, mergedIntoId: c.mergedIntoId }));
}

/** A partner's rows name the holder only when it is the partner or one of its sub-dealers (names read in scope). */
async function forPartnerList(actor: Actor, rows: Customer[]): Promise<TCustomerListItem[]> {
  const own = new Set(actor.kind === "partner" ? actor.visiblePartnerIds : []);
  const holder = (c: Customer) => (c.ownerPartnerId && own.has(c.ownerPartnerId) ? c.ownerPartnerId : null);
  const names = await partnerNames(rows.map(holder));
  return rows.map((c) => {
    const partnerId = holder(c);
    return { ...toCustomer(c), partnerId, partnerName: partnerId ? (names.get(partnerId) ?? null) : null };
  });
}

function searchFilter(q: string | undefined): Prisma.CustomerWhereInput[] {
  if (!q) return [];
  const contains = { contains: q, mode: "insensitive" as const };
  return [{ OR: [{ name: contains }, { city: contains }, { phone: contains }, { email: contains }, { uscc: contains }] }];
}

export async function listCustomers(actor: Actor, rawInput: TCustomerListInput): Promise<{ items: Array<TCustomerListItem | TCustomerForPlatform>; nextCursor: string | null }> {
  requirePermission(actor, "customer:read");
  const input = ZCustomerListInput.parse(rawInput);
  const and: Prisma.CustomerWhereInput[] = [...searchFilter(input.q)];
  if (input.cursor) and.push({ id: { lt: input.cursor } });
  if (input.lifecycleStage) and.push({ lifecycleStage: input.lifecycleStage });
  if (input.rfmSegment) and.push({ rfmSegment: input.rfmSegment });
  if (input.tagId) {
    const tagged = await taggedWith(actor, input.tagId);
    if (!tagged) return { items: [], nextCursor: null };
    and.push(tagged);
  }
  if (actor.kind === "platform") {
    and.push({ mergedIntoId: null });
    if (input.ownerPartnerId) and.push({ ownerPartnerId: input.ownerPartnerId });
    if (input.inPool) and.push({ ownerPartnerId: null });
  } else if (input.ownerPartnerId) {
    and.push({ ownerPartnerId: input.ownerPartnerId });
  }
  const rows = await db.customer.findMany({ where: { AND: and }, orderBy: { id: "desc" }, take: input.limit + 1 });
  const items: Array<TCustomerListItem | TCustomerForPlatform> = actor.kind === "platform" ? await forPlatform(rows) : await forPartnerList(actor, rows);
  return page(await withTags(actor, items), input.limit);
}

export async function getCustomer(actor: Actor, id: string): Promise<TCustomer | TCustomerForPlatform> {
  requirePermission(actor, "customer:read");
  if (!ZId.safeParse(id).success) throw notFound("Customer");
  const row = await db.customer.findUnique({ where: { id } });
  if (!row) throw notFound("Customer");
  return (await withTags(actor, [actor.kind === "platform" ? (await forPlatform([row]))[0]! : toCustomer(row)]))[0]!;
}

async function partnerNames(ids: Array<string | null>): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  const rows = await db.partner.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } });
  return new Map(rows.map((p) => [p.id, p.name]));
}

/** An entitlement's step on the customer's timeline, beside the ownership steps. */
function entitlementTimelineEntry(step: TEntitlementStep) {
  return {
    id: step.id,
    event: `entitlement_${step.event}`,
    partnerId: step.partnerId,
    partnerName: step.partnerName,
    previousPartnerId: null,
    protectedUntil: null,
    reason: step.note,
    relatedCustomerId: null,
    relatedCustomerName: null,
    mergeId: null,
    actorLabel: step.actorName ?? "",
    at: step.at,
    entitlement: { id: step.entitlementId, type: step.type, value: step.value, status: step.status, reference: step.reference },
  };
}

/** The platform's customer 360: record, identities, timeline (ownership and entitlements), registrations, leads, merges. */
export async function customer360(actor: Actor, id: string) {
  requirePermission(actor, "customer:read");
  if (actor.kind !== "platform" && actor.kind !== "system") throw notFound("Customer");
  if (!ZId.safeParse(id).success) throw notFound("Customer");
  const row = await db.customer.findUnique({ where: { id } });
  if (!row) throw notFound("Customer");
  const [identities, history, registrations, leads, merges, entitlementSteps] = await Promise.all([
    db.customerIdentity.findMany({ where: { customerId: id }, orderBy: { kind: "asc" }, select: { kind: true, value: true } }),
    db.customerOwnership.findMany({ where: { customerId: id }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
    db.registration.findMany({ where: { OR: [{ customerId: id }, { matchedCustomerId: id }] }, orderBy: { id: "desc" }, take: 100 }),
    db.lead.findMany({ where: { customerId: id }, orderBy: { id: "desc" }, take: 100, select: { id: true, name: true, status: true, partnerId: true, createdAt: true } }),
    db.customerMerge.findMany({ where: { OR: [{ survivorId: id }, { mergedId: id }] }, orderBy: { id: "desc" } }),
    can(actor, "entitlement:read") ? customerEntitlementSteps(actor, id) : Promise.resolve([]),
  ]);
  const relatedIds = [...new Set(history.map((h) => h.relatedCustomerId).filter((related): related is string => related !== null))];
  const [names, related] = await Promise.all([
    partnerNames([...history.flatMap((h) => [h.partnerId, h.previousPartnerId]), ...registrations.map((r) => r.partnerId), ...leads.map((l) => l.partnerId)]),
    db.customer.findMany({ where: { id: { in: relatedIds } }, select: { id: true, name: true } }),
  ]);
  const relatedNames = new Map(related.map((c) => [c.id, c.name]));
  return {
    customer: (await withTags(actor, await forPlatform([row])))[0]!,
    identities,
    // Oldest first; a stable sort keeps an ownership step before an entitlement step of the same instant.
    timeline: [
      ...history.map((h) => ({
        id: h.id,
        event: h.event,
        partnerId: h.partnerId,
        partnerName: h.partnerId ? (names.get(h.partnerId) ?? null) : null,
        previousPartnerId: h.previousPartnerId,
        protectedUntil: h.protectedUntil,
        reason: h.reason,
        relatedCustomerId: h.relatedCustomerId,
        relatedCustomerName: h.relatedCustomerId ? (relatedNames.get(h.relatedCustomerId) ?? null) : null,
        mergeId: h.mergeId,
        actorLabel: h.actorLabel,
        at: h.at,
      })),
      ...entitlementSteps.map(entitlementTimelineEntry),
    ].sort((a, b) => a.at.getTime() - b.at.getTime()),
    registrations: registrations.map((r) => ({
      id: r.id,
      partnerId: r.partnerId,
      partnerName: names.get(r.partnerId) ?? "",
      status: r.status,
      reasonCode: r.reasonCode,
      protectedUntil: r.protectedUntil,
      createdAt: r.createdAt,
    })),
    leads: leads.map((l) => ({ ...l, partnerName: names.get(l.partnerId) ?? "" })),
    merges: merges.map((m) => ({ id: m.id, survivorId: m.survivorId, mergedId: m.mergedId, reason: m.reason, createdAt: m.createdAt, reversedAt: m.reversedAt })),
  };
}

/** What a registration knows of a customer it is about to create (contact data already normalised). */
export type NewCustomerFields = Pick<Customer, "kind" | "name" | "city" | "phone" | "email" | "uscc" | "protectedUntil" | "lastActivityAt"> & { ownerPartnerId: string };

/**
 * Read before a registration's transaction: whether any installed plugin checks customer creates
 * (and the installs cached, so that `newCustomerPluginFields` inside the transaction runs no query).
 */
export function customerCreateChecked(): Promise<boolean> {
  return beforeSaveHooksInstalled("customer", "create");
}

/**
 * The plugin fields of a customer about to be created — customers are created only by an accepted
 * registration (registrations.service.ts), owned at once by the registering partner: the compute
 * and validate hooks of the plugins installed for that partner. `pluginsCheck` is
 * `customerCreateChecked()` read before the transaction: without such plugins, no work and no
 * query, so a registration keeps its round trips (ADR 008). Throws VALIDATION_FAILED (the plugin's
 * words) or RULE_VIOLATION (a fail-closed hook that failed).
 */
export async function newCustomerPluginFields(actor: Actor, customer: NewCustomerFields, now: Date, pluginsCheck: boolean): Promise<Record<string, unknown>> {
  if (!pluginsCheck || !(await hasBeforeSaveHooks(customer.ownerPartnerId, "customer", "create"))) return {};
  const record = recordToCreate(
    customerHookRecord({
      id: "",
      ...customer,
      lifecycleStage: "prospect",
      lifecycleChangedAt: null,
      inactivityWarnedAt: null,
      mergedIntoId: null,
      lastOrderAt: null,
      rfmSegment: null,
      rfmScore: null,
      rfmComputedAt: null,
      createdAt: now,
      updatedAt: now,
    }),
  );
  return pluginFieldsBeforeSave(actor, { partnerId: customer.ownerPartnerId, object: "customer", operation: "create", record, previous: null });
}

/** Who owned the customer at `time` — answered from the append-only history (order attribution). */
export async function ownerAt(customerId: string, time: Date): Promise<string | null> {
  // Oldest first, ties by id: the answer must not depend on the order Postgres happens to return rows in.
  const history = await runAsSystem("owner-at", () =>
    db.customerOwnership.findMany({ where: { customerId, at: { lte: time } }, orderBy: [{ at: "asc" }, { id: "asc" }], select: { partnerId: true, at: true } }),
  );
  return ownerAtTime(history, time);
}

export async function transferCustomer(actor: Actor, customerId: string, rawInput: z.input<typeof ZTransferInput>, now = new Date()): Promise<TCustomerForPlatform> {
  requirePermission(actor, "customer:transfer");
  if (!ZId.safeParse(customerId).success) throw notFound("Customer");
  const input = ZTransferInput.parse(rawInput);
  const policy = await readProtectionPolicy();
  const row = await runAsSystem("transfer", () =>
    db.$transaction(async (tx) => {
      const customer = await tx.customer.findUnique({ where: { id: customerId } });
      if (!customer || customer.mergedIntoId) throw notFound("Customer");
      const partner = await tx.partner.findUnique({ where: { id: input.toPartnerId }, select: { status: true, tier: true } });
      if (!partner) throw new DomainError("VALIDATION_FAILED", { details: [{ path: "toPartnerId", message: "errors.NOT_FOUND" }] });
      if (partner.status !== "active") throw new DomainError("PARTNER_INACTIVE");
      const protectedUntil = addDays(now, protectionDaysFor(policy, partner.tier));
      await changeOwnership(tx, actor, { customerId, partnerId: input.toPartnerId, event: "transferred", protectedUntil, reason: input.reason, at: now });
      // The previous owner's live registrations end with the transfer.
      await tx.registration.updateMany({
        where: { customerId, status: "accepted", partnerId: { not: input.toPartnerId } },
        data: { status: "released", reasonNote: input.reason },
      });
      return tx.customer.findUniqueOrThrow({ where: { id: customerId } });
    }),
  );
  return (await forPlatform([row]))[0]!;
}

/** Release to the public pool: the platform, or the owning partner giving a customer up. */
export async function releaseCustomer(actor: Actor, customerId: string, rawInput: z.input<typeof ZReleaseInput>, now = new Date()): Promise<void> {
  if (!ZId.safeParse(customerId).success) throw notFound("Customer");
  const input = ZReleaseInput.parse(rawInput);
  if (actor.kind === "platform") requirePermission(actor, "customer:transfer");
  else requirePermission(actor, "pool:claim");
  // A partner may only release what it sees (scoped read first).
  const visible = await db.customer.findUnique({ where: { id: customerId }, select: { id: true, ownerPartnerId: true } });
  if (!visible) throw notFound("Customer");
  if (actor.kind === "partner" && (!visible.ownerPartnerId || !actor.visiblePartnerIds.includes(visible.ownerPartnerId))) throw notFound("Customer");
  if (actor.kind === "partner" && actor.role === "rep") throw new DomainError("FORBIDDEN");
  await runAsSystem("release", () =>
    db.$transaction(async (tx) => {
      await releaseToPool(tx, actor, customerId, "released", input.reason ?? null, now);
    }),
  );
}

/** Move a customer to the public pool and end the owner's accepted registrations (jobs use this too). */
export async function releaseToPool(tx: Tx, actor: Actor, customerId: string, event: "released" | "expired" | "reclaimed", reason: string | null, now: Date): Promise<boolean> {
  const customer = await tx.customer.findUnique({ where: { id: customerId }, select: { ownerPartnerId: true, mergedIntoId: true } });
  if (!customer || customer.mergedIntoId || customer.ownerPartnerId === null) return false;
  await changeOwnership(tx, actor, { customerId, partnerId: null, event, protectedUntil: null, reason, at: now });
  await tx.registration.updateMany({
    where: { customerId, status: "accepted" },
    data: { status: event === "released" ? "released" : "expired" },
  });
  return true;
}

export async function listPool(actor: Actor, rawInput: z.input<typeof ZPoolListInput>): Promise<{ items: TPoolCustomer[]; nextCursor: string | null; claimsLeft: number | null }> {
  requirePermission(actor, "pool:read");
  const input = ZPoolListInput.parse(rawInput);
  const and: Prisma.CustomerWhereInput[] = [{ ownerPartnerId: null, mergedIntoId: null }];
  if (input.q) and.push({ name: { contains: input.q, mode: "insensitive" } });
  if (input.city) and.push({ city: { contains: input.city, mode: "insensitive" } });
  if (input.cursor) and.push({ id: { lt: input.cursor } });
  // Pool customers belong to nobody: read them as the system, and hand out only the pool's fields.
  const rows = await runAsSystem("pool", () =>
    db.customer.findMany({ where: { AND: and }, orderBy: { id: "desc" }, take: input.limit + 1, select: { id: true, kind: true, name: true, city: true, createdAt: true } }),
  );
  const since = await runAsSystem("pool", () =>
    db.customerOwnership.groupBy({ by: ["customerId"], where: { customerId: { in: rows.map((r) => r.id) }, partnerId: null }, _max: { at: true } }),
  );
  const sinceBy = new Map(since.map((s) => [s.customerId, s._max.at]));
  // A customer that never had an owner has been in the pool since it was created.
  const items = rows.map(({ createdAt, ...r }) => ({ ...r, inPoolSince: sinceBy.get(r.id) ?? createdAt }));
  const left = actor.kind === "partner" ? await claimsLeftFor(actor.partnerId) : null;
  return { ...page(items, input.limit), claimsLeft: left };
}

async function claimTimes(partnerId: string, since: Date): Promise<Date[]> {
  const rows = await runAsSystem("pool-claims", () =>
    db.customerOwnership.findMany({ where: { partnerId, event: "claimed", at: { gt: since } }, select: { at: true } }),
  );
  return rows.map((r) => r.at);
}

async function claimsLeftFor(partnerId: string, now = new Date()): Promise<number> {
  const policy = await readProtectionPolicy();
  return claimsLeft(policy, await claimTimes(partnerId, addDays(now, -policy.poolClaimPeriodDays)), now);
}

/** Claim a pool customer: protection for the claiming partner, within its cap for the period. */
export async function claimFromPool(actor: Actor, customerId: string, now = new Date()): Promise<TCustomer> {
  requirePermission(actor, "pool:claim");
  const partner = requirePartnerActor(actor);
  if (!ZId.safeParse(customerId).success) throw notFound("Customer");
  const policy = await readProtectionPolicy();
  const row = await runAsSystem("pool-claim", () =>
    db.$transaction(async (tx) => {
      // Serialise claims of one partner (cap) and of one customer (first come wins).
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`claim-partner:${partner.partnerId}`}))`;
      // Missing, merged away or owned all answer NOT_IN_POOL: a claim must not reveal that someone owns an id.
      const locked = await tx.$queryRaw<Array<{ ownerPartnerId: string | null; mergedIntoId: string | null }>>`
        SELECT "ownerPartnerId"::text AS "ownerPartnerId", "mergedIntoId"::text AS "mergedIntoId" FROM "Customer" WHERE id = ${customerId}::uuid FOR UPDATE`;
      if (!locked[0] || locked[0].ownerPartnerId || locked[0].mergedIntoId) throw new DomainError("NOT_IN_POOL");
      const times = (await tx.customerOwnership.findMany({
        where: { partnerId: partner.partnerId, event: "claimed", at: { gt: addDays(now, -policy.poolClaimPeriodDays) } },
        select: { at: true },
      })).map((r) => r.at);
      if (claimsLeft(policy, times, now) <= 0) throw new DomainError("POOL_CLAIM_CAP_REACHED", { params: { cap: policy.poolClaimCap } });
      const tier = (await tx.partner.findUniqueOrThrow({ where: { id: partner.partnerId }, select: { tier: true } })).tier;
      const protectedUntil = addDays(now, protectionDaysFor(policy, tier));
      await changeOwnership(tx, actor, { customerId, partnerId: partner.partnerId, event: "claimed", protectedUntil, at: now });
      return tx.customer.findUniqueOrThrow({ where: { id: customerId } });
    }),
  );
  return toCustomer(row);
}

type MergeRecord = {
  leads: string[];
  registrations: string[];
  matchedRegistrations: string[];
  identities: Array<{ kind: string; value: string }>;
  /** Keys the survivor did not have before: exactly what reversing removes from it. */
  addedToSurvivor: Array<{ kind: string; value: string }>;
  ownershipOfDuplicate: { ownerPartnerId: string | null; protectedUntil: string | null } };

/**
 * Serialise a merge or its reversal with everything else that touches these customers: first the
 * advisory locks of their identity keys, sorted, as a registration takes them (so a registration
 * cannot match a customer whose keys are moving), then the customer rows, in id order. Always in
 * that order — keys, then rows — as registrations do, so the two never deadlock.
 */
async function lockCustomers(tx: Tx, ids: string[]): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(s.k)) FROM (
      SELECT DISTINCT i.kind || ':' || i.value AS k FROM "CustomerIdentity" i WHERE i."customerId" = ANY(${ids}::uuid[]) ORDER BY 1) AS s`;
  await tx.$executeRaw`SELECT id FROM "Customer" WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
}

/**
 * Merge a duplicate into a survivor: leads, registrations and identity keys move; the duplicate is
 * kept (hidden, `mergedIntoId`) with its history; what moved is recorded so the merge can be reversed.
 */
export async function mergeCustomers(actor: Actor, rawInput: z.input<typeof ZMergeInput>, now = new Date()) {
  requirePermission(actor, "customer:merge");
  const input = ZMergeInput.parse(rawInput);
  if (input.survivorId === input.duplicateId) throw new DomainError("MERGE_NOT_ALLOWED", { i18nKey: "errors.mergeSameCustomer" });
  return runAsSystem("merge", () =>
    db.$transaction(async (tx) => {
      // Locked first, then read: a second merge of the same duplicate waits here and then finds it merged.
      await lockCustomers(tx, [input.survivorId, input.duplicateId]);
      const [survivor, duplicate] = await Promise.all([
        tx.customer.findUnique({ where: { id: input.survivorId } }),
        tx.customer.findUnique({ where: { id: input.duplicateId } }),
      ]);
      if (!survivor || survivor.mergedIntoId) throw new DomainError("VALIDATION_FAILED", { details: [{ path: "survivorId", message: "errors.NOT_FOUND" }] });
      if (!duplicate || duplicate.mergedIntoId) throw new DomainError("VALIDATION_FAILED", { details: [{ path: "duplicateId", message: "errors.NOT_FOUND" }] });
      // The survivor keeps its owner; a protected duplicate owned by someone else is the reviewer's call first (transfer), so refuse.
      if (duplicate.ownerPartnerId && duplicate.ownerPartnerId !== survivor.ownerPartnerId && duplicate.protectedUntil && duplicate.protectedUntil > now) {
        throw new DomainError("MERGE_NOT_ALLOWED", { i18nKey: "errors.mergeProtectedDuplicate" });
      }
      const [leads, registrations, matched, identities] = await Promise.all([
        tx.lead.findMany({ where: { customerId: duplicate.id }, select: { id: true } }),
        tx.registration.findMany({ where: { customerId: duplicate.id }, select: { id: true } }),
        tx.registration.findMany({ where: { matchedCustomerId: duplicate.id }, select: { id: true } }),
        tx.customerIdentity.findMany({ where: { customerId: duplicate.id }, select: { kind: true, value: true } }),
      ]);
      const survivorKeys = new Set(
        (await tx.customerIdentity.findMany({ where: { customerId: survivor.id }, select: { kind: true, value: true } })).map((i) => `${i.kind}:${i.value}`),
      );
      const moved: MergeRecord = {
        addedToSurvivor: identities.filter((i) => !survivorKeys.has(`${i.kind}:${i.value}`)),
        leads: leads.map((l) => l.id),
        registrations: registrations.map((r) => r.id),
        matchedRegistrations: matched.map((r) => r.id),
        identities,
        ownershipOfDuplicate: { ownerPartnerId: duplicate.ownerPartnerId, protectedUntil: duplicate.protectedUntil?.toISOString() ?? null },
      };
      await tx.lead.updateMany({ where: { id: { in: moved.leads } }, data: { customerId: survivor.id } });
      await tx.registration.updateMany({ where: { id: { in: moved.registrations } }, data: { customerId: survivor.id } });
      await tx.registration.updateMany({ where: { id: { in: moved.matchedRegistrations } }, data: { matchedCustomerId: survivor.id } });
      await tx.customerIdentity.createMany({ data: identities.map((i) => ({ customerId: survivor.id, kind: i.kind, value: i.value })), skipDuplicates: true });
      // The merge record first: both customers' history rows point at it.
      const merge = await tx.customerMerge.create({
        data: { survivorId: survivor.id, mergedId: duplicate.id, moved: moved as unknown as Prisma.InputJsonValue, reason: input.reason, actorUserId: actor.kind === "platform" ? actor.userId : null },
      });
      const step = { event: "merged" as const, mergeId: merge.id, reason: input.reason, at: now };
      if (duplicate.ownerPartnerId) {
        await changeOwnership(tx, actor, { ...step, customerId: duplicate.id, partnerId: null, protectedUntil: null, relatedCustomerId: survivor.id });
      } else {
        await tx.customerOwnership.create({ data: { ...step, customerId: duplicate.id, partnerId: null, previousPartnerId: null, relatedCustomerId: survivor.id, actorLabel: actorLabel(actor) } });
      }
      // The survivor's owner does not change; the step records what came into it.
      await tx.customerOwnership.create({
        data: { ...step, customerId: survivor.id, partnerId: survivor.ownerPartnerId, previousPartnerId: survivor.ownerPartnerId, protectedUntil: survivor.protectedUntil, relatedCustomerId: duplicate.id, actorLabel: actorLabel(actor) },
      });
      await tx.customer.update({ where: { id: duplicate.id }, data: { mergedIntoId: survivor.id } });
      await recordAudit(tx, actor, { action: "customer.merged", entityType: "Customer", entityId: survivor.id, before: { duplicate: duplicate.id }, after: { mergeId: merge.id, moved } });
      await emitEvent(tx, "customer.merged", { type: "Customer", id: survivor.id }, { survivorId: survivor.id, mergedId: duplicate.id, mergeId: merge.id });
      return { mergeId: merge.id, survivorId: survivor.id, mergedId: duplicate.id, moved: { leads: moved.leads.length, registrations: moved.registrations.length + moved.matchedRegistrations.length, identities: moved.identities.length } };
    }),
  );
}

/**
 * Undo a merge from its record: moved rows go back, the duplicate reappears with its owner of
 * before the merge, and both customers' histories get a `merge_reversed` step.
 */
export async function reverseMerge(actor: Actor, mergeId: string, now = new Date()) {
  requirePermission(actor, "customer:merge");
  if (!ZId.safeParse(mergeId).success) throw notFound("CustomerMerge");
  return runAsSystem("merge-reverse", () =>
    db.$transaction(async (tx) => {
      const merge = await tx.customerMerge.findUnique({ where: { id: mergeId } });
      if (!merge) throw notFound("CustomerMerge");
      await lockCustomers(tx, [merge.survivorId, merge.mergedId]);
      // Mark it reversed first: the row lock makes a concurrent reversal wait, then find it done.
      const claimed = await tx.customerMerge.updateMany({ where: { id: mergeId, reversedAt: null }, data: { reversedAt: now, reversedById: actor.kind === "platform" ? actor.userId : null } });
      if (claimed.count === 0) throw new DomainError("ALREADY_DECIDED");
      const moved = merge.moved as unknown as MergeRecord;
      await tx.lead.updateMany({ where: { id: { in: moved.leads }, customerId: merge.survivorId }, data: { customerId: merge.mergedId } });
      await tx.registration.updateMany({ where: { id: { in: moved.registrations }, customerId: merge.survivorId }, data: { customerId: merge.mergedId } });
      await tx.registration.updateMany({ where: { id: { in: moved.matchedRegistrations } }, data: { matchedCustomerId: merge.mergedId } });
      // Keys the survivor had before the merge stay; keys that came with the duplicate go back with it.
      for (const identity of moved.addedToSurvivor) {
        await tx.customerIdentity.deleteMany({ where: { customerId: merge.survivorId, kind: identity.kind, value: identity.value } });
      }
      await tx.customer.update({ where: { id: merge.mergedId }, data: { mergedIntoId: null } });
      const restoredOwner = moved.ownershipOfDuplicate.ownerPartnerId;
      const restoredUntil = moved.ownershipOfDuplicate.protectedUntil ? new Date(moved.ownershipOfDuplicate.protectedUntil) : null;
      const step = { event: "merge_reversed" as const, mergeId: merge.id, at: now };
      if (restoredOwner) {
        await changeOwnership(tx, actor, { ...step, customerId: merge.mergedId, partnerId: restoredOwner, protectedUntil: restoredUntil, relatedCustomerId: merge.survivorId });
      } else {
        await tx.customerOwnership.create({ data: { ...step, customerId: merge.mergedId, partnerId: null, previousPartnerId: null, relatedCustomerId: merge.survivorId, actorLabel: actorLabel(actor) } });
      }
      // The survivor keeps its current owner; the step records what left it.
      const survivor = await tx.customer.findUniqueOrThrow({ where: { id: merge.survivorId }, select: { ownerPartnerId: true, protectedUntil: true } });
      await tx.customerOwnership.create({
        data: { ...step, customerId: merge.survivorId, partnerId: survivor.ownerPartnerId, previousPartnerId: survivor.ownerPartnerId, protectedUntil: survivor.protectedUntil, relatedCustomerId: merge.mergedId, actorLabel: actorLabel(actor) },
      });
      await recordAudit(tx, actor, { action: "customer.merge_reversed", entityType: "Customer", entityId: merge.survivorId, before: { mergeId }, after: { restored: merge.mergedId } });
      return { mergeId, survivorId: merge.survivorId, restoredId: merge.mergedId };
    }),
  );
}

export { ownershipHistory };
