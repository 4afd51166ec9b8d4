/**
 * 报备: a partner registers a customer and gets an answer at once (or after platform review), with
 * a reason, never learning who else owns it. Matching runs as the system actor across all customers
 * and returns only decision codes to the partner.
 */
import { requirePartnerActor, requirePermission, type Actor } from "../../actor/index.ts";
import { db, runAsSystem, type Prisma, type Tx } from "../../db/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import type { Registration } from "../../generated/prisma/client.ts";
import { translator, type Locale } from "../../i18n/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { identityKeys, type IdentityKey } from "../identity/index.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { changeOwnership } from "../ownership/ownership.repository.ts";
import { addDays, decideRegistration, isProtected, protectionDaysFor, type MatchedCustomer, type PartnerTier } from "../ownership/ownership.rules.ts";
import { readProtectionPolicy } from "../settings/protection-policy.ts";
import { page, ZId } from "../shared.schemas.ts";
import {
  ZDecisionInput,
  ZExtensionRequestInput,
  ZRegistrationInput,
  ZRegistrationListInput,
  type TRegistration,
  type TRegistrationDecision,
  type TRegistrationForPlatform,
  type TRegistrationInput,
  type TRegistrationListInput,
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
    createdAt: row.createdAt,
    decidedAt: row.decidedAt,
  };
}

