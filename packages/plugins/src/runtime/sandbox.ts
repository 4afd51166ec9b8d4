import { randomInt } from "node:crypto";
import type { z } from "zod";
import type { CommissionContext, ComputeContext, EventContext, RecordData, ReportContext, ScheduleContext, ValidateContext } from "../sdk/hooks.ts";
import { ZCommissionHookResult, type TCommissionHookResult } from "../sdk/commission.ts";
import { ZReportOutput, type TReportOutput } from "../sdk/report.ts";
import { ZComputeResult, ZIntent, ZValidateResult, type TComputeResult, type TIntent, type TValidateResult } from "../sdk/intents.ts";
import type { HookKind } from "../sdk/manifest.ts";
import { LOAD_CPU_MILLIS, limitsFor, type InvocationLimits } from "./limits.ts";
import { pluginRuntimeMessageKey } from "./locales/plugin-runtime.ts";
import { packageHash, type TPluginPackage } from "./package-format.ts";
import { ZPreludeRunAnswer, ZPreludeTestAnswer, type PreludeError, type PreludeRead, type PreludeRunAnswer, type PreludeTestAnswer, type PreludeTestConfig } from "./prelude.ts";
import { LogSink, SandboxEngine, type ConsoleLine, type EngineCallResult, type EngineLoadFailure } from "./sandbox-engine.ts";
import { PluginIntegrityError, packageIdentity, verifyPackage, type PackageSignature } from "./signing.ts";

/**
 * The sandbox host: runs plugin hooks in QuickJS with the limits of limits.ts.
 *
 * - One `SandboxHost` per process (or worker thread). It keeps a bounded LRU pool of sandboxes keyed by
 *   (tenant, plugin, package hash): one WebAssembly instance each, so tenants never share sandbox
 *   memory. An evicted sandbox is disposed as soon as no invocation is running in it.
 * - `host.load(…)` verifies the package (signature and hash, see signing.ts) the first time a key is
 *   seen and returns its sandbox; the engine itself is built lazily on first use. Get the sandbox from
 *   `load` for each job rather than holding it: `load` of a pooled key costs a map lookup.
 * - `sandbox.invoke(hook, kind, context, { reader })` is async, but every call into QuickJS is
 *   synchronous. Hooks of every kind read records by replay (prelude.ts): a round that missed
 *   reads is discarded, the caller's async reader fetches them, the hook re-runs from the start; CPU is
 *   summed over rounds against the one budget.
 * - A timeout, an out-of-memory or an engine crash disposes the engine; the next invocation rebuilds it.
 *   A failure to load the plugin's code is remembered for the sandbox's lifetime (it is deterministic).
 * - Module-level state of the plugin persists between invocations of a warm sandbox, and between the
 *   rounds of one invocation; hooks must not rely on it (the SDK documents hooks as pure functions).
 */

/** A hook's context as the host passes it: everything but `records`, which the sandbox supplies. */
export type HookContextInput = {
  validate: Omit<ValidateContext, "records">;
  compute: Omit<ComputeContext, "records">;
  event: Omit<EventContext, "records">;
  schedule: Omit<ScheduleContext, "records">;
  commission: Omit<CommissionContext, "records">;
  report: Omit<ReportContext, "records">;
};

export type RecordWhere = Record<string, string | number | boolean | null>;

/**
 * Supplied by the caller of a hook. It applies the install's granted permissions and the tenant's
 * partner scope, and answers null / [] for anything not allowed, exactly as for anything absent. Its
 * errors (database down) are the host's, not the plugin's: `invoke` rejects. `offset` is 0 unless the
 * hook paged (`records.query(object, where, limit, offset)`).
 */
export type HostRecordReader = {
  get(object: string, id: string): Promise<RecordData | null>;
  query(object: string, where: RecordWhere, limit: number, offset: number): Promise<RecordData[]>;
};

export const INVOCATION_OUTCOMES = ["ok", "error", "timeout", "memory", "invalid_output", "missing_hook"] as const;
export type InvocationOutcome = (typeof INVOCATION_OUTCOMES)[number];

