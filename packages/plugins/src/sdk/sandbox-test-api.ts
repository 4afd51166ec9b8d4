/**
 * The test API plugin tests use inside the sandbox (`qudao-plugin test`, the review checks): a small
 * `expect` and `invoke`, which runs one of the plugin's hooks through the sandbox's prelude with
 * fixture records behind `records.get` / `records.query`. Bundled into the plugin's tests, so: no
 * Node, no zod, nothing but plain JavaScript.
 */
import type { CommissionContext, EventContext, HookActor, RecordData, ReportContext, ValidateContext } from "./hooks.ts";

/** A failed expectation. The harness reports its matcher and both values (JSON, shortened). */
export class ExpectationError extends Error {
  readonly matcher: string;
  readonly expected: string;
  readonly received: string;
  readonly negated: boolean;

  constructor(matcher: string, expected: string, received: string, negated: boolean) {
    super(`expect(received)${negated ? ".not" : ""}.${matcher}(expected)`);
    this.name = "ExpectationError";
    this.matcher = matcher;
    this.expected = expected;
    this.received = received;
    this.negated = negated;
  }
}

const SHOWN_CHARS = 300;

function show(value: unknown): string {
  let text: string;
  if (value === undefined) text = "undefined";
  else if (typeof value === "function") text = "[Function]";
  else if (typeof value === "number" || typeof value === "bigint" || typeof value === "symbol") text = String(value);
  else {
    const seen: unknown[] = [];
    try {
      text =
        JSON.stringify(value, (_key, v: unknown) => {
          if (v !== null && typeof v === "object") {
            if (seen.includes(v)) return "[Circular]";
            seen.push(v);
          }
          return v === undefined ? "undefined" : v;
        }) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object";
}

/** Deep equality as toEqual means it: properties whose value is undefined count as absent. */
function equal(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (!isObject(a) || !isObject(b)) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => equal(item, b[i]));
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
  const aKeys = keys(a);
  const bKeys = keys(b);
  return aKeys.length === bKeys.length && aKeys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && equal(a[k], b[k]));
}

/** `received` has at least `subset`'s properties, recursively; arrays match element by element. */
function matches(received: unknown, subset: unknown): boolean {
  if (Array.isArray(subset)) return Array.isArray(received) && received.length === subset.length && subset.every((item, i) => matches(received[i], item));
  if (isObject(subset)) return isObject(received) && !Array.isArray(received) && Object.keys(subset).every((k) => matches(received[k], subset[k]));
  return Object.is(received, subset);
}

export type Matchers = {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toBeNull(): void;
  toBeTruthy(): void;
  toBeFalsy(): void;
  toHaveLength(length: number): void;
  toContain(item: unknown): void;
  toMatchObject(subset: Record<string, unknown> | unknown[]): void;
};

function matchers(received: unknown, negated: boolean): Matchers {
  const check = (matcher: string, pass: boolean, expected: string) => {
    if (pass === negated) throw new ExpectationError(matcher, expected, show(received), negated);
  };
  return {
    toBe: (expected) => check("toBe", Object.is(received, expected), show(expected)),
    toEqual: (expected) => check("toEqual", equal(received, expected), show(expected)),
    toBeNull: () => check("toBeNull", received === null, "null"),
    toBeTruthy: () => check("toBeTruthy", Boolean(received), "truthy"),
    toBeFalsy: () => check("toBeFalsy", !received, "falsy"),
    toHaveLength: (length) => {
      const actual = isObject(received) || typeof received === "string" ? (received as { length?: unknown }).length : undefined;
      check("toHaveLength", actual === length, `length ${length}`);
    },
    toContain: (item) => {
      const pass = typeof received === "string" ? typeof item === "string" && received.includes(item) : Array.isArray(received) && received.some((x) => Object.is(x, item));
      check("toContain", pass, show(item));
    },
    toMatchObject: (subset) => check("toMatchObject", matches(received, subset), show(subset)),
  };
}

export function expect(received: unknown): Matchers & { not: Matchers } {
  return { ...matchers(received, false), not: matchers(received, true) };
}

/** A hook context with every part optional: the harness fills the rest from the manifest's declaration. */
export type TestContext = Partial<Omit<ValidateContext, "actor" | "records">> &
  Partial<Omit<EventContext, "records" | "actor" | "event">> &
  Partial<Omit<ReportContext, "records" | "actor">> &
  Partial<Omit<CommissionContext, "records" | "actor">> & {
    actor?: Partial<HookActor>;
    event?: Partial<EventContext["event"]>;
  };

export type TestInvokeOptions = {
  /** Served to `records.get` / `records.query` (hooks of every kind); equality on fields and `offset` paging for query. */
  records?: RecordData[];
};

type TestHost = { invoke(hookName: string, context: TestContext, options: TestInvokeOptions): unknown };

/**
 * Run the plugin's hook `hookName` with `context` merged over defaults (the manifest's object and
 * first event, no partner, empty settings, the harness's fixed time). Returns what the hook returned;
 * nothing becomes `[]` (`{}` for compute hooks, `{ rows: [] }` for report hooks).
 */
export function invoke<T = unknown>(hookName: string, context: TestContext = {}, options: TestInvokeOptions = {}): T {
  const host = (globalThis as unknown as { __qudaoTestHost?: TestHost }).__qudaoTestHost;
  if (!host) {
    const error = new Error("outside_sandbox") as Error & { code: string; hook: string };
    error.name = "QudaoTestError";
    error.code = "outside_sandbox";
    error.hook = hookName;
    throw error;
  }
  return host.invoke(hookName, context, options) as T;
}
