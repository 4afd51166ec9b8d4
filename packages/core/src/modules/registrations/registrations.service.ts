/**
 * 报备: a partner registers a customer and gets an answer at once (or after platform review), with
 * a reason, never learning who else owns it. Matching runs as the system actor across all customers
 * and returns only decision codes to the partner.
 */
import { requirePartnerActor, requirePermission, type Actor } from "../../actor/index.ts";
import { db, Prisma, runAsSystem, systemTransaction } from "../../db/index.ts";
import { CUSTOMER_COLUMNS, CUSTOMER_IDENTITY_COLUMNS, insertInto, queryRows, REGISTRATION_COLUMNS, updateSet, writeTogether, type AnyTx, type Write } from "../../db/sql-writes.ts";
import { uuidv7 } from "../../db/uuidv7.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import type { Registration } from "../../generated/prisma/client.ts";
import { translator, type Locale } from "../../i18n/index.ts";
import { auditInsert, recordAudit, type AuditEntry } from "../audit/audit.repository.ts";
import { customerCreateChecked, newCustomerPluginFields } from "../customers/customers.service.ts";
import { identityKeys, parseIdentityKey, sortIdentityKeys, type IdentityKey } from "../identity/index.ts";
import { domainEvent, emitEvent, outboxInsert, type PendingEvent } from "../outbox/outbox.repository.ts";
import { changeOwnership, ownershipWrites } from "../ownership/ownership.repository.ts";
import { addDays, decideRegistration, isProtected, protectionDaysFor, type MatchedCustomer, type PartnerTier } from "../ownership/ownership.rules.ts";
import { readProtectionPolicy, type TProtectionPolicy } from "../settings/protection-policy.ts";
import { page, ZId } from "../shared.schemas.ts";
import {
  ZDecisionInput,
  ZExtensionRequestInput,
  ZRegistrationInput,
  ZRegistrationListInput,
  type TRegistration,
  type TRegistrationDecision,
  type TRegistrationForPlatform,
  type TRegistrationConflict,
  type TRegistrationInput,
  type TRegistrationListInput,
  type TRegistrationListItem,
} from "./registrations.schemas.ts";

type Submitted = TRegistration["submitted"];

function reasonOf(row: Pick<Registration, "reasonCode">, locale: Locale): TRegistration["reason"] {
  return row.reasonCode ? { code: row.reasonCode, message: String(translator(locale)(`ownership.reason.${row.reasonCode}`)) } : null;
}

function present(row: Registration, locale: Locale): TRegistration {
  const submitted = row.submitted as Submitted;
  return {
    id: row.id,
    partnerId: row.partnerId,
    status: row.status,
    customerId: row.customerId,
    customerName: submitted.name,
    submitted,
    note: row.note,
    protectedUntil: row.protectedUntil,
    reason: reasonOf(row, locale),
    reasonNote: row.reasonNote,
    extensionStatus: row.extensionStatus,
    extensionReason: row.extensionReason,
    extensionRequestedAt: row.extensionRequestedAt,
    createdAt: row.createdAt,
    decidedAt: row.decidedAt,
  };
}

export function keyStrings(keys: IdentityKey[]): string[] {
  return [...new Set(keys.map((k) => `${k.kind}:${k.value}`))];
}

type MatchRow = {
  matches: Array<{ customerId: string; ownerPartnerId: string | null; protectedUntil: string | null; pendingPartnerIds: string[] | null }> | null;
  pendingWithoutCustomer: string[] | null;
  tier: PartnerTier | null;
};

type Matches = { matches: MatchedCustomer[]; pendingWithoutCustomer: string[]; tier: PartnerTier | null };

/**
 * Serialise registrations that touch the same identity — the first one in wins, fairly — and then
 * find everything a decision needs, in one round trip (it runs on every registration, see
 * `npm run bench`): the live customers the keys point at (a merged duplicate resolves to its
 * survivor), the partners with pending claims on each, partners with pending claims on the same keys
 * but no customer yet, and the registering partner's tier. The SQL is the PL/pgSQL function
 * `qudao_lock_and_match` (migration 20261124110000), which explains why it must be a function.
 */
