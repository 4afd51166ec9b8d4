/**
 * The `createOrder` intent (ADR 026): a plugin places a core order for its tenant
 * through the order-ingest path (orders.service `ingestPluginOrder`): before-save `order` hooks,
 * attribution by ownership at `orderedAt`, audit as the user who caused the event, `order.ingested`
 * with `source: "plugin"`. Idempotent per (plugin, tenant, externalId). A refusal — a customer outside
 * the tenant's scope, a malformed order, a plugin's validate hook saying no — is returned to the
 * caller (recorded as the plugin's error, which its developer and the tenant's admins see) and the
 * acting user is notified with the reason in their language.
 */
import { ZodError } from "zod";
import type { TCreateOrderIntent } from "@qudao/plugins/intents";
import type { TFieldDefinition } from "@qudao/plugins/manifest";
import type { Actor } from "../../actor/index.ts";
import { baseDb, db, Prisma, runAsActor } from "../../db/index.ts";
import { isDomainError } from "../../errors/index.ts";
import { SUPPORTED_LOCALES, translator } from "../../i18n/index.ts";
import { ingestPluginOrder, pluginOrderExternalId } from "../orders/orders.service.ts";
import { checkValues } from "./custom-values.rules.ts";
import type { IntentContext, Refusal } from "./event-hooks.service.ts";
import type { InstalledPlugin } from "./installed-plugins.ts";

/** The core externalId's limit (orders.schemas.ts). */
const MAX_EXTERNAL_ID = 200;

type LocalizedReason = { key: string; params?: Record<string, string | number> } | { details: Array<{ message: string; params?: Record<string, unknown> }> };

function inEveryLocale(reason: LocalizedReason): Record<string, string> {
  return Object.fromEntries(
    SUPPORTED_LOCALES.map((locale) => {
      const t = translator(locale);
      const text = "key" in reason ? String(t(reason.key, reason.params)) : reason.details.map((d) => String(t(d.message, d.params ?? {}))).join("；");
      return [locale, text];
    }),
  );
}

/** Tell the user who caused the event (else the tenant's admins) that the order was not created, and why. */
async function notifyRefusal(install: InstalledPlugin, intent: TCreateOrderIntent, ctx: IntentContext, reason: LocalizedReason): Promise<void> {
  const acting = ctx.acting;
  let userIds: string[];
  if (acting.kind === "partner" || acting.kind === "platform") userIds = [acting.userId];
  else if (ctx.partnerId) {
    userIds = (await baseDb().membership.findMany({ where: { partnerId: ctx.partnerId, role: "admin", user: { deactivatedAt: null } }, select: { userId: true } })).map((m) => m.userId);
  } else userIds = [];
  if (userIds.length === 0) return;
  const params = { pluginId: install.pluginId, plugin: install.manifest.name, externalId: intent.externalId, reason: inEveryLocale(reason) };
  await baseDb().notification.createMany({
    data: userIds.map((userId) => ({ userId, type: "plugin.orderRefused", messageKey: "pluginExtensions.notification.orderRefused", params: params as Prisma.InputJsonValue, link: null, sourceEventId: null })),
  });
}

function orderFields(install: InstalledPlugin): TFieldDefinition[] {
  return install.manifest.contributes.fields.filter((f) => f.object === "order") as TFieldDefinition[];
}

/** Apply a permitted `createOrder` intent; null when the order exists now (created or already there). */
export async function applyCreateOrder(install: InstalledPlugin, intent: TCreateOrderIntent, index: number, ctx: IntentContext): Promise<Refusal | null> {
  const refuse = async (reason: Refusal["reason"], detail: string, localized: LocalizedReason): Promise<Refusal> => {
    await notifyRefusal(install, intent, ctx, localized);
    return { index, reason, detail };
  };
  const externalId = pluginOrderExternalId(install.pluginId, ctx.partnerId, intent.externalId);
  if (externalId.length > MAX_EXTERNAL_ID) return refuse("invalid", `externalId: ${externalId.length} > ${MAX_EXTERNAL_ID}`, { key: "pluginExtensions.refusal.externalIdTooLong" });
  const own = checkValues(orderFields(install), intent.customFields ?? {}, { partial: true, allowComputed: true });
  if (own.issues.length > 0) {
    const detail = own.issues.map((i) => `${i.path}: ${i.message}`).join("; ");
    return refuse("invalid", `customFields: ${detail}`, { key: "pluginExtensions.refusal.customFields", params: { detail: own.issues.map((i) => i.path).join(", ") } });
  }
  // A customer the tenant can read: its own (or, for the platform, any).
  const customer = await runAsActor(ctx.scope, () => db.customer.findFirst({ where: { id: intent.customerId }, select: { id: true } }));
  if (!customer) return refuse("scope", `customer:${intent.customerId}`, { key: "pluginExtensions.refusal.customerNotFound" });
  try {
    await ingestPluginOrder(ctx.acting, {
      externalId,
      customerId: intent.customerId,
      orderedAt: intent.orderedAt ?? ctx.now,
      currency: intent.currency,
      items: intent.items.map((item) => ({ sku: item.sku, category: item.category ?? item.sku, quantity: item.quantity, unitPrice: item.unitPrice })),
    }, { pluginId: install.pluginId, externalId: intent.externalId, tenantPartnerId: ctx.partnerId, sourceRef: intent.sourceRef, customFields: own.values });
    return null;
  } catch (error) {
    if (error instanceof ZodError) {
      const detail = error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      return refuse("invalid", detail, { key: "pluginExtensions.refusal.invalidOrder", params: { detail: error.issues.map((i) => i.path.join(".")).join(", ") } });
    }
    if (isDomainError(error)) {
      const details = error.details.length > 0 ? error.details.map((d) => ({ message: d.message, params: (d as { params?: Record<string, unknown> }).params })) : [{ message: error.i18nKey, params: error.params }];
      return refuse("refused", `${error.code}: ${error.details.map((d) => `${d.path ?? ""} ${d.message}`.trim()).join("; ") || error.i18nKey}`, { details });
    }
    throw error;
  }
}
