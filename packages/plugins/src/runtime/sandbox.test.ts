import { afterAll, describe, expect, it } from "vitest";
import type { RecordData } from "../sdk/hooks.ts";
import type { TPluginPackage } from "./package-format.ts";
import { SandboxHost, type HookContextInput, type HostRecordReader, type RecordWhere } from "./sandbox.ts";
import { generateSigningKeyPair, isPluginIntegrityError, signPackage } from "./signing.ts";

const keys = generateSigningKeyPair();
const host = new SandboxHost({ publicKey: keys.publicKey });
afterAll(() => host.dispose());

const NOW = "2026-03-01T08:00:00.000Z";
const LEAD_A = "7b2c5f9e-1d3a-4c8b-9e6f-2a1b3c4d5e6f";
const LEAD_B = "8c3d6a0f-2e4b-4d9c-8f7a-3b2c4d5e6f70";
const LEAD_C = "9d4e7b1a-3f5c-4e0d-9a8b-4c3d5e6f7081";

function pluginPackage(hooks: string, id = "acme.pharma"): TPluginPackage {
  return { format: 1, manifest: { id, version: "1.0.0" }, hooks, tests: null, locales: { "zh-CN": {}, en: {} }, assets: {} };
}

/** A plugin bundle as plain JavaScript: what definePlugin would leave behind. */
function plugin(hooksObjectSource: string): string {
  return `globalThis.__qudaoPlugin = { hooks: ${hooksObjectSource} };`;
}

let tenantCounter = 0;
function freshTenant(): string {
  tenantCounter++;
  return `partner-${tenantCounter}`;
}

function load(hooks: string, tenantKey = freshTenant()) {
  const pkg = pluginPackage(hooks);
  return host.load({ tenantKey, pkg, signature: signPackage(pkg, keys.privateKey) });
}

function validateContext(record: Record<string, unknown> = {}): HookContextInput["validate"] {
  return {
    pluginId: "acme.pharma",
    partnerId: null,
    settings: {},
    actor: { userId: null, role: null, partnerId: null },
    now: NOW,
    object: "lead",
    operation: "create",
    recordPartnerId: null,
    record,
    previous: null,
  };
}

function eventContext(payload: Record<string, unknown> = {}): HookContextInput["event"] {
  return {
    pluginId: "acme.pharma",
    partnerId: "partner-1",
    settings: {},
    actor: { userId: null, role: "admin", partnerId: "partner-1" },
    now: NOW,
    event: { name: "lead.created", id: "e1", occurredAt: NOW, payload },
  };
}

/** A reader over fixture records that also counts what it was asked. */
function recordingReader(records: RecordData[], refuse: (record: RecordData) => boolean = () => false) {
  const gets: string[] = [];
  const queries: Array<{ object: string; where: RecordWhere; limit: number; offset: number }> = [];
  const reader: HostRecordReader = {
    async get(object, id) {
      gets.push(`${object}:${id}`);
      const found = records.find((r) => r.object === object && r.id === id);
      return found && !refuse(found) ? found : null;
    },
    async query(object, where, limit, offset) {
      queries.push({ object, where, limit, offset });
      return records.filter((r) => r.object === object && !refuse(r) && Object.entries(where).every(([k, v]) => r[k] === v)).slice(offset, offset + limit);
    },
  };
  return { reader, gets, queries };
}

const leads: RecordData[] = [
  { object: "lead", id: LEAD_A, name: "Ann", status: "open", partnerId: "partner-1" },
  { object: "lead", id: LEAD_B, name: "Bo", status: "open", partnerId: "partner-1" },
  { object: "lead", id: LEAD_C, name: "Cy", status: "open", partnerId: "partner-2" },
];

function reportContext(params: Record<string, unknown> = {}): HookContextInput["report"] {
  return { pluginId: "acme.pharma", partnerId: "partner-1", settings: {}, actor: { userId: null, role: "rep", partnerId: "partner-1" }, now: NOW, report: "acme_pharma__leads", params, surface: "portal" };
}