async function lockAndMatch(tx: AnyTx, keys: IdentityKey[], partnerId: string | null = null): Promise<Matches> {
  const [row] = await queryRows<{ found: MatchRow }>(tx, Prisma.sql`SELECT qudao_lock_and_match(${keyStrings(keys)}::text[], ${partnerId}::uuid) AS found`);
  const found = row!.found;
  return {
    matches: (found.matches ?? []).map((m) => ({
      customerId: m.customerId,
      ownerPartnerId: m.ownerPartnerId,
      protectedUntil: m.protectedUntil ? new Date(m.protectedUntil) : null,
      pendingPartnerIds: m.pendingPartnerIds ?? [],
    })),
    pendingWithoutCustomer: found.pendingWithoutCustomer ?? [],
    tier: found.tier ?? null,
  };
}

function normalisedContact(keys: IdentityKey[]) {
  const get = (kind: IdentityKey["kind"]) => keys.find((k) => k.kind === kind)?.value ?? null;
  return { phone: get("phone"), email: get("email"), uscc: get("uscc") };
}

type Acceptance = {
  partnerId: string;
  customer: MatchedCustomer | null;
  submitted: Submitted;
  keys: IdentityKey[];
  policy: TProtectionPolicy;
  tier: PartnerTier;
  registrationId: string;
  now: Date;
  /** Whether installed plugins check customer creates (read before the transaction). */
  pluginsCheck: boolean;
};

type AcceptanceWrites = { customerId: string; protectedUntil: Date; writes: Write[]; audits: AuditEntry[]; events: PendingEvent[] };

/**
 * Accept: create or reuse the customer, protect it for the partner, record the ownership step, and
 * supersede other claims still waiting on it — as writes for one statement, to which the caller
 * adds the registration row itself and the audit and outbox rows. A new customer first goes through
 * the before-save hooks of the partner's plugins (a refusal throws: nothing is written).
 */
async function acceptanceWrites(actor: Actor, a: Acceptance): Promise<AcceptanceWrites> {
  const protectedUntil = addDays(a.now, protectionDaysFor(a.policy, a.tier));
  const customerId = a.customer?.customerId ?? uuidv7();
  const updatedAt = new Date();
  const newCustomer = { kind: a.submitted.kind, name: a.submitted.name, city: a.submitted.city, ...normalisedContact(a.keys), ownerPartnerId: a.partnerId, protectedUntil, lastActivityAt: a.now };
  const customFields = a.customer ? {} : await newCustomerPluginFields(actor, newCustomer, a.now, a.pluginsCheck);
  const ownership = ownershipWrites(
    actor,
    { customerId, partnerId: a.partnerId, event: "registration_accepted", protectedUntil, registrationId: a.registrationId, at: a.now },
    a.customer ? { ownerPartnerId: a.customer.ownerPartnerId, protectedUntil: a.customer.protectedUntil } : { ownerPartnerId: null, protectedUntil: null },
    { customerRow: a.customer ? "update" : "caller" },
  );
  const keyList = keyStrings(a.keys);
  const writes: Write[] = [
    // A new customer is written owned and protected already: one statement cannot insert a row and update it.
    !a.customer &&
      insertInto("Customer", CUSTOMER_COLUMNS, [{ id: customerId, ...newCustomer, customFields, updatedAt }]),
    ownership.customer,
    a.keys.length > 0 &&
      insertInto(
        "CustomerIdentity",
        CUSTOMER_IDENTITY_COLUMNS,
        a.keys.map((k) => ({ id: uuidv7(), customerId, kind: k.kind, value: k.value })),
        { onConflictDoNothing: true },
      ),
    ownership.history,
    // Other claims still waiting on this customer or its keys lose; the accepted registration is not among them.
    updateSet(
      "Registration",
      REGISTRATION_COLUMNS,
      { status: "rejected", reasonCode: "SUPERSEDED", decidedAt: a.now, updatedAt },
      Prisma.sql`id <> ${a.registrationId}::uuid AND status = 'pending' AND ("customerId" = ${customerId}::uuid OR "matchedCustomerId" = ${customerId}::uuid${
        keyList.length > 0 ? Prisma.sql` OR "identityKeys" && ${keyList}::text[]` : Prisma.empty
      })`,
    ),
  ];
  return { customerId, protectedUntil, writes, audits: [ownership.audit], events: [ownership.event] };
}

