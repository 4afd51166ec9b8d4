/**
 * What the worker did with a plugin's events, for a spec that waited for a hook's effect in vain: the
 * install, the plugin's records' outbox events (dispatched or not), each event's domain-event job
 * and its plugin-hook jobs in BullMQ (state, attempts, failure), the queues' backlog, and the errors
 * recorded for the plugin. A failure message that says where the chain stopped, instead of "not visible".
 */
import { Queue } from "bullmq";
import pg from "pg";

type Row = Record<string, unknown>;

function line(row: Row): string {
  return Object.entries(row)
    .map(([key, value]) => `${key}=${value instanceof Date ? value.toISOString() : JSON.stringify(value)}`)
    .join(" ");
}

export async function pluginHookDiagnostics(pluginId: string): Promise<string> {
  const out: string[] = [`worker diagnostics for plugin ${pluginId} at ${new Date().toISOString()}:`];
  const client = new pg.Client({ connectionString: process.env.QUDAO_E2E_DATABASE_URL });
  const url = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  const connection = { host: url.hostname, port: Number(url.port || 6379), ...(url.password ? { password: decodeURIComponent(url.password) } : {}), maxRetriesPerRequest: null };
  const prefix = process.env.QUEUE_PREFIX ?? "qudao";
  const events = new Queue("domain-events", { connection, prefix });
  const hooks = new Queue("plugin-hooks", { connection, prefix });
  await client.connect();
  try {
    const installs = await client.query(`SELECT id, "partnerId", status::text, "consecutiveFailures", "disabledReason", "createdAt" FROM "PluginInstall" WHERE "pluginId" = $1`, [pluginId]);
    out.push(`installs: ${installs.rows.length}`, ...installs.rows.map((r: Row) => `  ${line(r)}`));
    const outbox = await client.query(
      `SELECT e.id, e.type, e."createdAt", e."dispatchedAt", e.attempts, e."lastError" FROM "OutboxEvent" e
       WHERE e."aggregateId" IN (SELECT id::text FROM "CustomObjectRecord" WHERE "pluginId" = $1) ORDER BY e.id`,
      [pluginId],
    );
    out.push(`outbox events of its records: ${outbox.rows.length}`);
    const hookJobs = await hooks.getJobs(["waiting", "active", "delayed", "prioritized", "completed", "failed"], 0, 5000);
    for (const event of outbox.rows as Row[]) {
      out.push(`  ${line(event)}`);
      const job = await events.getJob(String(event.id));
      out.push(`    domain-event job: ${job ? `${await job.getState()} attempts=${job.attemptsMade} processedOn=${job.processedOn ?? "-"} finishedOn=${job.finishedOn ?? "-"} result=${JSON.stringify(job.returnvalue)} failed=${job.failedReason ?? "-"}` : "none"}`);
      for (const install of installs.rows as Row[]) {
        for (const hookJob of hookJobs.filter((j) => j?.id?.startsWith(`${String(event.id)}-${String(install.id)}-`))) {
          out.push(`    plugin-hook job ${hookJob.id}: ${await hookJob.getState()} attempts=${hookJob.attemptsMade} queuedAt=${new Date(hookJob.timestamp).toISOString()} processedOn=${hookJob.processedOn ?? "-"} result=${JSON.stringify(hookJob.returnvalue)} failed=${hookJob.failedReason ?? "-"}`);
        }
      }
    }
    const counts = await Promise.all([events, hooks].map((q) => q.getJobCounts("waiting", "active", "delayed", "prioritized", "failed")));
    out.push(`queues: domain-events ${JSON.stringify(counts[0])}, plugin-hooks ${JSON.stringify(counts[1])}`);
    const pending = await client.query(`SELECT count(*)::int AS undispatched FROM "OutboxEvent" WHERE "dispatchedAt" IS NULL`);
    out.push(`outbox: ${line(pending.rows[0] as Row)}`);
    const errors = await client.query(`SELECT hook, outcome, code, message, "createdAt" FROM "PluginError" WHERE "pluginId" = $1 ORDER BY "createdAt" DESC LIMIT 20`, [pluginId]);
    out.push(`plugin errors: ${errors.rows.length}`, ...errors.rows.map((r: Row) => `  ${line(r)}`));
  } finally {
    await client.end();
    await Promise.all([events.close(), hooks.close()]);
  }
  return out.join("\n");
}
