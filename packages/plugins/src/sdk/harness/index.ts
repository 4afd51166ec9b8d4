/**
 * The local test harness (`@qudao/plugins/harness`): what `qudao-plugin test` and the platform's review
 * checks run. It loads the developer's own unsigned bundle into the very SandboxHost production uses,
 * with the same limits (limits.ts), so a timeout, a memory failure or a malformed intent reproduces
 * locally exactly as it would on the server.
 *
 * - `harness.invoke(hook, partialContext, { records | reader })` runs one hook as production would and
 *   returns production's InvocationResult. Every kind reads: `records` are served to validate, compute
 *   and report hooks as to event hooks (equality on fields, `offset` paging).
 * - `harness.runTests()` runs each test the tests bundle declared (`test(name, fn)` from the SDK) as its
 *   own sandbox call under the event hooks' CPU budget, in a sandbox that also exposes the SDK's
 *   in-sandbox `invoke` and fixture records.
 *
 * Contexts are completed from the manifest: the hook's declared object and first operation or first
 * event (a platform record: `recordPartnerId` null), the first report naming a report hook on its first
 * surface, no partner, the settings' defaults, an anonymous actor, and a fixed time (`now`, default
 * HARNESS_NOW) so that tests are reproducible.
 */
import type { RecordData } from "../hooks.ts";
import { ZPluginManifest, type HookKind, type THookDeclaration, type TPluginLocales, type TPluginManifest } from "../manifest.ts";
import { pluginRuntimeMessageKey } from "../../runtime/locales/plugin-runtime.ts";
import { PACKAGE_FORMAT, type TPluginPackage } from "../../runtime/package-format.ts";
import type { PreludeTestAnswer, PreludeTestConfig } from "../../runtime/prelude.ts";
import { LogSink, type ConsoleLine } from "../../runtime/sandbox-engine.ts";
import { MAX_LOG_LINES, QUERY_MAX_LIMIT } from "../../runtime/limits.ts";
import { SandboxHost, type HookContextInput, type HostRecordReader, type InvocationError, type InvocationResult, type PluginSandbox, type RecordWhere } from "../../runtime/sandbox.ts";

/** The fixed time of harness invocations and tests unless `now` is given. */
export const HARNESS_NOW = "2026-01-05T01:00:00.000Z";
/** The id of the event in a default event-hook context. */
export const HARNESS_EVENT_ID = "00000000-0000-4000-8000-000000000001";
const TENANT = "local-harness";
/** The partner of a default commission-hook context. */
export const HARNESS_PARTNER_ID = "00000000-0000-4000-8000-000000000002";

export type HarnessInput = {
  /** manifest.json as written; parsed with ZPluginManifest (a ZodError if it is invalid: run the lint first). */
  manifest: unknown;
  hooksCode: string;
  testsCode?: string | null;
  locales: TPluginLocales;
  /** ISO time every invocation and test sees (Date.now(), new Date()). */
  now?: string;
};

/** A hook context with every part optional; `actor` and `event` are merged one level deep. */
export type PartialHookContext = Record<string, unknown> & {
  actor?: Record<string, unknown>;
  event?: Record<string, unknown>;
};

export type HarnessInvokeOptions = {
  /** Fixture records served to records.get / records.query (equality on fields). */
  records?: RecordData[];
  /** Or a reader of your own (takes precedence over `records`). */
  reader?: HostRecordReader;
};

export const TEST_FAILURE_CODES = ["assertion_failed", "test_threw", "unknown_hook", "missing_hook", "outside_sandbox"] as const;

export type TestFailure = {
  /** A TEST_FAILURE_CODES code, or an invocation code when the test hit a limit (cpu_limit, memory_limit…). */
  code: (typeof TEST_FAILURE_CODES)[number] | InvocationError["code"];
  /** Translated text: `pluginRuntime.test.*` or `pluginRuntime.invocation.*`, with `params`. */
  messageKey: string;
  params: Record<string, string | number>;
  /** The developer's detail, untranslated: the error as thrown and its stack, or empty. */
  message: string;
};