export async function registerCustomer(actor: Actor, rawInput: TRegistrationInput, locale: Locale = "zh-CN", now = new Date()): Promise<TRegistrationDecision> {
  requirePermission(actor, "registration:create");
  const partner = requirePartnerActor(actor);
  const input = ZRegistrationInput.parse(rawInput);
  const identity = identityKeys(input.customer);
  if (identity.errors.length > 0) throw new DomainError("VALIDATION_FAILED", { details: identity.errors });
  const submitted: Submitted = {
    kind: input.customer.kind,
    name: input.customer.name,
    phone: input.customer.phone,
    email: input.customer.email,
    uscc: input.customer.uscc,
    city: input.customer.city,
  };
  const policy = await readProtectionPolicy();
  const keys = keyStrings(identity.keys);
  const pluginsCheck = await customerCreateChecked();

  // Four round trips whatever the outcome: BEGIN, the identity locks and the matching, every write in
  // one statement, COMMIT — in a transaction outside Prisma, as the hand-written floor it is
  // measured against (ADR 008).
  const decided = await runAsSystem("registration", () =>
    systemTransaction(async (tx) => {
      const found = await lockAndMatch(tx, identity.keys, partner.partnerId);
      const decision = decideRegistration(partner.partnerId, found.matches, policy.reviewMode, now, found.pendingWithoutCustomer);
      const id = uuidv7();
      const updatedAt = new Date();
      const base = { id, partnerId: partner.partnerId, createdById: partner.userId, submitted, identityKeys: keys, note: input.note ?? null, updatedAt };
      let result: { id: string; status: Registration["status"]; customerId: string | null; matchedCustomerId: string | null; protectedUntil: Date | null; reasonCode: string | null };
      const writes: Write[] = [];
      const audits: AuditEntry[] = [];
      const events: PendingEvent[] = [];
      if (decision.status === "accepted") {
        const customer = decision.customerId ? (found.matches.find((m) => m.customerId === decision.customerId) ?? null) : null;
        const tier = found.tier;
        if (!tier) throw notFound("Partner");
        const acceptance = await acceptanceWrites(actor, { partnerId: partner.partnerId, customer, submitted, keys: identity.keys, policy, tier, registrationId: id, now, pluginsCheck });
        result = { id, status: "accepted", customerId: acceptance.customerId, matchedCustomerId: null, protectedUntil: acceptance.protectedUntil, reasonCode: null };
        writes.push(
          ...acceptance.writes,
          insertInto("Registration", REGISTRATION_COLUMNS, [{ ...base, status: "accepted", customerId: acceptance.customerId, protectedUntil: acceptance.protectedUntil, decidedAt: now }]),
        );
        audits.push(...acceptance.audits);
        events.push(...acceptance.events);
      } else {
        result = {
          id,
          status: decision.status,
          customerId: decision.status === "rejected" && decision.reasonCode === "ALREADY_YOURS" ? decision.customerId : null,
          matchedCustomerId: "matchedCustomerId" in decision ? decision.matchedCustomerId : null,
          protectedUntil: null,
          reasonCode: decision.reasonCode,
        };
        writes.push(
          insertInto("Registration", REGISTRATION_COLUMNS, [
            {
              ...base,
              status: result.status,
              customerId: result.customerId,
              matchedCustomerId: result.matchedCustomerId,
              reasonCode: result.reasonCode,
              decidedAt: decision.status === "rejected" ? now : null,
            },
          ]),
        );
      }
      audits.push({
        action: `registration.${result.status}`,
        entityType: "Registration",
        entityId: id,
        partnerId: partner.partnerId,
        after: { status: result.status, reasonCode: result.reasonCode, customerId: result.customerId, matchedCustomerId: result.matchedCustomerId },
      });
      events.push(
        domainEvent("registration.decided", { type: "Registration", id, partnerId: partner.partnerId }, {
          registrationId: id,
          partnerId: partner.partnerId,
          status: result.status,
          reasonCode: result.reasonCode,
          customerId: result.customerId,
        }),
      );
      await writeTogether(tx, [...writes, auditInsert(actor, audits), outboxInsert(events)]);
      return result;
    }),
  );
  const reason = reasonOf(decided, locale);
  return {
    id: decided.id,
    status: decided.status,
    ...(decided.customerId ? { customerId: decided.customerId } : {}),
    ...(decided.status === "accepted" && decided.protectedUntil ? { protectedUntil: decided.protectedUntil } : {}),
    ...(reason ? { reason } : {}),
  };
}

