/**
 * The platform's benefit catalogue and limits, stored as one PlatformSetting document
 * (`entitlement-policy`, same pattern as settings/protection-policy.ts). Platform admins edit it;
 * channel managers read it; partners see the offered types through `offeredEntitlementTypes`.
 */
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db, runAsSystem, type Prisma } from "../../db/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { formatMoney } from "../money.rules.ts";
import { DEFAULT_ENTITLEMENT_POLICY } from "./entitlements.rules.ts";
import { ZEntitlementPolicy, type TEntitlementPolicy, type TEntitlementPolicyInput, type TOfferedEntitlementType } from "./entitlements.schemas.ts";

export const ENTITLEMENT_POLICY_KEY = "entitlement-policy";

/**
 * Read on every request and decision, so kept in-process for a few seconds; this process sees its
 * own updates at once, other processes within CACHE_MS.
 */
const CACHE_MS = 5_000;
let cached: { policy: TEntitlementPolicy; at: number } | undefined;

/** Amounts as stored and shown: two places ("500" → "500.00"). */
function normalised(policy: TEntitlementPolicy): TEntitlementPolicy {
  return { types: policy.types.map((rule) => ({ ...rule, maxValue: formatMoney(rule.maxValue), maxTotalValuePerPeriod: formatMoney(rule.maxTotalValuePerPeriod) })) };
}

export async function readEntitlementPolicy(): Promise<TEntitlementPolicy> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.policy;
  const row = await runAsSystem("read-entitlement-policy", () => db.platformSetting.findUnique({ where: { key: ENTITLEMENT_POLICY_KEY } }));
  const parsed = row ? ZEntitlementPolicy.safeParse(row.value) : undefined;
  // No document yet, or one an older version wrote: the defaults rather than refusing every request.
  const policy = normalised(parsed?.success ? parsed.data : DEFAULT_ENTITLEMENT_POLICY);
  cached = { policy, at: Date.now() };
  return policy;
}

/** For tests and scripts that write the setting row directly. */
export function forgetCachedEntitlementPolicy(): void {
  cached = undefined;
}

export async function getEntitlementPolicy(actor: Actor): Promise<TEntitlementPolicy> {
  requirePermission(actor, "settings:read");
  return readEntitlementPolicy();
}

export async function updateEntitlementPolicy(actor: Actor, input: TEntitlementPolicyInput): Promise<TEntitlementPolicy> {
  requirePermission(actor, "settings:update");
  const next = normalised(ZEntitlementPolicy.parse(input));
  const before = await readEntitlementPolicy();
  await db.$transaction(async (tx) => {
    const value = next as unknown as Prisma.InputJsonValue;
    const updatedById = actor.kind === "platform" ? actor.userId : null;
    const existing = await tx.platformSetting.findUnique({ where: { key: ENTITLEMENT_POLICY_KEY }, select: { key: true } });
    if (existing) await tx.platformSetting.update({ where: { key: ENTITLEMENT_POLICY_KEY }, data: { value, updatedById } });
    else await tx.platformSetting.create({ data: { key: ENTITLEMENT_POLICY_KEY, value, updatedById } });
    await recordAudit(tx, actor, { action: "settings.updated", entityType: "PlatformSetting", entityId: ENTITLEMENT_POLICY_KEY, before, after: next });
  });
  cached = { policy: next, at: Date.now() };
  return next;
}

/** GET /entitlement-types: what may be asked for, with its limits (those who request or read entitlements). */
export async function offeredEntitlementTypes(actor: Actor): Promise<TOfferedEntitlementType[]> {
  if (actor.kind === "partner") requirePermission(actor, "entitlement:request");
  else requirePermission(actor, "entitlement:read");
  const policy = await readEntitlementPolicy();
  return policy.types.map((rule) => ({ ...rule }));
}
