/**
 * Consumers of plugin events: the developer hears a review decision and a circuit breaker opening;
 * the tenant's admins hear that an upgrade waits for their consent or that a plugin was stopped.
 * Idempotent through (sourceEventId, userId).
 */
import { db } from "../../db/index.ts";
import type { DomainEvents } from "../outbox/outbox.events.ts";

async function notify(eventId: string, userIds: string[], type: string, messageKey: string, params: Record<string, unknown>, link: string | null): Promise<{ created: number }> {
  if (userIds.length === 0) return { created: 0 };
  const result = await db.notification.createMany({
    data: [...new Set(userIds)].map((userId) => ({ userId, type, messageKey, params: params as object, link, sourceEventId: eventId })),
    skipDuplicates: true,
  });
  return { created: result.count };
}

/** The tenant's admins: the partner's admins, or the platform's admins for a platform-wide install. */
async function tenantAdmins(partnerId: string | null): Promise<string[]> {
  if (partnerId) {
    const rows = await db.membership.findMany({ where: { partnerId, role: "admin", user: { deactivatedAt: null } }, select: { userId: true } });
    return rows.map((r) => r.userId);
  }
  const rows = await db.platformRole.findMany({ where: { role: "admin", user: { deactivatedAt: null } }, select: { userId: true } });
  return rows.map((r) => r.userId);
}

export function notifyVersionReviewed(eventId: string, payload: DomainEvents["plugin.version_reviewed"]) {
  const key = payload.status === "approved" ? "plugins.notification.versionApproved" : "plugins.notification.versionRejected";
  return notify(eventId, [payload.developerId], "plugin.version_reviewed", key, { plugin: payload.pluginId, version: payload.version }, `/developer/plugins/${payload.pluginId}`);
}

export async function notifyConsentNeeded(eventId: string, payload: DomainEvents["plugin.consent_needed"]) {
  return notify(eventId, await tenantAdmins(payload.partnerId), "plugin.consent_needed", "plugins.notification.consentNeeded", { plugin: payload.pluginId, version: payload.version, count: payload.added.length }, `/plugins/${payload.pluginId}`);
}

export async function notifyCircuitOpened(eventId: string, payload: DomainEvents["plugin.circuit_opened"]) {
  const admins = await tenantAdmins(payload.partnerId);
  const params = { plugin: payload.pluginId, hook: payload.hook, failures: payload.failures };
  const tenant = await notify(eventId, admins, "plugin.circuit_opened", "plugins.notification.circuitOpened", params, `/plugins/${payload.pluginId}`);
  const developer = await notify(eventId, [payload.developerId], "plugin.circuit_opened", "plugins.notification.circuitOpenedDeveloper", params, `/developer/plugins/${payload.pluginId}`);
  return { created: tenant.created + developer.created };
}