/** The registering partners' names, read in the actor's scope (a partner reads its own and its sub-dealers'). */
async function registeringPartnerNames(rows: Registration[]): Promise<Map<string, string>> {
  const partners = await db.partner.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.partnerId))] } }, select: { id: true, name: true } });
  return new Map(partners.map((p) => [p.id, p.name]));
}

async function platformView(rows: Registration[], locale: Locale): Promise<TRegistrationForPlatform[]> {
  const names = await registeringPartnerNames(rows);
  return rows.map((r) => ({ ...present(r, locale), partnerName: names.get(r.partnerId) ?? "", matchedCustomerId: r.matchedCustomerId }));
}

/** A partner's list rows name the registering partner, so a distributor tells its sub-dealers' claims from its own. */
async function partnerListView(rows: Registration[], locale: Locale): Promise<TRegistrationListItem[]> {
  const names = await registeringPartnerNames(rows);
  return rows.map((r) => ({ ...present(r, locale), partnerName: names.get(r.partnerId) ?? "" }));
}

/** Registrations on one customer. `matchedCustomerId` is platform-only (whom a claim collided with), so partners match `customerId` alone. */
function onCustomer(actor: Actor, customerId: string): Prisma.RegistrationWhereInput {
  return actor.kind === "platform" ? { OR: [{ customerId }, { matchedCustomerId: customerId }] } : { customerId };
}

type Direction = "asc" | "desc";

/**
 * The extension queue is read by request age, so it pages on (extensionRequestedAt, id). The cursor
 * stays the last row's id (ZListInput); its request time is read back in the actor's scope, and a
 * cursor the actor cannot read is as invalid as a malformed one. A row without a request time sorts
 * after every dated one (PostgreSQL's NULL order), and the keyset follows that.
 */
async function afterInExtensionQueue(cursor: string, direction: Direction): Promise<Prisma.RegistrationWhereInput> {
  const row = await db.registration.findUnique({ where: { id: cursor }, select: { extensionRequestedAt: true } });
  if (!row) throw new DomainError("VALIDATION_FAILED", { details: [{ path: "cursor", message: "errors.field.invalidCursor" }] });
  const at = row.extensionRequestedAt;
  if (direction === "asc") {
    return at
      ? { OR: [{ extensionRequestedAt: { gt: at } }, { extensionRequestedAt: at, id: { gt: cursor } }, { extensionRequestedAt: null }] }
      : { extensionRequestedAt: null, id: { gt: cursor } };
  }
  return at
    ? { OR: [{ extensionRequestedAt: { lt: at } }, { extensionRequestedAt: at, id: { lt: cursor } }] }
    : { OR: [{ extensionRequestedAt: null, id: { lt: cursor } }, { extensionRequestedAt: { not: null } }] };
}

function extensionQueueOrder(direction: Direction): Prisma.RegistrationOrderByWithRelationInput[] {
  return [{ extensionRequestedAt: { sort: direction, nulls: direction === "asc" ? "last" : "first" } }, { id: direction }];
}

