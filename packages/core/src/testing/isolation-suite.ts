/**
 * Tenant isolation probe (ARCHITECTURE invariant 1, ADR 003, issue 3 item 8).
 *
 * Partner A's admin, manager and rep (each in its own copy of partner A, so the roles can probe
 * concurrently without racing on shared rows) call EVERY procedure of the app router — over tRPC
 * (createCaller with a context from a real portal session) and, when it has OpenAPI meta, over
 * /api/v1 (handleApiRequest with a real bearer token) — with inputs generated from the procedure's
 * own zod schema:
 *  - the plain input, and the input aimed at each of A's own rows of the field's model;
 *  - every id-like field filled with each of partner B's ids (of the model the field names, or a
 *    sample of every model when the name says nothing), each compared with a random missing id;
 *  - B's customer identity (name, phone, e-mail, USCC, city) in identity fields, compared with an
 *    identity nobody has; B's marker, phone, name and e-mail in search fields of reads.
 * Writes get every optional field, so a write that wrongly succeeds on B's row visibly changes it.
 * Nothing here lists procedures: a procedure added later is probed the moment it is in the router.
 *
 * Every answer must
 *  - show nothing of B (B's marker — in every text column of B's rows — nor B's ids or secrets);
 *  - not be a 5xx;
 *  - be the same answer as for a row that does not exist (no existence oracle: 404, never 403/409/2xx).
 * After all calls, every database row that mentions one of B's ids is exactly as before, and no new
 * row ties itself to B (beyond ALLOWED_NEW_REFERENCES).
 *
 * A new partner-owned model needs a MODEL_REGISTRY entry in testing/isolation-probe.ts; the first test
 * says which. ISOLATION_PROBE_LOG=/tmp/probe.log lists every call and its answer.
 *
 * The procedures are split over shards (api/isolation-<n>.db.test.ts), each a test file with worlds of
 * its own, so the vitest workers probe side by side; `shardProcedures` balances them by estimated
 * calls and every procedure is in exactly one shard.
 */
