/** The platform's customer-protection policy, stored as one PlatformSetting document. */
import { z } from "zod";
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db, runAsSystem, type Prisma } from "../../db/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";

const days = (max: number) => z.coerce.number().int({ message: "errors.field.invalid" }).min(1, { message: "errors.field.invalid" }).max(max, { message: "errors.field.invalid" });

export const ZProtectionPolicy = z.object({
  /** Protection granted by an accepted registration or a claim, in days. */
  defaultProtectionDays: days(3650).default(90),
  /** Per partner tier overrides of the protection period. */
  tierProtectionDays: z
    .object({ bronze: days(3650).optional(), silver: days(3650).optional(), gold: days(3650).optional(), platinum: days(3650).optional() })
    .default({}),
  /** "auto": decide registrations at once; "review": every registration waits for the platform. */
  reviewMode: z.enum(["auto", "review"], { message: "errors.field.invalidOption" }).default("auto"),
  /** An approved extension adds this many days. */
  extensionDays: days(3650).default(30),
  /** Warn the partner (notification + task) this many days before protection ends. */
  expiryWarningDays: days(365).default(7),
  /** Reclaim a customer to the public pool after this many days without follow-up. */
  inactivityDays: days(3650).default(60),
  /** …after warning this many days before. */
  inactivityWarningDays: days(365).default(7),
  /** A partner may claim at most this many pool customers per period. */
  poolClaimCap: z.coerce.number().int().min(0, { message: "errors.field.invalid" }).max(100_000).default(10),
  poolClaimPeriodDays: days(3650).default(30),
});
export type TProtectionPolicy = z.infer<typeof ZProtectionPolicy>;

export const PROTECTION_POLICY_KEY = "protection-policy";

/**
 * Read on every registration, so kept in-process for a few seconds; this process sees its own updates
 * at once, other processes within CACHE_MS.
 */
const CACHE_MS = 5_000;
let cached: { policy: TProtectionPolicy; at: number } | undefined;

export async function readProtectionPolicy(): Promise<TProtectionPolicy> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.policy;
  const row = await runAsSystem("read-policy", () => db.platformSetting.findUnique({ where: { key: PROTECTION_POLICY_KEY } }));
  const parsed = ZProtectionPolicy.safeParse(row?.value ?? {});
  // A document written by an older version falls back to defaults rather than blocking registrations.
  const policy = parsed.success ? parsed.data : ZProtectionPolicy.parse({});
  cached = { policy, at: Date.now() };
  return policy;
}

/** For tests and scripts that write the setting row directly. */
export function forgetCachedProtectionPolicy(): void {
  cached = undefined;
}

export async function getProtectionPolicy(actor: Actor): Promise<TProtectionPolicy> {
  requirePermission(actor, "settings:read");
  return readProtectionPolicy();
}

export async function updateProtectionPolicy(actor: Actor, input: z.input<typeof ZProtectionPolicy>): Promise<TProtectionPolicy> {
  requirePermission(actor, "settings:update");
  const next = ZProtectionPolicy.parse(input);
  const before = await readProtectionPolicy();
  await db.$transaction(async (tx) => {
    const value = next as unknown as Prisma.InputJsonValue;
    const updatedById = actor.kind === "platform" ? actor.userId : null;
    const existing = await tx.platformSetting.findUnique({ where: { key: PROTECTION_POLICY_KEY }, select: { key: true } });
    if (existing) await tx.platformSetting.update({ where: { key: PROTECTION_POLICY_KEY }, data: { value, updatedById } });
    else await tx.platformSetting.create({ data: { key: PROTECTION_POLICY_KEY, value, updatedById } });
    await recordAudit(tx, actor, { action: "settings.updated", entityType: "PlatformSetting", entityId: PROTECTION_POLICY_KEY, before, after: next });
  });
  cached = { policy: next, at: Date.now() };
  return next;
}
