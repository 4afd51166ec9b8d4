/**
 * Plugin event hooks through the real path on one worker: jobs on the `plugin-hooks` BullMQ queue
 * (Redis), a worker process role `plugins` consuming them, each job resolving the install, loading
 * the tenant's verified sandbox, running the hook and accounting the call — against a real database.
 *
 *   1. invocations/s of an event hook that reads its record's event and returns no intent (target ≥ 1 000/s)
 *   2. invocations/s of one that also returns a `patch` intent the host applies (a write per call; informational)
 *
 * Run: BENCH_ONLY=plugin-events npm run bench (BENCH_SCALE=0.1 for a quick run).
 */
import { randomBytes } from "node:crypto";
import { configureBench, dropBenchDatabase, int, loadLine, log, machineLine, SCALE, table } from "./support.ts";

const JOBS = Math.max(500, Math.round(10_000 * SCALE));
const TARGET_PER_SECOND = 1_000;

const benchDb = configureBench(`qudao_bench_plugin_events_${randomBytes(3).toString("hex")}`);
process.env.QUEUE_PREFIX = `qudao-bench-${randomBytes(4).toString("hex")}`;

async function main(): Promise<void> {
  const testing = await import("@qudao/core/testing");
  await testing.createTestDatabase(benchDb.name);
  try {
    await run(testing);
  } finally {
    const { disconnectDb } = await import("@qudao/core/server");
    await disconnectDb();
    await dropBenchDatabase(benchDb);
  }
}

async function run(testing: typeof import("@qudao/core/testing")): Promise<void> {
  const core = await import("@qudao/core/server");
  const plugins = await import("../packages/core/src/modules/plugins/index.ts");
  const { enqueuePluginHooks, pluginHooksQueue } = await import("../packages/core/src/jobs/plugin-hook.job.ts");
  const { startWorker } = await import("../packages/core/src/jobs/worker.ts");

  const id = `bench.p${randomBytes(3).toString("hex")}`;
  const ns = id.replace(".", "_");
  const object = `${ns}__visit`;
  const label = { "zh-CN": "拜访", en: "Visit" };
  const manifest = {
    id,
    name: label,
    description: label,
    version: "1.0.0",
    publisher: { name: "Bench" },
    engines: { qudao: ">=0.1.0" },
    surfaces: ["portal"],
    categories: ["sales"],
    permissions: [`records:write:${object}`],
    hooks: [
      { name: "count", kind: "event", events: [`${object}.created`] },
      { name: "stamp", kind: "event", events: [`${object}.updated`] },
    ],
    contributes: {
      objects: [
        {
          name: object,
          label,
          labelPlural: label,
          titleField: "subject",
          fields: [
            { name: "subject", type: "text", label, required: true },
            { name: "touched", type: "integer", label, computed: true },
          ],
          views: { list: { columns: ["subject"] }, detail: { sections: [{ title: label, fields: ["subject"] }] }, form: { fields: ["subject"] } },
        },
      ],
    },
  };
  const hooks = `globalThis.__qudaoPlugin = { hooks: {
    count(ctx) { let n = 0; for (const k in ctx.event.payload) n += k.length; return n < 0 ? [{ type: "emitEvent", name: "x.y" }] : []; },
    stamp(ctx) { return [{ type: "patch", object: ${JSON.stringify(object)}, id: ctx.event.payload.recordId, set: { touched: 1 } }]; }
  } };`;
  const pkg = { format: 1, manifest, hooks, tests: null, locales: { "zh-CN": {}, en: {} }, assets: {} };

  const developer = await testing.createTestDeveloper();
  const reviewer = await testing.createTestPlatformUser(["admin"]);
  const partner = await testing.createTestPartner();
  const admin = await testing.createTestPartnerUser(partner.id, "admin");
  const devActor = { kind: "developer" as const, userId: developer.id, email: developer.email, name: developer.name, via: "script" as const };
  const staff = { kind: "platform" as const, userId: reviewer.id, email: reviewer.email, name: reviewer.name, roles: ["admin" as const], via: "script" as const };
  const partnerAdmin = { kind: "partner" as const, userId: admin.id, email: admin.email, name: admin.name, partnerId: partner.id, role: "admin" as const, visiblePartnerIds: [partner.id], via: "script" as const };
  const uploaded = await core.runAsActor(devActor, () => plugins.uploadVersion(devActor, { id, package: pkg }));
  await core.runAsActor(staff, () => plugins.approveVersion(staff, { id: uploaded.id }));
  await core.runAsActor(staff, () => plugins.setPluginPolicy(staff, { pluginId: id, partnerInstallAllowed: true }));
  const install = await core.runAsActor(partnerAdmin, () => plugins.installPlugin(partnerAdmin, { pluginId: id, scope: "partner", consentedPermissions: manifest.permissions }));
  const record = await core.runAsActor(partnerAdmin, () => plugins.createCustomRecord(partnerAdmin, { object, values: { subject: "bench" } }));

  const worker = startWorker({ roles: ["plugins"], schedule: false, log: () => undefined });
  const queue = pluginHooksQueue();
  const measure = async (hook: string, eventName: string, jobs: number): Promise<{ perSecond: number; seconds: number; failed: number }> => {
    const batch = Array.from({ length: jobs }, (_, i) => ({
      installId: install.id,
      hook,
      event: { id: `${hook}-${i}-${randomBytes(4).toString("hex")}`, name: eventName, occurredAt: new Date().toISOString(), partnerId: partner.id, aggregateType: "CustomObjectRecord", aggregateId: record.id, payload: { recordId: record.id, object, pluginId: id, partnerId: partner.id, actorUserId: admin.id, changed: ["subject"] } },
    }));
    const before = await queue.getJobCounts("completed", "failed");
    for (let i = 0; i < batch.length; i += 1_000) await enqueuePluginHooks(batch.slice(i, i + 1_000));
    const startedAt = performance.now();
    for (;;) {
      const counts = await queue.getJobCounts("completed", "failed");
      const done = (counts.completed ?? 0) - (before.completed ?? 0) + (counts.failed ?? 0) - (before.failed ?? 0);
      if (done >= jobs) {
        const seconds = (performance.now() - startedAt) / 1000;
        return { perSecond: jobs / seconds, seconds, failed: (counts.failed ?? 0) - (before.failed ?? 0) };
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  try {
    // Warm-up: the sandbox, the install cache and the worker's connections.
    await measure("count", `${object}.created`, 200);
    log(`measuring ${int(JOBS)} event hook invocations per case on one worker`);
    const pure = await measure("count", `${object}.created`, JOBS);
    const writing = await measure("stamp", `${object}.updated`, Math.max(200, Math.round(JOBS / 5)));
    console.log(`\n${machineLine()}\n${loadLine()}\n`);
    console.log(
      table(
        ["measure", "value", "target"],
        [
          ["event hooks/s on one worker (BullMQ → sandbox → accounted)", int(pure.perSecond), `≥ ${int(TARGET_PER_SECOND)}`],
          ["  failed jobs", int(pure.failed), "0"],
          ["event hooks/s returning a patch intent (all on one record: its row lock serialises the writes)", int(writing.perSecond), ""],
          ["  failed jobs", int(writing.failed), "0"],
        ],
        (i) => i > 0,
      ),
    );
    if (pure.perSecond < TARGET_PER_SECOND) log(`target missed: ${int(pure.perSecond)} event hooks/s < ${int(TARGET_PER_SECOND)}`);
  } finally {
    await worker.stop();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    plugins.resetPluginHost();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