export const INVOCATION_ERROR_CODES = [
  "cpu_limit",
  "memory_limit",
  "load_cpu_limit",
  "load_memory_limit",
  "load_failed",
  "hook_threw",
  "stack_overflow",
  "sandbox_crashed",
  "missing_hook",
  "hook_not_declared",
  "too_many_read_rounds",
  "too_many_reads",
  "output_too_large",
  "output_not_serialisable",
  "output_async",
  "output_invalid",
] as const;
export type InvocationErrorCode = (typeof INVOCATION_ERROR_CODES)[number];

export type InvocationError = {
  code: InvocationErrorCode;
  /** Translated text: `pluginRuntime.invocation.<code>` with `params`. */
  messageKey: string;
  params: Record<string, string | number>;
  /**
   * Detail for the developer, untranslated: the plugin's own error (name, message, stack as QuickJS
   * reports it) or which parts of the output failed validation (`path: zod code`). Empty when the
   * code says it all.
   */
  message: string;
};

export type RejectedIntent = { index: number; intent: unknown; reason: string; messageKey: string };

export type InvocationResult<K extends HookKind = HookKind> = {
  outcome: InvocationOutcome;
  /** validate: the issues; compute: the values; commission: the lines; report: rows, totals, notes (shape checked). Set when outcome is "ok". */
  value?: K extends "validate"
    ? TValidateResult
    : K extends "compute"
      ? TComputeResult
      : K extends "commission"
        ? TCommissionHookResult
        : K extends "report"
          ? TReportOutput
          : never;
  /** event / schedule, outcome "ok": the well-formed intents (permission checks are the caller's). */
  intents?: TIntent[];
  /** event / schedule: malformed intents, refused here, with the reason. */
  rejectedIntents?: RejectedIntent[];
  /**
   * Thread CPU time of all rounds, in microseconds: what the limit was measured against. Building the
   * sandbox on a cold start (instantiation, evaluating the plugin's top-level code) is not counted.
   */
  cpuMicros: number;
  error?: InvocationError;
  /** Console output of the last round (earlier rounds are partial replays of it). */
  logs: ConsoleLine[];
  logsDropped: number;
  /** How many times the hook ran: 1, plus one per batch of reads. */
  readRounds: number;
};

export type InvokeOptions = { reader?: HostRecordReader };

function invocationError(code: InvocationErrorCode, params: Record<string, string | number>, message = ""): InvocationError {
  return { code, messageKey: pluginRuntimeMessageKey("invocation", code), params, message };
}

