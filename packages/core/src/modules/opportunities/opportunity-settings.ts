/** The platform's opportunity settings, stored as the PlatformSetting document `opportunities`. */
import { z } from "zod";
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db, runAsSystem, type Prisma } from "../../db/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";

export const ZOpportunitySettings = z.object({
  /** An open opportunity with no stage change for this many days is flagged as stuck (once per stay in a stage). */
  stuckDays: z.coerce
    .number({ message: "errors.field.invalid" })
    .int({ message: "errors.field.invalid" })
    .min(1, { message: "opportunities.errors.stuckDaysRange" })
    .max(365, { message: "opportunities.errors.stuckDaysRange" })
    .default(14),
});
export type TOpportunitySettings = z.infer<typeof ZOpportunitySettings>;

export const OPPORTUNITY_SETTINGS_KEY = "opportunities";

/** Read on every board and list, so kept in-process briefly; this process sees its own updates at once. */
const CACHE_MS = 5_000;
let cached: { settings: TOpportunitySettings; at: number } | undefined;

export async function readOpportunitySettings(): Promise<TOpportunitySettings> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.settings;
  const row = await runAsSystem("read-opportunity-settings", () => db.platformSetting.findUnique({ where: { key: OPPORTUNITY_SETTINGS_KEY } }));
  const parsed = ZOpportunitySettings.safeParse(row?.value ?? {});
  // A document written by an older version falls back to the defaults rather than breaking boards.
  const settings = parsed.success ? parsed.data : ZOpportunitySettings.parse({});
  cached = { settings, at: Date.now() };
  return settings;
}

/** For tests and scripts that write the setting row directly. */
export function forgetCachedOpportunitySettings(): void {
  cached = undefined;
}

export async function getOpportunitySettings(actor: Actor): Promise<TOpportunitySettings> {
  requirePermission(actor, "settings:read");
  return readOpportunitySettings();
}

export async function updateOpportunitySettings(actor: Actor, input: z.input<typeof ZOpportunitySettings>): Promise<TOpportunitySettings> {
  requirePermission(actor, "settings:update");
  const next = ZOpportunitySettings.parse(input);
  const before = await readOpportunitySettings();
  await db.$transaction(async (tx) => {
    const value = next as unknown as Prisma.InputJsonValue;
    const updatedById = actor.kind === "platform" ? actor.userId : null;
    const existing = await tx.platformSetting.findUnique({ where: { key: OPPORTUNITY_SETTINGS_KEY }, select: { key: true } });
    if (existing) await tx.platformSetting.update({ where: { key: OPPORTUNITY_SETTINGS_KEY }, data: { value, updatedById } });
    else await tx.platformSetting.create({ data: { key: OPPORTUNITY_SETTINGS_KEY, value, updatedById } });
    await recordAudit(tx, actor, { action: "settings.updated", entityType: "PlatformSetting", entityId: OPPORTUNITY_SETTINGS_KEY, before, after: next });
  });
  cached = { settings: next, at: Date.now() };
  return next;
}