export async function getRegistration(actor: Actor, id: string, locale: Locale = "zh-CN"): Promise<TRegistration | TRegistrationForPlatform> {
  requirePermission(actor, "registration:read");
  if (!ZId.safeParse(id).success) throw notFound("Registration");
  const row = await db.registration.findUnique({ where: { id } });
  if (!row) throw notFound("Registration");
  return actor.kind === "platform" ? (await platformView([row], locale))[0]! : present(row, locale);
}

export async function listRegistrations(actor: Actor, rawInput: TRegistrationListInput, locale: Locale = "zh-CN") {
  requirePermission(actor, "registration:read");
  const input = ZRegistrationListInput.parse(rawInput);
  const direction: Direction = input.order === "oldest" ? "asc" : "desc";
  const byRequest = Boolean(input.extensionRequested);
  const and: Prisma.RegistrationWhereInput[] = [];
  if (input.status) and.push({ status: input.status });
  if (input.partnerId) and.push({ partnerId: input.partnerId });
  if (input.customerId) and.push(onCustomer(actor, input.customerId));
  if (byRequest) and.push({ extensionStatus: "requested" });
  if (input.cursor) and.push(byRequest ? await afterInExtensionQueue(input.cursor, direction) : { id: direction === "asc" ? { gt: input.cursor } : { lt: input.cursor } });
  const rows = await db.registration.findMany({ where: { AND: and }, orderBy: byRequest ? extensionQueueOrder(direction) : { id: direction }, take: input.limit + 1 });
  const items = actor.kind === "platform" ? await platformView(rows, locale) : await partnerListView(rows, locale);
  return page(items, input.limit);
}

/** Platform review: approve (re-checking conflicts now) or reject with a reason. */
export async function decideRegistrationReview(actor: Actor, id: string, rawInput: { decision: "approve" | "reject"; reason?: string | null }, locale: Locale = "zh-CN", now = new Date()) {
  requirePermission(actor, "registration:decide");
  if (!ZId.safeParse(id).success) throw notFound("Registration");
  const input = ZDecisionInput.parse(rawInput);
  // Read before the transaction (cached; inside it, every query must use the transaction's connection).
  const policy = await readProtectionPolicy();
  const pluginsCheck = await customerCreateChecked();
  const row = await runAsSystem("registration-review", () =>
    db.$transaction(async (tx) => {
      const registration = await tx.registration.findUnique({ where: { id } });
      if (!registration) throw notFound("Registration");
      const keys = identityKeys(registration.submitted as Submitted).keys;
      const found = await lockAndMatch(tx, keys, registration.partnerId);
      const current = await tx.registration.findUniqueOrThrow({ where: { id } });
      if (current.status !== "pending") throw new DomainError("ALREADY_DECIDED");
      const decidedById = actor.kind === "platform" ? actor.userId : null;
      const updatedAt = new Date();
      const writes: Write[] = [];
      const audits: AuditEntry[] = [];
      const events: PendingEvent[] = [];
      let decided: { status: Registration["status"]; customerId: string | null; reasonCode: string | null };
      if (input.decision === "reject") {
        decided = { status: "rejected", customerId: current.customerId, reasonCode: "REJECTED_BY_PLATFORM" };
        writes.push(
          updateSet("Registration", REGISTRATION_COLUMNS, { status: "rejected", reasonCode: "REJECTED_BY_PLATFORM", reasonNote: input.reason, decidedAt: now, decidedById, updatedAt }, Prisma.sql`id = ${id}::uuid`),
        );
      } else {
        const target = current.matchedCustomerId ? (found.matches.find((m) => m.customerId === current.matchedCustomerId) ?? found.matches[0]) : found.matches[0];
        if (target && isProtected(target.protectedUntil, now) && target.ownerPartnerId && target.ownerPartnerId !== current.partnerId) {
          throw new DomainError("REGISTRATION_CONFLICT");
        }
        if (!found.tier) throw notFound("Partner");
        const acceptance = await acceptanceWrites(actor, {
          partnerId: current.partnerId,
          customer: target ?? null,
          submitted: current.submitted as Submitted,
          keys,
          policy,
          tier: found.tier,
          registrationId: id,
          now,
          pluginsCheck,
        });
        decided = { status: "accepted", customerId: acceptance.customerId, reasonCode: null };
        writes.push(
          ...acceptance.writes,
          updateSet(
            "Registration",
            REGISTRATION_COLUMNS,
            { status: "accepted", customerId: acceptance.customerId, protectedUntil: acceptance.protectedUntil, reasonCode: null, reasonNote: input.reason, decidedAt: now, decidedById, updatedAt },
            Prisma.sql`id = ${id}::uuid`,
          ),
        );
        audits.push(...acceptance.audits);
        events.push(...acceptance.events);
      }
      audits.push({
        action: `registration.${input.decision === "approve" ? "approved" : "rejected"}`,
        entityType: "Registration",
        entityId: id,
        partnerId: current.partnerId,
        before: { status: "pending" },
        after: { status: decided.status, reason: input.reason },
      });
      events.push(
        domainEvent("registration.decided", { type: "Registration", id, partnerId: current.partnerId }, {
          registrationId: id,
          partnerId: current.partnerId,
          status: decided.status,
          reasonCode: decided.reasonCode,
          customerId: decided.customerId,
        }),
      );
      await writeTogether(tx, [...writes, auditInsert(actor, audits), outboxInsert(events)]);
      return tx.registration.findUniqueOrThrow({ where: { id } });
    }),
  );
  return (await platformView([row], locale))[0]!;
}