export type TestCaseResult = {
  name: string;
  passed: boolean;
  error?: TestFailure;
  /** Thread CPU time of the test, in microseconds. */
  cpuMicros: number;
  logs: ConsoleLine[];
};

/** The plugin's code (hooks or tests bundle) did not load, so no test could run. */
export class PluginLoadError extends Error {
  constructor(readonly failure: TestFailure) {
    super(`plugin load: ${failure.code}`);
    this.name = "PluginLoadError";
  }
}

export type Harness = {
  readonly manifest: TPluginManifest;
  /** The unsigned package the harness runs (what `pack` would write, without assets). */
  readonly pkg: TPluginPackage;
  invoke(hookName: string, context?: PartialHookContext, options?: HarnessInvokeOptions): Promise<InvocationResult>;
  runTests(): Promise<TestCaseResult[]>;
  dispose(): void;
};

/** The context a hook gets when a test or invocation leaves everything out. */
export function defaultHookContext(manifest: TPluginManifest, declaration: THookDeclaration, now: string): Record<string, unknown> {
  const settings = Object.fromEntries(manifest.settings.filter((s) => s.default !== undefined).map((s) => [s.key, s.default]));
  const base = { pluginId: manifest.id, partnerId: null, settings, actor: { userId: null, role: null, partnerId: null }, now };
  switch (declaration.kind) {
    case "validate":
    case "compute":
      return { ...base, object: declaration.object, operation: declaration.on[0] ?? "create", recordPartnerId: null, record: {}, previous: null };
    case "event":
      return { ...base, event: { name: declaration.events[0], id: HARNESS_EVENT_ID, occurredAt: now, payload: {} } };
    case "schedule":
      return base;
    case "commission": {
      // The first rule type computed by this hook, a partner with no orders, the month of `now`.
      const ruleType = manifest.contributes.commissionRuleTypes.find((r) => r.hook === declaration.name);
      const month = now.slice(0, 7);
      const start = `${month}-01T00:00:00.000Z`;
      const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1)).toISOString();
      return {
        ...base,
        ruleType: ruleType?.name ?? "",
        params: {},
        period: { key: month, start, windowStart: start, end: next, window: "month" },
        partner: { id: HARNESS_PARTNER_ID, tier: "bronze", territory: null },
        orders: [],
        refunds: [],
      };
    }
    case "report": {
      // The first report computed by this hook, on its first surface, with its params' defaults left out.
      const report = manifest.contributes.reports.find((r) => r.hook === declaration.name);
      return { ...base, report: report?.name ?? "", params: {}, surface: report?.surfaces[0] ?? manifest.surfaces[0] ?? "platform" };
    }
  }
}

/** Same merge as the in-sandbox test API: top level replaced, `actor` and `event` merged one level. */
function mergeContext(defaults: Record<string, unknown>, partial: PartialHookContext): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(partial)) {
    const current = merged[key];
    const nested = (key === "actor" || key === "event") && value !== null && typeof value === "object" && current !== null && typeof current === "object";
    merged[key] = nested ? { ...(current as Record<string, unknown>), ...(value as Record<string, unknown>) } : value;
  }
  return merged;
}

function fixtureReader(records: RecordData[]): HostRecordReader {
  return {
    get: async (object, id) => records.find((r) => r.object === object && r.id === id) ?? null,
    query: async (object, where: RecordWhere, limit, offset) =>
      records
        .filter((r) => r.object === object && Object.entries(where).every(([field, value]) => r[field] === value))
        .slice(offset, offset + Math.min(limit, QUERY_MAX_LIMIT)),
  };
}