function describePluginError(error: PreludeError | null | undefined): string {
  if (!error) return "";
  const head = error.name ? `${error.name}: ${error.message}` : error.message;
  return error.stack ? `${head}\n${error.stack}` : head;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.code}`).join("; ");
}

/** A load failure as an invocation result's outcome and error. */
function loadFailureError(failure: EngineLoadFailure, hook: string): { outcome: InvocationOutcome; error: InvocationError } {
  switch (failure.kind) {
    case "interrupted":
      return { outcome: "timeout", error: invocationError("load_cpu_limit", { hook, limitMs: LOAD_CPU_MILLIS }) };
    case "out_of_memory":
      return { outcome: "memory", error: invocationError("load_memory_limit", { hook, limitMb: limitsFor("event").memoryBytes / 2 ** 20 }) };
    case "error":
      return { outcome: "error", error: invocationError("load_failed", { hook }, describePluginError(failure)) };
    case "crashed":
      return { outcome: "error", error: invocationError("sandbox_crashed", { hook }, failure.detail) };
  }
}

type SandboxIdentity = { tenantKey: string; pluginId: string; version: string; packageSha256: string; testMode: boolean };

export type TestRunAnswer = { answer: PreludeTestAnswer; cpuMicros: number } | { failure: { outcome: InvocationOutcome; error: InvocationError }; cpuMicros: number };

export class PluginSandbox {
  readonly tenantKey: string;
  readonly pluginId: string;
  readonly version: string;
  readonly packageSha256: string;
  readonly testMode: boolean;
  private engine: SandboxEngine | null = null;
  private building: Promise<SandboxEngine | EngineLoadFailure> | null = null;
  private loadFailure: EngineLoadFailure | null = null;
  private inFlight = 0;
  private evicted = false;

  /** Built by SandboxHost.load only, from a verified (or explicitly trusted) package. */
  constructor(
    identity: SandboxIdentity,
    private readonly code: { hooks: string; tests: string | null },
  ) {
    this.tenantKey = identity.tenantKey;
    this.pluginId = identity.pluginId;
    this.version = identity.version;
    this.packageSha256 = identity.packageSha256;
    this.testMode = identity.testMode;
  }

  /** Build the engine now (a cold start) instead of on first invocation. */
  async warm(): Promise<void> {
    await this.ready();
    this.releaseIfEvicted();
  }

  private async ready(): Promise<SandboxEngine | EngineLoadFailure> {
    if (this.loadFailure) return this.loadFailure;
    if (this.engine?.alive) return this.engine;
    this.building ??= SandboxEngine.create(this.code, this.testMode).then(
      (built) => {
        this.building = null;
        if ("failure" in built) {
          // The plugin's code fails the same way every time; an engine crash may not, so it is retried.
          if (built.failure.kind !== "crashed") this.loadFailure = built.failure;
          return built.failure;
        }
        this.engine = built.engine;
        return built.engine;
      },
      (error: unknown) => {
        this.building = null;
        throw error;
      },
    );
    return this.building;
  }

  private discard(engine: SandboxEngine): void {
    if (this.engine === engine) this.engine = null;
    engine.dispose();
  }

  private releaseIfEvicted(): void {
    if (this.evicted && this.inFlight === 0 && this.engine) this.discard(this.engine);
  }

  /** Called by the pool: drop the engine now, or as soon as the invocations running in it finish. */
  evict(): void {
    this.evicted = true;
    this.releaseIfEvicted();
  }

  /** One call into the engine; a limit failure or crash disposes it so that the next call starts clean. */
  private callEngine(engine: SandboxEngine, entry: "run" | "listTests" | "runTest", args: Array<string | number>, budgetMicros: number, sink: LogSink | null) {
    const called = engine.call(entry, args, budgetMicros, sink);
    const kind = called.result.kind;
    if (kind === "interrupted" || kind === "out_of_memory" || kind === "crashed") this.discard(engine);
    return called;
  }

  async invoke<K extends HookKind>(hookName: string, kind: K, context: HookContextInput[K], options: InvokeOptions = {}): Promise<InvocationResult<K>> {
    const limits = limitsFor(kind);
    const nowMillis = Date.parse(context.now);
    if (!Number.isFinite(nowMillis)) throw new TypeError(`invoke(${hookName}): context.now must be an ISO date-time`);
    const contextJson = JSON.stringify(context);
    const seed = randomInt(2 ** 31);
    const cache: Record<string, string | null> = {};
    let reads = 0;
    const logs = new LogSink(limits.maxLogLines);
    let cpuMicros = 0;
    let rounds = 0;
    const finish = (partial: Omit<InvocationResult<K>, "cpuMicros" | "logs" | "logsDropped" | "readRounds">): InvocationResult<K> => ({
      ...partial,
      cpuMicros: Math.round(cpuMicros),
      logs: logs.lines,
      logsDropped: logs.dropped,
      readRounds: rounds,
    });

    this.inFlight++;
    try {
      for (;;) {
        rounds++;
        const engine = await this.ready();
        if (!(engine instanceof SandboxEngine)) return finish(loadFailureError(engine, hookName));
        logs.reset();
        const called = this.callEngine(engine, "run", [hookName, kind, contextJson, JSON.stringify(cache), nowMillis, seed], limits.cpuMicros - cpuMicros, logs);
        cpuMicros += called.cpuMicros;
        const result = called.result;
        if (result.kind !== "value") return finish(engineFailure(result, hookName, limits));
        const answer = parseAnswer(result.text);
        if (!answer) return finish({ outcome: "invalid_output", error: invocationError("output_invalid", { hook: hookName }, "(answer): malformed") });
        if (answer.s !== "needs") return finish(judgeAnswer(answer, kind, hookName, limits, result.text));

        if (reads + answer.r.length > limits.maxReads) return finish({ outcome: "error", error: invocationError("too_many_reads", { hook: hookName, limit: limits.maxReads }) });
        if (rounds >= limits.maxReadRounds) return finish({ outcome: "error", error: invocationError("too_many_read_rounds", { hook: hookName, limit: limits.maxReadRounds }) });
        const fetched = await Promise.all(answer.r.map((read) => fetchRead(read, options.reader)));
        answer.r.forEach((read, i) => {
          cache[read.key] = fetched[i]!;
        });
        reads += answer.r.length;
      }
    } finally {
      this.inFlight--;
      this.releaseIfEvicted();
    }
  }

  /** Test sandboxes: the names of the tests the tests bundle declared, in order. */
  async listTests(): Promise<{ names: string[] } | { failure: { outcome: InvocationOutcome; error: InvocationError } }> {
    this.inFlight++;
    try {
      const engine = await this.ready();
      if (!(engine instanceof SandboxEngine)) return { failure: loadFailureError(engine, "") };
      const called = this.callEngine(engine, "listTests", [], LOAD_CPU_MILLIS * 1000, null);
      if (called.result.kind !== "value") return { failure: engineFailure(called.result, "", limitsFor("event")) };
      const names = parseJson(called.result.text);
      return { names: Array.isArray(names) ? names.map(String) : [] };
    } finally {
      this.inFlight--;
      this.releaseIfEvicted();
    }
  }

  /** Test sandboxes: run one test as its own call, under the event CPU budget. */
  async runTest(index: number, config: PreludeTestConfig, nowMillis: number, logs: LogSink): Promise<TestRunAnswer> {
    const limits = limitsFor("event");
    this.inFlight++;
    try {
      const engine = await this.ready();
      if (!(engine instanceof SandboxEngine)) return { failure: loadFailureError(engine, ""), cpuMicros: 0 };
      const called = this.callEngine(engine, "runTest", [index, JSON.stringify(config), nowMillis, randomInt(2 ** 31)], limits.cpuMicros, logs);
      if (called.result.kind !== "value") return { failure: engineFailure(called.result, "", limits), cpuMicros: called.cpuMicros };
      // Garbage here means the test broke the JSON the prelude relies on: its own failure.
      const parsed = ZPreludeTestAnswer.safeParse(parseJson(called.result.text));
      const answer: PreludeTestAnswer = parsed.success ? parsed.data : { s: "failed", e: { name: "", message: "", stack: "" } };
      return { answer, cpuMicros: called.cpuMicros };
    } finally {
      this.inFlight--;
      this.releaseIfEvicted();
    }
  }

  /** Free the engine for good (host shutdown, uninstall). */
  dispose(): void {
    this.evict();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** The prelude's answer, checked: plugin code can reach the built-ins the prelude uses and garble it. */
function parseAnswer(text: string): PreludeRunAnswer | null {
  const parsed = ZPreludeRunAnswer.safeParse(parseJson(text));
  return parsed.success ? parsed.data : null;
}

async function fetchRead(read: PreludeRead, reader: HostRecordReader | undefined): Promise<string | null> {
  // Without a reader the hook reads nothing, as if every read were refused.
  if (read.type === "get") {
    const record = reader ? await reader.get(read.object, read.id) : null;
    return record ? JSON.stringify(record) : null;
  }
  const found = reader ? await reader.query(read.object, read.where, read.limit, read.offset) : [];
  return JSON.stringify(Array.isArray(found) ? found.slice(0, read.limit) : []);
}

function engineFailure(result: Exclude<EngineCallResult, { kind: "value" }>, hook: string, limits: InvocationLimits): { outcome: InvocationOutcome; error: InvocationError } {
  switch (result.kind) {
    case "interrupted":
      return { outcome: "timeout", error: invocationError("cpu_limit", { hook, limitMs: limits.cpuMicros / 1000 }) };
    case "out_of_memory":
      return { outcome: "memory", error: invocationError("memory_limit", { hook, limitMb: limits.memoryBytes / 2 ** 20 }) };
    case "crashed":
      return { outcome: "error", error: invocationError("sandbox_crashed", { hook }, result.detail) };
    case "error":
      return { outcome: "error", error: invocationError("hook_threw", { hook }, describePluginError(result)) };
  }
}

type Judged<K extends HookKind> = Omit<InvocationResult<K>, "cpuMicros" | "logs" | "logsDropped" | "readRounds">;

/** Turn the prelude's answer into the result: validate the output against the SDK's schemas. */
function judgeAnswer<K extends HookKind>(answer: Exclude<PreludeRunAnswer, { s: "needs" }>, kind: K, hook: string, limits: InvocationLimits, raw: string): Judged<K> {
  switch (answer.s) {
    case "missing_hook":
      return { outcome: "missing_hook", error: invocationError("missing_hook", { hook }) };
    case "threw": {
      const overflow = answer.e.name === "InternalError" && answer.e.message === "stack overflow";
      return { outcome: "error", error: invocationError(overflow ? "stack_overflow" : "hook_threw", { hook }, overflow ? "" : describePluginError(answer.e)) };
    }
    case "async":
      return { outcome: "invalid_output", error: invocationError("output_async", { hook }) };
    case "unserialisable":
      return { outcome: "invalid_output", error: invocationError("output_not_serialisable", { hook }, describePluginError(answer.e)) };
    case "too_large":
      return { outcome: "invalid_output", error: invocationError("output_too_large", { hook, limitKb: limits.maxOutputBytes / 1024 }) };
    case "ok":
      break;
  }
  // The prelude checked characters; bytes can be up to 3× that for CJK text.
  if (Buffer.byteLength(raw, "utf8") > limits.maxOutputBytes + 32) {
    return { outcome: "invalid_output", error: invocationError("output_too_large", { hook, limitKb: limits.maxOutputBytes / 1024 }) };
  }
  const value = answer.v;
  if (kind === "validate") {
    const parsed = ZValidateResult.safeParse({ errors: value ?? [] });
    if (!parsed.success) return { outcome: "invalid_output", error: invocationError("output_invalid", { hook }, describeIssues(parsed.error)) };
    return { outcome: "ok", value: parsed.data as Judged<K>["value"] };
  }
  if (kind === "compute") {
    const parsed = ZComputeResult.safeParse({ set: value ?? {} });
    if (!parsed.success) return { outcome: "invalid_output", error: invocationError("output_invalid", { hook }, describeIssues(parsed.error)) };
    return { outcome: "ok", value: parsed.data as Judged<K>["value"] };
  }
  if (kind === "commission") {
    // All or nothing: one malformed line refuses the result (half a statement is worse than none).
    const parsed = ZCommissionHookResult.safeParse({ lines: value ?? [] });
    if (!parsed.success) return { outcome: "invalid_output", error: invocationError("output_invalid", { hook }, describeIssues(parsed.error)) };
    return { outcome: "ok", value: parsed.data as Judged<K>["value"] };
  }
  if (kind === "report") {
    // All or nothing as well: a report with a malformed row would show a wrong table.
    const parsed = ZReportOutput.safeParse(value ?? { rows: [] });
    if (!parsed.success) return { outcome: "invalid_output", error: invocationError("output_invalid", { hook }, describeIssues(parsed.error)) };
    return { outcome: "ok", value: parsed.data as Judged<K>["value"] };
  }
  const list = value ?? [];
  if (!Array.isArray(list)) return { outcome: "invalid_output", error: invocationError("output_invalid", { hook }, "(root): invalid_type") };
  if (list.length > MAX_INTENTS) return { outcome: "invalid_output", error: invocationError("output_invalid", { hook }, "(root): too_big") };
  const intents: TIntent[] = [];
  const rejectedIntents: RejectedIntent[] = [];
  list.forEach((intent: unknown, index) => {
    const parsed = ZIntent.safeParse(intent);
    if (parsed.success) intents.push(parsed.data);
    else rejectedIntents.push({ index, intent, reason: describeIssues(parsed.error), messageKey: pluginRuntimeMessageKey("invocation", "intent_invalid") });
  });
  return { outcome: "ok", intents, rejectedIntents };
}

/** ZEventResult's bound: an event or schedule hook returns at most this many intents. */
const MAX_INTENTS = 100;

// ── the host ──────────────────────────────────────────────────────────────────────────────────────

export type SandboxHostOptions = {
  /** The platform's Ed25519 public key (base64 spki DER); required to load signed packages. */
  publicKey?: string;
  /** Accept `trusted: "local-harness"` loads of unsigned packages: the CLI's and the review checks' harness only. */
  allowLocalHarness?: boolean;
  /** Sandboxes kept warm (LRU); each holds a WebAssembly instance of 4–64 MB. Default 32. */
  maxSandboxes?: number;
};

export type LoadRequest = {
  /** Who the sandbox belongs to: `platform`, or the installing partner's id. Never shared between tenants. */
  tenantKey: string;
  pkg: TPluginPackage;
  /** Load the tests bundle too and expose the test API (harness only). */
  testMode?: boolean;
} & ({ signature: PackageSignature | null; trusted?: undefined } | { trusted: "local-harness"; signature?: undefined });

export const DEFAULT_MAX_SANDBOXES = 32;

export class SandboxHost {
  private readonly pool = new Map<string, PluginSandbox>();
  private readonly maxSandboxes: number;

  constructor(private readonly options: SandboxHostOptions) {
    this.maxSandboxes = Math.max(1, options.maxSandboxes ?? DEFAULT_MAX_SANDBOXES);
  }

  /**
   * The sandbox of this tenant for this package. A key seen for the first time is verified (throws
   * PluginIntegrityError: a tampered, foreign-signed or unsigned package never runs); a pooled key is
   * returned as is (its code was verified when it entered the pool).
   */
  load(request: LoadRequest): PluginSandbox {
    const identity = packageIdentity(request.pkg);
    let sha256: string;
    if (request.trusted === "local-harness") {
      if (!this.options.allowLocalHarness) throw new PluginIntegrityError("unsigned", identity);
      sha256 = packageHash(request.pkg);
    } else {
      sha256 = request.signature?.sha256 ?? "";
    }
    const testMode = request.testMode === true;
    const key = JSON.stringify([request.tenantKey, identity.pluginId, sha256, testMode]);
    const pooled = this.pool.get(key);
    if (pooled) {
      this.pool.delete(key);
      this.pool.set(key, pooled);
      return pooled;
    }
    if (request.trusted !== "local-harness") {
      if (!this.options.publicKey) throw new PluginIntegrityError("invalid_key", identity);
      verifyPackage(request.pkg, request.signature, this.options.publicKey);
    }
    const sandbox = new PluginSandbox(
      { tenantKey: request.tenantKey, pluginId: identity.pluginId, version: identity.version, packageSha256: sha256, testMode },
      { hooks: request.pkg.hooks, tests: request.pkg.tests },
    );
    this.pool.set(key, sandbox);
    while (this.pool.size > this.maxSandboxes) {
      const [oldestKey, oldest] = this.pool.entries().next().value as [string, PluginSandbox];
      this.pool.delete(oldestKey);
      oldest.evict();
    }
    return sandbox;
  }

  /** Drop every sandbox of a tenant's plugin (uninstall, upgrade, circuit breaker). */
  evict(tenantKey: string, pluginId: string): void {
    for (const [key, sandbox] of this.pool) {
      if (sandbox.tenantKey === tenantKey && sandbox.pluginId === pluginId) {
        this.pool.delete(key);
        sandbox.evict();
      }
    }
  }

  get size(): number {
    return this.pool.size;
  }

  dispose(): void {
    for (const sandbox of this.pool.values()) sandbox.evict();
    this.pool.clear();
  }
}