/** One extension request per registration, while it is accepted and still protected. */
export async function requestExtension(actor: Actor, id: string, rawInput: { reason: string }, locale: Locale = "zh-CN", now = new Date()): Promise<TRegistration> {
  requirePermission(actor, "registration:create");
  if (!ZId.safeParse(id).success) throw notFound("Registration");
  const input = ZExtensionRequestInput.parse(rawInput);
  const row = await db.$transaction(async (tx) => {
    const registration = await tx.registration.findUnique({ where: { id } });
    if (!registration) throw notFound("Registration");
    if (registration.extensionStatus !== "none") throw new DomainError("EXTENSION_ALREADY_REQUESTED");
    if (registration.status !== "accepted" || !isProtected(registration.protectedUntil, now)) throw new DomainError("EXTENSION_NOT_ALLOWED");
    const updated = await tx.registration.update({
      where: { id },
      data: { extensionStatus: "requested", extensionReason: input.reason, extensionRequestedAt: now },
    });
    await recordAudit(tx, actor, { action: "registration.extension_requested", entityType: "Registration", entityId: id, partnerId: registration.partnerId, after: { reason: input.reason } });
    return updated;
  });
  return present(row, locale);
}

export async function decideExtension(actor: Actor, id: string, rawInput: { decision: "approve" | "reject"; reason?: string | null }, locale: Locale = "zh-CN", now = new Date()) {
  requirePermission(actor, "registration:decide");
  if (!ZId.safeParse(id).success) throw notFound("Registration");
  const input = ZDecisionInput.parse(rawInput);
  const policy = await readProtectionPolicy();
  const row = await runAsSystem("extension-review", () =>
    db.$transaction(async (tx) => {
      const registration = await tx.registration.findUnique({ where: { id } });
      if (!registration) throw notFound("Registration");
      if (registration.extensionStatus !== "requested") throw new DomainError("ALREADY_DECIDED");
      let updated: Registration;
      if (input.decision === "reject") {
        updated = await tx.registration.update({ where: { id }, data: { extensionStatus: "rejected", extensionDecidedAt: now, reasonNote: input.reason } });
      } else {
        const customer = registration.customerId
          ? await tx.customer.findUnique({ where: { id: registration.customerId }, select: { ownerPartnerId: true } })
          : null;
        if (registration.status !== "accepted" || !customer || customer.ownerPartnerId !== registration.partnerId) {
          throw new DomainError("EXTENSION_NOT_ALLOWED");
        }
        const from = registration.protectedUntil && registration.protectedUntil > now ? registration.protectedUntil : now;
        const protectedUntil = addDays(from, policy.extensionDays);
        updated = await tx.registration.update({
          where: { id },
          data: { extensionStatus: "approved", extensionDecidedAt: now, protectedUntil, expiryWarnedAt: null },
        });
        await changeOwnership(tx, actor, { customerId: registration.customerId!, partnerId: registration.partnerId, event: "extended", protectedUntil, registrationId: id, reason: input.reason, at: now });
      }
      await recordAudit(tx, actor, {
        action: `registration.extension_${input.decision === "approve" ? "approved" : "rejected"}`,
        entityType: "Registration",
        entityId: id,
        partnerId: updated.partnerId,
        before: { extensionStatus: "requested", protectedUntil: registration.protectedUntil },
        after: { extensionStatus: updated.extensionStatus, protectedUntil: updated.protectedUntil, reason: input.reason },
      });
      return updated;
    }),
  );
  return (await platformView([row], locale))[0]!;
}

