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
  if (names.length === 0) return;
  // One round trip; unnest keeps the sorted order, so two registrations never wait on each other crosswise.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest(${names}::text[]) AS k`;
}

export function keyStrings(keys: IdentityKey[]): string[] {
  return [...new Set(keys.map((k) => `${k.kind}:${k.value}`))];
}

type MatchRow = { matches: Array<{ customerId: string; ownerPartnerId: string | null; protectedUntil: string | null; pendingPartnerIds: string[] | null }> | null; pendingWithoutCustomer: string[] | null };

/**
 * Everything a decision needs, in one query (it runs on every registration — see `npm run bench`):
 * the live customers the keys point at (a merged duplicate resolves to its survivor), the partners
 * with pending claims on each, and partners with pending claims on the same keys but no customer yet.
 */
async function findMatches(tx: Tx, keys: IdentityKey[]): Promise<{ matches: MatchedCustomer[]; pendingWithoutCustomer: string[] }> {
  if (keys.length === 0) return { matches: [], pendingWithoutCustomer: [] };
  const strings = keyStrings(keys);
  const [row] = await tx.$queryRaw<MatchRow[]>`
    WITH wanted AS (
      SELECT split_part(k, ':', 1) AS kind, substr(k, strpos(k, ':') + 1) AS value FROM unnest(${strings}::text[]) AS k
    ),
    hit AS (
      SELECT DISTINCT COALESCE(c."mergedIntoId", c.id) AS id
      FROM "CustomerIdentity" i JOIN wanted w ON w.kind = i.kind AND w.value = i.value JOIN "Customer" c ON c.id = i."customerId"
    ),
    live AS (
      SELECT c.id, c."ownerPartnerId", c."protectedUntil" FROM "Customer" c JOIN hit ON hit.id = c.id WHERE c."mergedIntoId" IS NULL
    )
    SELECT
      (SELECT json_agg(json_build_object(
          'customerId', live.id,
          'ownerPartnerId', live."ownerPartnerId",
          'protectedUntil', live."protectedUntil",
          'pendingPartnerIds', (SELECT array_agg(r."partnerId") FROM "Registration" r
                                WHERE r.status = 'pending' AND (r."customerId" = live.id OR r."matchedCustomerId" = live.id)))
        ORDER BY live.id) FROM live) AS matches,
      (SELECT array_agg(r."partnerId"::text) FROM "Registration" r
        WHERE r.status = 'pending' AND r."customerId" IS NULL AND r."matchedCustomerId" IS NULL AND r."identityKeys" && ${strings}::text[]) AS "pendingWithoutCustomer"`;
  return {
    matches: (row?.matches ?? []).map((m) => ({
      customerId: m.customerId,
      ownerPartnerId: m.ownerPartnerId,
      protectedUntil: m.protectedUntil ? new Date(m.protectedUntil) : null,
      pendingPartnerIds: m.pendingPartnerIds ?? [],
    })),
    pendingWithoutCustomer: row?.pendingWithoutCustomer ?? [],
  };
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

async function partnerTier(partnerId: string): Promise<PartnerTier> {
  return (await db.partner.findUniqueOrThrow({ where: { id: partnerId }, select: { tier: true } })).tier;
}

type Acceptance = {
  partnerId: string;
  customer: MatchedCustomer | null;
  submitted: Submitted;
  keys: IdentityKey[];
  policy: TProtectionPolicy;
  tier: PartnerTier;
  now: Date;
};

/**
 * Accept: create or reuse the customer, protect it for the partner, record the ownership step, and
 * supersede other claims still waiting on it. `write` creates or updates the registration row itself.
 */
async function accept(tx: Tx, actor: Actor, a: Acceptance, write: (customerId: string, protectedUntil: Date) => Promise<Registration>): Promise<Registration> {
  const customerId = a.customer?.customerId ?? (await createCustomer(tx, a.submitted, a.keys));
  await addIdentities(tx, customerId, a.keys);
  const protectedUntil = addDays(a.now, protectionDaysFor(a.policy, a.tier));
  const registration = await write(customerId, protectedUntil);
  await changeOwnership(
    tx,
    actor,
    { customerId, partnerId: a.partnerId, event: "registration_accepted", protectedUntil, registrationId: registration.id, at: a.now },
    a.customer ? { ownerPartnerId: a.customer.ownerPartnerId, protectedUntil: a.customer.protectedUntil } : { ownerPartnerId: null, protectedUntil: null },
  );
  await tx.registration.updateMany({
    where: {
      id: { not: registration.id },
      status: "pending",
      OR: [{ customerId }, { matchedCustomerId: customerId }, ...(a.keys.length > 0 ? [{ identityKeys: { hasSome: keyStrings(a.keys) } }] : [])],
    },
    data: { status: "rejected", reasonCode: "SUPERSEDED", decidedAt: a.now },
  });
  return registration;
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

  const row = await runAsSystem("registration", () =>
    db.$transaction(async (tx) => {
      await lockIdentities(tx, identity.keys);
      const found = await findMatches(tx, identity.keys);
      const decision = decideRegistration(partner.partnerId, found.matches, policy.reviewMode, now, found.pendingWithoutCustomer);
      const base = {
        partnerId: partner.partnerId,
        createdById: partner.userId,
        submitted: submitted as unknown as Prisma.InputJsonValue,
        identityKeys: keys,
        note: input.note,
      };
      let registration: Registration;
      if (decision.status === "accepted") {
        const customer = decision.customerId ? (found.matches.find((m) => m.customerId === decision.customerId) ?? null) : null;
        // The tier only matters when protection is granted; read it through the transaction's connection.
        const tier = (await tx.partner.findUniqueOrThrow({ where: { id: partner.partnerId }, select: { tier: true } })).tier;
        registration = await accept(tx, actor, { partnerId: partner.partnerId, customer, submitted, keys: identity.keys, policy, tier, now }, (customerId, protectedUntil) =>
          tx.registration.create({ data: { ...base, status: "accepted", customerId, protectedUntil, decidedAt: now } }),
        );
      } else {
        registration = await tx.registration.create({
          data: {
            ...base,
            status: decision.status,
            customerId: decision.status === "rejected" && decision.reasonCode === "ALREADY_YOURS" ? decision.customerId : null,
            matchedCustomerId: "matchedCustomerId" in decision ? decision.matchedCustomerId : null,
            reasonCode: decision.reasonCode,
            decidedAt: decision.status === "rejected" ? now : null,
          },
        });
      }
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
  // Read what the approval needs before the transaction: inside it, every query must use its connection.
  const owner = await runAsSystem("registration-review", () => db.registration.findUnique({ where: { id }, select: { partnerId: true } }));
  const prepared = owner ? { partnerId: owner.partnerId, policy: await readProtectionPolicy(), tier: await partnerTier(owner.partnerId) } : null;
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
        const { matches } = await findMatches(tx, keys);
        const target = current.matchedCustomerId ? (matches.find((m) => m.customerId === current.matchedCustomerId) ?? matches[0]) : matches[0];
        if (target && isProtected(target.protectedUntil, now) && target.ownerPartnerId && target.ownerPartnerId !== current.partnerId) {
          throw new DomainError("REGISTRATION_CONFLICT");
        }
        if (!prepared || prepared.partnerId !== current.partnerId) throw notFound("Registration");
        const { policy, tier } = prepared;
        updated = await accept(tx, actor, { partnerId: current.partnerId, customer: target ?? null, submitted: current.submitted as Submitted, keys, policy, tier, now }, (customerId, protectedUntil) =>
          tx.registration.update({
            where: { id },
            data: { status: "accepted", customerId, protectedUntil, reasonCode: null, reasonNote: input.reason, decidedAt: now, decidedById },
          }),
        );
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
