/**
 * Scheduled ownership upkeep (BullMQ repeatable jobs, see worker.ts). Each run is idempotent: a
 * released customer is skipped, warnings carry a timestamp, tasks a unique source key.
 */
import { systemActor } from "../actor/actor.ts";
import { db, runAsSystem, type Prisma, type Tx } from "../db/index.ts";
import { env } from "../env/index.ts";
import { releaseToPool } from "../modules/customers/customers.service.ts";
import { emitEvent } from "../modules/outbox/outbox.repository.ts";
import { addDays, inactivityStep, needsExpiryWarning } from "../modules/ownership/ownership.rules.ts";
import { readProtectionPolicy } from "../modules/settings/protection-policy.ts";

const BATCH = 500;

/** A calendar date in the platform's time zone, for messages ("2026-12-01"). */
export function platformDate(at: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: env().PLATFORM_TIMEZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** Who hears about a customer of a partner: the registration's creator, else the partner's admins. */
async function recipients(tx: Tx, partnerId: string, preferredUserId: string | null): Promise<string[]> {
  if (preferredUserId) {
    const member = await tx.membership.findFirst({ where: { userId: preferredUserId, partnerId, user: { deactivatedAt: null } }, select: { userId: true } });
    if (member) return [member.userId];
  }
  const admins = await tx.membership.findMany({ where: { partnerId, role: "admin", user: { deactivatedAt: null } }, select: { userId: true } });
  return admins.map((a) => a.userId);
}

async function notify(tx: Tx, userIds: string[], type: string, messageKey: string, params: Record<string, string>, link: string | null): Promise<void> {
  if (userIds.length === 0) return;
  await tx.notification.createMany({ data: userIds.map((userId) => ({ userId, type, messageKey, params: params as Prisma.InputJsonValue, link })) });
}

async function task(tx: Tx, partnerId: string, assigneeId: string | null, titleKey: string, params: Record<string, string>, link: string, dueAt: Date, sourceKey: string): Promise<void> {
  await tx.task.createMany({
    data: [{ partnerId, assigneeId, titleKey, params: params as Prisma.InputJsonValue, link, dueAt, sourceKey }],
    skipDuplicates: true,
  });
}

/** Protection ended: the customer goes to the public pool and its owner is told. */
export async function expireProtections(now = new Date()): Promise<number> {
  const actor = systemActor("protection-expiry");
  let released = 0;
  for (;;) {
    const due = await runAsSystem("protection-expiry", () =>
      db.customer.findMany({
        where: { ownerPartnerId: { not: null }, protectedUntil: { lte: now }, mergedIntoId: null },
        select: { id: true, name: true, ownerPartnerId: true },
        orderBy: { protectedUntil: "asc" },
        take: BATCH,
      }),
    );
    if (due.length === 0) return released;
    for (const customer of due) {
      await runAsSystem("protection-expiry", () =>
        db.$transaction(async (tx) => {
          const registration = await tx.registration.findFirst({ where: { customerId: customer.id, partnerId: customer.ownerPartnerId!, status: "accepted" }, select: { createdById: true } });
          if (await releaseToPool(tx, actor, customer.id, "expired", null, now)) {
            released++;
            await notify(tx, await recipients(tx, customer.ownerPartnerId!, registration?.createdById ?? null), "customer.protection_ended", "ownership.notification.protectionEnded", { customerName: customer.name }, null);
          }
        }),
      );
    }
    if (due.length < BATCH) return released;
  }
}

/** N days before protection ends: a notification and a follow-up task, once per registration. */
export async function warnExpiringRegistrations(now = new Date()): Promise<number> {
  const policy = await readProtectionPolicy();
  const horizon = addDays(now, policy.expiryWarningDays);
  const due = await runAsSystem("expiry-warning", () =>
    db.registration.findMany({
      where: { status: "accepted", expiryWarnedAt: null, protectedUntil: { gt: now, lte: horizon } },
      select: { id: true, partnerId: true, customerId: true, createdById: true, protectedUntil: true, submitted: true },
      take: 5_000,
    }),
  );
  let warned = 0;
  for (const registration of due) {
    if (!registration.customerId || !registration.protectedUntil || !needsExpiryWarning(registration.protectedUntil, null, policy, now)) continue;
    await runAsSystem("expiry-warning", () =>
      db.$transaction(async (tx) => {
        const claimed = await tx.registration.updateMany({ where: { id: registration.id, expiryWarnedAt: null }, data: { expiryWarnedAt: now } });
        if (claimed.count === 0) return; // another run got here first
        const customerName = (registration.submitted as { name: string }).name;
        const date = platformDate(registration.protectedUntil!);
        const users = await recipients(tx, registration.partnerId, registration.createdById);
        const link = `/registrations/${registration.id}`;
        await notify(tx, users, "registration.expiring", "ownership.notification.registrationExpiring", { customerName, date }, link);
        await task(tx, registration.partnerId, users[0] ?? null, "ownership.task.followUpExpiring", { customerName, date }, link, registration.protectedUntil!, `registration.expiring:${registration.id}`);
        await emitEvent(tx, "registration.expiring", { type: "Registration", id: registration.id, partnerId: registration.partnerId }, {
          registrationId: registration.id,
          partnerId: registration.partnerId,
          customerId: registration.customerId!,
          protectedUntil: registration.protectedUntil!.toISOString(),
          createdById: registration.createdById,
        });
        warned++;
      }),
    );
  }
  return warned;
}

/** Owned customers without follow-up: warn, then reclaim to the pool once the warning ran out. */
export async function reclaimInactiveCustomers(now = new Date()): Promise<{ warned: number; reclaimed: number }> {
  const policy = await readProtectionPolicy();
  const actor = systemActor("inactivity-reclaim");
  const idleSince = addDays(now, -(policy.inactivityDays - policy.inactivityWarningDays));
  const candidates = await runAsSystem("inactivity", () =>
    db.customer.findMany({
      where: { ownerPartnerId: { not: null }, mergedIntoId: null, lastActivityAt: { lte: idleSince } },
      select: { id: true, name: true, ownerPartnerId: true, lastActivityAt: true, inactivityWarnedAt: true },
      take: 5_000,
    }),
  );
  let warned = 0;
  let reclaimed = 0;
  for (const customer of candidates) {
    const step = inactivityStep(customer.lastActivityAt, customer.inactivityWarnedAt, policy, now);
    if (step === "none") continue;
    await runAsSystem("inactivity", () =>
      db.$transaction(async (tx) => {
        const registration = await tx.registration.findFirst({ where: { customerId: customer.id, partnerId: customer.ownerPartnerId!, status: "accepted" }, select: { createdById: true } });
        const users = await recipients(tx, customer.ownerPartnerId!, registration?.createdById ?? null);
        if (step === "warn") {
          const claimed = await tx.customer.updateMany({ where: { id: customer.id, inactivityWarnedAt: customer.inactivityWarnedAt }, data: { inactivityWarnedAt: now } });
          if (claimed.count === 0) return;
          const reclaimOn = addDays(now, policy.inactivityWarningDays);
          const date = platformDate(reclaimOn);
          await notify(tx, users, "customer.inactivity_warning", "ownership.notification.inactivityWarning", { customerName: customer.name, date }, `/customers/${customer.id}`);
          await task(tx, customer.ownerPartnerId!, users[0] ?? null, "ownership.task.followUpInactive", { customerName: customer.name }, `/customers/${customer.id}`, reclaimOn, `customer.inactive:${customer.id}:${now.toISOString()}`);
          await emitEvent(tx, "customer.inactivity_warning", { type: "Customer", id: customer.id, partnerId: customer.ownerPartnerId }, { customerId: customer.id, partnerId: customer.ownerPartnerId!, reclaimOn: reclaimOn.toISOString() });
          warned++;
        } else if (await releaseToPool(tx, actor, customer.id, "reclaimed", null, now)) {
          await notify(tx, users, "customer.reclaimed", "ownership.notification.customerReclaimed", { customerName: customer.name }, null);
          reclaimed++;
        }
      }),
    );
  }
  return { warned, reclaimed };
}