/**
 * Platform conflict view: this registration, the customer it collided with (owner and protection),
 * and every other live claim on the same customer or identity — side by side. Never shown to partners.
 */
export async function getRegistrationConflict(actor: Actor, id: string, locale: Locale = "zh-CN"): Promise<TRegistrationConflict> {
  requirePermission(actor, "registration:decide");
  if (!ZId.safeParse(id).success) throw notFound("Registration");
  const registration = await db.registration.findUnique({ where: { id } });
  if (!registration) throw notFound("Registration");
  const customerId = registration.customerId ?? registration.matchedCustomerId;
  const customer = customerId
    ? await db.customer.findUnique({
        where: { id: customerId },
        select: { id: true, kind: true, name: true, city: true, phone: true, email: true, uscc: true, ownerPartnerId: true, protectedUntil: true, lastActivityAt: true, createdAt: true },
      })
    : null;
  const owner = customer?.ownerPartnerId ? await db.partner.findUnique({ where: { id: customer.ownerPartnerId }, select: { id: true, name: true, tier: true } }) : null;
  const competing = await db.registration.findMany({
    where: {
      id: { not: id },
      status: { in: ["pending", "accepted"] },
      OR: [
        ...(customerId ? [{ customerId }, { matchedCustomerId: customerId }] : []),
        ...(registration.identityKeys.length > 0 ? [{ identityKeys: { hasSome: registration.identityKeys } }] : []),
      ],
    },
    orderBy: { id: "asc" },
    take: 50,
  });
  const customerKeys = customer
    ? await db.customerIdentity.findMany({ where: { customerId: customer.id }, select: { kind: true, value: true } })
    : [];
  const [self, ...others] = await platformView([registration, ...competing], locale);
  // Why they collided: the keys each side has in common with this registration.
  const ownKeys = registrationKeys(registration);
  const own = new Set(ownKeys.map((k) => `${k.kind}:${k.value}`));
  const shared = (keys: IdentityKey[]) => keys.filter((k) => own.has(`${k.kind}:${k.value}`));
  const matchedKeys = sortIdentityKeys(customerKeys.flatMap((k) => parseIdentityKey(`${k.kind}:${k.value}`) ?? []));
  return {
    registration: { ...self!, identityKeys: ownKeys },
    customer: customer
      ? { ...customer, ownerPartnerName: owner?.name ?? null, ownerPartnerTier: owner?.tier ?? null, identityKeys: matchedKeys, sharedKeys: shared(matchedKeys) }
      : null,
    competing: others.map((other, i) => {
      const keys = registrationKeys(competing[i]!);
      return { ...other, identityKeys: keys, sharedKeys: shared(keys) };
    }),
  };
}

/** The keys a registration was matched by: as stored, or (rows from before keys were stored) derived again. */
function registrationKeys(row: Registration): IdentityKey[] {
  const stored = row.identityKeys.flatMap((k) => parseIdentityKey(k) ?? []);
  return sortIdentityKeys(stored.length > 0 ? stored : identityKeys(row.submitted as Submitted).keys);
}