describe("SandboxHost: report hooks", () => {
  it("a report hook reads records and its rows, totals and notes come back checked", async () => {
    const sandbox = load(
      plugin(`{ leads: (ctx) => {
        const rows = ctx.records.query("lead", { status: ctx.params.status }).map((l) => ({ name: l.name, partner: l.partnerId, won: false }));
        return { rows, totals: { name: String(rows.length) }, notes: [{ messageKey: "report.note", params: { n: rows.length } }] };
      } }`),
    );
    const result = await sandbox.invoke("leads", "report", reportContext({ status: "open" }), { reader: recordingReader(leads).reader });
    expect(result.outcome).toBe("ok");
    expect(result.value).toEqual({
      rows: [
        { name: "Ann", partner: "partner-1", won: false },
        { name: "Bo", partner: "partner-1", won: false },
        { name: "Cy", partner: "partner-2", won: false },
      ],
      totals: { name: "3" },
      notes: [{ messageKey: "report.note", params: { n: 3 } }],
    });
    expect(result.readRounds).toBe(2);
  });

  it("a report hook that returns nothing is an empty report", async () => {
    const sandbox = load(plugin(`{ empty: () => undefined }`));
    expect((await sandbox.invoke("empty", "report", reportContext())).value).toEqual({ rows: [], notes: [] });
  });

  it.each([
    ["more than 2 000 rows", `{ rows: Array.from({ length: 2001 }, (_, i) => ({ n: i })) }`, "rows"],
    ["a cell that is an object", `{ rows: [{ amount: { value: "1.00" } }] }`, "rows.0.amount"],
    ["a cell that is a list", `{ rows: [{ tags: ["a"] }] }`, "rows.0.tags"],
    ["rows that are not a list", `{ rows: { a: 1 } }`, "rows"],
    ["a key outside the shape", `{ rows: [], chart: "bar" }`, "(root)"],
    ["a list instead of an object", `[{ n: 1 }]`, "(root)"],
  ])("refuses a report with %s as invalid output", async (_name, output, path) => {
    const sandbox = load(plugin(`{ bad: () => (${output}) }`));
    const result = await sandbox.invoke("bad", "report", reportContext());
    expect(result.outcome).toBe("invalid_output");
    expect(result.error).toMatchObject({ code: "output_invalid", message: expect.stringContaining(path) });
    expect(result.value).toBeUndefined();
  });
});