import { randomBytes } from "node:crypto";
import { appendFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "../db/index.ts";
import {
  allIds,
  buildWorld,
  call,
  callRestAnonymously,
  collectSlots,
  crossSeed,
  diffSnapshots,
  findLeaks,
  generateInput,
  identityField,
  inferModel,
  listProcedures,
  MODEL_REGISTRY,
  openActor,
  randomMobile,
  randomUscc,
  readPrismaSchema,
  renewEndedSessions,
  safeStringify,
  snapshotRowsMentioning,
  tenantLinkedModels,
  type IdentityValues,
  type Outcome,
  type ProbeActor,
  type ProcedureInfo,
  type RowSnapshot,
  type Slot,
  type Transport,
  type World,
  type WorldRole,
} from "./isolation-probe.ts";
import { api, apiToken, uuidv7 } from "./index.ts";
import { buildOpenApiDocument } from "../api/openapi-document.ts";


/** Calls the probe is likely to make for a procedure (its id slots dominate): used only to balance shards. */
function estimatedCalls(procedure: ProcedureInfo): number {
  const slots = collectSlots(procedure);
  const ids = slots.filter((s) => s.kind === "id").length;
  const identity = slots.some((s) => s.kind === "identity") ? 2 : 0;
  const search = procedure.type === "query" && slots.some((s) => s.kind === "search") ? 5 : 0;
  return (1 + 40 * ids + identity + search) * (procedure.rest ? 1.3 : 1);
}

/**
 * The procedures split into `of` shards of about equal cost: longest first onto the lightest shard,
 * ties by path, so every run (and every shard file) computes the same split.
 */
export function shardProcedures(procedures: ProcedureInfo[], of: number): ProcedureInfo[][] {
  const shards = Array.from({ length: of }, () => ({ cost: 0, procedures: [] as ProcedureInfo[] }));
  const byCost = procedures.map((p) => ({ p, cost: estimatedCalls(p) })).sort((a, b) => b.cost - a.cost || a.p.path.localeCompare(b.p.path));
  for (const { p, cost } of byCost) {
    const lightest = shards.reduce((min, s) => (s.cost < min.cost ? s : min));
    lightest.cost += cost;
    lightest.procedures.push(p);
  }
  return shards.map((s) => s.procedures.sort((a, b) => a.path.localeCompare(b.path)));
}

/** Defines the probe's tests for one shard (`shard` of `of`, counted from 1). */
export function describeIsolationProbe({ shard, of }: { shard: number; of: number }): void {
  const ROLES: WorldRole[] = ["admin", "manager", "rep"];
  /** ISOLATION_PROBE_LOG=/tmp/probe.log writes every call and its answer there (to see how deep the probe gets). */
  const LOG = process.env.ISOLATION_PROBE_LOG;
  const schema = readPrismaSchema();
  const allProcedures = listProcedures();
  const procedures = shardProcedures(allProcedures, of)[shard - 1]!;
  const title = of > 1 ? `isolation probe ${shard}/${of}` : "isolation probe";

  /** Partner A, one per acting role, so the roles (probing concurrently) never race on the same rows. */
  const aWorlds = {} as Record<WorldRole, World>;
  let A: World;
  let B: World;
  let actors: ProbeActor[];
  let before: RowSnapshot;

  /** The identity twin of B's customer identity: values nobody has, the same for the whole run. */
  const NOBODY: IdentityValues = {
    name: `无主客户${randomBytes(3).toString("hex")}有限公司`,
    phone: randomMobile(),
    email: `nobody-${randomBytes(5).toString("hex")}@nowhere.test`,
    uscc: randomUscc(),
    city: "杭州",
  };

  const stats = { calls: { trpc: 0, rest: 0 }, skipped: 0, started: Date.now(), cpu: process.cpuUsage(), ms: { generate: 0, trpc: 0, rest: 0 }, byProcedure: new Map<string, Map<string, number>>() };
  async function timed<T>(bucket: keyof typeof stats.ms, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      stats.ms[bucket] += performance.now() - start;
    }
  }
  const probed = new Set<string>();
  const restProbed = new Set<string>();

  beforeAll(async () => {
    B = await buildWorld("B", schema);
    for (const role of ROLES) {
      aWorlds[role] = await buildWorld("A", schema);
      // Rows each world has that point at the other's (a registration that collided with the other's customer).
      await crossSeed(aWorlds[role], B);
      await crossSeed(B, aWorlds[role]);
    }
    A = aWorlds.admin;
    actors = await Promise.all(ROLES.map((role) => openActor(role, aWorlds[role].users[role])));
    before = await snapshotRowsMentioning([...allIds(B), ...B.secrets]);
  }, 120_000);

  afterAll(async () => {
    const total = stats.calls.trpc + stats.calls.rest;
    const thin = [...stats.byProcedure]
      .filter(([, codes]) => [...codes.keys()].every((c) => c === "VALIDATION_FAILED" || c === "FORBIDDEN" || c === "UNAUTHENTICATED"))
      .map(([path]) => path);
    const cpu = process.cpuUsage(stats.cpu);
    console.info(
      [
        `[${title}] ${procedures.length} of ${allProcedures.length} procedures × ${ROLES.length} roles: ${total} calls (tRPC ${stats.calls.trpc}, REST ${stats.calls.rest}), ` +
          `${stats.skipped} variants skipped (B's id not valid for that field); ${((Date.now() - stats.started) / 1000).toFixed(1)} s, ` +
          `CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (time in calls, summed over the concurrent roles: ` +
          `inputs ${(stats.ms.generate / 1000).toFixed(1)} s, tRPC ${(stats.ms.trpc / 1000).toFixed(1)} s, REST ${(stats.ms.rest / 1000).toFixed(1)} s).`,
        `  sessions re-opened: ${actors?.flatMap((a) => a.renewed.map((r) => `${a.role} ${r}`)).join("; ") || "none"}`,
        `  never past validation/permission for a partner user: ${thin.join(", ") || "none"}`,
        `  registry models the Prisma client lacks (not seeded): ${B?.notInClient.join(", ") || "none"}`,
        LOG ? `  every call: ${LOG}` : `  ISOLATION_PROBE_LOG=<file> lists every call and answer`,
      ].join("\n"),
    );
    await disconnectDb();
  });

  // ── the plan: which inputs each procedure gets ─────────────────────────────────────────────────

  type PlannedCall = {
    label: string;
    /** Only these roles make the call (default: all). */
    roles?: WorldRole[];
    overrides: Map<string, unknown>;
    /** The model of the B id in the input (other required ids then come from A's row of that model). */
    model?: string;
    transports: Transport[];
    /** Same input with a value nobody has instead of B's: the answer must be the same. */
    twin?: { key: string; overrides: Map<string, unknown> };
  };

  /** A's own rows the probe may aim at (never the acting users themselves). */
  function aIdsOf(A: World, model: string): string[] {
    if (model === "User") return [A.users.spare.id, A.users.subAdmin.id];
    return A.ids.get(model) ?? [];
  }

  const keyOf = (slot: Slot) => slot.path.map(String).join(".");
  const fakeLike = (id: string) => (/^[0-9a-f-]{36}$/i.test(id) ? uuidv7() : randomBytes(Math.ceil(id.length / 2)).toString("hex").slice(0, id.length));

  function bModels(): string[] {
    return [...B.ids.keys()].filter((m) => (B.ids.get(m)?.length ?? 0) > 0);
  }

  function planFor(procedure: ProcedureInfo, A: World): PlannedCall[] {
    const slots = collectSlots(procedure);
    // REST runs the same procedure; it gets every call aimed at B's rows of the field's model, the
    // plain input, the identity and one search — the rest (samples, A's other rows) only over tRPC.
    const both: Transport[] = procedure.rest ? ["trpc", "rest"] : ["trpc"];
    const plan: PlannedCall[] = [{ label: "plain input", overrides: new Map(), transports: both }];
    const models = bModels();

    for (const slot of slots.filter((s) => s.kind === "id")) {
      const inferred = inferModel(procedure, slot, models);
      // A's own rows of that model (its rows that point at B's included): what A sees of them must not show B.
      if (inferred) {
        for (const [i, id] of aIdsOf(A, inferred).slice(0, 8).entries()) {
          plan.push({ label: `${keyOf(slot)} = A's own ${inferred}`, overrides: new Map([[keyOf(slot), id]]), model: inferred, transports: i === 0 ? both : ["trpc"] });
        }
      }
      const targets: Array<{ model: string; id: string; transports: Transport[]; roles?: WorldRole[] }> = [];
      for (const model of models) {
        const ids = B.ids.get(model)!;
        if (model === inferred) {
          for (const id of ids) targets.push({ model, id, transports: both });
        } else if (inferred) {
          // In case the guess is wrong: one row of every other model, over tRPC, as the widest-seeing role.
          targets.push({ model, id: ids[0]!, transports: ["trpc"], roles: ["admin"] });
        } else {
          // Unknown target: the partner's first row and its last (usually the sub-dealer's) of every model.
          targets.push({ model, id: ids[0]!, transports: both });
          if (ids.length > 1) targets.push({ model, id: ids[ids.length - 1]!, transports: ["trpc"] });
        }
      }
      for (const { model, id, transports, roles } of targets) {
        plan.push({
          ...(roles ? { roles } : {}),
          label: `${keyOf(slot)} = B's ${model}`,
          overrides: new Map([[keyOf(slot), id]]),
          model,
          transports,
          // Twins are shared by calls with the same kind of value (a uuid, or a token of that length).
          twin: { key: `${keyOf(slot)}:${/^[0-9a-f-]{36}$/i.test(id) ? "uuid" : `len${id.length}`}|${model}`, overrides: new Map([[keyOf(slot), fakeLike(id)]]) },
        });
      }
    }

    const identitySlots = slots.filter((s) => s.kind === "identity");
    if (identitySlots.length > 0) {
      const fill = (values: IdentityValues) => new Map(identitySlots.map((s) => [keyOf(s), values[identityField(s.key)!]] as const));
      plan.push({ label: "B's customer identity", overrides: fill(B.identity), transports: both, twin: { key: "identity", overrides: fill(NOBODY) } });
    }

    // Searches only for reads: a write would store B's marker in A's own rows.
    const searchSlots = slots.filter((s) => s.kind === "search");
    if (searchSlots.length > 0 && procedure.type === "query") {
      for (const [what, value] of [
        ["B's marker", B.marker],
        ["B's customer phone", B.identity.phone],
        ["B's customer name", B.identity.name],
        ["B's admin e-mail", B.users.admin.email],
      ] as const) {
        const transports: Transport[] = value === B.marker ? both : ["trpc"];
        plan.push({ label: `search ${what}`, overrides: new Map(searchSlots.map((s) => [keyOf(s), value] as const)), transports });
      }
    }
    return plan;
  }

  /** Value for a required id field the call does not aim at B: A's own row (never one of the acting users). */
  function aIdFor(A: World, procedure: ProcedureInfo, model: string | undefined, used: string[] = []) {
    return (slot: { key: string; path: Array<string | number> }): string => {
      const target = inferModel(procedure, slot, bModels()) ?? model;
      const id = (target && aIdsOf(A, target)[0]) ?? uuidv7();
      used.push(`${slot.path.join(".")}=${target && aIdsOf(A, target)[0] ? id : "random"}`);
      return id;
    };
  }

  // ── running it ──────────────────────────────────────────────────────────────────────────────────

  function describeOutcome(o: Outcome): string {
    return o.ok ? `${o.status}` : `${o.status} ${o.code}`;
  }

  function short(value: unknown): string {
    const text = safeStringify(value);
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  }

  async function probeAs(actor: ProbeActor, procedure: ProcedureInfo): Promise<string[]> {
    // Say so rather than pass silently: a subscription's answer is a stream the probe does not read yet.
    if (procedure.type === "subscription") return [`${procedure.path}: the isolation probe cannot probe subscriptions yet — teach it (testing/isolation-probe.ts)`];
    const A = aWorlds[actor.role];
    const plan = planFor(procedure, A);
    const violations: string[] = [];
    const twins = new Map<string, Outcome>();
    const seen = new Set<string>();
    const tally = stats.byProcedure.get(procedure.path) ?? new Map<string, number>();
    stats.byProcedure.set(procedure.path, tally);

    for (const planned of plan) {
      if (planned.roles && !planned.roles.includes(actor.role)) continue;
      for (const transport of planned.transports) {
        const usedAIds: string[] = [];
        const idFor = aIdFor(A, procedure, planned.model, usedAIds);
        // Writes get every optional field, so one that wrongly succeeds on B's row visibly changes it.
        const fillAll = procedure.type === "mutation";
        const input = await timed("generate", () => generateInput(procedure, planned.overrides, idFor, { fillAll }));
        if (input.overrideRejected) {
          stats.skipped++;
          continue;
        }
        const where = `${actor.role} ${transport} ${procedure.path} [${planned.label}]`;
        if (input.issues.length > 0) {
          violations.push(`${where}: the probe found no input the schema accepts (generator gap): ${short(input.issues.map((i) => `${i.path.join(".")}: ${i.message}`))}`);
          continue;
        }
        const dedupe = `${transport}|${safeStringify(input.value)}`;
        if (seen.has(dedupe)) continue;
        seen.add(dedupe);

        const outcome = await timed(transport, () => call(actor, transport, procedure, input.value, procedure.path));
        stats.calls[transport]++;
        tally.set(outcome.code ?? "OK", (tally.get(outcome.code ?? "OK") ?? 0) + 1);
        if (transport === "rest") restProbed.add(`${procedure.rest!.method} ${procedure.rest!.path}`);
        const shown = `${where} input=${short(input.value)}${outcome.request ? ` (${outcome.request})` : ""} → ${describeOutcome(outcome)}`;
        if (LOG) appendFileSync(LOG, `${shown}  ${outcome.text.split("\n\n").pop()!.slice(0, 400)}\n`);

        for (const leak of findLeaks(outcome.text, B, input.value)) violations.push(`${shown}: LEAKS partner B's data: ${leak}`);
        if (outcome.status >= 500) violations.push(`${shown}: server error (a bug): ${outcome.cause ?? outcome.text.slice(0, 300)}`);

        if (!planned.twin) continue;
        // The twin differs from this call only in the value aimed at B, so calls that share it share the twin.
        const twinKey = `${transport}|${planned.twin.key.split("|")[0]}|${usedAIds.join(",")}`;
        let twin = twins.get(twinKey);
        if (!twin) {
          const twinInput = await timed("generate", () => generateInput(procedure, planned.twin!.overrides, idFor, { fillAll }));
          twin = await timed(transport, () => call(actor, transport, procedure, twinInput.value, procedure.path));
          stats.calls[transport]++;
          twins.set(twinKey, twin);
          for (const leak of findLeaks(twin.text, B, twinInput.value)) violations.push(`${where} (missing-id twin) → ${describeOutcome(twin)}: LEAKS partner B's data: ${leak}`);
          if (twin.status >= 500) violations.push(`${where} (missing-id twin) input=${short(twinInput.value)} → ${describeOutcome(twin)}: server error (a bug): ${twin.cause ?? twin.text.slice(0, 300)}`);
        }
        // Throttling counts attempts, not existence: a 429 on either side says nothing.
        if (outcome.status === 429 || twin.status === 429) continue;
        const same = outcome.ok === twin.ok && outcome.status === twin.status && outcome.code === twin.code && (outcome.ok || outcome.shape === twin.shape);
        if (!same) {
          violations.push(
            `${shown}: answers differently for B's row than for a row that does not exist (${describeOutcome(twin)}${twin.ok ? "" : ` ${twin.shape}`}) — ` +
              `an existence oracle${outcome.ok ? ", or B's row was acted on" : ""}${outcome.ok ? "" : `: ${outcome.shape}`}`,
          );
        }
      }
    }
    await renewEndedSessions(actor, procedure.path);
    probed.add(`${actor.role}:${procedure.path}`);
    return violations;
  }

  // ── tests ───────────────────────────────────────────────────────────────────────────────────────

  describe(`${title}: setup`, () => {
    it("knows how to create a row of every partner-owned model in schema.prisma", () => {
      const linked = tenantLinkedModels(schema);
      const missing = [...linked].filter(([model]) => !(model in MODEL_REGISTRY)).map(([model, why]) => `${model} (${why})`);
      expect(missing, "add these models to MODEL_REGISTRY in packages/core/src/testing/isolation-probe.ts").toEqual([]);
      // Partner B's world really has a row of each seeded model the client knows.
      const seeded = Object.entries(MODEL_REGISTRY)
        .filter(([model, entry]) => "seed" in entry && linked.has(model) && !B.notInClient.includes(model))
        .map(([model]) => model);
      expect(seeded.filter((model) => (B.ids.get(model)?.length ?? 0) === 0 && model !== "PlatformRole")).toEqual([]);
    });

    it("finds an input its zod schema accepts for every procedure of this shard", async () => {
      const gaps: string[] = [];
      for (const procedure of procedures) {
        const input = await generateInput(procedure, new Map(), aIdFor(A, procedure, undefined));
        if (input.issues.length > 0) gaps.push(`${procedure.path}: ${input.issues.map((i) => `${i.path.join(".") || "(input)"}: ${i.message}`).join("; ")}`);
      }
      expect(gaps).toEqual([]);
    });
  });

  // ── fixed anchors: known answers the generic probe must agree with ─────────────────────────────

  // The anchors run once, in the first shard.
  if (shard === 1) describe("tenant isolation anchors over /api/v1", () => {
    const missing = () => uuidv7();

    it("GET, PATCH /leads/{id} of partner B are 404 for partner A's admin, exactly like a missing id", async () => {
      const token = await apiToken(A.users.admin);
      for (const leadId of B.ids.get("Lead")!) {
        for (const [method, body] of [["GET", undefined], ["PATCH", { name: "hijacked" }]] as const) {
          const b = await api(method, `/leads/${leadId}`, { token, body });
          const nothing = await api(method, `/leads/${missing()}`, { token, body });
          expect(b.status).toBe(404);
          expect(b.body).toEqual(nothing.body);
          expect(JSON.stringify(b.body)).not.toContain(B.marker);
        }
      }
    });

    it("GET /leads never lists partner B's leads, even when asked by partner id or search", async () => {
      const manager = aWorlds.manager;
      const token = await apiToken(manager.users.manager);
      for (const query of [`?partnerId=${B.partnerId}`, `?partnerId=${B.subPartnerId}`, `?q=${encodeURIComponent(B.marker)}`, "?limit=200"]) {
        const response = await api("GET", `/leads${query}`, { token });
        expect(response.status).toBe(200);
        expect(JSON.stringify(response.body)).not.toContain(B.marker);
        expect(response.body.items.every((l: { partnerId: string }) => [manager.partnerId, manager.subPartnerId].includes(l.partnerId))).toBe(true);
      }
    });

    it("POST /partners/{B}/users is a 404 for partner A's admin and adds nobody to B", async () => {
      const token = await apiToken(A.users.admin);
      const response = await api("POST", `/partners/${B.partnerId}/users`, {
        token,
        body: { email: `intruder-${randomBytes(4).toString("hex")}@x.test`, name: "x", role: "admin", password: "password-123" },
      });
      expect(response.status).toBe(404);
    });

    it("signing in with B's e-mail and a wrong password answers exactly like an unknown e-mail", async () => {
      const wrong = (email: string) => api("POST", "/sessions", { body: { email, password: "wrong-password" }, headers: { "accept-language": "en" } });
      const b = await wrong(B.users.manager.email);
      const nobody = await wrong(`nobody-${randomBytes(4).toString("hex")}@x.test`);
      expect(b.status).toBe(401);
      expect(b.body).toEqual(nobody.body);
      expect(JSON.stringify(b.body)).not.toContain(B.marker);
    });
  });

  describe(`${title}: every procedure, as partner A's admin, manager and rep, over tRPC and /api/v1`, () => {
    it.each(procedures.map((p) => p.path))("%s never shows, changes or confirms partner B's data", async (path) => {
      const procedure = procedures.find((p) => p.path === path)!;
      const violations = (await Promise.all(actors.map((actor) => probeAs(actor, procedure)))).flat();
      expect(violations).toEqual([]);
    }, 120_000);

    it("left every row of partner B's world as it was, and tied no new row to it", async () => {
      const after = await snapshotRowsMentioning([...allIds(B), ...B.secrets]);
      expect(before.size).toBeGreaterThan(10);
      const changes = diffSnapshots(before, after, B).map((c) => `${c.kind} ${c.key}${c.before ? `\n  before: ${c.before}` : ""}${c.after ? `\n  after:  ${c.after}` : ""}`);
      expect(changes).toEqual([]);
    });

    it("probed every procedure of its shard as every role, and every operation of the OpenAPI document they serve", async () => {
      const expected = procedures.flatMap((p) => ROLES.map((role) => `${role}:${p.path}`)).sort();
      expect([...probed].sort()).toEqual(expected);
      // The shards together are the whole router, each procedure in exactly one.
      expect(shardProcedures(allProcedures, of).flat().map((p) => p.path).sort()).toEqual(allProcedures.map((p) => p.path).sort());
      const document = buildOpenApiDocument("http://127.0.0.1:3000/api/v1") as { paths?: Record<string, Record<string, unknown>> };
      const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
        Object.keys(item)
          .filter((method) => ["get", "post", "put", "patch", "delete"].includes(method))
          .map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect(operations.length).toBeGreaterThan(0);
      // Every operation of the document is served by a procedure (so some shard probes it) …
      const served = new Set(allProcedures.flatMap((p) => (p.rest ? [`${p.rest.method} ${p.rest.path}`] : [])));
      expect(operations.filter((op) => !served.has(op))).toEqual([]);
      // … and this shard probed those its procedures serve.
      const mine = procedures.flatMap((p) => (p.rest ? [`${p.rest.method} ${p.rest.path}`] : []));
      expect(mine.filter((op) => !restProbed.has(op))).toEqual([]);
      // The probe's REST calls reach the routes: with no token, every protected one is a 401, not an unknown route.
      const unmatched: string[] = [];
      for (const procedure of procedures.filter((p) => p.rest?.protect)) {
        const input = await generateInput(procedure, new Map(), aIdFor(A, procedure, undefined));
        const outcome = await callRestAnonymously(procedure, input.value);
        if (outcome.status !== 401) unmatched.push(`${procedure.rest!.method} ${procedure.rest!.path} (${outcome.request}) → ${outcome.status} ${outcome.code}`);
      }
      expect(unmatched).toEqual([]);
    }, 120_000);
  });
}
