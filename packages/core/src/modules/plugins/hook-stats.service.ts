/**
 * Hook call statistics and failures. Calls are counted in memory and flushed as one upsert per
 * (version, hook, hour) every few seconds, so counting never costs a write per call; failures are
 * rows (the developer's errors page, the tenant admin's view), written as they happen.
 */
import { baseDb, Prisma } from "../../db/index.ts";
import { addHistograms, cpuBucket, emptyHistogram, percentileMs, statHour } from "./hook-stats.rules.ts";

type Pending = { pluginId: string; versionId: string; hook: string; hour: Date; calls: number; failures: number; cpuTotalMicros: number; histogram: number[] };

const pending = new Map<string, Pending>();
let timer: NodeJS.Timeout | undefined;
const FLUSH_EVERY_MS = 5_000;
const FLUSH_AT_KEYS = 500;

export function recordHookCall(call: { pluginId: string; versionId: string; hook: string; cpuMicros: number; failed: boolean; at?: Date }): void {
  const hour = statHour(call.at ?? new Date());
  const key = `${call.versionId}|${call.hook}|${hour.toISOString()}`;
  let entry = pending.get(key);
  if (!entry) {
    entry = { pluginId: call.pluginId, versionId: call.versionId, hook: call.hook, hour, calls: 0, failures: 0, cpuTotalMicros: 0, histogram: emptyHistogram() };
    pending.set(key, entry);
  }
  entry.calls += 1;
  if (call.failed) entry.failures += 1;
  entry.cpuTotalMicros += Math.max(0, Math.round(call.cpuMicros));
  entry.histogram[cpuBucket(call.cpuMicros)]! += 1;
  if (pending.size >= FLUSH_AT_KEYS) void flushHookStats();
  else if (!timer) {
    timer = setTimeout(() => void flushHookStats(), FLUSH_EVERY_MS);
    timer.unref();
  }
}

/** Write what was counted (also called on worker shutdown and by tests). */
export async function flushHookStats(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = undefined;
  if (pending.size === 0) return;
  const rows = [...pending.values()];
  pending.clear();
  const values = Prisma.join(
    rows.map((r) => Prisma.sql`(${r.pluginId}, ${r.versionId}::uuid, ${r.hook}, ${r.hour}, ${r.calls}, ${r.failures}, ${BigInt(r.cpuTotalMicros)}, ${r.histogram}::int[])`),
  );
  try {
    await baseDb().$executeRaw`
      INSERT INTO "PluginHookStat" ("pluginId", "versionId", hook, hour, calls, failures, "cpuTotalMicros", "cpuHistogram")
      VALUES ${values}
      ON CONFLICT ("versionId", hook, hour) DO UPDATE SET
        calls = "PluginHookStat".calls + EXCLUDED.calls,
        failures = "PluginHookStat".failures + EXCLUDED.failures,
        "cpuTotalMicros" = "PluginHookStat"."cpuTotalMicros" + EXCLUDED."cpuTotalMicros",
        "cpuHistogram" = ARRAY(SELECT COALESCE(a, 0) + COALESCE(b, 0) FROM unnest("PluginHookStat"."cpuHistogram", EXCLUDED."cpuHistogram") AS t(a, b))`;
  } catch (error) {
    // Statistics are best effort: a failed flush must not fail the hook calls it counted.
    console.warn(`[plugins] hook statistics not written: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function recordHookFailure(failure: {
  pluginId: string;
  versionId: string;
  installId: string | null;
  partnerId: string | null;
  hook: string;
  outcome: string;
  code: string;
  message: string;
}): Promise<void> {
  await baseDb().pluginError.create({ data: { ...failure, message: failure.message.slice(0, 1000) }, select: { id: true } });
}

const USAGE_DAYS = 7;

/** What the developer sees (system read after the caller checked ownership): usage, p95, errors, installs per version. */
export async function developerUsage(pluginId: string) {
  await flushHookStats();
  const since = new Date(Date.now() - USAGE_DAYS * 86_400_000);
  const stats = await baseDb().pluginHookStat.findMany({ where: { pluginId, hour: { gte: since } } });
  const byHook = new Map<string, { calls: number; failures: number; histogram: number[] }>();
  for (const s of stats) {
    const entry = byHook.get(s.hook) ?? { calls: 0, failures: 0, histogram: emptyHistogram() };
    entry.calls += s.calls;
    entry.failures += s.failures;
    entry.histogram = addHistograms(entry.histogram, s.cpuHistogram);
    byHook.set(s.hook, entry);
  }
  const errors = await baseDb().pluginError.findMany({
    where: { pluginId },
    orderBy: { id: "desc" },
    take: 50,
    select: { id: true, versionId: true, hook: true, outcome: true, code: true, message: true, createdAt: true },
  });
  const installs = await baseDb().$queryRaw<Array<{ version: string; installs: number }>>`
    SELECT v.version, count(*)::int AS installs
    FROM "PluginInstall" i JOIN "PluginVersion" v ON v.id = i."versionId"
    WHERE i."pluginId" = ${pluginId} AND i.status IN ('active', 'disabled')
    GROUP BY v.version ORDER BY v.version DESC`;
  return {
    hooks: [...byHook.entries()].map(([hook, e]) => ({ hook, calls: e.calls, failures: e.failures, p95CpuMs: percentileMs(e.histogram, 0.95) })).sort((a, b) => a.hook.localeCompare(b.hook)),
    errors,
    installsByVersion: installs,
  };
}
