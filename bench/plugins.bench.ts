/**
 * `npm run bench` (or `BENCH_ONLY=plugins npm run bench`): the plugin sandbox at runtime level (issue 6).
 * No database: a signed package, a SandboxHost as the worker and the apps use it, and three measures:
 *
 *   1. warm validate hook: one (tenant, plugin) sandbox, already built; wall time of `invoke` per call
 *      (verification is not involved: the key is pooled) — target p95 ≤ 1 ms;
 *   2. cold start: 50 distinct tenants, each `host.load` (signature and hash check) + the first
 *      `invoke` (a fresh WebAssembly instance, prelude, plugin bundle, the call) — target ≤ 30 ms,
 *      median and p95. Measured 25 ms apart, as cold starts come in production (a tenant's first
 *      event or save after its sandbox was evicted), so the standby engine the host prepares in idle
 *      time is ready; and back to back, where every cold start also pays for the next standby;
 *   3. event hooks through `invoke`, one after another on one thread, each returning a small intents
 *      array — target ≥ 1 000 invocations/s; shown also with one record read (a replay round through
 *      an async reader), for scale. The queue (BullMQ) path is measured by the worker's benchmark.
 *
 * Also shown: the CPU time the sandbox charged (what limits and the per-hook p95 use) next to wall
 * time, and the main thread's CPU time of a cold start: on a busy machine the wall times include
 * waiting for a core, the CPU times do not.
 * Environment: BENCH_SCALE scales the iteration counts (minimum 10 %).
 */
import path from "node:path";
import { buildSync } from "esbuild";
import { SandboxHost, generateSigningKeyPair, signPackage, threadCpuMicros, threadCpuSource, type HookContextInput } from "@qudao/plugins/runtime";
import type { TPluginPackage } from "@qudao/plugins/package-format";
import { int, loadLine, log, machineLine, ms, repoRoot, SCALE, stats, table, warmupFor } from "./support.ts";

const WARM_CALLS = Math.max(200, Math.round(5_000 * SCALE));
const COLD_TENANTS = 50;
const COLD_PAUSE_MS = 25;
const EVENT_CALLS = Math.max(300, Math.round(5_000 * SCALE));
const TARGET_WARM_P95_MS = 1;
const TARGET_COLD_MS = 30;
const TARGET_EVENTS_PER_SECOND = 1_000;

const LEAD_ID = "7b2c5f9e-1d3a-4c8b-9e6f-2a1b3c4d5e6f";
const NOW = "2026-03-01T08:00:00.000Z";

/** A plugin as a developer would write it, bundled as `qudao-plugin pack` does (IIFE, SDK inlined). */
function pluginBundle(): string {
  const sdk = path.join(repoRoot, "packages/plugins/src/sdk/index.ts");
  const source = `
import { definePlugin } from ${JSON.stringify(sdk)};
definePlugin({
  hooks: {
    checkVisit: (ctx) => {
      const issues = [];
      if (!ctx.record.summary) issues.push({ field: "summary", messageKey: "visit.summaryRequired" });
      if (typeof ctx.record.durationMinutes === "number" && ctx.record.durationMinutes > 480) issues.push({ field: "durationMinutes", messageKey: "visit.tooLong", params: { max: 480 } });
      return issues;
    },
    onLeadCreated: (ctx) => [
      { type: "createTask", title: "Visit " + ctx.event.payload.name, dueAt: new Date(Date.parse(ctx.now) + 3 * 86400000).toISOString(), related: { object: "lead", id: ctx.event.payload.leadId } },
    ],
    onLeadAssigned: (ctx) => {
      const lead = ctx.records.get("lead", ctx.event.payload.leadId);
      return lead ? [{ type: "createTask", title: "Call " + lead.name, related: { object: "lead", id: lead.id } }] : [];
    },
  },
});`;
  const result = buildSync({ stdin: { contents: source, loader: "ts", resolveDir: repoRoot, sourcefile: "hooks.ts" }, bundle: true, write: false, format: "iife", platform: "neutral", target: "es2020", minify: true, logLevel: "silent" });
  return result.outputFiles[0]!.text;
}

