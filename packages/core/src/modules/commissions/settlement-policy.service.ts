/**
 * The settlement settings, each one PlatformSetting document (same pattern as
 * settings/protection-policy.ts): `dispute-policy` (the SLA target for answering a dispute) and
 * `payout-policy` (the minimum payout). Platform admins change them; whoever works with disputes or
 * payouts reads them (partners too: the SLA and the minimum explain what they see).
 */
import { z } from "zod";
import { can, requirePermission, type Actor } from "../../actor/index.ts";
import { db, runAsSystem, type Prisma } from "../../db/index.ts";
import { DomainError } from "../../errors/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { formatMoney } from "../money.rules.ts";
import { ZDisputePolicy, type TDisputePolicy } from "./disputes.schemas.ts";
import { ZPayoutPolicy, type TPayoutPolicy } from "./payouts.schemas.ts";

export const DISPUTE_POLICY_KEY = "dispute-policy";
export const PAYOUT_POLICY_KEY = "payout-policy";

/** Read on every list and payout, so kept in-process for a few seconds; this process sees its own updates at once. */
const CACHE_MS = 5_000;
const cache = new Map<string, { value: unknown; at: number }>();

async function readSetting<T>(key: string, schema: z.ZodType<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value as T;
  const row = await runAsSystem(`read-${key}`, () => db.platformSetting.findUnique({ where: { key } }));
  const parsed = schema.safeParse(row?.value ?? {});
  // A document an older version wrote falls back to the defaults rather than blocking the work.
  const value = parsed.success ? parsed.data : schema.parse({});
  cache.set(key, { value, at: Date.now() });
  return value;
}

async function writeSetting<T>(actor: Actor, key: string, next: T, before: T): Promise<T> {
  requirePermission(actor, "settings:update");
  await db.$transaction(async (tx) => {
    const value = next as unknown as Prisma.InputJsonValue;
    const updatedById = actor.kind === "platform" ? actor.userId : null;
    const existing = await tx.platformSetting.findUnique({ where: { key }, select: { key: true } });
    if (existing) await tx.platformSetting.update({ where: { key }, data: { value, updatedById } });
    else await tx.platformSetting.create({ data: { key, value, updatedById } });
    await recordAudit(tx, actor, { action: "settings.updated", entityType: "PlatformSetting", entityId: key, before, after: next });
  });
  cache.set(key, { value: next, at: Date.now() });
  return next;
}

/** For tests and scripts that write the setting rows directly. */
export function forgetCachedSettlementPolicies(): void {
  cache.clear();
}

export function readDisputePolicy(): Promise<TDisputePolicy> {
  return readSetting(DISPUTE_POLICY_KEY, ZDisputePolicy);
}

export async function readPayoutPolicy(): Promise<TPayoutPolicy> {
  const policy = await readSetting(PAYOUT_POLICY_KEY, ZPayoutPolicy);
  return { minimumPayout: formatMoney(policy.minimumPayout) };
}

function requireAny(actor: Actor, permissions: Parameters<typeof can>[1][]): void {
  if (!permissions.some((permission) => can(actor, permission))) throw new DomainError("FORBIDDEN");
}

export async function getDisputePolicy(actor: Actor): Promise<TDisputePolicy> {
  requireAny(actor, ["statement:read", "settings:read"]);
  return readDisputePolicy();
}

export async function updateDisputePolicy(actor: Actor, input: z.input<typeof ZDisputePolicy>): Promise<TDisputePolicy> {
  requirePermission(actor, "settings:update");
  return writeSetting(actor, DISPUTE_POLICY_KEY, ZDisputePolicy.parse(input), await readDisputePolicy());
}

export async function getPayoutPolicy(actor: Actor): Promise<TPayoutPolicy> {
  requireAny(actor, ["payout:read", "settings:read"]);
  return readPayoutPolicy();
}

export async function updatePayoutPolicy(actor: Actor, input: z.input<typeof ZPayoutPolicy>): Promise<TPayoutPolicy> {
  requirePermission(actor, "settings:update");
  const parsed = ZPayoutPolicy.parse(input);
  return writeSetting(actor, PAYOUT_POLICY_KEY, { minimumPayout: formatMoney(parsed.minimumPayout) }, await readPayoutPolicy());
}