/** Serialise registrations that touch the same identity: the first one in wins, fairly. */
async function lockIdentities(tx: Tx, keys: IdentityKey[]): Promise<void> {
  const names = [...new Set(keys.map((k) => `${k.kind}:${k.value}`))].sort();
  for (const name of names) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${name}))`;
}

export function keyStrings(keys: IdentityKey[]): string[] {
  return [...new Set(keys.map((k) => `${k.kind}:${k.value}`))];
}

/** Partners with pending claims sharing a key but tied to no customer yet (both wait for review). */
async function pendingClaimsWithoutCustomer(tx: Tx, keys: IdentityKey[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await tx.registration.findMany({
    where: { status: "pending", customerId: null, matchedCustomerId: null, identityKeys: { hasSome: keyStrings(keys) } },
    select: { partnerId: true },
  });
  return rows.map((r) => r.partnerId);
}

/** Customers the keys point at (a merged duplicate resolves to its survivor), with pending claims. */
async function findMatches(tx: Tx, keys: IdentityKey[]): Promise<MatchedCustomer[]> {
  if (keys.length === 0) return [];
  const identities = await tx.customerIdentity.findMany({
    where: { OR: keys.map((k) => ({ kind: k.kind, value: k.value })) },
    select: { customerId: true },
  });
  let ids = [...new Set(identities.map((i) => i.customerId))];
  const customers = await tx.customer.findMany({ where: { id: { in: ids } }, select: { id: true, mergedIntoId: true } });
  ids = [...new Set(customers.map((c) => c.mergedIntoId ?? c.id))];
  const live = await tx.customer.findMany({
    where: { id: { in: ids }, mergedIntoId: null },
    select: { id: true, ownerPartnerId: true, protectedUntil: true },
    orderBy: { id: "asc" },
  });
  const pending = await tx.registration.findMany({
    where: { status: "pending", OR: [{ customerId: { in: ids } }, { matchedCustomerId: { in: ids } }] },
    select: { customerId: true, matchedCustomerId: true, partnerId: true },
  });
  return live.map((c) => ({
    customerId: c.id,
    ownerPartnerId: c.ownerPartnerId,
    protectedUntil: c.protectedUntil,
    pendingPartnerIds: pending.filter((p) => (p.customerId ?? p.matchedCustomerId) === c.id).map((p) => p.partnerId),
  }));
}

function normalisedContact(keys: IdentityKey[]) {
  const get = (kind: IdentityKey["kind"]) => keys.find((k) => k.kind === kind)?.value ?? null;
  return { phone: get("phone"), email: get("email"), uscc: get("uscc") };
}

async function createCustomer(tx: Tx, submitted: Submitted, keys: IdentityKey[]): Promise<string> {
  const customer = await tx.customer.create({
    data: { kind: submitted.kind, name: submitted.name, city: submitted.city, ...normalisedContact(keys) },
    select: { id: true },
  });
  return customer.id;
}

async function addIdentities(tx: Tx, customerId: string, keys: IdentityKey[]): Promise<void> {
  if (keys.length === 0) return;
  await tx.customerIdentity.createMany({ data: keys.map((k) => ({ customerId, kind: k.kind, value: k.value })), skipDuplicates: true });
}

async function partnerTier(tx: Tx, partnerId: string): Promise<PartnerTier> {
  return (await tx.partner.findUniqueOrThrow({ where: { id: partnerId }, select: { tier: true } })).tier;
}

/** Accept: create or reuse the customer, protect it for the partner, record the ownership step. */
async function accept(tx: Tx, actor: Actor, registration: Registration, customerId: string | null, keys: IdentityKey[], now: Date) {
  const policy = await readProtectionPolicy();
  const submitted = registration.submitted as Submitted;
  const id = customerId ?? (await createCustomer(tx, submitted, keys));
  await addIdentities(tx, id, keys);
  const protectedUntil = addDays(now, protectionDaysFor(policy, await partnerTier(tx, registration.partnerId)));
  const updated = await tx.registration.update({
    where: { id: registration.id },
    data: { status: "accepted", customerId: id, protectedUntil, reasonCode: null, decidedAt: now },
  });
  await changeOwnership(tx, actor, { customerId: id, partnerId: registration.partnerId, event: "registration_accepted", protectedUntil, registrationId: registration.id, at: now });
  // Other claims still waiting on this customer lose: it is protected now.
  await tx.registration.updateMany({
    where: {
      id: { not: registration.id },
      status: "pending",
      OR: [{ customerId: id }, { matchedCustomerId: id }, ...(keys.length > 0 ? [{ identityKeys: { hasSome: keyStrings(keys) } }] : [])],
    },
    data: { status: "rejected", reasonCode: "SUPERSEDED", decidedAt: now },
  });
  return updated;
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

  const row = await runAsSystem("registration", () =>
    db.$transaction(async (tx) => {
      await lockIdentities(tx, identity.keys);
      const decision = decideRegistration(
        partner.partnerId,
        await findMatches(tx, identity.keys),
        policy.reviewMode,
        now,
        await pendingClaimsWithoutCustomer(tx, identity.keys),
      );
      let registration = await tx.registration.create({
        data: {
          partnerId: partner.partnerId,
          createdById: partner.userId,
          status: decision.status === "accepted" ? "pending" : decision.status,
          customerId: decision.status === "rejected" && decision.reasonCode === "ALREADY_YOURS" ? decision.customerId : null,
          matchedCustomerId: "matchedCustomerId" in decision ? decision.matchedCustomerId : null,
          reasonCode: "reasonCode" in decision ? decision.reasonCode : null,
          submitted: submitted as unknown as Prisma.InputJsonValue,
          identityKeys: keyStrings(identity.keys),
          note: input.note,
          decidedAt: decision.status === "rejected" ? now : null,
        },
      });
      if (decision.status === "accepted") registration = await accept(tx, actor, registration, decision.customerId, identity.keys, now);
      await recordAudit(tx, actor, {
        action: `registration.${registration.status}`,
        entityType: "Registration",
        entityId: registration.id,
        partnerId: partner.partnerId,
        after: { status: registration.status, reasonCode: registration.reasonCode, customerId: registration.customerId, matchedCustomerId: registration.matchedCustomerId },
      });
      await emitEvent(tx, "registration.decided", { type: "Registration", id: registration.id, partnerId: partner.partnerId }, {
        registrationId: registration.id,
        partnerId: partner.partnerId,
        status: registration.status,
        reasonCode: registration.reasonCode,
        customerId: registration.customerId,
      });
      return registration;
    }),
  );
  const reason = reasonOf(row, locale);
  return {
    id: row.id,
    status: row.status,
    ...(row.customerId ? { customerId: row.customerId } : {}),
    ...(row.status === "accepted" && row.protectedUntil ? { protectedUntil: row.protectedUntil } : {}),
    ...(reason ? { reason } : {}),
  };
}

async function platformView(rows: Registration[], locale: Locale): Promise<TRegistrationForPlatform[]> {
  const partners = await db.partner.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.partnerId))] } }, select: { id: true, name: true } });
  const names = new Map(partners.map((p) => [p.id, p.name]));
  return rows.map((r) => ({ ...present(r, locale), partnerName: names.get(r.partnerId) ?? "", matchedCustomerId: r.matchedCustomerId }));
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
  if (input.cursor !== undefined && !ZId.safeParse(input.cursor).success) {
    throw new DomainError("VALIDATION_FAILED", { details: [{ path: "cursor", message: "errors.field.invalidCursor" }] });
  }
  const and: Prisma.RegistrationWhereInput[] = [];
  if (input.status) and.push({ status: input.status });
  if (input.partnerId) and.push({ partnerId: input.partnerId });
  if (input.extensionRequested) and.push({ extensionStatus: "requested" });
  if (input.cursor) and.push({ id: input.order === "oldest" ? { gt: input.cursor } : { lt: input.cursor } });
  const rows = await db.registration.findMany({ where: { AND: and }, orderBy: { id: input.order === "oldest" ? "asc" : "desc" }, take: input.limit + 1 });
  const items = actor.kind === "platform" ? await platformView(rows, locale) : rows.map((r) => present(r, locale));
  return page(items, input.limit);
}

/** Platform review: approve (re-checking conflicts now) or reject with a reason. */
export async function decideRegistrationReview(actor: Actor, id: string, rawInput: { decision: "approve" | "reject"; reason?: string | null }, locale: Locale = "zh-CN", now = new Date()) {
  requirePermission(actor, "registration:decide");
  if (!ZId.safeParse(id).success) throw notFound("Registration");
  const input = ZDecisionInput.parse(rawInput);
  const row = await runAsSystem("registration-review", () =>
    db.$transaction(async (tx) => {
      const registration = await tx.registration.findUnique({ where: { id } });
      if (!registration) throw notFound("Registration");
      await lockIdentities(tx, identityKeys(registration.submitted as Submitted).keys);
      const current = await tx.registration.findUniqueOrThrow({ where: { id } });
      if (current.status !== "pending") throw new DomainError("ALREADY_DECIDED");
      const decidedById = actor.kind === "platform" ? actor.userId : null;
      let updated: Registration;
      if (input.decision === "reject") {
        updated = await tx.registration.update({
          where: { id },
          data: { status: "rejected", reasonCode: "REJECTED_BY_PLATFORM", reasonNote: input.reason, decidedAt: now, decidedById },
        });
      } else {
        const keys = identityKeys(current.submitted as Submitted).keys;
        const matches = await findMatches(tx, keys);
        const target = current.matchedCustomerId ? matches.find((m) => m.customerId === current.matchedCustomerId) ?? matches[0] : matches[0];
        if (target && isProtected(target.protectedUntil, now) && target.ownerPartnerId && target.ownerPartnerId !== current.partnerId) {
          throw new DomainError("REGISTRATION_CONFLICT");
        }
        await accept(tx, actor, current, target?.customerId ?? null, keys, now);
        updated = await tx.registration.update({ where: { id }, data: { reasonNote: input.reason, decidedById } });
      }
      await recordAudit(tx, actor, {
        action: `registration.${input.decision === "approve" ? "approved" : "rejected"}`,
        entityType: "Registration",
        entityId: id,
        partnerId: updated.partnerId,
        before: { status: "pending" },
        after: { status: updated.status, reason: input.reason },
      });
      await emitEvent(tx, "registration.decided", { type: "Registration", id, partnerId: updated.partnerId }, {
        registrationId: id,
        partnerId: updated.partnerId,
        status: updated.status,
        reasonCode: updated.reasonCode,
        customerId: updated.customerId,
      });
      return updated;
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
export async function getRegistrationConflict(actor: Actor, id: string, locale: Locale = "zh-CN") {
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
  const [self, ...others] = await platformView([registration, ...competing], locale);
  return {
    registration: self!,
    customer: customer ? { ...customer, ownerPartnerName: owner?.name ?? null, ownerPartnerTier: owner?.tier ?? null } : null,
    competing: others,
  };
}