function validateContext(i: number): HookContextInput["validate"] {
  return {
    pluginId: "acme.pharma",
    partnerId: "partner-1",
    settings: {},
    actor: { userId: null, role: "rep", partnerId: "partner-1" },
    now: NOW,
    object: "acme_pharma__visit",
    operation: "create",
    record: { summary: i % 2 === 0 ? "Met the head of pharmacy" : "", durationMinutes: 30 + (i % 600) },
    previous: null,
    recordPartnerId: "partner-1",
  };
}

function eventContext(i: number): HookContextInput["event"] {
  return {
    pluginId: "acme.pharma",
    partnerId: "partner-1",
    settings: {},
    actor: { userId: null, role: "admin", partnerId: "partner-1" },
    now: NOW,
    event: { name: "lead.created", id: `evt-${i}`, occurredAt: NOW, payload: { leadId: LEAD_ID, name: `Lead ${i}` } },
  };
}

async function main(): Promise<void> {
  const keys = generateSigningKeyPair();
  const hooks = pluginBundle();
  const pkg: TPluginPackage = {
    format: 1,
    manifest: { id: "acme.pharma", version: "1.0.0" },
    hooks,
    tests: null,
    locales: { "zh-CN": {}, en: {} },
    assets: {},
  };
  const signature = signPackage(pkg, keys.privateKey);
  const host = new SandboxHost({ publicKey: keys.publicKey });
  const sandboxOf = (tenantKey: string) => host.load({ tenantKey, pkg, signature });
  log(`plugin bundle ${int(Buffer.byteLength(hooks))} bytes; CPU clock: ${threadCpuSource()}`);

  // 1. Warm validate hook.
  await sandboxOf("warm").warm();
  for (let i = 0; i < warmupFor(WARM_CALLS); i++) await sandboxOf("warm").invoke("checkVisit", "validate", validateContext(i));
  const warmWall: number[] = [];
  const warmCpu: number[] = [];
  for (let i = 0; i < WARM_CALLS; i++) {
    const startedAt = performance.now();
    const result = await sandboxOf("warm").invoke("checkVisit", "validate", validateContext(i));
    warmWall.push(performance.now() - startedAt);
    warmCpu.push(result.cpuMicros / 1000);
    if (result.outcome !== "ok") throw new Error(`warm validate: ${result.outcome} ${JSON.stringify(result.error)}`);
  }

  // 2. Cold start per (tenant, plugin): spaced out (the standby engine is ready, as for a request
  // after idle time), then back to back (every cold start also pays for the standby it replaces).
  const coldStarts = async (prefix: string, pauseMs: number) => {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < COLD_TENANTS; i++) {
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      const startedAt = performance.now();
      const cpuAt = threadCpuMicros();
      const result = await sandboxOf(`${prefix}-${i}`).invoke("checkVisit", "validate", validateContext(i));
      wall.push(performance.now() - startedAt);
      cpu.push((threadCpuMicros() - cpuAt) / 1000);
      if (result.outcome !== "ok") throw new Error(`cold start: ${result.outcome} ${JSON.stringify(result.error)}`);
    }
    return { wall: stats(wall), cpu: stats(cpu) };
  };
  const coldSpaced = await coldStarts("spaced", COLD_PAUSE_MS);
  const coldBackToBack = await coldStarts("burst", 0);

  // 3. Event hooks, one after another.
  const reader = {
    get: async (object: string, id: string) => ({ object, id, name: "Ann" }),
    query: async () => [],
  };
  const eventRate = async (hook: string, withReader: boolean) => {
    const sandbox = () => sandboxOf("events");
    for (let i = 0; i < warmupFor(EVENT_CALLS); i++) await sandbox().invoke(hook, "event", eventContext(i), withReader ? { reader } : {});
    const cpu: number[] = [];
    const startedAt = performance.now();
    for (let i = 0; i < EVENT_CALLS; i++) {
      const result = await sandbox().invoke(hook, "event", eventContext(i), withReader ? { reader } : {});
      if (result.outcome !== "ok" || result.intents?.length !== 1) throw new Error(`event hook ${hook}: ${result.outcome} ${JSON.stringify(result.error ?? result.rejectedIntents)}`);
      cpu.push(result.cpuMicros / 1000);
    }
    return { perSecond: EVENT_CALLS / ((performance.now() - startedAt) / 1000), cpu: stats(cpu) };
  };
  const events = await eventRate("onLeadCreated", false);
  const eventsWithRead = await eventRate("onLeadAssigned", true);
  host.dispose();

  const warm = stats(warmWall);
  const warmCpuStats = stats(warmCpu);
  const ok = (pass: boolean) => (pass ? "ok" : "MISSED");
  console.log("");
  console.log(`Plugin sandbox (QuickJS, one WebAssembly instance per tenant and plugin), BENCH_SCALE=${SCALE}`);
  console.log(machineLine());
  console.log(`CPU clock: ${threadCpuSource() === "thread" ? "thread CPU time (/proc/thread-self/schedstat)" : "wall time (no /proc on this system)"}`);
  console.log(
    table(
      ["measure", "value", "target", "result"],
      [
        [`warm validate hook, invoke p50 ms (${int(WARM_CALLS)} calls)`, ms(warm.p50), "", ""],
        ["warm validate hook, invoke p95 ms", ms(warm.p95), `≤ ${TARGET_WARM_P95_MS}`, ok(warm.p95 <= TARGET_WARM_P95_MS)],
        ["  CPU charged to the hook, p50 / p95 ms", `${ms(warmCpuStats.p50)} / ${ms(warmCpuStats.p95)}`, "", ""],
        [`cold start (load + first invoke), median ms (${COLD_TENANTS} tenants, ${COLD_PAUSE_MS} ms apart)`, ms(coldSpaced.wall.p50), `≤ ${TARGET_COLD_MS}`, ok(coldSpaced.wall.p50 <= TARGET_COLD_MS)],
        ["cold start, p95 ms", ms(coldSpaced.wall.p95), `≤ ${TARGET_COLD_MS}`, ok(coldSpaced.wall.p95 <= TARGET_COLD_MS)],
        ["  main-thread CPU of a cold start, p50 / p95 ms", `${ms(coldSpaced.cpu.p50)} / ${ms(coldSpaced.cpu.p95)}`, "", ""],
        [`cold starts back to back, median / p95 ms (${COLD_TENANTS} tenants)`, `${ms(coldBackToBack.wall.p50)} / ${ms(coldBackToBack.wall.p95)}`, "", ""],
        ["  main-thread CPU, p50 / p95 ms", `${ms(coldBackToBack.cpu.p50)} / ${ms(coldBackToBack.cpu.p95)}`, "", ""],
        [`event hook → 1 intent, invocations/s (${int(EVENT_CALLS)} calls)`, int(events.perSecond), `≥ ${int(TARGET_EVENTS_PER_SECOND)}`, ok(events.perSecond >= TARGET_EVENTS_PER_SECOND)],
        ["  CPU charged per invocation, p50 / p95 ms", `${ms(events.cpu.p50)} / ${ms(events.cpu.p95)}`, "", ""],
        ["event hook reading 1 record (2 rounds), invocations/s", int(eventsWithRead.perSecond), "", ""],
        ["  CPU charged per invocation, p50 / p95 ms", `${ms(eventsWithRead.cpu.p50)} / ${ms(eventsWithRead.cpu.p95)}`, "", ""],
      ],
      (i) => i === 1 || i === 2,
    ),
  );
  console.log(loadLine());
}

main().catch((error: unknown) => {
  console.error("[bench] failed:", error);
  process.exitCode = 1;
});