function failureOf(answer: Extract<PreludeTestAnswer, { s: "failed" }>): TestFailure {
  const detail = answer.e.stack ? `${answer.e.name}: ${answer.e.message}\n${answer.e.stack}` : `${answer.e.name}: ${answer.e.message}`;
  if (answer.assertion) {
    const { matcher, expected, received, negated } = answer.assertion;
    return {
      code: "assertion_failed",
      messageKey: pluginRuntimeMessageKey("test", negated ? "assertion_failed_not" : "assertion_failed"),
      params: { matcher, expected, received },
      message: answer.e.stack,
    };
  }
  const hook = answer.hook ?? "";
  switch (answer.code) {
    case "unknown_hook":
      return { code: "unknown_hook", messageKey: pluginRuntimeMessageKey("test", "unknown_hook"), params: { hook }, message: "" };
    case "missing_hook":
      return { code: "missing_hook", messageKey: pluginRuntimeMessageKey("invocation", "missing_hook"), params: { hook }, message: "" };
    case "outside_sandbox":
      return { code: "outside_sandbox", messageKey: pluginRuntimeMessageKey("test", "outside_sandbox"), params: {}, message: "" };
    default:
      return { code: "test_threw", messageKey: pluginRuntimeMessageKey("test", "test_threw"), params: {}, message: detail };
  }
}

export function createHarness(input: HarnessInput): Harness {
  const manifest = ZPluginManifest.parse(input.manifest);
  const now = input.now ?? HARNESS_NOW;
  const nowMillis = Date.parse(now);
  if (!Number.isFinite(nowMillis)) throw new TypeError(`createHarness: now must be an ISO date-time`);
  const pkg: TPluginPackage = {
    format: PACKAGE_FORMAT,
    manifest: input.manifest as Record<string, unknown>,
    hooks: input.hooksCode,
    tests: input.testsCode ?? null,
    locales: input.locales,
    assets: {},
  };
  const host = new SandboxHost({ allowLocalHarness: true, maxSandboxes: 2 });
  const sandbox = (testMode: boolean): PluginSandbox => host.load({ tenantKey: TENANT, pkg, trusted: "local-harness", testMode });

  return {
    manifest,
    pkg,

    async invoke(hookName, context = {}, options = {}) {
      const declaration = manifest.hooks.find((h) => h.name === hookName);
      if (!declaration) {
        return {
          outcome: "missing_hook",
          error: { code: "hook_not_declared", messageKey: pluginRuntimeMessageKey("invocation", "hook_not_declared"), params: { hook: hookName }, message: "" },
          cpuMicros: 0,
          logs: [],
          logsDropped: 0,
          readRounds: 0,
        };
      }
      const full = mergeContext(defaultHookContext(manifest, declaration, now), context);
      const reader = options.reader ?? (options.records ? fixtureReader(options.records) : undefined);
      // The context's shape is the caller's to get right, as in production; the sandbox only needs JSON.
      return sandbox(false).invoke(hookName, declaration.kind, full as unknown as HookContextInput[HookKind], { reader });
    },

    async runTests() {
      const tests = sandbox(true);
      const listed = await tests.listTests();
      if ("failure" in listed) {
        const { error } = listed.failure;
        throw new PluginLoadError({ code: error.code, messageKey: error.messageKey, params: error.params, message: error.message });
      }
      const config: PreludeTestConfig = {
        hooks: Object.fromEntries(manifest.hooks.map((h) => [h.name, { kind: h.kind, context: defaultHookContext(manifest, h, now) }])),
      };
      const results: TestCaseResult[] = [];
      for (const [index, name] of listed.names.entries()) {
        const logs = new LogSink(MAX_LOG_LINES);
        // Each test gets the sandbox from the pool again: a test that hit a limit leaves a rebuilt one behind.
        const ran = await sandbox(true).runTest(index, config, nowMillis, logs);
        const cpuMicros = Math.round(ran.cpuMicros);
        if ("failure" in ran) {
          const { error } = ran.failure;
          results.push({ name, passed: false, error: { code: error.code, messageKey: error.messageKey, params: { ...error.params, hook: name }, message: error.message }, cpuMicros, logs: logs.lines });
        } else if (ran.answer.s === "passed") {
          results.push({ name, passed: true, cpuMicros, logs: logs.lines });
        } else {
          results.push({ name, passed: false, error: failureOf(ran.answer), cpuMicros, logs: logs.lines });
        }
      }
      return results;
    },

    dispose() {
      host.dispose();
    },
  };
}
