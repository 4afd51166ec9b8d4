/**
 * The thresholds behind the computed lifecycle stage (modules/lifecycle), stored as one
 * PlatformSetting document and edited on the platform's settings page.
 */
import { z } from "zod";
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db, runAsSystem, type Prisma } from "../../db/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";

const days = z.coerce
  .number({ message: "errors.field.invalid" })
  .int({ message: "errors.field.invalid" })
  .min(1, { message: "errors.field.invalid" })
  .max(3650, { message: "errors.field.invalid" });

/** The fields, each in range; `ZLifecyclePolicy` adds how they must nest (checked by the service too). */
export const ZLifecyclePolicyFields = z.object({
  /** A first order within this many days makes the customer "new". */
  newCustomerDays: days.default(30),
  /** An order or engagement within this many days makes the customer "active" (and brings one back). */
  activeDays: days.default(90),
  /** No order or engagement for this many days: "dormant". */
  dormantDays: days.default(180),
  /** No order or engagement for this many days: "churned". */
  churnedDays: days.default(365),
  /** A reactivated customer counts as "active" again after this many days. */
  reactivatedDays: days.default(30),
});

/** The thresholds must nest: new and reactivated inside the active window, active < dormant < churned. */
export const ZLifecyclePolicy = ZLifecyclePolicyFields.superRefine((policy, ctx) => {
  // zod runs this even when a field failed: each pair is compared only when both of its numbers parsed.
  const rule = (ok: (a: number, b: number) => boolean, a: number, b: number, path: keyof typeof policy, message: string) => {
    if (Number.isInteger(a) && Number.isInteger(b) && !ok(a, b)) ctx.addIssue({ code: "custom", path: [path], message });
  };
  const notLonger = (a: number, b: number) => a <= b;
  const longer = (a: number, b: number) => a > b;
  rule(notLonger, policy.newCustomerDays, policy.activeDays, "newCustomerDays", "segments.lifecycleSettings.errors.newWithinActive");
  rule(notLonger, policy.reactivatedDays, policy.activeDays, "reactivatedDays", "segments.lifecycleSettings.errors.reactivatedWithinActive");
  rule(longer, policy.dormantDays, policy.activeDays, "dormantDays", "segments.lifecycleSettings.errors.dormantAfterActive");
  rule(longer, policy.churnedDays, policy.dormantDays, "churnedDays", "segments.lifecycleSettings.errors.churnedAfterDormant");
});
export type TLifecyclePolicy = z.infer<typeof ZLifecyclePolicy>;

export const LIFECYCLE_POLICY_FIELDS = ["newCustomerDays", "activeDays", "dormantDays", "churnedDays", "reactivatedDays"] as const;

export const LIFECYCLE_POLICY_KEY = "lifecycle";

/** Read by every recomputation (event consumers, the nightly job): kept in-process for a few seconds. */
const CACHE_MS = 5_000;
let cached: { policy: TLifecyclePolicy; at: number } | undefined;

export async function readLifecyclePolicy(): Promise<TLifecyclePolicy> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.policy;
  const row = await runAsSystem("read-lifecycle-policy", () => db.platformSetting.findUnique({ where: { key: LIFECYCLE_POLICY_KEY } }));
  const parsed = ZLifecyclePolicy.safeParse(row?.value ?? {});
  // A document an older version wrote falls back to the defaults rather than stopping recomputation.
  const policy = parsed.success ? parsed.data : ZLifecyclePolicy.parse({});
  cached = { policy, at: Date.now() };
  return policy;
}

/** For tests and scripts that write the setting row directly. */
export function forgetCachedLifecyclePolicy(): void {
  cached = undefined;
}

export async function getLifecyclePolicy(actor: Actor): Promise<TLifecyclePolicy> {
  requirePermission(actor, "settings:read");
  return readLifecyclePolicy();
}

export async function updateLifecyclePolicy(actor: Actor, input: z.input<typeof ZLifecyclePolicy>): Promise<TLifecyclePolicy> {
  requirePermission(actor, "settings:update");
  const next = ZLifecyclePolicy.parse(input);
  const before = await readLifecyclePolicy();
  await db.$transaction(async (tx) => {
    const value = next as unknown as Prisma.InputJsonValue;
    const updatedById = actor.kind === "platform" ? actor.userId : null;
    const existing = await tx.platformSetting.findUnique({ where: { key: LIFECYCLE_POLICY_KEY }, select: { key: true } });
    if (existing) await tx.platformSetting.update({ where: { key: LIFECYCLE_POLICY_KEY }, data: { value, updatedById } });
    else await tx.platformSetting.create({ data: { key: LIFECYCLE_POLICY_KEY, value, updatedById } });
    await recordAudit(tx, actor, { action: "settings.updated", entityType: "PlatformSetting", entityId: LIFECYCLE_POLICY_KEY, before, after: next });
  });
  cached = { policy: next, at: Date.now() };
  return next;
}