describe("SandboxHost: hooks and their results", () => {
  it("a validate hook's issues come back validated, with the invocation's fixed time", async () => {
    const sandbox = load(
      plugin(`{ checkName: (ctx) => ctx.record.name ? [] : [{ field: "name", messageKey: "name.required", params: { at: new Date().toISOString(), ms: Date.now() } }] }`),
    );
    const missing = await sandbox.invoke("checkName", "validate", validateContext({}));
    expect(missing.outcome).toBe("ok");
    expect(missing.value).toEqual({ errors: [{ field: "name", messageKey: "name.required", params: { at: NOW, ms: Date.parse(NOW) } }] });
    expect(missing.readRounds).toBe(1);
    const fine = await sandbox.invoke("checkName", "validate", validateContext({ name: "Ann" }));
    expect(fine.value).toEqual({ errors: [] });
  });

  it("a compute hook's values come back under set; returning nothing sets nothing", async () => {
    const sandbox = load(plugin(`{ score: (ctx) => ctx.record.beds > 100 ? { acme_pharma__tier: "A" } : undefined }`));
    expect((await sandbox.invoke("score", "compute", validateContext({ beds: 300 }))).value).toEqual({ set: { acme_pharma__tier: "A" } });
    expect((await sandbox.invoke("score", "compute", validateContext({ beds: 3 }))).value).toEqual({ set: {} });
  });

  it("event hook intents: well-formed ones are kept, malformed ones refused with the reason", async () => {
    const sandbox = load(
      plugin(`{ onLead: (ctx) => [
        { type: "createTask", title: "Call " + ctx.event.payload.name, related: { object: "lead", id: "${LEAD_A}" } },
        { type: "createTask", title: "" },
        { type: "launchMissiles" },
        { type: "createTask", titleKey: "task.callBack", params: { name: ctx.event.payload.name } },
        { type: "createTask", note: "neither a title nor a titleKey" },
      ] }`),
    );
    const result = await sandbox.invoke("onLead", "event", eventContext({ name: "Ann" }));
    expect(result.outcome).toBe("ok");
    expect(result.intents).toEqual([
      { type: "createTask", title: "Call Ann", related: { object: "lead", id: LEAD_A } },
      { type: "createTask", titleKey: "task.callBack", params: { name: "Ann" } },
    ]);
    expect(result.rejectedIntents?.map((r) => [r.index, r.reason])).toEqual([
      [1, expect.stringContaining("title")],
      [2, expect.stringContaining("type")],
      [4, expect.stringContaining("title")],
    ]);
  });

  it("plugin code sees none of the host's objects", async () => {
    const sandbox = load(
      plugin(`{ probe: () => ({ seen: ["process", "require", "fetch", "WebAssembly", "setTimeout", "Buffer", "XMLHttpRequest", "SharedArrayBuffer", "Atomics"].filter((n) => typeof globalThis[n] !== "undefined").join(",") }) }`),
    );
    expect((await sandbox.invoke("probe", "compute", validateContext())).value).toEqual({ set: { seen: "" } });
  });

  it.each([
    { name: "a hook the bundle does not define", hooks: `{}`, outcome: "missing_hook", code: "missing_hook" },
    { name: "a hook that throws", hooks: `{ h: () => { throw new TypeError("no beds") } }`, outcome: "error", code: "hook_threw" },
    { name: "unbounded recursion", hooks: `{ h: () => { const f = (n) => f(n + 1) + 1; return f(0) } }`, outcome: "error", code: "stack_overflow" },
    { name: "an async hook", hooks: `{ h: async () => [] }`, outcome: "invalid_output", code: "output_async" },
    { name: "a value JSON cannot hold", hooks: `{ h: () => ({ n: 10n }) }`, outcome: "invalid_output", code: "output_not_serialisable" },
    { name: "more than 1 MiB of output", hooks: `{ h: () => ({ big: "x".repeat(1100000) }) }`, outcome: "invalid_output", code: "output_too_large" },
    { name: "issues of the wrong shape", hooks: `{ h: () => ({ errors: "bad" }) }`, outcome: "invalid_output", code: "output_invalid" },
  ])("$name → $outcome / $code, and the sandbox keeps serving", async ({ hooks, outcome, code }) => {
    const sandbox = load(plugin(hooks.replace(/^\{/, "{ ok: () => [],")));
    const result = await sandbox.invoke("h", "validate", validateContext());
    expect(result.outcome).toBe(outcome);
    expect(result.error?.code).toBe(code);
    expect(result.error?.messageKey).toBe(`pluginRuntime.invocation.${code}`);
    expect((await sandbox.invoke("ok", "validate", validateContext())).outcome).toBe("ok");
  });

  it("a thrown error's own message reaches the developer", async () => {
    const sandbox = load(plugin(`{ h: () => { throw new TypeError("beds must be a number") } }`));
    const result = await sandbox.invoke("h", "validate", validateContext());
    expect(result.error?.message).toContain("TypeError: beds must be a number");
  });

  it("console output is captured, keeping the last 50 lines", async () => {
    const sandbox = load(plugin(`{ h: () => { for (let i = 1; i <= 60; i++) console.log("line", i, { i }); console.error("done"); } }`));
    const result = await sandbox.invoke("h", "validate", validateContext());
    expect(result.logs).toHaveLength(50);
    expect(result.logsDropped).toBe(11);
    expect(result.logs[0]).toEqual({ level: "log", text: 'line 12 {"i":12}' });
    expect(result.logs.at(-1)).toEqual({ level: "error", text: "done" });
  });
});

describe("SandboxHost: reads by replay", () => {
  it("reads every record a loop asks for in one extra round, each once", async () => {
    const sandbox = load(
      plugin(`{ onLeads: (ctx) => ctx.event.payload.ids
        .map((id) => ctx.records.get("lead", id))
        .filter((lead) => lead !== null)
        .map((lead) => ({ type: "createTask", title: "Call " + lead.name })) }`),
    );
    const { reader, gets } = recordingReader(leads);
    const result = await sandbox.invoke("onLeads", "event", eventContext({ ids: [LEAD_A, LEAD_B] }), { reader });
    expect(result.outcome).toBe("ok");
    expect(result.intents?.map((i) => (i.type === "createTask" ? i.title : ""))).toEqual(["Call Ann", "Call Bo"]);
    expect(result.readRounds).toBe(2);
    expect(gets.sort()).toEqual([`lead:${LEAD_A}`, `lead:${LEAD_B}`].sort());
  });

  it("a record the reader refuses (other partner, no permission) reads as null", async () => {
    const sandbox = load(
      plugin(`{ onLead: (ctx) => { const lead = ctx.records.get("lead", ctx.event.payload.id); return [{ type: "emitEvent", name: "acme.pharma.checked", payload: { found: lead !== null } }] } }`),
    );
    const { reader } = recordingReader(leads, (record) => record.partnerId !== "partner-1");
    const other = await sandbox.invoke("onLead", "event", eventContext({ id: LEAD_C }), { reader });
    expect(other.intents).toEqual([{ type: "emitEvent", name: "acme.pharma.checked", payload: { found: false } }]);
    const own = await sandbox.invoke("onLead", "event", eventContext({ id: LEAD_A }), { reader });
    expect(own.intents).toEqual([{ type: "emitEvent", name: "acme.pharma.checked", payload: { found: true } }]);
  });

  it("without a reader a hook reads nothing", async () => {
    const sandbox = load(plugin(`{ onLead: (ctx) => [{ type: "emitEvent", name: "acme.pharma.checked", payload: { found: ctx.records.get("lead", "${LEAD_A}") !== null } }] }`));
    const result = await sandbox.invoke("onLead", "event", eventContext());
    expect(result.intents).toEqual([{ type: "emitEvent", name: "acme.pharma.checked", payload: { found: false } }]);
  });

  it("queries pass the filter and the limit (capped at 200) to the reader", async () => {
    const sandbox = load(
      plugin(`{ count: (ctx) => [{ type: "emitEvent", name: "acme.pharma.counted", payload: { open: ctx.records.query("lead", { status: "open", partnerId: "partner-1" }, 500).length } }] }`),
    );
    const { reader, queries } = recordingReader(leads);
    const result = await sandbox.invoke("count", "event", eventContext(), { reader });
    expect(result.intents).toEqual([{ type: "emitEvent", name: "acme.pharma.counted", payload: { open: 2 } }]);
    expect(queries).toEqual([{ object: "lead", where: { partnerId: "partner-1", status: "open" }, limit: 200, offset: 0 }]);
  });

  it("queries page with an offset: each page is its own read, and a bad offset is the plugin's error", async () => {
    const sandbox = load(
      plugin(`{
        pages: (ctx) => {
          const names = [];
          for (let offset = 0; ; offset += 2) {
            const page = ctx.records.query("lead", { status: "open" }, 2, offset);
            page.forEach((l) => names.push(l.name));
            if (page.length < 2) break;
          }
          return [{ type: "emitEvent", name: "acme.pharma.paged", payload: { names: names.join(",") } }];
        },
        negative: (ctx) => { ctx.records.query("lead", {}, 10, -1); return []; },
      }`),
    );
    const { reader, queries } = recordingReader(leads);
    const result = await sandbox.invoke("pages", "event", eventContext(), { reader });
    expect(result.intents).toEqual([{ type: "emitEvent", name: "acme.pharma.paged", payload: { names: "Ann,Bo,Cy" } }]);
    expect(queries.map((q) => q.offset)).toEqual([0, 2]);
    const negative = await sandbox.invoke("negative", "event", eventContext(), { reader });
    expect(negative.error).toMatchObject({ code: "hook_threw", message: expect.stringContaining("offset") });
  });

  it("validate and compute hooks read records too (by replay, within their 50 ms), and see recordPartnerId", async () => {
    const sandbox = load(
      plugin(`{
        limit: (ctx) => {
          const lead = ctx.records.get("lead", ctx.record.leadId);
          if (!lead) return [{ field: "leadId", messageKey: "lead.notFound" }];
          return lead.partnerId === ctx.recordPartnerId ? [] : [{ field: "leadId", messageKey: "lead.otherPartner" }];
        },
        name: (ctx) => { const lead = ctx.records.get("lead", ctx.record.leadId); return { leadName: lead ? lead.name : null }; },
      }`),
    );
    const { reader, gets } = recordingReader(leads);
    const own = await sandbox.invoke("limit", "validate", { ...validateContext({ leadId: LEAD_A }), recordPartnerId: "partner-1" }, { reader });
    expect(own).toMatchObject({ outcome: "ok", value: { errors: [] }, readRounds: 2 });
    const other = await sandbox.invoke("limit", "validate", { ...validateContext({ leadId: LEAD_C }), recordPartnerId: "partner-1" }, { reader });
    expect(other.value).toEqual({ errors: [{ field: "leadId", messageKey: "lead.otherPartner", params: {} }] });
    const absent = await sandbox.invoke("limit", "validate", validateContext({ leadId: "nope" }), { reader });
    expect(absent.value).toEqual({ errors: [{ field: "leadId", messageKey: "lead.notFound", params: {} }] });
    expect((await sandbox.invoke("name", "compute", validateContext({ leadId: LEAD_B }), { reader })).value).toEqual({ set: { leadName: "Bo" } });
    expect(gets).toEqual([`lead:${LEAD_A}`, `lead:${LEAD_C}`, "lead:nope", `lead:${LEAD_B}`]);
  });

  it("a validate hook that reads without end is stopped by the 50 ms budget or the round limit, never hangs the save", async () => {
    const sandbox = load(plugin(`{ walk: (ctx) => { let id = "l0"; for (;;) { const r = ctx.records.get("lead", id); if (!r) return []; id = r.next; } } }`));
    const chain: RecordData[] = Array.from({ length: 20 }, (_, i) => ({ object: "lead", id: `l${i}`, next: `l${i + 1}` }));
    const result = await sandbox.invoke("walk", "validate", validateContext(), { reader: recordingReader(chain).reader });
    expect(["too_many_read_rounds", "cpu_limit"]).toContain(result.error?.code);
    expect(result.readRounds).toBeLessThanOrEqual(8);
  });

  it("a replayed round sees the same Math.random draws as the first", async () => {
    const sandbox = load(
      plugin(`{ pick: (ctx) => { const n = Math.floor(Math.random() * 1e9); const lead = ctx.records.get("lead", "${LEAD_A}"); return [{ type: "emitEvent", name: "acme.pharma.picked", payload: { n, name: lead && lead.name } }] } }`),
    );
    const { reader } = recordingReader(leads);
    const result = await sandbox.invoke("pick", "event", eventContext(), { reader });
    expect(result.outcome).toBe("ok");
    expect(result.readRounds).toBe(2);
    expect(result.intents?.[0]).toMatchObject({ payload: { name: "Ann" } });
  });

  it("a chain of reads deeper than 8 rounds is stopped", async () => {
    const chain: RecordData[] = Array.from({ length: 12 }, (_, i) => ({ object: "lead", id: `l${i}`, next: `l${i + 1}` }));
    const sandbox = load(plugin(`{ walk: (ctx) => { let id = "l0", steps = 0; while (id) { const r = ctx.records.get("lead", id); if (!r) break; id = r.next; steps++; } return [] } }`));
    const result = await sandbox.invoke("walk", "event", eventContext(), { reader: recordingReader(chain).reader });
    expect(result.outcome).toBe("error");
    expect(result.error?.code).toBe("too_many_read_rounds");
    expect(result.readRounds).toBe(8);
  });

  it("more than 100 distinct reads in one invocation are refused", async () => {
    const sandbox = load(plugin(`{ sweep: (ctx) => { for (let i = 0; i < 150; i++) ctx.records.get("lead", "id" + i); return [] } }`));
    const result = await sandbox.invoke("sweep", "event", eventContext(), { reader: recordingReader([]).reader });
    expect(result.error?.code).toBe("too_many_reads");
  });

  it("a plugin that forges the prelude's answer gets invalid_output and never reaches the reader", async () => {
    const sandbox = load(
      plugin(`{ forge: (ctx) => {
        Object.prototype.toJSON = function () {
          return this.forged || Array.isArray(this) ? this : { forged: 1, s: "needs", r: [{ forged: 1, key: "k", type: "get", object: 5, id: 1 }] };
        };
        ctx.records.get("lead", "x");
        return [];
      } }`),
    );
    const { reader, gets } = recordingReader(leads);
    const result = await sandbox.invoke("forge", "event", eventContext(), { reader });
    expect(result.outcome).toBe("invalid_output");
    expect(gets).toEqual([]);
  });

  it("a validate hook invoked without a reader reads nothing (every read answers null), as an event hook", async () => {
    const sandbox = load(plugin(`{ h: (ctx) => ctx.records.get("lead", "x") === null ? [] : [{ messageKey: "found" }] }`));
    const result = await sandbox.invoke("h", "validate", validateContext());
    expect(result).toMatchObject({ outcome: "ok", value: { errors: [] }, readRounds: 2 });
  });
});

describe("SandboxHost: limits and isolation", () => {
  it("an infinite loop is stopped at the CPU limit and the next invocation on the same sandbox succeeds", async () => {
    const tenant = freshTenant();
    const hooks = plugin(`{ spin: () => { while (true) {} }, ok: (ctx) => [], count: () => ({ n: (globalThis.n = (globalThis.n || 0) + 1) }) }`);
    const sandbox = load(hooks, tenant);
    await sandbox.invoke("count", "compute", validateContext());
    const result = await sandbox.invoke("spin", "validate", validateContext());
    expect(result.outcome).toBe("timeout");
    expect(result.error).toMatchObject({ code: "cpu_limit", params: { hook: "spin", limitMs: 50 } });
    expect(result.cpuMicros).toBeGreaterThanOrEqual(50_000);
    const next = await load(hooks, tenant).invoke("ok", "validate", validateContext());
    expect(next.outcome).toBe("ok");
    // The runaway's sandbox was rebuilt: module state starts over.
    expect((await load(hooks, tenant).invoke("count", "compute", validateContext())).value).toEqual({ set: { n: 1 } });
  });

  it("recursion that exhausts the host's own stack (JSON with toJSON) is contained, and the next invocation succeeds", async () => {
    const tenant = freshTenant();
    const hooks = plugin(`{ deep: () => { Object.prototype.toJSON = function () { return { deeper: {} } }; return {} }, ok: () => [] }`);
    const result = await load(hooks, tenant).invoke("deep", "compute", validateContext());
    expect(result.outcome).toBe("error");
    expect((await load(hooks, tenant).invoke("ok", "validate", validateContext())).outcome).toBe("ok");
  });

  it("a memory bomb is stopped at the memory limit and the next invocation succeeds", async () => {
    const tenant = freshTenant();
    const hooks = plugin(`{ bomb: () => { const hoard = []; while (true) hoard.push(new Array(100000).fill(hoard.length)); }, ok: () => [] }`);
    const result = await load(hooks, tenant).invoke("bomb", "event", eventContext());
    expect(result.outcome).toBe("memory");
    expect(result.error).toMatchObject({ code: "memory_limit", params: { limitMb: 32 } });
    expect((await load(hooks, tenant).invoke("ok", "event", eventContext())).outcome).toBe("ok");
  });

  it("a global set in tenant A's sandbox is not visible in tenant B's", async () => {
    const hooks = plugin(`{ put: (ctx) => { globalThis.secret = ctx.record.secret; return {} }, peek: () => ({ secret: typeof globalThis.secret === "undefined" ? null : globalThis.secret }) }`);
    const tenantA = load(hooks, "tenant-a");
    const tenantB = load(hooks, "tenant-b");
    await tenantA.invoke("put", "compute", validateContext({ secret: "A's" }));
    expect((await tenantA.invoke("peek", "compute", validateContext())).value).toEqual({ set: { secret: "A's" } });
    expect((await tenantB.invoke("peek", "compute", validateContext())).value).toEqual({ set: { secret: null } });
  });

  it("code that fails at load time is reported on every invocation, without running it again", async () => {
    const sandbox = load(`globalThis.loads = (globalThis.loads || 0) + 1; throw new Error("bad top level");`);
    const first = await sandbox.invoke("h", "validate", validateContext());
    expect(first.outcome).toBe("error");
    expect(first.error?.code).toBe("load_failed");
    expect(first.error?.message).toContain("bad top level");
    expect((await sandbox.invoke("h", "validate", validateContext())).error?.code).toBe("load_failed");
  });

  it("top-level code that never ends is stopped at the load limit", async () => {
    const result = await load(`while (true) {}`).invoke("h", "validate", validateContext());
    expect(result.outcome).toBe("timeout");
    expect(result.error?.code).toBe("load_cpu_limit");
  });

  it("the pool keeps at most maxSandboxes and disposes the evicted ones", async () => {
    const small = new SandboxHost({ publicKey: keys.publicKey, maxSandboxes: 2 });
    const pkg = pluginPackage(plugin(`{ count: () => ({ n: (globalThis.n = (globalThis.n || 0) + 1) }) }`));
    const signature = signPackage(pkg, keys.privateKey);
    const count = async (tenantKey: string) => (await small.load({ tenantKey, pkg, signature }).invoke("count", "compute", validateContext())).value;
    expect(await count("t1")).toEqual({ set: { n: 1 } });
    expect(await count("t1")).toEqual({ set: { n: 2 } });
    await count("t2");
    await count("t3");
    expect(small.size).toBe(2);
    expect(await count("t1")).toEqual({ set: { n: 1 } });
    small.dispose();
  });

  it("a sandbox evicted while its invocation waits for reads still finishes that invocation", async () => {
    const tenant = freshTenant();
    const sandbox = load(plugin(`{ onLead: (ctx) => { const lead = ctx.records.get("lead", "${LEAD_A}"); return lead ? [{ type: "createTask", title: "Call " + lead.name }] : [] } }`), tenant);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const reader: HostRecordReader = {
      get: async (object, id) => {
        await gate;
        return leads.find((r) => r.object === object && r.id === id) ?? null;
      },
      query: async () => [],
    };
    const running = sandbox.invoke("onLead", "event", eventContext(), { reader });
    await new Promise((resolve) => setTimeout(resolve, 0));
    host.evict(tenant, "acme.pharma");
    release();
    const result = await running;
    expect(result.outcome).toBe("ok");
    expect(result.intents).toEqual([{ type: "createTask", title: "Call Ann" }]);
  });
});

describe("SandboxHost: loading only verified packages", () => {
  function integrityCode(run: () => unknown): string {
    try {
      run();
    } catch (error) {
      if (isPluginIntegrityError(error)) return error.code;
      throw error;
    }
    return "loaded";
  }

  it("a package with one byte of hooks changed after signing does not load", () => {
    const pkg = pluginPackage(plugin(`{ h: () => [] }`));
    const signature = signPackage(pkg, keys.privateKey);
    const tampered = { ...pkg, hooks: pkg.hooks.replace("h:", "g:") };
    expect(integrityCode(() => host.load({ tenantKey: freshTenant(), pkg: tampered, signature }))).toBe("hash_mismatch");
  });

  it("a package signed with another key does not load", () => {
    const pkg = pluginPackage(plugin(`{ h: () => [] }`));
    const signature = signPackage(pkg, generateSigningKeyPair().privateKey);
    expect(integrityCode(() => host.load({ tenantKey: freshTenant(), pkg, signature }))).toBe("bad_signature");
  });

  it("a production host refuses the local harness's unsigned loads", () => {
    const pkg = pluginPackage(plugin(`{ h: () => [] }`));
    expect(integrityCode(() => host.load({ tenantKey: freshTenant(), pkg, trusted: "local-harness" }))).toBe("unsigned");
    expect(integrityCode(() => host.load({ tenantKey: freshTenant(), pkg, signature: null }))).toBe("unsigned");
  });
});
